"""Measuring one command for bench/speed.py: wall seconds and peak memory, the analyzers run
alone with the same settings aigate gives them, and the state of one benchmark run."""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import speedrepo as sr

from gate.analyzers.base import tool_env
from gate.analyzers.pylint import RCFILE, RULES
from gate.analyzers.semgrep import bundled_rules_dir, load_rules, rule_files

TIMEOUT = 1800.0
"""Seconds any one measured command may take."""


@dataclass(frozen=True)
class Sample:
    """One run of one command."""

    seconds: float
    """Wall-clock seconds."""
    max_rss_mib: float
    """Largest resident set of the command or any descendant it waited for (getrusage)."""
    returncode: int
    """Exit status."""
    stdout: str
    """What it printed."""


def run(argv: Sequence[str], cwd: Path, env: dict[str, str] | None = None) -> Sample:
    """Run ``argv`` once; peak memory from wait4's rusage of that child (descendants included)."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(  # noqa: S603 - argv list, no shell
            list(argv), cwd=cwd, env=env, stdout=out, stderr=err, stdin=subprocess.DEVNULL
        )
        _pid, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        text = out.read().decode("utf-8", errors="replace")
        if proc.returncode not in (0, 1):
            tail = err.read().decode("utf-8", errors="replace").strip().splitlines()[-3:]
            print(f"  ! {' '.join(argv[:4])}... exited {proc.returncode}: {tail}", file=sys.stderr)
    return Sample(seconds, usage.ru_maxrss / 1024, proc.returncode, text)


def median(samples: Sequence[Sample]) -> float:
    """Median wall seconds."""
    return statistics.median(s.seconds for s in samples)


def repeat(times: int, once: Callable[[], Sample]) -> list[Sample]:
    """``once`` called ``times`` times."""
    return [once() for _ in range(times)]


class Tools:
    """bandit, semgrep (our rules merged into one file) and pylint run directly, as aigate
    configures them, on files of an exported tree."""

    def __init__(self, scratch: Path) -> None:
        self.scratch = scratch
        self.env = tool_env(scratch)
        rules = load_rules(rule_files(bundled_rules_dir()))
        # one merged file, as JSON: what aigate gives semgrep, its fastest config to parse
        self.rules = scratch / "rules.json"
        self.rules.write_text(json.dumps({"rules": list(rules.rules)}, default=str), "utf-8")
        self.rule_count = len(rules.rules)
        self.trivial = scratch / "one-rule.yaml"
        self.trivial.write_text(
            "rules:\n- id: trivial\n  languages: [python]\n  severity: INFO\n"
            "  message: x\n  pattern: eval(...)\n",
            encoding="utf-8",
        )
        self.enabled = ",".join(r.symbol for r in RULES.values())

    def exe(self, name: str) -> str:
        """The tool beside this Python (the venv aigate runs in)."""
        return str(Path(sys.executable).parent / name)

    def bandit(self) -> list[str]:
        """bandit's argv as the adapter builds it."""
        return [self.exe("bandit"), "--format=json", "--quiet", "--exclude=", "--ignore-nosec"]

    def semgrep(self, config: Path, *extra: str) -> list[str]:
        """semgrep's argv as the adapter builds it, with ``config``."""
        return [
            self.exe("semgrep"),
            "scan",
            f"--config={config}",
            "--json",
            "--metrics=off",
            "--disable-version-check",
            "--no-git-ignore",
            "--timeout=30",
            *extra,
        ]

    def pylint(self, jobs: int = 1, enable: str | None = None) -> list[str]:
        """pylint's argv as the adapter builds it."""
        return [
            self.exe("pylint"),
            f"--rcfile={RCFILE}",
            "--output-format=json2",
            "--persistent=n",
            "--score=n",
            "--reports=n",
            f"--jobs={jobs}",
            "--disable=all",
            f"--enable={self.enabled if enable is None else enable}",
        ]

    def alone(self, name: str, cwd: Path, files: Sequence[str]) -> Sample:
        """One analyzer over ``files`` (relative to ``cwd``)."""
        head = {
            "bandit": self.bandit(),
            "semgrep": self.semgrep(self.rules),
            "pylint": self.pylint(),
        }[name]
        return run([*head, "--", *(f"./{f}" for f in files)], cwd, self.env)


ANALYZERS = ("bandit", "semgrep", "pylint")
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
"""aigate runs as installed: with its bytecode cached (an installed wheel has it)."""


@dataclass
class Bench:
    """State of one benchmark run."""

    tmp: Path
    runs: int
    repo: Path
    tools: Tools
    sizes: tuple[int, ...]
    rows: list[tuple[str, float, str]] = field(default_factory=list)
    figures: dict[str, float] = field(default_factory=dict)
    cache: bool = False

    def row(self, label: str, seconds: float, note: str = "") -> None:
        """Record and print one line as soon as it is measured."""
        self.rows.append((label, seconds, note))
        self.figures[label] = seconds
        print(f"  {label:<46} {seconds:8.2f} s  {note}", flush=True)

    def aigate(self, repo: Path, *args: str, cache_dir: Path | None = None) -> Sample:
        """One aigate scan with a JSON report in tmp; no cache unless ``cache_dir``."""
        report = self.tmp / "report.json"
        flags: list[str] = []
        if self.cache:
            flags = ["--cache-dir", str(cache_dir)] if cache_dir else ["--no-cache"]
        argv = [sys.executable, "-m", "gate", "scan", "--repo", str(repo), *args]
        sample = run([*argv, "--format", "json", "--output", str(report), *flags], repo, ENV)
        if sample.returncode not in (0, 1):
            raise SystemExit(f"aigate {' '.join(args)} exited {sample.returncode}")
        return Sample(sample.seconds, sample.max_rss_mib, sample.returncode, report.read_text())

    def fresh_cache(self) -> Path:
        """An empty cache directory."""
        return Path(tempfile.mkdtemp(prefix="cache-", dir=self.tmp))


def export(repo: Path, rev: str, into: Path) -> Path:
    """The tree of ``rev`` as plain files (what the analyzers alone scan)."""
    shutil.rmtree(into, ignore_errors=True)
    into.mkdir(parents=True)
    sr.git(repo, "worktree", "add", "-q", "--detach", str(into), rev)
    return into

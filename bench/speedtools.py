"""Measuring one command for bench/speed.py: wall seconds and peak memory, and the analyzers
run alone with the same settings aigate gives them."""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

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

"""`aigate doctor`: can this installation scan? git, each analyzer, Python's syntax, temp dirs."""

from __future__ import annotations

import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from gate.analyzers import ANALYZERS, run_analyzers
from gate.analyzers.base import find_executable, run_tool, tool_env
from gate.analyzers.cause import failure_hint, last_line
from gate.cache import default_directory
from gate.model import AnalyzerSettings, RunStatus

PROBE = "import subprocess\n\n\ndef run(cmd):\n    return subprocess.call(cmd, shell=True)\n"
"""The tiny real scan: a file every analyzer can parse and bandit flags (B602)."""
_VERSION_TIMEOUT = 60.0
"""Seconds allowed for ``<tool> --version`` (semgrep starts slowly on a loaded machine)."""


@dataclass(frozen=True)
class Check:
    """One line of the doctor's table."""

    name: str
    """What was checked (``git``, ``semgrep``, ``python``...)."""
    ok: bool
    """False when a scan would fail or judge less than it should."""
    detail: str
    """Path and version when fine; the cause and one hint when not."""


def run_checks(scratch: Path) -> tuple[Check, ...]:
    """Every check, in table order; ``scratch`` is an empty temp dir for the probe scan."""
    return (
        _python(),
        _executable("git", ("--version",)),
        *_analyzers(scratch),
        *(_writable(name, path) for name, path in _directories()),
    )


def _python() -> Check:
    major, minor = sys.version_info[:2]
    newer = "" if (major, minor) >= (3, 12) else "; 3.12 syntax (PEP 701 f-strings) is an ERROR"
    return Check(
        "python",
        (major, minor) >= (3, 10),
        f"{sys.executable} {major}.{minor}: bandit parses syntax up to {major}.{minor}{newer}",
    )


def _executable(name: str, argv: tuple[str, ...]) -> Check:
    path = find_executable(name)
    if path is None:
        return Check(name, False, f"{name} not found on PATH or beside {sys.executable}")
    with tempfile.TemporaryDirectory(prefix="aigate-doctor-") as tmp:
        try:
            result = run_tool(
                (path, *argv), cwd=Path(tmp), timeout=_VERSION_TIMEOUT, env=tool_env(Path(tmp))
            )
        except OSError as exc:
            return Check(name, False, f"{path}: cannot start: {exc}")
    first = result.stdout.strip().splitlines()[:1]
    if result.timed_out or result.returncode != 0 or not first:
        why = "timed out" if result.timed_out else f"exited {result.returncode}"
        cause = last_line(result.stderr)
        return Check(
            name, False, f"{path} {' '.join(argv)} {why}: {cause}; hint: {failure_hint(cause)}"
        )
    return Check(name, True, f"{path} {first[0].strip()}")


def _analyzers(scratch: Path) -> list[Check]:
    checks = [_executable(name, ("--version",)) for name in ANALYZERS]
    workspace = scratch / "ws"
    workspace.mkdir(parents=True)
    (workspace / "probe.py").write_text(PROBE, encoding="utf-8")
    settings = dict.fromkeys(ANALYZERS, AnalyzerSettings(timeout=300.0))
    runs = run_analyzers(workspace, ("probe.py",), settings, scratch / "runs")
    for run in runs:
        ok = run.status is RunStatus.OK
        detail = (
            f"scanned a 5-line file: {len(run.findings)} finding(s) in {run.duration:.1f} s"
            if ok
            else f"{run.status.value}: " + "; ".join(run.errors)
        )
        checks.append(Check(f"{run.analyzer} scan", ok, detail))
    return checks


def _directories() -> list[tuple[str, Path]]:
    return [("temp dir", Path(tempfile.gettempdir())), ("cache dir", default_directory().parent)]


def _writable(name: str, path: Path) -> Check:
    try:
        path.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path, prefix="aigate-doctor-"):
            pass
    except OSError as exc:
        return Check(name, False, f"{path}: not writable ({exc}); set TMPDIR/XDG_CACHE_HOME")
    return Check(name, True, f"{path} writable")


def render(checks: tuple[Check, ...]) -> str:
    """The table: one row per check, then a summary line."""
    width = max(len(c.name) for c in checks)
    rows = [f"{c.name:<{width}}  {'ok ' if c.ok else 'BAD'}  {c.detail}" for c in checks]
    bad = [c.name for c in checks if not c.ok]
    rows.append(
        f"doctor: {len(bad)} problem(s): {', '.join(bad)}" if bad else "doctor: everything works"
    )
    return "\n".join(rows) + "\n"

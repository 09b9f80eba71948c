"""`aigate doctor` on this installation, and on one whose semgrep is broken as 1.121 breaks."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

from gate.analyzers import ANALYZERS

PKG_RESOURCES_CRASH = """\
Traceback (most recent call last):
  File "/venv/bin/semgrep", line 5, in <module>
    from semgrep.console_scripts.entrypoint import main
  File "/venv/lib/python3.13/site-packages/opentelemetry/instrumentation/dependencies.py", line 4
    from pkg_resources import (
ModuleNotFoundError: No module named 'pkg_resources'
"""
"""What semgrep 1.121 prints on every call when setuptools >= 82 is installed beside it."""


def doctor(env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        (sys.executable, "-c", "from gate.cli import run_main; run_main()", "doctor"),
        env=env, cwd=cwd, capture_output=True, text=True, timeout=900, check=False,
    )  # fmt: skip


def test_doctor_on_this_installation_says_everything_works(tmp_path: Path) -> None:
    result = doctor(dict(os.environ), tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    rows = [line.split("  ", 1)[0] for line in result.stdout.splitlines()[:-1]]
    expected = ["python", "git", *ANALYZERS, *(f"{n} scan" for n in ANALYZERS)]
    assert rows == [*expected, "temp dir", "cache dir"], result.stdout
    assert all("BAD" not in line for line in result.stdout.splitlines())
    scans = [line for line in result.stdout.splitlines() if " scan " in line]
    assert all("scanned a 5-line file" in line for line in scans), scans
    assert "bandit scan" in result.stdout and "2 finding(s)" in scans[0]  # the probe is real
    assert result.stdout.splitlines()[-1] == "doctor: everything works"


def test_doctor_names_the_missing_module_of_a_broken_semgrep(tmp_path: Path) -> None:
    bindir = tmp_path / "bin"
    bindir.mkdir()
    fake = bindir / "semgrep"
    crash = tmp_path / "crash.txt"
    crash.write_text(PKG_RESOURCES_CRASH, encoding="utf-8")
    fake.write_text(f'#!/bin/sh\ncat "{crash}" >&2\nexit 1\n', encoding="utf-8")
    fake.chmod(fake.stat().st_mode | stat.S_IXUSR)
    env = {**os.environ, "PATH": f"{bindir}{os.pathsep}{os.environ['PATH']}"}
    result = doctor(env, tmp_path)
    assert result.returncode == 2, result.stdout + result.stderr
    bad = [line for line in result.stdout.splitlines() if line.startswith("semgrep")]
    assert len(bad) == 2 and all(" BAD " in line for line in bad), result.stdout
    assert "ModuleNotFoundError: No module named 'pkg_resources'" in bad[0]
    assert str(fake) in bad[0] and "setuptools" in bad[0]  # the hint
    # a scan runs the engine of that installation, which this broken one does not have
    assert f"semgrep-core was not found beside {fake}" in bad[1]
    assert result.stdout.splitlines()[-1] == "doctor: 2 problem(s): semgrep, semgrep scan"

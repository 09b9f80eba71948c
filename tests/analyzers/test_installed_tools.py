"""Each analyzer executable of the installed environment starts: a broken tool fails here, once.

A tool whose own dependencies are broken (semgrep 1.121 without ``pkg_resources``) makes every
scan ERROR; these tests name the tool and show its stderr instead of 50 unrelated failures.
"""

from __future__ import annotations

import re
import subprocess
from importlib.metadata import requires
from pathlib import Path

import pytest
from packaging.requirements import Requirement

from gate.analyzers.base import find_executable, tool_env

VERSION = re.compile(r"\d+\.\d+(\.\d+)?")


@pytest.mark.parametrize("executable", ["bandit", "semgrep", "pylint"])
def test_analyzer_executable_runs_and_prints_its_version(executable: str, tmp_path: Path) -> None:
    path = find_executable(executable)
    assert path is not None, f"{executable} is not installed beside aigate"
    result = subprocess.run(
        (path, "--version"),
        env=tool_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0 and VERSION.search(result.stdout), (
        f"{path} --version exited {result.returncode}; stdout {result.stdout!r}; "
        f"stderr tail: {result.stderr[-2000:]}"
    )


def test_semgrep_is_the_pinned_release(tmp_path: Path) -> None:
    """The semgrep version changes what our rules find: tests and users run the pinned one."""
    pins = [Requirement(r) for r in requires("aigate-scan") or ()]
    (semgrep,) = [r for r in pins if r.name == "semgrep"]
    assert str(semgrep.specifier).startswith("=="), f"semgrep is not pinned: {semgrep}"
    path = find_executable("semgrep")
    assert path is not None
    result = subprocess.run(
        (path, "--version"), env=tool_env(tmp_path), capture_output=True, text=True, timeout=120
    )
    assert result.stdout.strip() == str(semgrep.specifier)[2:], result.stderr[-2000:]

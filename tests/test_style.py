"""Typing and lint are gates (STYLE.md): mypy and ruff over the package and the tests."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _tool(name: str) -> str:
    found = shutil.which(name) or str(Path(sys.executable).parent / name)
    if not Path(found).exists():
        pytest.fail(f"{name} is not installed: it is part of the [test] extra")
    return found


@pytest.mark.parametrize(
    "argv",
    [
        ("ruff", "check", "gate", "tests", "bench", "action"),
        ("ruff", "format", "--check", "gate", "tests", "bench", "action"),
        ("mypy", "gate"),
    ],
    ids=["ruff-check", "ruff-format", "mypy"],
)
def test_style_gate(argv: tuple[str, ...]) -> None:
    proc = subprocess.run(
        (_tool(argv[0]), *argv[1:]),
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr

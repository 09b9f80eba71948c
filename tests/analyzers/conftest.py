"""Fixtures for the analyzer tests: fake tools on PATH."""

from __future__ import annotations

import os
import stat
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

FakeTool = Callable[[str, str], Path]


@pytest.fixture
def fake_tool(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> FakeTool:
    """Install a fake executable ``name`` (a sh script body) first on PATH; a fake
    ``semgrep`` comes with a fake ``semgrep-core`` beside it, which is what aigate runs."""
    bindir = tmp_path / "fakebin"
    bindir.mkdir()
    monkeypatch.setenv("PATH", str(bindir) + os.pathsep + os.environ.get("PATH", ""))

    def install(name: str, body: str) -> Path:
        script = bindir / name
        script.write_text(
            "#!/bin/sh\n"
            'if [ "$1" = "--version" ]; then echo "'
            + name
            + ' 0.0-fake"; exit 0; fi\n'
            + textwrap.dedent(body),
            encoding="utf-8",
        )
        script.chmod(script.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
        if name == "semgrep":  # aigate runs the engine beside it: the same fake behaviour
            install("semgrep-core", body)
        return script

    return install

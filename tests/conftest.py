"""Shared fixtures: real git repositories in temp dirs."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from gitrepo import GitRepo  # noqa: E402


@pytest.fixture
def repo(tmp_path: Path) -> GitRepo:
    """An empty real git repository on branch main with a pinned human identity."""
    return GitRepo(tmp_path / "repo")


@pytest.fixture(autouse=True)
def _private_result_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test gets its own result cache ($XDG_CACHE_HOME), never the user's."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg-cache"))
    monkeypatch.delenv("AIGATE_CACHE_DIR", raising=False)

"""A real git repository in a temp dir for tests: pinned identities, dates and config."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Mapping
from pathlib import Path

HUMAN = ("Hannah Human", "hannah@example.com")
"""The default author and committer of test commits."""


def git_env(home: Path) -> dict[str, str]:
    """An environment that keeps the user's git config and hooks out of tests."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GIT_", "AIGATE_"))}
    env.update(
        HOME=str(home),
        GIT_CONFIG_NOSYSTEM="1",
        GIT_CONFIG_GLOBAL=str(home / "gitconfig"),
        GIT_TERMINAL_PROMPT="0",
    )
    return env


class GitRepo:
    """A real repository built commit by commit; every call runs real git."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.home = root.parent / (root.name + "-home")
        self.home.mkdir(parents=True, exist_ok=True)
        root.mkdir(parents=True, exist_ok=True)
        self.env = git_env(self.home)
        self._tick = 0
        self.git("init", "-q", "-b", "main")
        self.git("config", "user.name", HUMAN[0])
        self.git("config", "user.email", HUMAN[1])
        self.git("config", "commit.gpgsign", "false")

    def git(self, *args: str, env: Mapping[str, str] | None = None) -> str:
        """Run git in the repo and return its stdout (raises on failure)."""
        proc = subprocess.run(
            ("git", *args),
            cwd=self.root,
            env={**self.env, **(env or {})},
            capture_output=True,
            text=True,
            check=False,
        )
        if proc.returncode != 0:
            raise AssertionError(f"git {' '.join(args)} failed: {proc.stderr}")
        return proc.stdout

    def write(self, path: str, text: str | bytes) -> Path:
        """Write a file in the work tree (parents created)."""
        target = self.root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            target.write_bytes(text)
        else:
            target.write_text(text, encoding="utf-8")
        return target

    def add(self, *paths: str) -> None:
        """Stage paths (all changes when none given)."""
        self.git("add", "-A", *(("--", *paths) if paths else ()))

    def commit(
        self,
        message: str,
        *,
        files: Mapping[str, str | bytes] | None = None,
        author: tuple[str, str] = HUMAN,
        committer: tuple[str, str] | None = None,
    ) -> str:
        """Write ``files``, stage everything and commit; returns the full sha."""
        for path, text in (files or {}).items():
            self.write(path, text)
        self.add()
        self._tick += 1
        date = f"2026-01-01T00:{self._tick // 60:02d}:{self._tick % 60:02d}Z"
        who = committer or author
        env = {
            "GIT_AUTHOR_NAME": author[0],
            "GIT_AUTHOR_EMAIL": author[1],
            "GIT_COMMITTER_NAME": who[0],
            "GIT_COMMITTER_EMAIL": who[1],
            "GIT_AUTHOR_DATE": date,
            "GIT_COMMITTER_DATE": date,
        }
        self.git("commit", "-q", "--allow-empty", "-m", message, env=env)
        return self.head()

    def head(self) -> str:
        """The full sha of HEAD."""
        return self.git("rev-parse", "HEAD").strip()

    def checkout(self, *args: str) -> None:
        """git checkout with the given arguments (e.g. "-b", "feature")."""
        self.git("checkout", "-q", *args)

    def merge(self, ref: str, message: str | None = None) -> str:
        """Merge ``ref`` into the current branch with a merge commit; returns HEAD."""
        self._tick += 1
        date = f"2026-01-01T01:{self._tick // 60:02d}:{self._tick % 60:02d}Z"
        env = {"GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date}
        self.git("merge", "-q", "--no-ff", "-m", message or f"Merge {ref}", ref, env=env)
        return self.head()

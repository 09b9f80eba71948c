"""Whole-run memo: a scan of exactly what was scanned before replays that scan's reports.

"Nothing changed since the last run" is common (a re-run of CI, a pre-commit hook run twice on
the same index). When every input of a scan is the same as one stored in the result cache,
its reports are written again without starting git's snapshot, the analyzers or the policy.

The key holds every input that can change a report: aigate's code and rules, each analyzer's
installation, the scan's commits (range: base and head; staged: HEAD and every index entry's
blob; audit: HEAD), every command-line setting but the output paths, the bytes of an explicit
config or baseline file, the ``AIGATE_*`` and ``GIT_*`` environment and the repository's
path. Work-tree
scans (their content is not in git) are never memoised, nor is a run whose verdict was error,
nor a run whose result cache was elsewhere or off. Git is asked with plain argv; a ref never
becomes an option (``--end-of-options``).
"""

from __future__ import annotations

import json
import os
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from gate.cache import ResultCache, default_directory
from gate.cachekey import code_identity, digest, tool_identity
from gate.model import ScanMode, ScanRequest

KIND = "run"
"""The cache's folder for memoised runs."""
TOOLS = ("bandit", "semgrep", "pylint", "mypy")
"""Every analyzer's executable: a disabled one costs a stat, and config is in the commits."""
NOTICE = (
    "nothing changed since an identical scan (same commits, settings, tools and aigate): its "
    "reports are written again; --no-cache scans anew"
)


@dataclass(frozen=True)
class Replay:
    """What a memoised run wrote: its exit code, each output by where it went, stderr lines."""

    exit_code: int
    stdout: str | None
    """The report printed on stdout (None: it went to --output)."""
    files: dict[str, str]
    """Output role (``output``, ``sarif``, ``markdown``, ``json``) -> its text."""
    errors: tuple[str, ...]
    """The ``aigate: error:`` lines it printed (none for pass or fail, normally)."""


class RunMemo:
    """The memo slot of one scan's inputs in one cache directory."""

    def __init__(self, cache: ResultCache, key: str) -> None:
        self.cache = cache
        self.key = key

    @classmethod
    def open(
        cls,
        request: ScanRequest,
        settings: dict[str, Any],
        cache_dir: str | None,
        no_cache: bool,
    ) -> RunMemo | None:
        """The slot for this scan, or None when it cannot be memoised (no cache, a work-tree
        scan, a ref or a file that cannot be read: the scan itself then says what is wrong)."""
        if no_cache or request.mode in (ScanMode.WORKTREE, ScanMode.PATHS):
            return None
        root = Path(request.repo_root).resolve()
        state = _commits(root, request)
        if state is None:
            return None
        tools = [tool_identity(name) or f"{name}: missing" for name in TOOLS]
        files = [_file_digest(settings.get(k)) for k in ("config_path", "baseline_path")]
        environ = sorted((k, v) for k, v in os.environ.items() if k.startswith(("AIGATE_", "GIT_")))
        key = digest(
            code_identity(),
            *tools,
            *state,
            *files,
            json.dumps(settings, sort_keys=True, default=str),
            json.dumps(environ),
            str(root),
        )
        where = Path(cache_dir) if cache_dir else default_directory()
        return cls(ResultCache(where), key)

    @property
    def directory(self) -> Path:
        """The cache directory this slot lives in."""
        return self.cache.directory

    def load(self) -> Replay | None:
        """The stored run, or None."""
        return self.cache.load(KIND, self.key, _replay)

    def store(self, replay: Replay) -> None:
        """Keep this run's outputs (atomically; a failed write only means a later miss)."""
        self.cache.store(
            KIND,
            self.key,
            {
                "exit_code": replay.exit_code,
                "stdout": replay.stdout,
                "files": replay.files,
                "errors": list(replay.errors),
            },
        )


def _replay(body: dict[str, Any]) -> Replay:
    files = body["files"]
    if not isinstance(files, dict) or not all(isinstance(v, str) for v in files.values()):
        raise ValueError("files")
    stdout = body["stdout"]
    if stdout is not None and not isinstance(stdout, str):
        raise ValueError("stdout")
    code = body["exit_code"]
    if code not in (0, 1):  # an error is never stored
        raise ValueError("exit_code")
    return Replay(code, stdout, dict(files), tuple(str(e) for e in body["errors"]))


def _git(root: Path, *args: str) -> str | None:
    try:
        proc = subprocess.run(  # noqa: S603 - argv, no shell; refs follow --end-of-options
            ["git", "-C", str(root), *args],  # noqa: S607 - git from PATH, as the scan uses
            capture_output=True,
            check=False,
            timeout=60,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    if proc.returncode != 0:
        return None
    return proc.stdout.decode("utf-8", "surrogateescape")


def _commit(root: Path, ref: str) -> str | None:
    out = _git(root, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{ref}^{{commit}}")
    return out.strip() if out else None


def _commits(root: Path, request: ScanRequest) -> tuple[str, ...] | None:
    """What the scan reads from git, as object ids; None when a ref does not resolve."""
    head = _commit(root, request.head or "HEAD")
    if head is None:
        return None
    if request.mode is ScanMode.RANGE:
        base = _commit(root, request.base or "")
        return None if base is None else ("range", base, head)
    if request.mode is ScanMode.STAGED:
        index = _git(root, "ls-files", "--stage", "-z")
        return None if index is None else ("staged", head, digest(index))
    return ("all", head)


def _file_digest(path: object) -> str:
    """An explicit config or baseline file's bytes (as named, relative to the working dir)."""
    if not path:
        return "-"
    try:
        return digest(str(path), Path(str(path)).read_bytes())
    except OSError:
        return digest(str(path), "unreadable")

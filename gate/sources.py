"""Where a scan reads files from: the trusted revision for gate files (config, baseline, rules)
and the scanned side for the project (head in range mode, the index, or the disk)."""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import git

from gate.checks import ProjectView
from gate.collect import git as g
from gate.collect.changeset import Revisions
from gate.model import ScanMode, ScanRequest

Reader = Callable[[str], "bytes | None"]


def trusted_reader(
    repo: git.Repo, request: ScanRequest, revs: Revisions
) -> tuple[Reader, str | None]:
    """Where gate files (config, baseline, rules) come from: the base revision in range mode."""
    root = g.work_tree(repo)
    if request.mode is ScanMode.STAGED:
        # what is about to be committed is judged by the config about to be committed: an
        # unstaged edit of .aigate.toml must not switch the pre-commit gate off

        def read_index(path: str) -> bytes | None:
            if Path(path).is_absolute():
                return _read_file(Path(path))
            blob = g.index_blob(repo, Path(path).as_posix())
            return None if blob is None else g.read_blob(repo, blob)

        return read_index, g.INDEX
    if request.mode is ScanMode.RANGE:
        base = revs.base
        assert base is not None

        def read_base(path: str) -> bytes | None:
            if Path(path).is_absolute():
                return _read_file(Path(path))
            return g.read_at(repo, base, Path(path).as_posix())

        return read_base, base

    def read_disk(path: str) -> bytes | None:
        return _read_file(Path(path) if Path(path).is_absolute() else root / path)

    return read_disk, None


def _read_file(path: Path) -> bytes | None:
    try:
        return path.read_bytes() if path.is_file() else None
    except OSError:
        return None


def read_once(project: ProjectView) -> ProjectView:
    """The view with each file read at most once per scan: the workspace, our checks and the
    test-code lookup (gate/testcode.py) all read the project's files."""
    return replace(project, read=functools.cache(project.read))


def project_view(repo: git.Repo, request: ScanRequest, revs: Revisions) -> ProjectView:
    """The repository as the scanned side has it: head in range mode, the index, or the disk."""
    root = g.work_tree(repo)
    if request.mode is ScanMode.RANGE or request.mode is ScanMode.ALL:
        rev = revs.head if request.mode is ScanMode.RANGE else revs.base
        assert rev is not None
        listed = dict(g.list_files(repo, rev))  # blob ids: no tree walk per file read

        def read_rev(path: str) -> bytes | None:
            blob = listed.get(path)
            return g.read_at(repo, rev, path) if blob is None else g.read_blob(repo, blob)

        return ProjectView(tuple(listed), read_rev)
    if request.mode is ScanMode.STAGED:
        entries = repo.index.entries  # read the index once: each repo.index parses it anew
        staged = tuple(sorted(str(path) for path, _stage in entries))
        blobs = {str(path): e.hexsha for (path, stage), e in entries.items() if stage == 0}

        def read_index(path: str) -> bytes | None:
            blob = blobs.get(path)
            return None if blob is None else g.read_blob(repo, blob)

        return ProjectView(staged, read_index)
    listed = repo.git.ls_files("-z", "--cached", "--others", "--exclude-standard")
    on_disk = tuple(sorted(p for p in listed.split("\0") if p))
    return ProjectView(on_disk, lambda path: _read_file(root / path) if path in on_disk else None)

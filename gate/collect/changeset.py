"""ScanRequest -> ChangeSet: which files changed, which lines, their content at the scanned side."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import git
import pathspec

from gate.collect import git as g
from gate.errors import GateError, GitError
from gate.model import ChangedFile, ChangeSet, FileStatus, ScanMode, ScanRequest, SkippedFile

PYTHON_SUFFIXES = (".py", ".pyi")
"""Files the Python analyzers scan."""
_SNIFF = 8192


@dataclass(frozen=True)
class CollectOptions:
    """What the collector needs from config."""

    exclude: tuple[str, ...] = ()
    """Gitignore-style patterns of paths not to scan."""
    max_file_size: int = 1_000_000
    """Larger files are skipped with a notice."""


@dataclass(frozen=True)
class Revisions:
    """The commits a scan is about, resolved once."""

    base: str | None
    """RANGE: the target's tip as given; other modes: HEAD (None in an empty repository)."""
    merge_base: str | None
    """RANGE: merge-base(base, head); the old side of the diff."""
    head: str | None
    """RANGE: the head commit."""


def is_python(path: str) -> bool:
    """True for files the Python analyzers scan."""
    return path.endswith(PYTHON_SUFFIXES)


def resolve_revisions(repo: git.Repo, request: ScanRequest) -> Revisions:
    """Resolve the request's refs to commit ids (GitError names a bad ref)."""
    if request.mode is ScanMode.RANGE:
        if not request.base:
            raise GitError("--base is required for a range scan")
        base = g.resolve(repo, request.base, "base ref")
        head = g.resolve(repo, request.head or "HEAD", "head ref")
        return Revisions(base, g.merge_base(repo, base, head), head)
    if not g.has_head(repo):
        if request.mode is ScanMode.ALL:
            raise GitError("the repository has no commits yet: nothing to audit with --all")
        return Revisions(None, None, None)
    head = g.resolve(repo, "HEAD")
    return Revisions(head, head, None)


def _classify(path: str, content: bytes, options: CollectOptions) -> str | None:
    """Why a file cannot be scanned, or None when it can."""
    if len(content) > options.max_file_size:
        return f"larger than max_file_size ({len(content)} > {options.max_file_size} bytes)"
    if b"\0" in content[:_SNIFF]:
        return "binary file"
    try:
        content.decode("utf-8")
    except UnicodeDecodeError as exc:
        return f"not UTF-8 text (byte {exc.start})"
    return None


def _build(
    entries: Iterable[tuple[g.FileDiff, Callable[[], bytes | None]]],
    options: CollectOptions,
) -> tuple[tuple[ChangedFile, ...], tuple[SkippedFile, ...]]:
    spec = pathspec.GitIgnoreSpec.from_lines(options.exclude)
    files: list[ChangedFile] = []
    skipped: list[SkippedFile] = []
    for diff, read in entries:
        if options.exclude and spec.match_file(diff.path):
            skipped.append(SkippedFile(diff.path, "excluded by config"))
            continue
        content = read()
        if content is None:
            skipped.append(SkippedFile(diff.path, "not a regular file"))
            continue
        reason = _classify(diff.path, content, options)
        if reason is not None:
            skipped.append(SkippedFile(diff.path, reason))
            continue
        if not diff.added_lines:
            continue  # only deletions or a mode change: nothing new to judge
        files.append(
            ChangedFile(
                path=diff.path,
                status=diff.status,
                added_lines=diff.added_lines,
                content=content,
                old_path=diff.old_path,
                blob_id=diff.blob_id,
            )
        )
    files.sort(key=lambda f: f.path)
    skipped.sort(key=lambda s: s.path)
    return tuple(files), tuple(skipped)


def _whole(path: str, blob: str | None, content: bytes) -> g.FileDiff:
    lines = content.count(b"\n") + (0 if content.endswith(b"\n") or not content else 1)
    return g.FileDiff(path, FileStatus.ADDED, frozenset(range(1, lines + 1)), None, blob)


def _read_disk(root: Path, path: str) -> bytes | None:
    target = root / path
    if target.is_symlink() or not target.is_file():
        return None
    return target.read_bytes()


def _repo_relative(root: Path, given: str) -> str:
    """A user-given path as a repo-relative posix path (GateError when outside the repo)."""
    absolute = Path(os.path.abspath(given))
    try:
        rel = absolute.relative_to(root)
    except ValueError:
        try:
            rel = absolute.resolve().relative_to(root.resolve())
        except ValueError:
            raise GateError(f"{given}: outside the repository {root}") from None
    if not (root / rel).exists():
        raise GateError(f"{given}: no such file")
    return rel.as_posix()


def _expand_paths(repo: git.Repo, root: Path, given: tuple[str, ...]) -> list[str]:
    tracked = set(repo.git.ls_files("-z", "--cached", "--others", "--exclude-standard").split("\0"))
    out: list[str] = []
    for item in given:
        rel = _repo_relative(root, item)
        if (root / rel).is_dir():
            prefix = "" if rel == "." else rel + "/"
            out.extend(p for p in sorted(tracked) if p.startswith(prefix) and is_python(p))
        else:
            out.append(rel)
    return sorted(dict.fromkeys(out))


def collect_changes(
    repo: git.Repo, request: ScanRequest, revs: Revisions, options: CollectOptions
) -> ChangeSet:
    """Collect the files and added lines of the requested change."""
    root = g.work_tree(repo)
    mode = request.mode
    old = revs.merge_base or g.EMPTY_TREE
    entries: list[tuple[g.FileDiff, Callable[[], bytes | None]]]
    if mode is ScanMode.RANGE:
        assert revs.head is not None
        diffs = g.diff(repo, old, revs.head)
        entries = [(d, _blob_reader(repo, d.blob_id)) for d in diffs]
    elif mode is ScanMode.STAGED:
        diffs = g.diff(repo, old, g.INDEX)
        entries = [(d, _blob_reader(repo, d.blob_id or g.index_blob(repo, d.path))) for d in diffs]
    elif mode is ScanMode.WORKTREE:
        diffs = g.diff(repo, old, g.WORKTREE)
        known = {d.path for d in diffs}
        entries = [(d, _disk_reader(root, d.path)) for d in diffs]
        for path in g.untracked(repo):
            if path in known:
                continue
            data = _read_disk(root, path)
            if data is not None:
                entries.append((_whole(path, None, data), _const(data)))
    elif mode is ScanMode.PATHS:
        entries = []
        for path in _expand_paths(repo, root, request.paths):
            data = _read_disk(root, path)
            if data is None:
                raise GateError(f"{path}: not a regular file")
            entries.append((_whole(path, None, data), _const(data)))
    elif mode is ScanMode.ALL:
        assert revs.base is not None
        entries = []
        for path, blob in g.list_files(repo, revs.base):
            if is_python(path):
                data = g.read_blob(repo, blob)
                entries.append((_whole(path, blob, data), _const(data)))
    else:  # pragma: no cover - exhaustive
        raise AssertionError(mode)
    files, skipped = _build(entries, options)
    return ChangeSet(
        mode=mode,
        repo_root=root,
        files=files,
        skipped=skipped,
        base_rev=revs.merge_base if mode is ScanMode.RANGE else revs.base,
        head_rev=revs.head,
    )


def _blob_reader(repo: git.Repo, blob_id: str | None) -> Callable[[], bytes | None]:
    return lambda: None if blob_id is None else g.read_blob(repo, blob_id)


def _disk_reader(root: Path, path: str) -> Callable[[], bytes | None]:
    return lambda: _read_disk(root, path)


def _const(data: bytes) -> Callable[[], bytes | None]:
    return lambda: data

"""The one module that touches GitPython: repos, refs, merge-bases, diff hunks and blobs."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import git
from git.exc import BadName, GitCommandError, InvalidGitRepositoryError, NoSuchPathError

from gate.errors import GitError
from gate.model import FileStatus

EMPTY_TREE = "4b825dc642cb6eb9a060e54bf8d69288fbee4904"
"""git's well-known empty tree, the base of a repository's first commit."""

INDEX = "index"
"""Pseudo-revision: the staging area."""
WORKTREE = "worktree"
"""Pseudo-revision: the files on disk."""

_HUNK = re.compile(rb"^@@ -\d+(?:,(\d+))? \+(\d+)(?:,(\d+))? @@", re.MULTILINE)


@dataclass(frozen=True)
class FileDiff:
    """One changed file between two revisions."""

    path: str
    """Repo-relative posix path on the new side."""
    status: FileStatus
    """Added, modified or renamed."""
    added_lines: frozenset[int]
    """New-side line numbers added or modified."""
    old_path: str | None
    """Old path for a rename."""
    blob_id: str | None
    """New-side blob id (None for work-tree content)."""
    deleted_after: frozenset[int] = frozenset()
    """New-side lines after which old lines were removed (0: at the top); see ChangedFile."""


def open_repo(path: Path) -> git.Repo:
    """Open the repository containing ``path`` or raise GitError."""
    try:
        repo = git.Repo(path, search_parent_directories=True)
    except (InvalidGitRepositoryError, NoSuchPathError):
        raise GitError(
            f"not a git repository: {path} (run aigate inside a git work tree, or pass --repo)"
        ) from None
    if repo.bare:
        raise GitError(f"{path} is a bare repository: aigate needs a work tree")
    return repo


def work_tree(repo: git.Repo) -> Path:
    """The top of the work tree."""
    assert repo.working_tree_dir is not None
    return Path(repo.working_tree_dir)


def has_head(repo: git.Repo) -> bool:
    """True when HEAD points at a commit (false in a repository with no commits)."""
    try:
        repo.head.commit  # noqa: B018 - resolving is the check
    except ValueError:
        return False
    return True


def is_shallow(repo: git.Repo) -> bool:
    """True for a shallow clone."""
    return repo.git.rev_parse("--is-shallow-repository").strip() == "true"


def resolve(repo: git.Repo, ref: str, what: str = "ref") -> str:
    """The full commit id of ``ref`` or a GitError that names it."""
    if not ref or ref.startswith("-"):
        raise GitError(f"invalid {what} {ref!r}")
    try:
        return repo.commit(ref).hexsha
    except (BadName, ValueError, GitCommandError):
        hint = " (a shallow clone: fetch the history, e.g. actions/checkout with fetch-depth: 0)"
        raise GitError(
            f"unknown {what} {ref!r}: no such commit in {work_tree(repo)}"
            + (hint if is_shallow(repo) else "; fetch it first (git fetch origin <ref>)")
        ) from None


def merge_base(repo: git.Repo, base: str, head: str) -> str:
    """The merge-base of two commits, or a GitError that says how to get the history."""
    try:
        bases = repo.merge_base(base, head)
    except GitCommandError:
        bases = []
    if not bases:
        shallow = is_shallow(repo)
        raise GitError(
            f"no common history between {base[:12]} and {head[:12]}"
            + (
                ": this is a shallow clone; fetch the full history "
                "(actions/checkout with fetch-depth: 0, or git fetch --unshallow)"
                if shallow
                else ": are they on the same repository?"
            )
        )
    return bases[0].hexsha


def hunk_lines(patch: bytes) -> tuple[frozenset[int], frozenset[int]]:
    """(added lines, deletion anchors) of a ``--unified=0`` patch, both on the new side.

    A hunk ``@@ -a,b +c,d @@`` adds lines c..c+d-1; when it removes old lines (b > 0) they sat
    after new line c (pure deletion, d = 0; git then names the line before the gap) or were
    replaced by c..c+d-1 (the anchor is then the last replacement line).
    """
    lines: set[int] = set()
    anchors: set[int] = set()
    for match in _HUNK.finditer(patch):
        removed = 1 if match.group(1) is None else int(match.group(1))
        start = int(match.group(2))
        count = 1 if match.group(3) is None else int(match.group(3))
        lines.update(range(start, start + count))
        if removed:
            anchors.add(start + count - 1 if count else start)
    return frozenset(lines), frozenset(anchors)


def _to_file_diffs(diffs: git.DiffIndex, new_has_blobs: bool) -> Iterator[FileDiff]:
    for d in diffs:
        if d.deleted_file or d.b_path is None:
            continue
        patch = d.diff if isinstance(d.diff, bytes) else str(d.diff).encode()
        if d.new_file:
            status, old = FileStatus.ADDED, None
        elif d.renamed_file:
            status, old = FileStatus.RENAMED, d.rename_from
        else:
            status, old = FileStatus.MODIFIED, None
        blob = d.b_blob.hexsha if (new_has_blobs and d.b_blob is not None) else None
        added, deleted_after = hunk_lines(patch)
        yield FileDiff(d.b_path, status, added, old, blob, deleted_after)


@dataclass(frozen=True)
class Entry:
    """One path of a change as git lists it (``--raw``), before any content is read."""

    path: str
    """Repo-relative posix path."""
    status: str
    """git's status letter without renames: A, M, D or T (type change)."""
    mode: int
    """New-side git mode (0 for a deletion)."""
    blob_id: str | None
    """New-side blob id; None for work-tree content and deletions."""
    same_content: bool = False
    """True when git knows both sides hold the same blob (a mode-only change)."""


_NULL_ID = "0" * 40
# the repository's own .gitattributes (`-diff`, `binary`, `diff=`) and textconv must never turn
# a change into "Binary files differ": every diff is of the text itself
_DIFF_FLAGS: dict[str, Any] = {
    "no_ext_diff": True,
    "text": True,
    "no_textconv": True,
    "M": True,
    "unified": 0,
}


def entries(repo: git.Repo, old: str, new: str) -> tuple[Entry, ...]:
    """Every path changed from ``old`` to ``new`` with its mode, reading no file content."""
    args = ["--raw", "-z", "--no-renames", "--abbrev=40", "--no-ext-diff", "--no-textconv"]
    if new == INDEX:
        args += ["--cached", old]
    elif new == WORKTREE:
        args += [old]
    else:
        args += [old, new]
    try:
        out = repo.git.diff(*args, "--")
    except GitCommandError as exc:
        raise GitError(f"git diff {old[:12]} {new[:12]} failed: {_stderr(exc)}") from None
    fields = out.split("\0")
    listed = []
    for meta, path in zip(fields[0::2], fields[1::2], strict=False):
        if not meta.startswith(":"):
            continue
        _old_mode, new_mode, old_id, new_id, status = meta[1:].split()
        blob = None if new_id == _NULL_ID else new_id
        listed.append(Entry(path, status[0], int(new_mode, 8), blob, old_id == new_id != _NULL_ID))
    return tuple(sorted(listed, key=lambda e: e.path))


def diff(repo: git.Repo, old: str, new: str, skip: tuple[str, ...] = ()) -> tuple[FileDiff, ...]:
    """Files changed from ``old`` (commit or EMPTY_TREE) to ``new`` (commit, INDEX, WORKTREE).

    ``skip`` names paths whose content git must not read (files aigate does not analyse).
    """
    paths: list[str | os.PathLike[str]] | None = [f":(exclude,literal){p}" for p in skip] or None
    try:
        source = repo.tree(old) if old == EMPTY_TREE else repo.commit(old)
        if new == INDEX:
            # GitPython diffs the index against `source` the other way round; R flips it
            diffs = repo.index.diff(source, paths, R=True, create_patch=True, **_DIFF_FLAGS)
        elif new == WORKTREE:
            diffs = source.diff(None, paths, create_patch=True, **_DIFF_FLAGS)
        else:
            diffs = source.diff(repo.commit(new), paths, create_patch=True, **_DIFF_FLAGS)
    except GitCommandError as exc:
        raise GitError(f"git diff {old[:12]} {new[:12]} failed: {_stderr(exc)}") from None
    return tuple(sorted(_to_file_diffs(diffs, new != WORKTREE), key=lambda f: f.path))


def untracked(repo: git.Repo) -> tuple[str, ...]:
    """Untracked files that git does not ignore."""
    return tuple(sorted(repo.untracked_files))


def read_blob(repo: git.Repo, blob_id: str) -> bytes:
    """The bytes of a blob."""
    return bytes(repo.odb.stream(bytes.fromhex(blob_id)).read())


def read_at(repo: git.Repo, rev: str, path: str) -> bytes | None:
    """The bytes of ``path`` at commit ``rev``, or None when it does not exist there."""
    try:
        blob = repo.commit(rev).tree / path
    except KeyError:
        return None
    if blob.type != "blob":
        return None
    return bytes(blob.data_stream.read())


def index_blob(repo: git.Repo, path: str) -> str | None:
    """The blob id of ``path`` in the index."""
    entry = repo.index.entries.get((path, 0))
    return entry.hexsha if entry is not None else None


def list_files(repo: git.Repo, rev: str) -> tuple[tuple[str, str], ...]:
    """(path, blob id) of every file in commit ``rev``."""
    out = []
    for item in repo.commit(rev).tree.traverse():
        if isinstance(item, git.Blob) and item.mode != 0o120000:
            out.append((str(item.path), item.hexsha))
    return tuple(sorted(out))


def list_entries(repo: git.Repo, rev: str) -> tuple[tuple[str, int, str], ...]:
    """(path, mode, object id) of every file, symlink and gitlink of commit ``rev``."""
    out = repo.git.ls_tree("-r", "-z", "--full-tree", rev)
    listed = []
    for line in out.split("\0"):
        if line:
            meta, path = line.split("\t", 1)
            mode, _type, object_id = meta.split()
            listed.append((path, int(mode, 8), object_id))
    return tuple(sorted(listed))


def changed_paths(repo: git.Repo, old: str, new: str, paths: tuple[str, ...]) -> tuple[str, ...]:
    """Which files matching the pathspecs ``paths`` differ between two commits."""
    if not paths:
        return ()
    out = repo.git.diff("--name-only", "-z", "--no-ext-diff", old, new, "--", *paths)
    return tuple(p for p in out.split("\0") if p)


def unstaged_paths(repo: git.Repo, paths: tuple[str, ...]) -> tuple[str, ...]:
    """Files matching the pathspecs whose work-tree copy differs from the index (or is new)."""
    changed = repo.git.diff("--name-only", "-z", "--no-ext-diff", "--", *paths).split("\0")
    new = repo.git.ls_files("-z", "--others", "--exclude-standard", "--", *paths).split("\0")
    return tuple(sorted({p for p in (*changed, *new) if p}))


def _stderr(exc: GitCommandError) -> str:
    text = exc.stderr if isinstance(exc.stderr, str) else str(exc.stderr)
    return " ".join(text.strip().split()) or str(exc)

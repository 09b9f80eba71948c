"""ScanRequest -> ChangeSet: which files changed, which lines, their content at the scanned side."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import git
import pathspec

from gate.collect import git as g
from gate.collect.side import (
    DIRECTORY,
    EXECUTABLE,
    GITLINK,
    SYMLINK,
    CommitSide,
    DiskSide,
    IndexSide,
    Leaves,
    Side,
    resolve,
)
from gate.collect.source import (
    PYTHON_SUFFIXES,
    HiddenText,
    Kind,
    Source,
    SourceError,
    blocks,
    kind_by_name,
    read_source,
)
from gate.errors import GateError, GitError
from gate.model import ChangedFile, ChangeSet, FileStatus, ScanMode, ScanRequest, SkippedFile


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
    """True for files whose name says they are Python source (.py, .pyi, .pyw, any case)."""
    return path.rstrip(" .").casefold().endswith(PYTHON_SUFFIXES)


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


@dataclass(frozen=True)
class _Item:
    """One path of the change before it is read."""

    path: str
    """Repo-relative posix path at the scanned side."""
    mode: int
    """Its git mode there (symlinks not followed)."""
    status: FileStatus
    """Added, modified or renamed."""
    old_path: str | None = None
    """The path before a rename."""
    added: frozenset[int] | None = None
    """Added line numbers; None when the whole file is new to the gate."""
    blob_id: str | None = None
    """The new-side blob id, where git has one."""
    deleted_after: frozenset[int] = frozenset()
    """New-side lines after which the change removed old lines (see ChangedFile)."""


class _Collector:
    """Reads the items of a change from one side and sorts them into judged and skipped files."""

    def __init__(self, side: Side, options: CollectOptions, python_only: bool = False) -> None:
        self.side = side
        self.options = options
        self.python_only = python_only
        self.spec = pathspec.GitIgnoreSpec.from_lines(options.exclude)
        self.files: dict[str, ChangedFile] = {}
        self.skipped: list[SkippedFile] = []
        self.linked_dirs: set[str] = set()

    def excluded(self, path: str) -> bool:
        return bool(self.options.exclude) and self.spec.match_file(path)

    def skip(self, path: str, reason: str, unjudged: bool = False) -> None:
        self.skipped.append(SkippedFile(path, reason, unjudged))

    def add(self, item: _Item, via_link: bool = False) -> None:
        """Sort one item; ``via_link``: reached through a symlink, so exclusion does not apply."""
        if not via_link and self.excluded(item.path):
            self.skip(item.path, "excluded by config")
            return
        if item.mode == GITLINK:
            at = f" at {item.blob_id[:12]}" if item.blob_id else ""
            self.skip(item.path, f"submodule (gitlink){at}: another repository's code, not scanned")
            return
        runs = kind_by_name(item.path).runs
        if item.mode == SYMLINK:
            try:
                target = resolve(self.side, item.path)
            except Leaves as exc:
                self.skip(item.path, f"symlink not followed: {exc}", unjudged=runs)
                return
            if self.side.mode(target) == DIRECTORY:
                # Python imports the directory's modules under the link's name: they are new
                self.skip(item.path, f"symlink: judged as its target directory {target}")
                if target not in self.linked_dirs:
                    self.linked_dirs.add(target)
                    for path in self.side.files_under(target):
                        mode = self.side.mode(path) or 0
                        if _judged_by_name(path) or mode in (SYMLINK, EXECUTABLE):
                            self.add(_Item(path, mode, FileStatus.ADDED), via_link=True)
                return
            if not _regular(self.side.mode(target)):
                what = "no such file" if self.side.mode(target) is None else "not a regular file"
                self.skip(item.path, f"symlink to {target}: {what}; nothing to judge")
                return
            self.skip(item.path, f"symlink: judged as its target {target} (the whole file)")
            # the link makes the target reachable under a new name: all of it is new, and it is
            # Python when either name says so
            linked = _Item(target, self.side.mode(target) or 0, FileStatus.ADDED)
            self.read(linked, kind_name=item.path if runs else target)
            return
        self.read(item, kind_name=item.path)

    def read(self, item: _Item, kind_name: str) -> None:
        if not _regular(item.mode):
            self.skip(item.path, "not a regular file")
            return
        name_kind = kind_by_name(kind_name)
        executable = item.mode == EXECUTABLE
        if name_kind is Kind.COMPILED:
            self.skip(
                item.path,
                "compiled or native Python: Python runs it, no analyzer can read it",
                unjudged=True,
            )
            return
        if name_kind is Kind.BINARY and not executable:
            self.skip(item.path, "binary format by name: not read")
            return
        data = self.side.read(item.path)
        added = item.added
        if item.old_path is not None and (
            self.excluded(item.old_path) or not kind_by_name(item.old_path).runs
        ):
            added = None  # moved in from where the gate did not judge it: all of it is new
        try:
            source = read_source(kind_name, data, self.options.max_file_size)
        except HiddenText as exc:
            self.skip(item.path, str(exc), unjudged=True)
            source = Source(Kind.PYTHON, data, None)
        except SourceError as exc:
            self.skip(item.path, str(exc), unjudged=blocks(exc))
            return
        if source.python is not None and not _utf8_name(item.path):
            self.skip(item.path, _NOT_UTF8_NAME, unjudged=True)
            return
        if self.python_only and source.python is None and source.kind is Kind.OTHER:
            return  # an audit (--all) is of the Python files; other text is not part of it
        lines = _whole_lines(source.content) if added is None else added
        if not lines and not item.deleted_after:
            return  # a mode change: nothing to judge (deletions are judged: invariant 8)
        known = self.files.get(item.path)
        if known is not None:
            lines = lines | known.added_lines
        self.files[item.path] = ChangedFile(
            path=item.path,
            status=item.status,
            added_lines=lines,
            content=source.content,
            old_path=item.old_path,
            blob_id=item.blob_id,
            python=source.python,
            deleted_after=item.deleted_after | (known.deleted_after if known else frozenset()),
        )

    def result(self) -> tuple[tuple[ChangedFile, ...], tuple[SkippedFile, ...]]:
        files = tuple(sorted(self.files.values(), key=lambda f: f.path))
        return files, tuple(sorted(self.skipped, key=lambda s: (s.path, s.reason)))


def _regular(mode: int | None) -> bool:
    return mode is not None and mode & 0o170000 == 0o100000


def _whole_lines(content: bytes) -> frozenset[int]:
    lines = content.count(b"\n") + (0 if content.endswith(b"\n") or not content else 1)
    return frozenset(range(1, lines + 1))


def _not_patched(entry: g.Entry) -> bool:
    """Paths whose content git must not read for the patch (we do not analyse it as text)."""
    if entry.mode in (SYMLINK, GITLINK):
        return True
    kind = kind_by_name(entry.path)
    if entry.status == "D":
        return kind in (Kind.BINARY, Kind.COMPILED)
    return kind is Kind.COMPILED or (kind is Kind.BINARY and entry.mode != EXECUTABLE)


def _diffed(repo: git.Repo, old: str, new: str) -> list[_Item]:
    listed = g.entries(repo, old, new)
    skip = tuple(e.path for e in listed if _not_patched(e))
    diffs = {d.path: d for d in g.diff(repo, old, new, skip)}
    items = []
    for entry in listed:
        if entry.status == "D":
            continue
        d = diffs.get(entry.path)
        if d is not None:
            items.append(_Item(entry.path, entry.mode, d.status, d.old_path, d.added_lines,
                               entry.blob_id, d.deleted_after))  # fmt: skip
        else:
            # not in the patch: a mode-only change has nothing new; anything else (a type
            # change, a path git spelled differently) is judged whole rather than dropped
            status = FileStatus.ADDED if entry.status in ("A", "T") else FileStatus.MODIFIED
            added: frozenset[int] | None = frozenset() if entry.same_content else None
            items.append(_Item(entry.path, entry.mode, status, None, added, entry.blob_id))
    return items


def _repo_relative(root: Path, given: str) -> str:
    """A user-given path as a repo-relative posix path (GateError when outside the repo)."""
    absolute = Path(os.path.abspath(given))
    try:
        rel = absolute.relative_to(root)
    except ValueError:
        try:
            rel = absolute.relative_to(root.resolve())
        except ValueError:
            raise GateError(f"{given}: outside the repository {root}") from None
    if not os.path.lexists(root / rel):
        raise GateError(f"{given}: no such file")
    return rel.as_posix()


def _given_paths(repo: git.Repo, root: Path, side: DiskSide, given: tuple[str, ...]) -> list[str]:
    """The files named on the command line; directories expand to their tracked files."""
    listed = repo.git.ls_files("-z", "--cached", "--others", "--exclude-standard").split("\0")
    tracked = sorted(p for p in listed if p)
    out: list[str] = []
    for item in given:
        rel = _repo_relative(root, item)
        if rel == ".":
            out.extend(p for p in tracked if _judged_by_name(p))
        elif side.mode(rel) == DIRECTORY:
            out.extend(p for p in tracked if p.startswith(rel + "/") and _judged_by_name(p))
        else:
            out.append(rel)
    return sorted(dict.fromkeys(out))


def _judged_by_name(path: str) -> bool:
    kind = kind_by_name(path)
    return kind.runs or (kind is Kind.OTHER and "." not in path.rsplit("/", 1)[-1])


def collect_changes(
    repo: git.Repo, request: ScanRequest, revs: Revisions, options: CollectOptions
) -> ChangeSet:
    """Collect the files and added lines of the requested change."""
    root = g.work_tree(repo)
    mode = request.mode
    old = revs.merge_base or g.EMPTY_TREE
    side: Side
    items: list[_Item]
    if mode is ScanMode.RANGE:
        assert revs.head is not None
        side, items = CommitSide(repo, revs.head), _diffed(repo, old, revs.head)
    elif mode is ScanMode.STAGED:
        side, items = IndexSide(repo), _diffed(repo, old, g.INDEX)
    elif mode is ScanMode.WORKTREE:
        side, items = DiskSide(root), _diffed(repo, old, g.WORKTREE)
        known = {i.path for i in items}
        for path in g.untracked(repo):
            if path not in known:
                items.append(_Item(path, side.mode(path) or 0, FileStatus.ADDED))
    elif mode is ScanMode.PATHS:
        disk = DiskSide(root)
        side, items = disk, []
        for path in _given_paths(repo, root, disk, request.paths):
            try:
                real = resolve(disk, path)
            except Leaves:
                # through a link that leaves the repository: the collector lists it, never reads
                items.append(_Item(path, SYMLINK, FileStatus.ADDED))
                continue
            items.append(_Item(real, disk.mode(real) or 0, FileStatus.ADDED))
    elif mode is ScanMode.ALL:
        assert revs.base is not None
        side = CommitSide(repo, revs.base)
        items = [
            _Item(path, m, FileStatus.ADDED, blob_id=blob)
            for path, m, blob in g.list_entries(repo, revs.base)
            if _judged_by_name(path) or m in (SYMLINK, EXECUTABLE)
        ]
    else:  # pragma: no cover - exhaustive
        raise AssertionError(mode)
    collector = _Collector(side, options, python_only=mode is ScanMode.ALL)
    for item in items:
        collector.add(item)
    files, skipped = collector.result()
    return ChangeSet(
        mode=mode,
        repo_root=root,
        files=files,
        skipped=skipped,
        base_rev=revs.merge_base if mode is ScanMode.RANGE else revs.base,
        head_rev=revs.head,
    )


_NOT_UTF8_NAME = (
    "file name is not UTF-8: Python can run it, the analyzers cannot open it by that name "
    "(rename it)"
)


def _utf8_name(path: str) -> bool:
    """False for a name git gave us with bytes that are not UTF-8 (held as surrogate escapes)."""
    try:
        path.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True

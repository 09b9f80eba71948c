"""The scanned side of a change (a commit, the index or the disk): modes, bytes and symlinks.

Symlinks are resolved by us, component by component, inside the repository only: a link that
leaves it (absolute, ``..`` above the top, into ``.git``) is never followed, so no mode reads a
file outside the repository, whatever the links on the way.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Protocol

import git

from gate.collect import git as g

SYMLINK = 0o120000
"""git's mode of a symbolic link."""
GITLINK = 0o160000
"""git's mode of a submodule commit."""
DIRECTORY = 0o040000
"""git's mode of a tree."""
EXECUTABLE = 0o100755
"""git's mode of an executable file."""
_MAX_HOPS = 40


class Side(Protocol):
    """Where the scanned revision's files are read from."""

    def mode(self, path: str) -> int | None:
        """git mode of ``path`` (None when it does not exist); symlinks are not followed."""

    def read(self, path: str) -> bytes:
        """Bytes of a file, or the target text of a symlink."""

    def files_under(self, path: str) -> tuple[str, ...]:
        """Every file and symlink below the directory ``path`` (links not followed)."""


class Leaves(ValueError):
    """A path whose symlinks lead outside the repository (or loop); nothing was read."""


def resolve(side: Side, path: str) -> str:
    """The repo path a path really names once every symlink on it is followed (Leaves if none)."""
    pending = list(reversed(path.split("/")))
    done: list[str] = []
    hops = 0
    while pending:
        part = pending.pop()
        if part in ("", "."):
            continue
        if part == "..":
            if not done:
                raise Leaves("a symlink on the way leads outside the repository")
            done.pop()
            continue
        if part == ".git":
            raise Leaves("a symlink on the way leads into .git")
        here = "/".join([*done, part])
        if side.mode(here) != SYMLINK:
            done.append(part)
            continue
        hops += 1
        if hops > _MAX_HOPS:
            raise Leaves("too many levels of symlinks (a loop)")
        target = side.read(here).decode("utf-8", "surrogateescape")
        if target.startswith("/"):
            raise Leaves(f"symlink {here} points outside the repository ({target})")
        pending.extend(reversed(target.split("/")))
    return "/".join(done)


class CommitSide:
    """A commit's tree."""

    def __init__(self, repo: git.Repo, rev: str) -> None:
        self._tree = repo.commit(rev).tree

    def mode(self, path: str) -> int | None:
        """git mode of ``path`` in the tree."""
        try:
            item = self._tree / path
        except KeyError:
            return None
        return DIRECTORY if item.type == "tree" else int(item.mode)

    def read(self, path: str) -> bytes:
        """Bytes of a blob of the tree."""
        return bytes((self._tree / path).data_stream.read())

    def files_under(self, path: str) -> tuple[str, ...]:
        """Every blob below a tree of the commit."""
        tree = self._tree / path
        if not isinstance(tree, git.Tree):
            return ()
        return tuple(sorted(str(i.path) for i in tree.traverse() if isinstance(i, git.Blob)))


class IndexSide:
    """The staging area."""

    def __init__(self, repo: git.Repo) -> None:
        self._repo = repo
        self._entries = {
            str(path): entry for (path, stage), entry in repo.index.entries.items() if stage == 0
        }
        self._dirs = {
            p.rsplit("/", n)[0] for p in self._entries for n in range(1, p.count("/") + 1)
        }

    def mode(self, path: str) -> int | None:
        """git mode of ``path`` in the index."""
        entry = self._entries.get(path)
        if entry is not None:
            return int(entry.mode)
        return DIRECTORY if path in self._dirs else None

    def read(self, path: str) -> bytes:
        """Bytes of a staged blob."""
        return g.read_blob(self._repo, self._entries[path].hexsha)

    def files_under(self, path: str) -> tuple[str, ...]:
        """Every staged file below ``path``."""
        return tuple(sorted(p for p in self._entries if p.startswith(path + "/")))


class DiskSide:
    """The work tree on disk."""

    def __init__(self, root: Path) -> None:
        self._root = root

    def mode(self, path: str) -> int | None:
        """git mode of ``path`` on disk (lstat, links not followed)."""
        try:
            info = os.lstat(self._root / path)
        except (OSError, ValueError):
            return None
        if stat.S_ISLNK(info.st_mode):
            return SYMLINK
        if stat.S_ISDIR(info.st_mode):
            return GITLINK if (self._root / path / ".git").exists() and path else DIRECTORY
        if stat.S_ISREG(info.st_mode):
            return EXECUTABLE if info.st_mode & 0o111 else 0o100644
        return None

    def files_under(self, path: str) -> tuple[str, ...]:
        """Every file and symlink below a directory on disk (links not followed, .git skipped)."""
        out = []
        for top, dirs, files in os.walk(self._root / path):
            dirs[:] = [d for d in dirs if d != ".git" and not os.path.islink(Path(top) / d)]
            links = [d for d in os.listdir(top) if os.path.islink(Path(top) / d)]
            rel = Path(top).relative_to(self._root).as_posix()
            out += [f"{rel}/{name}" for name in {*files, *links}]
        return tuple(sorted(out))

    def read(self, path: str) -> bytes:
        """Bytes of a file, or a link's target text."""
        target = self._root / path
        if os.path.islink(target):
            return os.fsencode(os.readlink(target))
        return target.read_bytes()

"""A snapshot of the scanned files in a temp dir, so analyzers never see the repo's own configs."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from gate.collect.changeset import is_python
from gate.errors import GateError
from gate.model import ChangeSet


@dataclass(frozen=True)
class Workspace:
    """The snapshot: where the files are and which of them the Python analyzers scan."""

    root: Path
    """Directory holding the scanned files at their repo-relative paths."""
    targets: tuple[str, ...]
    """Repo-relative posix paths of the Python files, sorted."""
    scratch: Path
    """An empty private directory for the analyzers' own files (HOME, merged configs)."""


def _safe_relative(path: str) -> PurePosixPath:
    rel = PurePosixPath(path)
    if rel.is_absolute() or ".." in rel.parts or not rel.parts:
        raise GateError(f"{path}: refusing to write a path outside the workspace")
    return rel


@contextmanager
def snapshot(changeset: ChangeSet) -> Iterator[Workspace]:
    """Write the changeset's Python files into a fresh temp dir; removed on exit."""
    with tempfile.TemporaryDirectory(prefix="aigate-") as tmp:
        top = Path(tmp)
        root = top / "src"
        scratch = top / "scratch"
        root.mkdir()
        scratch.mkdir()
        targets = []
        for changed in changeset.files:
            if not is_python(changed.path):
                continue
            target = root.joinpath(*_safe_relative(changed.path).parts)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(changed.content)
            targets.append(changed.path)
        yield Workspace(root, tuple(sorted(targets)), scratch)

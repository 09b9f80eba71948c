"""A snapshot of the scanned files in a temp dir, so analyzers never see the repo's own configs."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path, PurePosixPath

from gate.errors import GateError
from gate.identifiers import analyzer_view
from gate.model import AnalyzerRun, ChangeSet, Location


@dataclass(frozen=True)
class Workspace:
    """The snapshot: where the files are and which of them the Python analyzers scan."""

    root: Path
    """Directory holding the scanned files at their repo-relative paths."""
    targets: tuple[str, ...]
    """Repo-relative posix paths of the Python files, sorted."""
    scratch: Path
    """An empty private directory for the analyzers' own files (HOME, merged configs)."""
    origins: dict[str, str]
    """Workspace path -> repo path, for Python the repo does not name ``.py`` (a notebook, a
    script with a shebang, ``.pyw``): the analyzers see it as ``<path>.py``."""

    def to_repo(self, runs: tuple[AnalyzerRun, ...]) -> tuple[AnalyzerRun, ...]:
        """The runs with workspace paths turned back into repo paths."""
        if not self.origins:
            return runs
        out = []
        for run in runs:
            findings = tuple(replace(f, location=self._location(f.location)) for f in run.findings)
            errors = tuple(self._text(e) for e in run.errors)
            out.append(replace(run, findings=findings, errors=errors))
        return tuple(out)

    def _location(self, loc: Location) -> Location:
        origin = self.origins.get(loc.path)
        return loc if origin is None else replace(loc, path=origin)

    def _text(self, text: str) -> str:
        for alias, origin in self.origins.items():
            text = text.replace(alias, origin)
        return text


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
        origins: dict[str, str] = {}
        taken = {changed.path for changed in changeset.files}
        for changed in changeset.files:
            if changed.python is None:
                continue
            name = changed.path
            if not name.endswith((".py", ".pyi")):
                name = _alias(changed.path, taken)
                origins[name] = changed.path
            target = root.joinpath(*_safe_relative(name).parts)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(analyzer_view(changed.python))  # names as Python reads them
            targets.append(name)
        yield Workspace(root, tuple(sorted(targets)), scratch, origins)


def _alias(path: str, taken: set[str]) -> str:
    """``<path>.py`` for Python the analyzers would not recognise by name; never a taken path."""
    alias, index = f"{path}.py", 0
    while alias in taken:
        index += 1
        alias = f"{path}.aigate-{index}.py"
    taken.add(alias)
    return alias

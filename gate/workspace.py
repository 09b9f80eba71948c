"""A snapshot of the scanned files in a temp dir, so analyzers never see the repo's own configs.

Besides the targets it holds the rest of the project at the scanned revision (its Python files
and dependency manifests, read through the ProjectView, never the live disk in range mode), so
type-aware analyzers resolve the project's own modules; they are still asked about the targets
only.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path, PurePosixPath

from gate.checks.base import ProjectView
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
    context: tuple[str, ...] = ()
    """Repo-relative paths of the project's other files written for context, never scanned."""
    notices: tuple[str, ...] = ()
    """What the user should know about the context (e.g. a project too big to copy whole)."""

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


CONTEXT_SUFFIXES = (".py", ".pyi")
"""Project files written for context: modules and stubs."""
MANIFESTS = frozenset({"pyproject.toml", "setup.cfg", "setup.py", "Pipfile"})
"""Dependency manifests (plus requirements*.txt) written for context; our tools never read
the configuration sections some of them also hold (each gets our own config file)."""
MAX_CONTEXT_FILES = 20_000
"""Beyond this many context files the rest of the project is left out (with a notice)."""
MAX_CONTEXT_BYTES = 200_000_000
"""Beyond this many bytes of context the rest of the project is left out (with a notice)."""
MAX_CONTEXT_FILE = 2_000_000
"""A single context file larger than this is left out (generated code, data)."""


def _safe_relative(path: str) -> PurePosixPath:
    rel = PurePosixPath(path)
    if rel.is_absolute() or ".." in rel.parts or not rel.parts:
        raise GateError(f"{path}: refusing to write a path outside the workspace")
    return rel


def _is_context(path: str) -> bool:
    name = PurePosixPath(path).name
    return (
        path.endswith(CONTEXT_SUFFIXES)
        or name in MANIFESTS
        or (name.startswith("requirements") and name.endswith((".txt", ".in")))
    )


def write_context(
    root: Path, project: ProjectView, skip: frozenset[str]
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Write the project's other modules and manifests under ``root``: (paths, notices)."""
    written: list[str] = []
    total = 0
    wanted = [p for p in project.files if p not in skip and _is_context(p)]
    for index, path in enumerate(wanted):
        if len(written) >= MAX_CONTEXT_FILES or total >= MAX_CONTEXT_BYTES:
            left = len(wanted) - index
            return tuple(written), (
                f"the project is large: {left} of its {len(wanted)} Python files and manifests "
                "were not copied for context; names they define may be reported as unknown",
            )
        try:
            rel = _safe_relative(path)
        except GateError:
            continue
        data = project.read(path)
        if data is None or len(data) > MAX_CONTEXT_FILE:
            continue
        target = root.joinpath(*rel.parts)
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            if target.exists() or target.is_symlink():
                continue
            target.write_bytes(data)
        except OSError:  # a name the file system cannot hold: context is best effort
            continue
        written.append(path)
        total += len(data)
    return tuple(written), ()


@contextmanager
def snapshot(changeset: ChangeSet, project: ProjectView | None = None) -> Iterator[Workspace]:
    """Write the changeset's Python files (and the project's other ones, for context) into a
    fresh temp dir; removed on exit."""
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
        context: tuple[str, ...] = ()
        notices: tuple[str, ...] = ()
        if project is not None:
            context, notices = write_context(root, project, frozenset(taken))
        yield Workspace(root, tuple(sorted(targets)), scratch, origins, context, notices)


def _alias(path: str, taken: set[str]) -> str:
    """``<path>.py`` for Python the analyzers would not recognise by name; never a taken path."""
    alias, index = f"{path}.py", 0
    while alias in taken:
        index += 1
        alias = f"{path}.aigate-{index}.py"
    taken.add(alias)
    return alias

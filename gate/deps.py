"""The dependency view: what a project declares, and which declaration provides an import.

Pure: manifests are read through a ProjectView as data; the scanned project is never imported or
run, and aigate's own environment is never consulted (the verdict must not depend on what is
installed beside aigate). Import names map to distributions through the shipped, generated
table ``gate/data/import_names.tsv`` (bench/package_tables.py) plus name normalisation.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.resources
import re
from dataclasses import dataclass, replace
from pathlib import PurePosixPath
from typing import TYPE_CHECKING

from packaging.utils import canonicalize_name

from gate.manifests import (
    Declaration,
    manifest_kind,
    read_manifest,
    requirement_name,
    requirement_specifier,
    script_declarations,
)

if TYPE_CHECKING:
    from gate.checks.base import ProjectView

_PREFIXES = ("python_", "python", "py_", "py")
_SUFFIXES = ("_python", "_py", "python")
_MAX_INCLUDE_DEPTH = 20
_SCRIPT_SIZE_LIMIT = 2_000_000


@dataclass(frozen=True)
class Dependency:
    """One declared dependency of a project."""

    name: str
    """PEP 503-normalised distribution name."""
    specifier: str
    """Version specifier and marker as written ("" if none)."""
    source: str
    """Repo-relative manifest path and where in it: ``pyproject.toml: project.dependencies``."""
    optional: bool
    """True for extras, dependency groups, dev/test and build requirements."""


@dataclass(frozen=True)
class DependencyView:
    """The dependencies visible to one file: its nearest project's and every enclosing one's."""

    root: str
    """Repo-relative posix directory of the nearest enclosing project ("" for the repo root)."""
    dependencies: tuple[Dependency, ...]
    """Declarations, nearest project first, in manifest order; duplicates kept (other sources)."""
    manifests: tuple[str, ...] = ()
    """Repo-relative paths of every manifest read (includes and script blocks too)."""

    @functools.cached_property
    def _by_name(self) -> dict[str, Dependency]:
        out: dict[str, Dependency] = {}
        for dep in self.dependencies:
            out.setdefault(dep.name, dep)  # the first (nearest) declaration of a name wins
        return out

    def declares(self, name: str) -> Dependency | None:
        """The declaration of a distribution (any spelling), or None."""
        return self._by_name.get(canonicalize_name(name))

    def provides(self, module: str) -> Dependency | None:
        """The declared dependency that provides import ``module`` (dotted), or None."""
        for dist in distributions_for(module):
            found = self._by_name.get(dist)
            if found is not None:
                return found
        top = module.split(".")[0].casefold()
        for dep in self.dependencies:
            if top in derived_import_names(dep.name):
                return dep
        return None

    def declarations_hash(self) -> str:
        """sha256 of the normalised declarations (name, specifier, optional), order-free."""
        lines = sorted({f"{d.name}\t{d.specifier}\t{int(d.optional)}" for d in self.dependencies})
        return hashlib.sha256("\n".join(lines).encode()).hexdigest()


@functools.lru_cache(maxsize=1)
def import_table() -> dict[str, tuple[str, ...]]:
    """The shipped import-name table: dotted import name (case kept) -> distributions."""
    text = importlib.resources.files("gate").joinpath("data/import_names.tsv").read_text("utf-8")
    table: dict[str, tuple[str, ...]] = {}
    for line in text.splitlines():
        if line and not line.startswith("#"):
            module, _, dists = line.partition("\t")
            table[module.casefold()] = tuple(dists.split(","))
    return table


def distributions_for(module: str) -> tuple[str, ...]:
    """Distributions that may provide ``module``, most specific first (table, then derived)."""
    parts = module.split(".")
    table = import_table()
    out: list[str] = []
    for end in range(len(parts), 0, -1):
        prefix = ".".join(parts[:end])
        out += table.get(prefix.casefold(), ())
        out.append(canonicalize_name(prefix.replace(".", "-")))
    return tuple(dict.fromkeys(out))


def derived_import_names(dist: str, generous: bool = True) -> set[str]:
    """Import names a distribution may provide (casefolded).

    ``generous`` adds the first word of the name (``azure`` for ``azure-identity``): right for
    "is this import declared?", too loose for "which popular name does this one resemble?".
    """
    base = canonicalize_name(dist).replace("-", "_")
    out = {base, re.split(r"[_.]", base)[0]} if generous else {base}
    out.update(_modules_of().get(canonicalize_name(dist), ()))
    for prefix in _PREFIXES:
        if base.startswith(prefix) and len(base) > len(prefix):
            out.add(base[len(prefix) :].lstrip("_"))
    for suffix in _SUFFIXES:
        if base.endswith(suffix) and len(base) > len(suffix):
            out.add(base[: -len(suffix)].rstrip("_"))
    return {name for name in out if name}


@functools.lru_cache(maxsize=1)
def _modules_of() -> dict[str, tuple[str, ...]]:
    """Distribution -> top-level import names (casefolded), the import table reversed."""
    out: dict[str, list[str]] = {}
    for module, dists in import_table().items():
        for dist in dists:
            out.setdefault(dist, []).append(module.split(".")[0])
    return {dist: tuple(modules) for dist, modules in out.items()}


def project_roots(files: tuple[str, ...]) -> dict[str, list[str]]:
    """Project directory -> its manifests (project files and requirement files)."""
    roots: dict[str, list[str]] = {}
    for path in files:
        pure = PurePosixPath(path)
        kind = manifest_kind(path)
        if kind is None:
            continue
        folder = pure.parent
        if kind == "requirements" and folder.name.lower() == "requirements":
            folder = folder.parent  # requirements/dev.txt belongs to the project above
        roots.setdefault("" if str(folder) == "." else folder.as_posix(), []).append(path)
    return roots


class DependencyIndex:
    """Dependency views of one project revision, memoised per project root."""

    def __init__(self, project: ProjectView) -> None:
        self.project = project
        self.roots = project_roots(project.files)
        self._files = frozenset(project.files)
        self._views: dict[str, DependencyView] = {}

    def view(self, path: str) -> DependencyView:
        """The view of a repo-relative file: its PEP 723 block, nearest project and parents."""
        base = self._project_view(_nearest(self.roots, path))
        script: list[Dependency] = []
        if path.endswith((".py", ".pyw")) or not PurePosixPath(path).suffix:
            data = self.project.read(path) if path in self._files else None
            if data is not None and b"# /// script" in data[:_SCRIPT_SIZE_LIMIT]:
                text = data.decode("utf-8", "replace")
                script = _dependencies(script_declarations(text), path)
        if not script:
            return base
        return DependencyView(base.root, (*script, *base.dependencies), (path, *base.manifests))

    def _project_view(self, root: str) -> DependencyView:
        if root not in self._views:
            deps: list[Dependency] = []
            read: list[str] = []
            for folder in _ancestors(root):
                for manifest in sorted(self.roots.get(folder, ())):
                    deps += self._read(manifest, read, 0)
            self._views[root] = DependencyView(root, tuple(deps), tuple(dict.fromkeys(read)))
        return self._views[root]

    def _read(self, path: str, seen: list[str], depth: int) -> list[Dependency]:
        kind = manifest_kind(path) or ("requirements" if depth else None)
        if path in seen or kind is None or depth > _MAX_INCLUDE_DEPTH:
            return []  # already read (an include cycle, or two files including one)
        seen.append(path)
        data = self.project.read(path) if path in self._files else None
        if data is None:
            return []
        declarations = read_manifest(kind, data.decode("utf-8", "replace"))
        out = _dependencies(declarations, path)
        for decl in declarations:
            if decl.include:
                target = _join(PurePosixPath(path).parent.as_posix(), decl.include)
                if target is not None:
                    included = self._read(target, seen, depth + 1)
                    out += [_as_optional(d) for d in included] if decl.optional else included
        return out


def dependency_view(project: ProjectView, path: str) -> DependencyView:
    """The dependency view of a repo-relative file (nearest enclosing project, monorepo-aware)."""
    return DependencyIndex(project).view(path)


def _dependencies(declarations: list[Declaration], path: str) -> list[Dependency]:
    out = []
    for decl in declarations:
        name = requirement_name(decl.spec) if decl.spec else None
        if name and name != "python":
            spec = requirement_specifier(decl.spec)
            out.append(Dependency(name, spec, f"{path}: {decl.where}", decl.optional))
    return out


def _as_optional(dep: Dependency) -> Dependency:
    return replace(dep, optional=True)


def _nearest(roots: dict[str, list[str]], path: str) -> str:
    """The deepest directory above ``path`` that holds a manifest ("" when none does)."""
    for folder in _ancestors(PurePosixPath(path).parent.as_posix()):
        if folder in roots:
            return folder
    return ""


def _ancestors(folder: str) -> list[str]:
    """``a/b`` -> [``a/b``, ``a``, ``""``] (nearest first); "." and "" are the root."""
    parts = PurePosixPath(folder).parts if folder not in ("", ".") else ()
    return ["/".join(parts[:end]) for end in range(len(parts), -1, -1)]


def _join(folder: str, relative: str) -> str | None:
    """A repo-relative path for an include, or None when it leaves the repository."""
    if relative.startswith("/") or "://" in relative:
        return None
    parts: list[str] = [p for p in folder.split("/") if p and p != "."]
    for part in PurePosixPath(relative).parts:
        if part == "..":
            if not parts:
                return None
            parts.pop()
        elif part != ".":
            parts.append(part)
    return "/".join(parts)

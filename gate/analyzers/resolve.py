"""Where a module named in an analyzer's message lives, and whether its names are all visible.

A "no such name in module M" message is only worth reporting when M could be resolved fully:
its source is in the project or in the analysis environment (or it is a standard library
module), and it does not create names at run time (a module-level ``__getattr__``, as lazily
exporting packages have). A module found nowhere, or only in aigate's own environment, says
nothing about the project's real dependency.
"""

from __future__ import annotations

import ast
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

_SUFFIXES = ("/__init__.py", ".py", "/__init__.pyi", ".pyi")
_MAX_BYTES = 5_000_000
"""A module bigger than this is not parsed (treated as resolvable: pylint parsed it)."""


def _stdlib_names() -> frozenset[str]:
    names = getattr(sys, "stdlib_module_names", None)  # Python >= 3.10
    return frozenset(names) if names else frozenset(sys.builtin_module_names)


STDLIB = _stdlib_names()
"""Top-level names of the standard library of the Python running aigate."""


@dataclass
class Resolver:
    """Answers "can module M be resolved fully?" for one scan, memoised."""

    roots: tuple[Path, ...]
    """Where modules are looked up, in order: the workspace (and its src/), the analysis env."""
    _memo: dict[str, bool] = field(default_factory=dict)

    @classmethod
    def for_scan(cls, workspace: Path, site: Path | None) -> Resolver:
        """Roots for a scan: the workspace, its ``src/`` layout if any, then the analysis env."""
        roots = [workspace]
        if (workspace / "src").is_dir():
            roots.append(workspace / "src")
        if site is not None:
            roots.append(site)
        return cls(tuple(roots))

    def fully_resolvable(self, module: str) -> bool:
        """True when ``module``'s names are all known statically (see the module docstring)."""
        if module not in self._memo:
            self._memo[module] = self._decide(module)
        return self._memo[module]

    def _decide(self, module: str) -> bool:
        rel = module.replace(".", "/")
        for root in self.roots:
            for suffix in _SUFFIXES:
                path = root / (rel + suffix)
                if path.is_file():
                    return not _creates_names_at_run_time(path)
        return module.split(".", 1)[0] in STDLIB


def _creates_names_at_run_time(path: Path) -> bool:
    """A module-level ``__getattr__`` (a def or an assignment, as lazy_loader.attach gives)."""
    try:
        data = path.read_bytes()
        if len(data) > _MAX_BYTES:
            return False
        tree = ast.parse(data, filename=str(path))
    except (OSError, SyntaxError, ValueError):
        return True  # cannot tell: do not claim the name is missing
    return any(_binds_getattr(node) for node in tree.body)


def _binds_getattr(node: ast.stmt) -> bool:
    if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
        return node.name == "__getattr__"
    if isinstance(node, ast.Assign):
        return any("__getattr__" in _names(t) for t in node.targets)
    if isinstance(node, ast.AnnAssign | ast.AugAssign):
        return "__getattr__" in _names(node.target)
    if isinstance(node, ast.ImportFrom):
        return any((alias.asname or alias.name) == "__getattr__" for alias in node.names)
    if isinstance(node, ast.If | ast.Try):
        inner: Iterable[ast.stmt] = [*node.body, *node.orelse]
        if isinstance(node, ast.Try):
            inner = [*inner, *node.finalbody, *(s for h in node.handlers for s in h.body)]
        return any(_binds_getattr(s) for s in inner)
    return False


def _names(target: ast.expr) -> set[str]:
    if isinstance(target, ast.Name):
        return {target.id}
    if isinstance(target, ast.Tuple | ast.List):
        return {n for elt in target.elts for n in _names(elt)}
    return set()

"""What a cached analyzer result depends on: aigate's code, the tool, its settings and rules,
the file, and (for cross-file analyses) the workspace files it imports.

Every part that can change an analyzer's output for a file is hashed into its key; a part we
cannot read makes the file uncachable (a miss), never a stale hit.
"""

from __future__ import annotations

import ast
import enum
import functools
import hashlib
import os
import sys
from collections.abc import Iterable
from dataclasses import fields
from pathlib import Path
from typing import TYPE_CHECKING

import gate
from gate.analyzers.base import AnalyzerContext, find_executable

if TYPE_CHECKING:
    from gate.cache import ResultCache

FORMAT = 1
"""Cache layout and entry format; part of every key."""


class Scope(str, enum.Enum):
    """What one file's result depends on besides the analyzer and its settings."""

    FILE = "file"
    """Its path and bytes only (bandit; semgrep's rules are intra-file)."""
    IMPORTS = "imports"
    """Also every workspace file it may import, transitively (pylint and mypy read them)."""


SCOPES: dict[str, Scope] = {
    "bandit": Scope.FILE,
    "semgrep": Scope.FILE,
    "pylint": Scope.IMPORTS,
    "mypy": Scope.IMPORTS,
}
"""Analyzers whose results are cached, per file. An analyzer not listed is never cached."""

_CODE_SUFFIXES = (".py", ".yaml", ".yml", ".toml", ".txt", ".json")
_CONTEXT_SKIP = (
    "workspace",
    "targets",
    "scratch",
    "extra_rules",
    "children",
    "results",
    "focus",
)
"""AnalyzerContext fields hashed on their own (or per file), or that cannot change a result
(``children``: the process registry for Ctrl-C; ``results``: this cache; ``focus``: per file,
in ``file_key``); every other field
goes in by repr, so a field
added later changes the key instead of being ignored (at worst: no hits, never a stale one)."""


def digest(*parts: str | bytes) -> str:
    """sha256 over length-prefixed parts (no ambiguity between ("ab","c") and ("a","bc"))."""
    h = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8", "surrogateescape") if isinstance(part, str) else part
        h.update(len(data).to_bytes(8, "big"))
        h.update(data)
    return h.hexdigest()


def _files_digest(paths: Iterable[Path], root: Path | None = None) -> str:
    parts: list[str | bytes] = []
    for path in paths:
        parts.append(str(path.relative_to(root)) if root else str(path))
        parts.append(path.read_bytes())
    return digest(*parts)


@functools.lru_cache(maxsize=1)
def code_identity() -> str:
    """aigate's version, the Python running it, and every source, rule and data file it ships
    (a changed adapter or rule must never reuse results made by the old one)."""
    from gate.analyzers.semgrep import bundled_rules_dir, rule_files

    package = Path(gate.__file__).resolve().parent
    own = sorted(
        p
        for p in package.rglob("*")
        if (p.suffix in _CODE_SUFFIXES or p.name == "pylintrc")
        and "__pycache__" not in p.parts
        and p.is_file()
    )
    rules = rule_files(bundled_rules_dir())
    return digest(
        str(FORMAT),
        gate.__version__,
        sys.version,
        _files_digest(own, package),
        _files_digest(rules),
    )


def tool_identity(executable: str) -> str | None:
    """The installed tool as files on disk: the resolved executable's path and stat, and the
    distributions installed beside it (an upgrade of the tool or of a library it uses, such
    as astroid under pylint, rewrites one of them). None when the tool is not found."""
    found = find_executable(executable)
    if found is None:
        return None
    real = Path(found).resolve()
    try:
        st = real.stat()
    except OSError:
        return None
    prefix = real.parent.parent
    installed: list[str] = []
    for lib in sorted(prefix.glob("lib*/python*/site-packages")) + sorted(
        prefix.glob("Lib/site-packages")
    ):
        try:
            names = sorted(os.listdir(lib))
        except OSError:
            continue
        installed.append(str(lib))
        installed.extend(n for n in names if n.endswith((".dist-info", ".egg-info", ".pth")))
    return digest(found, str(real), f"{st.st_size}:{st.st_mtime_ns}:{st.st_ino}", *installed)


def context_key(analyzer: str, executable: str, ctx: AnalyzerContext) -> str | None:
    """Everything but the file that the analyzer's output depends on; None: do not cache."""
    tool = tool_identity(executable)
    if tool is None:
        return None
    try:  # by content: extra rules are copied into the scan's temp dir, a new path each time
        rules = digest(*(path.read_bytes() for path in _rule_paths(ctx.extra_rules)))
    except OSError:
        return None
    others = [
        f"{f.name}={getattr(ctx, f.name)!r}" for f in fields(ctx) if f.name not in _CONTEXT_SKIP
    ]
    return digest(code_identity(), analyzer, tool, rules, *others)


def _rule_paths(paths: tuple[Path, ...]) -> list[Path]:
    from gate.analyzers.semgrep import rule_files

    out: list[Path] = []
    for path in paths:
        out.extend(rule_files(path) if path.exists() else [path])  # missing: read fails
    return out


class Workspace:
    """The snapshot's Python files, read once, with an index from dotted module-name suffixes
    to the files that could be that module (over-approximate on purpose)."""

    def __init__(self, root: Path, memo: ResultCache | None = None) -> None:
        self.root = root
        self.memo = memo
        """Where each file's imported names are kept by content across scans, or None."""
        self._bytes: dict[str, bytes | None] = {}
        self._imports: dict[str, frozenset[str] | None] = {}
        self._index: dict[str, set[str]] | None = None

    def read(self, rel: str) -> bytes | None:
        """The file's bytes, or None when it cannot be read."""
        if rel not in self._bytes:
            try:
                self._bytes[rel] = (self.root / rel).read_bytes()
            except OSError:
                self._bytes[rel] = None
        return self._bytes[rel]

    def index(self) -> dict[str, set[str]]:
        """Dotted suffix ("pkg.mod", "mod") -> repo paths of modules and packages it names."""
        if self._index is None:
            index: dict[str, set[str]] = {}
            for path in self.root.rglob("*.py*"):
                if path.suffix not in (".py", ".pyi") or not path.is_file():
                    continue
                rel = path.relative_to(self.root).as_posix()
                parts = list(Path(rel).with_suffix("").parts)
                if parts[-1] == "__init__":
                    parts.pop()
                for start in range(len(parts)):
                    index.setdefault(".".join(parts[start:]), set()).add(rel)
            self._index = index
        return self._index

    def imports(self, rel: str) -> frozenset[str] | None:
        """Workspace files ``rel`` names in an import (None: it does not parse)."""
        if rel not in self._imports:
            self._imports[rel] = self._parse_imports(rel)
        return self._imports[rel]

    def _parse_imports(self, rel: str) -> frozenset[str] | None:
        data = self.read(rel)
        if data is None:
            return None
        names = self._names(rel, data)
        if names is None:
            return None
        index = self.index()
        found: set[str] = set()
        for name in filter(None, names):
            parts = name.split(".")
            for end in range(1, len(parts) + 1):
                found.update(index.get(".".join(parts[:end]), ()))
        return frozenset(found)

    def _names(self, rel: str, data: bytes) -> frozenset[str] | None:
        """The dotted names ``rel`` imports, from the memo when its bytes were read before."""
        key = digest("imports", str(FORMAT), sys.version, rel, data) if self.memo else ""
        if self.memo is not None:
            stored = self.memo.load(IMPORTS_KIND, key, _names_of)
            if stored is not None:
                return stored[0]
        names = imported_names(rel, data)
        if self.memo is not None:
            self.memo.store(IMPORTS_KIND, key, {"names": None if names is None else sorted(names)})
        return names

    def closure(self, rel: str) -> tuple[str, ...] | None:
        """``rel``, the packages that hold it, and every workspace file it imports,
        transitively, sorted; None when one of them cannot be read or parsed."""
        seen = {rel}
        parents = Path(rel).parent
        while parents.parts:
            for name in ("__init__.py", "__init__.pyi"):
                if (self.root / parents / name).is_file():
                    seen.add((parents / name).as_posix())
            parents = parents.parent
        todo = list(seen)
        while todo:
            imported = self.imports(todo.pop())
            if imported is None:
                return None
            for other in imported - seen:
                seen.add(other)
                todo.append(other)
        return tuple(sorted(seen))


IMPORTS_KIND = "imports"
"""The result cache's directory of per-file imported names."""
_STATEMENT_LISTS = ("body", "orelse", "finalbody", "handlers", "cases")
"""Fields of the nodes that hold statements (an import is a statement)."""


def _names_of(body: dict[str, object]) -> tuple[frozenset[str] | None]:
    names = body["names"]
    if names is None:
        return (None,)
    if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
        raise ValueError("not a list of names")
    return (frozenset(names),)


def imported_names(rel: str, data: bytes) -> frozenset[str] | None:
    """Every dotted name an import statement of ``rel`` names (relative imports resolved
    against its package), wherever the statement is; None when it does not parse."""
    try:
        tree = ast.parse(data, filename=rel)
    except (SyntaxError, ValueError):
        return None
    package = list(Path(rel).parent.parts)
    names: set[str] = set()
    todo: list[ast.AST] = [tree]
    while todo:
        node = todo.pop()
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                up = package[: len(package) - (node.level - 1)] if node.level > 1 else package
                base = ".".join([*up, *([base] if base else [])])
            names.add(base)
            names.update(f"{base}.{a.name}" if base else a.name for a in node.names)
        for field in _STATEMENT_LISTS:
            children = getattr(node, field, None)
            if isinstance(children, list):
                todo.extend(children)
    return frozenset(names)


def file_key(
    context: str,
    scope: Scope,
    rel: str,
    workspace: Workspace,
    omitted: tuple[tuple[int, int], ...] = (),
) -> str | None:
    """The key of one file's result; None when it cannot be computed (never cached).
    ``omitted``: the line ranges the analyzer left out of the file (gate/slicing.py), so the
    same bytes read under another change's slice are another entry."""
    if scope is Scope.FILE:
        data = workspace.read(rel)
        if data is None:
            return None
        sliced = (repr(omitted),) if omitted else ()
        return digest(context, rel, data, *sliced)
    closure = workspace.closure(rel)
    if closure is None:
        return None
    parts: list[str | bytes] = [context, rel]
    for dep in closure:
        data = workspace.read(dep)
        if data is None:
            return None
        parts += [dep, hashlib.sha256(data).hexdigest()]
    return digest(*parts)

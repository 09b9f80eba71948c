"""The absolute imports of a module, each marked guarded or not (parsed, never imported)."""

from __future__ import annotations

import ast
from dataclasses import dataclass

from gate.checks.base import split_lines

_IMPORT_ERRORS = frozenset({"ImportError", "ModuleNotFoundError", "Exception", "BaseException"})
_PROBES = frozenset({"find_spec", "find_loader", "find_module"})


@dataclass(frozen=True)
class Import:
    """One absolute import in a module."""

    module: str
    """The dotted module name as written (``google.cloud.storage``)."""
    line: int
    """1-based line of the import (of the alias, for ``import a, b`` over several lines)."""
    columns: tuple[int, int] | None
    """0-based character columns [start, end) on a one-line import, else None."""
    guarded: bool
    """Inside ``try/except ImportError``, ``if TYPE_CHECKING``, a ``find_spec`` check or
    ``contextlib.suppress(ImportError)``: the program runs without it."""


def imported_modules(tree: ast.Module, text: str) -> list[Import]:
    """Every absolute import of ``tree`` (relative imports are the project's own)."""
    nodes = [n for n in ast.walk(tree) if isinstance(n, (ast.Import, ast.ImportFrom))]
    top = {id(stmt) for stmt in tree.body}  # a guard holds its imports: they are never on top
    guarded = _guarded_nodes(tree) if any(id(n) not in top for n in nodes) else set()
    lines = split_lines(text)
    out: list[Import] = []
    for node in nodes:
        if isinstance(node, ast.Import):
            for alias in node.names:
                where = alias if getattr(alias, "lineno", None) else node
                out.append(
                    Import(alias.name, where.lineno, _columns(where, lines), id(node) in guarded)
                )
        elif isinstance(node, ast.ImportFrom) and not node.level and node.module:
            out.append(Import(node.module, node.lineno, _columns(node, lines), id(node) in guarded))
    return sorted(out, key=lambda i: (i.line, i.columns or (0, 0)))


def _guarded_nodes(tree: ast.Module) -> set[int]:
    """ids of import statements inside a guard."""
    probes = _probe_names(tree)
    guarded: set[int] = set()
    for node in ast.walk(tree):
        body: list[ast.stmt] = []
        handlers: list[ast.ExceptHandler] = getattr(node, "handlers", [])  # Try and TryStar
        if any(_catches_import_error(h) for h in handlers):
            body = getattr(node, "body", [])
        elif isinstance(node, ast.If) and _is_guard_test(node.test, probes):
            body = node.body
        elif isinstance(node, (ast.With, ast.AsyncWith)) and any(
            _suppresses_import_error(item.context_expr) for item in node.items
        ):
            body = node.body
        guarded.update(
            id(inner)
            for stmt in body
            for inner in ast.walk(stmt)
            if isinstance(inner, (ast.Import, ast.ImportFrom))
        )
    return guarded


def _name(node: ast.AST) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return None


def _catches_import_error(handler: ast.ExceptHandler) -> bool:
    kinds = handler.type.elts if isinstance(handler.type, ast.Tuple) else [handler.type]
    return any(k is None or _name(k) in _IMPORT_ERRORS for k in kinds)


def _calls_probe(node: ast.AST) -> bool:
    return any(
        isinstance(inner, ast.Call) and _name(inner.func) in _PROBES for inner in ast.walk(node)
    )


def _probe_names(tree: ast.Module) -> set[str]:
    """Names assigned from a find_spec probe (``HAS_X = find_spec("x") is not None``)."""
    out: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Assign, ast.AnnAssign)) and node.value is not None:
            if _calls_probe(node.value):
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                out.update(t.id for t in targets if isinstance(t, ast.Name))
    return out


def _is_guard_test(test: ast.expr, probes: set[str]) -> bool:
    for inner in ast.walk(test):
        name = _name(inner)
        if name == "TYPE_CHECKING" or (isinstance(inner, ast.Name) and inner.id in probes):
            return True
    return _calls_probe(test)


def _suppresses_import_error(expr: ast.expr) -> bool:
    return (
        isinstance(expr, ast.Call)
        and _name(expr.func) == "suppress"
        and any(_name(arg) in _IMPORT_ERRORS for arg in expr.args)
    )


def _columns(where: ast.stmt | ast.alias, lines: list[str]) -> tuple[int, int] | None:
    """0-based character columns of a one-line node (ast counts UTF-8 bytes)."""
    if where.end_lineno != where.lineno or where.end_col_offset is None:
        return None
    raw = lines[where.lineno - 1].encode() if where.lineno <= len(lines) else b""

    def chars(offset: int) -> int:
        return len(raw[:offset].decode("utf-8", "replace"))

    return chars(where.col_offset), chars(where.end_col_offset)

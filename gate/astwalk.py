"""Small helpers over one scope's syntax tree, shared by gate.literal, gate.escape,
gate.origin and the analyzers: dotted names, walks that stop at nested functions, how a name
is used."""

from __future__ import annotations

import ast
from collections.abc import Iterator

from gate import fold

_READERS = frozenset(
    {"len", "str", "repr", "tuple", "list", "sorted", "set", "frozenset", "print", "iter"}
    | {"enumerate", "zip", "any", "all", "min", "max", "sum", "shlex.join", "exec", "eval"}
    | {"compile"}
)
"""Calls that read a container argument without changing it (besides the process and shell APIs
of the ``os``, ``subprocess`` and ``asyncio`` modules)."""


def dotted(node: ast.expr) -> str:
    """``a.b.c`` for a name or attribute chain, else ``""``."""
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        parts.append(node.id)
        return ".".join(reversed(parts))
    return ""


def statements(body: ast.AST) -> set[int]:
    """Ids of the top-level statements of a module or function (a lambda has none)."""
    statements = getattr(body, "body", [])
    return {id(stmt) for stmt in statements} if isinstance(statements, list) else set()


def key_of(node: ast.expr) -> object:
    return node.value if isinstance(node, ast.Constant) else fold.UNKNOWN


def is_mutable(value: ast.expr | None) -> bool:
    if isinstance(value, (ast.List, ast.Dict, ast.Set, ast.ListComp, ast.DictComp, ast.SetComp)):
        return True
    return isinstance(value, ast.Call) and dotted(value.func) in ("list", "dict", "set")


def use(name: ast.Name, parent: ast.AST | None) -> str:
    """How a loaded name is used (see ``Scope.uses``)."""
    if isinstance(parent, ast.Subscript) and parent.value is name:
        return "index" if isinstance(parent.slice, ast.Constant) else "read"
    if isinstance(parent, ast.Attribute) and parent.value is name:
        return f"call:{parent.attr}"  # a method, or an attribute read (equally harmless)
    if isinstance(parent, ast.Call) and name in [*parent.args, *(k.value for k in parent.keywords)]:
        callee = dotted(parent.func)
        reader = callee in _READERS or callee.split(".")[0] in ("os", "subprocess", "asyncio")
        if reader or (isinstance(parent.func, ast.Attribute) and parent.func.attr == "join"):
            return "read"
        return "escape"
    if isinstance(parent, (ast.Assign, ast.Starred, ast.Return, ast.Yield, ast.YieldFrom)):
        return "escape"  # aliased, unpacked or handed out: changes elsewhere are not seen
    if isinstance(parent, (ast.List, ast.Tuple, ast.Set, ast.Dict, ast.keyword)):
        return "escape"
    return "read"


def walk_pairs(root: ast.AST, dead: frozenset[int]) -> Iterator[tuple[ast.AST, ast.AST | None]]:
    """(node, parent) of one scope, not descending into nested functions or classes nor into
    the ``dead`` statements."""
    stack: list[tuple[ast.AST, ast.AST | None]] = [
        (child, root) for child in ast.iter_child_nodes(root)
    ]
    while stack:
        node, parent = stack.pop()
        if id(node) in dead:
            continue
        yield node, parent
        if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)):
            stack.extend((child, node) for child in ast.iter_child_nodes(node))


def walk_scope(root: ast.AST) -> Iterator[ast.AST]:
    """Nodes of one scope, not descending into nested functions or classes."""
    return (node for node, _ in walk_pairs(root, frozenset()))

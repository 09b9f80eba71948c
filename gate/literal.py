"""Which values are literal: they cannot carry outside data in a usable form (gate.calibration).

A value counts as literal when it cannot carry outside data in a usable form: a constant; an
f-string, concatenation, list, tuple or dict of literals; a number (``int()``, ``float()``,
``len()``); a shell-quoted word (``shlex.quote``); a server-made uuid; bytes ``pickle.dumps``
just made; an element of a literal table (``TABLE[key]``, ``TABLE.get(key)``: whatever the key,
one of the program's own values; a constant index picks one element); a method or attribute
of a literal; or a name whose every assignment in its function is literal (a name the function
never assigns is looked up in the module). An unconditional top-level assignment before the
call overwrites the earlier ones (a parameter reset to a constant); tuple unpacking of a tuple
binds element by element.
"""

from __future__ import annotations

import ast
import copy
from collections.abc import Iterator

_TRUSTED_NAMES = frozenset({"sys.executable"})
"""Non-literal values that name the running interpreter, not data."""
_NEUTRAL_CALLS = frozenset(
    {"int", "float", "len", "bool", "abs", "round", "shlex.quote", "pipes.quote"}
    | {"uuid.uuid1", "uuid.uuid4", "secrets.token_hex", "secrets.token_urlsafe"}
    | {"pickle.dumps", "marshal.dumps"}
)
"""Calls whose result carries no outside data in a usable form, whatever their arguments."""


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


class Scope:
    """Assignments of one function (or the module) to plain names, for literal resolution."""

    def __init__(self, body: ast.AST, module: Scope | None = None) -> None:
        self.module = module
        """The module's scope, for names this function never assigns."""
        self.assigned: dict[str, list[ast.expr | None]] = {}
        self.sites: dict[str, list[tuple[int, bool]]] = {}
        """Per name, parallel to ``assigned``: (line, unconditional top-level statement)."""
        statements = getattr(body, "body", [])  # a lambda's body is one expression
        top = {id(stmt) for stmt in statements} if isinstance(statements, list) else set()
        for node in walk_scope(body):
            self._site = (getattr(node, "lineno", 0), id(node) in top)
            if isinstance(node, ast.Assign):
                for target in node.targets:
                    self._bind(target, node.value)
            elif isinstance(node, (ast.AnnAssign, ast.AugAssign)):
                value = node.value if isinstance(node, ast.AnnAssign) else None
                self._bind(node.target, value)
            elif isinstance(node, ast.Call) and (grown := _grown(node)) is not None:
                self._add(*grown)
            elif isinstance(node, (ast.For, ast.AsyncFor, ast.With, ast.AsyncWith)):
                targets = [node.target] if isinstance(node, (ast.For, ast.AsyncFor)) else []
                targets += [i.optional_vars for i in getattr(node, "items", []) if i.optional_vars]
                for target in targets:
                    for name in ast.walk(target):
                        if isinstance(name, ast.Name):
                            self._add(name.id, None)
        if isinstance(body, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            self._site = (body.lineno, False)
            for arg in ast.walk(body.args):
                if isinstance(arg, ast.arg):
                    self._add(arg.arg, None)

    def _add(self, name: str, value: ast.expr | None) -> None:
        self.assigned.setdefault(name, []).append(value)
        self.sites.setdefault(name, []).append(self._site)

    def _bind(self, target: ast.expr, value: ast.expr | None) -> None:
        if isinstance(target, ast.Name):
            self._add(target.id, value)
        elif (
            isinstance(target, (ast.Tuple, ast.List))
            and isinstance(value, (ast.Tuple, ast.List))
            and len(target.elts) == len(value.elts)
            and not any(isinstance(e, ast.Starred) for e in [*target.elts, *value.elts])
        ):
            for part, part_value in zip(target.elts, value.elts, strict=True):
                self._bind(part, part_value)
        else:
            for name in ast.walk(target):
                if isinstance(name, ast.Name):
                    self._add(name.id, None)

    def at(self, line: int) -> Scope:
        """This scope as seen from ``line``: what an unconditional top-level assignment before
        the line overwrote (a parameter reset to a constant) no longer counts."""
        view = copy.copy(self)
        view.assigned = {}
        for name, values in self.assigned.items():
            sites = self.sites[name]
            kill = max((ln for ln, top in sites if top and ln < line), default=0)
            view.assigned[name] = [
                v for v, (ln, _) in zip(values, sites, strict=True) if ln >= kill
            ]
        return view

    def literal(self, node: ast.expr | None, depth: int = 0) -> bool:
        """True when the value cannot carry outside data (see the module docstring)."""
        if node is None or depth > 8:
            return False
        if isinstance(node, ast.Constant):
            return True
        if isinstance(node, ast.JoinedStr):
            return all(self.literal(v, depth + 1) for v in node.values)
        if isinstance(node, ast.FormattedValue):
            return self.literal(node.value, depth + 1)
        if isinstance(node, ast.BinOp):
            return self.literal(node.left, depth + 1) and self.literal(node.right, depth + 1)
        if isinstance(node, (ast.List, ast.Tuple)):
            return all(self.literal(e, depth + 1) for e in node.elts)
        if isinstance(node, ast.Dict):
            items = [*node.keys, *node.values]
            return all(i is not None and self.literal(i, depth + 1) for i in items)
        if dotted(node) in _TRUSTED_NAMES:
            return True
        if isinstance(node, ast.Name):
            if node.id not in self.assigned and self.module is not None:
                return self.module.literal(node, depth + 1)
            values = self.assigned.get(node.id) or []
            return bool(values) and all(self.literal(v, depth + 1) for v in values)
        if isinstance(node, ast.Subscript):
            return self._element(node.value, node.slice, depth + 1)
        if isinstance(node, ast.Attribute):
            return self.literal(node.value, depth + 1)
        if isinstance(node, ast.Call):
            return self._call(node, depth + 1)
        return False

    def _call(self, call: ast.Call, depth: int) -> bool:
        name = dotted(call.func)
        if name in _NEUTRAL_CALLS:
            return True
        args = [*call.args, *(k.value for k in call.keywords)]
        if name in ("str", "repr"):
            return all(self.literal(a, depth) for a in args)
        if isinstance(call.func, ast.Attribute):  # a method of a literal, e.g. TABLE.get(key)
            if call.func.attr == "get" and call.args:
                defaults = [*call.args[1:], *(k.value for k in call.keywords)]
                return self.literal(call.func.value, depth) and all(
                    self.literal(a, depth) for a in defaults
                )
            receiver = self.literal(call.func.value, depth)
            return receiver and all(self.literal(a, depth) for a in args)
        return False

    def _element(self, container: ast.expr, index: ast.expr, depth: int) -> bool:
        """``container[index]``: a constant index picks one element of a literal tuple or list,
        any other index any element (all must be literal)."""
        if isinstance(container, ast.Name) and isinstance(index, ast.Constant):
            scope = self if container.id in self.assigned or self.module is None else self.module
            values = scope.assigned.get(container.id) or []
            if len(values) == 1 and isinstance(values[0], (ast.Tuple, ast.List)):
                elements = values[0].elts
                if isinstance(index.value, int) and -len(elements) <= index.value < len(elements):
                    return scope.literal(elements[index.value], depth)
        return self.literal(container, depth)


_MUTATORS = frozenset({"append", "extend", "insert", "add", "update", "appendleft", "setdefault"})


def _grown(call: ast.Call) -> tuple[str, ast.expr | None] | None:
    """``name.append(x)`` and its kin: the container ``name`` now also holds ``x`` (a list
    of literals that receives ``input()`` is no literal)."""
    func = call.func
    if not (isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name)):
        return None
    if func.attr not in _MUTATORS:
        return None
    positional = call.args[1:] if func.attr == "insert" else call.args
    added = [*positional, *(k.value for k in call.keywords)]
    return func.value.id, (ast.List(elts=added, ctx=ast.Load()) if added else None)


def walk_scope(root: ast.AST) -> Iterator[ast.AST]:
    """Nodes of one scope, not descending into nested functions or classes."""
    stack = list(ast.iter_child_nodes(root))
    while stack:
        node = stack.pop()
        yield node
        if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)):
            stack.extend(ast.iter_child_nodes(node))

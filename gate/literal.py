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

Values that reach a name later count as its assignments too: ``x += v``, ``x := v``, a mutation
``x.append(v)`` / ``x[k] = v`` (also from inside functions, for a module name), an import, an
``except ... as`` or a comprehension variable. A mutable container (list, dict, set) handed to
a call we do not know may have been changed there: it is not literal. A branch whose condition
folds to a constant (gate.fold) and therefore never runs assigns nothing; ``a if c else b``
takes its folded side. A dict or config parser used only through constant keys is read key by
key (``d["a"]`` is literal when every value stored under "a" is, whatever ``d["b"]`` holds).
"""

from __future__ import annotations

import ast
import copy

from gate import fold
from gate.astwalk import dotted, is_mutable, key_of, statements, use, walk_pairs

_TRUSTED_NAMES = frozenset({"sys.executable"})
"""Non-literal values that name the running interpreter, not data."""
_NEUTRAL_CALLS = frozenset(
    {"int", "float", "len", "bool", "abs", "round", "shlex.quote", "pipes.quote"}
    | {"uuid.uuid1", "uuid.uuid4", "secrets.token_hex", "secrets.token_urlsafe"}
    | {"pickle.dumps", "marshal.dumps"}
)
"""Calls whose result carries no outside data in a usable form, whatever their arguments."""
_MUTATORS = frozenset(
    {"append", "appendleft", "extend", "insert", "add", "update", "setdefault", "set"}
)
"""Methods that put their arguments into the receiver (``set`` is configparser's)."""
_KEYED_METHODS = frozenset({"get", "set", "setdefault", "add_section", "has_section", "has_option"})
"""What a dict or config parser read key by key may be used for (anything else: every value)."""
_CONFIG_PARSERS = frozenset(
    f"{prefix}{name}"
    for prefix in ("", "configparser.")
    for name in ("ConfigParser", "RawConfigParser", "SafeConfigParser")
)


class Scope:
    """Assignments of one function (or the module) to plain names, for literal resolution."""

    def __init__(
        self, body: ast.AST, module: Scope | None = None, enclosing: Scope | None = None
    ) -> None:
        self.module = module
        """The module's scope, for names this function never assigns."""
        self.enclosing = enclosing
        """The function this one is nested in (a closure reads its names first)."""
        self.body = body
        """The function (or module) this scope is built from."""
        self._collect(frozenset())
        dead = self._dead_branches()
        if dead:  # again, without what never runs
            self._collect(dead)

    def _collect(self, dead: frozenset[int]) -> None:
        self.assigned: dict[str, list[ast.expr | None]] = {}
        self.sites: dict[str, list[tuple[int, bool]]] = {}
        """Per name, parallel to ``assigned``: (line, unconditional top-level statement)."""
        self.whole: dict[str, list[ast.expr | None]] = {}
        """Per name, the values bound by a plain assignment (not a mutation or ``+=``)."""
        self.stores: dict[str, list[tuple[object, ast.expr | None]]] = {}
        """Per name, (constant key or fold.UNKNOWN, value) of ``x[k] = v``, ``x.set(s, k, v)``."""
        self.uses: dict[str, set[str]] = {}
        """Per name, how its value is read: "index", "call:<method>", "read" or "escape"."""
        self.dead = dead
        """Statements (ids) in branches that never run."""
        top = statements(self.body)
        for node, parent in walk_pairs(self.body, dead):
            self._site = (getattr(node, "lineno", 0), id(node) in top)
            if isinstance(node, ast.Assign):
                for target in node.targets:
                    self._bind(target, node.value)
            elif isinstance(node, ast.AnnAssign):
                self._bind(node.target, node.value)
            elif isinstance(node, ast.AugAssign):
                self._site = (node.lineno, False)  # adds to the value, overwrites nothing
                self._bind(node.target, node.value, whole=False)
            elif isinstance(node, ast.NamedExpr):
                self._bind(node.target, node.value)
            elif isinstance(node, (ast.For, ast.AsyncFor, ast.comprehension)):
                self._bind(node.target, None)
            elif isinstance(node, (ast.With, ast.AsyncWith)):
                for item in node.items:
                    if item.optional_vars is not None:
                        self._bind(item.optional_vars, None)
            elif isinstance(node, (ast.Import, ast.ImportFrom)):
                for alias in node.names:
                    self._add((alias.asname or alias.name).split(".")[0], None)
            elif isinstance(node, ast.ExceptHandler) and node.name:
                self._add(node.name, None)
            elif isinstance(node, ast.Call):
                self._mutation(node)
            elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load):
                self.uses.setdefault(node.id, set()).add(use(node, parent))
        if isinstance(self.body, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            self._site = (self.body.lineno, False)
            for arg in ast.walk(self.body.args):
                if isinstance(arg, ast.arg):
                    self._add(arg.arg, None)
            for node in ast.walk(self.body):  # a nested function may rebind ours: unknown
                if isinstance(node, ast.Nonlocal):
                    for name in node.names:
                        if name in self.assigned:
                            self._add(name, None, whole=False)
        elif self.module is None:
            self._outside_writes()

    def _outside_writes(self) -> None:
        """A module name written from inside a function (``global``, a mutation) gets those
        values too, and its uses there count; a function's local of the same name only makes
        the module's less literal."""
        for function in ast.walk(self.body):
            if not isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
                continue
            declared = {n for g in ast.walk(function) if isinstance(g, ast.Global) for n in g.names}
            for node, parent in walk_pairs(function, frozenset()):
                self._site = (getattr(node, "lineno", 0), False)
                if isinstance(node, ast.Call):
                    self._mutation(node, only_known=True)
                elif isinstance(node, ast.Name) and node.id in self.assigned:
                    if isinstance(node.ctx, ast.Load):
                        self.uses.setdefault(node.id, set()).add(use(node, parent))
                    elif node.id in declared:
                        self._add(node.id, None, whole=False)  # rebound by a function: unknown
                if isinstance(node, (ast.Assign, ast.AugAssign, ast.AnnAssign)):
                    targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                    for target in targets:
                        held = target.value if isinstance(target, ast.Subscript) else None
                        if isinstance(held, ast.Name) and held.id in self.assigned:
                            self._add(held.id, node.value, whole=False)

    def _mutation(self, call: ast.Call, only_known: bool = False) -> None:
        func = call.func
        if not (isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name)):
            return
        name = func.value.id
        if func.attr not in _MUTATORS or (only_known and name not in self.assigned):
            return
        args = [*call.args, *(k.value for k in call.keywords)]
        for arg in args:
            self._add(name, arg, whole=False)
        if func.attr == "set" and len(call.args) == 3:
            self.stores.setdefault(name, []).append((key_of(call.args[1]), call.args[2]))
        elif func.attr == "setdefault" and call.args:
            value = call.args[1] if len(call.args) > 1 else None
            self.stores.setdefault(name, []).append((key_of(call.args[0]), value))

    def _add(self, name: str, value: ast.expr | None, whole: bool = True) -> None:
        self.assigned.setdefault(name, []).append(value)
        self.sites.setdefault(name, []).append(self._site)
        if whole:
            self.whole.setdefault(name, []).append(value)

    def _bind(self, target: ast.expr, value: ast.expr | None, whole: bool = True) -> None:
        if isinstance(target, ast.Name):
            self._add(target.id, value, whole)
        elif (
            isinstance(target, (ast.Tuple, ast.List))
            and isinstance(value, (ast.Tuple, ast.List))
            and len(target.elts) == len(value.elts)
            and not any(isinstance(e, ast.Starred) for e in [*target.elts, *value.elts])
        ):
            for part, part_value in zip(target.elts, value.elts, strict=True):
                self._bind(part, part_value, whole)
        elif isinstance(target, ast.Subscript) and isinstance(target.value, ast.Name):
            held = target.value.id  # x[k] = v puts v (and k) into x, keyed by a constant k
            self._add(held, value, whole=False)
            self._add(held, target.slice, whole=False)
            self.stores.setdefault(held, []).append((key_of(target.slice), value))
        else:
            for node in ast.walk(target):
                if isinstance(node, ast.Name):
                    self._add(node.id, None, whole)

    def _dead_branches(self) -> frozenset[int]:
        """Statements of ``if``/``while`` branches whose condition folds to a constant."""
        dead: set[int] = set()
        top = statements(self.body)
        for node, _ in walk_pairs(self.body, frozenset()):
            if isinstance(node, (ast.If, ast.While)):
                # a top-level `if` sees only what was bound before it (no loop brings back a
                # later value); a nested one every value of the name
                view = self.at(node.lineno, before=True) if id(node) in top else self
                taken = fold.truth(node.test, view)
                never = node.body if taken is False else node.orelse if taken else []
                dead.update(id(stmt) for stmt in never)
            elif isinstance(node, ast.Match):
                view = self.at(node.lineno, before=True) if id(node) in top else self
                dead.update(id(stmt) for stmt in fold.unmatched(node, view))
        return frozenset(dead)

    def owner(self, name: str) -> Scope:
        """The scope ``name`` is looked up in: this one, an enclosing function, the module."""
        scope: Scope | None = self
        while scope is not None:
            if name in scope.assigned:
                return scope
            scope = scope.enclosing
        return self.module if self.module is not None else self

    def values_of(self, name: str) -> list[ast.expr | None] | None:
        """Everything ``name`` is bound to where it is looked up; None when nothing binds it."""
        return self.owner(name).assigned.get(name)

    def at(self, line: int, before: bool = False) -> Scope:
        """This scope as seen from ``line``: what an unconditional top-level assignment before
        the line overwrote (a parameter reset to a constant) no longer counts; with ``before``,
        neither does what is bound on or after the line (for a top-level statement only)."""
        view = copy.copy(self)
        view.assigned = {}
        for name, values in self.assigned.items():
            sites = self.sites[name]
            kill = max((ln for ln, top in sites if top and ln < line), default=0)
            view.assigned[name] = [
                v
                for v, (ln, _) in zip(values, sites, strict=True)
                if ln >= kill and not (before and ln >= line)
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
        if isinstance(node, (ast.List, ast.Tuple, ast.Set)):
            return all(self.literal(e, depth + 1) for e in node.elts)
        if isinstance(node, ast.Dict):
            items = [*node.keys, *node.values]
            return all(i is not None and self.literal(i, depth + 1) for i in items)
        if isinstance(node, ast.IfExp):
            taken = fold.truth(node.test, self)
            sides = [node.body] if taken else [node.orelse] if taken is False else []
            sides = sides or [node.body, node.orelse]
            return all(self.literal(side, depth + 1) for side in sides)
        if dotted(node) in _TRUSTED_NAMES:
            return True
        if isinstance(node, ast.Name):
            if node.id not in self.assigned and self.owner(node.id) is not self:
                return self.owner(node.id).literal(node, depth + 1)
            values = self.assigned.get(node.id) or []
            return (
                bool(values)
                and not self._changed_elsewhere(node.id)
                and all(self.literal(v, depth + 1) for v in values)
            )
        if isinstance(node, ast.Subscript):
            keyed = self._keyed(node.value, node.slice)
            if keyed is not None:
                return all(self.literal(v, depth + 1) for v in keyed)
            return self._element(node.value, node.slice, depth + 1)
        if isinstance(node, ast.Attribute):
            return self.literal(node.value, depth + 1)
        if isinstance(node, ast.Call):
            return self._call(node, depth + 1)
        return False

    def _changed_elsewhere(self, name: str) -> bool:
        """A mutable container handed to a call that may change it."""
        mutable = any(is_mutable(v) for v in self.whole.get(name, ()))
        return mutable and "escape" in self.uses.get(name, ())

    def _keyed(self, container: ast.expr, key: ast.expr, config: bool = False) -> list | None:
        """The values stored under a constant ``key`` of a dict or config parser that is only
        ever used key by key; None when that cannot be told."""
        name = container.id if isinstance(container, ast.Name) else ""
        wanted = key_of(key)
        if not name or name not in self.assigned or wanted is fold.UNKNOWN:
            return None
        uses = self.uses.get(name, set())
        if not uses <= {"index"} | {f"call:{m}" for m in _KEYED_METHODS}:
            return None
        values: list[ast.expr | None] = []
        for whole in self.whole.get(name, []):
            made = dotted(whole.func) if isinstance(whole, ast.Call) else ""
            empty = isinstance(whole, ast.Call) and not whole.args and not whole.keywords
            if config and made in _CONFIG_PARSERS and empty:
                continue  # a new parser holds nothing but what is set into it
            if not config and made == "dict" and empty:
                continue
            if config or not isinstance(whole, ast.Dict):
                return None
            for k, v in zip(whole.keys, whole.values, strict=True):
                if k is None or key_of(k) in (wanted, fold.UNKNOWN):
                    values.append(v)
        for stored_key, value in self.stores.get(name, []):
            if stored_key in (wanted, fold.UNKNOWN):
                values.append(value)
        text = [v.value for v in values if isinstance(v, ast.Constant)]
        if config and any(isinstance(t, str) and ("%(" in t or "${" in t) for t in text):
            return None  # interpolation may pull in another key's value
        return values

    def _call(self, call: ast.Call, depth: int) -> bool:
        name = dotted(call.func)
        if name in _NEUTRAL_CALLS:
            return True
        args = [*call.args, *(k.value for k in call.keywords)]
        if name in ("str", "repr"):
            return all(self.literal(a, depth) for a in args)
        if isinstance(call.func, ast.Attribute):  # a method of a literal, e.g. TABLE.get(key)
            if call.func.attr == "get" and call.args:
                keyed = self._get(call, depth)
                if keyed is not None:
                    return keyed
                defaults = [*call.args[1:], *(k.value for k in call.keywords)]
                return self.literal(call.func.value, depth) and all(
                    self.literal(a, depth) for a in defaults
                )
            receiver = self.literal(call.func.value, depth)
            return receiver and all(self.literal(a, depth) for a in args)
        return False

    def _get(self, call: ast.Call, depth: int) -> bool | None:
        """``d.get(k, default)`` or a config parser's ``get(section, option)`` read by key."""
        assert isinstance(call.func, ast.Attribute)
        keywords = {k.arg for k in call.keywords}
        receiver = call.func.value
        if len(call.args) == 2 and keywords <= {"fallback"}:
            stored = self._keyed(receiver, call.args[1], config=True)
            if stored is not None:
                return all(
                    self.literal(v, depth) for v in [*stored, *(k.value for k in call.keywords)]
                )
        if len(call.args) in (1, 2) and not keywords:
            stored = self._keyed(receiver, call.args[0])
            if stored is not None:
                return all(self.literal(v, depth) for v in [*stored, *call.args[1:]])
        return None

    def sequence(self, name: str) -> list[ast.expr] | None:
        """The elements of a list built here from one literal display plus ``append``/``extend``
        of literal displays, in source order (both branches of an ``if``), else None."""
        whole = self.whole.get(name, [])
        if len(whole) != 1 or not isinstance(whole[0], (ast.List, ast.Tuple)):
            return None
        if not self.uses.get(name, set()) <= {"call:append", "call:extend", "escape", "read"}:
            return None
        items: list[tuple[tuple[int, int], ast.expr]] = [
            ((e.lineno, e.col_offset), e) for e in whole[0].elts
        ]
        for node, _ in walk_pairs(self.body, self.dead):
            if not (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and isinstance(node.func.value, ast.Name)
                and node.func.value.id == name
                and node.func.attr in ("append", "extend")
                and len(node.args) == 1
            ):
                continue
            added = node.args[0]
            if node.func.attr == "extend":
                if not isinstance(added, (ast.List, ast.Tuple)):
                    return None
                items += [((node.lineno, node.col_offset + i), e) for i, e in enumerate(added.elts)]
            else:
                items.append(((node.lineno, node.col_offset), added))
        return [e for _, e in sorted(items, key=lambda item: item[0])]

    def _element(self, container: ast.expr, index: ast.expr, depth: int) -> bool:
        """``container[index]``: a constant index picks one element of a literal tuple or list,
        any other index any element (all must be literal)."""
        if isinstance(container, ast.Name) and isinstance(index, ast.Constant):
            scope = self.owner(container.id)
            if scope._changed_elsewhere(container.id):
                return False
            values = scope.assigned.get(container.id) or []
            if len(values) == 1 and isinstance(values[0], (ast.Tuple, ast.List)):
                elements = values[0].elts
                if isinstance(index.value, int) and -len(elements) <= index.value < len(elements):
                    return scope.literal(elements[index.value], depth)
        return self.literal(container, depth)

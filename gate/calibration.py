"""Calibration of call-only tool findings: which stay blocking when no data-flow rule confirms them.

bandit's call-only checks (and pylint's eval/exec) flag a call whatever the data. Where our
data-flow rules for the same weakness looked at the line and said nothing, such a finding is
kept as a warning, never dropped; it stays a normal (blocking-capable) finding for the escape
classes below, read from the flagged call's syntax (the code is parsed, never run):

- exec / eval / compile of a non-literal;
- shell execution of a non-literal: ``shell=True`` or a shell-only API (``os.system``,
  ``os.popen``, ``subprocess.getoutput``, ``asyncio.create_subprocess_shell``), an argv list that
  runs a shell with ``-c`` and a non-literal command, ``os.exec*``/``os.spawn*`` of a non-literal
  program or of a shell ``-c`` command;
- deserialisation (pickle and its kin, marshal) of non-literal data.

A value counts as literal when it cannot carry outside data in a usable form: a constant; an
f-string, concatenation, list, tuple or dict of literals; a number (``int()``, ``float()``,
``len()``); a shell-quoted word (``shlex.quote``); a server-made uuid; bytes ``pickle.dumps``
just made; an element of a literal table (``TABLE[key]``, ``TABLE.get(key)``: whatever the key,
one of the program's own values; a constant index picks one element); a method or attribute
of a literal; or a name whose every assignment in its function is literal (a name the function
never assigns is looked up in the module).
"""

from __future__ import annotations

import ast
from collections.abc import Iterator

ESCAPE_RULES = frozenset(
    {
        "bandit/B102",
        "bandit/B307",
        "bandit/B301",
        "bandit/B602",
        "bandit/B603",
        "bandit/B604",
        "bandit/B605",
        "bandit/B606",
        "pylint/W0122",
        "pylint/W0123",
    }
)
"""Call-only checks whose call may belong to an escape class (the others are warnings)."""

_CODE = frozenset({"exec", "eval", "compile", "builtins.exec", "builtins.eval", "builtins.compile"})
_SHELL_APIS = frozenset(
    {
        "os.system",
        "os.popen",
        "subprocess.getoutput",
        "subprocess.getstatusoutput",
        "asyncio.create_subprocess_shell",
        "commands.getoutput",
        "commands.getstatusoutput",
    }
)
_PROCESS_APIS = frozenset(
    {
        "subprocess.run",
        "subprocess.call",
        "subprocess.check_call",
        "subprocess.check_output",
        "subprocess.Popen",
        "asyncio.create_subprocess_exec",
    }
)
_SHELLS = frozenset(
    {"sh", "bash", "zsh", "dash", "ksh", "csh", "tcsh", "fish", "ash", "busybox"}
    | {"cmd", "cmd.exe", "powershell", "powershell.exe", "pwsh"}
)
_SHELL_FLAGS = frozenset({"-c", "/c", "/C", "-Command", "-command", "-lc", "-ec", "-ic"})
_DESERIALISERS = frozenset(
    {
        f"{module}.{call}"
        for module in ("pickle", "cPickle", "_pickle", "dill", "cloudpickle", "jsonpickle")
        for call in ("load", "loads", "Unpickler", "decode")
    }
    | {"marshal.load", "marshal.loads", "shelve.open", "shelve.DbfilenameShelf"}
)
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


class _Scope:
    """Assignments of one function (or the module) to plain names, for literal resolution."""

    def __init__(self, body: ast.AST, module: _Scope | None = None) -> None:
        self.module = module
        """The module's scope, for names this function never assigns."""
        self.assigned: dict[str, list[ast.expr | None]] = {}
        for node in _walk_scope(body):
            if isinstance(node, ast.Assign):
                for target in node.targets:
                    self._bind(target, node.value)
            elif isinstance(node, (ast.AnnAssign, ast.AugAssign)):
                value = node.value if isinstance(node, ast.AnnAssign) else None
                self._bind(node.target, value)
            elif isinstance(node, (ast.For, ast.AsyncFor, ast.With, ast.AsyncWith)):
                targets = [node.target] if isinstance(node, (ast.For, ast.AsyncFor)) else []
                targets += [i.optional_vars for i in getattr(node, "items", []) if i.optional_vars]
                for target in targets:
                    for name in ast.walk(target):
                        if isinstance(name, ast.Name):
                            self.assigned.setdefault(name.id, []).append(None)
        if isinstance(body, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            for arg in ast.walk(body.args):
                if isinstance(arg, ast.arg):
                    self.assigned.setdefault(arg.arg, []).append(None)

    def _bind(self, target: ast.expr, value: ast.expr | None) -> None:
        if isinstance(target, ast.Name):
            self.assigned.setdefault(target.id, []).append(value)
        else:
            for name in ast.walk(target):
                if isinstance(name, ast.Name):
                    self.assigned.setdefault(name.id, []).append(None)

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


def _walk_scope(root: ast.AST) -> Iterator[ast.AST]:
    """Nodes of one scope, not descending into nested functions or classes."""
    stack = list(ast.iter_child_nodes(root))
    while stack:
        node = stack.pop()
        yield node
        if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)):
            stack.extend(ast.iter_child_nodes(node))


def _keyword(call: ast.Call, name: str) -> ast.expr | None:
    return next((k.value for k in call.keywords if k.arg == name), None)


def _shell_argv(items: list[ast.expr], scope: _Scope) -> bool:
    """``["sh", "-c", x]`` (or its positional form) with a non-literal after the flag."""
    if not items or not isinstance(items[0], ast.Constant) or not isinstance(items[0].value, str):
        return False
    if items[0].value.rsplit("/", 1)[-1].rsplit("\\", 1)[-1] not in _SHELLS:
        return False
    for index, item in enumerate(items):
        if isinstance(item, ast.Constant) and item.value in _SHELL_FLAGS:
            return any(not scope.literal(rest) for rest in items[index + 1 :])
    return False


def _argv_items(node: ast.expr | None) -> list[ast.expr]:
    return list(node.elts) if isinstance(node, (ast.List, ast.Tuple)) else []


def classify_call(call: ast.Call, scope: _Scope) -> str | None:
    """The escape class of one call, or None when its data is literal or it is no escape."""
    name = dotted(call.func)
    first = call.args[0] if call.args else None
    if name in _CODE:
        code = first if first is not None else _keyword(call, "source")
        return None if scope.literal(code) else f"{name.rsplit('.', 1)[-1]} of non-literal code"
    if name in _SHELL_APIS:
        command = first if first is not None else _keyword(call, "cmd")
        return None if scope.literal(command) else f"{name} of a non-literal command"
    if name in _PROCESS_APIS:
        args = first if first is not None else _keyword(call, "args")
        shell = _keyword(call, "shell")
        shell_on = shell is not None and not (isinstance(shell, ast.Constant) and not shell.value)
        if shell_on and not scope.literal(args):
            return f"{name} with shell=True and a non-literal command"
        argv = list(call.args) if name.endswith("_exec") else _argv_items(args)
        if _shell_argv(argv, scope):
            return f"{name} runs a shell -c with a non-literal command"
        return None
    head, _, tail = name.rpartition(".")
    if head == "os" and (tail.startswith("exec") or tail.startswith("spawn")):
        rest = call.args[1:] if tail.startswith("spawn") else list(call.args)
        program = rest[0] if rest else None
        argv = (
            _argv_items(rest[1])
            if tail.endswith(("v", "ve", "vp", "vpe")) and len(rest) > 1
            else rest[1:]
        )
        if program is not None and not scope.literal(program):
            return f"{name} of a non-literal program"
        if _shell_argv(argv, scope):
            return f"{name} runs a shell -c with a non-literal command"
        return None
    if name in _DESERIALISERS:
        data = first if first is not None else (call.keywords[0].value if call.keywords else None)
        return None if scope.literal(data) else f"{name} of non-literal data"
    return None


class SourceCalls:
    """One parsed file: the calls on each line and the scope each belongs to."""

    def __init__(self, text: str) -> None:
        self.calls: dict[int, list[tuple[ast.Call, _Scope]]] = {}
        try:
            tree = ast.parse(text)
        except (SyntaxError, ValueError):
            return  # unparsable: no call can be judged literal, see escape()
        self._index(tree, _Scope(tree))

    def _index(self, root: ast.AST, scope: _Scope) -> None:
        for node in _walk_scope(root):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
                self._index(node, _Scope(node, scope.module or scope))
            elif isinstance(node, ast.ClassDef):
                self._index(node, scope)
            elif isinstance(node, ast.Call):
                for line in range(node.lineno, (node.end_lineno or node.lineno) + 1):
                    self.calls.setdefault(line, []).append((node, scope))

    def escape(self, line: int) -> str | None:
        """The escape class of a call on ``line`` (the innermost first), or None."""
        found = self.calls.get(line, [])
        starting = [c for c in found if c[0].lineno == line] or found
        for call, scope in sorted(starting, key=lambda c: -c[0].col_offset):
            reason = classify_call(call, scope)
            if reason is not None:
                return reason
        return None

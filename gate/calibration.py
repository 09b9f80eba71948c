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

A value counts as literal when it is a constant, an f-string or concatenation of constants, or a
local name whose every assignment in the enclosing function (or module) is literal.
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

    def __init__(self, body: ast.AST) -> None:
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
        if dotted(node) in _TRUSTED_NAMES:
            return True
        if isinstance(node, ast.Name):
            values = self.assigned.get(node.id) or []
            return bool(values) and all(self.literal(v, depth + 1) for v in values)
        return False


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
                self._index(node, _Scope(node))
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

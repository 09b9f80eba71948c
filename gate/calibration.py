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

A value counts as literal as gate.literal says (constants, numbers, quoted words, elements of
constant tables, names only ever assigned such values).
"""

from __future__ import annotations

import ast

from gate.literal import Scope, dotted, walk_scope

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


def _keyword(call: ast.Call, name: str) -> ast.expr | None:
    return next((k.value for k in call.keywords if k.arg == name), None)


def _shell_argv(items: list[ast.expr], scope: Scope) -> bool:
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


def classify_call(call: ast.Call, scope: Scope) -> str | None:
    """The escape class of one call, or None when its data is literal or it is no escape."""
    name = dotted(call.func)
    first = call.args[0] if call.args else None
    scope = scope.at(call.lineno)
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
        self.calls: dict[int, list[tuple[ast.Call, Scope]]] = {}
        try:
            tree = ast.parse(text)
        except (SyntaxError, ValueError):
            return  # unparsable: no call can be judged literal, see escape()
        self._index(tree, Scope(tree))

    def _index(self, root: ast.AST, scope: Scope) -> None:
        for node in walk_scope(root):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
                self._index(node, Scope(node, scope.module or scope))
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

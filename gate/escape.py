"""Escape classes of a call, read from its syntax (gate.calibration uses them): which calls on
non-literal data stay blocking, and which a known safe origin makes a warning (gate.origin).

- exec / eval / compile of a non-literal;
- shell execution of a non-literal: ``shell=True`` or a shell-only API (``os.system``,
  ``os.popen``, ``subprocess.getoutput``, ``asyncio.create_subprocess_shell``), an argv list that
  runs a shell with ``-c`` and a non-literal command, ``os.exec*``/``os.spawn*`` of a non-literal
  program or of a shell ``-c`` command;
- deserialisation (pickle and its kin, marshal) of non-literal data.

A value counts as literal as gate.literal says (constants, numbers, quoted words, elements of
constant tables, names only ever assigned such values). The code is parsed, never run.
"""

from __future__ import annotations

import ast
import functools
from collections.abc import Callable
from dataclasses import dataclass

from gate.astwalk import dotted, walk_scope
from gate.bindings import Module
from gate.literal import Scope
from gate.origin import Origins

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


def _shell_argv(items: list[ast.expr], scope: Scope) -> ast.expr | None:
    """``["sh", "-c", x]`` (or its positional form) with a non-literal after the flag: the
    first non-literal item after it."""
    if not items or not isinstance(items[0], ast.Constant) or not isinstance(items[0].value, str):
        return None
    if items[0].value.rsplit("/", 1)[-1].rsplit("\\", 1)[-1] not in _SHELLS:
        return None
    for index, item in enumerate(items):
        if isinstance(item, ast.Constant) and item.value in _SHELL_FLAGS:
            return next((r for r in items[index + 1 :] if not scope.literal(r)), None)
    return None


def _argv_items(node: ast.expr | None, scope: Scope) -> list[ast.expr]:
    """An argv display, or the list a name was built into (``argv.append("sh")`` ...)."""
    if isinstance(node, (ast.List, ast.Tuple)):
        return list(node.elts)
    if isinstance(node, ast.Name):
        return scope.sequence(node.id) or []
    return []


@dataclass(frozen=True)
class Judgement:
    """How calibration judges one escape-class call on non-literal data."""

    blocking: bool
    """True: an escape, the normal threshold applies; False: kept as a warning (gate.origin)."""
    reason: str
    """Why, in one line."""
    known_input: bool = True
    """For a blocking escape: a known input source reaches its data (Flow.reaches_input), or
    the gate cannot tell; False when the data comes from a caller's argument or program state
    only (gate.calibration rates that medium)."""


def classify_call(call: ast.Call, scope: Scope, origins: Origins | None = None) -> str | None:
    """The escape class of one call, or None when its data is literal, its origin makes it a
    warning (gate.origin) or it is no escape."""
    judged = judge_call(call, scope, origins)
    return judged.reason if judged is not None and judged.blocking else None


def judge_call(call: ast.Call, scope: Scope, origins: Origins | None = None) -> Judgement | None:
    """The escape class of one call and whether its data's origin softens it; None when its
    data is literal or it is no escape."""
    name = dotted(call.func)
    first = call.args[0] if call.args else None
    scope = scope.at(call.lineno)
    frame = origins.module.frame_of.get(id(call)) if origins is not None else None

    def escape(reason: str, data: ast.expr | None, code: bool = False) -> Judgement:
        if origins is None or frame is None:
            return Judgement(True, reason)
        soft = origins.code(data, frame) if code else origins.command(data, frame)
        if soft is not None:
            return Judgement(False, f"{reason}: {soft}")
        return Judgement(True, reason, origins.reaches_input(data, frame))

    if name in _CODE:
        code = first if first is not None else _keyword(call, "source")
        what = f"{name.rsplit('.', 1)[-1]} of non-literal code"
        return None if scope.literal(code) else escape(what, code, code=True)
    if name in _SHELL_APIS:
        command = first if first is not None else _keyword(call, "cmd")
        what = f"{name} of a non-literal command"
        return None if scope.literal(command) else escape(what, command)
    if name in _PROCESS_APIS:
        args = first if first is not None else _keyword(call, "args")
        shell = _keyword(call, "shell")
        shell_on = shell is not None and not (isinstance(shell, ast.Constant) and not shell.value)
        if shell_on and not scope.literal(args):
            return escape(f"{name} with shell=True and a non-literal command", args)
        argv = list(call.args) if name.endswith("_exec") else _argv_items(args, scope)
        command = _shell_argv(argv, scope)
        if command is not None:
            return escape(f"{name} runs a shell -c with a non-literal command", command)
        return None
    head, _, tail = name.rpartition(".")
    if head == "os" and (tail.startswith("exec") or tail.startswith("spawn")):
        rest = call.args[1:] if tail.startswith("spawn") else list(call.args)
        program = rest[0] if rest else None
        argv = (
            _argv_items(rest[1], scope)
            if tail.endswith(("v", "ve", "vp", "vpe")) and len(rest) > 1
            else rest[1:]
        )
        if program is not None and not scope.literal(program):
            return escape(f"{name} of a non-literal program", program)
        command = _shell_argv(argv, scope)
        if command is not None:
            return escape(f"{name} runs a shell -c with a non-literal command", command)
        return None
    if name in _DESERIALISERS:
        data = first if first is not None else (call.keywords[0].value if call.keywords else None)
        if scope.literal(data):
            return None
        seen = origins is None or frame is None or origins.reaches_input(data, frame)
        return Judgement(True, f"{name} of non-literal data", seen)
    return None


ScopeOf = Callable[[], Scope]
"""A function's (or the module's) scope, built the first time a call in it is judged."""


def _function_scope(node: ast.AST, parent: ScopeOf) -> ScopeOf:
    @functools.cache
    def scope() -> Scope:
        outer = parent()
        enclosing = outer if outer.module is not None else None
        return Scope(node, outer.module or outer, enclosing)

    return scope


class SourceCalls:
    """One parsed file: the calls on each line and the scope each belongs to (a function's
    scope is read only when a call in it is judged: most functions of a file hold none)."""

    def __init__(self, text: str, path: str = "", project: frozenset[str] = frozenset()) -> None:
        self.calls: dict[int, list[tuple[ast.Call, ScopeOf]]] = {}
        self.origins: Origins | None = None
        try:
            tree = ast.parse(text)
        except (SyntaxError, ValueError):
            return  # unparsable: no call can be judged literal, see escape()
        self.origins = Origins(Module(tree, path, project))
        self._index(tree, functools.cache(lambda: Scope(tree)))

    def _index(self, root: ast.AST, scope: ScopeOf) -> None:
        for node in walk_scope(root):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
                self._index(node, _function_scope(node, scope))
            elif isinstance(node, ast.ClassDef):
                self._index(node, scope)
            elif isinstance(node, ast.Call):
                for line in range(node.lineno, (node.end_lineno or node.lineno) + 1):
                    self.calls.setdefault(line, []).append((node, scope))

    def _starting(self, line: int) -> list[tuple[ast.Call, Scope]]:
        found = self.calls.get(line, [])
        starting = [c for c in found if c[0].lineno == line] or found
        ordered = sorted(starting, key=lambda c: -c[0].col_offset)  # the innermost first
        return [(call, scope()) for call, scope in ordered]

    def judge(self, line: int) -> Judgement | None:
        """The escape class of the calls on ``line`` (the innermost first): the first blocking
        one, else the first softened one, else None."""
        judged = [judge_call(call, scope, self.origins) for call, scope in self._starting(line)]
        return next((j for j in judged if j is not None and j.blocking), None) or next(
            (j for j in judged if j is not None), None
        )

    def escape(self, line: int) -> str | None:
        """The blocking escape class of a call on ``line``, or None."""
        judged = self.judge(line)
        return judged.reason if judged is not None and judged.blocking else None

    def constant_command(self, line: int) -> str | None:
        """How a shell or process call on ``line`` runs a command that is literal all through
        (its outside data sits in a branch that never runs, under another key...), when no
        call on the line is an escape; else None."""
        if self.judge(line) is not None:
            return None
        for call, scope in self._starting(line):
            scope = scope.at(call.lineno)
            name = dotted(call.func)
            command = call.args[0] if call.args else _keyword(call, "args") or _keyword(call, "cmd")
            if name not in _SHELL_APIS | _PROCESS_APIS or command is None:
                continue
            argv = _argv_items(command, scope)
            if scope.literal(command) or (argv and all(scope.literal(a) for a in argv)):
                return f"{name} runs a command that is literal here"
        return None

    def literal_call(self, line: int) -> str | None:
        """How the calls on ``line`` take only literal arguments (outside data reaches them
        only through a branch that never runs, another key...): then no data flows into the
        call at all. None when a call has a non-literal argument or receiver, or none is there."""
        starting = self._starting(line)
        if not starting:
            return None
        for call, scope in starting:
            scope = scope.at(call.lineno)
            arguments = [*call.args, *(k.value for k in call.keywords)]
            if not dotted(call.func) or not all(scope.literal(a) for a in arguments):
                return None
        return f"{dotted(starting[-1][0].func)} takes only literal arguments here"

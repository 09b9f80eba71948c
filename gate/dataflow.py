"""Whether input reaches a value within one parsed file (gate.origin builds on it): a value is
literal, a program value (made of literals, parameters of functions that are no web views,
attributes and pure string or container operations) or unknown (an input source: request
data, environment, argv, stdin; or what a call it cannot see into returns). Parameters of a
module-private function take what its callers in the file pass. The code is parsed, never run.

``reaches_input`` asks a narrower question: does a *known* input source reach the value (the
sources above, a file at a fixed or input-chosen path, a socket, process or network read,
unpacking of packed bytes), reading what a call it cannot see into returns as a program value
and a file whose path a caller chose as that caller's data. gate.calibration rates an
escape-class call high only with such evidence; of unknown origin (a caller's argument, an
unseen call) it is medium.
"""

from __future__ import annotations

import ast
from collections.abc import Callable
from typing import TypeVar

from gate.astwalk import dotted
from gate.bindings import Frame, Module

T = TypeVar("T")
COMPILE = frozenset({"compile", "builtins.compile"})
CODE_TYPES = frozenset({"CodeType", "types.CodeType"})
_SOURCES = (
    *("request", "req", "input", "sys.stdin", "sys.argv", "os.environ", "environ"),
    *("os.getenv", "getenv", "os.environb", "flask.request", "websocket"),
)
"""Names (and prefixes of dotted names) that are input sources."""
_WEB_PARAMS = frozenset({"request", "req", "websocket"})
_WEB_DECORATORS = frozenset({"route", "get", "post", "put", "patch", "delete", "api_view"})
_WEB_DECORATORS |= {"websocket", "view_config", "api_route", "head", "options"}
_PURE_CALLS = frozenset(
    {"str", "repr", "int", "float", "bool", "len", "range", "enumerate", "zip", "sorted"}
    | {"reversed", "tuple", "list", "dict", "set", "frozenset", "min", "max", "abs", "hex"}
    | {"oct", "format", "id", "hash", "isinstance", "map", "filter", "any", "all", "sum"}
    | {"round", "chr", "ord", "ascii", "textwrap.dedent", "textwrap.indent"}
    | {"CodeType", "types.CodeType"}
)
"""Functions whose result is made of their arguments only (no input of their own)."""
_PURE_METHODS = frozenset(
    {"join", "format", "replace", "strip", "lstrip", "rstrip", "lower", "upper", "title"}
    | {"capitalize", "split", "rsplit", "splitlines", "items", "keys", "values", "startswith"}
    | {"endswith", "count", "index", "find", "ljust", "rjust", "center", "zfill", "partition"}
    | {"rpartition", "copy", "casefold", "expandtabs", "removeprefix", "removesuffix"}
)
"""Methods of strings and containers whose result is made of the receiver and arguments."""
_INPUT_MODULES = frozenset(
    {"base64", "binascii", "zlib", "gzip", "bz2", "lzma", "marshal", "pickle", "codecs"}
    | {"socket", "ssl", "requests", "httpx", "urllib3", "aiohttp", "http", "ftplib", "urllib"}
    | {"subprocess", "shelve", "dbm", "sqlite3", "fileinput", "tarfile", "zipfile", "io"}
)
"""Modules whose functions read or unpack outside data (a call into them is known input)."""
_INPUT_CALLS = frozenset(
    {"input", "os.read", "os.fdopen", "os.popen", "bytes.fromhex", "urlopen"}
    | {"b64decode", "urlsafe_b64decode", "decompress", "unhexlify", "a2b_base64", "getoutput"}
)
"""Functions (by dotted or bare name) that return outside data."""
_INPUT_METHODS = frozenset(
    {"recv", "recvfrom", "recv_into", "makefile", "urlopen", "json", "iter_content"}
    | {"iter_lines", "communicate"}
)
"""Methods that return what a socket, process or response holds (a file's ``read`` is as
trusted as the file: see _OPENERS)."""
_OPENERS = frozenset(
    {"open", "io.open", "codecs.open", "Path", "pathlib.Path", "PurePath", "pathlib.PurePath"}
)
"""Calls that open (or name) a file: outside data unless the path is a caller's argument or
program state (then the file's content is as trusted as whoever chose the path)."""
_FILLERS = ("recv_into", "recvfrom_into", "readinto", "readinto1")
"""Methods that fill the buffer they are handed with outside data (for reaches_input)."""
_BUILDERS = frozenset({"join", "format", "replace", "strip", "lstrip", "rstrip", "dedent"})
_MUTATORS = frozenset({"append", "extend", "insert", "update", "add", "appendleft"})
_CONTAINERS = (ast.List, ast.Dict, ast.Set, ast.ListComp, ast.DictComp, ast.SetComp)
LITERAL, PROGRAM, UNKNOWN = 0, 1, 2
"""The kinds of a value, ordered: a literal, a program value, possibly input."""
DEPTH = 12
"""How many names, calls and parameters deep a question looks before it answers unknown."""


class Flow:
    """Data-flow questions about the expressions of one parsed file."""

    def __init__(self, module: Module) -> None:
        self.module = module
        """The parsed file and its bindings."""
        self._active: set[tuple[str, int, str]] = set()
        self._lenient = False
        """True while reaches_input asks: an unseen call is a program value, not input."""

    def reaches_input(self, node: ast.AST | None, frame: Frame) -> bool:
        """True when a known input source may reach the value: request data, environment,
        argv, stdin, a file, socket, process or network read, unpacked bytes (_INPUT_*).
        Unlike kind(), what a call it cannot see into returns counts as a program value."""
        self._lenient = True
        try:
            return self.kind(node, frame) == UNKNOWN
        finally:
            self._lenient = False

    def built(self, node: ast.AST | None, frame: Frame, depth: int = 0) -> bool:
        """True when the value is a string made here: a literal, an f-string, a concatenation
        or formatting, a join; through names and module-private helpers' parameters."""
        if node is None or depth > DEPTH:
            return False
        if isinstance(node, (ast.Constant, ast.JoinedStr)):
            return True
        if isinstance(node, ast.BinOp):
            return isinstance(node.op, (ast.Add, ast.Mod, ast.Mult))
        if isinstance(node, ast.Call):
            name = dotted(node.func)
            if name in CODE_TYPES:  # a code object rebuilt from its parts (kind() reads them)
                return True
            if name in COMPILE:
                return self.built(node.args[0] if node.args else None, frame, depth + 1)
            return isinstance(node.func, ast.Attribute) and node.func.attr in _BUILDERS
        if isinstance(node, ast.Name):
            results = self._each_binding(
                node, frame, depth + 1, self.built, False, values_only=True
            )
            return bool(results) and all(results)
        return False

    def kind(self, node: ast.AST | None, frame: Frame, depth: int = 0) -> int:
        """LITERAL, PROGRAM (no input source reaches it in this file) or UNKNOWN."""
        if node is None:
            return LITERAL
        if depth > DEPTH:
            # too deep to tell: kind() assumes input; reaches_input wants evidence of it
            return PROGRAM if self._lenient else UNKNOWN
        depth += 1
        name = dotted(node) if isinstance(node, ast.expr) else ""
        if name and (name in _SOURCES or name.startswith(tuple(f"{s}." for s in _SOURCES))):
            return UNKNOWN
        if isinstance(node, ast.Constant):
            return LITERAL
        if isinstance(node, ast.Name):
            kinds = self._each_binding(
                node, frame, depth, self.kind, UNKNOWN, other=PROGRAM, param=self._param_kind
            )
            if self._container(node, frame):
                kinds.append(self._mutations(node, frame, depth))
            return max(kinds, default=LITERAL)
        if isinstance(node, ast.Attribute):
            if node.attr in _WEB_PARAMS:  # self.request.GET in a class-based view
                return UNKNOWN
            return max(self.kind(node.value, frame, depth), PROGRAM)
        if isinstance(node, ast.Call):
            return self._call_kind(node, frame, depth)
        if isinstance(node, ast.Lambda):
            return PROGRAM
        if isinstance(
            node,
            (ast.JoinedStr, ast.FormattedValue, ast.BinOp, ast.BoolOp, ast.UnaryOp, ast.IfExp)
            + (ast.Compare, ast.Subscript, ast.Slice, ast.Starred, ast.List, ast.Tuple, ast.Set)
            + (ast.Dict, ast.ListComp, ast.SetComp, ast.GeneratorExp, ast.DictComp)
            + (ast.comprehension, ast.keyword),
        ):
            children = [
                c
                for c in ast.iter_child_nodes(node)
                if isinstance(c, (ast.expr, ast.comprehension))
            ]
            return max((self.kind(c, frame, depth) for c in children), default=LITERAL)
        return UNKNOWN

    def _call_kind(self, call: ast.Call, frame: Frame, depth: int) -> int:
        name = dotted(call.func)
        arguments = [*call.args, *(k.value for k in call.keywords)]
        if self._lenient and name in _OPENERS:
            # a fixed file (a literal path: outside the project, or calibration had softened
            # it) or one input names is outside data; a path from the caller is the caller's
            path = self.kind(call.args[0] if call.args else None, frame, depth)
            return PROGRAM if path == PROGRAM else UNKNOWN
        if name in _PURE_CALLS or name in COMPILE:
            receiver = LITERAL
        elif isinstance(call.func, ast.Attribute) and call.func.attr in _PURE_METHODS:
            root = call.func.value
            while isinstance(root, ast.Attribute):
                root = root.value
            found = frame.lookup(root.id) if isinstance(root, ast.Name) else None
            if found is not None and any(k == "import" for k, _, _ in found[1]):
                if not self._lenient or _input_call(name, call):
                    return UNKNOWN  # a module's function (requests.get): not a string method
            receiver = self.kind(call.func.value, frame, depth)
        elif not self._lenient or _input_call(name, call):
            return UNKNOWN  # what an unseen function returns may be anything
        else:  # reaches_input: an unseen call is made of its receiver and arguments
            receiver = PROGRAM
            if isinstance(call.func, ast.Attribute):
                receiver = max(receiver, self.kind(call.func.value, frame, depth))
        return max([receiver, *(self.kind(a, frame, depth) for a in arguments)])

    def _param_kind(self, function: ast.AST, index: int, depth: int) -> int:
        sites = self.module.arguments(function, index)
        if sites is not None:
            return max((self.kind(a, f, depth) for a, f in sites), default=PROGRAM)
        assert isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda))
        arguments = function.args
        params = [*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs]
        if any(p.arg in _WEB_PARAMS for p in params) or _is_view(function):
            return UNKNOWN  # a web framework fills it (a Django view's URL parts too)
        return PROGRAM

    # -- files ------------------------------------------------------------------------------
    # -- names ------------------------------------------------------------------------------
    @staticmethod
    def _container(node: ast.Name, frame: Frame) -> bool:
        """True when a binding of ``node`` makes a list, dict or set (which calls can fill)."""
        found = frame.lookup(node.id)
        return found is not None and any(
            isinstance(value, _CONTAINERS)
            or isinstance(value, ast.Call)
            and dotted(value.func) in ("list", "dict", "set", "bytearray")
            for _kind, value, _index in found[1]
        )

    def _each_binding(
        self,
        node: ast.Name,
        frame: Frame,
        depth: int,
        judge: Callable[[ast.AST | None, Frame, int], T],
        fail: T,
        *,
        values_only: bool = False,
        other: T | None = None,
        param: Callable[[ast.AST, int, int], T] | None = None,
    ) -> list[T]:
        """``judge`` applied to every value ``node`` may have; ``fail`` for a binding it
        cannot see (a builtin, an import, a parameter of a function others may call)."""
        found = frame.lookup(node.id)
        if found is None:
            return [fail if other is None else other]
        where, bindings = found
        key = (judge.__name__, id(where), node.id)
        if key in self._active:
            return []  # ``x = x.strip()``: the other bindings decide (a least fixpoint)
        self._active.add(key)
        try:
            return self._judge_bindings(
                bindings, where, depth, judge, fail, values_only, other, param
            )
        finally:
            self._active.discard(key)

    def _judge_bindings(
        self,
        bindings: list[tuple[str, ast.AST | None, int]],
        where: Frame,
        depth: int,
        judge: Callable[[ast.AST | None, Frame, int], T],
        fail: T,
        values_only: bool,
        other: T | None,
        param: Callable[[ast.AST, int, int], T] | None,
    ) -> list[T]:
        out: list[T] = []
        for kind, value, index in bindings:
            if kind == "value" or (kind in ("for", "with") and not values_only):
                out.append(judge(value, where, depth))
            elif kind == "unpack" and isinstance(value, (ast.Tuple, ast.List)):
                elements = value.elts
                exact = len(elements) > index and not any(
                    isinstance(e, ast.Starred) for e in elements
                )
                out.append(judge(elements[index] if exact else value, where, depth))
            elif kind == "unpack" and not values_only:
                out.append(judge(value, where, depth))
            elif kind == "param" and value is not None and param is not None:
                out.append(param(value, index, depth))
            elif kind == "param" and value is not None:
                sites = self.module.arguments(value, index)
                out += [fail] if sites is None else [judge(a, f, depth) for a, f in sites]
            elif kind in ("import", "other") and other is not None:
                out.append(other)
            else:
                out.append(fail)
        return out

    def _mutations(self, node: ast.Name, frame: Frame, depth: int) -> int:
        """The kind of what a container bound to ``node`` receives after it is made
        (``append``, ``extend``, item assignment); UNKNOWN when an unseen call gets it."""
        found = frame.lookup(node.id)
        if found is None:
            return LITERAL
        where, _bindings = found
        worst = LITERAL
        stack: list[tuple[ast.AST, Frame]] = [(where.node, where)]
        while stack:  # nested functions may fill it too (a closure): their frames
            each, inner = stack.pop()
            inner = self.module.frames.get(id(each), inner)
            stack += [(child, inner) for child in ast.iter_child_nodes(each)]
            if isinstance(each, ast.Call):
                func = each.func
                if isinstance(func, ast.Attribute) and _is_name(func.value, node.id):
                    if func.attr in _MUTATORS:
                        worst = max([worst, *(self.kind(a, inner, depth) for a in each.args)])
                elif any(
                    _is_name(a, node.id) for a in [*each.args, *(k.value for k in each.keywords)]
                ) and not (
                    dotted(func) in _PURE_CALLS
                    or isinstance(func, ast.Attribute)
                    and func.attr in _PURE_METHODS
                ):
                    if not self._lenient or dotted(func).endswith(_FILLERS):
                        return UNKNOWN  # a function that may fill it
                    worst = max(worst, PROGRAM)  # reaches_input: it runs or logs it, say
            elif isinstance(each, (ast.Assign, ast.Return, ast.Yield)) and _is_name(
                each.value or ast.Constant(None), node.id
            ):
                return UNKNOWN  # another name for it, which may be filled unseen
            if isinstance(each, ast.Assign):
                for target in each.targets:
                    if isinstance(target, ast.Subscript) and _is_name(target.value, node.id):
                        worst = max(worst, self.kind(each.value, inner, depth))
        return worst


def _input_call(name: str, call: ast.Call) -> bool:
    """True when a call (dotted ``name``) reads or unpacks outside data (_INPUT_*)."""
    if name in _INPUT_CALLS or name.rsplit(".", 1)[-1] in _INPUT_CALLS:
        return True
    if name.split(".", 1)[0] in _INPUT_MODULES:
        return True
    return isinstance(call.func, ast.Attribute) and call.func.attr in _INPUT_METHODS


def _is_name(node: ast.AST, name: str) -> bool:
    return isinstance(node, ast.Name) and node.id == name


def _is_view(function: ast.AST) -> bool:
    for decorator in getattr(function, "decorator_list", []):
        target = decorator.func if isinstance(decorator, ast.Call) else decorator
        if dotted(target).rsplit(".", 1)[-1] in _WEB_DECORATORS:
            return True
    return False

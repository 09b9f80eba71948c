"""Where each name of a parsed file is bound, and what module-private functions are passed
(gate.origin reads data origins from it). The code is parsed, never run."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass, field

from gate.astwalk import walk_scope


@dataclass
class Frame:
    """One function (or the module) of a parsed file: where names are bound."""

    node: ast.AST
    """The function or module node."""
    parent: Frame | None
    """The enclosing function's frame (a closure reads its names), else the module's, for
    names the function never binds."""
    bindings: dict[str, list[tuple[str, ast.AST | None, int]]] = field(default_factory=dict)
    """Name -> (kind, node, index): kind "value" (node is the value), "unpack" (node is the
    unpacked value, index the position), "for", "with" (node is the iterable / context),
    "param" (node is the function, index the position), "import" or "other" (def, ...)."""

    def __post_init__(self) -> None:
        for node in walk_scope(self.node):
            if isinstance(node, ast.Assign):
                for target in node.targets:
                    self._bind(target, node.value)
            elif isinstance(node, (ast.AnnAssign, ast.AugAssign, ast.NamedExpr)):
                self._bind(node.target, node.value)
            elif isinstance(node, (ast.For, ast.AsyncFor, ast.comprehension)):
                for name in _names(node.target):
                    self._add(name, "for", node.iter)
            elif isinstance(node, (ast.With, ast.AsyncWith)):
                for item in node.items:
                    for name in _names(item.optional_vars):
                        self._add(name, "with", item.context_expr)
            elif isinstance(node, (ast.Import, ast.ImportFrom)):
                for alias in node.names:
                    self._add((alias.asname or alias.name).split(".")[0], "import", None)
            elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                self._add(node.name, "other", None)
            elif isinstance(node, (ast.Global, ast.Nonlocal)):
                for name in node.names:
                    self._add(name, "other", None)
                    # rebound here: wherever else the name is read, its value is unknown
                    outer = self.parent if isinstance(node, ast.Nonlocal) else self._module()
                    if outer is not None and outer is not self:
                        outer._add(name, "other", None)
            elif isinstance(node, ast.ExceptHandler) and node.name:
                self._add(node.name, "other", None)
        if isinstance(self.node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            arguments = self.node.args
            every = [*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs]
            for index, arg in enumerate(every):
                self._add(arg.arg, "param", self.node, index)
            for extra in (arguments.vararg, arguments.kwarg):
                if extra is not None:
                    self._add(extra.arg, "other", None)

    def _module(self) -> Frame:
        frame = self
        while frame.parent is not None:
            frame = frame.parent
        return frame

    def _add(self, name: str, kind: str, node: ast.AST | None, index: int = 0) -> None:
        self.bindings.setdefault(name, []).append((kind, node, index))

    def _bind(self, target: ast.expr, value: ast.expr | None) -> None:
        if isinstance(target, ast.Name):
            self._add(target.id, "value", value)
        elif isinstance(target, (ast.Tuple, ast.List)):
            for index, part in enumerate(target.elts):
                for name in _names(part):
                    kind = "unpack" if isinstance(part, ast.Name) else "other"
                    self._add(name, kind, value, index)
        # attribute and subscript targets bind no name

    def lookup(self, name: str) -> tuple[Frame, list[tuple[str, ast.AST | None, int]]] | None:
        """Where ``name`` is bound: this frame, else the module's; None for a builtin."""
        if name in self.bindings:
            return self, self.bindings[name]
        if self.parent is not None:
            return self.parent.lookup(name)
        return None


def _names(target: ast.AST | None) -> Iterator[str]:
    for node in ast.walk(target) if target is not None else ():
        if isinstance(node, ast.Name):
            yield node.id


class Module:
    """One parsed file: its frames and, for module-private functions, every call site."""

    def __init__(self, tree: ast.Module, path: str, project_files: frozenset[str]) -> None:
        self.path = path
        """The file's repo-relative posix path."""
        self.project_files = project_files
        """Every repo-relative path of the project at the scanned revision."""
        self.frame = Frame(tree, None)
        """The module's frame."""
        self.frames: dict[int, Frame] = {}
        self.calls: dict[str, list[tuple[ast.Call, Frame]]] = {}
        self.mentions: dict[str, int] = {}
        self.frame_of: dict[int, Frame] = {}
        """The frame of every call, by the call node's id."""
        self._index(tree, self.frame)
        self.functions = {
            n.name: n
            for n in tree.body
            if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef)) and n.name.startswith("_")
        }
        """Module-level private functions by name: only the module calls them."""

    def _index(self, root: ast.AST, frame: Frame) -> None:
        for node in walk_scope(root):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
                inner = Frame(node, frame)
                self.frames[id(node)] = inner
                self._index(node, inner)
            elif isinstance(node, ast.ClassDef):
                self._index(node, frame)
            elif isinstance(node, ast.Call):
                self.frame_of[id(node)] = frame
                if isinstance(node.func, ast.Name):
                    self.calls.setdefault(node.func.id, []).append((node, frame))
            if isinstance(node, ast.Name):
                self.mentions[node.id] = self.mentions.get(node.id, 0) + 1

    def arguments(self, function: ast.AST, index: int) -> list[tuple[ast.expr, Frame]] | None:
        """What every call passes for parameter ``index`` of a module-private function; None
        when the function may be called from elsewhere (public, passed around, *args)."""
        if not isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)):
            return None
        name = function.name
        if self.functions.get(name) is not function:
            return None
        sites = self.calls.get(name, [])
        if not sites or self.mentions.get(name, 0) != len(sites):
            return None  # also used as a value (a callback): callers unknown
        arguments = function.args
        params = [*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs]
        param = params[index]
        positional = len(arguments.posonlyargs) + len(arguments.args)
        defaults = dict(
            zip(reversed(params[:positional]), reversed(arguments.defaults), strict=False)
        )
        defaults.update(
            (p, d)
            for p, d in zip(arguments.kwonlyargs, arguments.kw_defaults, strict=True)
            if d is not None
        )
        out = []
        for call, frame in sites:
            if any(isinstance(a, ast.Starred) for a in call.args) or any(
                k.arg is None for k in call.keywords
            ):
                return None
            given = [k.value for k in call.keywords if k.arg == param.arg]
            if index < positional and index < len(call.args):
                given.append(call.args[index])
            if given:
                out.append((given[0], frame))
            elif param in defaults:
                out.append((defaults[param], self.frame))
            else:
                return None
        return out

"""Where the non-literal data of an escape-class call comes from (gate.calibration), for the three
origins that make such a call a warning instead of a blocker:

- a user preference: the *whole* command (or the file run) is a conventional preference variable
  of the user running the program (``$PAGER``, ``$EDITOR``, ``$PYTHONSTARTUP``; see PREFERENCES),
  maybe with a literal fallback and a quoted temporary-file argument. git, man and Python's own
  REPL do this: the user can already run any command, so it crosses no boundary (CodeQL's threat
  models call environment data "local", off by default). A preference *inside* a larger command
  is no such choice and stays an escape.
- generated code: the string compiled or run is built (a literal template, formatting, joining)
  in the function, or in a module-private helper every caller of which passes such a string,
  from values no input source reaches there (request data, environment, argv, stdin, files,
  network, decoding, or any call it cannot see into);
- a Python file of the project at a literal path (a setup script reading its version file):
  running it is importing the project's own code, which the gate judges as code.

Anything else, and anything this module cannot prove, stays an escape. The code is parsed,
never run.
"""

from __future__ import annotations

import ast
import posixpath

from gate.astwalk import dotted
from gate.bindings import Frame
from gate.dataflow import COMPILE, DEPTH, PROGRAM, Flow

PREFERENCES: dict[str, str] = {
    "PAGER": "man(1), git: the user's pager command",
    "MANPAGER": "man(1): the user's pager for manual pages",
    "GIT_PAGER": "git(1): the user's pager for git",
    "EDITOR": "POSIX crontab(1), mailx(1), git: the user's editor command",
    "VISUAL": "POSIX crontab(1), more(1), git: the user's full-screen editor",
    "GIT_EDITOR": "git-var(1): the user's editor for git",
    "BROWSER": "Python's webbrowser module, xdg-utils: the user's browser command",
    "SHELL": "POSIX sh(1) environment: the user's login shell",
    "PYTHONSTARTUP": "Python's interactive interpreter runs the file it names at start-up",
}
"""Environment variables whose value is the running user's own choice of a program (or, for
PYTHONSTARTUP, a file of their code), documented as such by the tools named."""
_ENV_READS = frozenset({"os.environ.get", "os.getenv", "environ.get", "getenv"})
_ENV_MAPS = frozenset({"os.environ", "environ"})
_TEXT_METHODS = frozenset({"strip", "lstrip", "rstrip", "split", "rsplit"})
_OPENERS = frozenset({"open", "io.open", "codecs.open"})
_PATHS = frozenset({"Path", "pathlib.Path", "PurePath", "pathlib.PurePath"})
_SAME_PATH = frozenset({"os.path.abspath", "os.path.realpath", "os.path.normpath"})
_TEMP_CALLS = frozenset({"tempfile.mktemp", "mktemp"})
_TEMP_PAIRS = frozenset({"tempfile.mkstemp", "mkstemp"})


class Origins(Flow):
    """Origin questions about the expressions of one parsed file."""

    # -- user preferences -------------------------------------------------------------------
    def preference(self, node: ast.AST | None, frame: Frame, depth: int = 0) -> set[str] | None:
        """The preference variables the value is (set() for a literal); None when it may be
        anything else."""
        if node is None or depth > DEPTH:
            return None
        depth += 1
        if isinstance(node, ast.Constant):
            return set()
        if isinstance(node, ast.Call) and dotted(node.func) in _ENV_READS and node.args:
            key = node.args[0]
            if not (isinstance(key, ast.Constant) and key.value in PREFERENCES):
                return None
            fallback = [*node.args[1:2], *(k.value for k in node.keywords)]
            if any(self.preference(f, frame, depth) != set() for f in fallback):
                return None
            return {str(key.value)}
        if isinstance(node, ast.Subscript) and dotted(node.value) in _ENV_MAPS:
            key = node.slice
            return (
                {key.value} if isinstance(key, ast.Constant) and key.value in PREFERENCES else None
            )
        if isinstance(node, (ast.BoolOp, ast.IfExp)):
            parts = node.values if isinstance(node, ast.BoolOp) else [node.body, node.orelse]
            return _union(self.preference(p, frame, depth) for p in parts)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            if node.func.attr not in _TEXT_METHODS or any(
                self.preference(a, frame, depth) != set() for a in node.args
            ):
                return None
            return self.preference(node.func.value, frame, depth)
        if isinstance(node, ast.Subscript):
            if self.preference(node.slice, frame, depth) != set():
                return None
            return self.preference(node.value, frame, depth)
        if isinstance(node, (ast.JoinedStr, ast.FormattedValue, ast.BinOp)):
            parts = [c for c in ast.iter_child_nodes(node) if isinstance(c, ast.expr)]
            literal = all(self.preference(p, frame, depth) == set() for p in parts)
            return set() if literal else None  # a preference inside a larger command: no
        if isinstance(node, (ast.Tuple, ast.List)):
            literal = all(self.preference(e, frame, depth) == set() for e in node.elts)
            return set() if literal else None
        if isinstance(node, ast.Name):
            return _union(self._each_binding(node, frame, depth, self.preference, None))
        return None

    def command(self, node: ast.AST | None, frame: Frame) -> str | None:
        """Why a shell command is the user's own choice (or literal but for a quoted temporary
        file); None when it may be anything else."""
        found = self.preference(node, frame)
        if found is not None:
            return _chosen(found, "command")
        if not isinstance(node, ast.JoinedStr) or not node.values:
            return None
        head, *rest = node.values
        found = self.preference(head.value if isinstance(head, ast.FormattedValue) else head, frame)
        if found is None:
            return None
        for index, part in enumerate(rest, 1):
            if isinstance(part, ast.Constant):
                continue
            assert isinstance(part, ast.FormattedValue)
            before, after = node.values[index - 1], node.values[index + 1 : index + 2]
            quoted = (
                isinstance(before, ast.Constant)
                and str(before.value).endswith(_QUOTES)
                and bool(after)
                and isinstance(after[0], ast.Constant)
                and str(after[0].value).startswith(str(before.value)[-1])
            )
            if not (quoted and self.temporary(part.value, frame)):
                return None
        return _chosen(found, "command") + ", on a quoted temporary file"

    def temporary(self, node: ast.AST | None, frame: Frame, depth: int = 0) -> bool:
        """True when the value is the name of a temporary file the program just made."""
        if node is None or depth > DEPTH:
            return False
        if isinstance(node, ast.Call):
            return dotted(node.func) in _TEMP_CALLS
        if not isinstance(node, ast.Name):
            return False
        found = frame.lookup(node.id)
        if found is None:
            return False
        where, bindings = found
        for kind, value, index in bindings:
            if kind == "unpack" and isinstance(value, ast.Call):
                if not (dotted(value.func) in _TEMP_PAIRS and index == 1):
                    return False
            elif kind == "value":
                if not self.temporary(value, where, depth + 1):
                    return False
            elif kind == "param" and value is not None:
                sites = self.module.arguments(value, index)
                if sites is None or not all(self.temporary(a, f, depth + 1) for a, f in sites):
                    return False
            else:
                return False
        return True

    # -- code -------------------------------------------------------------------------------
    def code(self, node: ast.AST | None, frame: Frame, depth: int = 0) -> str | None:
        """Why the code compiled or run is no outside data; None when it may be."""
        if node is None or depth > DEPTH:
            return None
        if isinstance(node, ast.Call) and dotted(node.func) in COMPILE:
            first = node.args[0] if node.args else None
            return self.code(first, frame, depth + 1)
        path = self.file_read(node, frame)
        if path is not None:
            chosen = self.preference(path, frame)
            if chosen:
                return _chosen(chosen, "file")
            own = self.project_file(path, frame)
            return None if own is None else f"runs {own}, a Python file of this project"
        if self.built(node, frame) and self.kind(node, frame) <= PROGRAM:
            return (
                "generated code: built here from a literal template and program values "
                "that no input source reaches"
            )
        if isinstance(node, ast.Name):
            reasons = self._each_binding(node, frame, depth + 1, self.code, None)
            if reasons and all(r is not None for r in reasons):
                return reasons[0]
        return None

    def file_read(self, node: ast.AST, frame: Frame) -> ast.expr | None:
        """The path expression of ``open(P).read()``, ``f.read()`` of ``with open(P) as f``,
        ``Path(P).read_text()``; None for anything else."""
        if not (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in ("read", "read_text")
            and not node.args
        ):
            return None
        handle = node.func.value
        if isinstance(handle, ast.Name):
            found = frame.lookup(handle.id)
            before = [
                (getattr(value, "lineno", 0), kind, value)
                for kind, value, _index in (found[1] if found is not None else [])
                if getattr(value, "lineno", 0) <= node.lineno
            ]
            if not before or max(before, key=lambda b: b[0])[1] not in ("with", "value"):
                return None  # the handle last bound before the read, by a with or assignment
            handle = max(before, key=lambda b: b[0])[2]  # type: ignore[assignment]
        if isinstance(handle, ast.Call) and handle.args:
            opener = dotted(handle.func)
            if opener in _OPENERS and node.func.attr == "read" or opener in _PATHS:
                return handle.args[0]
        return None

    def project_file(self, node: ast.AST, frame: Frame) -> str | None:
        """The repo-relative path of a Python file of the project that ``node`` names by a
        literal path (from the repo root or from the file's own folder); None otherwise."""
        path = self._path(node, frame, 0)
        if path is None or posixpath.isabs(path):
            return None
        here = posixpath.dirname(self.module.path)
        anchored = path.startswith("\0")
        candidates = [path[1:]] if anchored else [path, posixpath.join(here, path)]
        for candidate in candidates:
            normal = posixpath.normpath(candidate)
            if normal.startswith("../") or normal == "..":
                continue
            if normal.endswith(".py") and normal in self.module.project_files:
                return normal
        return None

    def _path(self, node: ast.AST | None, frame: Frame, depth: int) -> str | None:
        """A literal path; ``"\\0"`` + repo path when anchored on ``__file__``."""
        if node is None or depth > DEPTH:
            return None
        depth += 1
        name = dotted(node) if isinstance(node, ast.expr) else ""
        if name == "__file__":
            return "\0" + self.module.path
        if name in ("os.pardir", "os.curdir"):
            return ".." if name == "os.pardir" else "."
        if isinstance(node, ast.Constant):
            return node.value if isinstance(node.value, str) else None
        if isinstance(node, ast.Name):
            found = frame.lookup(node.id)
            if found is None or len(found[1]) != 1 or found[1][0][0] != "value":
                return None
            return self._path(found[1][0][1], found[0], depth)
        if isinstance(node, ast.Attribute) and node.attr == "parent":
            inner = self._path(node.value, frame, depth)
            return None if inner is None else posixpath.dirname(inner)
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Div):
            return self._joined([node.left, node.right], frame, depth)
        if not isinstance(node, ast.Call) or node.keywords:
            return None
        func = dotted(node.func)
        if func == "os.path.dirname" and len(node.args) == 1:
            inner = self._path(node.args[0], frame, depth)
            return None if inner is None else posixpath.dirname(inner)
        if func in _SAME_PATH and len(node.args) == 1:
            return self._path(node.args[0], frame, depth)
        if func == "os.path.join" or func in _PATHS:
            return self._joined(node.args, frame, depth)
        if isinstance(node.func, ast.Attribute) and node.func.attr in ("resolve", "absolute"):
            return self._path(node.func.value, frame, depth)
        return None

    def _joined(self, parts: list[ast.expr], frame: Frame, depth: int) -> str | None:
        paths = [self._path(p, frame, depth) for p in parts]
        if not paths or any(p is None for p in paths):
            return None
        if any(p.startswith("\0") for p in paths[1:]):  # type: ignore[union-attr]
            return None
        return posixpath.join(*paths)  # type: ignore[arg-type]


def _union(parts: object) -> set[str] | None:
    out: set[str] = set()
    for part in parts:  # type: ignore[attr-defined]
        if part is None:
            return None
        out |= part
    return out


def _chosen(found: set[str], what: str) -> str:
    if not found:
        return f"a {what} made of literals only"
    names = ", ".join(f"${n}" for n in sorted(found))
    return f"the whole {what} is the user's own preference ({names}: {PREFERENCES[min(found)]})"


_QUOTES = ('"', "'")

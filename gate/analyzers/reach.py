"""Which files pass 1 of cross-function taint reads (gate/analyzers/summarize.py).

Only the files defining a function that a call of the change could be matched to by a pass-2
pattern (gate/analyzers/summaries.py ``_callees``), and what those call, ``DEPTH`` levels deep.
Found by regular expressions over the text (over-approximate: comments and strings count too,
which only widens what pass 1 reads); the files are never run or imported.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Mapping
from dataclasses import dataclass

from gate.analyzers.summaries import is_builtin_method, is_dunder, module_name
from gate.slicing import Ranges, blank, parse, span

DEPTH = 3
"""Rounds of pass 1: a helper, a wrapper of it, and a wrapper of that."""
MAX_DEFINITIONS = 10
"""A name defined more often is not followed by pass 1 (``Definitions.callees``)."""
_CALL = re.compile(r"(?:(\w+)?\s*(\.)\s*)?(?<!def )\b(\w+)\s*\(")
_DEF = re.compile(r"^([ \t]*)(?:async[ \t]+)?def[ \t]+(\w+)", re.MULTILINE)


@dataclass(frozen=True)
class Call:
    """One call as the text shows it: ``name(``, ``recv.name(`` or ``(...).name(``."""

    name: str
    """The called name."""
    dotted: bool
    """Called as an attribute (``x.name(``)."""
    receiver: str
    """The identifier before the dot ("" when bare or not a plain name)."""


def calls_in(text: str) -> set[Call]:
    """Every call of ``text``, found by a regular expression (over-approximate: comments and
    strings count too, which only widens what pass 1 reads)."""
    return {Call(m[3], bool(m[2]), m[1] or "") for m in _CALL.finditer(text)}


@dataclass(frozen=True)
class Definitions:
    """Where the project defines each function name (by ``def`` lines)."""

    top: dict[str, set[str]]
    """name -> files defining it at column 0 (module functions)."""
    nested: dict[str, set[str]]
    """name -> files defining it indented (methods, or functions inside functions)."""
    counts: dict[str, int]
    """name -> how many ``def`` lines define it (a summary needs them all to agree)."""

    @classmethod
    def of(cls, texts: dict[str, str]) -> Definitions:
        """The definitions of every file of ``texts``."""
        top: dict[str, set[str]] = {}
        nested: dict[str, set[str]] = {}
        counts: dict[str, int] = {}
        for path, text in texts.items():
            for indent, name in _DEF.findall(text):
                counts[name] = counts.get(name, 0) + 1
                (nested if indent else top).setdefault(name, set()).add(path)
        return cls(top, nested, counts)

    def callees(self, call: Call) -> set[str]:
        """The files whose definitions a pass-2 pattern could match ``call`` to
        (gate/analyzers/summaries.py ``_callees``): a bare call, a module or nested function
        of that name; ``mod.name(``, a module function of module ``mod``; any attribute call,
        a method whose name is not a builtin type's (those are never summarised). Names
        defined more than ``MAX_DEFINITIONS`` times are not followed: a summary needs every
        definition to agree, and so common names only cost time."""
        name = call.name
        if is_dunder(name) or self.counts.get(name, 0) > MAX_DEFINITIONS:
            return set()
        if not call.dotted:
            return self.top.get(name, set()) | self.nested.get(name, set())
        out = set() if is_builtin_method(name) else set(self.nested.get(name, ()))
        if call.receiver:
            out |= {p for p in self.top.get(name, ()) if module_name(p) == call.receiver}
        return out


def reachable(
    targets: tuple[str, ...], texts: dict[str, str], index: Definitions
) -> tuple[str, ...]:
    """The files pass 1 reads (``pass_one``'s first half, nothing left out of the targets)."""
    return pass_one(targets, texts, index)[0]


def pass_one(
    targets: tuple[str, ...],
    texts: dict[str, str],
    index: Definitions,
    omit: Mapping[str, Ranges] | None = None,
) -> tuple[tuple[str, ...], dict[str, Ranges]]:
    """(The files pass 1 reads, the line ranges it may leave out of each.)

    A summary can only matter for a call pass 2 reads: the targets' code (without the
    definitions ``omit`` leaves out of them, gate/slicing.py) calls a name in a way a summary
    can be matched to (``Definitions.callees``); every definition of that name is asked
    (a summary needs them all to agree), and what those definitions call, ``DEPTH`` levels
    deep. Only the top-level ``def``/``class`` blocks holding such a definition are read;
    the rest of a file (imports, module code) always is, and a file that does not parse is
    read whole. Empty when the targets call none of the project's functions."""
    omit = omit or {}
    layouts: dict[str, _Layout | None] = {}
    kept: dict[str, set[int]] = {}
    whole: set[str] = set()
    wanted: set[str] = set()
    frontier = [
        blank(texts.get(t, "").encode(), omit.get(t, ())).decode("utf-8", "replace")
        for t in targets
    ]
    for _ in range(DEPTH):
        calls = {c for text in frontier for c in calls_in(text)}
        names = {c.name for c in calls if index.callees(c)} - wanted
        if not names:
            break
        wanted |= names
        frontier = []
        for name in sorted(names):
            for path in sorted(index.top.get(name, set()) | index.nested.get(name, set())):
                if path not in layouts:
                    layouts[path] = _layout(texts.get(path, ""))
                layout = layouts[path]
                if layout is None or name in layout.outside:
                    if path not in whole:  # read whole: its module code defines the name
                        whole.add(path)
                        frontier.append(texts.get(path, ""))
                    continue
                for number, (first, last, defines) in enumerate(layout.units):
                    if name in defines and number not in kept.setdefault(path, set()):
                        kept[path].add(number)
                        frontier.append(_segment(texts[path], first, last))
    files = tuple(sorted(whole | {p for p, units in kept.items() if units}))
    ranges: dict[str, Ranges] = {}
    for path in files:
        layout = layouts[path]
        if path in whole or layout is None:
            continue
        left = tuple(
            (first, last)
            for number, (first, last, _) in enumerate(layout.units)
            if number not in kept.get(path, ())
        )
        if left:
            ranges[path] = left
    return files, ranges


@dataclass(frozen=True)
class _Layout:
    """A parsed file's top-level definitions, for pass 1's reach."""

    units: tuple[tuple[int, int, frozenset[str]], ...]
    """(first line with decorators, last line, every function name defined in it)."""
    outside: frozenset[str]
    """Function names defined outside them (in an ``if`` or ``try`` at module level)."""


def _layout(text: str) -> _Layout | None:
    """The layout of ``text``; None when it does not parse or has a lone CR (line counts
    then differ between ``ast`` and semgrep)."""
    tree = parse(text)
    if tree is None:
        return None
    units = []
    outside: set[str] = set()
    for node in tree.body:
        names = {
            sub.name
            for sub in ast.walk(node)
            if isinstance(sub, (ast.FunctionDef, ast.AsyncFunctionDef))
        }
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            units.append((*span(node), frozenset(names)))
        else:
            outside |= names
    return _Layout(tuple(units), frozenset(outside))


def _segment(text: str, first: int, last: int) -> str:
    return "\n".join(text.split("\n")[first - 1 : last])

"""Which files pass 1 of cross-function taint reads (gate/analyzers/summarize.py).

Only the files defining a function that a call of the change could be matched to by a pass-2
pattern (gate/analyzers/summaries.py ``_callees``), and what those call, ``DEPTH`` levels deep.
Found by regular expressions over the text (over-approximate: comments and strings count too,
which only widens what pass 1 reads); the files are never run or imported.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from gate.analyzers.summaries import is_builtin_method, is_dunder, module_name

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
    """The files pass 1 reads: those defining a function the targets call in a way a summary
    can be matched to (``Definitions.callees``), and those defining what those call,
    ``DEPTH`` levels deep. Empty when the targets call none of the project's functions: then
    no summary can matter."""
    seen: set[str] = set()
    frontier = set(targets)
    for _ in range(DEPTH):
        calls = {c for f in frontier for c in calls_in(texts.get(f, ""))}
        found = {path for call in calls for path in index.callees(call)}
        frontier = found - seen
        seen |= found
        if not frontier:
            break
    return tuple(sorted(seen))

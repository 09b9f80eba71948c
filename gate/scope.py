"""Which findings a change touches: the flagged statement, its data-flow trace, deletions nearby.

The one place that decides scope (DESIGN.md 4b, invariant 8). A finding is in scope when a
changed line lies in the full span of the flagged statement (a multi-line call whose third
line changed), on its data-flow trace (a changed assignment above an unchanged sink), or when
lines were deleted in the function that holds it (a removed sanitiser). Statement and function
spans come from ``ast`` over the scanned content: parsed, never executed.
"""

from __future__ import annotations

import ast
import warnings
from dataclasses import dataclass

from gate.model import ChangedFile, Location, RawFinding


@dataclass(frozen=True)
class Shape:
    """The statement and function spans of one Python file."""

    statements: tuple[tuple[int, int], ...]
    """(first, last) line of each statement; a compound statement counts only its header."""
    functions: tuple[tuple[int, int], ...]
    """(first, last) line of each function, decorators included."""


@dataclass(frozen=True)
class Touch:
    """How a change touches one finding."""

    changed: frozenset[int]
    """Changed lines on the finding's statement or data-flow trace (their authors count)."""
    reason: str
    """Why the finding is in scope beyond its own lines ("" when its own lines changed or when
    it is out of scope)."""
    in_scope: bool
    """True when a changed or deleted line touches the finding."""


def _header_end(node: ast.stmt) -> int:
    """The last line of a statement, or of the header of a compound statement."""
    end = node.end_lineno or node.lineno
    bodies = [getattr(node, name, None) for name in ("body", "orelse", "finalbody", "handlers")]
    starts = [b[0].lineno for b in bodies if isinstance(b, list) and b and hasattr(b[0], "lineno")]
    if isinstance(node, ast.Match) and node.cases:
        starts.append(node.cases[0].pattern.lineno)
    return max(node.lineno, min(starts) - 1) if starts else end


def shape_of(content: bytes) -> Shape | None:
    """Statement and function spans of ``content``, or None when it does not parse."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # SyntaxWarning about escapes is not our business
            tree = ast.parse(content)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None
    statements: list[tuple[int, int]] = []
    functions: list[tuple[int, int]] = []
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            first = min([d.lineno for d in node.decorator_list] + [node.lineno])
            functions.append((first, node.end_lineno or node.lineno))
        if isinstance(node, ast.stmt):
            statements.append((node.lineno, _header_end(node)))
    return Shape(tuple(sorted(statements)), tuple(sorted(functions)))


def _innermost(spans: tuple[tuple[int, int], ...], line: int) -> tuple[int, int] | None:
    holding = [s for s in spans if s[0] <= line <= s[1]]
    return min(holding, key=lambda s: s[1] - s[0]) if holding else None


def statement_lines(shape: Shape | None, start: int, end: int) -> set[int]:
    """Lines ``start..end`` widened to the full span of the statements they lie in."""
    lines = set(range(start, end + 1))
    if shape is not None:
        for line in range(start, end + 1):
            span = _innermost(shape.statements, line)
            if span is not None:
                lines.update(range(span[0], span[1] + 1))
    return lines


def _deletion_in_function(shape: Shape | None, changed: ChangedFile, line: int) -> int | None:
    """A deletion anchor in the function holding ``line`` (or at module level), if any."""
    if not changed.deleted_after or changed.python is None:
        return None  # deletions reach sinks through Python code only
    if shape is None:
        return min(changed.deleted_after)  # cannot tell functions apart: fail closed
    function = _innermost(shape.functions, line)
    for anchor in sorted(changed.deleted_after):
        if function is not None:
            # removed lines sit between ``anchor`` and ``anchor + 1``
            if function[0] - 1 <= anchor <= function[1]:
                return anchor
        elif not any(f[0] <= anchor < f[1] for f in shape.functions):
            return anchor
    return None


def _trace_lines(raws: list[RawFinding], path: str) -> set[int]:
    return {
        n
        for raw in raws
        for loc in raw.trace
        if loc.path == path
        for n in range(loc.start_line, (loc.end_line or loc.start_line) + 1)
    }


def touch(
    raws: list[RawFinding], loc: Location, changed: ChangedFile | None, shape: Shape | None
) -> Touch:
    """Whether and how the change touches the finding that ``raws`` report at ``loc``;
    ``shape`` is ``shape_of`` the changed file's content."""
    if changed is None:
        return Touch(frozenset(), "", False)
    added = changed.added_lines
    own = set(range(loc.start_line, (loc.end_line or loc.start_line) + 1))
    if own & added:
        return Touch(frozenset(own & added), "", True)
    statement = statement_lines(shape, loc.start_line, loc.end_line or loc.start_line)
    hits = statement & added
    if hits:
        return Touch(frozenset(hits), f"line {min(hits)} of the flagged statement changed", True)
    trace: set[int] = set()
    for line in _trace_lines(raws, loc.path):
        trace |= statement_lines(shape, line, line)
    hits = trace & added
    if hits:
        return Touch(frozenset(hits), f"line {min(hits)} on its data-flow trace changed", True)
    anchor = _deletion_in_function(shape, changed, loc.start_line)
    if anchor is not None:
        where = f"after line {anchor}" if anchor else "at the top of the file"
        return Touch(frozenset(), f"lines deleted {where}, in the code that reaches it", True)
    return Touch(frozenset(), "", False)

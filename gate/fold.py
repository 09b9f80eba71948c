"""Constant folding of conditions, so calibration can tell a branch that never runs (gate.literal).

Only what Python computes exactly from constants is folded: numbers and strings (bounded in
size), names the function or module assigns exactly one constant value, arithmetic,
comparisons (``in`` included), ``not``/``and``/``or`` and constant indexing. Everything else
(a call, an attribute such as ``os.name``, a name with two values) is unknown, and an unknown
condition keeps both branches. The code is parsed, never run.
"""

from __future__ import annotations

import ast
import operator
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from gate.literal import Scope

UNKNOWN = object()
"""The value of an expression folding cannot compute."""

_BIG = 10**18
"""Larger numbers (and longer strings) are not folded: the fold must stay cheap."""

_BINARY: dict[type[ast.operator], Callable[[Any, Any], object]] = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.FloorDiv: operator.floordiv,
    ast.Mod: operator.mod,
}
_COMPARE: dict[type[ast.cmpop], Callable[[Any, Any], object]] = {
    ast.Eq: operator.eq,
    ast.NotEq: operator.ne,
    ast.Lt: operator.lt,
    ast.LtE: operator.le,
    ast.Gt: operator.gt,
    ast.GtE: operator.ge,
    ast.In: lambda a, b: operator.contains(b, a),
    ast.NotIn: lambda a, b: not operator.contains(b, a),
    ast.Is: operator.is_,
    ast.IsNot: operator.is_not,
}


def _small(value: object) -> bool:
    if isinstance(value, bool) or value is None:
        return True
    if isinstance(value, int):
        return -_BIG < value < _BIG
    if isinstance(value, (str, bytes)):
        return len(value) <= 4096
    if isinstance(value, float):
        return abs(value) < _BIG
    return False


def fold(node: ast.expr | None, scope: Scope, depth: int = 0) -> object:
    """The constant value of ``node`` in ``scope``, or ``UNKNOWN``."""
    if node is None or depth > 8:
        return UNKNOWN
    try:
        value = _fold(node, scope, depth)
    except (TypeError, ValueError, ArithmeticError, IndexError, KeyError):
        return UNKNOWN
    return value if value is UNKNOWN or _small(value) else UNKNOWN


def _fold(node: ast.expr, scope: Scope, depth: int) -> object:
    if isinstance(node, ast.Constant):
        return node.value
    if isinstance(node, ast.Name):
        values = scope.values_of(node.id)
        if values is None or len(values) != 1:
            return UNKNOWN
        return fold(values[0], scope.owner(node.id), depth + 1)
    if isinstance(node, ast.BinOp) and type(node.op) in _BINARY:
        left, right = fold(node.left, scope, depth + 1), fold(node.right, scope, depth + 1)
        if UNKNOWN in (left, right):
            return UNKNOWN
        return _BINARY[type(node.op)](left, right)
    if isinstance(node, ast.UnaryOp):
        operand = fold(node.operand, scope, depth + 1)
        if operand is UNKNOWN:
            return UNKNOWN
        if isinstance(node.op, ast.Not):
            return not operand
        if isinstance(node.op, ast.USub) and isinstance(operand, (int, float)):
            return -operand
        return UNKNOWN
    if isinstance(node, ast.Compare):
        return _compare(node, scope, depth)
    if isinstance(node, ast.BoolOp):
        return _boolean(node, scope, depth)
    if isinstance(node, ast.Subscript) and not isinstance(node.slice, ast.Slice):
        container, index = fold(node.value, scope, depth + 1), fold(node.slice, scope, depth + 1)
        if isinstance(container, (str, bytes)) and isinstance(index, int):
            return container[index]
        return UNKNOWN
    return UNKNOWN


def _compare(node: ast.Compare, scope: Scope, depth: int) -> object:
    left = fold(node.left, scope, depth + 1)
    if left is UNKNOWN:
        return UNKNOWN
    for op, comparator in zip(node.ops, node.comparators, strict=True):
        right = fold(comparator, scope, depth + 1)
        if right is UNKNOWN or type(op) not in _COMPARE:
            return UNKNOWN
        if not _COMPARE[type(op)](left, right):
            return False
        left = right
    return True


def _boolean(node: ast.BoolOp, scope: Scope, depth: int) -> object:
    """``and``/``or`` as Python computes it, when every operand it reaches is known."""
    stop = isinstance(node.op, ast.Or)  # `or` stops at the first true operand, `and` at a false
    value: object = UNKNOWN
    for operand in node.values:
        value = fold(operand, scope, depth + 1)
        if value is UNKNOWN or bool(value) is stop:
            return value
    return value


def truth(node: ast.expr, scope: Scope) -> bool | None:
    """Whether a condition is always true (True), never true (False) or unknown (None); one
    decided operand can decide ``and``/``or`` even when the others are unknown."""
    if isinstance(node, ast.BoolOp):
        parts = [truth(operand, scope) for operand in node.values]
        decisive = isinstance(node.op, ast.Or)
        if decisive in parts:
            return decisive
        return None if None in parts else not decisive
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
        inner = truth(node.operand, scope)
        return None if inner is None else not inner
    value = fold(node, scope)
    return None if value is UNKNOWN else bool(value)


def unmatched(match: ast.Match, scope: Scope) -> list[ast.stmt]:
    """The statements of the ``case`` blocks that cannot run when the subject folds to a
    constant and the cases before the taken one compare it with constants."""
    subject = fold(match.subject, scope)
    if subject is UNKNOWN:
        return []
    never: list[ast.stmt] = []
    for index, case in enumerate(match.cases):
        hit = _matches(case.pattern, subject)
        if hit is None:
            return []
        if hit:
            guard = True if case.guard is None else truth(case.guard, scope)
            if guard is None:
                return []
            if guard:
                return never + [s for later in match.cases[index + 1 :] for s in later.body]
        never += case.body
    return never


def _matches(pattern: ast.pattern, subject: object) -> bool | None:
    """Whether a constant subject matches a value, ``|`` or wildcard pattern; None: other."""
    if isinstance(pattern, ast.MatchValue) and isinstance(pattern.value, ast.Constant):
        return bool(pattern.value.value == subject)
    if isinstance(pattern, ast.MatchSingleton):
        return pattern.value is subject
    if isinstance(pattern, ast.MatchAs) and pattern.pattern is None:
        return True  # `case _:` or a capture
    if isinstance(pattern, ast.MatchOr):
        hits = [_matches(p, subject) for p in pattern.patterns]
        return True if True in hits else None if None in hits else False
    return None

"""Function summaries: what a project's own functions do with tainted data, as semgrep rules.

Our taint rules follow data within one file. A flow through a helper (the command built in a
view and run by ``run_cmd(cmd)`` in another module, the query run by a repository method, the
request read by ``get_name()``) needs to know what the helper does. A summary says it for one
taint rule: parameter ``param`` of function ``name`` reaches the rule's sinks (``SINK``), or
the function returns data from the rule's sources (``SOURCE``). This module turns a rule into
the two questions semgrep answers about every function of the project (pass 1) and widens the
rule with the answers (pass 2: a call with tainted data in that argument is a sink, a call of a
source function is a source). Pure: rules in, rules out (gate/analyzers/summarize.py runs it).
"""

from __future__ import annotations

import ast
import copy
import json
import re
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any, Literal

from gate.slicing import span

SINK: Literal["sink"] = "sink"
SOURCE: Literal["source"] = "source"
PARAMS_SUFFIX = "--aigate-params"
"""Pass-1 rule id suffix: which parameters of which function reach the rule's sinks."""
RETURNS_SUFFIX = "--aigate-returns"
"""Pass-1 rule id suffix: which functions return data from the rule's sources."""
SEPARATOR = " @@ "
"""Between the function and parameter names in a pass-1 message."""

COMMON_METHODS = frozenset(
    name
    for kind in (dict, list, str, bytes, set, frozenset, tuple, int, object)
    for name in dir(kind)
) | frozenset({"read", "write", "close", "readline", "readlines", "send", "recv", "open"})
"""Method names of builtin types and files: ``x.get(key)`` is far more often ``dict.get`` than
the project's own ``get``, so a project method of such a name is never a source."""
COMMON_ARGUMENT_METHODS = frozenset(
    {"get", "pop", "setdefault", "update", "append", "extend", "insert", "add", "remove"}
    | {"discard", "index", "count", "join", "format", "split", "replace", "strip", "encode"}
    | {"decode", "startswith", "endswith", "write", "send", "read", "open", "__init__"}
)
"""Methods of builtin types commonly called with request data (``d.get(name)``): a project
method of such a name is never a sink (``repo.find(name)`` is, though ``str.find`` exists)."""
LIBRARY_METHODS = frozenset(
    {"post", "put", "patch", "delete", "head", "options", "request", "stream"}
    | {"execute", "executemany", "executescript"}
)
"""Methods of the HTTP clients (requests, httpx, aiohttp) and DB-API cursors: ``client.post(url)``
is far more often the library's than a project method of that name (a Django view's
``post(self, request)``), and our rules judge the library's own call with its sanitisers (a
constant host), so a project method of such a name is never a sink either."""

_ANY_PARAMETER = re.compile(r'"pattern-inside": "def \$\w+\(\.\.\., \$\w+, \.\.\.\)')
"""A rule source that taints every parameter of every function (a helper's own warning), not
one that taints a typed handler parameter (``file: UploadFile``)."""


@dataclass(frozen=True, order=True)
class Summary:
    """What one project function does with data, for one taint rule."""

    rule: str
    """The taint rule whose sinks or sources this is about."""
    kind: Literal["sink", "source"]
    """SINK: a parameter reaches the rule's sinks; SOURCE: it returns the rule's source data."""
    name: str
    """The function's name as called (``run_cmd``, or ``find`` for ``repo.find(...)``)."""
    method: bool
    """Defined in a class body and called on an object (``self`` is not counted)."""
    index: int
    """SINK: the parameter's position at call sites (-1: keyword-only); SOURCE: -1."""
    param: str
    """SINK: the parameter's name (keyword calls); SOURCE: ""."""
    where: str
    """``path:line`` of the definition (reports and the cache key)."""


def is_taint_rule(rule: dict[str, Any]) -> bool:
    """Whether ``rule`` follows data from sources to sinks (the rules summaries extend)."""
    return rule.get("mode") == "taint" and isinstance(rule.get("pattern-sinks"), list)


def summarised(rule: dict[str, Any]) -> bool:
    """Whether summaries extend ``rule``: a taint rule whose sources are outside data. A rule
    that also takes every function parameter as a source (``exec`` of an argument) is left
    alone: widened, it would repeat the helper's own finding at every caller that passes an
    argument on (attrs' code generation: one ``eval`` became eight findings); request data
    reaching the helper is the data-flow rule's finding (``code-injection-tainted``)."""
    return is_taint_rule(rule) and not any(
        _ANY_PARAMETER.search(json.dumps(s)) for s in rule.get("pattern-sources") or []
    )


def question_rules(
    rules: tuple[dict[str, Any], ...], known: tuple[Summary, ...]
) -> list[dict[str, Any]]:
    """Pass-1 rules: per taint rule, "which parameters reach a sink" and "which functions
    return source data", each widened with the summaries already ``known``."""
    out: list[dict[str, Any]] = []
    for rule in rules:
        if not summarised(rule):
            continue
        wide = widen_rule(rule, known)
        params = _bare(wide, rule["id"] + PARAMS_SUFFIX, "$F" + SEPARATOR + "$P")
        params["pattern-sources"] = [
            {
                "patterns": [
                    {"pattern-inside": "def $F(..., $P, ...):\n  ...\n"},
                    {"metavariable-regex": {"metavariable": "$P", "regex": r"^(?!(self|cls)$)"}},
                    {"focus-metavariable": "$P"},
                ]
            }
        ]
        out.append(params)
        sources = wide.get("pattern-sources") or []
        if sources:
            returns = _bare(wide, rule["id"] + RETURNS_SUFFIX, "returns")
            returns["pattern-sources"] = sources
            returns["pattern-sinks"] = [
                {"patterns": [{"pattern": "return $X"}, {"focus-metavariable": "$X"}]}
            ]
            out.append(returns)
    return out


def _bare(rule: dict[str, Any], rule_id: str, message: str) -> dict[str, Any]:
    """A copy of ``rule`` under another id, with a plain message and no metadata."""
    out = {k: copy.deepcopy(v) for k, v in rule.items() if k not in ("metadata", "fix")}
    out.update(id=rule_id, message=message, severity="INFO")
    return out


def callable_summaries(
    summaries: tuple[Summary, ...], definitions: dict[str, int]
) -> tuple[Summary, ...]:
    """The summaries a call can be matched to by name: the name is not a builtin method's,
    not a dunder, and every definition of it in the project (``definitions``: name -> how many
    ``def`` lines) has the same summary, so ``x.run(cmd)`` is not blamed on another ``run``."""
    agreeing: dict[tuple[str, str, str, int], set[str]] = {}
    for s in summaries:
        agreeing.setdefault((s.rule, s.kind, s.name, s.index), set()).add(s.where)
    return tuple(
        s
        for s in sorted(set(summaries))
        if not is_dunder(s.name)
        and not (
            s.method
            and s.name
            in (COMMON_METHODS if s.kind == SOURCE else COMMON_ARGUMENT_METHODS | LIBRARY_METHODS)
        )
        and len(agreeing[(s.rule, s.kind, s.name, s.index)]) >= definitions.get(s.name, 1)
    )


def widen_rule(rule: dict[str, Any], summaries: tuple[Summary, ...]) -> dict[str, Any]:
    """``rule`` with calls of its summarised functions as extra sinks and sources."""
    mine = [s for s in summaries if s.rule == rule["id"]]
    if not mine or not summarised(rule):
        return rule
    out = dict(rule)
    sinks = [_sink_pattern(s) for s in mine if s.kind == SINK]
    sources = [_source_pattern(s) for s in mine if s.kind == SOURCE]
    if sinks:
        out["pattern-sinks"] = [*rule["pattern-sinks"], *_unique(sinks)]
    if sources:
        out["pattern-sources"] = [*(rule.get("pattern-sources") or []), *_unique(sources)]
    return out


def widen(rules: tuple[dict[str, Any], ...], summaries: tuple[Summary, ...]) -> tuple[Any, ...]:
    """Every rule widened with the summaries about it (pass 2)."""
    return tuple(widen_rule(rule, summaries) for rule in rules)


def _unique(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    seen: dict[str, dict[str, Any]] = {}
    for item in items:
        seen.setdefault(json.dumps(item, sort_keys=True), item)
    return list(seen.values())


def module_name(path: str) -> str:
    """The name a module function of ``path`` is called through: the file's stem (a package's
    directory for ``__init__.py``)."""
    pure = PurePosixPath(path)
    return pure.parent.name if pure.stem == "__init__" else pure.stem


def is_dunder(name: str) -> bool:
    """``__init__`` and the like: Python calls them, never summarised."""
    return name.startswith("__") and name.endswith("__")


def is_builtin_method(name: str) -> bool:
    """A method name builtin types use both for reading and with arguments (``get``,
    ``read``): a project method of that name is never summarised, as source or sink."""
    return name in COMMON_METHODS and name in COMMON_ARGUMENT_METHODS


def _callees(s: Summary, args: str) -> list[dict[str, Any]]:
    """Call patterns of the function: ``obj.name(...)`` for a method; for a module function
    ``name(...)`` and ``mod.name(...)`` only through its own module's name, so ``conn.search``
    is not taken for the project's view ``search``."""
    if s.method:
        return [{"pattern": f"$OBJ.{s.name}({args})"}]
    module = re.escape(module_name(s.where.rsplit(":", 1)[0]))
    return [
        {"pattern": f"{s.name}({args})"},
        {
            "patterns": [
                {"pattern": f"$MOD.{s.name}({args})"},
                {"metavariable-regex": {"metavariable": "$MOD", "regex": f"^(.*\\.)?{module}$"}},
            ]
        },
    ]


def _sink_pattern(s: Summary) -> dict[str, Any]:
    calls: list[dict[str, Any]] = []
    if s.index >= 0:
        before = "".join(f"$A{n}, " for n in range(s.index))
        calls += _callees(s, f"{before}$ARG, ...")
    calls += _callees(s, f"..., {s.param}=$ARG, ...")
    return {"patterns": [{"pattern-either": calls}, {"focus-metavariable": "$ARG"}]}


def _source_pattern(s: Summary) -> dict[str, Any]:
    # exact: only the call's value is source data, not its arguments (else a function that is
    # both a source and a sink, flask's ``from_envvar(name)``, taints its own literal argument
    # and every call of it is a finding)
    return {"pattern-either": _callees(s, "..."), "exact": True}


def helper_spans(
    rule: str, path: str, lines: frozenset[int], summaries: tuple[Summary, ...], tree: ast.Module
) -> frozenset[int]:
    """The lines of the summarised helpers of ``path`` (for ``rule``) that a finding's
    ``lines`` (its own and its trace's) call, and of the helpers those call, transitively.

    semgrep's trace stops at the call of a summarised helper; what the helper does is part
    of the flow, so a change inside it (a helper that now returns request data) puts the
    unchanged caller's finding in the change's scope. Helpers of other files are not
    followed: a trace holds lines of the finding's own file. ``tree``: ``path`` parsed."""
    mine: dict[str, set[str]] = {}
    for s in summaries:
        if s.rule == rule and s.where.rsplit(":", 1)[0] == path:
            mine.setdefault(s.name, set()).add(s.where)
    if not mine:
        return frozenset()
    spans: dict[str, list[tuple[int, int]]] = {}
    calls: list[tuple[str, int, int]] = []
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.name in mine:
            if f"{path}:{node.lineno}" in mine[node.name]:
                spans.setdefault(node.name, []).append(span(node))
        elif isinstance(node, ast.Call):
            func = node.func
            name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
            if name in mine:
                calls.append((name, node.lineno, node.end_lineno or node.lineno))
    reached: set[int] = set()
    todo = set(lines)
    done: set[str] = set()
    while todo:
        called = {
            name
            for name, first, last in calls
            if name not in done and name in spans and any(first <= n <= last for n in todo)
        }
        todo = set()
        for name in called:
            done.add(name)
            for first, last in spans[name]:
                body = set(range(first, last + 1))
                todo |= body - reached
                reached |= body
    return frozenset(reached)

"""Pass 1 of cross-function taint: semgrep asks our taint rules about every project function.

Over every Python file of the snapshot (the targets and the rest of the project at the scanned
revision), one semgrep call answers, per taint rule, which parameters reach a sink and which
functions return source data (gate/analyzers/summaries.py). The call repeats up to ``DEPTH``
times with the rules widened by what it found (a wrapper of a wrapper), over the files that
call a newly summarised function only. The files are parsed (by semgrep, and by ``ast`` to map
a match to its function), never run or imported.
"""

from __future__ import annotations

import ast
import json
import warnings
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from gate.analyzers.base import (
    AnalyzerContext,
    ToolFailure,
    invoke,
    parse_json_object,
    strip_dot_slash,
)
from gate.analyzers.cause import last_line
from gate.analyzers.reach import DEPTH, Definitions, calls_in, pass_one
from gate.analyzers.semgrep_core import (
    core_argv,
    find_core,
    jobs_for,
    json_text,
    normalised,
    write_targets,
)
from gate.analyzers.semgrep_retry import RETRY_FACTOR, timed_out_files, timeout_message
from gate.analyzers.summaries import (
    PARAMS_SUFFIX,
    RETURNS_SUFFIX,
    SEPARATOR,
    SINK,
    SOURCE,
    Summary,
    callable_summaries,
    question_rules,
)
from gate.slicing import Ranges, copy_blanked

PLAIN_DECORATORS = frozenset(
    {"staticmethod", "classmethod", "cache", "lru_cache", "wraps", "abstractmethod", "override"}
)
"""Decorators that leave a function called by its name; any other (``@app.route``,
``@shared_task``, ``@property``) means a framework calls it, or it is not called at all."""


@dataclass(frozen=True)
class Function:
    """One ``def`` of a file, as ``ast`` parses it."""

    name: str
    """Its name."""
    first: int
    """Its first line (the ``def``)."""
    last: int
    """Its last line."""
    method: bool
    """Defined directly in a class body and not a ``staticmethod``."""
    positional: tuple[str, ...]
    """Parameters a call passes by position, ``self``/``cls`` of a method left out."""
    keyword_only: tuple[str, ...]
    """Parameters a call must pass by keyword."""
    registered: bool
    """Decorated other than with ``PLAIN_DECORATORS``: never summarised."""


def functions_of(source: bytes) -> tuple[Function, ...]:
    """Every function of ``source`` (nothing when it does not parse)."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            tree = ast.parse(source)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return ()
    out: list[Function] = []
    for parent in ast.walk(tree):
        for node in ast.iter_child_nodes(parent):
            if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                continue
            decorators = {_decorator_name(d) for d in node.decorator_list}
            in_class = isinstance(parent, ast.ClassDef)
            positional = [a.arg for a in (*node.args.posonlyargs, *node.args.args)]
            if in_class and "staticmethod" not in decorators:
                positional = positional[1:]
            out.append(
                Function(
                    name=node.name,
                    first=node.lineno,
                    last=node.end_lineno or node.lineno,
                    method=in_class and "staticmethod" not in decorators,
                    positional=tuple(positional),
                    keyword_only=tuple(a.arg for a in node.args.kwonlyargs),
                    registered=bool(decorators - PLAIN_DECORATORS),
                )
            )
    return tuple(out)


def _decorator_name(node: ast.expr) -> str:
    """``functools.lru_cache(maxsize=1)`` -> ``lru_cache``; ``app.route`` -> ``route``."""
    if isinstance(node, ast.Call):
        node = node.func
    if isinstance(node, ast.Attribute):
        return node.attr
    return node.id if isinstance(node, ast.Name) else ""


def project_files(root: Path) -> tuple[str, ...]:
    """Repo-relative posix paths of the snapshot's Python files, sorted."""
    return tuple(sorted(p.relative_to(root).as_posix() for p in root.rglob("*.py") if p.is_file()))


def summarize(
    ctx: AnalyzerContext, exe: str, rules: tuple[dict[str, Any], ...]
) -> tuple[Summary, ...]:
    """The summaries of the project's functions that calls can be matched to by name."""
    files = project_files(ctx.workspace)
    texts = {f: _read(ctx.workspace / f) for f in files}
    index = Definitions.of(texts)
    known: frozenset[Summary] = frozenset()
    relevant, omitted = pass_one(ctx.targets, texts, index, ctx.focus)
    if omitted:  # semgrep reads copies without the definitions no summary can matter in
        ctx = _sliced(ctx, relevant, omitted)
        texts = {f: _read(ctx.workspace / f) for f in relevant}
    todo, asked = relevant, rules
    parsed: dict[str, tuple[Function, ...]] = {}  # a file's functions, parsed once per scan
    for depth in range(DEPTH):
        usable = callable_summaries(tuple(known), index.counts)
        found = _ask(ctx, exe, question_rules(asked, usable), todo, depth, parsed)
        new = found - known
        if not new:
            break
        known |= new
        # the next round asks again only what the new summaries can change: the rules they
        # widen, over the files that call one of them
        names = {s.name for s in new}
        todo = tuple(f for f in relevant if names & {c.name for c in calls_in(texts[f])})
        asked = tuple(r for r in rules if r.get("id") in {s.rule for s in new})
    return callable_summaries(tuple(known), index.counts)


def _sliced(
    ctx: AnalyzerContext, files: tuple[str, ...], omitted: dict[str, Ranges]
) -> AnalyzerContext:
    """``ctx`` with a workspace of copies of ``files``, the ``omitted`` lines blank (their
    line numbers, and so each summary's ``where``, kept)."""
    try:
        root = copy_blanked(ctx.workspace, ctx.scratch.resolve() / "pass1", files, omitted)
    except OSError as exc:
        raise ToolFailure(f"semgrep: function summaries: cannot copy the files: {exc}") from exc
    return replace(ctx, workspace=root)


def _read(path: Path) -> str:
    try:
        return path.read_bytes().decode("utf-8", errors="replace")
    except OSError:
        return ""


def _ask(
    ctx: AnalyzerContext,
    exe: str,
    rules: list[dict[str, Any]],
    files: tuple[str, ...],
    depth: int,
    parsed: dict[str, tuple[Function, ...]],
) -> frozenset[Summary]:
    """The pass-1 ``rules``' summaries over ``files``: from the result cache where a file's
    answers are stored (gate/cachepass1.py), else from one semgrep call over the others;
    ``parsed`` memoises each file's functions across the rounds."""
    if not rules or not files:
        return frozenset()
    text = json.dumps({"rules": rules}, default=str)

    def call(missed: tuple[str, ...]) -> Answers:
        config = ctx.scratch.resolve() / f"summary-rules-{depth}.json"
        config.write_text(text, "utf-8")
        return _call(ctx, exe, config, missed, parsed)

    if ctx.results is None:
        return frozenset().union(*call(files)[0].values())
    from gate.cachepass1 import cached_answers  # the cache imports the analyzers' base

    return cached_answers(ctx.results, exe, text, ctx.workspace, files, call)


Answers = tuple[dict[str, frozenset[Summary]], frozenset[str] | None]
"""Summaries per file, and the files semgrep reported an error for (None: maybe any)."""


def _call(
    ctx: AnalyzerContext,
    exe: str,
    config: Path,
    files: tuple[str, ...],
    parsed: dict[str, tuple[Function, ...]],
) -> Answers:
    """One semgrep call with the pass-1 ``config`` over ``files``."""
    # pass 1 has no retry: it gets the retry's longer per-rule budget from the start (semgrep's
    # own default, 5 s, made the summaries, and so cross-function findings, depend on load)
    seconds = ctx.settings.rule_timeout * RETRY_FACTOR
    listed = write_targets(config.with_name(config.stem + "-targets.json"), files)
    argv = core_argv(find_core(exe), config, listed, seconds, jobs_for(files))
    result = invoke("semgrep", argv, ctx)
    if result.returncode != 0:
        raise ToolFailure(
            f"semgrep: function summaries: exited {result.returncode}: {last_line(result.stderr)}"
        )
    # a file semgrep could not parse yields no summary: the ordinary pass still judges (and
    # reports) it, so such an error only means a flow it may not see; a timeout would make the
    # verdict depend on load: it fails the run, naming the file and the rule
    data = normalised(parse_json_object("semgrep", json_text(result.stdout)))
    late = timed_out_files(data)
    if late:
        path, rules = next(iter(late.items()))
        raise ToolFailure(
            "function summaries: " + timeout_message(path, rules, seconds, retried=True)
        )
    out: dict[str, set[Summary]] = {}
    for item in data.get("results") or []:
        path = strip_dot_slash(str(item.get("path", "")))
        if path not in parsed:
            parsed[path] = functions_of((ctx.workspace / path).read_bytes())
        summary = _summary(item, path, parsed[path])
        out.setdefault(path, set()).update(() if summary is None else (summary,))
    errors = data.get("errors")
    named = [e.get("path") if isinstance(e, dict) else None for e in errors or ()]
    unsure = None if not isinstance(errors, list) or not all(named) else named
    return {p: frozenset(s) for p, s in out.items()}, (
        None if unsure is None else frozenset(strip_dot_slash(str(p)) for p in unsure)
    )


def _summary(item: dict[str, Any], path: str, functions: tuple[Function, ...]) -> Summary | None:
    check_id = str(item.get("check_id", ""))
    line = int((item.get("start") or {}).get("line", 0))
    holding = sorted(
        (f for f in functions if f.first <= line <= f.last), key=lambda f: f.last - f.first
    )
    if check_id.endswith(RETURNS_SUFFIX) and holding and not holding[0].registered:
        fn = holding[0]
        rule = check_id[: -len(RETURNS_SUFFIX)]
        return Summary(rule, SOURCE, fn.name, fn.method, -1, "", f"{path}:{fn.first}")
    if not check_id.endswith(PARAMS_SUFFIX):
        return None
    name, _, param = str((item.get("extra") or {}).get("message", "")).partition(SEPARATOR)
    for fn in holding:
        if fn.name != name or fn.registered:
            continue
        if param in fn.positional:
            index = fn.positional.index(param)
        elif param in fn.keyword_only:
            index = -1
        else:
            continue
        rule = check_id[: -len(PARAMS_SUFFIX)]
        return Summary(rule, SINK, fn.name, fn.method, index, param, f"{path}:{fn.first}")
    return None

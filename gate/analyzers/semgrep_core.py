"""semgrep's engine, called directly: ``semgrep-core`` with our merged rules and a target list.

The ``semgrep`` command is a Python program (pysemgrep) that imports about 1,100 modules
(telemetry, an MCP server, pydantic...) before it hands the rules and targets to the
``semgrep-core`` binary it ships: on a 1-file change that start-up was about 1.5-2 s of the
2.5 s semgrep call, on each of the scan's semgrep calls (summaries, then the scan). We give
semgrep-core what pysemgrep would give it (one rules file, a JSON target list, the same
timeout, threshold, memory and optimisation flags) and read its JSON, which also carries each
finding's data-flow trace (pysemgrep leaves that out of its JSON). What pysemgrep adds on top
does not apply to our calls: target discovery (we name every target), ``.semgrepignore`` and
git-ignore (never wanted), ``nosemgrep`` (we disable it: the scanned code must not switch the
gate off) and output formats.

Paths are data here too: targets go to semgrep-core in a JSON file, never on its command line.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from gate.analyzers.base import ToolFailure, find_executable, strip_dot_slash

TIMEOUT_THRESHOLD = 3
"""After this many rule timeouts on one file, semgrep-core stops running rules on it (pysemgrep's
default); every timeout is in the JSON ``errors`` and fails or retries the run."""


def find_core(semgrep: str) -> str:
    """The ``semgrep-core`` that belongs to the ``semgrep`` at path ``semgrep``: in its Python
    package (pip, pipx, venv), beside it (Homebrew), or on PATH; a FAILED run when none is."""
    real = Path(semgrep).resolve()
    beside = [real.parent / "semgrep-core", Path(semgrep).parent / "semgrep-core"]
    prefix = real.parent.parent
    packaged = sorted(prefix.glob("lib*/python*/*-packages/semgrep/bin/semgrep-core")) + sorted(
        prefix.glob("Lib/site-packages/semgrep/bin/semgrep-core")
    )
    for candidate in (*beside, *packaged):
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return str(candidate)
    on_path = find_executable("semgrep-core")
    if on_path is not None:
        return on_path
    raise ToolFailure(
        f"semgrep: its engine semgrep-core was not found beside {semgrep}, in its Python "
        "package or on PATH; reinstall semgrep (pip install aigate-scan)"
    )


def write_targets(path: Path, targets: tuple[str, ...]) -> Path:
    """The target list semgrep-core reads (pysemgrep's format): each repo-relative path, read
    from the workspace it runs in, as a Python file; ``ppath`` is what rules' ``paths:`` match."""
    entries = [
        [
            "CodeTarget",
            {"path": {"fpath": t, "ppath": "/" + t}, "analyzer": "python", "products": ["sast"]},
        ]
        for t in targets
    ]
    path.write_text(json.dumps(["Targets", entries]), encoding="utf-8")
    return path


def core_argv(
    core: str, rules: Path, targets: Path, rule_timeout: int, jobs: int | None
) -> tuple[str, ...]:
    """The semgrep-core command line pysemgrep would build for these rules and targets
    (``jobs`` None: semgrep-core's own default, as pysemgrep leaves it)."""
    return (
        core,
        "-json",
        "-rules",
        str(rules),
        "-targets",
        str(targets),
        *(("-j", str(jobs)) if jobs is not None else ()),
        "-timeout",
        str(rule_timeout),  # per rule and file; 0 would mean none
        "-timeout_threshold",
        str(TIMEOUT_THRESHOLD),
        "-max_memory",
        "0",
        "-fast",
    )


def jobs_for(targets: tuple[str, ...]) -> int | None:
    """One worker for one file (more only cost start-up); else semgrep-core's default, which
    pysemgrep keeps too."""
    return 1 if len(targets) == 1 else None


def json_text(stdout: str) -> str:
    """The JSON report in semgrep-core's stdout, which prints a progress dot per file first."""
    lines = stdout.splitlines()
    while lines and not lines[0].strip(". \t"):
        lines.pop(0)
    return "\n".join(lines)


def normalised(data: dict[str, Any], rules: Path | None = None) -> dict[str, Any]:
    """semgrep-core's report in the shape the adapter reads: each error with its ``type`` and
    ``path`` at the top (semgrep-core nests them as ``error_type`` and ``location.path``), one
    result per rule and span (semgrep-core can report a span once per binding of its
    metavariables; pysemgrep keeps one). An error located in the ``rules`` file (a rule that
    does not parse) is named by its rule, not by our scratch file."""
    errors = data.get("errors")
    if isinstance(errors, list):
        data["errors"] = [_error(e, rules) if isinstance(e, dict) else e for e in errors]
    results = data.get("results")
    if isinstance(results, list):
        seen: set[tuple[object, ...]] = set()
        unique = []
        for item in results:
            key = _span_key(item)
            if key is not None and key in seen:
                continue
            if key is not None:
                seen.add(key)
            unique.append(item)
        data["results"] = unique
    return data


def _error(error: dict[str, Any], rules: Path | None) -> dict[str, Any]:
    out = dict(error)
    if "type" not in out and "error_type" in out:
        out["type"] = out["error_type"]
    location = out.get("location")
    where = location.get("path") if isinstance(location, dict) else None
    if "path" not in out and where and (rules is None or Path(str(where)) != rules):
        out["path"] = where
    return out


def _span_key(item: object) -> tuple[object, ...] | None:
    if not isinstance(item, dict):
        return None
    start, end = item.get("start") or {}, item.get("end") or {}
    return (item.get("check_id"), item.get("path"), start.get("offset"), end.get("offset"))


def trace_lines(item: dict[str, Any]) -> tuple[int, ...]:
    """Every line of a result's data-flow trace in its own file (the source, each variable the
    taint flows through, the sink, and the same inside a call it went through), sorted."""
    extra = item.get("extra") or {}
    path = strip_dot_slash(str(item.get("path", "")))
    lines: set[int] = set()
    stack: list[object] = [extra.get("dataflow_trace")]
    while stack:
        node = stack.pop()
        if isinstance(node, list):
            stack.extend(node)
        elif isinstance(node, dict):
            start, end = node.get("start"), node.get("end")
            if (
                isinstance(start, dict)
                and isinstance(start.get("line"), int)
                and strip_dot_slash(str(node.get("path", path))) == path
            ):
                last = end.get("line") if isinstance(end, dict) else None
                last = last if isinstance(last, int) and last >= start["line"] else start["line"]
                lines.update(range(start["line"], last + 1))
            stack.extend(v for k, v in node.items() if k not in ("start", "end"))
    return tuple(sorted(lines))

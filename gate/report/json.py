"""The stable JSON report (version 1): every finding, including out-of-scope ones, and counts.

The document is one object; keys are sorted and the text is indented by 2. Version 1 only ever
gains keys; removing or changing one means version 2.

``version``        1.
``tool``           ``{"name": "aigate", "version": str}``.
``verdict``        ``"pass"``, ``"fail"`` or ``"error"``.
``exit_code``      0 pass, 1 fail, 2 error.
``reasons``        [str]: why the verdict is what it is.
``scan``           ``{"mode": "range|staged|worktree|paths|all", "base": str|null,
                   "head": str|null, "config_source": str, "all_lines": bool,
                   "assume_ai": bool, "gate_files_changed": [str], "shard": {"index": int,
                   "count": int}|null, "config_digest": str}``; ``base`` and ``head`` are
                   the resolved commits (the merge-base and the head in range mode; ``base`` is
                   HEAD for staged and worktree scans), ``gate_files_changed`` the config,
                   baseline or rule files the range changes (reported, never applied),
                   ``shard`` which part of a sharded audit this is (``aigate merge`` combines
                   them), ``config_digest`` the sha256 of the effective config.
``analyzers``      [``{"name": str, "version": str|null, "status":
                   "ok|failed|timed-out|disabled", "duration": float (seconds, 3 decimals),
                   "prepare": float, "errors": [str], "files": int, "cached": int,
                   "file_seconds": {path: float}}``] in registry order, disabled ones included;
                   ``prepare`` the part of ``duration`` spent before the scan (semgrep's
                   function summaries), ``files`` the files it
                   was asked about, ``cached`` how many of them came from the result cache,
                   ``file_seconds`` what each file cost it (3 decimals). The tools scan a batch
                   in one process and do not time files: a file's seconds are the batch's wall
                   time shared by file size (an estimate, start-up included), plus the measured
                   time of a call on that file alone (semgrep's retry after a timeout); 0.0 for
                   a result from the cache; empty for aigate's own checks.
``findings``       [finding] sorted by path, start_line, start_column, rule_id, fingerprint;
                   every finding the analyzers reported, whatever its disposition.
``skipped``        [``{"path": str, "reason": str, "unjudged": bool}``]: files of the change
                   that were not scanned; ``unjudged`` when Python would run one (never a pass).
``notices``        [str]: things to know that are not findings.
``counts``         ``{"blocking", "warning", "baselined", "suppressed", "out-of-scope": int,
                   "by_severity": {"critical", "high", "medium", "low", "note": int},
                   "by_provenance": {"ai-authored", "ai-assisted", "human", "unknown": int}}``;
                   ``by_severity`` and ``by_provenance`` count the reported findings (blocking
                   and warning), the ones a reviewer of the change must look at.
``commits``        [``{"sha": str, "ai": bool, "markers": [str], "provenance":
                   "ai-authored|ai-assisted|human", "subject": str}``]: the range's commits.
``lines``          ``{"files": [{"path": str, "ai_lines", "ai_authored_lines",
                   "ai_assisted_lines", "human_lines", "unknown_lines": int}], "totals": {the
                   same counts}}``: who wrote the added lines of each scanned file (sorted by
                   path) and of the whole change, as ``aigate attribute`` counts them;
                   ``ai_lines`` is authored plus assisted.

Everything the policy set aside (test code, out of scope, baselined, suppressed, calibrated
call-only checks) is in ``findings`` with its location, ``disposition`` and ``reason``: the
report is complete whatever the text report shows.

A finding is ``{"rule_id": str`` (namespaced: ``bandit/B602``, ``semgrep/<id>``,
``pylint/W0123``, ``aigate/<id>``), ``"severity": "critical|high|medium|low|note"``,
``"confidence": "high|medium|low"``, ``"message": str``, ``"path": str`` (repo-relative posix),
``"start_line": int`` (1-based), ``"end_line"``, ``"start_column"``, ``"end_column": int|null``,
``"cwe": [int]``, ``"sources": [str]`` (every tool's rule id that reported it),
``"rule_name": str|null``,
``"fingerprint": str`` (stable across line moves), ``"provenance":
"ai-authored|ai-assisted|human|unknown"``, ``"disposition":
"blocking|warning|baselined|suppressed|out-of-scope|test-code"``, ``"reason": str`` (why that
disposition), ``"help_uri": str|null``, ``"fix": str|null``, ``"snippet": str``,
``"in_changed_lines": bool``, ``"calibration": "warning"|"blocking"|null}`` (a call-only tool
check that aigate's data-flow rules did not confirm: kept as a warning, or blocking for an
escape class; the reason says which).
"""

from __future__ import annotations

import json
from typing import Any

from gate.model import AICommit, AnalyzerRun, ChangeSet, Decision, GateResult
from gate.report.attribution import line_counts
from gate.report.base import (
    DEFAULT_OPTIONS,
    REPORTED,
    RenderOptions,
    by_location,
    disposition_counts,
    provenance_counts,
    severity_counts,
)

SCHEMA_VERSION = 1
"""Version of the JSON report's schema."""


def _finding(decision: Decision) -> dict[str, Any]:
    finding = decision.finding
    loc = finding.location
    return {
        "rule_id": finding.rule_id,
        "severity": finding.severity.value,
        "confidence": finding.confidence.value,
        "message": finding.message,
        "path": loc.path,
        "start_line": loc.start_line,
        "end_line": loc.end_line,
        "start_column": loc.start_column,
        "end_column": loc.end_column,
        "cwe": list(finding.cwe),
        "sources": list(finding.sources or (finding.rule_id,)),
        "rule_name": finding.rule_name,
        "fingerprint": finding.fingerprint,
        "provenance": finding.provenance.value,
        "disposition": decision.disposition.value,
        "reason": decision.reason,
        "help_uri": finding.help_uri,
        "fix": finding.fix,
        "snippet": finding.snippet,
        "in_changed_lines": finding.in_changed_lines,
        "calibration": (
            None
            if finding.calibration is None
            else "blocking"
            if finding.calibration.blocking
            else "warning"
        ),
    }


def _analyzer(run: AnalyzerRun) -> dict[str, Any]:
    return {
        "name": run.analyzer,
        "version": run.version,
        "status": run.status.value,
        "duration": round(run.duration, 3),
        "prepare": round(run.prepare, 3),
        "errors": list(run.errors),
        "files": run.files,
        "cached": run.cached,
        "file_seconds": {path: round(seconds, 3) for path, seconds in run.file_seconds},
    }


def _shard(shard: tuple[int, int] | None) -> dict[str, int] | None:
    return None if shard is None else {"index": shard[0], "count": shard[1]}


def _commit(commit: AICommit) -> dict[str, Any]:
    return {
        "sha": commit.sha,
        "ai": commit.provenance.is_ai,
        "markers": list(commit.markers),
        "provenance": commit.provenance.value,
        "subject": commit.subject,
    }


def to_json(result: GateResult, options: RenderOptions = DEFAULT_OPTIONS) -> dict[str, Any]:
    """The JSON report of ``result`` as plain data (schema in this module's docstring)."""
    verdict = result.verdict
    changeset = result.changeset
    reported = [d for d in verdict.decisions if d.disposition in REPORTED]
    counts: dict[str, Any] = dict(disposition_counts(result))
    counts["by_severity"] = severity_counts(reported)
    counts["by_provenance"] = provenance_counts(reported)
    return {
        "version": SCHEMA_VERSION,
        "tool": {"name": "aigate", "version": options.tool_version},
        "verdict": verdict.outcome.value,
        "exit_code": verdict.outcome.exit_code,
        "reasons": list(verdict.reasons),
        "scan": {
            "mode": changeset.mode.value,
            "base": changeset.base_rev,
            "head": changeset.head_rev,
            "config_source": result.config_source,
            "all_lines": result.request.all_lines,
            "assume_ai": result.request.assume_ai,
            "gate_files_changed": list(changeset.gate_files_changed),
            "shard": _shard(result.request.shard),
            "config_digest": result.config_digest,
        },
        "analyzers": [_analyzer(run) for run in result.runs],
        "findings": [_finding(d) for d in by_location(verdict.decisions)],
        "skipped": [
            {"path": s.path, "reason": s.reason, "unjudged": s.unjudged}
            for s in sorted(changeset.skipped, key=lambda s: s.path)
        ],
        "notices": list(result.notices),
        "counts": counts,
        "commits": [_commit(c) for c in changeset.commits],
        "lines": _lines(changeset),
    }


def _lines(changeset: ChangeSet) -> dict[str, Any]:
    """Who wrote each added line (a line without a provenance counts as unknown)."""
    files = sorted(changeset.files, key=lambda f: f.path)
    pairs = {f.path: [(n, f.provenance_of(n)) for n in sorted(f.added_lines)] for f in files}
    return {
        "files": [{"path": path, **line_counts(found)} for path, found in pairs.items()],
        "totals": line_counts(pair for found in pairs.values() for pair in found),
    }


def render_json(result: GateResult, options: RenderOptions) -> str:
    """The JSON report of ``result`` as text: keys sorted, indent 2, trailing newline."""
    return json.dumps(to_json(result, options), indent=2, sort_keys=True) + "\n"

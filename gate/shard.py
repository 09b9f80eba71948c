"""Sharded full audits: a deterministic, size-balanced partition of the files (``scan --all
--shard K/N``), and ``merge``: shard JSON reports -> one GateResult (one verdict, SARIF, summary).
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from gate.errors import GateError
from gate.model import (
    AnalyzerRun,
    Calibration,
    ChangedFile,
    ChangeSet,
    Confidence,
    Decision,
    Disposition,
    FileStatus,
    Finding,
    GateResult,
    Location,
    Outcome,
    Provenance,
    RunStatus,
    ScanMode,
    ScanRequest,
    Severity,
    SkippedFile,
    Verdict,
)
from gate.report.attribution import LINE_KEYS

_SHARD = re.compile(r"([0-9]+)/([0-9]+)")
_SAME = ("mode", "base", "head", "config_source", "config_digest", "all_lines", "assume_ai")
"""Fields of a shard report's ``scan`` that every shard of one audit shares."""


def parse_shard(text: str) -> tuple[int, int]:
    """``"K/N"`` with 1 <= K <= N -> (K, N); anything else raises ValueError."""
    match = _SHARD.fullmatch(text.strip())
    if not match:
        raise ValueError(f"{text!r} is not K/N (e.g. 2/4)")
    index, count = int(match.group(1)), int(match.group(2))
    if not 1 <= index <= count:
        raise ValueError(f"{text!r}: K must be between 1 and N")
    return index, count


def partition(sizes: dict[str, int], count: int) -> list[list[str]]:
    """Paths into ``count`` parts of near-equal total size: largest first, each to the lightest
    part (ties: the lowest index). Depends only on paths and sizes, never on order or time."""
    parts: list[list[str]] = [[] for _ in range(count)]
    totals = [0] * count
    for path in sorted(sizes, key=lambda p: (-sizes[p], p)):
        lightest = min(range(count), key=lambda i: (totals[i], i))
        parts[lightest].append(path)
        totals[lightest] += max(sizes[path], 1)
    return [sorted(part) for part in parts]


def select_shard(changeset: ChangeSet, index: int, count: int) -> ChangeSet:
    """The files of shard ``index`` of ``count``; skipped files are listed by shard 1 only."""
    sizes = {f.path: len(f.content) for f in changeset.files}
    keep = set(partition(sizes, count)[index - 1])
    return replace(
        changeset,
        files=tuple(f for f in changeset.files if f.path in keep),
        skipped=changeset.skipped if index == 1 else (),
    )


def load_reports(paths: Sequence[str]) -> list[dict[str, Any]]:
    """Read shard JSON reports; a missing, unreadable or non-shard file raises GateError."""
    docs = []
    for path in paths:
        try:
            doc = json.loads(Path(path).read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise GateError(f"{path}: cannot read a JSON report: {exc}") from None
        if not isinstance(doc, dict) or doc.get("version") != 1 or "scan" not in doc:
            raise GateError(f"{path}: not an aigate JSON report (version 1)")
        shard = doc["scan"].get("shard")
        if not isinstance(shard, dict):
            raise GateError(f"{path}: not a shard report (made without --shard K/N)")
        doc["_path"] = path
        docs.append(doc)
    if not docs:
        raise GateError("no shard report given")
    return docs


def _check_complete(docs: list[dict[str, Any]]) -> None:
    first = docs[0]
    count = first["scan"]["shard"]["count"]
    seen: dict[int, str] = {}
    for doc in docs:
        where = doc["_path"]
        for key in _SAME:
            if doc["scan"].get(key) != first["scan"].get(key):
                raise GateError(
                    f"{where}: scan.{key} is {doc['scan'].get(key)!r}, but {first['_path']} has "
                    f"{first['scan'].get(key)!r}: shards of different audits cannot be merged"
                )
        if doc["tool"] != first["tool"]:
            raise GateError(f"{where}: made by {doc['tool']}, {first['_path']} by {first['tool']}")
        shard = doc["scan"]["shard"]
        if shard["count"] != count:
            raise GateError(f"{where}: shard of {shard['count']}, {first['_path']}: of {count}")
        if shard["index"] in seen:
            raise GateError(
                f"{where}: shard {shard['index']}/{count} given twice (also {seen[shard['index']]})"
            )
        seen[shard["index"]] = where
    missing = sorted(set(range(1, count + 1)) - set(seen))
    if missing:
        raise GateError(f"missing shard(s) {', '.join(f'{k}/{count}' for k in missing)}")


def merge_reports(docs: list[dict[str, Any]]) -> GateResult:
    """One result from the complete set of shard reports of one audit; GateError if they are
    not one complete set or a report is malformed."""
    try:
        return _merge(docs)
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise GateError(f"malformed shard report: {type(exc).__name__}: {exc}") from None


def _merge(docs: list[dict[str, Any]]) -> GateResult:
    _check_complete(docs)
    scan = docs[0]["scan"]
    decisions = sorted(
        (_decision(item) for doc in docs for item in doc["findings"]),
        key=lambda d: (d.finding.location.path, d.finding.location.start_line, d.finding.rule_id),
    )
    runs = _runs(docs)
    skipped = tuple(
        SkippedFile(s["path"], s["reason"], bool(s.get("unjudged", False)))
        for doc in docs
        for s in doc["skipped"]
    )
    verdict = _verdict(docs, tuple(decisions), skipped)
    mode = ScanMode(scan["mode"])
    changeset = ChangeSet(
        mode=mode,
        repo_root=Path("."),
        files=_files(docs),
        skipped=skipped,
        base_rev=scan["base"],
        head_rev=scan["head"],
        gate_files_changed=tuple(scan.get("gate_files_changed", ())),
    )
    request = ScanRequest(
        mode=mode, repo_root=Path("."), all_lines=scan["all_lines"], assume_ai=scan["assume_ai"]
    )
    notices = tuple(dict.fromkeys(n for doc in docs for n in doc.get("notices", ())))
    return GateResult(
        request=request,
        changeset=changeset,
        runs=runs,
        verdict=verdict,
        config_source=scan["config_source"],
        notices=notices,
        config_digest=scan.get("config_digest", ""),
    )


def _files(docs: list[dict[str, Any]]) -> tuple[ChangedFile, ...]:
    """Each shard's files with their added-line counts by provenance (``lines`` of its JSON).

    The JSON has counts, not line numbers or content: the rebuilt files number their lines
    1..n and hold no content; only the merged report's ``lines`` reads them.
    """
    files = []
    for doc in docs:
        for item in doc.get("lines", {}).get("files", ()):
            counts = [(p, int(item[key])) for key, p in LINE_KEYS]
            who = [p for p, count in counts for _ in range(count)]
            files.append(
                ChangedFile(
                    item["path"],
                    FileStatus.MODIFIED,
                    frozenset(range(1, len(who) + 1)),
                    b"",
                    line_provenance=tuple(enumerate(who, start=1)),
                )
            )
    return tuple(sorted(files, key=lambda f: f.path))


def _verdict(
    docs: list[dict[str, Any]], decisions: tuple[Decision, ...], skipped: tuple[SkippedFile, ...]
) -> Verdict:
    """The outcome policy.decide would give the whole audit: an ERROR shard's reasons make it
    ERROR; else blocking findings or unjudged files make it FAIL."""
    reasons: list[str] = []
    for doc in docs:
        if doc["verdict"] == Outcome.ERROR.value:
            reasons += [r for r in doc["reasons"] if r not in reasons]
    blocking = sum(1 for d in decisions if d.disposition is Disposition.BLOCKING)
    unjudged = [f"not judged: {s.path}: {s.reason}" for s in skipped if s.unjudged]
    if reasons:
        return Verdict(Outcome.ERROR, decisions, tuple(reasons))
    if blocking or unjudged:
        if blocking:
            reasons.append(f"{blocking} blocking finding{'s' if blocking != 1 else ''}")
        return Verdict(Outcome.FAIL, decisions, tuple(reasons + unjudged))
    return Verdict(Outcome.PASS, decisions, ("no blocking findings",))


def _runs(docs: list[dict[str, Any]]) -> tuple[AnalyzerRun, ...]:
    """Per analyzer: the worst status, every error, summed seconds and files."""
    order = [a["name"] for a in docs[0]["analyzers"]]
    rank = {RunStatus.OK: 0, RunStatus.DISABLED: 0, RunStatus.TIMED_OUT: 1, RunStatus.FAILED: 2}
    runs = []
    for name in order:
        parts = [a for doc in docs for a in doc["analyzers"] if a["name"] == name]
        statuses = [RunStatus(a["status"]) for a in parts]
        status = max(statuses, key=lambda s: rank[s])
        if all(s is RunStatus.DISABLED for s in statuses):
            status = RunStatus.DISABLED
        elif status is RunStatus.DISABLED:
            status = RunStatus.OK
        runs.append(
            AnalyzerRun(
                analyzer=name,
                status=status,
                version=next((a["version"] for a in parts if a["version"]), None),
                errors=tuple(e for a in parts for e in a["errors"]),
                duration=sum(float(a["duration"]) for a in parts),
                files=sum(int(a.get("files", 0)) for a in parts),
                cached=sum(int(a.get("cached", 0)) for a in parts),
                file_seconds=tuple(
                    (str(path), float(seconds))
                    for a in parts
                    for path, seconds in a.get("file_seconds", {}).items()
                ),
            )
        )
    return tuple(runs)


def _decision(item: dict[str, Any]) -> Decision:
    finding = Finding(
        rule_id=item["rule_id"],
        severity=Severity(item["severity"]),
        confidence=Confidence(item["confidence"]),
        message=item["message"],
        location=Location(
            path=item["path"],
            start_line=item["start_line"],
            end_line=item["end_line"],
            start_column=item["start_column"],
            end_column=item["end_column"],
        ),
        fingerprint=item["fingerprint"],
        provenance=Provenance(item["provenance"]),
        in_changed_lines=item["in_changed_lines"],
        cwe=tuple(item["cwe"]),
        sources=tuple(item["sources"]),
        help_uri=item["help_uri"],
        rule_name=item.get("rule_name"),
        fix=item["fix"],
        snippet=item["snippet"],
        calibration=_calibration(item),
    )
    return Decision(finding, Disposition(item["disposition"]), item["reason"])


def _calibration(item: dict[str, Any]) -> Calibration | None:
    """A shard's calibration back from its JSON (its decision reason carries the why)."""
    kind = item.get("calibration")
    if kind is None:
        return None
    if kind not in ("warning", "blocking"):
        raise ValueError(f"calibration {kind!r} is not warning, blocking or null")
    return Calibration(blocking=kind == "blocking", reason=item["reason"])

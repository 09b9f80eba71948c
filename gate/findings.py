"""Raw analyzer output -> Findings: namespaced, deduplicated across tools, scoped, fingerprinted."""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from gate.analyzers.mypy import HALLUCINATED_API_CWE
from gate.calibration import CALL_ONLY, calibrate, calibration_notice
from gate.checks.base import split_lines
from gate.identifiers import Renamed, decoded, map_back, renamed_identifiers
from gate.model import (
    AnalyzerRun,
    ChangedFile,
    ChangeSet,
    Confidence,
    Finding,
    Location,
    Provenance,
    RawFinding,
)
from gate.scope import Shape, shape_of, touch

__all__ = ["CALL_ONLY", "build_findings", "calibration_notice", "fingerprint", "namespaced"]

OWN_ANALYZER = "aigate"
"""The analyzer name of our own checks (gate.checks)."""
_CONFIDENCE_ORDER = (Confidence.LOW, Confidence.MEDIUM, Confidence.HIGH)
_PROVENANCE_STRENGTH = (
    Provenance.AI_AUTHORED,
    Provenance.AI_ASSISTED,
    Provenance.HUMAN,
    Provenance.UNKNOWN,
)


@dataclass
class _Group:
    """Raw findings of several tools that describe one weakness at one place."""

    raws: list[RawFinding] = field(default_factory=list)

    @property
    def cwe(self) -> set[int]:
        return {c for r in self.raws for c in r.cwe}


def namespaced(raw: RawFinding) -> str:
    """The rule id as reports show it, e.g. bandit/B602."""
    return f"{raw.analyzer}/{raw.rule_id}"


def _line_text(lines: list[str], loc: Location) -> str:
    end = loc.end_line or loc.start_line
    picked = lines[loc.start_line - 1 : end] if loc.start_line >= 1 else []
    return "\n".join(" ".join(line.split()) for line in picked)


def _span(loc: Location) -> range:
    return range(loc.start_line, (loc.end_line or loc.start_line) + 1)


def provenance_for(changed: ChangedFile | None, lines: Iterable[int]) -> Provenance:
    """Who wrote the changed ``lines`` a finding touches (AI wins; UNKNOWN when none changed)."""
    if changed is None:
        return Provenance.UNKNOWN
    seen = {changed.provenance_of(n) for n in lines if n in changed.added_lines}
    for candidate in _PROVENANCE_STRENGTH:
        if candidate in seen:
            return candidate
    return Provenance.UNKNOWN


def _same_weakness(group: _Group, raw: RawFinding) -> bool:
    if any(namespaced(r) == namespaced(raw) for r in group.raws):
        return True
    if HALLUCINATED_API_CWE in raw.cwe:  # mypy and pylint on one missing name: one finding
        name = missing_name(raw.message)
        return name is not None and any(
            HALLUCINATED_API_CWE in r.cwe and missing_name(r.message) == name for r in group.raws
        )
    # our own checks' rules each say something different (two secrets on one line are two
    # findings); the tools' overlapping rules for one CWE (a taint and a search rule) are one
    if raw.analyzer == OWN_ANALYZER and any(r.analyzer == raw.analyzer for r in group.raws):
        return False
    return bool(raw.cwe) and bool(group.cwe & set(raw.cwe))


_MISSING_NAME = re.compile(
    r"""has no attribute "(?P<a>[^"]+)"|has no '(?P<b>[^']+)' member|^No name '(?P<c>[^']+)'"""
    r"""|^Name "(?P<d>[^"]+)" is not defined|^Undefined variable '(?P<e>[^']+)'"""
    r"""|^Unexpected keyword argument ["'](?P<f>[^"']+)["']"""
)


def missing_name(message: str) -> str | None:
    """The name a hallucinated-API message says does not exist (mypy's and pylint's wording)."""
    match = _MISSING_NAME.search(message)
    return next((g for g in match.groups() if g), None) if match else None


def _group(raws: Iterable[RawFinding]) -> list[_Group]:
    by_place: dict[tuple[str, int], list[_Group]] = {}
    order: list[_Group] = []
    for raw in raws:
        key = (raw.location.path, raw.location.start_line)
        groups = by_place.setdefault(key, [])
        for group in groups:
            if _same_weakness(group, raw):
                group.raws.append(raw)
                break
        else:
            group = _Group([raw])
            groups.append(group)
            order.append(group)
    return order


def _merge(
    group: _Group, changed: ChangedFile | None, lines: list[str], shape: Shape | None
) -> Finding:
    # the most severe report leads; the type checker's (it names the type and the closest
    # real names) for a missing API; then registry order
    lead = max(group.raws, key=lambda r: (r.severity.rank, r.analyzer == "mypy"))
    sources = tuple(dict.fromkeys(namespaced(r) for r in [lead, *group.raws]))
    cwe = tuple(dict.fromkeys(c for r in [lead, *group.raws] for c in r.cwe))
    loc = lead.location
    touched = touch(group.raws, loc, changed, shape)
    return Finding(
        rule_id=namespaced(lead),
        severity=lead.severity,
        confidence=max((r.confidence for r in group.raws), key=_CONFIDENCE_ORDER.index),
        message=lead.message,
        location=loc,
        fingerprint="",
        provenance=provenance_for(changed, touched.changed),
        in_changed_lines=touched.in_scope,
        scope_note=touched.reason,
        cwe=cwe,
        sources=sources,
        help_uri=lead.help_uri or next((r.help_uri for r in group.raws if r.help_uri), None),
        rule_name=lead.rule_name,
        fix=lead.fix or next((r.fix for r in group.raws if r.fix), None),
        snippet=_line_text(lines, replace(loc, end_line=loc.start_line))[:300],
    )


def _as_written(runs: Iterable[AnalyzerRun], files: dict[str, ChangedFile]) -> list[RawFinding]:
    """Every raw finding, columns on the analyzers' NFKC view mapped back to the file as written."""
    renamed: dict[str, tuple[Renamed, ...]] = {}
    for path, changed in files.items():
        text = decoded(changed.python) if changed.python is not None else None
        renamed[path] = renamed_identifiers(text) if text is not None else ()
    return [
        replace(raw, location=map_back(raw.location, renamed.get(raw.location.path, ())))
        for run in runs
        for raw in run.findings
    ]


def fingerprint(rule_id: str, path: str, text: str, occurrence: int) -> str:
    """A line-number-free identity: rule, path, normalised flagged text and occurrence index."""
    digest = hashlib.sha256(
        f"{rule_id}\0{path}\0{text}\0{occurrence}".encode("utf-8", "surrogateescape")
    )
    return digest.hexdigest()[:32]


def build_findings(
    runs: tuple[AnalyzerRun, ...], changeset: ChangeSet, project: frozenset[str] = frozenset()
) -> tuple[Finding, ...]:
    """Normalise every run's raw findings into sorted, deduplicated, fingerprinted, calibrated
    Findings; ``project`` lists the repo's files at the scanned revision (for calibration)."""
    files = {f.path: f for f in changeset.files}
    texts: dict[str, list[str]] = {}
    shapes: dict[str, Shape | None] = {}
    raws = _as_written(runs, files)
    findings = []
    for group in _group(raws):
        path = group.raws[0].location.path
        changed = files.get(path)
        if path not in texts:
            # lines as git and Python number them: str.splitlines would also split on form feeds
            # and U+2028, shifting every snippet and fingerprint below one
            texts[path] = split_lines(changed.content.decode("utf-8", "replace")) if changed else []
            python = changed.python if changed else None
            shapes[path] = shape_of(python) if python is not None else None
        findings.append(_merge(group, changed, texts[path], shapes[path]))
    findings.sort(
        key=lambda f: (f.location.path, f.location.start_line, -f.severity.rank, f.rule_id)
    )
    return calibrate(tuple(_fingerprinted(findings, files, texts)), runs, changeset, project)


def _fingerprinted(
    findings: list[Finding], files: dict[str, ChangedFile], texts: dict[str, list[str]]
) -> list[Finding]:
    """Give each finding its identity. Repeats of one text are numbered, and the numbering
    counts findings whose flagged lines the change left alone first: a new duplicate added
    above an accepted (baselined) line never inherits the accepted identity, which stays with
    the old line (issue 9, point 9)."""
    keys = [
        (f.rule_id, f.location.path, _line_text(texts.get(f.location.path, []), f.location))
        for f in findings
    ]

    def changed_here(f: Finding) -> bool:
        changed = files.get(f.location.path)
        return changed is not None and any(n in changed.added_lines for n in _span(f.location))

    order = sorted(range(len(findings)), key=lambda i: (changed_here(findings[i]), i))
    seen: Counter[tuple[str, str, str]] = Counter()
    out = list(findings)
    for i in order:
        out[i] = replace(findings[i], fingerprint=fingerprint(*keys[i], seen[keys[i]]))
        seen[keys[i]] += 1
    return out

"""Raw analyzer output -> Findings: namespaced, deduplicated across tools, scoped, fingerprinted."""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from gate.calibration import ESCAPE_RULES, SourceCalls
from gate.checks.base import split_lines
from gate.identifiers import Renamed, decoded, map_back, renamed_identifiers
from gate.model import (
    AnalyzerRun,
    Calibration,
    ChangedFile,
    ChangeSet,
    Confidence,
    Finding,
    Location,
    Provenance,
    RawFinding,
    RunStatus,
    Severity,
)
from gate.scope import Shape, shape_of, touch

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
    # our own checks' rules each say something different (two secrets on one line are two
    # findings); the tools' overlapping rules for one CWE (a taint and a search rule) are one
    if raw.analyzer == OWN_ANALYZER and any(r.analyzer == raw.analyzer for r in group.raws):
        return False
    return bool(raw.cwe) and bool(group.cwe & set(raw.cwe))


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
    # the most severe report leads; registry order breaks ties
    lead = max(group.raws, key=lambda r: r.severity.rank)
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


def build_findings(runs: tuple[AnalyzerRun, ...], changeset: ChangeSet) -> tuple[Finding, ...]:
    """Normalise every run's raw findings into sorted, deduplicated, fingerprinted, calibrated
    Findings."""
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
    return calibrate(tuple(_fingerprinted(findings, files, texts)), runs, changeset)


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


CALL_ONLY: dict[str, str] = {
    "bandit/B102": "exec call",
    "bandit/B105": "password-like name",
    "bandit/B106": "password-like argument",
    "bandit/B107": "password-like default",
    "bandit/B103": "chmod call",
    "bandit/B301": "pickle call",
    "bandit/B304": "cipher call",
    "bandit/B305": "cipher mode call",
    "bandit/B303": "md5/sha1 call",
    "bandit/B307": "eval call",
    "bandit/B308": "mark_safe call",
    "bandit/B311": "random call",
    "bandit/B313": "xml parse call",
    "bandit/B314": "xml parse call",
    "bandit/B315": "xml parse call",
    "bandit/B316": "xml parse call",
    "bandit/B317": "xml parse call",
    "bandit/B318": "xml parse call",
    "bandit/B319": "xml parse call",
    "bandit/B320": "xml parse call",
    "bandit/B324": "hashlib md5/sha1 call",
    "bandit/B403": "pickle import",
    "bandit/B404": "subprocess import",
    "bandit/B405": "xml import",
    "bandit/B406": "xml import",
    "bandit/B407": "xml import",
    "bandit/B408": "xml import",
    "bandit/B409": "xml import",
    "bandit/B410": "xml import",
    "bandit/B413": "pycrypto import",
    "bandit/B602": "shell=True call",
    "bandit/B603": "subprocess call",
    "bandit/B604": "shell=True call",
    "bandit/B605": "shell call",
    "bandit/B606": "process call",
    "bandit/B608": "SQL-looking string",
    "bandit/B703": "django mark_safe call",
    "bandit/B704": "markupsafe Markup call",
    "pylint/W0122": "exec call",
    "pylint/W0123": "eval call",
}
"""Tool checks that flag a call or an import whatever the data (bandit tests, pylint's eval-used);
our semgrep rules for the same CWE follow the data (taint, sanitisers, constants). Such a finding
merges with a semgrep finding of a shared CWE on its line (a second source); where our rules ran
and stayed silent it is kept, calibrated (gate.calibration): a warning, or a normal finding for
the escape classes (exec of non-literal code, shell of a non-literal, deserialising data)."""


def calibrate(
    findings: tuple[Finding, ...], runs: Iterable[AnalyzerRun], changeset: ChangeSet
) -> tuple[Finding, ...]:
    """Mark call-only findings our data-flow rules did not confirm; nothing is removed."""
    semgrep = next((r for r in runs if r.analyzer == "semgrep"), None)
    if semgrep is None or semgrep.status is not RunStatus.OK:
        return findings  # no rules of ours judged the data: the tools' word stands
    files = {f.path: f for f in changeset.files}
    parsed: dict[str, SourceCalls] = {}
    out = []
    for finding in findings:
        sources = finding.sources or (finding.rule_id,)
        if not all(s in CALL_ONLY for s in sources):
            out.append(finding)
            continue
        path = finding.location.path
        if path not in parsed:
            changed = files.get(path)
            # what the analyzers read: a notebook's code cells, a decoded coding cookie
            source = (changed.python or changed.content) if changed else b""
            text = source.decode("utf-8", "replace")
            parsed[path] = SourceCalls(text)
        escape = None
        if any(s in ESCAPE_RULES for s in sources):
            escape = parsed[path].escape(finding.location.start_line)
        what = ", ".join(f"{s} ({CALL_ONLY[s]})" for s in sources)
        if escape is not None:
            calibration = Calibration(
                True, f"call-only check {what} not confirmed by data-flow rules; kept: {escape}"
            )
            # an escape blocks whoever wrote it, as bandit rates a shell of non-literal data
            finding = replace(finding, severity=max(finding.severity, Severity.HIGH))
        else:
            calibration = Calibration(
                False, f"call-only check {what} not confirmed by aigate's data-flow rules"
            )
        out.append(replace(finding, calibration=calibration))
    return tuple(out)


def calibration_notice(findings: tuple[Finding, ...]) -> str | None:
    """One line for the report: how many call-only findings were set aside as warnings."""
    warned = Counter(
        f.rule_id for f in findings if f.calibration is not None and not f.calibration.blocking
    )
    if not warned:
        return None
    detail = ", ".join(f"{rule} x{n}" for rule, n in sorted(warned.items()))
    return (
        f"{sum(warned.values())} call-only tool finding(s) kept as warnings: aigate's data-flow "
        f"rules for the same weakness did not confirm them ({detail}); listed with their "
        f"locations in JSON and SARIF"
    )

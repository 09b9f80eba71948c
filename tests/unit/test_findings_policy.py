"""Normalisation, dedupe, scoping, fingerprints, suppressions and the policy's decisions."""

from __future__ import annotations

from pathlib import Path

import pytest

from gate.baseline import EMPTY, Baseline, parse_baseline, render_baseline
from gate.config import GateConfig
from gate.errors import BaselineError
from gate.findings import build_findings
from gate.model import (
    AnalyzerRun,
    ChangedFile,
    ChangeSet,
    Confidence,
    Disposition,
    FileStatus,
    Location,
    Outcome,
    Provenance,
    RawFinding,
    RunStatus,
    ScanMode,
    Severity,
)
from gate.policy import decide
from gate.suppressions import collect_suppressions

SOURCE = b"""import subprocess
def run(host):
    subprocess.call("ping " + host, shell=True)
    subprocess.call("ping " + host, shell=True)
    eval(host)  # aigate: ignore[pylint/W0123] host is validated by the caller
    eval(host)  # aigate: ignore[pylint/W0123]
"""


def changed(lines=frozenset({3, 4, 5, 6}), who=Provenance.HUMAN, content=SOURCE) -> ChangedFile:
    return ChangedFile(
        path="app.py",
        status=FileStatus.MODIFIED,
        added_lines=lines,
        content=content,
        line_provenance=tuple((n, who) for n in sorted(lines)),
    )


def raw(analyzer, rule, line, severity=Severity.HIGH, cwe=(78,)) -> RawFinding:
    return RawFinding(
        analyzer, rule, severity, Confidence.HIGH, f"{rule} msg", Location("app.py", line), cwe
    )


def changeset(*files: ChangedFile) -> ChangeSet:
    return ChangeSet(ScanMode.RANGE, Path("/repo"), files)


def run_of(name, *raws) -> AnalyzerRun:
    return AnalyzerRun(name, RunStatus.OK, "1.0", raws)


def test_same_place_same_cwe_is_one_finding_with_two_sources() -> None:
    runs = (
        run_of("bandit", raw("bandit", "B602", 3)),
        run_of("semgrep", raw("semgrep", "command-injection-shell", 3, Severity.CRITICAL)),
    )
    (finding,) = build_findings(runs, changeset(changed()))
    assert finding.rule_id == "semgrep/command-injection-shell"
    assert finding.sources == ("semgrep/command-injection-shell", "bandit/B602")
    assert finding.severity is Severity.CRITICAL
    assert finding.snippet == 'subprocess.call("ping " + host, shell=True)'


def test_different_cwe_at_same_place_stays_separate() -> None:
    runs = (run_of("bandit", raw("bandit", "B602", 3), raw("bandit", "B999", 3, cwe=(89,))),)
    assert len(build_findings(runs, changeset(changed()))) == 2


def test_fingerprint_ignores_line_numbers_but_counts_repeats() -> None:
    first = build_findings(
        (run_of("bandit", raw("bandit", "B602", 3), raw("bandit", "B602", 4)),),
        changeset(changed()),
    )
    moved_source = b"\n\n\n" + SOURCE
    moved = build_findings(
        (run_of("bandit", raw("bandit", "B602", 6), raw("bandit", "B602", 7)),),
        changeset(changed(frozenset({6, 7}), content=moved_source)),
    )
    assert [f.fingerprint for f in first] == [f.fingerprint for f in moved]
    assert first[0].fingerprint != first[1].fingerprint


def test_out_of_scope_unless_all_lines() -> None:
    findings = build_findings(
        (run_of("bandit", raw("bandit", "B602", 3)),), changeset(changed(frozenset({1})))
    )
    assert not findings[0].in_changed_lines
    verdict = decide(findings, (), GateConfig(), EMPTY, {})
    assert verdict.decisions[0].disposition is Disposition.OUT_OF_SCOPE
    assert verdict.outcome is Outcome.PASS
    verdict = decide(findings, (), GateConfig(), EMPTY, {}, all_lines=True)
    assert verdict.decisions[0].disposition is Disposition.BLOCKING


@pytest.mark.parametrize(
    ("who", "severity", "expected"),
    [
        (Provenance.AI_AUTHORED, Severity.MEDIUM, Disposition.BLOCKING),
        (Provenance.AI_ASSISTED, Severity.LOW, Disposition.WARNING),
        (Provenance.HUMAN, Severity.MEDIUM, Disposition.WARNING),
        (Provenance.HUMAN, Severity.HIGH, Disposition.BLOCKING),
        (Provenance.UNKNOWN, Severity.HIGH, Disposition.BLOCKING),
    ],
)
def test_thresholds_by_provenance(who, severity, expected) -> None:
    findings = build_findings(
        (run_of("bandit", raw("bandit", "B602", 3, severity)),), changeset(changed(who=who))
    )
    assert findings[0].provenance is who
    assert decide(findings, (), GateConfig(), EMPTY, {}).decisions[0].disposition is expected


def test_scope_ai_never_blocks_human_lines() -> None:
    findings = build_findings(
        (run_of("bandit", raw("bandit", "B602", 3, Severity.CRITICAL)),),
        changeset(changed(who=Provenance.HUMAN)),
    )
    config = GateConfig(scope="ai")
    assert decide(findings, (), config, EMPTY, {}).decisions[0].disposition is Disposition.WARNING


def test_suppression_needs_a_reason() -> None:
    cs = changeset(changed())
    findings = build_findings(
        (
            run_of(
                "pylint", raw("pylint", "W0123", 5, cwe=(95,)), raw("pylint", "W0123", 6, cwe=(95,))
            ),
        ),
        cs,
    )
    verdict = decide(findings, (), GateConfig(), EMPTY, collect_suppressions(cs))
    with_reason, without = verdict.decisions
    assert with_reason.disposition is Disposition.SUPPRESSED
    assert "host is validated by the caller" in with_reason.reason
    assert without.disposition is Disposition.BLOCKING
    assert "without a reason" in without.reason


def test_baseline_round_trip_hides_known_findings_only() -> None:
    cs = changeset(changed())
    findings = build_findings(
        (run_of("bandit", raw("bandit", "B602", 3), raw("bandit", "B602", 4)),), cs
    )
    baseline = parse_baseline(render_baseline(findings[:1]).encode(), "b.json")
    verdict = decide(findings, (), GateConfig(), baseline, {})
    assert [d.disposition for d in verdict.decisions] == [
        Disposition.BASELINED,
        Disposition.BLOCKING,
    ]


@pytest.mark.parametrize(
    "data", [b"not json", b'{"version": 9, "findings": []}', b'{"version": 1, "findings": [1]}']
)
def test_bad_baseline_is_an_error(data: bytes) -> None:
    with pytest.raises(BaselineError, match="b.json"):
        parse_baseline(data, "b.json")


def test_failed_analyzer_makes_the_verdict_error() -> None:
    runs = (
        run_of("bandit"),
        AnalyzerRun("semgrep", RunStatus.TIMED_OUT, errors=("timed out after 5 s",)),
    )
    verdict = decide((), runs, GateConfig(), Baseline(frozenset(), "x"), {})
    assert verdict.outcome is Outcome.ERROR
    assert "semgrep timed-out: timed out after 5 s" in verdict.reasons


def test_all_analyzers_disabled_cannot_pass() -> None:
    runs = (AnalyzerRun("bandit", RunStatus.DISABLED), AnalyzerRun("semgrep", RunStatus.DISABLED))
    assert decide((), runs, GateConfig(), EMPTY, {}).outcome is Outcome.ERROR


def test_every_outcome_has_an_exit_code() -> None:
    assert [o.exit_code for o in Outcome] == [0, 1, 2]
    assert sorted(Severity, key=lambda s: s.rank) == list(Severity)

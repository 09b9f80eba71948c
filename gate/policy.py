"""decide(): findings + runs + config + baseline + suppressions -> Verdict (pure)."""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping

import pathspec

from gate.baseline import Baseline
from gate.config import GateConfig
from gate.model import (
    AnalyzerRun,
    Confidence,
    Decision,
    Disposition,
    Finding,
    Outcome,
    RunStatus,
    Severity,
    SkippedFile,
    Verdict,
)
from gate.suppressions import Suppression, match

UNSUPPRESSIBLE = frozenset(
    {
        "aigate/ai-suppression",
        "aigate/suppression-comment",
        "aigate/suppression-without-reason",
        "aigate/hidden-source-text",
    }
)
"""Findings about suppression comments that no ignore comment can suppress."""


def threshold_for(finding: Finding, config: GateConfig) -> tuple[Severity | None, str]:
    """The blocking threshold that applies to a finding's lines, and the policy's name."""
    if finding.provenance.is_ai:
        return config.fail_on, "fail_on (AI-written line)"
    if config.scope == "ai":
        return None, 'scope = "ai" (human line)'
    return config.human_fail_on, f"human_fail_on ({finding.provenance.value} line)"


TEST_NOISE = {"bandit/B101": "assert is how tests check"}
"""Rules whose findings in test code are not weaknesses: set aside there, never reported."""


@functools.lru_cache(maxsize=8)
def _test_spec(patterns: tuple[str, ...]) -> pathspec.GitIgnoreSpec:
    return pathspec.GitIgnoreSpec.from_lines(patterns)


def is_test_code(path: str, config: GateConfig) -> bool:
    """True when a repo path is test code by the config's ``test_paths``."""
    return bool(config.test_paths) and _test_spec(config.test_paths).match_file(path)


def _test_code_policy(finding: Finding, config: GateConfig, limit: Severity | None) -> str | None:
    """Why the test-code policy sets a finding aside, or None when it does not.

    In test code a finding that would block elsewhere blocks only at ``test_fail_on`` (or as a
    high-confidence secret: a real key in a test is still a leaked key); asserts are set aside.
    """
    if not is_test_code(finding.location.path, config):
        return None
    noise = TEST_NOISE.get(finding.rule_id)
    if noise is not None:
        return f"test code (test_paths): {noise}; not reported there"
    if limit is None or finding.severity < limit:
        return None  # a warning anyway: the test policy changes nothing
    secret = finding.rule_id.startswith("aigate/secret-") and finding.confidence is Confidence.HIGH
    test_limit = config.test_fail_on
    if secret or (test_limit is not None and finding.severity >= test_limit):
        return None
    shown = test_limit.value if test_limit is not None else "never"
    return (
        f"test code (test_paths): {finding.severity.value} is below test_fail_on {shown}; "
        f"it would block outside tests ({limit.value} threshold)"
    )


def _decide_one(
    finding: Finding,
    config: GateConfig,
    baseline: Baseline,
    suppressions: Mapping[tuple[str, int], tuple[Suppression, ...]],
    all_lines: bool,
    production_tests: frozenset[str] = frozenset(),
) -> Decision:
    if not finding.in_changed_lines and not all_lines:
        return Decision(
            finding,
            Disposition.OUT_OF_SCOPE,
            "no changed or deleted line on its statement, data-flow trace or function",
        )
    sup = match(finding, suppressions)
    if sup is not None and finding.rule_id in UNSUPPRESSIBLE:
        sup = None  # a comment must not silence the findings about comments
    if sup is not None and sup.reason:
        return Decision(finding, Disposition.SUPPRESSED, f"aigate: ignore ({sup.reason})")
    if finding.fingerprint in baseline.fingerprints:
        return Decision(finding, Disposition.BASELINED, f"in baseline {baseline.source}")
    limit, policy = threshold_for(finding, config)
    note = " (an ignore comment without a reason suppresses nothing)" if sup is not None else ""
    if finding.scope_note:
        note += f"; in scope: {finding.scope_note}"
    if finding.location.path in production_tests:
        set_aside = None
        note += "; test code by its name, but production code imports it: judged as production"
    else:
        set_aside = _test_code_policy(finding, config, limit)
    if set_aside is not None:
        return Decision(finding, Disposition.TEST_CODE, set_aside + note)
    if finding.calibration is not None:
        if not finding.calibration.blocking:
            reason = f"kept as a warning: {finding.calibration.reason}{note}"
            return Decision(finding, Disposition.WARNING, reason)
        note += f"; {finding.calibration.reason}"
    if limit is not None and finding.severity >= limit:
        return Decision(
            finding,
            Disposition.BLOCKING,
            f"{finding.severity.value} >= {policy} {limit.value}{note}",
        )
    shown = limit.value if limit is not None else "never"
    return Decision(finding, Disposition.WARNING, f"below {policy} {shown}{note}")


SECRET_CWES = frozenset({259, 321, 798})
"""Hard-coded password, key or credential (our secret checks, the secret rule, bandit B105-7)."""
_QUOTED = re.compile(r"""(?P<q>['"])(?P<value>(?:(?!(?P=q)).){8,})(?P=q)""")


def _secret_value(finding: Finding) -> str | None:
    """The longest quoted literal (8+ characters) on a secret finding's line, else None."""
    if not SECRET_CWES & set(finding.cwe):
        return None
    values = [m.group("value") for m in _QUOTED.finditer(finding.snippet)]
    return max(values, key=len) if values else None


def _one_blocker_per_secret(decisions: tuple[Decision, ...]) -> tuple[Decision, ...]:
    """One secret copied into many files is one leak to rotate, as secret scanners count
    incidents: the first blocking occurrence (AI-written and changed lines first) blocks, each
    other one is a listed warning that names it. Nothing is dropped."""
    first: dict[str, Decision] = {}
    ranked = sorted(
        (d for d in decisions if d.disposition is Disposition.BLOCKING),
        key=lambda d: (
            not d.finding.provenance.is_ai,
            not d.finding.in_changed_lines,
            d.finding.location.path,
            d.finding.location.start_line,
        ),
    )
    for decision in ranked:
        value = _secret_value(decision.finding)
        if value is not None:
            first.setdefault(value, decision)
    out = []
    for decision in decisions:
        value = _secret_value(decision.finding)
        lead = first.get(value) if value is not None else None
        if decision.disposition is Disposition.BLOCKING and lead not in (None, decision):
            assert lead is not None
            where = f"{lead.finding.location.path}:{lead.finding.location.start_line}"
            reason = (
                f"the same secret as the blocker at {where}: one leak, counted once "
                f"(alone it would block: {decision.reason})"
            )
            decision = Decision(decision.finding, Disposition.WARNING, reason)
        out.append(decision)
    return tuple(out)


def decide(
    findings: tuple[Finding, ...],
    runs: tuple[AnalyzerRun, ...],
    config: GateConfig,
    baseline: Baseline,
    suppressions: Mapping[tuple[str, int], tuple[Suppression, ...]],
    all_lines: bool = False,
    skipped: tuple[SkippedFile, ...] = (),
    production_tests: frozenset[str] = frozenset(),
) -> Verdict:
    """Give every finding a disposition and the scan an outcome (ERROR beats FAIL beats PASS).

    A skipped file that Python would run (``unjudged``) is ERROR, or FAIL under
    ``unjudged = "fail"``: the gate never passes code it could not judge. The test-code policy
    does not apply to ``production_tests``: test files by name that production code imports.
    """
    decisions = _one_blocker_per_secret(
        tuple(
            _decide_one(f, config, baseline, suppressions, all_lines, production_tests)
            for f in findings
        )
    )
    reasons: list[str] = []
    for run in runs:
        if run.failed:
            detail = "; ".join(run.errors[:3]) or "no detail"
            reasons.append(f"{run.analyzer} {run.status.value}: {detail}")
    if runs and all(run.status is RunStatus.DISABLED for run in runs):
        reasons.append("every analyzer is disabled: the gate cannot judge")
    unjudged = [f"not judged: {s.path}: {s.reason}" for s in skipped if s.unjudged]
    if config.unjudged == "error":
        reasons += unjudged
    blocking = sum(1 for d in decisions if d.disposition is Disposition.BLOCKING)
    if reasons:
        outcome = Outcome.ERROR
    elif blocking or unjudged:
        outcome = Outcome.FAIL
        if blocking:
            reasons.append(f"{blocking} blocking finding{'s' if blocking != 1 else ''}")
        reasons += unjudged
    else:
        outcome = Outcome.PASS
        reasons.append("no blocking findings")
    set_aside = sum(1 for d in decisions if d.disposition is Disposition.TEST_CODE)
    if set_aside and outcome is not Outcome.ERROR:
        reasons.append(
            f"{set_aside} finding{'s' if set_aside != 1 else ''} in test code set aside by the "
            "test-code policy (test_paths, test_fail_on)"
        )
    return Verdict(outcome, decisions, tuple(reasons))

"""Hand-built GateResult values for the report tests: one realistic pull request and variations."""

from __future__ import annotations

import dataclasses
import hashlib
from pathlib import Path
from typing import Any

from gate.model import (
    AICommit,
    AnalyzerRun,
    ChangeSet,
    Confidence,
    Decision,
    Disposition,
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

REPO_ROOT = Path("/work/checkout/repo")
BASE = "1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d"
HEAD = "9f8e7d6c5b4a392817f6e5d4c3b2a1908f7e6d5c"


def finding(
    rule_id: str = "bandit/B602",
    *,
    path: str = "app/run.py",
    line: int = 12,
    severity: str = "high",
    confidence: str = "high",
    provenance: Provenance = Provenance.AI_AUTHORED,
    in_changed_lines: bool = True,
    **overrides: Any,
) -> Finding:
    """A finding with plausible defaults; the fingerprint is derived from rule, path and snippet."""
    snippet = overrides.pop("snippet", "subprocess.call(cmd, shell=True)")
    values: dict[str, Any] = {
        "message": "subprocess call with shell=True identified, security issue.",
        "cwe": (78,),
        "sources": (rule_id,),
        "help_uri": "https://bandit.readthedocs.io/en/latest/plugins/b602.html",
        "rule_name": "subprocess_popen_with_shell_equals_true",
        "fix": "Pass an argument list and drop shell=True.",
    }
    values.update(overrides)
    location = values.pop("location", None) or Location(path, line, line, 5, 38)
    identity = f"{rule_id}\0{path}\0{snippet}".encode("utf-8", "surrogateescape")
    digest = hashlib.sha256(identity).hexdigest()[:32]
    return Finding(
        rule_id=rule_id,
        severity=Severity(severity),
        confidence=Confidence(confidence),
        location=location,
        fingerprint=values.pop("fingerprint", digest),
        provenance=provenance,
        in_changed_lines=in_changed_lines,
        snippet=snippet,
        **values,
    )


def decide(item: Finding, disposition: Disposition, reason: str | None = None) -> Decision:
    """A decision with a reason that says what the policy did."""
    return Decision(item, disposition, reason or f"{disposition.value} by policy")


def run(analyzer: str, status: RunStatus = RunStatus.OK, **values: Any) -> AnalyzerRun:
    """An analyzer run with a version and a duration unless told otherwise."""
    defaults: dict[str, Any] = {
        "version": {"bandit": "1.7.9", "semgrep": "1.80.0", "pylint": "3.2.7"}.get(analyzer),
        "duration": 1.25,
    }
    defaults.update(values)
    return AnalyzerRun(analyzer=analyzer, status=status, **defaults)


def ok_runs() -> tuple[AnalyzerRun, ...]:
    """bandit, semgrep and pylint all ran cleanly."""
    return (run("bandit"), run("semgrep", duration=6.5), run("pylint", duration=3.0))


def result(
    decisions: tuple[Decision, ...] = (),
    *,
    runs: tuple[AnalyzerRun, ...] | None = None,
    outcome: Outcome | None = None,
    reasons: tuple[str, ...] = (),
    mode: ScanMode = ScanMode.RANGE,
    skipped: tuple[SkippedFile, ...] = (),
    notices: tuple[str, ...] = (),
    commits: tuple[AICommit, ...] = (),
    repo_root: Path = REPO_ROOT,
) -> GateResult:
    """A GateResult around ``decisions``; the outcome follows from them unless given."""
    runs = ok_runs() if runs is None else runs
    if outcome is None:
        if any(r.failed for r in runs):
            outcome = Outcome.ERROR
        elif any(d.disposition is Disposition.BLOCKING for d in decisions):
            outcome = Outcome.FAIL
        else:
            outcome = Outcome.PASS
    ranged = mode is ScanMode.RANGE
    return GateResult(
        request=ScanRequest(mode, repo_root, base="main" if ranged else None),
        changeset=ChangeSet(
            mode=mode,
            repo_root=repo_root,
            files=(),
            skipped=skipped,
            base_rev=BASE if ranged else None,
            head_rev=HEAD if ranged else None,
            commits=commits,
            config_rev=BASE if ranged else None,
        ),
        runs=runs,
        verdict=Verdict(outcome, decisions, reasons),
        config_source=".aigate.toml at 1a2b3c4" if ranged else "defaults",
        notices=notices,
    )


def pull_request() -> GateResult:
    """A realistic failing pull request: one of each disposition, two tools agreeing on one line."""
    shell = finding(
        sources=("bandit/B602", "semgrep/python.subprocess-shell-true"),
        severity="high",
    )
    evaluation = finding(
        "pylint/W0123",
        path="app/util.py",
        line=40,
        severity="medium",
        confidence="medium",
        provenance=Provenance.HUMAN,
        message="Use of eval",
        cwe=(95,),
        help_uri=None,
        rule_name="eval-used",
        fix=None,
        snippet="return eval(expr)",
    )
    sql = finding(
        "semgrep/python.sqlalchemy.security.sqlalchemy-execute-raw-query",
        path="app/db.py",
        line=7,
        severity="medium",
        message="Raw SQL built from a string.",
        cwe=(89,),
        help_uri="https://semgrep.dev/r/python.sqlalchemy.security.sqlalchemy-execute-raw-query",
        rule_name="sqlalchemy-execute-raw-query",
        fix="Use bound parameters.",
        snippet='conn.execute(f"SELECT * FROM t WHERE id = {uid}")',
    )
    pickle = finding(
        "bandit/B301",
        path="app/cache.py",
        line=3,
        severity="medium",
        provenance=Provenance.AI_ASSISTED,
        message="Pickle and modules that wrap it can be unsafe.",
        cwe=(502,),
        help_uri="https://bandit.readthedocs.io/en/latest/blacklists/blacklist_calls.html",
        rule_name="pickle",
        fix=None,
        snippet="return pickle.loads(blob)",
    )
    legacy = finding(
        "bandit/B105",
        path="app/settings.py",
        line=88,
        severity="low",
        provenance=Provenance.UNKNOWN,
        in_changed_lines=False,
        message="Possible hardcoded password: 'hunter2'",
        cwe=(259,),
        help_uri="https://bandit.readthedocs.io/en/latest/plugins/b105.html",
        rule_name="hardcoded_password_string",
        fix="Read the password from the environment or a secret store.",
        snippet='PASSWORD = "hunter2"',
    )
    decisions = (
        decide(shell, Disposition.BLOCKING, "high finding in AI-authored line (fail_on = medium)"),
        decide(
            evaluation, Disposition.WARNING, "medium finding in human line (human_fail_on = high)"
        ),
        decide(sql, Disposition.BASELINED, "in baseline .aigate-baseline.json"),
        decide(pickle, Disposition.SUPPRESSED, "aigate: ignore[bandit/B301] trusted cache"),
        decide(legacy, Disposition.OUT_OF_SCOPE, "outside the changed lines"),
    )
    commits = (
        AICommit(HEAD, ("copilot-swe-agent",), Provenance.AI_AUTHORED, "Add runner"),
        AICommit(BASE[::-1], (), Provenance.HUMAN, "Tidy util"),
    )
    return result(
        decisions,
        reasons=("1 blocking finding in AI-written lines",),
        skipped=(SkippedFile("assets/logo.png", "binary"),),
        notices=(".aigate.toml is changed by this range; the base revision's config was used",),
        commits=commits,
    )


def with_decisions(base: GateResult, *decisions: Decision) -> GateResult:
    """``base`` with its decisions replaced."""
    verdict = dataclasses.replace(base.verdict, decisions=decisions)
    return dataclasses.replace(base, verdict=verdict)

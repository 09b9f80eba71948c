"""run_checks(): the aigate analyzer run, its registry, rule table, and failing closed."""

from __future__ import annotations

import random
import string
from pathlib import Path

import gate
from gate.checks import CHECKS, RULES, ProjectView, run_checks
from gate.model import (
    AnalyzerSettings,
    ChangedFile,
    ChangeSet,
    FileStatus,
    Provenance,
    RawFinding,
    RunStatus,
    ScanMode,
    Severity,
)

_RANDOM = random.Random(5)
AWS_ID = "AKIA" + "".join(_RANDOM.choice(string.ascii_uppercase + string.digits) for _ in range(16))
SOURCE = (
    "import os\n"
    "import fastjsonx\n"
    f"KEY = '{AWS_ID}'\n"
    "x = eval(os.environ['X'])  # nosec\n"
    "y = eval(os.environ['Y'])  # aigate: ignore[bandit/B307] the value is an int literal\n"
)
REQUIREMENTS = "requests\nreqeusts\n"


def changeset(lines: set[int] | None = None) -> ChangeSet:
    added = frozenset(range(1, 6) if lines is None else lines)
    app = ChangedFile(
        "app.py",
        FileStatus.ADDED,
        added,
        SOURCE.encode(),
        line_provenance=tuple((n, Provenance.AI_AUTHORED) for n in added),
    )
    reqs = ChangedFile(
        "requirements.txt", FileStatus.ADDED, frozenset({1, 2}), REQUIREMENTS.encode()
    )
    return ChangeSet(ScanMode.RANGE, Path("/repo"), (app, reqs))


FILES = {"app.py": SOURCE, "requirements.txt": REQUIREMENTS}
PROJECT = ProjectView(tuple(FILES), lambda p: FILES[p].encode() if p in FILES else None)


def test_run_reports_every_check_in_registry_order() -> None:
    run = run_checks(changeset(), PROJECT, AnalyzerSettings())
    assert run.analyzer == "aigate"
    assert run.status is RunStatus.OK
    assert run.version == gate.__version__
    assert run.errors == ()
    assert run.duration >= 0.0
    assert [(f.rule_id, f.location.path, f.location.start_line) for f in run.findings] == [
        ("undeclared-import", "app.py", 2),
        ("dependency-typo", "requirements.txt", 2),
        ("suppression-comment", "app.py", 4),
        ("ai-suppression", "app.py", 5),
        ("secret-aws-access-key", "app.py", 3),
    ]
    assert all(f.analyzer == "aigate" for f in run.findings)


def test_only_changed_lines_are_reported() -> None:
    run = run_checks(changeset(lines={1}), PROJECT, AnalyzerSettings())
    assert [f.location.path for f in run.findings] == ["requirements.txt"]


def test_disabled_run_is_disabled_and_empty() -> None:
    run = run_checks(changeset(), PROJECT, AnalyzerSettings(enabled=False))
    assert (run.analyzer, run.status, run.findings) == ("aigate", RunStatus.DISABLED, ())


def test_a_check_that_raises_fails_the_run_closed() -> None:
    def broken(changes: ChangeSet, project: ProjectView) -> list[RawFinding]:
        raise KeyError("boom\nsecond line")

    checks = {"secrets": CHECKS["secrets"], "broken": broken}
    run = run_checks(changeset(), PROJECT, AnalyzerSettings(), checks=checks)
    assert run.status is RunStatus.FAILED
    assert run.failed
    assert run.errors == ("check broken failed: KeyError: 'boom\\nsecond line'",)
    assert [f.rule_id for f in run.findings] == ["secret-aws-access-key"]  # the others still ran


def test_a_project_read_error_fails_the_run_naming_the_check() -> None:
    def unreadable(path: str) -> bytes | None:
        raise OSError(f"cannot read {path}")

    run = run_checks(changeset(), ProjectView(tuple(FILES), unreadable), AnalyzerSettings())
    assert run.status is RunStatus.FAILED
    assert len(run.errors) == 1
    assert run.errors[0].startswith("check imports failed: OSError: cannot read requirements.txt")
    assert "\n" not in run.errors[0]


def test_registry_is_literal_and_complete() -> None:
    assert list(CHECKS) == [
        "imports",
        "dependencies",
        "suppressions",
        "secrets",
        "source-text",
        "identifiers",
    ]


EXPECTED_RULES = {
    "undeclared-import": (Severity.LOW, (829,)),
    "dependency-typo": (Severity.HIGH, (829,)),
    "suppression-comment": (Severity.MEDIUM, (693,)),
    "suppression-without-reason": (Severity.LOW, ()),
    "ai-suppression": (Severity.MEDIUM, (693,)),
    "secret-private-key": (Severity.CRITICAL, (798,)),
    "secret-aws-access-key": (Severity.CRITICAL, (798,)),
    "secret-aws-secret-key": (Severity.CRITICAL, (798,)),
    "secret-stripe-live-key": (Severity.CRITICAL, (798,)),
    "secret-github-token": (Severity.HIGH, (798,)),
    "secret-gitlab-token": (Severity.HIGH, (798,)),
    "secret-slack-token": (Severity.HIGH, (798,)),
    "secret-slack-webhook": (Severity.HIGH, (798,)),
    "secret-google-api-key": (Severity.HIGH, (798,)),
    "secret-openai-key": (Severity.HIGH, (798,)),
    "secret-anthropic-key": (Severity.HIGH, (798,)),
    "secret-npm-token": (Severity.HIGH, (798,)),
    "secret-pypi-token": (Severity.HIGH, (798,)),
    "secret-jwt": (Severity.HIGH, (798,)),
    "hidden-source-text": (Severity.HIGH, (451,)),
    "disguised-identifier": (Severity.HIGH, (1007, 176)),
}


def test_rule_table() -> None:
    assert {rid: (r.severity, r.cwe) for rid, r in RULES.items()} == EXPECTED_RULES
    for rule_id, rule in RULES.items():
        assert rule.id == rule_id and "/" not in rule_id
        assert rule.name and rule.fix

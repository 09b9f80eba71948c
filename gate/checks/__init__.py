"""aigate's own checks (analyzer "aigate"): pure functions of the change, no external tool.

They parse with ``ast`` and ``tokenize`` and scan text; scanned code is never imported or run.
"""

from __future__ import annotations

import time
from collections.abc import Mapping

import gate
from gate.checks.base import ANALYZER, Check, ProjectView, Rule
from gate.checks.imports import RULES as IMPORT_RULES
from gate.checks.imports import check_dependencies, check_imports
from gate.checks.secrets import RULES as SECRET_RULES
from gate.checks.secrets import check_secrets
from gate.checks.source_text import RULES as SOURCE_TEXT_RULES
from gate.checks.source_text import check_source_text
from gate.checks.suppressions import RULES as SUPPRESSION_RULES
from gate.checks.suppressions import check_suppressions
from gate.checks.unicode import RULES as UNICODE_RULES
from gate.checks.unicode import check_identifiers
from gate.model import AnalyzerRun, AnalyzerSettings, ChangeSet, RawFinding, RunStatus

CHECKS: dict[str, Check] = {
    "imports": check_imports,
    "dependencies": check_dependencies,
    "suppressions": check_suppressions,
    "secrets": check_secrets,
    "source-text": check_source_text,
    "identifiers": check_identifiers,
}
"""Every check, in run order. Literal on purpose: no entry points, no discovery."""

RULES: dict[str, Rule] = {
    rule.id: rule
    for rule in IMPORT_RULES + SUPPRESSION_RULES + SECRET_RULES + SOURCE_TEXT_RULES + UNICODE_RULES
}
"""Every rule of our checks by bare id (reports show ``aigate/<id>``), for docs and SARIF."""

__all__ = ["ANALYZER", "CHECKS", "RULES", "Check", "ProjectView", "Rule", "run_checks"]

_ERROR_LIMIT = 300
"""Longest error line we keep."""


def run_checks(
    changeset: ChangeSet,
    project: ProjectView,
    settings: AnalyzerSettings,
    checks: Mapping[str, Check] = CHECKS,
) -> AnalyzerRun:
    """Run every check; a check that raises fails the run (closed), it never crashes the scan.

    ``settings.timeout`` is not enforced: the checks are in-process and linear in the change.
    """
    if not settings.enabled:
        return AnalyzerRun(analyzer=ANALYZER, status=RunStatus.DISABLED, version=gate.__version__)
    started = time.monotonic()
    findings: list[RawFinding] = []
    errors: list[str] = []
    for name, check in checks.items():
        try:
            findings += check(changeset, project)
        except Exception as exc:  # fail closed: any bug in a check becomes a FAILED run
            detail = " ".join(f"{type(exc).__name__}: {exc}".split())
            errors.append(f"check {name} failed: {detail}"[:_ERROR_LIMIT])
    return AnalyzerRun(
        analyzer=ANALYZER,
        status=RunStatus.FAILED if errors else RunStatus.OK,
        version=gate.__version__,
        findings=tuple(findings),
        errors=tuple(errors),
        duration=time.monotonic() - started,
    )

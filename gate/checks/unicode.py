"""Identifiers that Python reads as a different name than the one written (NFKC, PEP 3131)."""

from __future__ import annotations

from gate.checks.base import ProjectView, Rule
from gate.identifiers import decoded, renamed_identifiers
from gate.model import ChangeSet, Confidence, RawFinding, Severity

DISGUISED_IDENTIFIER = Rule(
    id="disguised-identifier",
    name="identifier that Python normalises to another name",
    severity=Severity.HIGH,
    confidence=Confidence.HIGH,
    cwe=(1007, 176),
    fix="Write the name in plain characters (`eval`, not fullwidth `ｅｖａｌ`): Python runs the "
    "NFKC form of every identifier, so reviewers and pattern-based tools read a different name.",
)
RULES = (DISGUISED_IDENTIFIER,)


def check_identifiers(changeset: ChangeSet, project: ProjectView) -> list[RawFinding]:
    """One finding per identifier on a changed line whose NFKC form differs from its text."""
    findings: list[RawFinding] = []
    for changed in changeset.files:
        text = decoded(changed.python) if changed.python is not None else None
        if text is None:
            continue
        for item in renamed_identifiers(text):
            if item.line not in changed.added_lines:
                continue
            message = (
                f"identifier {item.written!r} is {item.normalised!r} to Python (NFKC): "
                "the code does not read as what it runs"
            )
            columns = (item.column, item.column + len(item.written))
            findings.append(DISGUISED_IDENTIFIER.at(changed.path, item.line, message, columns))
    return findings

"""hidden-source-text: Python whose text differs from what the diff shows a reviewer.

A source encoding that is not ASCII-compatible (``utf-7``: ``#+AAo-`` is a newline to Python,
a comment to every diff viewer) or a lone carriage return (a line break to Python, none to git)
lets code hide where it looks like a comment. The collector refuses to judge such a file (it
blocks as not judged); this check also reports it as a finding, with its CWE and rule help.
"""

from __future__ import annotations

from gate.checks.base import ProjectView, Rule
from gate.collect.source import HiddenText, SourceError, read_source
from gate.model import ChangeSet, Confidence, RawFinding, Severity

# CWE-451 (User Interface Misrepresentation of Critical Information): the diff a reviewer (and
# a byte-level analyzer) reads is not the code Python runs
HIDDEN_SOURCE_TEXT = Rule(
    id="hidden-source-text",
    name="Python source that reads differently from its diff",
    severity=Severity.HIGH,
    confidence=Confidence.HIGH,
    cwe=(451,),
    fix="Save the file as UTF-8 (drop the coding declaration) with LF or CRLF line endings; "
    "nothing legitimate needs utf-7, utf-16 or a bare carriage return in Python source.",
)
RULES = (HIDDEN_SOURCE_TEXT,)
_NO_LIMIT = 1 << 62


def check_source_text(changeset: ChangeSet, project: ProjectView) -> list[RawFinding]:
    """hidden-source-text: a changed Python file whose text Python reads differently."""
    del project  # the changed files are enough
    findings: list[RawFinding] = []
    for changed in changeset.files:
        if changed.python is not None or not changed.added_lines:
            continue
        try:
            read_source(changed.path, changed.content, _NO_LIMIT)
        except HiddenText as exc:
            line = exc.line if exc.line in changed.added_lines else min(changed.added_lines)
            findings.append(HIDDEN_SOURCE_TEXT.at(changed.path, line, str(exc)))
        except SourceError:
            continue  # listed as not judged by the collector
    return findings

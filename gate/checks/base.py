"""What every aigate check shares: the project view, the rule table entry, small text helpers."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from gate.model import ChangedFile, ChangeSet, Confidence, Location, RawFinding, Severity

ANALYZER = "aigate"
"""The analyzer name on every RawFinding of our own checks (reports show ``aigate/<id>``)."""


@dataclass(frozen=True)
class ProjectView:
    """The scanned revision of the repository, for checks that need more than the changed files."""

    files: tuple[str, ...]
    """Every repo-relative posix path at the scanned revision."""
    read: Callable[[str], bytes | None]
    """Bytes of a repo file at the scanned revision, None if absent."""


Check = Callable[[ChangeSet, ProjectView], "list[RawFinding]"]
"""A check: a pure function of the change and the project, returning raw findings."""


@dataclass(frozen=True)
class Rule:
    """One rule of our own checks, with what every finding of it carries."""

    id: str
    """Bare rule id; reports namespace it as ``aigate/<id>``. Never changes once released."""
    name: str
    """A short human name."""
    severity: Severity
    """Severity of every finding of the rule."""
    confidence: Confidence
    """How sure the rule is."""
    cwe: tuple[int, ...]
    """CWE ids, most precise first (empty when the rule is hygiene, not a weakness)."""
    fix: str
    """How to fix a finding."""

    def at(
        self,
        path: str,
        line: int,
        message: str,
        columns: tuple[int, int] | None = None,
        confidence: Confidence | None = None,
    ) -> RawFinding:
        """A finding of this rule on ``line`` of ``path``; ``columns`` are 0-based [start, end)."""
        start, end = (columns[0] + 1, columns[1] + 1) if columns else (None, None)
        return RawFinding(
            analyzer=ANALYZER,
            rule_id=self.id,
            severity=self.severity,
            confidence=confidence or self.confidence,
            message=message,
            location=Location(path, line, line, start, end),
            cwe=self.cwe,
            rule_name=self.name,
            fix=self.fix,
        )


def text_of(changed: ChangedFile) -> str:
    """The file's text; undecodable bytes become U+FFFD so line numbers still match."""
    return changed.content.decode("utf-8", "replace")


def changed_lines(changed: ChangedFile) -> list[tuple[int, str]]:
    """(line number, text) of the lines the change added, in order."""
    lines = split_lines(text_of(changed))
    return [(n, lines[n - 1]) for n in sorted(changed.added_lines) if 1 <= n <= len(lines)]


def split_lines(text: str) -> list[str]:
    """Lines as git numbers them: split on LF only (not on form feeds or U+2028), CR dropped."""
    return [line.removesuffix("\r") for line in text.split("\n")]


def shannon_entropy(text: str) -> float:
    """Shannon entropy of ``text`` in bits per character (0.0 for an empty string)."""
    if not text:
        return 0.0
    size = len(text)
    return -sum(c / size * math.log2(c / size) for c in Counter(text).values())

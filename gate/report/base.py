"""What every report format shares: render options, ordering, counts and safe one-line text."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from gate import __version__
from gate.model import Decision, Disposition, GateResult, Provenance, Severity

REPORTED = (Disposition.BLOCKING, Disposition.WARNING)
"""Dispositions that are shown as findings (the others are only counted)."""

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u200e\u200f\u2028-\u202e\u2066-\u2069]")
"""C0 and C1 controls (ESC, BEL, CR, LF, ...), DEL, line separators and bidirectional controls
(Trojan Source): shown as escapes in every text format, never passed to a terminal or a log."""
_SHORT_SHA = 12


@dataclass(frozen=True)
class RenderOptions:
    """How to render a report; every format takes the same options."""

    color: bool = False
    """Use ANSI colour (text format only; the CLI sets it for a TTY)."""
    tool_version: str = __version__
    """The aigate version named in the report (tests pin it for golden files)."""
    link_base: str | None = None
    """Base URL for file links in Markdown, e.g. ``https://github.com/o/r/blob/<sha>/``."""
    verbose: bool = False
    """Text format: list every warning instead of one line per rule with a count."""


DEFAULT_OPTIONS = RenderOptions()
"""Options for callers that have none: no colour, this aigate's version, relative links."""

Renderer = Callable[[GateResult, RenderOptions], str]
"""A report format: a pure function of the result and the options."""


def location_key(decision: Decision) -> tuple[str, int, int, str, str]:
    """Sort key: path, line, column, rule id, fingerprint."""
    finding = decision.finding
    loc = finding.location
    return (loc.path, loc.start_line, loc.start_column or 0, finding.rule_id, finding.fingerprint)


def severity_key(decision: Decision) -> tuple[int, int, str, int, int, str, str]:
    """Sort key: blocking before warning, most severe first, then by location."""
    rank = REPORTED.index(decision.disposition) if decision.disposition in REPORTED else 9
    return (rank, -decision.finding.severity.rank, *location_key(decision))


def by_location(decisions: Iterable[Decision]) -> list[Decision]:
    """``decisions`` sorted by path, line, column, rule id and fingerprint."""
    return sorted(decisions, key=location_key)


def with_disposition(result: GateResult, *dispositions: Disposition) -> list[Decision]:
    """The decisions of ``result`` with one of ``dispositions``, sorted by location."""
    return by_location(d for d in result.verdict.decisions if d.disposition in dispositions)


def by_rule(decisions: Iterable[Decision]) -> list[tuple[str, list[Decision]]]:
    """(rule id, its decisions by location), most severe rule first, then most frequent."""
    groups: dict[str, list[Decision]] = {}
    for decision in by_location(decisions):
        groups.setdefault(decision.finding.rule_id, []).append(decision)
    return sorted(
        groups.items(),
        key=lambda item: (-max(d.finding.severity.rank for d in item[1]), -len(item[1]), item[0]),
    )


def severity_counts(decisions: Iterable[Decision]) -> dict[str, int]:
    """How many of ``decisions`` have each severity, every severity present, most severe first."""
    counts = {s.value: 0 for s in sorted(Severity, key=lambda s: s.rank, reverse=True)}
    for decision in decisions:
        counts[decision.finding.severity.value] += 1
    return counts


def provenance_counts(decisions: Iterable[Decision]) -> dict[str, int]:
    """How many of ``decisions`` each provenance wrote, every provenance present."""
    counts = {p.value: 0 for p in Provenance}
    for decision in decisions:
        counts[decision.finding.provenance.value] += 1
    return counts


def disposition_counts(result: GateResult) -> dict[str, int]:
    """How many findings got each disposition, every disposition present."""
    return {d.value: result.verdict.count(d) for d in Disposition}


_ESCAPED_BYTE = re.compile("[\udc80-\udcff]")
"""A byte of a file name that is not UTF-8, as Python holds it (a surrogate escape)."""


def encodable(text: str) -> str:
    """``text`` with the bytes of undecodable file names as ``\\xNN`` (the byte git has) and
    any other lone surrogate as a ``\\udNNN`` escape."""
    shown = _ESCAPED_BYTE.sub(lambda m: f"\\x{ord(m.group()) - 0xDC00:02x}", text)
    return shown.encode("utf-8", "backslashreplace").decode("utf-8")


def _visible(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def inert(text: str) -> str:
    """``text`` with every control character made visible (``\\x1b``, ``\\x0a``, ``\\u202e``).

    For names that are data (file names, rule ids, refs): a newline in a file name stays
    visible rather than turning into a space or a second line.
    """
    return _CONTROL.sub(_visible, encodable(text))


def one_line(text: str) -> str:
    """Free text (messages, reasons) on one line: line breaks become spaces, other controls
    (ANSI escapes, BEL, NUL, bidi overrides) are made visible."""
    flat = " ".join(encodable(text).splitlines())
    return inert(flat.replace("\t", " "))


def short_rev(rev: str | None) -> str | None:
    """A commit id shortened for display; other revisions unchanged."""
    if rev is not None and len(rev) == 40 and all(c in "0123456789abcdef" for c in rev):
        return rev[:_SHORT_SHA]
    return rev


def scope_label(result: GateResult) -> str:
    """What was scanned, in a few words: ``range abc..def``, ``staged changes``, ..."""
    changeset = result.changeset
    mode = changeset.mode.value
    base = short_rev(changeset.base_rev or result.request.base)
    head = short_rev(changeset.head_rev or result.request.head)
    if base and head:
        return f"{mode} {base}..{head}"
    if base:
        return f"{mode} against {base}"
    return mode


def analyzer_errors(result: GateResult) -> list[tuple[str, str]]:
    """(analyzer, message) for every failed run: its errors, or its status when it gave none."""
    out: list[tuple[str, str]] = []
    for run in result.runs:
        if not run.failed:
            continue
        messages = run.errors or (f"ended with status {run.status.value}",)
        out.extend((run.analyzer, one_line(message)) for message in messages)
    return out

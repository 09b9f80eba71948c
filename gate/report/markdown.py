"""A Markdown summary for ``$GITHUB_STEP_SUMMARY`` and pull-request comments."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import quote

from gate.model import Decision, Disposition, Finding, GateResult, Outcome, Provenance
from gate.report.base import (
    REPORTED,
    RenderOptions,
    inert,
    location_key,
    one_line,
    provenance_counts,
    scope_label,
    severity_counts,
    with_disposition,
)

MAX_ROWS = 50
"""Rows of the blocking table and the skipped list; PR comments stop at 65,536 characters."""

HEADING = {
    Outcome.PASS: "aigate: PASS",
    Outcome.FAIL: "aigate: FAIL",
    Outcome.ERROR: "aigate: ERROR (the scan could not be trusted)",
}
"""The heading of each verdict."""

PROVENANCE_LABEL = {
    Provenance.AI_AUTHORED: "AI-authored",
    Provenance.AI_ASSISTED: "AI-assisted",
    Provenance.HUMAN: "human",
    Provenance.UNKNOWN: "unknown",
}
"""How each provenance reads in the summary."""

_ESCAPES = {
    "&": "&amp;",
    "<": "&lt;",
    ">": "&gt;",
    "|": "\\|",
    "`": "&#96;",
    "[": "\\[",
    "]": "\\]",
    "*": "\\*",
    "_": "\\_",
    "\\": "\\\\",
    # "@" would mention a user or team in a PR comment.
    "@": "@&#8203;",
}


def escape(text: str) -> str:
    """``text`` as one line of inert Markdown: no table breaks, HTML, links, code or mentions,
    control characters (also line breaks, which would end a table row) made visible."""
    return "".join(_ESCAPES.get(char, char) for char in one_line(text))


def escape_name(text: str) -> str:
    """A file name as inert Markdown; a line break in it stays visible as ``\\x0a``."""
    return "".join(_ESCAPES.get(char, char) for char in inert(text))


def _link(decision: Decision, options: RenderOptions) -> str:
    loc = decision.finding.location
    path = quote(loc.path.lstrip("/").encode("utf-8", "surrogateescape"), safe="/")
    target = f"{path}#L{loc.start_line}"
    if loc.end_line and loc.end_line > loc.start_line:
        target += f"-L{loc.end_line}"
    if options.link_base:
        target = options.link_base.rstrip("/") + "/" + target
    return f"[{escape_name(loc.path)}:{loc.start_line}]({target})"


def _counts(result: GateResult) -> list[str]:
    reported = with_disposition(result, *REPORTED)
    severities = severity_counts(reported)
    provenances = provenance_counts(reported)
    return [
        "| | " + " | ".join(severities) + " |",
        "|---" * (len(severities) + 1) + "|",
        "| findings | " + " | ".join(str(n) for n in severities.values()) + " |",
        "",
        "| written by | " + " | ".join(PROVENANCE_LABEL[Provenance(p)] for p in provenances) + " |",
        "|---" * (len(provenances) + 1) + "|",
        "| findings | " + " | ".join(str(n) for n in provenances.values()) + " |",
    ]


def _blocking(result: GateResult, options: RenderOptions) -> list[str]:
    blocking = with_disposition(result, Disposition.BLOCKING)

    def cells(finding: Finding, _decision: Decision) -> tuple[str, str]:
        message = finding.message + (f" Fix: {finding.fix}" if finding.fix else "")
        return PROVENANCE_LABEL[finding.provenance], escape(message)

    more = "see the SARIF or JSON report"
    return _table("Blocking findings", ("Written by", "Message"), blocking, cells, options, more)


def _table(
    title: str,
    columns: tuple[str, str],
    decisions: list[Decision],
    cells: Callable[[Finding, Decision], tuple[str, str]],
    options: RenderOptions,
    more: str,
) -> list[str]:
    """A titled table: severity, rule, location, then ``columns`` filled by ``cells``."""
    if not decisions:
        return []
    lines = [
        f"### {title}",
        "",
        f"| Severity | Rule | Location | {columns[0]} | {columns[1]} |",
        "|---|---|---|---|---|",
    ]
    for decision in decisions[:MAX_ROWS]:
        finding = decision.finding
        first, second = cells(finding, decision)
        lines.append(
            f"| {finding.severity.value} | {escape(finding.rule_id)} | {_link(decision, options)} "
            f"| {first} | {second} |"
        )
    if len(decisions) > MAX_ROWS:
        lines += ["", f"... and {len(decisions) - MAX_ROWS} more ({more})."]
    return lines


SET_ASIDE = (
    Disposition.TEST_CODE,
    Disposition.OUT_OF_SCOPE,
    Disposition.BASELINED,
    Disposition.SUPPRESSED,
)
"""Dispositions the policy set aside; listed with their locations (calibrated warnings too)."""


def _set_aside(result: GateResult, options: RenderOptions) -> list[str]:
    """Every finding the policy set aside, most severe first, with where it is and why."""
    decisions = [
        d
        for d in result.verdict.decisions
        if d.disposition in SET_ASIDE
        or (d.disposition is Disposition.WARNING and d.finding.calibration is not None)
    ]
    decisions.sort(key=lambda d: (-d.finding.severity.rank, *location_key(d)))

    def cells(finding: Finding, decision: Decision) -> tuple[str, str]:
        shown = "calibrated" if finding.calibration is not None else decision.disposition.value
        return shown, escape(decision.reason)

    title, more = "Set aside by the policy", "the JSON report lists all"
    return _table(title, ("As", "Why"), decisions, cells, options, more)


def _not_judged(result: GateResult) -> list[str]:
    verdict = result.verdict
    lines = [
        f"- Warnings (reported, not blocking): {verdict.count(Disposition.WARNING)}",
        f"- Out of scope (outside the judged lines, not judged): "
        f"{verdict.count(Disposition.OUT_OF_SCOPE)}",
        f"- Baselined: {verdict.count(Disposition.BASELINED)}, "
        f"suppressed inline: {verdict.count(Disposition.SUPPRESSED)}",
        f"- Set aside in test code (test-code policy): {verdict.count(Disposition.TEST_CODE)}",
    ]
    skipped = sorted(result.changeset.skipped, key=lambda s: s.path)
    if skipped:
        lines.append(f"- Files not scanned: {len(skipped)}")
        lines += [f"  - {escape_name(s.path)}: {escape(s.reason)}" for s in skipped[:MAX_ROWS]]
        if len(skipped) > MAX_ROWS:
            lines.append(f"  - ... and {len(skipped) - MAX_ROWS} more")
    lines += [
        f"- Gate file changed by this range (not applied): {escape_name(path)}"
        for path in result.changeset.gate_files_changed
    ]
    lines += [f"- {escape(notice)}" for notice in result.notices]
    return lines


def _analyzers(result: GateResult) -> list[str]:
    lines = ["### Analyzers", "", "| Analyzer | Version | Status | Duration | Errors |"]
    lines.append("|---|---|---|---|---|")
    for run in result.runs:
        errors = "; ".join(run.errors[:3]) + (" ..." if len(run.errors) > 3 else "")
        lines.append(
            f"| {escape(run.analyzer)} | {escape(run.version or '-')} | {run.status.value} "
            f"| {run.duration:.1f}s | {escape(errors) or '-'} |"
        )
    return lines


def render_markdown(result: GateResult, options: RenderOptions) -> str:
    """The Markdown summary of ``result``."""
    verdict = result.verdict
    blocks = [
        [f"## {HEADING[verdict.outcome]}"],
        [
            f"Scanned: {escape(scope_label(result))}; config: {escape(result.config_source)}; "
            f"aigate {escape(options.tool_version)}; exit code {verdict.outcome.exit_code}."
        ],
    ]
    if verdict.reasons:
        blocks.append([f"- {escape(reason)}" for reason in verdict.reasons])
    blocks.append(["### Reported findings", "", *_counts(result)])
    blocking = _blocking(result, options)
    if blocking:
        blocks.append(blocking)
    blocks.append(["### Not blocking", "", *_not_judged(result)])
    set_aside = _set_aside(result, options)
    if set_aside:
        blocks.append(set_aside)
    if result.runs:
        blocks.append(_analyzers(result))
    return "\n\n".join("\n".join(block) for block in blocks) + "\n"

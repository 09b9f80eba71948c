"""The terminal report: verdict, blockers, warnings by rule, what was set aside, analyzers."""

from __future__ import annotations

from collections.abc import Sequence
from itertools import groupby

from gate.model import AnalyzerRun, Decision, Disposition, GateResult, Outcome, RunStatus, Severity
from gate.report.base import (
    RenderOptions,
    by_rule,
    inert,
    one_line,
    scope_label,
    severity_counts,
    with_disposition,
)

_RESET = "\x1b[0m"
_STYLE = {
    "bold": "\x1b[1m",
    "dim": "\x1b[2m",
    "red": "\x1b[1;31m",
    "yellow": "\x1b[33m",
    "cyan": "\x1b[36m",
    "green": "\x1b[1;32m",
    "magenta": "\x1b[1;35m",
}
SEVERITY_STYLE = {
    Severity.CRITICAL: "red",
    Severity.HIGH: "red",
    Severity.MEDIUM: "yellow",
    Severity.LOW: "cyan",
    Severity.NOTE: "dim",
}
"""Colour of each severity."""
OUTCOME_STYLE = {Outcome.PASS: "green", Outcome.FAIL: "red", Outcome.ERROR: "magenta"}
"""Colour of each verdict."""
STATUS_STYLE = {
    RunStatus.OK: "green",
    RunStatus.FAILED: "red",
    RunStatus.TIMED_OUT: "red",
    RunStatus.DISABLED: "dim",
}
"""Colour of each analyzer status."""
_INDENT = " " * 8
_SEVERE_SHOWN = 10
"""High and critical set-aside findings named by location in the summary lines."""


class _Painter:
    """Wraps text in ANSI styles, or leaves it alone when colour is off."""

    def __init__(self, color: bool) -> None:
        self.color = color

    def __call__(self, style: str, text: str) -> str:
        return f"{_STYLE[style]}{text}{_RESET}" if self.color else text


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def _header(result: GateResult, options: RenderOptions, paint: _Painter) -> list[str]:
    lines = [
        paint("bold", f"aigate {options.tool_version}: {one_line(scope_label(result))} scan"),
        f"config: {one_line(result.config_source)}",
    ]
    commits = result.changeset.commits
    if commits:
        ai = sum(1 for c in commits if c.provenance.is_ai)
        lines.append(f"commits: {ai} of {len(commits)} written or assisted by AI")
    return lines


def _finding_lines(decision: Decision, paint: _Painter) -> list[str]:
    finding = decision.finding
    loc = finding.location
    where = f"{loc.start_line}:{loc.start_column}" if loc.start_column else str(loc.start_line)
    severity = paint(SEVERITY_STYLE[finding.severity], f"{finding.severity.value.upper():<8}")
    lines = [
        f"  {where:>6}  {severity} {one_line(finding.rule_id)}  [{decision.disposition.value}]  "
        f"{one_line(finding.message)}"
    ]
    if len(finding.sources) > 1:
        lines.append(f"{_INDENT}sources: {one_line(', '.join(finding.sources))}")
    lines.append(f"{_INDENT}written by: {finding.provenance.value}; {one_line(decision.reason)}")
    if finding.fix:
        lines.append(f"{_INDENT}fix: {one_line(finding.fix)}")
    if finding.help_uri:
        lines.append(f"{_INDENT}docs: {one_line(finding.help_uri)}")
    if finding.snippet:
        lines.append(_INDENT + paint("dim", f"| {one_line(finding.snippet)}"))
    return lines


def _by_file(decisions: list[Decision], paint: _Painter) -> list[str]:
    lines: list[str] = []
    for path, group in groupby(decisions, key=lambda d: d.finding.location.path):
        lines.append(paint("bold", inert(path)))
        for decision in group:
            lines.extend(_finding_lines(decision, paint))
    return lines


def _where(decision: Decision) -> str:
    loc = decision.finding.location
    return f"{inert(loc.path)}:{loc.start_line}"


def _blocking(result: GateResult, paint: _Painter) -> list[str]:
    blocking = with_disposition(result, Disposition.BLOCKING)
    if not blocking:
        return []
    heading = paint("bold", f"blocking: {_plural(len(blocking), 'finding')}")
    return [heading, *_by_file(blocking, paint)]


def _warnings(result: GateResult, paint: _Painter, verbose: bool) -> list[str]:
    warnings = with_disposition(result, Disposition.WARNING)
    if not warnings:
        return []
    if verbose:
        return [paint("bold", f"warnings: {_plural(len(warnings), 'finding')}"),
                *_by_file(warnings, paint)]  # fmt: skip
    lines = [
        paint("bold", f"warnings: {_plural(len(warnings), 'finding')} by rule")
        + " (--verbose lists each; JSON lists all)"
    ]
    for rule, group in by_rule(warnings):
        worst = max(d.finding.severity for d in group)
        files = len({d.finding.location.path for d in group})
        severity = paint(SEVERITY_STYLE[worst], f"{worst.value.upper():<8}")
        lines.append(
            f"  {len(group):>5}x  {severity} {one_line(rule)}  first at {_where(group[0])}"
            f" ({_plural(files, 'file')}): {one_line(group[0].finding.message)}"
        )
    return lines


def _severe(decisions: Sequence[Decision]) -> list[str]:
    """Where the high and critical findings of a set-aside group are (the first few)."""
    severe = [d for d in decisions if d.finding.severity >= Severity.HIGH]
    lines = [
        f"  {d.finding.severity.value} at {_where(d)}: {one_line(d.finding.rule_id)}"
        for d in severe[:_SEVERE_SHOWN]
    ]
    if len(severe) > _SEVERE_SHOWN:
        lines.append(f"  ... and {len(severe) - _SEVERE_SHOWN} more high (JSON lists all)")
    return lines


def _not_judged(result: GateResult) -> list[str]:
    lines: list[str] = []
    out_of_scope = with_disposition(result, Disposition.OUT_OF_SCOPE)
    if out_of_scope:
        by_severity = ", ".join(
            f"{count} {name}" for name, count in severity_counts(out_of_scope).items() if count
        )
        lines.append(
            f"out of scope: {_plural(len(out_of_scope), 'finding')} outside the judged lines "
            f"({by_severity})"
        )
        lines.extend(_severe(out_of_scope))
    baselined = result.verdict.count(Disposition.BASELINED)
    suppressed = result.verdict.count(Disposition.SUPPRESSED)
    if baselined or suppressed:
        lines.append(f"accepted: {baselined} baselined, {suppressed} suppressed")
    test_code = with_disposition(result, Disposition.TEST_CODE)
    if test_code:
        lines.append(
            f"test code: {_plural(len(test_code), 'finding')} set aside by the test-code policy "
            "(test_paths, test_fail_on; listed in JSON, SARIF and the Markdown summary)"
        )
        lines.extend(_severe(test_code))
    if result.changeset.skipped:
        lines.append(f"skipped: {_plural(len(result.changeset.skipped), 'file')} not scanned")
        for skipped in sorted(result.changeset.skipped, key=lambda s: s.path):
            lines.append(f"  {inert(skipped.path)}: {one_line(skipped.reason)}")
    for path in result.changeset.gate_files_changed:
        lines.append(f"gate file changed by this range (not applied): {inert(path)}")
    lines.extend(f"notice: {one_line(notice)}" for notice in result.notices)
    return lines


def _analyzer_lines(run: AnalyzerRun, paint: _Painter) -> list[str]:
    status = paint(STATUS_STYLE[run.status], f"{run.status.value:<9}")
    version = one_line(run.version or "-")
    lines = [f"  {one_line(run.analyzer):<10} {status} {version:<10} {run.duration:.2f}s"]
    lines.extend(f"    error: {one_line(error)}" for error in run.errors)
    return lines


def _verdict_line(result: GateResult, paint: _Painter) -> str:
    outcome = result.verdict.outcome
    verdict = paint(OUTCOME_STYLE[outcome], f"verdict: {outcome.value.upper()}")
    reasons = "; ".join(one_line(r) for r in result.verdict.reasons)
    return f"{verdict} (exit {outcome.exit_code})" + (f": {reasons}" if reasons else "")


def render_text(result: GateResult, options: RenderOptions) -> str:
    """The terminal report of ``result``; ANSI colour only when ``options.color`` is true.

    The verdict comes first and last; then blocking findings in full, warnings grouped by rule
    with counts (each one listed with ``options.verbose``), what was set aside or not judged,
    and the analyzers.
    """
    paint = _Painter(options.color)
    verdict = _verdict_line(result, paint)
    sections = [[*_header(result, options, paint), verdict]]
    blocking = _blocking(result, paint)
    warnings = _warnings(result, paint, options.verbose)
    sections += [part for part in (blocking, warnings) if part]
    if not blocking and not warnings:
        sections.append(["No findings to report in the scanned lines."])
    not_judged = _not_judged(result)
    if not_judged:
        sections.append(not_judged)
    if result.runs:
        analyzers = ["analyzers:"]
        for run in result.runs:
            analyzers.extend(_analyzer_lines(run, paint))
        sections.append(analyzers)
    sections.append([verdict])
    return "\n\n".join("\n".join(section) for section in sections) + "\n"

"""The terminal report: findings grouped by file, then what was not judged, analyzers, verdict."""

from __future__ import annotations

from itertools import groupby

from gate.model import AnalyzerRun, Decision, Disposition, GateResult, Outcome, RunStatus, Severity
from gate.report.base import (
    REPORTED,
    RenderOptions,
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


def _findings(result: GateResult, paint: _Painter) -> list[str]:
    decisions = with_disposition(result, *REPORTED)
    if not decisions:
        return ["No findings to report in the scanned lines."]
    lines: list[str] = []
    for path, group in groupby(decisions, key=lambda d: d.finding.location.path):
        lines.append(paint("bold", inert(path)))
        for decision in group:
            lines.extend(_finding_lines(decision, paint))
        lines.append("")
    return lines[:-1]


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
    baselined = result.verdict.count(Disposition.BASELINED)
    suppressed = result.verdict.count(Disposition.SUPPRESSED)
    if baselined or suppressed:
        lines.append(f"accepted: {baselined} baselined, {suppressed} suppressed")
    test_code = result.verdict.count(Disposition.TEST_CODE)
    if test_code:
        lines.append(
            f"test code: {_plural(test_code, 'finding')} set aside by the test-code policy "
            "(test_paths, test_fail_on; listed in JSON and SARIF)"
        )
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


def render_text(result: GateResult, options: RenderOptions) -> str:
    """The terminal report of ``result``; ANSI colour only when ``options.color`` is true."""
    paint = _Painter(options.color)
    sections = [_header(result, options, paint), _findings(result, paint)]
    not_judged = _not_judged(result)
    if not_judged:
        sections.append(not_judged)
    if result.runs:
        analyzers = ["analyzers:"]
        for run in result.runs:
            analyzers.extend(_analyzer_lines(run, paint))
        sections.append(analyzers)
    outcome = result.verdict.outcome
    verdict = paint(OUTCOME_STYLE[outcome], f"verdict: {outcome.value.upper()}")
    reasons = "; ".join(one_line(r) for r in result.verdict.reasons)
    sections.append([f"{verdict} (exit {outcome.exit_code})" + (f": {reasons}" if reasons else "")])
    return "\n\n".join("\n".join(section) for section in sections) + "\n"

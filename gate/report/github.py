"""GitHub Actions workflow-command annotations: one line per reported finding, escaped."""

from __future__ import annotations

from gate.model import Decision, Disposition, GateResult
from gate.report.base import RenderOptions, analyzer_errors, encodable, inert, severity_key

MAX_PER_LEVEL = 10
"""GitHub shows at most 10 error and 10 warning annotations per step."""

COMMAND = {Disposition.BLOCKING: "error", Disposition.WARNING: "warning"}
"""The workflow command of each reported disposition (others are not annotated)."""


def escape_data(text: str) -> str:
    """``text`` as a command's message, escaped as GitHub's runner unescapes it: ``%``, CR and
    LF encoded (so it stays one line and no ``::command::`` can start a line of the log); every
    other control character (ESC, BEL, C1, bidi overrides) made visible, never sent raw."""
    encoded = encodable(text).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return inert(encoded)


def escape_property(text: str) -> str:
    """``text`` as a property value: also ``:`` and ``,``, which end a property."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def command(name: str, message: str, **properties: str | int | None) -> str:
    """One workflow command line, e.g. ``::error file=a.py,line=3::message``."""
    props = ",".join(
        f"{key}={escape_property(str(value))}" for key, value in properties.items() if value
    )
    return f"::{name}{' ' + props if props else ''}::{escape_data(message)}"


def _annotation(decision: Decision) -> str:
    finding = decision.finding
    loc = finding.location
    message = finding.message.strip() or finding.rule_id
    if finding.fix:
        message += f"\nFix: {finding.fix.strip()}"
    message += f"\n({finding.provenance.value}; {decision.reason})"
    same_line = loc.end_line is None or loc.end_line == loc.start_line
    return command(
        COMMAND[decision.disposition],
        message,
        file=loc.path,
        line=max(1, loc.start_line),
        endLine=loc.end_line if loc.end_line and loc.end_line >= loc.start_line else None,
        col=loc.start_column if same_line else None,
        endColumn=loc.end_column if same_line and loc.start_column else None,
        title=f"{finding.rule_id} ({finding.severity.value})",
    )


def render_github(result: GateResult, options: RenderOptions) -> str:
    """Annotations for ``result``: failed analyzers, then findings most severe first, capped."""
    errors = [
        command("error", f"aigate: {name} failed: {msg}") for name, msg in analyzer_errors(result)
    ]
    warnings: list[str] = []
    reported = sorted(
        (d for d in result.verdict.decisions if d.disposition in COMMAND), key=severity_key
    )
    for decision in reported:
        target = errors if decision.disposition is Disposition.BLOCKING else warnings
        target.append(_annotation(decision))
    lines = errors[:MAX_PER_LEVEL] + warnings[:MAX_PER_LEVEL]
    hidden_errors = max(0, len(errors) - MAX_PER_LEVEL)
    hidden_warnings = max(0, len(warnings) - MAX_PER_LEVEL)
    if hidden_errors or hidden_warnings:
        lines.append(
            command(
                "notice",
                f"aigate: {hidden_errors} more errors and {hidden_warnings} more warnings are not "
                "shown as annotations (GitHub shows 10 of each per step); see the job summary "
                "or the SARIF report.",
            )
        )
    return "".join(line + "\n" for line in lines)

"""SARIF 2.1.0 for GitHub code scanning, built by one pure function from a GateResult."""

from __future__ import annotations

import json
from pathlib import PurePath, PurePosixPath
from typing import Any
from urllib.parse import quote

import sarif_om as om

from gate.model import Decision, Disposition, Finding, GateResult, Outcome, Severity
from gate.report.base import (
    DEFAULT_OPTIONS,
    RenderOptions,
    analyzer_errors,
    location_key,
    one_line,
    severity_key,
)

SCHEMA_URI = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)
INFORMATION_URI = "https://pypi.org/project/aigate-scan/"
SRCROOT = "%SRCROOT%"
MAX_RESULTS = 25_000
"""GitHub keeps at most 25,000 results (and rules) per run."""
MAX_TAGS = 20
MAX_DESCRIPTION = 1024

SECURITY_SEVERITY = {
    Severity.CRITICAL: "9.5",
    Severity.HIGH: "8.0",
    Severity.MEDIUM: "5.5",
    Severity.LOW: "3.0",
    Severity.NOTE: "1.0",
}
"""GitHub's bands: > 9.0 critical, 7.0-8.9 high, 4.0-6.9 medium, 0.1-3.9 low."""

LEVEL = {
    Severity.CRITICAL: "error",
    Severity.HIGH: "error",
    Severity.MEDIUM: "warning",
    Severity.LOW: "note",
    Severity.NOTE: "note",
}
"""SARIF level of each severity."""

SUPPRESSION_KIND = {
    Disposition.BASELINED: "external",
    Disposition.SUPPRESSED: "inSource",
    Disposition.TEST_CODE: "external",  # set aside by the config's test-code policy
}
"""How each kind of accepted finding is marked as suppressed."""

# The SARIF default level of a result is its rule's default level, not sarif-om's "warning":
# always write it, even when it equals the attrs default.
_ALWAYS_WRITTEN = frozenset({"level"})


def artifact_uri(path: str, repo_root: PurePath | None = None) -> str:
    """A repo-relative, percent-encoded posix URI for ``path`` (never ``./``, never absolute)."""
    posix = path.replace("\\", "/")
    if repo_root is not None and PurePosixPath(posix).is_absolute():
        root = repo_root.as_posix().rstrip("/") + "/"
        if posix.startswith(root):
            posix = posix[len(root) :]
    parts = [p for p in posix.split("/") if p not in ("", ".")]
    # surrogateescape gives back the bytes of an undecodable file name, percent-encoded.
    return quote("/".join(parts).encode("utf-8", "surrogateescape"), safe="/")


def _text(value: str, limit: int | None = None) -> str:
    flat = value.strip() or "(no description)"
    if limit is not None and len(flat) > limit:
        return flat[: limit - 1] + "\u2026"
    return flat


HALLUCINATED_API_CWE = 1357
"""Findings with this CWE name an API that does not exist: tagged for code scanning filters."""


def _tags(cwes: list[int]) -> list[str]:
    tags = ["security"]
    if HALLUCINATED_API_CWE in cwes:
        tags.append("hallucinated-api")
    for cwe in cwes[: (MAX_TAGS - 1) // 2]:
        tags += [f"CWE-{cwe}", f"external/cwe/cwe-{cwe:03d}"]
    return tags


def _rule(rule_id: str, findings: list[Finding]) -> Any:
    first = findings[0]
    severity = max(f.severity for f in findings)
    cwes = list(dict.fromkeys(c for f in findings for c in f.cwe))
    help_text = [f"Fix: {first.fix}" if first.fix else f"See the message of each {rule_id} result."]
    help_md = [f"**Fix:** {first.fix}" if first.fix else help_text[0]]
    if first.help_uri:
        help_text.append(f"Documentation: {first.help_uri}")
        help_md.append(f"[Documentation]({first.help_uri})")
    properties = om.PropertyBag(tags=_tags(cwes))
    setattr(properties, "security-severity", SECURITY_SEVERITY[severity])
    properties.precision = max(f.confidence for f in findings).value
    return om.ReportingDescriptor(
        id=rule_id,
        name=first.rule_name or rule_id,
        short_description=om.MultiformatMessageString(text=_text(first.rule_name or rule_id)),
        full_description=om.MultiformatMessageString(text=_text(first.message, MAX_DESCRIPTION)),
        help=om.MultiformatMessageString(text="\n".join(help_text), markdown="\n\n".join(help_md)),
        help_uri=first.help_uri,
        default_configuration=om.ReportingConfiguration(level=LEVEL[severity]),
        properties=properties,
    )


def _region(finding: Finding) -> Any:
    loc = finding.location
    start = max(1, loc.start_line)
    end = loc.end_line if loc.end_line is not None and loc.end_line >= start else None
    start_col = loc.start_column if loc.start_column and loc.start_column >= 1 else None
    end_col = loc.end_column if start_col and loc.end_column and loc.end_column >= 1 else None
    if start_col and end_col and (end or start) == start and end_col < start_col:
        end_col = None
    return om.Region(
        start_line=start,
        end_line=end,
        start_column=start_col,
        end_column=end_col,
        snippet=om.ArtifactContent(text=finding.snippet) if finding.snippet else None,
    )


def _result(decision: Decision, rule_index: int, repo_root: PurePath) -> Any:
    finding = decision.finding
    message = finding.message.strip() or finding.rule_name or finding.rule_id
    if finding.fix:
        message = f"{message} Fix: {finding.fix.strip()}"
    properties = om.PropertyBag()
    for key, value in (
        ("provenance", finding.provenance.value),
        ("disposition", decision.disposition.value),
        ("reason", decision.reason),
        ("sources", list(finding.sources or (finding.rule_id,))),
        ("confidence", finding.confidence.value),
        ("cwe", list(finding.cwe)),
        ("in_changed_lines", finding.in_changed_lines),
    ):
        setattr(properties, key, value)
    kind = SUPPRESSION_KIND.get(decision.disposition)
    return om.Result(
        rule_id=finding.rule_id,
        rule_index=rule_index,
        level=LEVEL[finding.severity],
        message=om.Message(text=message),
        locations=[
            om.Location(
                physical_location=om.PhysicalLocation(
                    artifact_location=om.ArtifactLocation(
                        uri=artifact_uri(finding.location.path, repo_root), uri_base_id=SRCROOT
                    ),
                    region=_region(finding),
                )
            )
        ],
        partial_fingerprints={
            "primaryLocationLineHash": finding.fingerprint,
            "aigate/v1": finding.fingerprint,
        },
        suppressions=[om.Suppression(kind=kind, justification=decision.reason)] if kind else None,
        properties=properties,
    )


def _notification(level: str, descriptor: str, text: str) -> Any:
    return om.Notification(
        level=level,
        descriptor=om.ReportingDescriptorReference(id=descriptor),
        message=om.Message(text=text),
    )


def _notifications(result: GateResult, dropped: int, max_results: int) -> list[Any]:
    notes = [
        _notification("error", name, f"{name}: {msg}") for name, msg in analyzer_errors(result)
    ]
    for run in result.runs:
        if not run.failed:
            notes += [
                _notification("warning", run.analyzer, f"{run.analyzer}: {one_line(e)}")
                for e in run.errors
            ]
    if result.verdict.outcome is Outcome.ERROR and not notes:
        notes += [_notification("error", "aigate", one_line(r)) for r in result.verdict.reasons]
    notes += [
        _notification("warning", "aigate/skipped", f"not scanned: {s.path}: {s.reason}")
        for s in sorted(result.changeset.skipped, key=lambda s: s.path)
    ]
    notes += [_notification("note", "aigate/notice", one_line(n)) for n in result.notices]
    if dropped:
        notes.append(
            _notification(
                "warning",
                "aigate/truncated",
                f"{dropped} results left out: GitHub keeps at most {max_results} per run",
            )
        )
    return notes


def build_sarif_log(
    result: GateResult, options: RenderOptions = DEFAULT_OPTIONS, max_results: int = MAX_RESULTS
) -> Any:
    """The SARIF log of ``result`` as sarif-om objects: one run, out-of-scope findings left out.

    Past ``max_results`` the least important results (accepted before warnings before blocking,
    then by severity) are left out, and a notification says how many.
    """
    reported = [
        d for d in result.verdict.decisions if d.disposition is not Disposition.OUT_OF_SCOPE
    ]
    kept = sorted(sorted(reported, key=severity_key)[:max_results], key=location_key)
    by_rule: dict[str, list[Finding]] = {}
    for decision in kept:
        by_rule.setdefault(decision.finding.rule_id, []).append(decision.finding)
    rule_ids = sorted(by_rule)
    index = {rule_id: i for i, rule_id in enumerate(rule_ids)}
    repo_root = result.changeset.repo_root
    failed = result.verdict.outcome is Outcome.ERROR or any(run.failed for run in result.runs)
    sarif_run = om.Run(
        tool=om.Tool(
            driver=om.ToolComponent(
                name="aigate",
                version=options.tool_version,
                semantic_version=options.tool_version,
                information_uri=INFORMATION_URI,
                rules=[_rule(rule_id, by_rule[rule_id]) for rule_id in rule_ids],
            ),
            extensions=[
                om.ToolComponent(name=run.analyzer, version=run.version)
                for run in result.runs
                if run.version
            ]
            or None,
        ),
        invocations=[
            om.Invocation(
                execution_successful=not failed,
                exit_code=result.verdict.outcome.exit_code,
                tool_execution_notifications=_notifications(
                    result, len(reported) - len(kept), max_results
                )
                or None,
            )
        ],
        automation_details=om.RunAutomationDetails(id=f"aigate/{result.changeset.mode.value}/"),
        original_uri_base_ids=(
            {SRCROOT: om.ArtifactLocation(uri=repo_root.as_uri().rstrip("/") + "/")}
            if repo_root.is_absolute()
            else None
        ),
        results=[_result(d, index[d.finding.rule_id], repo_root) for d in kept],
    )
    return om.SarifLog(version="2.1.0", schema_uri=SCHEMA_URI, runs=[sarif_run])


def serialise(value: Any) -> Any:
    """Plain JSON data for a sarif-om object: schema names, None and attrs defaults left out."""
    fields = getattr(type(value), "__attrs_attrs__", None)
    if fields is not None:
        out: dict[str, Any] = {}
        names = set()
        for field in fields:
            names.add(field.name)
            item = getattr(value, field.name)
            name = field.metadata["schema_property_name"]
            if item is None or (name not in _ALWAYS_WRITTEN and _is_default(field.default, item)):
                continue
            out[name] = serialise(item)
        # Property bags carry extra attributes set with setattr ("security-severity").
        for name, item in sorted(vars(value).items()):
            if name not in names and item is not None:
                out[name] = serialise(item)
        return out
    if isinstance(value, dict):
        return {str(key): serialise(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [serialise(item) for item in value]
    return value


def _is_default(default: Any, value: Any) -> bool:
    factory = getattr(default, "factory", None)
    expected = factory() if callable(factory) else default
    return type(expected) is type(value) and bool(expected == value)


def to_sarif(result: GateResult, options: RenderOptions = DEFAULT_OPTIONS) -> dict[str, Any]:
    """The SARIF 2.1.0 log of ``result`` as plain JSON data."""
    data: dict[str, Any] = serialise(build_sarif_log(result, options))
    return data


def render_sarif(result: GateResult, options: RenderOptions) -> str:
    """The SARIF 2.1.0 log of ``result`` as JSON text (keys sorted, indent 2)."""
    return json.dumps(to_sarif(result, options), indent=2, sort_keys=True) + "\n"

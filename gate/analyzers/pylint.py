"""pylint adapter: our rcfile, a narrow security and hallucinated-API message set, fail closed."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from gate.analyzers.base import (
    Analyzer,
    AnalyzerContext,
    ToolFailure,
    ToolResult,
    dot_slash,
    invoke,
    parse_json_object,
    require_executable,
    strip_dot_slash,
    tool_version,
)
from gate.analyzers.cause import last_line
from gate.analyzers.dynamic import soften_dynamic
from gate.analyzers.mypy import HALLUCINATED_API_CWE
from gate.analyzers.resolve import Resolver
from gate.model import AnalyzerRun, Confidence, Location, RawFinding, RunStatus, Severity

RCFILE = Path(__file__).resolve().parent / "pylintrc"
"""Our rcfile; the scanned repo's configs are never read."""


@dataclass(frozen=True)
class PylintRule:
    """How we rate one pylint message."""

    symbol: str
    """pylint's symbolic name."""
    kind: str
    """pylint's message type (its docs are grouped by it)."""
    severity: Severity
    """Our severity."""
    confidence: Confidence
    """Our confidence when pylint does not lower it (INFERENCE, INFERENCE_FAILURE)."""
    cwe: tuple[int, ...] = ()
    """CWE ids, where one fits."""

    @property
    def help_uri(self) -> str:
        """The message's page in pylint's documentation."""
        return (
            "https://pylint.readthedocs.io/en/stable/user_guide/messages/"
            f"{self.kind}/{self.symbol}.html"
        )


RULES: dict[str, PylintRule] = {
    # Code injection: the same weakness bandit's B307/B102 report, so findings merge by CWE.
    "W0123": PylintRule("eval-used", "warning", Severity.MEDIUM, Confidence.HIGH, (95, 94)),
    "W0122": PylintRule("exec-used", "warning", Severity.MEDIUM, Confidence.HIGH, (95, 94)),
    # Hallucinated APIs: names, attributes and keywords that the library does not have.
    # Same CWE as mypy's: one missing name on one line, reported by both, is one finding.
    "E0611": PylintRule(
        "no-name-in-module", "error", Severity.MEDIUM, Confidence.HIGH, (HALLUCINATED_API_CWE,)
    ),
    "E1101": PylintRule(
        "no-member", "error", Severity.MEDIUM, Confidence.MEDIUM, (HALLUCINATED_API_CWE,)
    ),
    "E1123": PylintRule(
        "unexpected-keyword-arg",
        "error",
        Severity.MEDIUM,
        Confidence.HIGH,
        (628, HALLUCINATED_API_CWE),
    ),
    "E0602": PylintRule(
        "undefined-variable", "error", Severity.LOW, Confidence.HIGH, (HALLUCINATED_API_CWE,)
    ),
    # '# pylint: skip-file' (or a module-level 'disable=all'): the checks above did not run.
    "I0013": PylintRule("file-ignored", "info", Severity.MEDIUM, Confidence.HIGH),
}
"""Message id -> our rating. Only these messages are enabled."""

_FAILED_BITS = 1 | 32
"""Exit-status bits that mean the run itself failed: fatal, usage error."""
_NOT_ANALYSED = {"E0001"}
"""Messages (besides any fatal) that mean a file was not analysed: syntax-error."""
_SUPPRESSED = re.compile(r"^Suppressed '([\w-]+)' \(from line \d+\)")
_ALSO_ENABLED = ("syntax-error", "suppressed-message")
"""Enabled for fail-closed checks and for findings hidden by inline disables."""
_BY_SYMBOL = {rule.symbol: msg_id for msg_id, rule in RULES.items()}
_MODULE_MESSAGES = {
    "E0611": re.compile(r"^No name '[^']+' in module '(?P<module>[\w.]+)'"),
    "E1101": re.compile(r"^Module '(?P<module>[\w.]+)' has no '[^']+' member"),
}
"""Messages about a name missing from a module: reported only where the module resolves fully."""
_NO_MATCH = re.compile(r"(?!)")


class PylintAnalyzer(Analyzer):
    """pylint with our rcfile and message set; inline ``pylint: disable`` does not hide findings."""

    name = "pylint"
    executable = "pylint"
    """The command looked up with ``find_executable``."""

    def scan(self, ctx: AnalyzerContext) -> AnalyzerRun:
        """Run pylint once over every target and map its json2 report."""
        exe = require_executable(self.name, self.executable)
        if not RCFILE.is_file():
            raise ToolFailure(f"pylint: our rcfile {RCFILE} is missing; reinstall aigate-scan")
        version_text = tool_version(exe, ctx)
        version = _version(version_text)
        enabled = ",".join([*(r.symbol for r in RULES.values()), *_ALSO_ENABLED])
        argv = (
            exe,
            f"--rcfile={RCFILE}",
            "--output-format=json2",
            "--persistent=n",
            "--score=n",
            "--reports=n",
            "--jobs=1",
            "--disable=all",
            f"--enable={enabled}",
            f"--source-roots={','.join(str(r) for r in source_roots(ctx.workspace))}",
            *_dependencies(ctx.analysis_site),
            "--",
            *dot_slash(ctx.targets),
        )
        result = invoke("pylint", argv, ctx, version=version)
        data = _report(result, version)
        messages = data.get("messages")
        if not isinstance(messages, list) or not all(isinstance(m, dict) for m in messages):
            raise ToolFailure("pylint: JSON field 'messages' is missing", version=version)
        failures = [_failure(m) for m in messages if _is_failure(m)]
        if failures or result.returncode & _FAILED_BITS or result.returncode < 0:
            raise ToolFailure(
                *(failures or [f"pylint: exited {result.returncode}: {last_line(result.stderr)}"]),
                version=version,
                executable=None if failures else exe,
            )
        resolver = Resolver.for_scan(ctx.workspace, ctx.analysis_site)
        kept = (m for m in messages if _module_resolvable(m, resolver))
        findings = tuple(f for f in (_finding(m) for m in kept) if f is not None)
        findings = soften_dynamic(findings, ctx.workspace)
        return AnalyzerRun(
            analyzer=self.name, status=RunStatus.OK, version=version, findings=findings
        )


def source_roots(workspace: Path) -> tuple[Path, ...]:
    """Where the project's own packages start: the snapshot's root and its ``src/`` layout."""
    return (workspace, workspace / "src") if (workspace / "src").is_dir() else (workspace,)


def _dependencies(site: Path | None) -> tuple[str, ...]:
    """Our own init-hook: the analysis environment goes on the END of pylint's path, so pylint's
    own imports can never come from it (astroid only parses what it finds there)."""
    if site is None:
        return ()
    return (f"--init-hook=import sys; sys.path.append({str(site.resolve())!r})",)


def _module_resolvable(message: dict[str, Any], resolver: Resolver) -> bool:
    """False for a "no name in module M" whose M is not fully known (lazy exports, not ours)."""
    match = _MODULE_MESSAGES.get(str(message.get("messageId")), _NO_MATCH).match(
        str(message.get("message", ""))
    )
    return match is None or resolver.fully_resolvable(match.group("module"))


def _version(text: str | None) -> str | None:
    if not text:
        return None
    return text.splitlines()[0].removeprefix("pylint ").strip() or None


def _report(result: ToolResult, version: str | None) -> dict[str, Any]:
    """The json2 report; a usage error or crash without one is a FAILED run."""
    try:
        return parse_json_object("pylint", result.stdout, version, result)
    except ToolFailure:
        if result.returncode & _FAILED_BITS or result.returncode < 0:
            raise ToolFailure(
                f"pylint: exited {result.returncode}: {last_line(result.stderr)}",
                version=version,
                executable=result.argv[0],
            ) from None
        raise


def _is_failure(message: dict[str, Any]) -> bool:
    return message.get("type") == "fatal" or message.get("messageId") in _NOT_ANALYSED


def _failure(message: dict[str, Any]) -> str:
    path = strip_dot_slash(str(message.get("path") or message.get("module") or "?"))
    return (
        f"pylint: {path}: not analysed: {message.get('messageId')} "
        f"{message.get('symbol')}: {message.get('message')}"
    )


def _finding(message: dict[str, Any]) -> RawFinding | None:
    msg_id = str(message.get("messageId"))
    line = int(message.get("line") or 1)
    column = message.get("column")
    end_line, end_column = message.get("endLine"), message.get("endColumn")
    text = str(message.get("message", ""))
    if msg_id == "I0013":
        text = (
            "pylint was told to skip this whole file ('# pylint: skip-file' or a module-level "
            "'disable=all'), so its checks did not run"
        )
    elif msg_id == "I0020":  # suppressed-message: report what the inline disable hid
        match = _SUPPRESSED.match(text)
        if not match or match.group(1) not in _BY_SYMBOL:
            return None
        msg_id = _BY_SYMBOL[match.group(1)]  # the line stays: it is the hidden message's
        column = end_line = end_column = None
        text = f"{text} by an inline pylint disable comment"
    rule = RULES.get(msg_id)
    if rule is None:
        return None
    return RawFinding(
        analyzer="pylint",
        rule_id=msg_id,
        severity=rule.severity,
        confidence=_confidence(rule.confidence, str(message.get("confidence"))),
        message=text or rule.symbol,
        location=Location(
            path=strip_dot_slash(str(message["path"])),
            start_line=line,
            end_line=int(end_line) if isinstance(end_line, int) else None,
            start_column=int(column) + 1 if isinstance(column, int) else None,
            end_column=int(end_column) + 1 if isinstance(end_column, int) else None,
        ),
        cwe=rule.cwe,
        help_uri=rule.help_uri,
        rule_name=rule.symbol,
    )


def _confidence(ours: Confidence, pylints: str) -> Confidence:
    """pylint lowers certainty for inferred results; never raise ours above the table."""
    if pylints == "INFERENCE_FAILURE":
        return Confidence.LOW
    if pylints == "INFERENCE" and ours is Confidence.HIGH:
        return Confidence.MEDIUM
    return ours

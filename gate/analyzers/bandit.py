"""bandit adapter: every test, no project config, and every target proven scanned."""

from __future__ import annotations

import re
from typing import Any

from gate.analyzers.base import (
    Analyzer,
    AnalyzerContext,
    ToolFailure,
    dot_slash,
    invoke,
    parse_json_object,
    require_executable,
    strip_dot_slash,
    tool_version,
)
from gate.analyzers.cause import last_line
from gate.model import AnalyzerRun, Confidence, Location, RawFinding, RunStatus, Severity

SEVERITY: dict[str, Severity] = {
    "LOW": Severity.LOW,
    "MEDIUM": Severity.MEDIUM,
    "HIGH": Severity.HIGH,
    "UNDEFINED": Severity.LOW,
}
"""bandit's issue_severity -> ours."""

CONFIDENCE: dict[str, Confidence] = {
    "LOW": Confidence.LOW,
    "MEDIUM": Confidence.MEDIUM,
    "HIGH": Confidence.HIGH,
    "UNDEFINED": Confidence.LOW,
}
"""bandit's issue_confidence -> ours."""

CWE_OVERRIDES: dict[str, tuple[int, ...]] = {
    "B102": (95, 94),  # exec: bandit says 78 (OS command); eval injection, child of 94
    "B104": (1327,),  # bind all interfaces: bandit says 605 (multiple binds to one port)
    "B105": (259, 798),  # hard-coded password string: 259 is the child of 798
    "B106": (259, 798),  # ... as a keyword argument
    "B107": (259, 798),  # ... as a default argument
    "B201": (489, 94),  # flask debug=True: active debug code (the debugger runs code)
    "B303": (328, 327),  # md5/sha1 via the blacklist: weak hash, not just "broken crypto"
    "B307": (95, 94),  # eval: bandit says 78; eval injection (95) is a kind of 94
    "B311": (338, 330),  # random: weak PRNG
    "B313": (611, 776),  # xml.etree cElementTree parse: XXE and entity expansion
    "B314": (611, 776),  # xml.etree ElementTree
    "B315": (611, 776),  # xml.sax expatreader
    "B316": (611, 776),  # xml.dom expatbuilder
    "B317": (611, 776),  # xml.sax
    "B318": (611, 776),  # xml.dom minidom
    "B319": (611, 776),  # xml.dom pulldom
    "B320": (611, 776),  # lxml (removed from recent bandit; kept for older ones)
    "B324": (328, 327),  # hashlib md4/md5/sha1: weak hash
    "B405": (611, 776),  # import xml.etree
    "B406": (611, 776),  # import xml.sax
    "B407": (611, 776),  # import xml.expat
    "B408": (611, 776),  # import xml.dom.minidom
    "B409": (611, 776),  # import xml.dom.pulldom
    "B410": (611, 776),  # import lxml
    "B411": (776,),  # xmlrpc: entity expansion (billion laughs)
    "B506": (502,),  # yaml.load: bandit says 20; it is unsafe deserialisation
    "B607": (426,),  # process started with a partial path: untrusted search path
    "B701": (79, 94),  # jinja2 autoescape=False: XSS first
}
"""Test id -> the most precise CWE ids, where bandit's own issue_cwe is vague or wrong.

Ids not listed keep bandit's issue_cwe (e.g. B301/B403 502, B501 295, B108 377, B602/B605 78,
B608 89, B103 732).
"""

_PARSE_ERROR = "syntax error while parsing AST from file"
_PYTHON_VERSION = re.compile(r"python version\s*=\s*(\d+)\.(\d+)")


class BanditAnalyzer(Analyzer):
    """bandit -f json over the targets, with all tests, ignoring ``# nosec`` and excludes."""

    name = "bandit"
    executable = "bandit"
    """The command looked up with ``find_executable``."""

    def scan(self, ctx: AnalyzerContext) -> AnalyzerRun:
        """Run bandit once over every target and check it scanned each one."""
        exe = require_executable(self.name, self.executable)
        version_text = tool_version(exe, ctx)
        version = _version(version_text)
        argv = (
            exe,
            "--format=json",
            "--quiet",
            "--exclude=",  # no default excludes: they drop '.tox/', '*.egg' and even '.github/'
            "--ignore-nosec",  # the scanned code must not switch the gate off; policy decides
            "--",
            *dot_slash(ctx.targets),
        )
        result = invoke("bandit", argv, ctx, version=version)
        if result.returncode not in (0, 1):
            raise ToolFailure(
                f"bandit: exited {result.returncode}: {last_line(result.stderr)}",
                version=version,
                executable=exe,
            )
        data = parse_json_object("bandit", result.stdout, version, result)
        errors = _coverage_errors(data, ctx.targets, _python_version(version_text))
        if errors:
            raise ToolFailure(*errors, version=version)
        findings = tuple(_finding(item) for item in _list(data, "results"))
        return AnalyzerRun(
            analyzer=self.name, status=RunStatus.OK, version=version, findings=findings
        )


def _version(text: str | None) -> str | None:
    if not text:
        return None
    first = text.splitlines()[0].strip()
    return first.removeprefix("bandit ").strip() or None


def _python_version(text: str | None) -> tuple[int, int] | None:
    match = _PYTHON_VERSION.search(text or "")
    return (int(match.group(1)), int(match.group(2))) if match else None


def _list(data: dict[str, Any], key: str) -> list[dict[str, Any]]:
    value = data.get(key)
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        raise ToolFailure(f"bandit: JSON field {key!r} is missing or not a list of objects")
    return value


def _coverage_errors(
    data: dict[str, Any], targets: tuple[str, ...], python: tuple[int, int] | None
) -> list[str]:
    """One message per target that bandit could not parse or silently left out."""
    metrics = data.get("metrics")
    if not isinstance(metrics, dict):
        raise ToolFailure("bandit: JSON field 'metrics' is missing or not an object")
    scanned = {strip_dot_slash(str(name)) for name in metrics if name != "_totals"}
    problems: dict[str, str] = {}
    for error in _list(data, "errors"):
        path = strip_dot_slash(str(error.get("filename", "?")))
        reason = str(error.get("reason", "unknown reason"))
        problems[path] = _error_message(path, reason, python)
    for target in targets:
        if target not in problems and target not in scanned:
            problems[target] = f"bandit: {target}: not scanned (bandit skipped it silently)"
    return [problems[path] for path in sorted(problems)]


def _error_message(path: str, reason: str, python: tuple[int, int] | None) -> str:
    if reason != _PARSE_ERROR:
        return f"bandit: {path}: could not scan: {reason}"
    running = f"Python {python[0]}.{python[1]}" if python else "the Python that runs bandit"
    return (
        f"bandit: {path}: could not parse it under {running} (syntax error or newer syntax); "
        f"nothing in it was checked. Fix the syntax, or run aigate under the Python version "
        f"the code targets (Python >= 3.12 recommended)"
    )


def _finding(item: dict[str, Any]) -> RawFinding:
    test_id = str(item["test_id"])
    severity = SEVERITY.get(str(item.get("issue_severity")))
    confidence = CONFIDENCE.get(str(item.get("issue_confidence")))
    if severity is None or confidence is None:
        raise ToolFailure(
            f"bandit: {test_id}: unknown severity {item.get('issue_severity')!r} or "
            f"confidence {item.get('issue_confidence')!r}"
        )
    line = int(item["line_number"])
    line_range = [int(n) for n in item.get("line_range") or [line]]
    col = item.get("col_offset")
    end_col = item.get("end_col_offset")
    return RawFinding(
        analyzer="bandit",
        rule_id=test_id,
        severity=severity,
        confidence=confidence,
        message=str(item.get("issue_text", "")).strip() or test_id,
        location=Location(
            path=strip_dot_slash(str(item["filename"])),
            start_line=line,
            end_line=max(line_range + [line]),
            start_column=int(col) + 1 if isinstance(col, int) else None,
            end_column=int(end_col) + 1 if isinstance(end_col, int) else None,
        ),
        cwe=_cwe(test_id, item.get("issue_cwe")),
        help_uri=str(item["more_info"]) if item.get("more_info") else None,
        rule_name=str(item["test_name"]) if item.get("test_name") else None,
    )


def _cwe(test_id: str, issue_cwe: object) -> tuple[int, ...]:
    if test_id in CWE_OVERRIDES:
        return CWE_OVERRIDES[test_id]
    if isinstance(issue_cwe, dict) and isinstance(issue_cwe.get("id"), int) and issue_cwe["id"]:
        return (int(issue_cwe["id"]),)
    return ()

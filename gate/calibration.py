"""Calibration of call-only tool findings: which stay blocking when no data-flow rule confirms them.

bandit's call-only checks (and pylint's eval/exec) flag a call whatever the data. Where our
data-flow rules for the same weakness looked at the line and said nothing, such a finding is
kept as a warning, never dropped; it stays a normal (blocking-capable) finding for the escape
classes of gate.escape (exec of non-literal code, shell of a non-literal command, deserialising
non-literal data), unless the data's origin is one gate.origin knows to be safe: the user's own
preference variable as the whole command, code generated from program values, a Python file of
the project. Those are warnings with that reason, as are our own rules' findings on data of
unknown origin (dynamic-eval: a string built from a function argument; shell-string-built)
when gate.origin proves the origin safe.

An escape that stays is rated by the evidence: high when a known input source reaches its data
(gate.dataflow reaches_input: request, environment, argv, stdin, a file or network read,
unpacked bytes), medium when it comes from a caller's argument or program state only. With the
default thresholds medium blocks AI-written lines (``fail_on``) and is a listed warning on human
lines (``human_fail_on = "high"``): audits of mature code are not blocked by every library that
runs the code or command its caller hands it (bandit rates exec, eval and pickle medium too).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import replace

from gate.escape import Judgement, SourceCalls
from gate.model import AnalyzerRun, Calibration, ChangeSet, Finding, RunStatus, Severity

UNKNOWN_ORIGIN_RULES = frozenset(
    {"semgrep/code-injection-dynamic-eval", "semgrep/command-injection-shell-string-built"}
)
"""Our rules that flag code or a shell command built from any non-constant (a function argument
included): judged like the call-only checks where gate.escape sees the escape-class call (a
warning when gate.origin proves the origin safe, else rated by the evidence)."""

__all__ = ["CALL_ONLY", "ESCAPE_RULES", "SourceCalls", "calibrate", "calibration_notice"]

ESCAPE_RULES = frozenset(
    {
        "bandit/B102",
        "bandit/B307",
        "bandit/B301",
        "bandit/B602",
        "bandit/B603",
        "bandit/B604",
        "bandit/B605",
        "bandit/B606",
        "pylint/W0122",
        "pylint/W0123",
    }
)
"""Call-only checks whose call may belong to an escape class (the others are warnings)."""
CALL_ONLY: dict[str, str] = {
    "bandit/B102": "exec call",
    "bandit/B105": "password-like name",
    "bandit/B106": "password-like argument",
    "bandit/B107": "password-like default",
    "bandit/B103": "chmod call",
    "bandit/B301": "pickle call",
    "bandit/B304": "cipher call",
    "bandit/B305": "cipher mode call",
    "bandit/B303": "md5/sha1 call",
    "bandit/B307": "eval call",
    "bandit/B308": "mark_safe call",
    "bandit/B311": "random call",
    "bandit/B313": "xml parse call",
    "bandit/B314": "xml parse call",
    "bandit/B315": "xml parse call",
    "bandit/B316": "xml parse call",
    "bandit/B317": "xml parse call",
    "bandit/B318": "xml parse call",
    "bandit/B319": "xml parse call",
    "bandit/B320": "xml parse call",
    "bandit/B324": "hashlib md5/sha1 call",
    "bandit/B403": "pickle import",
    "bandit/B404": "subprocess import",
    "bandit/B405": "xml import",
    "bandit/B406": "xml import",
    "bandit/B407": "xml import",
    "bandit/B408": "xml import",
    "bandit/B409": "xml import",
    "bandit/B410": "xml import",
    "bandit/B413": "pycrypto import",
    "bandit/B602": "shell=True call",
    "bandit/B603": "subprocess call",
    "bandit/B604": "shell=True call",
    "bandit/B605": "shell call",
    "bandit/B606": "process call",
    "bandit/B608": "SQL-looking string",
    "bandit/B703": "django mark_safe call",
    "bandit/B704": "markupsafe Markup call",
    "pylint/W0122": "exec call",
    "pylint/W0123": "eval call",
}
"""Tool checks that flag a call or an import whatever the data (bandit tests, pylint's eval-used);
our semgrep rules for the same CWE follow the data (taint, sanitisers, constants). Such a finding
merges with a semgrep finding of a shared CWE on its line (a second source); where our rules ran
and stayed silent it is kept, calibrated (gate.calibration): a warning, or a normal finding for
the escape classes (exec of non-literal code, shell of a non-literal, deserialising data)."""


CONSTANT_FOLDED = "outside data reaches it only in a branch that never runs or under another key"
"""Why a command-injection or open-redirect data-flow finding on constant data is a warning."""


def calibrate(
    findings: tuple[Finding, ...],
    runs: Iterable[AnalyzerRun],
    changeset: ChangeSet,
    project: frozenset[str] = frozenset(),
) -> tuple[Finding, ...]:
    """Mark call-only findings our data-flow rules did not confirm; nothing is removed."""
    semgrep = next((r for r in runs if r.analyzer == "semgrep"), None)
    if semgrep is None or semgrep.status is not RunStatus.OK:
        return findings  # no rules of ours judged the data: the tools' word stands
    files = {f.path: f for f in changeset.files}
    parsed: dict[str, SourceCalls] = {}

    def calls(path: str) -> SourceCalls:
        if path not in parsed:
            changed = files.get(path)
            # what the analyzers read: a notebook's code cells, a decoded coding cookie
            source = (changed.python or changed.content) if changed else b""
            parsed[path] = SourceCalls(source.decode("utf-8", "replace"), path, project)
        return parsed[path]

    out = []
    for finding in findings:
        sources = finding.sources or (finding.rule_id,)
        path = finding.location.path
        hotspot = bool(set(sources) & UNKNOWN_ORIGIN_RULES)
        judged = None
        if all(s in CALL_ONLY or s in UNKNOWN_ORIGIN_RULES for s in sources) and any(
            s in ESCAPE_RULES or s in UNKNOWN_ORIGIN_RULES for s in sources
        ):
            judged = calls(path).judge(finding.location.start_line)
        if hotspot and judged is not None:
            what = ", ".join(sources)
            if not judged.blocking:  # proven safe origin
                calibration = Calibration(False, f"{what}: {judged.reason}")
                out.append(replace(finding, calibration=calibration))
            else:
                out.append(_rated(finding, f"{what}: {judged.reason}", judged))
            continue
        if hotspot or not all(s in CALL_ONLY for s in sources):
            ours = any(s.startswith("semgrep/") for s in sources)
            line = finding.location.start_line
            constant = None
            # every CWE-78 and CWE-601 rule of ours is a taint rule (a unit test checks it)
            if ours and 78 in finding.cwe:
                constant = calls(path).constant_command(line)
            elif ours and 601 in finding.cwe:
                constant = calls(path).literal_call(line)
            if constant is not None:
                reason = f"data-flow rule matched, but {constant} ({CONSTANT_FOLDED})"
                finding = replace(finding, calibration=Calibration(False, reason))
            out.append(finding)
            continue
        what = ", ".join(f"{s} ({CALL_ONLY[s]})" for s in sources)
        if judged is not None and judged.blocking:
            reason = f"call-only check {what} not confirmed by data-flow rules; kept: "
            reason += judged.reason
            out.append(_rated(finding, reason, judged))
            continue
        why = "" if judged is None else f"; {judged.reason}"
        calibration = Calibration(
            False, f"call-only check {what} not confirmed by aigate's data-flow rules{why}"
        )
        out.append(replace(finding, calibration=calibration))
    return tuple(out)


UNKNOWN_ORIGIN = (
    "no input source is known to reach its data (a caller's argument or program state): "
    "rated medium"
)
"""Why an escape on data of unknown origin is rated medium (blocks AI-written lines at the
default fail_on, a listed warning on human lines at human_fail_on = high)."""


def _rated(finding: Finding, reason: str, judged: Judgement) -> Finding:
    """An escape that stays a normal finding, rated by the evidence about its data."""
    if judged.known_input:
        severity = max(finding.severity, Severity.HIGH)
    else:
        severity, reason = Severity.MEDIUM, f"{reason}; {UNKNOWN_ORIGIN}"
    return replace(finding, severity=severity, calibration=Calibration(True, reason))


def calibration_notice(findings: tuple[Finding, ...]) -> str | None:
    """One line for the report: how many findings calibration set aside as warnings."""
    warned = [f for f in findings if f.calibration is not None and not f.calibration.blocking]
    if not warned:
        return None
    call_only = Counter(f.rule_id for f in warned if f.rule_id in CALL_ONLY)
    other = Counter(f.rule_id for f in warned if f.rule_id not in CALL_ONLY)
    parts = []
    if call_only:
        detail = ", ".join(f"{rule} x{n}" for rule, n in sorted(call_only.items()))
        parts.append(
            f"{sum(call_only.values())} call-only tool finding(s) kept as warnings: aigate's "
            f"data-flow rules for the same weakness did not confirm them ({detail})"
        )
    if other:
        detail = ", ".join(f"{rule} x{n}" for rule, n in sorted(other.items()))
        parts.append(
            f"{sum(other.values())} data-flow finding(s) kept as warnings: calibration found "
            f"the data constant or generated ({detail})"
        )
    return "; ".join(parts) + "; listed with their locations in JSON and SARIF"

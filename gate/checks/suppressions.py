"""Suppression abuse: comments that switch off security checks, and aigate ignores an AI wrote.

An agent told to "make the checks pass" often does it by silencing them. Comments are found with
``tokenize`` (a ``#`` inside a string is not a comment), through the same reader and the same
``# aigate: ignore[...]`` parser the policy uses (gate/suppressions.py), so both agree on what a
comment and a reason are.
"""

from __future__ import annotations

import re
from dataclasses import replace

from gate.analyzers.mypy import RULES as MYPY_RULES
from gate.analyzers.pylint import RULES as PYLINT_RULES
from gate.checks.base import ProjectView, Rule, split_lines, text_of
from gate.collect.changeset import is_python
from gate.model import ChangedFile, ChangeSet, Confidence, RawFinding, Severity
from gate.suppressions import _IGNORE, parse_file
from gate.suppressions import _comments as comments

# CWE-693 (Protection Mechanism Failure): the comment disables a security check, the protection
# mechanism, for the code beside it; the weakness is the missing check, not the code.
SUPPRESSION_COMMENT = Rule(
    id="suppression-comment",
    name="comment that silences a security check",
    severity=Severity.MEDIUM,
    confidence=Confidence.HIGH,
    cwe=(693,),
    fix="Fix what the check reports; for a false positive, a human adds "
    "`# aigate: ignore[<rule-id>] <reason>` instead.",
)
SUPPRESSION_WITHOUT_REASON = Rule(
    id="suppression-without-reason",
    name="aigate ignore comment without a reason",
    severity=Severity.LOW,
    confidence=Confidence.HIGH,
    cwe=(),  # hygiene, not a weakness: a reasonless ignore suppresses nothing
    fix="Say why after the bracket: `# aigate: ignore[<rule-id>] <reason>`; "
    "without a reason it suppresses nothing.",
)
AI_SUPPRESSION = Rule(
    id="ai-suppression",
    name="aigate ignore comment written by an AI agent",
    severity=Severity.MEDIUM,
    confidence=Confidence.HIGH,
    cwe=(693,),
    fix="Remove the comment and fix the finding; a human reviewer may add the ignore "
    "with a reason.",
)
RULES = (SUPPRESSION_COMMENT, SUPPRESSION_WITHOUT_REASON, AI_SUPPRESSION)
"""The rules of this module."""

SECURITY_PYLINT_MESSAGES = frozenset(
    {
        "all",  # disable=all: every check, security ones included
        "w",  # the whole warning category (eval-used, exec-used are warnings)
        "warning",
        "eval-used",
        "w0123",
        "exec-used",
        "w0122",
        "bad-builtin",  # the bad_builtin extension: flags eval, exec, input, ...
        "w0141",
        "subprocess-popen-preexec-fn",
        "w1509",
    }
)
"""pylint messages (symbol or id, casefolded) whose suppression silences a security check."""
HALLUCINATED_API_PYLINT_MESSAGES = frozenset(
    {"e", "error"}
    | {
        name.casefold()
        for msg_id, rule in PYLINT_RULES.items()
        if msg_id.startswith("E")
        for name in (msg_id, rule.symbol)
    }
)
"""pylint messages whose suppression hides a hallucinated API (no-member, no-name-in-module...)."""
MYPY_CODES = frozenset(MYPY_RULES)
"""mypy error codes our mypy analyzer reports: a ``type: ignore`` of one of them hides it."""
PYRIGHT_RULES = frozenset(
    {
        "reportattributeaccessissue",
        "reportcallissue",
        "reportundefinedvariable",
        "reportgeneraltypeissues",
        "reportoptionalmemberaccess",
        "reportprivateimportusage",
    }
)
"""pyright rules (casefolded) that say an attribute, keyword or name does not exist."""

_SECURITY_NOQA = re.compile(r"^(?:S|DUO)\d+$", re.IGNORECASE)
"""ruff / flake8-bandit (S...) and dlint (DUO...) codes."""
_NOSEC = re.compile(r"#\s*nosec\b", re.IGNORECASE)
_NOSEMGREP = re.compile(r"\bnosem(?:grep)?\b", re.IGNORECASE)
_NOQA = re.compile(
    r"#\s*(?P<file>(?:ruff|flake8)\s*:\s*)?noqa\b"
    r"(?:\s*:\s*(?P<codes>[A-Z]+[0-9]+(?:[\s,]+[A-Z]+[0-9]+)*))?",
    re.IGNORECASE,
)
_TYPE_IGNORE = re.compile(
    r"#\s*(?P<tool>type|pyright)\s*:\s*ignore\b(?:\[(?P<codes>[^\]]*)\])?", re.IGNORECASE
)
_MYPY_INLINE = re.compile(
    r"^#\s*mypy\s*:\s*(?P<what>ignore-errors|disable-error-code\s*=\s*(?P<codes>.*))",
    re.IGNORECASE,
)
_PYLINT = re.compile(
    r"\bpylint\s*:\s*(?P<what>disable-next|disable|skip-file)\b(?:\s*=\s*(?P<names>[\w\s,-]*))?",
    re.IGNORECASE,
)


Directive = tuple[re.Match[str], str, bool]
"""A directive in a comment: its match, what it silences, and whether it is a line-level
blanket one that names no check."""


def _directives(comment: str, whole_file: bool = False) -> list[Directive]:
    """(match, description) of every security-silencing directive in one comment;
    ``whole_file``: the comment stands before any code (a ``type: ignore`` there covers it)."""
    found: list[Directive] = []
    for match in _NOSEC.finditer(comment):
        found.append((match, "`# nosec` silences bandit", False))
    for match in _NOSEMGREP.finditer(comment):
        found.append((match, f"`{match.group(0)}` silences semgrep", False))
    for match in _NOQA.finditer(comment):
        scope = "the whole file" if match.group("file") else "this line"
        codes = re.split(r"[\s,]+", match.group("codes") or "")
        security = [code for code in codes if _SECURITY_NOQA.match(code)]
        if not match.group("codes"):
            text = f"a bare `noqa` silences every ruff/flake8 check on {scope}"
            found.append((match, text, not match.group("file")))
        elif security:
            found.append((match, f"`noqa: {', '.join(security)}` silences security checks", False))
    for match in _PYLINT.finditer(comment):
        what = match.group("what").lower()
        names = [n.strip() for n in (match.group("names") or "").split(",") if n.strip()]
        silenced = SECURITY_PYLINT_MESSAGES | HALLUCINATED_API_PYLINT_MESSAGES
        security = [n for n in names if n.casefold() in silenced]
        if what == "skip-file":
            found.append((match, "`pylint: skip-file` silences pylint for the whole file", False))
        elif security:
            text = f"`pylint: {what}={','.join(security)}` silences pylint checks"
            found.append((match, text, False))
    found += _type_checker_directives(comment, whole_file)
    return sorted(found, key=lambda item: item[0].start())


def _codes(text: str | None) -> list[str]:
    return [c for c in re.split(r"[\s,\"']+", text or "") if c]


def _type_checker_directives(comment: str, whole_file: bool) -> list[Directive]:
    """``# type: ignore``, ``# pyright: ignore`` and ``# mypy:`` inline config that hide the
    checks that an attribute, name or keyword exists (hallucinated APIs); an ignore of other
    codes (``type: ignore[assignment]``) hides none of them and is not reported."""
    found: list[Directive] = []
    scope = "the whole file" if whole_file else "this line"
    for match in _TYPE_IGNORE.finditer(comment):
        tool, codes = match.group("tool").lower(), _codes(match.group("codes"))
        known = MYPY_CODES if tool == "type" else PYRIGHT_RULES
        hidden = [c for c in codes if c.casefold() in known]
        checker = "mypy" if tool == "type" else "pyright"
        if match.group("codes") is None:
            text = f"a bare `{tool}: ignore` silences every {checker} check on {scope}"
            found.append((match, text, not whole_file))
        elif hidden:
            text = f"`{tool}: ignore[{', '.join(hidden)}]` silences {checker}'s check that the "
            found.append((match, text + f"APIs used on {scope} exist", False))
    inline = _MYPY_INLINE.match(comment)
    if inline and inline.group("codes") is None:
        found.append((inline, "`mypy: ignore-errors` silences mypy for the whole file", False))
    elif inline and [c for c in _codes(inline.group("codes")) if c in MYPY_CODES]:
        found.append((inline, f"`{inline.group(0)}` silences mypy's check that APIs exist", False))
    return found


def _silencing(changed: ChangedFile, lines: list[str]) -> list[RawFinding]:
    findings = []
    first_code = next((i for i, line in enumerate(lines, 1) if _is_code(line)), len(lines) + 1)
    for number, comment, alone in comments(text_of(changed)):
        if number not in changed.added_lines:
            continue
        found = _directives(comment, alone and number <= first_code)
        if not found:
            continue
        text = lines[number - 1] if number <= len(lines) else ""
        offset = max(text.rfind(comment), 0)
        who = " (added by an AI agent)" if changed.provenance_of(number).is_ai else ""
        message = "; ".join(description for _, description, _blanket in found)
        # A line-level blanket directive (bare noqa, type: ignore, pyright: ignore) names no
        # check: a warning. It silences nothing aigate runs (ruff and pyright are not run;
        # what a type: ignore hid from mypy is reported by the mypy analyzer itself).
        severity = Severity.LOW if all(blanket for *_, blanket in found) else None
        why = (
            "it names no check: say which one, or fix what it hides"
            if severity
            else "switching off a security check needs a human decision"
        )
        finding = SUPPRESSION_COMMENT.at(
            changed.path,
            number,
            f"{message}{who}: {why}",
            (offset + found[0][0].start(), offset + found[-1][0].end()),
        )
        findings.append(replace(finding, severity=severity) if severity else finding)
    return findings


def _is_code(line: str) -> bool:
    return bool(line.strip()) and not line.lstrip().startswith("#")


def _aigate_ignores(changed: ChangedFile, lines: list[str]) -> list[RawFinding]:
    findings = []
    for sup in parse_file(changed):
        number = sup.comment_line
        if number not in changed.added_lines:
            continue
        text = lines[number - 1] if number <= len(lines) else ""
        matches = list(_IGNORE.finditer(text))
        columns = (matches[-1].start(), len(text.rstrip())) if matches else None
        named = ", ".join(sup.rule_ids) or "nothing"
        if not sup.reason:
            findings.append(
                SUPPRESSION_WITHOUT_REASON.at(
                    changed.path,
                    number,
                    f"`aigate: ignore[{named}]` has no reason after the bracket, "
                    "so it suppresses nothing",
                    columns,
                )
            )
        elif changed.provenance_of(number).is_ai:
            reason = sup.reason if len(sup.reason) <= 80 else sup.reason[:77] + "..."
            findings.append(
                AI_SUPPRESSION.at(
                    changed.path,
                    number,
                    f"an AI agent wrote `aigate: ignore[{named}]` (reason: {reason!r}): "
                    "an AI silencing the gate is itself a finding",
                    columns,
                )
            )
    return findings


def check_suppressions(changeset: ChangeSet, project: ProjectView) -> list[RawFinding]:
    """suppression-comment, suppression-without-reason, ai-suppression on changed Python lines."""
    del project  # the changed files are enough
    findings: list[RawFinding] = []
    for changed in changeset.files:
        if is_python(changed.path) and changed.added_lines:
            lines = split_lines(text_of(changed))
            findings += _silencing(changed, lines) + _aigate_ignores(changed, lines)
    return findings

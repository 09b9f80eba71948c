"""Credentials in any changed text file: only formats a provider made recognisable on purpose.

Generic ``password = "..."`` assignments are left to the semgrep rules; this check knows token
formats with fixed prefixes (and private key blocks), so it can run on every text file with few
false positives. A match must also look random (entropy cut-off below) and not be a documented
placeholder. Messages never print the secret: its first four characters and its length only.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from gate.checks.base import ProjectView, Rule, changed_lines, shannon_entropy, split_lines, text_of
from gate.model import ChangeSet, Confidence, RawFinding, Severity

ENTROPY_CUTOFF = 3.0
"""Bits per character the random part must reach (at most 0.6 * log2(length), see below).

Random tokens average 4.0 to 4.9 bits over 20 to 43 characters (their worst in 100 000
samples: 3.2 to 4.2), while typed stand-ins ("AAAA...", "abcabc...") stay under 2.5. A short
body cannot reach 3.0 reliably (16 random characters of A-Z0-9 average 3.6 and fall below 3.0
about 0.3% of the time), so the cut-off is lowered to 0.6 * log2(length): 2.4 for an AWS key id.
"""

PLACEHOLDER_MARKERS = (
    "example",
    "xxxx",
    "placeholder",
    "dummy",
    "sample",
    "redacted",
    "changeme",
    "your",
    "fake",
    "0123456789",
    "1234567890",
    "abcdefghij",
)
"""Casefolded substrings of documentation stand-ins (AKIAIOSFODNN7EXAMPLE, ghp_xxxx...)."""

_FIX = (
    "Revoke the credential now (it stays in the git history), then load it from the "
    "environment or a secret manager."
)


@dataclass(frozen=True)
class SecretFormat:
    """One credential format: its rule and the regex that finds it."""

    rule: Rule
    """The rule its findings belong to."""
    label: str
    """What the credential is, for the message."""
    pattern: re.Pattern[str]
    """Finds it; group ``secret`` is what is reported, group ``body`` (if any) the random part."""


def _format(kind: str, label: str, critical: bool, pattern: str, sure: bool = True) -> SecretFormat:
    rule = Rule(
        id=f"secret-{kind}",
        name=f"hard-coded {label}",
        severity=Severity.CRITICAL if critical else Severity.HIGH,
        confidence=Confidence.HIGH if sure else Confidence.MEDIUM,
        cwe=(798,),
        fix=_FIX,
    )
    return SecretFormat(rule, label, re.compile(pattern))


_B = r"(?<![A-Za-z0-9_\-])"  # a token starts at a boundary
_E = r"(?![A-Za-z0-9_\-])"  # and ends at one

PRIVATE_KEY = _format(
    "private-key",
    "private key",
    True,
    r"(?P<secret>-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----)",
)
FORMATS: tuple[SecretFormat, ...] = (
    PRIVATE_KEY,
    _format("aws-access-key", "AWS access key id", True,
            rf"{_B}(?P<secret>(?:AKIA|ASIA)(?P<body>[A-Z0-9]{{16}})){_E}"),
    _format("aws-secret-key", "AWS secret access key", True,
            r"(?i:aws)[\w.\-]{0,20}?(?i:secret)[\w.\-]{0,20}?[\"']?\s*(?:=>|:=|[:=])\s*[\"']?"
            r"(?P<secret>[A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])"),
    _format("github-token", "GitHub token", False,
            rf"{_B}(?P<secret>gh[pousr]_(?P<body>[A-Za-z0-9]{{36,251}})){_E}"),
    _format("github-token", "GitHub token", False,
            rf"{_B}(?P<secret>github_pat_(?P<body>[A-Za-z0-9_]{{60,251}})){_E}"),
    _format("gitlab-token", "GitLab token", False,
            rf"{_B}(?P<secret>glpat-(?P<body>[A-Za-z0-9_\-]{{20,}})){_E}"),
    _format("slack-webhook", "Slack webhook URL", False,
            r"(?P<secret>https://hooks\.slack\.com/(?:services|workflows|triggers)/"
            r"(?P<body>[A-Za-z0-9+/]{43,56}))(?![A-Za-z0-9+/])"),
    _format("slack-token", "Slack token", False,
            rf"{_B}(?P<secret>xox[abprs]-(?P<body>[A-Za-z0-9\-]{{10,250}})){_E}"),
    _format("google-api-key", "Google API key", False,
            rf"{_B}(?P<secret>AIza(?P<body>[A-Za-z0-9_\-]{{35}})){_E}"),
    _format("stripe-live-key", "Stripe live key", True,
            rf"{_B}(?P<secret>(?:sk|rk)_live_(?P<body>[A-Za-z0-9]{{24,247}})){_E}"),
    _format("anthropic-key", "Anthropic API key", False,
            rf"{_B}(?P<secret>sk-ant-(?P<body>[A-Za-z0-9_\-]{{32,}})){_E}"),
    _format("openai-key", "OpenAI API key", False,
            rf"{_B}(?P<secret>sk-(?:proj|svcacct|admin)-(?P<body>[A-Za-z0-9_\-]{{40,}})){_E}"),
    _format("openai-key", "OpenAI API key", False,
            rf"{_B}(?P<secret>sk-(?P<body>[A-Za-z0-9]{{48}})){_E}"),
    _format("npm-token", "npm token", False,
            rf"{_B}(?P<secret>npm_(?P<body>[A-Za-z0-9]{{36}})){_E}"),
    _format("pypi-token", "PyPI upload token", False,
            rf"{_B}(?P<secret>pypi-AgEIcHlwaS5vcmc(?P<body>[A-Za-z0-9_\-]{{50,}})){_E}"),
    _format("jwt", "signed JSON Web Token", False,
            rf"{_B}(?P<secret>eyJ[A-Za-z0-9_\-]{{5,}}\.eyJ[A-Za-z0-9_\-]{{5,}}\."
            rf"(?P<body>[A-Za-z0-9_\-]{{16,}})){_E}",
            sure=False),
)  # fmt: skip
"""Every format, most specific first (an overlapping later match on a line is dropped)."""

RULES = tuple({f.rule.id: f.rule for f in FORMATS}.values())
"""The rules of this module, one per kind."""

_SECRET_NAME = re.compile(
    r"(?:token|secret|jwt|auth|bearer|api[_\-]?key|passw|credential|session|cookie)[\w.\-]*"
    r"[\"']?\s*(?:=>|:=|[:=])?\s*[\"']?\s*(?:bearer\s+)?$",
    re.IGNORECASE,
)
"""A JWT counts only when a secret-like name is assigned it (or it follows ``Bearer``)."""
_HEX = re.compile(r"[0-9a-fA-F]+")
_KEY_BODY = re.compile(r"[A-Za-z0-9+/]{40,}")
_PEM_END = "-----END"
_PEM_LOOKAHEAD = 12
"""Lines after a BEGIN marker searched for the key's base64 body."""


def looks_random(body: str) -> bool:
    """True when ``body`` has the entropy of a generated token and is no known stand-in."""
    folded = body.casefold()
    if any(marker in folded for marker in PLACEHOLDER_MARKERS):
        return False
    cutoff = min(ENTROPY_CUTOFF, 0.6 * math.log2(max(len(body), 2)))
    return shannon_entropy(body) >= cutoff


def _private_key_follows(rest: str) -> bool:
    """True when a real-looking base64 body follows a BEGIN ... PRIVATE KEY marker."""
    body = rest.split(_PEM_END, 1)[0].replace("\\n", "\n")
    match = _KEY_BODY.search(body)
    return match is not None and looks_random(match.group(0))


def _real(fmt: SecretFormat, match: re.Match[str], line: str, after: list[str]) -> bool:
    secret = match.group("secret")
    if fmt is PRIVATE_KEY:
        return _private_key_follows("\n".join([line[match.end() :], *after]))
    if any(marker in secret.casefold() for marker in PLACEHOLDER_MARKERS):
        return False
    body = match.groupdict().get("body") or secret
    if not looks_random(body):
        return False
    if fmt.rule.id == "secret-aws-secret-key" and _HEX.fullmatch(secret):
        return False  # a digest: AWS secrets use the base64 alphabet, mixed case
    return fmt.rule.id != "secret-jwt" or bool(_SECRET_NAME.search(line[: match.start()]))


def _message(fmt: SecretFormat, secret: str) -> str:
    shown = secret if fmt is PRIVATE_KEY else f"'{secret[:4]}...' ({len(secret)} characters)"
    return (
        f"{fmt.label} {shown} in a changed line: a committed credential is readable by "
        "everyone with access to the repository and its history"
    )


def check_secrets(changeset: ChangeSet, project: ProjectView) -> list[RawFinding]:
    """secret-<kind>: a credential of a recognisable format on a changed line of any text file."""
    del project  # the changed files are enough
    findings: list[RawFinding] = []
    for changed in changeset.files:
        lines = split_lines(text_of(changed)) if changed.added_lines else []
        for number, line in changed_lines(changed):
            taken: list[tuple[int, int]] = []
            for fmt in FORMATS:
                for match in fmt.pattern.finditer(line):
                    start, end = match.span("secret")
                    if any(start < e and s < end for s, e in taken):
                        continue
                    if not _real(fmt, match, line, lines[number : number + _PEM_LOOKAHEAD]):
                        continue
                    taken.append((start, end))
                    findings.append(
                        fmt.rule.at(
                            changed.path,
                            number,
                            _message(fmt, match.group("secret")),
                            (start, end),
                        )
                    )
    return sorted(findings, key=lambda f: (f.location.path, f.location.start_line,
                                           f.location.start_column or 0))  # fmt: skip

"""aigate/secret-<kind>: every credential format, placeholders and low-entropy look-alikes.

Every credential is built at run time from a seeded random generator, so this file holds no
literal that a secret scanner (GitHub push protection, our own check) would flag.
"""

from __future__ import annotations

import random
import string
from collections.abc import Callable
from pathlib import Path

import pytest

from gate.checks import ProjectView
from gate.checks.secrets import ENTROPY_CUTOFF, RULES, check_secrets, looks_random
from gate.model import ChangedFile, ChangeSet, FileStatus, RawFinding, ScanMode, Severity

NO_PROJECT = ProjectView((), lambda path: None)
ALNUM = string.ascii_letters + string.digits
UPPER = string.ascii_uppercase + string.digits
B64 = ALNUM + "+/"
URLSAFE = ALNUM + "-_"


def rand(alphabet: str, size: int, seed: int = 7) -> str:
    """A reproducible random token body."""
    generator = random.Random(seed)
    return "".join(generator.choice(alphabet) for _ in range(size))


def changed(text: str, path: str = "app.py", lines: set[int] | None = None) -> ChangedFile:
    added = frozenset(range(1, text.count("\n") + 2) if lines is None else lines)
    return ChangedFile(path, FileStatus.MODIFIED, added, text.encode())


def run(*files: ChangedFile) -> list[RawFinding]:
    return check_secrets(ChangeSet(ScanMode.RANGE, Path("/repo"), files), NO_PROJECT)


def ids(*files: ChangedFile) -> list[tuple[str, int]]:
    return [(f.rule_id, f.location.start_line) for f in run(*files)]


def pem(kind: str = "RSA ", body: str | None = None) -> list[str]:
    """Lines of a PEM private key block with a random body."""
    body = body if body is not None else rand(B64, 64, seed=3)
    return [
        "-----BEGIN " + kind + "PRIVATE KEY-----",
        body,
        body[::-1],
        "-----END " + kind + "PRIVATE KEY-----",
    ]


def jwt() -> str:
    return "eyJ" + rand(URLSAFE, 30, 1) + ".eyJ" + rand(URLSAFE, 40, 2) + "." + rand(URLSAFE, 43, 3)


AWS_ID = "AKIA" + rand(UPPER, 16)
CASES: list[tuple[str, Callable[[], str], str]] = [
    ("secret-aws-access-key", lambda: f'key_id = "{AWS_ID}"', "app.py"),
    ("secret-aws-access-key", lambda: "ASIA" + rand(UPPER, 16), "notes.txt"),
    ("secret-aws-secret-key", lambda: f"aws_secret_access_key = {rand(B64, 40)}", "credentials"),
    ("secret-aws-secret-key", lambda: f'AWS_SECRET_ACCESS_KEY: "{rand(B64, 40)}"', "ci.yml"),
    ("secret-aws-secret-key", lambda: f'{{"aws_secret_key": "{rand(B64, 40)}"}}', "c.json"),
    ("secret-github-token", lambda: "token = 'ghp_" + rand(ALNUM, 36) + "'", "app.py"),
    ("secret-github-token", lambda: "GH=gho_" + rand(ALNUM, 36), ".env"),
    ("secret-github-token", lambda: "ghs_" + rand(ALNUM, 36), "app.py"),
    (
        "secret-github-token",
        lambda: "github_pat_" + rand(ALNUM, 22) + "_" + rand(ALNUM, 59),
        "a.sh",
    ),
    ("secret-gitlab-token", lambda: "glpat-" + rand(URLSAFE, 20), "app.py"),
    (
        "secret-slack-token",
        lambda: "xoxb-" + rand(string.digits, 12) + "-" + rand(ALNUM, 24),
        "a.py",
    ),
    (
        "secret-slack-webhook",
        lambda: (
            "https://hooks.slack.com/services/T"
            + rand(UPPER, 8)
            + "/B"
            + rand(UPPER, 8)
            + "/"
            + rand(ALNUM, 24)
        ),
        "README.md",
    ),
    ("secret-google-api-key", lambda: "AIza" + rand(URLSAFE, 35), "index.html"),
    ("secret-stripe-live-key", lambda: "sk_live_" + rand(ALNUM, 24), "app.py"),
    ("secret-stripe-live-key", lambda: "rk_live_" + rand(ALNUM, 99), "app.py"),
    ("secret-openai-key", lambda: "sk-proj-" + rand(URLSAFE, 120), "app.py"),
    ("secret-openai-key", lambda: "sk-" + rand(ALNUM, 48), "app.py"),
    ("secret-anthropic-key", lambda: "sk-ant-api03-" + rand(URLSAFE, 93) + "AA", "app.py"),
    (
        "secret-npm-token",
        lambda: "//registry.npmjs.org/:_authToken=npm_" + rand(ALNUM, 36),
        ".npmrc",
    ),
    ("secret-pypi-token", lambda: "password = pypi-AgEIcHlwaS5vcmc" + rand(URLSAFE, 70), ".pypirc"),
    ("secret-jwt", lambda: f'ACCESS_TOKEN = "{jwt()}"', "app.py"),
    ("secret-jwt", lambda: f'headers = {{"Authorization": "Bearer {jwt()}"}}', "app.py"),
    ("secret-jwt", lambda: f"  id_token: {jwt()}", "fixture.yaml"),
]


@pytest.mark.parametrize("rule_id, make, path", CASES)
def test_credentials_are_flagged(rule_id: str, make: Callable[[], str], path: str) -> None:
    line = make()
    [finding] = run(changed(f"# config\n{line}\n", path=path))
    assert (finding.rule_id, finding.location.path, finding.location.start_line) == (
        rule_id,
        path,
        2,
    )
    assert finding.cwe == (798,)
    start, end = finding.location.start_column, finding.location.end_column
    assert start is not None and end is not None
    secret = line[start - 1 : end - 1]
    assert len(secret) >= 20
    assert secret not in finding.message, "the message must never print the secret"
    assert f"'{secret[:4]}...' ({len(secret)} characters)" in finding.message


def test_every_format_has_a_flagged_case() -> None:
    assert {rule.id for rule in RULES} - {"secret-private-key"} == {case[0] for case in CASES}


@pytest.mark.parametrize(
    "rule_id, severity",
    [("secret-private-key", Severity.CRITICAL), ("secret-aws-access-key", Severity.CRITICAL),
     ("secret-aws-secret-key", Severity.CRITICAL), ("secret-stripe-live-key", Severity.CRITICAL),
     ("secret-github-token", Severity.HIGH), ("secret-gitlab-token", Severity.HIGH),
     ("secret-slack-token", Severity.HIGH), ("secret-slack-webhook", Severity.HIGH),
     ("secret-google-api-key", Severity.HIGH), ("secret-openai-key", Severity.HIGH),
     ("secret-anthropic-key", Severity.HIGH), ("secret-npm-token", Severity.HIGH),
     ("secret-pypi-token", Severity.HIGH), ("secret-jwt", Severity.HIGH)],
)  # fmt: skip
def test_severities(rule_id: str, severity: Severity) -> None:
    assert {rule.id: rule.severity for rule in RULES}[rule_id] is severity


@pytest.mark.parametrize("kind", ["RSA ", "EC ", "OPENSSH ", "ENCRYPTED ", ""])
def test_private_key_block_is_flagged(kind: str) -> None:
    text = "\n".join(["key = '''", *pem(kind), "'''"]) + "\n"
    [finding] = run(changed(text, path="deploy/key.pem"))
    assert (finding.rule_id, finding.location.start_line) == ("secret-private-key", 2)
    assert finding.severity is Severity.CRITICAL
    assert pem()[1] not in finding.message


def test_private_key_in_an_escaped_string_is_flagged() -> None:
    lines = pem("")
    line = '{"private_key": "' + "\\n".join(lines) + '\\n"}'
    assert ids(changed(line + "\n", path="sa.json")) == [("secret-private-key", 1)]


def test_private_key_on_an_unchanged_body_still_needs_a_changed_header() -> None:
    text = "\n".join(pem()) + "\n"
    assert ids(changed(text, lines={2, 3})) == []
    assert ids(changed(text, lines={1})) == [("secret-private-key", 1)]


# --- clean ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "line",
    [
        'key_id = "' + "AKIA" + "IOSFODNN7EXAMPLE" + '"',  # AWS's documented example
        "aws_secret_access_key = " + "wJalrXUtnFEMI/K7MDENG/" + "bPxRfiCYEXAMPLEKEY",
        "key_id = " + "AKIA" + "Q" * 16,  # low entropy
        "key_id = " + "AKIA" + "ABCD" * 4,
        "token = ghp_" + "x" * 36,
        "token = ghp_" + "1234567890abcdefghijklmnopqrstuvwxyz",
        "token = ghp_" + "<your-token-here>",
        "token = 'glpat-" + "your_token_goes_here" + "'",
        "url = https://hooks.slack.com/services/" + "T00000000/B00000000/" + "X" * 24,
        "sk_test_" + rand(ALNUM, 24),  # Stripe test keys are meant to be shared
        "not_a_key = " + rand(B64, 40),  # 40 random characters without an aws name
        "aws_secret_access_key = " + rand("0123456789abcdef", 40),  # a hex digest, not a key
        "payload = "
        + "eyJ"
        + rand(URLSAFE, 30, 1)
        + ".eyJ"
        + rand(URLSAFE, 40, 2)
        + "."
        + rand(URLSAFE, 43, 3),
        "token = " + "eyJ" + rand(URLSAFE, 30, 1) + ".eyJ" + rand(URLSAFE, 40, 2) + ".",  # unsigned
        "task-" + rand(ALNUM, 48),  # 'sk-' inside a longer word
        'if line.startswith("-----BEGIN ' + 'RSA PRIVATE KEY-----"):',
    ],
)
def test_look_alikes_are_clean(line: str) -> None:
    assert ids(changed(f"{line}\nnext = 1\n")) == []


def test_private_key_placeholder_is_clean() -> None:
    text = "\n".join(pem(body="...")) + "\n"
    assert ids(changed(text)) == []
    text = "\n".join(pem(body="<your private key>")) + "\n"
    assert ids(changed(text)) == []


def test_secret_on_an_unchanged_line_is_not_reported() -> None:
    text = f"key_id = '{AWS_ID}'\nregion = 'eu-west-1'\n"
    assert ids(changed(text, lines={2})) == []


def test_two_secrets_on_one_line_are_two_findings_in_column_order() -> None:
    line = "sk_live_" + rand(ALNUM, 24) + " " + AWS_ID
    findings = run(changed(line + "\n"))
    assert [f.rule_id for f in findings] == ["secret-stripe-live-key", "secret-aws-access-key"]
    assert findings[1].location.start_column == line.index(AWS_ID) + 1


def test_entropy_cutoff() -> None:
    assert ENTROPY_CUTOFF == 3.0
    assert looks_random(rand(ALNUM, 36))
    assert looks_random(rand(UPPER, 16))  # short bodies get a lower cut-off (2.4 for 16)
    assert not looks_random("ab" * 18)
    assert not looks_random("AKIAIOSFODNN7EXAMPLE")

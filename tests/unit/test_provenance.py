"""Markers, commit classification and the provenance config: pure, no git."""

from __future__ import annotations

import re
import sys
from dataclasses import replace

import pytest

from gate.collect.provenance import (
    CommitMeta,
    Marker,
    MarkerField,
    MarkerKind,
    ProvenanceConfig,
    classify_commit,
    default_markers,
    load_markers,
    parse_provenance_config,
    parse_trailers,
)
from gate.errors import ConfigError
from gate.model import Provenance

if sys.version_info >= (3, 11):
    import tomllib
else:
    import tomli as tomllib

AUTHORED = Provenance.AI_AUTHORED
ASSISTED = Provenance.AI_ASSISTED
HUMAN = Provenance.HUMAN
FOOTER = "🤖 Generated with [Claude Code](https://claude.com/claude-code)"


def meta(
    message: str = "Add the parser\n\nIt reads the config file.\n",
    author: tuple[str, str] = ("Hannah Human", "hannah@example.com"),
    committer: tuple[str, str] | None = None,
) -> CommitMeta:
    who = committer or author
    return CommitMeta(
        sha="a" * 40,
        author_name=author[0],
        author_email=author[1],
        committer_name=who[0],
        committer_email=who[1],
        message=message,
    )


def with_trailer(*trailers: str) -> str:
    return "Add the parser\n\nIt reads the config file.\n\n" + "\n".join(trailers) + "\n"


# (marker id, the commit in that marker's canonical form, expected provenance)
CANONICAL: list[tuple[str, CommitMeta, Provenance]] = [
    (
        "copilot-agent-author-name",
        meta(author=("copilot-swe-agent[bot]", "198982749+Copilot@users.noreply.github.com")),
        AUTHORED,
    ),
    (
        "copilot-agent-author-email",
        meta(author=("Copilot", "198982749+Copilot@users.noreply.github.com")),
        AUTHORED,
    ),
    (
        "devin-author-name",
        meta(author=("devin-ai-integration[bot]", "devin@example.invalid")),
        AUTHORED,
    ),
    (
        "devin-author-email",
        meta(author=("Devin", "158243242+devin-ai-integration[bot]@users.noreply.github.com")),
        AUTHORED,
    ),
    ("jules-author-name", meta(author=("google-labs-jules[bot]", "j@example.invalid")), AUTHORED),
    (
        "jules-author-email",
        meta(author=("Jules", "161369871+google-labs-jules[bot]@users.noreply.github.com")),
        AUTHORED,
    ),
    (
        "codex-connector-author-name",
        meta(author=("chatgpt-codex-connector[bot]", "c@example.invalid")),
        AUTHORED,
    ),
    (
        "codex-connector-author-email",
        meta(author=("Codex", "199175422+chatgpt-codex-connector[bot]@users.noreply.github.com")),
        AUTHORED,
    ),
    ("claude-bot-author-name", meta(author=("claude[bot]", "c@example.invalid")), AUTHORED),
    (
        "claude-bot-author-email",
        meta(author=("Claude", "209825114+claude[bot]@users.noreply.github.com")),
        AUTHORED,
    ),
    ("claude-author-email", meta(author=("Claude", "noreply@anthropic.com")), AUTHORED),
    (
        "cursor-agent-author-email",
        meta(author=("Cursor Agent", "cursoragent@cursor.com")),
        AUTHORED,
    ),
    ("openhands-author-email", meta(author=("openhands", "openhands@all-hands.dev")), AUTHORED),
    (
        "aider-author-name",
        meta(author=("Hannah Human (aider)", "hannah@example.com")),
        AUTHORED,
    ),
    ("aider-subject", meta("aider: Add a parser for the config file\n"), AUTHORED),
    (
        "replit-agent-trailer",
        meta(
            with_trailer(
                "Replit-Commit-Author: Agent",
                "Replit-Commit-Session-Id: 0e3c1f4e-7f39-4a57-9d0b-0b5c2a9f1d11",
            )
        ),
        AUTHORED,
    ),
    (
        "claude-code-coauthor",
        meta(with_trailer("Co-Authored-By: Claude Opus 4.1 <noreply@anthropic.com>")),
        ASSISTED,
    ),
    (
        "aider-coauthor",
        meta(with_trailer("Co-authored-by: aider (gpt-4o) <aider@aider.chat>")),
        ASSISTED,
    ),
    (
        "cursor-coauthor",
        meta(with_trailer("Co-authored-by: Cursor <cursoragent@cursor.com>")),
        ASSISTED,
    ),
    ("openai-coauthor", meta(with_trailer("Co-authored-by: Codex <noreply@openai.com>")), ASSISTED),
    (
        "openhands-coauthor",
        meta(with_trailer("Co-authored-by: openhands <openhands@all-hands.dev>")),
        ASSISTED,
    ),
    (
        "copilot-coauthor",
        meta(with_trailer("Co-authored-by: Copilot <175728472+Copilot@users.noreply.github.com>")),
        ASSISTED,
    ),
    (
        "copilot-agent-coauthor",
        meta(
            with_trailer(
                "Co-authored-by: copilot-swe-agent[bot] "
                "<198982749+copilot-swe-agent[bot]@users.noreply.github.com>"
            )
        ),
        ASSISTED,
    ),
    (
        "devin-coauthor",
        meta(
            with_trailer(
                "Co-authored-by: devin-ai-integration[bot] "
                "<158243242+devin-ai-integration[bot]@users.noreply.github.com>"
            )
        ),
        ASSISTED,
    ),
    (
        "jules-coauthor",
        meta(
            with_trailer(
                "Co-Authored-By: google-labs-jules[bot] "
                "<161369871+google-labs-jules[bot]@users.noreply.github.com>"
            )
        ),
        ASSISTED,
    ),
    (
        "codex-connector-coauthor",
        meta(
            with_trailer(
                "Co-authored-by: chatgpt-codex-connector[bot] "
                "<199175422+chatgpt-codex-connector[bot]@users.noreply.github.com>"
            )
        ),
        ASSISTED,
    ),
    (
        "claude-bot-coauthor",
        meta(
            with_trailer(
                "Co-authored-by: claude[bot] <209825114+claude[bot]@users.noreply.github.com>"
            )
        ),
        ASSISTED,
    ),
    ("claude-code-footer", meta(f"Add the parser\n\n{FOOTER}\n"), ASSISTED),
    (
        "claude-session-trailer",
        meta(with_trailer("Claude-Session: https://claude.ai/code/session_01TQ2FCHHAnuJWF5TJB")),
        ASSISTED,
    ),
    ("cursor-made-with-trailer", meta(with_trailer("Made-with: Cursor")), ASSISTED),
    (
        "aider-dev-coauthor",
        meta(
            with_trailer("Co-authored-by: aider (anthropic/claude-3-7-sonnet) <noreply@aider.dev>")
        ),
        ASSISTED,
    ),
    (
        "copilot-session-trailer",
        meta(
            with_trailer(
                "Co-authored-by: Someone <someone@example.com>",
                "Copilot-Session: f886cd42-d3af-4244-92ca-f284082ce74a",
            )
        ),
        ASSISTED,
    ),
    (
        "copilot-agent-logs-trailer",
        meta(
            "Fix the test\n\nAgent-Logs-Url: https://github.com/acme/api/sessions/3147-fbd9\n\n"
            "Co-authored-by: Hannah Human <hannah@example.com>\n"
        ),
        ASSISTED,
    ),
    ("assisted-by-trailer", meta(with_trailer("Assisted-by: Claude:claude-opus-4")), ASSISTED),
    ("generated-by-trailer", meta(with_trailer("Generated-by: Codex CLI")), ASSISTED),
]


def test_the_table_covers_every_default_marker() -> None:
    assert sorted({marker_id for marker_id, _, _ in CANONICAL}) == sorted(default_markers().ids)


@pytest.mark.parametrize(
    ("marker_id", "commit", "expected"), CANONICAL, ids=[c[0] for c in CANONICAL]
)
def test_marker_matches_its_canonical_example(
    marker_id: str, commit: CommitMeta, expected: Provenance
) -> None:
    result = classify_commit(commit, load_markers())
    assert marker_id in result.markers
    assert result.provenance is expected
    assert result.sha == commit.sha


@pytest.mark.parametrize(
    "trailer",
    [
        "Co-authored-by: Copilot <198982749+Copilot@users.noreply.github.com>",
        "Co-authored-by: Copilot <175728472+Copilot@users.noreply.github.com>",
        "Co-authored-by: Copilot <223556219+Copilot@users.noreply.github.com>",
        "CO-AUTHORED-BY: Claude <noreply@anthropic.com>",
        "co-authored-by:Claude <NOREPLY@ANTHROPIC.COM>",
    ],
)
def test_coauthor_variants(trailer: str) -> None:
    assert classify_commit(meta(with_trailer(trailer)), load_markers()).provenance is ASSISTED


@pytest.mark.parametrize(
    "footer",
    [
        FOOTER,
        "🤖 Generated with [Claude Code](https://claude.ai/code)",
        "Generated with [Claude Code]",
    ],
)
def test_claude_footer_anywhere(footer: str) -> None:
    message = f"Add the parser\n\n{footer}\n\nMore words after it.\n"
    result = classify_commit(meta(message), load_markers())
    assert result.markers == ("claude-code-footer",)


def test_claude_code_default_message_is_assisted_with_both_markers() -> None:
    message = f"Add the parser\n\n{FOOTER}\n\nCo-Authored-By: Claude <noreply@anthropic.com>\n"
    result = classify_commit(meta(message), load_markers())
    assert result.markers == ("claude-code-coauthor", "claude-code-footer")
    assert result.provenance is ASSISTED
    assert result.subject == "Add the parser"


def test_authored_beats_assisted() -> None:
    commit = meta(
        with_trailer("Co-authored-by: Hannah Human <hannah@example.com>", "Made-with: Cursor"),
        author=("Cursor Agent", "cursoragent@cursor.com"),
    )
    result = classify_commit(commit, load_markers())
    assert result.provenance is AUTHORED
    assert result.markers == ("cursor-agent-author-email", "cursor-made-with-trailer")


NEAR_MISSES: list[tuple[str, CommitMeta]] = [
    (
        "prose",
        meta(
            "Fix the bug Claude found\n\nClaude fixed this in the parser; the cursor and codex "
            "code paths, aider and copilot are unchanged. Generated with care.\n"
        ),
    ),
    ("claude-at-example", meta(author=("Claude", "claude@example.com"))),
    ("cursor-name", meta(author=("Cursor", "cursor@example.com"))),
    ("anthropic-lookalike", meta(author=("C", "noreply@anthropic.com.evil.example"))),
    ("human-coauthor", meta(with_trailer("Co-authored-by: Jane <jane@example.com>"))),
    (
        "quoted-footer",
        meta(f"Document the footer\n\nClaude Code writes:\n\n> {FOOTER}\n"),
    ),
    ("aider-capital-subject", meta("Aider: bump the version\n")),
    ("aider-not-subject", meta("Bump the version\n\naider: what it said\n")),
    ("aider-in-name", meta(author=("Aider Fan", "fan@example.com"))),
    ("empty-assisted-by", meta(with_trailer("Signed-off-by: H <h@example.com>", "Assisted-by:"))),
    ("ai-committer-only", meta(committer=("Claude", "noreply@anthropic.com"))),
    (
        "coauthor-in-prose",
        meta(
            "Drop the trailer\n\nThe hook no longer adds Co-authored-by: Claude "
            "<noreply@anthropic.com> to messages.\n"
        ),
    ),
    (
        "coauthor-quoted",
        meta("Docs\n\nAgents write:\n\n    Co-authored-by: Claude <noreply@anthropic.com>\n"),
    ),
    ("copilot-session-not-a-uuid", meta(with_trailer("Copilot-Session: see the PR"))),
    ("aider-dev-prose", meta("Mention noreply@aider.dev in the docs\n")),
    ("coauthor-as-subject", meta("Co-authored-by: Claude <noreply@anthropic.com>\n")),
    (
        "dependabot-with-ai-trailer",
        meta(
            with_trailer("Co-authored-by: Claude <noreply@anthropic.com>"),
            author=("dependabot[bot]", "49699333+dependabot[bot]@users.noreply.github.com"),
        ),
    ),
    (
        "renovate-by-email",
        meta(
            "Update dependency x to v2\n",
            author=("Renovate Bot", "29139614+renovate[bot]@users.noreply.github.com"),
        ),
    ),
    ("github-actions", meta(author=("github-actions[bot]", "41898282+github-actions[bot]@x.y"))),
]


@pytest.mark.parametrize(("name", "commit"), NEAR_MISSES, ids=[n for n, _ in NEAR_MISSES])
def test_near_misses_are_human(name: str, commit: CommitMeta) -> None:
    result = classify_commit(commit, load_markers())
    assert result.provenance is HUMAN
    assert result.markers == ()


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        ("Subject\n", ()),
        (
            "Subject\n\nBody.\n\nKey: value\nOther-Key: v2\n",
            (("Key", "value"), ("Other-Key", "v2")),
        ),
        ("Subject\n\nBody.\n\nKey: a long\n  value\n", (("Key", "a long value"),)),
        ("Subject\r\n\r\nKey: value\r\n\r\n", (("Key", "value"),)),
        ("Subject\n\nProse line.\nKey: value\n", ()),
        (
            "Subject\n\nProse line.\nSigned-off-by: H <h@x>\nAssisted-by: X\n",
            (("Signed-off-by", "H <h@x>"), ("Assisted-by", "X")),
        ),
        ("Subject\n\nKey: value\n\nTrailing prose.\n", ()),
    ],
)
def test_parse_trailers_like_git(message: str, expected: tuple[tuple[str, str], ...]) -> None:
    assert parse_trailers(message) == expected


def test_default_markers_are_well_formed() -> None:
    markers = default_markers()
    assert len(set(markers.ids)) == len(markers.ids)
    for marker in markers.markers:
        assert marker.evidence.startswith(("https://", "unverified: https://")), marker.id
        assert re.fullmatch(r"[a-z0-9][a-z0-9-]*", marker.id)
        assert not marker.regex.fullmatch("")
    assert "dependabot[bot]" in markers.exclude


@pytest.mark.parametrize("field", list(MarkerField))
def test_every_field_can_carry_a_config_marker(field: MarkerField) -> None:
    commit = {
        MarkerField.AUTHOR_NAME: meta(author=("Build Agent 7", "a@example.com")),
        MarkerField.AUTHOR_EMAIL: meta(author=("A", "build-agent-7@corp.example")),
        MarkerField.COMMITTER_NAME: meta(committer=("Build Agent 7", "c@example.com")),
        MarkerField.COMMITTER_EMAIL: meta(committer=("C", "build-agent-7@corp.example")),
        MarkerField.SUBJECT: meta("build-agent-7: add it\n"),
        MarkerField.MESSAGE: meta("Add it\n\nbuild-agent-7: wrote this\n\nMore.\n"),
        MarkerField.TRAILER: meta(with_trailer("Build-Agent: 7")),
    }[field]
    pattern = {
        MarkerField.AUTHOR_NAME: r"build agent \d+",
        MarkerField.AUTHOR_EMAIL: r"build-agent-\d+@corp\.example",
        MarkerField.COMMITTER_NAME: r"build agent \d+",
        MarkerField.COMMITTER_EMAIL: r"build-agent-\d+@corp\.example",
        MarkerField.SUBJECT: r"build-agent-\d+: .*",
        MarkerField.MESSAGE: r"build-agent-\d+: wrote this",
        MarkerField.TRAILER: r"build-agent: \d+",
    }[field]
    for kind in MarkerKind:
        config = ProvenanceConfig(
            patterns=(Marker("corp-agent", "Corp agent", field, pattern, kind),), replace=True
        )
        result = classify_commit(commit, load_markers(config))
        assert result.markers == ("corp-agent",)
        assert result.provenance is kind.provenance
        assert classify_commit(meta(), load_markers(config)).provenance is HUMAN


# ------------------------------------------------------------------------------------- config

PYPROJECT = """
[tool.aigate.provenance]
identities = ["bot@corp.example", "Build Agent"]
disable = ["assisted-by-trailer"]
assume_ai = true

[[tool.aigate.provenance.patterns]]
id = "corp-agent"
tool = "Corp agent"
field = "trailer"
pattern = 'x-corp-agent: .+'
kind = "assisted"
"""


def test_parse_a_full_config() -> None:
    table = tomllib.loads(PYPROJECT)["tool"]["aigate"]["provenance"]
    config = parse_provenance_config(table, "pyproject.toml")
    assert config == ProvenanceConfig(
        identities=("bot@corp.example", "Build Agent"),
        patterns=(
            Marker(
                "corp-agent",
                "Corp agent",
                MarkerField.TRAILER,
                "x-corp-agent: .+",
                MarkerKind.ASSISTED,
            ),
        ),
        disable=("assisted-by-trailer",),
        replace=False,
        assume_ai=True,
    )
    assert parse_provenance_config({}, ".aigate.toml") == ProvenanceConfig()


BAD_CONFIGS = [
    ({"bogus": 1}, "pyproject.toml: tool.aigate.provenance.bogus: unknown key"),
    ({"identities": "bot@x"}, "pyproject.toml: tool.aigate.provenance.identities: expected a list"),
    (
        {"identities": ["ok", 3]},
        "tool.aigate.provenance.identities[1]: expected a non-empty string",
    ),
    ({"identities": [" "]}, "tool.aigate.provenance.identities[0]: expected a non-empty string"),
    ({"replace": "yes"}, "tool.aigate.provenance.replace: expected true or false"),
    ({"assume_ai": 1}, "tool.aigate.provenance.assume_ai: expected true or false"),
    ({"disable": ["no-such-marker"]}, "tool.aigate.provenance.disable[0]: unknown marker id"),
    ({"patterns": {"id": "x"}}, "tool.aigate.provenance.patterns: expected an array of tables"),
    ({"patterns": ["x"]}, "tool.aigate.provenance.patterns[0]: expected a table"),
]


def _pattern(**overrides: object) -> dict[str, object]:
    entry: dict[str, object] = {
        "id": "corp",
        "tool": "Corp",
        "field": "author_email",
        "pattern": r"agent@corp\.example",
        "kind": "authored",
    }
    entry.update(overrides)
    return {key: value for key, value in entry.items() if value is not None}


BAD_PATTERNS = [
    (_pattern(pattern="(unclosed"), "patterns[1].pattern: invalid regular expression: "),
    (_pattern(pattern=".*"), "patterns[1].pattern: matches an empty value"),
    (_pattern(kind=None), "patterns[1].kind: missing"),
    (_pattern(kind="maybe"), "patterns[1].kind: expected one of authored, assisted"),
    (_pattern(field="body"), "patterns[1].field: expected one of author_name"),
    (_pattern(id="Bad Id"), "patterns[1].id: 'Bad Id' is not lower-case"),
    (_pattern(id="corp-2", colour="red"), "patterns[1].colour: unknown key"),
    (_pattern(tool=""), "patterns[1].tool: expected a non-empty string"),
    (_pattern(id="corp"), "patterns[1].id: duplicate marker id 'corp'"),
    (_pattern(id="claude-code-coauthor"), "patterns[1].id: duplicate marker id"),
]


@pytest.mark.parametrize(("table", "message"), BAD_CONFIGS)
def test_config_errors_name_the_file_and_dotted_key(table: dict[str, object], message: str) -> None:
    with pytest.raises(ConfigError) as caught:
        parse_provenance_config(table, "pyproject.toml")
    assert message in str(caught.value)
    assert str(caught.value).startswith("pyproject.toml: tool.aigate.provenance")


@pytest.mark.parametrize(("entry", "message"), BAD_PATTERNS)
def test_bad_pattern_entries(entry: dict[str, object], message: str) -> None:
    table = {"patterns": [_pattern(), entry]}
    with pytest.raises(ConfigError) as caught:
        parse_provenance_config(table, "pyproject.toml")
    assert str(caught.value).startswith(f"pyproject.toml: tool.aigate.provenance.{message}")


def test_aigate_toml_key_prefix() -> None:
    with pytest.raises(ConfigError, match=r"^\.aigate\.toml: provenance\.nope: unknown key"):
        parse_provenance_config({"nope": True}, ".aigate.toml")
    with pytest.raises(ConfigError, match=r"^x: a\.b\.nope: unknown key"):
        parse_provenance_config({"nope": True}, "x", key="a.b")


def test_disable_switches_a_default_off() -> None:
    commit = meta(with_trailer("Co-Authored-By: Claude <noreply@anthropic.com>"))
    config = parse_provenance_config({"disable": ["claude-code-coauthor"]}, ".aigate.toml")
    markers = load_markers(config)
    assert "claude-code-coauthor" not in markers.ids
    assert classify_commit(commit, markers).provenance is HUMAN
    assert classify_commit(commit, load_markers()).provenance is ASSISTED


def test_disable_can_name_a_config_pattern() -> None:
    table = {"patterns": [_pattern()], "disable": ["corp"]}
    markers = load_markers(parse_provenance_config(table, ".aigate.toml"))
    assert "corp" not in markers.ids


def test_replace_uses_only_config_markers() -> None:
    table = {"replace": True, "patterns": [_pattern(id="claude-code-coauthor")]}
    markers = load_markers(parse_provenance_config(table, ".aigate.toml"))
    assert markers.ids == ("claude-code-coauthor",)
    copilot = meta(author=("Copilot", "198982749+Copilot@users.noreply.github.com"))
    assert classify_commit(copilot, markers).provenance is HUMAN
    corp = classify_commit(meta(author=("Agent", "AGENT@corp.example")), markers)
    assert corp.provenance is AUTHORED


def test_identities_match_exactly_and_case_insensitively() -> None:
    config = parse_provenance_config(
        {"identities": ["bot@corp.example", "Build Agent"]}, ".aigate.toml"
    )
    markers = load_markers(config)
    by_email = classify_commit(meta(author=("X", "BOT@Corp.Example")), markers)
    assert by_email.provenance is AUTHORED
    assert by_email.markers == ("identity:bot@corp.example",)
    by_name = classify_commit(meta(author=("build agent", "x@example.com")), markers)
    assert by_name.markers == ("identity:Build Agent",)
    for near in (
        ("X", "xbot@corp.example"),
        ("X", "bot@corp.example.org"),
        ("Build Agents", "y@z"),
    ):
        assert classify_commit(meta(author=near), markers).provenance is HUMAN


def test_an_identity_overrides_the_exclude_list() -> None:
    actions = meta(
        author=("github-actions[bot]", "41898282+github-actions[bot]@users.noreply.github.com")
    )
    assert classify_commit(actions, load_markers()).provenance is HUMAN
    for identity in (
        "github-actions[bot]",
        "41898282+github-actions[bot]@users.noreply.github.com",
    ):
        markers = load_markers(ProvenanceConfig(identities=(identity,)))
        assert "github-actions[bot]" not in markers.exclude
        assert classify_commit(actions, markers).provenance is AUTHORED
        assert "dependabot[bot]" in markers.exclude


def test_exclusion_uses_the_author_not_the_committer() -> None:
    commit = meta(
        author=("Copilot", "198982749+Copilot@users.noreply.github.com"),
        committer=("github-actions[bot]", "41898282+github-actions[bot]@users.noreply.github.com"),
    )
    assert classify_commit(commit, load_markers()).provenance is AUTHORED


def test_merge_parents_do_not_change_classification() -> None:
    commit = replace(meta(with_trailer("Made-with: Cursor")), parents=2)
    assert classify_commit(commit, load_markers()).provenance is ASSISTED


@pytest.mark.parametrize("kind", list(MarkerKind))
def test_every_kind_maps_to_an_ai_provenance(kind: MarkerKind) -> None:
    assert kind.provenance.is_ai


SQUASH_MERGE = """Add streaming export (#4127)

* Add the exporter skeleton

Co-authored-by: Copilot <198982749+Copilot@users.noreply.github.com>

* Stream rows instead of loading them

Co-authored-by: Copilot <198982749+Copilot@users.noreply.github.com>
Co-authored-by: octo-dev <41234+octo-dev@users.noreply.github.com>

* Address review comments

---------

Co-authored-by: octo-dev <41234+octo-dev@users.noreply.github.com>
"""


def test_squash_merge_keeps_coauthor_lines_in_the_middle() -> None:
    result = classify_commit(meta(SQUASH_MERGE), load_markers())
    assert result.provenance is ASSISTED
    assert result.markers == ("copilot-coauthor",)

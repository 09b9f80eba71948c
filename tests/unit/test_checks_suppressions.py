"""aigate/suppression-comment, suppression-without-reason and ai-suppression."""

from __future__ import annotations

from pathlib import Path

import pytest

from gate.checks import ProjectView
from gate.checks.suppressions import check_suppressions
from gate.model import (
    ChangedFile,
    ChangeSet,
    Confidence,
    FileStatus,
    Provenance,
    RawFinding,
    ScanMode,
    Severity,
)

NO_PROJECT = ProjectView((), lambda path: None)


def changed(
    text: str,
    lines: set[int] | None = None,
    who: Provenance = Provenance.HUMAN,
    path: str = "app.py",
) -> ChangedFile:
    """A changed file; every line is added (by ``who``) unless ``lines`` says which."""
    added = frozenset(range(1, text.count("\n") + 2) if lines is None else lines)
    return ChangedFile(
        path,
        FileStatus.MODIFIED,
        added,
        text.encode(),
        line_provenance=tuple((n, who) for n in added),
    )


def run(*files: ChangedFile) -> list[RawFinding]:
    return check_suppressions(ChangeSet(ScanMode.RANGE, Path("/repo"), files), NO_PROJECT)


def ids(*files: ChangedFile) -> list[tuple[str, int]]:
    return [(f.rule_id, f.location.start_line) for f in run(*files)]


# --- suppression-comment ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "comment, says",
    [
        ("# nosec", "`# nosec` silences bandit"),
        ("# nosec B307", "bandit"),
        ("#nosec", "bandit"),
        ("# nosemgrep", "semgrep"),
        ("# nosemgrep: python.lang.security.audit.eval-detected", "semgrep"),
        ("# noqa: S307", "`noqa: S307`"),
        ("# noqa: E501, S603", "`noqa: S603`"),
        ("# noqa:S101,E501", "`noqa: S101`"),
        ("# ruff: noqa", "the whole file"),
        ("# flake8: noqa", "the whole file"),
        ("# pylint: disable=eval-used", "eval-used"),
        ("# pylint: disable=W0123", "W0123"),
        ("# pylint: disable=line-too-long, exec-used", "exec-used"),
        ("# pylint: disable-next=eval-used", "disable-next"),
        ("# pylint: disable=all", "disable=all"),
        ("# pylint: skip-file", "skip-file"),
        ("# type: ignore  # nosec", "bandit"),
        # what hides a hallucinated API from the type checkers and pylint
        ("# type:ignore[attr-defined]", "`type: ignore[attr-defined]` silences mypy's"),
        ("# type: ignore[call-arg, misc]", "`type: ignore[call-arg]`"),
        ("# pyright: ignore[reportAttributeAccessIssue]", "reportAttributeAccessIssue"),
        ("# pylint: disable=no-member", "no-member"),
        ("# pylint: disable=E1101,unexpected-keyword-arg", "E1101,unexpected-keyword-arg"),
    ],
)
def test_security_suppressions_are_flagged(comment: str, says: str) -> None:
    [finding] = run(changed(f"import os\nx = eval(os.environ['X'])  {comment}\n"))
    assert (finding.rule_id, finding.location.start_line) == ("suppression-comment", 2)
    assert finding.severity is Severity.MEDIUM
    assert finding.confidence is Confidence.HIGH
    assert finding.cwe == (693,)
    assert says in finding.message
    assert "AI" not in finding.message


def test_suppression_comment_columns_and_ai_note() -> None:
    line = "x = eval(y)  # nosec"
    [finding] = run(changed(line + "\n", who=Provenance.AI_AUTHORED))
    start = line.index("# nosec")
    assert (finding.location.start_column, finding.location.end_column) == (
        start + 1,
        len(line) + 1,
    )
    assert "added by an AI agent" in finding.message


def test_several_directives_in_one_comment_make_one_finding() -> None:
    [finding] = run(changed("x = eval(y)  # nosec  # noqa: S307\n"))
    assert "bandit" in finding.message and "S307" in finding.message


@pytest.mark.parametrize(
    "text",
    [
        "x = 1  # noqa: E501\n",
        "x = 1  # pylint: disable=line-too-long\n",
        "x: int = f()  # type: ignore[assignment]\n",
        "import yaml  # type: ignore[import-untyped]\n",
        "x = f()  # pyright: ignore[reportUnusedVariable]\n",
        "# mypy: disable-error-code=override\nx = 1\n",
        "x = 1  # pylint: disable=too-many-locals\n",
        's = "x = eval(y)  # nosec"\n',  # a '#' inside a string is not a comment
        "s = '''\n# nosec\n'''\n",
        "x = 1  # the nosecurity team wrote this\n",
        "x = 1  # pragma: no cover\n",
    ],
)
def test_harmless_comments_are_clean(text: str) -> None:
    assert ids(changed(text)) == []


@pytest.mark.parametrize(
    "comment, says",
    [
        ("# noqa", "a bare `noqa` silences every ruff/flake8 check on this line"),
        ("# NOQA", "bare `noqa`"),
        ("# noqa: PIE-786", "bare `noqa`"),  # not a code: flake8 reads a blanket noqa
        ("# type: ignore", "a bare `type: ignore` silences every mypy check on this line"),
        ("# pyright: ignore", "every pyright check"),
    ],
)
def test_line_level_blanket_directives_are_warnings(comment: str, says: str) -> None:
    """They name no check and silence nothing aigate runs (ruff and pyright are not run; what a
    type: ignore hid, mypy reports), so a warning: a blocker would be a false alarm."""
    [finding] = run(changed(f"x = f()  {comment}\n", who=Provenance.AI_AUTHORED))
    assert finding.rule_id == "suppression-comment" and finding.severity is Severity.LOW
    assert says in finding.message and "it names no check" in finding.message
    [mixed] = run(changed(f"x = eval(y)  {comment}  # nosec\n"))
    assert mixed.severity is Severity.MEDIUM  # a named security check is silenced too


@pytest.mark.parametrize(
    "text, says",
    [
        ("#!/usr/bin/env python\n# type: ignore\nimport os\n", "the whole file"),
        ("# mypy: ignore-errors\nimport os\n", "`mypy: ignore-errors` silences mypy for"),
        ('# mypy: disable-error-code="attr-defined"\nimport os\n', "disable-error-code"),
    ],
)
def test_file_level_type_checker_suppressions(text: str, says: str) -> None:
    [finding] = run(changed(text, who=Provenance.AI_AUTHORED))
    assert finding.rule_id == "suppression-comment" and finding.severity is Severity.MEDIUM
    assert says in finding.message and "added by an AI agent" in finding.message


def test_suppression_on_an_unchanged_line_is_not_reported() -> None:
    assert ids(changed("x = eval(y)  # nosec\ny = 2\n", lines={2})) == []


def test_non_python_files_are_not_checked() -> None:
    assert ids(changed("run: eval  # nosec\n", path="config.yaml")) == []


def test_unparsable_source_falls_back_to_a_line_scan() -> None:
    text = "x = (\n    eval(y)  # nosec\n"  # unclosed bracket: tokenize fails at EOF
    assert ids(changed(text)) == [("suppression-comment", 2)]


# --- our own ignore comments ------------------------------------------------------------------


def test_aigate_ignore_without_reason() -> None:
    line = "x = eval(y)  # aigate: ignore[bandit/B307]"
    [finding] = run(changed(line + "\n"))
    assert (finding.rule_id, finding.location.start_line) == ("suppression-without-reason", 1)
    assert finding.severity is Severity.LOW
    assert finding.cwe == ()
    assert finding.location.start_column == line.index("#") + 1
    assert "bandit/B307" in finding.message


@pytest.mark.parametrize("reason", ["", " -", " :  "])
def test_an_empty_reason_is_no_reason(reason: str) -> None:
    text = f"x = eval(y)  # aigate: ignore[bandit/B307]{reason}\n"
    assert ids(changed(text)) == [("suppression-without-reason", 1)]


def test_human_ignore_with_a_reason_is_clean() -> None:
    text = "x = eval(y)  # aigate: ignore[bandit/B307] y is a literal from our own config\n"
    assert ids(changed(text, who=Provenance.HUMAN)) == []
    assert ids(changed(text, who=Provenance.UNKNOWN)) == []


@pytest.mark.parametrize("who", [Provenance.AI_AUTHORED, Provenance.AI_ASSISTED])
def test_ai_ignore_with_a_reason_is_flagged(who: Provenance) -> None:
    text = "import os\nx = eval(y)  # aigate: ignore[bandit/B307, pylint/W0123] trusted input\n"
    [finding] = run(changed(text, who=who))
    assert (finding.rule_id, finding.location.start_line) == ("ai-suppression", 2)
    assert finding.severity is Severity.MEDIUM
    assert finding.cwe == (693,)
    assert "bandit/B307, pylint/W0123" in finding.message and "trusted input" in finding.message


def test_ai_ignore_on_its_own_line_is_reported_where_the_comment_is() -> None:
    text = "# aigate: ignore[bandit/B307] trusted\nx = eval(y)\n"
    assert ids(changed(text, who=Provenance.AI_AUTHORED)) == [("ai-suppression", 1)]


def test_ai_ignore_without_reason_is_only_reported_as_without_reason() -> None:
    text = "x = eval(y)  # aigate: ignore[bandit/B307]\n"
    assert ids(changed(text, who=Provenance.AI_AUTHORED)) == [("suppression-without-reason", 1)]


def test_ai_ignore_on_an_unchanged_line_is_not_reported() -> None:
    text = "x = eval(y)  # aigate: ignore[bandit/B307] trusted\ny = 1\n"
    assert ids(changed(text, lines={2}, who=Provenance.AI_AUTHORED)) == []


def test_ai_ignore_inside_a_string_is_clean() -> None:
    text = 'doc = "# aigate: ignore[bandit/B307] trusted"\n'
    assert ids(changed(text, who=Provenance.AI_AUTHORED)) == []


def test_ai_ignore_and_nosec_on_one_line_are_two_findings() -> None:
    text = "x = eval(y)  # nosec  # aigate: ignore[bandit/B307] trusted\n"
    assert ids(changed(text, who=Provenance.AI_AUTHORED)) == [
        ("suppression-comment", 1),
        ("ai-suppression", 1),
    ]

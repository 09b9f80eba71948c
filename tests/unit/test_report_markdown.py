"""Markdown summary: clear verdict, counts, a safe table of blocking findings, analyzers."""

from __future__ import annotations

import re

import pytest
from report_builders import decide, finding, pull_request, result, run

from gate.model import Calibration, Disposition, Outcome, Provenance, RunStatus, SkippedFile
from gate.report import RenderOptions
from gate.report.markdown import HEADING, MAX_ROWS, PROVENANCE_LABEL, escape, render_markdown

UNESCAPED_PIPE = re.compile(r"(?<!\\)\|")


def table_rows(text: str, header: str) -> list[str]:
    lines = text.splitlines()
    start = lines.index(header)
    rows = []
    for line in lines[start + 2 :]:
        if not line.startswith("|"):
            break
        rows.append(line)
    return rows


@pytest.mark.parametrize("outcome", list(Outcome))
def test_heading_is_plain_and_clear(outcome: Outcome) -> None:
    text = render_markdown(result((), outcome=outcome), RenderOptions())
    heading = text.splitlines()[0]
    assert heading == f"## {HEADING[outcome]}"
    assert outcome.value.upper() in heading
    assert heading.isascii()


def test_counts_by_severity_and_provenance() -> None:
    text = render_markdown(pull_request(), RenderOptions())
    assert "| findings | 0 | 1 | 1 | 0 | 0 |" in text
    assert "| written by | AI-authored | AI-assisted | human | unknown |" in text
    assert "| findings | 1 | 0 | 1 | 0 |" in text


def test_blocking_table_with_relative_links() -> None:
    text = render_markdown(pull_request(), RenderOptions())
    header = "| Severity | Rule | Location | Written by | Message |"
    [row] = table_rows(text, header)
    assert row.startswith("| high | bandit/B602 | [app/run.py:12](app/run.py#L12) | AI-authored |")
    assert "Fix: Pass an argument list" in row


def test_links_use_the_link_base_and_line_ranges() -> None:
    spread = finding(path="src/a b.py", location=None, line=4)
    text = render_markdown(
        result((decide(spread, Disposition.BLOCKING),)),
        RenderOptions(link_base="https://github.com/o/r/blob/abc123/"),
    )
    assert "(https://github.com/o/r/blob/abc123/src/a%20b.py#L4)" in text


def test_not_blocking_section() -> None:
    text = render_markdown(pull_request(), RenderOptions())
    assert "- Warnings (reported, not blocking): 1" in text
    assert "- Out of scope (outside the judged lines, not judged): 1" in text
    assert "- Baselined: 1, suppressed inline: 1" in text
    assert "  - assets/logo.png: binary" in text


def test_analyzers_table() -> None:
    runs = (run("bandit"), run("semgrep", RunStatus.TIMED_OUT, errors=("killed after 300 s",)))
    text = render_markdown(result((), runs=runs), RenderOptions())
    rows = table_rows(text, "| Analyzer | Version | Status | Duration | Errors |")
    assert rows == [
        "| bandit | 1.7.9 | ok | 1.2s | - |",
        "| semgrep | 1.80.0 | timed-out | 1.2s | killed after 300 s |",
    ]


def test_hostile_paths_and_messages_cannot_break_the_table_or_inject_html() -> None:
    evil = finding(
        path="a|b`<img src=x>`.py",
        message="bad | <script>alert(1)</script> `code` [link](http://x) @org/team\nnext",
        fix=None,
    )
    text = render_markdown(result((decide(evil, Disposition.BLOCKING),)), RenderOptions())
    [row] = table_rows(text, "| Severity | Rule | Location | Written by | Message |")
    assert len(UNESCAPED_PIPE.findall(row)) == 6
    assert "<" not in text and ">" not in text and "`" not in text
    assert "&lt;script&gt;" in row
    assert "\\[link\\](http://x)" in row
    assert "@org" not in text
    assert "a\\|b" in row


def test_escape_table() -> None:
    assert escape("a|b") == "a\\|b"
    assert escape("<b>") == "&lt;b&gt;"
    assert escape("`x`") == "&#96;x&#96;"
    assert escape("a\nb") == "a b"
    assert escape("&lt;") == "&amp;lt;"


def test_long_lists_are_capped() -> None:
    many = tuple(decide(finding(line=n), Disposition.BLOCKING) for n in range(1, MAX_ROWS + 8))
    skipped = tuple(SkippedFile(f"f{n}.bin", "binary") for n in range(MAX_ROWS + 2))
    text = render_markdown(result(many, skipped=skipped), RenderOptions())
    rows = table_rows(text, "| Severity | Rule | Location | Written by | Message |")
    assert len(rows) == MAX_ROWS
    assert "... and 7 more" in text
    assert "  - ... and 2 more" in text


def test_every_provenance_has_a_label() -> None:
    assert set(PROVENANCE_LABEL) == set(Provenance)


def test_everything_set_aside_is_listed_with_its_location() -> None:
    calibrated = finding(
        "bandit/B602",
        path="tools/install.py",
        line=14,
        calibration=Calibration(blocking=False, reason="call-only check not confirmed"),
    )
    decisions = (
        decide(calibrated, Disposition.WARNING, "kept as a warning: call-only check"),
        decide(
            finding("bandit/B108", path="tests/test_p.py", line=3, severity="medium"),
            Disposition.TEST_CODE,
            "test code (test_paths)",
        ),  # fmt: skip
        decide(
            finding(
                "bandit/B105", path="lib/old.py", line=77, severity="low", in_changed_lines=False
            ),
            Disposition.OUT_OF_SCOPE,
        ),  # fmt: skip
        decide(
            finding("pylint/W0123", path="app/a.py", line=2, severity="medium"), Disposition.WARNING
        ),  # fmt: skip
    )
    text = render_markdown(result(decisions), RenderOptions())
    rows = table_rows(text, "| Severity | Rule | Location | As | Why |")
    assert rows == [
        "| high | bandit/B602 | [tools/install.py:14](tools/install.py#L14) | calibrated "
        "| kept as a warning: call-only check |",
        "| medium | bandit/B108 | [tests/test\\_p.py:3](tests/test_p.py#L3) | test-code "
        "| test code (test\\_paths) |",
        "| low | bandit/B105 | [lib/old.py:77](lib/old.py#L77) | out-of-scope "
        "| out-of-scope by policy |",
    ]  # an ordinary warning is counted above, not set aside
    assert "### Set aside by the policy" not in render_markdown(result(()), RenderOptions())

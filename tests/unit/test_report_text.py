"""Terminal report: grouped by file, the context a reviewer needs, colour only when asked."""

from __future__ import annotations

import pytest
from report_builders import decide, finding, pull_request, result, run

from gate.model import Decision, Disposition, Outcome, RunStatus, SkippedFile
from gate.report import RenderOptions
from gate.report.text import OUTCOME_STYLE, SEVERITY_STYLE, STATUS_STYLE, render_text


def test_no_colour_codes_unless_asked() -> None:
    plain = render_text(pull_request(), RenderOptions(color=False))
    coloured = render_text(pull_request(), RenderOptions(color=True))
    assert "\x1b" not in plain
    assert "\x1b[1;31m" in coloured
    assert "\x1b[0m" in coloured


def test_header_names_mode_range_and_config() -> None:
    lines = render_text(pull_request(), RenderOptions(tool_version="0.9")).splitlines()
    assert lines[0] == "aigate 0.9: range 1a2b3c4d5e6f..9f8e7d6c5b4a scan"
    assert lines[1] == "config: .aigate.toml at 1a2b3c4"
    assert lines[2] == "commits: 1 of 2 written or assisted by AI"


def test_findings_grouped_by_file_then_line() -> None:
    decisions = (
        decide(finding(path="b.py", line=30), Disposition.BLOCKING),
        decide(finding(path="a.py", line=20), Disposition.BLOCKING),
        decide(finding(path="b.py", line=4), Disposition.BLOCKING),
        decide(finding(path="a.py", line=2), Disposition.BLOCKING),
    )
    text = render_text(result(decisions), RenderOptions())
    order = [
        text.index(marker)
        for marker in ("\na.py\n", "    2:5", "   20:5", "\nb.py\n", "    4:5", "   30:5")
    ]
    assert order == sorted(order)
    assert text.count("\na.py\n") == 1


def _warnings_and_blockers() -> tuple[Decision, ...]:
    asserts = [
        decide(finding("bandit/B101", path=f"t{n % 3}.py", line=n, severity="low",
                       message="Use of assert detected."), Disposition.WARNING)
        for n in range(1, 8)
    ]  # fmt: skip
    return (
        *asserts,
        decide(
            finding("pylint/W0123", path="z.py", line=9, severity="medium", message="Use of eval"),
            Disposition.WARNING,
        ),  # fmt: skip
        decide(finding(path="z.py", line=50), Disposition.BLOCKING),
    )


def test_verdict_first_and_last_blockers_before_warnings() -> None:
    text = render_text(result(_warnings_and_blockers(), reasons=("1 blocking finding",)),
                       RenderOptions())  # fmt: skip
    lines = text.splitlines()
    verdict = "verdict: FAIL (exit 1): 1 blocking finding"
    assert lines[2] == verdict and lines[-1] == verdict  # after the header, and at the end
    assert text.index("blocking: 1 finding") < text.index("   50:5  HIGH") < text.index("warnings:")


def test_warnings_grouped_by_rule_with_counts_unless_verbose() -> None:
    decisions = _warnings_and_blockers()
    text = render_text(result(decisions), RenderOptions())
    assert "warnings: 8 findings by rule (--verbose lists each; JSON lists all)" in text
    # most severe rule first; one line per rule with its count, first place and file count
    eval_line = "      1x  MEDIUM   pylint/W0123  first at z.py:9 (1 file): Use of eval"
    assert_line = "      7x  LOW      bandit/B101  first at t0.py:3 (3 files): Use of assert"
    assert eval_line in text and assert_line in text
    assert text.index(eval_line) < text.index(assert_line)
    assert "[warning]" not in text  # not listed one by one
    verbose = render_text(result(decisions), RenderOptions(verbose=True))
    assert verbose.count("[warning]") == 8
    assert "warnings: 8 findings\n" in verbose


def test_out_of_scope_and_test_code_name_where_their_high_findings_are() -> None:
    decisions = (
        decide(
            finding(path="lib/old.py", line=77, severity="high", in_changed_lines=False),
            Disposition.OUT_OF_SCOPE,
        ),  # fmt: skip
        decide(
            finding(
                "bandit/B105", path="lib/old.py", line=5, severity="low", in_changed_lines=False
            ),
            Disposition.OUT_OF_SCOPE,
        ),  # fmt: skip
        decide(
            finding("bandit/B108", path="tests/test_x.py", line=3, severity="high"),
            Disposition.TEST_CODE,
        ),  # fmt: skip
    )
    text = render_text(result(decisions), RenderOptions())
    assert "out of scope: 2 findings outside the judged lines (1 high, 1 low)\n" in text
    assert "  high at lib/old.py:77: bandit/B602\n" in text
    assert "bandit/B105" not in text  # low: counted, not named
    assert "test code: 1 finding set aside" in text
    assert "  high at tests/test_x.py:3: bandit/B108" in text


def test_finding_details() -> None:
    text = render_text(pull_request(), RenderOptions())
    assert "    12:5  HIGH     bandit/B602  [blocking]  subprocess call with shell=True" in text
    assert "sources: bandit/B602, semgrep/python.subprocess-shell-true" in text
    assert "written by: ai-authored; high finding in AI-authored line" in text
    assert "fix: Pass an argument list and drop shell=True." in text
    assert "| subprocess.call(cmd, shell=True)" in text
    # A single source is not repeated as a sources line.
    assert "sources: pylint/W0123" not in text
    # Accepted and out-of-scope findings are counted, not listed.
    assert "bandit/B105" not in text and "bandit/B301" not in text


def test_sections_for_what_was_not_judged() -> None:
    text = render_text(pull_request(), RenderOptions())
    assert "out of scope: 1 finding outside the judged lines (1 low)" in text
    assert "accepted: 1 baselined, 1 suppressed" in text
    assert "skipped: 1 file not scanned\n  assets/logo.png: binary" in text
    assert "notice: .aigate.toml is changed by this range" in text


def test_analyzers_and_verdict_come_last() -> None:
    runs = (run("bandit"), run("semgrep", RunStatus.FAILED, errors=("exit 2: bad rule",)))
    text = render_text(result((), runs=runs, reasons=("semgrep failed",)), RenderOptions())
    assert "  semgrep    failed    1.80.0     1.25s\n    error: exit 2: bad rule" in text
    assert text.rstrip("\n").splitlines()[-1] == "verdict: ERROR (exit 2): semgrep failed"


def test_clean_pass() -> None:
    text = render_text(result(()), RenderOptions())
    assert "No findings to report" in text
    assert text.endswith("verdict: PASS (exit 0)\n")


def test_control_characters_from_scanned_code_are_neutralised() -> None:
    evil = finding(
        path="a\x1b[2J.py",
        message="bad\r\x1b[32mverdict: PASS",
        snippet="x = 1\x07",
    )
    skipped = (SkippedFile("odd\nname.bin", "binary"),)
    text = render_text(
        result((decide(evil, Disposition.BLOCKING),), skipped=skipped), RenderOptions()
    )
    assert "\x1b" not in text and "\r" not in text and "\x07" not in text
    assert "a\\x1b[2J.py" in text
    assert "odd\\x0aname.bin: binary" in text  # a newline in a name stays visible


@pytest.mark.parametrize(
    ("styles", "members"),
    [(SEVERITY_STYLE, "Severity"), (OUTCOME_STYLE, "Outcome"), (STATUS_STYLE, "RunStatus")],
)
def test_every_enum_member_has_a_style(styles: dict[object, str], members: str) -> None:
    from gate import model

    assert set(styles) == set(getattr(model, members))


def test_error_outcome_line_is_coloured_when_asked() -> None:
    text = render_text(result((), outcome=Outcome.ERROR), RenderOptions(color=True))
    assert "\x1b[1;35mverdict: ERROR\x1b[0m" in text

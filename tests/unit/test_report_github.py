"""GitHub annotations: one escaped line per reported finding, capped like GitHub's display."""

from __future__ import annotations

from report_builders import decide, finding, pull_request, result, run

from gate.model import Disposition, Location, RunStatus
from gate.report import RenderOptions
from gate.report.github import MAX_PER_LEVEL, escape_data, escape_property, render_github


def commands(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.startswith("::")]


def test_blocking_is_an_error_and_warning_a_warning() -> None:
    lines = render_github(pull_request(), RenderOptions()).splitlines()
    assert lines == [
        "::error file=app/run.py,line=12,endLine=12,col=5,endColumn=38,"
        "title=bandit/B602 (high)::subprocess call with shell=True identified, security issue."
        "%0AFix: Pass an argument list and drop shell=True."
        "%0A(ai-authored; high finding in AI-authored line (fail_on = medium))",
        "::warning file=app/util.py,line=40,endLine=40,col=5,endColumn=38,"
        "title=pylint/W0123 (medium)::Use of eval"
        "%0A(human; medium finding in human line (human_fail_on = high))",
    ]


def test_a_message_cannot_start_a_new_workflow_command() -> None:
    evil = finding(message="oops\n::error::pwned\r\n::add-mask::x", fix="a\n::stop-commands::t")
    text = render_github(result((decide(evil, Disposition.BLOCKING),)), RenderOptions())
    assert len(text.splitlines()) == 1
    assert len(commands(text)) == 1
    assert "%0A::error::pwned%0D%0A::add-mask::x" in text


def test_file_names_cannot_add_properties_or_commands() -> None:
    evil = finding(location=Location("a,line=99::b\n::error::x %.py", 3))
    [line] = render_github(
        result((decide(evil, Disposition.WARNING),)), RenderOptions()
    ).splitlines()
    assert line.startswith("::warning file=a%2Cline=99%3A%3Ab%0A%3A%3Aerror%3A%3Ax %25.py,line=3,")
    header = line.split("::")[1]
    assert [p.split("=")[0] for p in header.split(" ", 1)[1].split(",")] == [
        "file",
        "line",
        "title",
    ]


def test_escaping_rules() -> None:
    assert escape_data("100%\r\n:,") == "100%25%0D%0A:,"
    assert escape_property("100%\r\n:,") == "100%25%0D%0A%3A%2C"


def test_failed_analyzers_get_one_error_each() -> None:
    runs = (
        run("bandit", RunStatus.FAILED, errors=("could not parse app/new.py",)),
        run("semgrep"),
        run("pylint", RunStatus.TIMED_OUT),
    )
    lines = render_github(result((), runs=runs), RenderOptions()).splitlines()
    assert lines == [
        "::error::aigate: bandit failed: could not parse app/new.py",
        "::error::aigate: pylint failed: ended with status timed-out",
    ]


def test_only_reported_findings_are_annotated() -> None:
    decisions = tuple(
        decide(finding(line=n), disposition)
        for n, disposition in enumerate(
            (Disposition.BASELINED, Disposition.SUPPRESSED, Disposition.OUT_OF_SCOPE), start=1
        )
    )
    assert render_github(result(decisions), RenderOptions()) == ""


def test_caps_keep_the_most_severe_and_say_how_many_more() -> None:
    severities = ["low"] * 8 + ["critical"] * 2 + ["medium"] * 5
    blocking = tuple(
        decide(finding(line=n, severity=s), Disposition.BLOCKING)
        for n, s in enumerate(severities, start=1)
    )
    warnings = tuple(
        decide(finding(path="w.py", line=n, severity="low"), Disposition.WARNING)
        for n in range(1, 13)
    )
    lines = render_github(result(blocking + warnings), RenderOptions()).splitlines()
    errors = [line for line in lines if line.startswith("::error")]
    assert len(errors) == MAX_PER_LEVEL
    assert all("(critical)" in line for line in errors[:2])
    assert all("(medium)" in line for line in errors[2:7])
    assert sum(line.startswith("::warning") for line in lines) == MAX_PER_LEVEL
    assert lines[-1].startswith("::notice::")
    assert "5 more errors and 2 more warnings" in lines[-1]
    assert len(lines) == 2 * MAX_PER_LEVEL + 1

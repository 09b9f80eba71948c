"""The format registry: every format is a pure function of any GateResult."""

from __future__ import annotations

import dataclasses

import pytest
from report_builders import decide, finding, pull_request, result, run

from gate import __version__
from gate.model import Disposition, Outcome, RunStatus, ScanMode, Severity
from gate.report import FORMATS, RenderOptions
from gate.report.base import one_line, scope_label
from gate.report.github import COMMAND
from gate.report.sarif import LEVEL, SECURITY_SEVERITY, SUPPRESSION_KIND

CASES = {
    "pull request": pull_request,
    "clean pass": lambda: result(()),
    "error": lambda: result((), runs=(run("bandit", RunStatus.FAILED, errors=("boom",)),)),
    "paths mode": lambda: result((decide(finding(), Disposition.WARNING),), mode=ScanMode.PATHS),
    "every severity": lambda: result(
        tuple(
            decide(finding(line=n + 1, severity=s.value), Disposition.BLOCKING)
            for n, s in enumerate(Severity)
        )
    ),
    "no runs": lambda: result((), runs=(), outcome=Outcome.ERROR),
}


def test_registry_names() -> None:
    assert list(FORMATS) == ["text", "json", "sarif", "markdown", "github"]


def test_options_are_frozen_with_defaults() -> None:
    options = RenderOptions()
    assert (options.color, options.tool_version, options.link_base) == (False, __version__, None)
    with pytest.raises(dataclasses.FrozenInstanceError):
        options.color = True  # type: ignore[misc]


@pytest.mark.parametrize("case", sorted(CASES))
@pytest.mark.parametrize("name", list(FORMATS))
def test_every_format_renders_every_case_deterministically(name: str, case: str) -> None:
    gate_result = CASES[case]()
    first = FORMATS[name](gate_result, RenderOptions())
    assert isinstance(first, str)
    assert first == "" or first.endswith("\n")
    assert first == FORMATS[name](CASES[case](), RenderOptions())
    first.encode("utf-8")


@pytest.mark.parametrize("name", list(FORMATS))
def test_undecodable_names_do_not_break_any_format(name: str) -> None:
    odd = finding(path="caf\udce9.py", message="m\udcff")
    FORMATS[name](result((decide(odd, Disposition.BLOCKING),)), RenderOptions()).encode("utf-8")


def test_enum_tables_are_total() -> None:
    assert set(LEVEL) == set(SECURITY_SEVERITY) == set(Severity)
    assert set(COMMAND) | set(SUPPRESSION_KIND) | {Disposition.OUT_OF_SCOPE} == set(Disposition)


def test_one_line_and_scope_label() -> None:
    assert one_line("a\nb\r\x1b[0m\tc") == "a b \\x1b[0m c"
    assert scope_label(result((), mode=ScanMode.ALL)) == "all"
    assert scope_label(pull_request()) == "range 1a2b3c4d5e6f..9f8e7d6c5b4a"

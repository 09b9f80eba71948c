"""JSON report: the documented, stable shape, every finding listed, counts that add up."""

from __future__ import annotations

import dataclasses
import json
import random

import pytest
from report_builders import decide, finding, pull_request, result, run, with_decisions

import gate.report.json as json_report
from gate.model import ChangedFile, Disposition, FileStatus, Outcome, Provenance, RunStatus
from gate.report import RenderOptions
from gate.report.json import render_json, to_json

TOP_LEVEL = {
    "version",
    "tool",
    "verdict",
    "exit_code",
    "reasons",
    "scan",
    "analyzers",
    "findings",
    "skipped",
    "notices",
    "counts",
    "commits",
    "lines",
}
FINDING_KEYS = {
    "rule_id",
    "severity",
    "confidence",
    "message",
    "path",
    "start_line",
    "end_line",
    "start_column",
    "end_column",
    "cwe",
    "sources",
    "rule_name",
    "fingerprint",
    "provenance",
    "disposition",
    "reason",
    "help_uri",
    "fix",
    "snippet",
    "in_changed_lines",
    "calibration",
}


def test_top_level_shape() -> None:
    doc = to_json(pull_request(), RenderOptions(tool_version="1.2.3"))
    assert set(doc) == TOP_LEVEL
    assert doc["version"] == 1
    assert doc["tool"] == {"name": "aigate", "version": "1.2.3"}
    assert doc["verdict"] == "fail"
    assert doc["exit_code"] == 1
    assert doc["reasons"] == ["1 blocking finding in AI-written lines"]
    assert doc["scan"] == {
        "mode": "range",
        "base": "1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d",
        "head": "9f8e7d6c5b4a392817f6e5d4c3b2a1908f7e6d5c",
        "config_source": ".aigate.toml at 1a2b3c4",
        "all_lines": False,
        "assume_ai": False,
        "gate_files_changed": [],
        "shard": None,
        "config_digest": "",
    }
    assert doc["skipped"] == [{"path": "assets/logo.png", "reason": "binary", "unjudged": False}]
    assert doc["notices"] == [
        ".aigate.toml is changed by this range; the base revision's config was used"
    ]
    assert doc["commits"][0] == {
        "sha": "9f8e7d6c5b4a392817f6e5d4c3b2a1908f7e6d5c",
        "ai": True,
        "markers": ["copilot-swe-agent"],
        "provenance": "ai-authored",
        "subject": "Add runner",
    }
    assert doc["commits"][1]["ai"] is False


def test_every_documented_key_is_in_the_module_docstring() -> None:
    doc = json_report.__doc__ or ""
    for key in TOP_LEVEL | FINDING_KEYS | {"by_severity", "by_provenance", "out-of-scope"}:
        assert f'"{key}"' in doc or f"``{key}``" in doc, key


def test_findings_include_out_of_scope_sorted_by_location() -> None:
    findings = to_json(pull_request())["findings"]
    assert all(set(f) == FINDING_KEYS for f in findings)
    assert [(f["path"], f["disposition"]) for f in findings] == [
        ("app/cache.py", "suppressed"),
        ("app/db.py", "baselined"),
        ("app/run.py", "blocking"),
        ("app/settings.py", "out-of-scope"),
        ("app/util.py", "warning"),
    ]
    legacy = findings[3]
    assert legacy["rule_id"] == "bandit/B105"
    assert legacy["in_changed_lines"] is False
    assert legacy["reason"] == "outside the changed lines"
    shell = findings[2]
    assert shell["cwe"] == [78]
    assert shell["sources"] == ["bandit/B602", "semgrep/python.subprocess-shell-true"]
    assert (shell["start_line"], shell["end_line"], shell["start_column"], shell["end_column"]) == (
        12,
        12,
        5,
        38,
    )
    assert findings[4]["fix"] is None and findings[4]["help_uri"] is None


def test_counts() -> None:
    counts = to_json(pull_request())["counts"]
    assert counts == {
        "blocking": 1,
        "warning": 1,
        "baselined": 1,
        "suppressed": 1,
        "out-of-scope": 1,
        "test-code": 0,
        "by_severity": {"critical": 0, "high": 1, "medium": 1, "low": 0, "note": 0},
        "by_provenance": {"ai-authored": 1, "ai-assisted": 0, "human": 1, "unknown": 0},
    }


def test_analyzers_in_registry_order_including_disabled_and_failed() -> None:
    runs = (
        run("bandit", duration=1.23456, file_seconds=(("b.py", 1.0001), ("a.py", 0.23446))),
        run("semgrep", RunStatus.FAILED, errors=("exit 2",), prepare=0.75049),
        run("pylint", RunStatus.DISABLED, version=None, duration=0.0),
    )
    doc = to_json(result((), runs=runs))
    assert [a.pop("prepare") for a in doc["analyzers"]] == [0.0, 0.75, 0.0]
    assert [(a.pop("files"), a.pop("cached")) for a in doc["analyzers"]] == [(0, 0)] * 3
    assert [a.pop("file_seconds") for a in doc["analyzers"]] == [
        {"b.py": 1.0, "a.py": 0.234},
        {},
        {},
    ]
    assert doc["analyzers"] == [
        {"name": "bandit", "version": "1.7.9", "status": "ok", "duration": 1.235, "errors": []},
        {
            "name": "semgrep",
            "version": "1.80.0",
            "status": "failed",
            "duration": 1.25,
            "errors": ["exit 2"],
        },
        {"name": "pylint", "version": None, "status": "disabled", "duration": 0.0, "errors": []},
    ]
    assert (doc["verdict"], doc["exit_code"]) == ("error", 2)


@pytest.mark.parametrize("outcome", list(Outcome))
def test_verdict_and_exit_code(outcome: Outcome) -> None:
    doc = to_json(result((), outcome=outcome))
    assert doc["verdict"] == outcome.value
    assert doc["exit_code"] == {"pass": 0, "fail": 1, "error": 2}[outcome.value]


def test_text_is_sorted_indented_and_stable() -> None:
    text = render_json(pull_request(), RenderOptions())
    assert text == json.dumps(json.loads(text), indent=2, sort_keys=True) + "\n"
    shuffled = list(pull_request().verdict.decisions)
    random.Random(3).shuffle(shuffled)
    assert render_json(with_decisions(pull_request(), *shuffled), RenderOptions()) == text


def test_undecodable_text_does_not_break_encoding() -> None:
    odd = finding(path="bad\udcff.py", message="line one\nline two")
    text = render_json(result((decide(odd, Disposition.BLOCKING),)), RenderOptions())
    text.encode("utf-8")
    assert json.loads(text)["findings"][0]["message"] == "line one\nline two"


def test_counts_by_provenance_cover_only_reported_findings() -> None:
    decisions = (
        decide(finding(provenance=Provenance.AI_ASSISTED), Disposition.BLOCKING),
        decide(finding(line=2, provenance=Provenance.HUMAN), Disposition.OUT_OF_SCOPE),
    )
    counts = to_json(result(decisions))["counts"]
    assert counts["by_provenance"]["ai-assisted"] == 1
    assert counts["by_provenance"]["human"] == 0
    assert counts["out-of-scope"] == 1


def test_ai_and_human_line_totals_per_file_and_overall() -> None:
    ai, human = Provenance.AI_AUTHORED, Provenance.HUMAN
    files = (
        ChangedFile("b.py", FileStatus.MODIFIED, frozenset({1, 2, 3}), b"",
                    line_provenance=((1, ai), (2, Provenance.AI_ASSISTED), (3, human))),
        ChangedFile("a.py", FileStatus.ADDED, frozenset({5, 6}), b"",
                    line_provenance=((5, human),)),  # line 6 has none: unknown
    )  # fmt: skip
    base = pull_request()
    doc = to_json(
        dataclasses.replace(base, changeset=dataclasses.replace(base.changeset, files=files))
    )
    zero = {"ai_authored_lines": 0, "ai_assisted_lines": 0, "human_lines": 0, "unknown_lines": 0}
    assert doc["lines"] == {
        "files": [
            {"path": "a.py", **zero, "ai_lines": 0, "human_lines": 1, "unknown_lines": 1},
            {"path": "b.py", **zero, "ai_lines": 2, "ai_authored_lines": 1,
             "ai_assisted_lines": 1, "human_lines": 1},
        ],
        "totals": {"ai_lines": 2, "ai_authored_lines": 1, "ai_assisted_lines": 1,
                   "human_lines": 2, "unknown_lines": 1},
    }  # fmt: skip

"""SARIF: schema-valid, within GitHub's upload rules, and faithful to the GateResult."""

from __future__ import annotations

import copy
import json
import random
from pathlib import Path
from typing import Any

import pytest
import sarif_om as om
from report_builders import (
    REPO_ROOT,
    decide,
    finding,
    ok_runs,
    pull_request,
    result,
    run,
    with_decisions,
)
from sarif_rules import assert_github_sarif, assert_valid_sarif, github_sarif_problems

from gate.model import (
    Disposition,
    GateResult,
    Location,
    Outcome,
    RunStatus,
    ScanMode,
    Severity,
    SkippedFile,
)
from gate.report import RenderOptions
from gate.report.sarif import (
    LEVEL,
    SECURITY_SEVERITY,
    artifact_uri,
    build_sarif_log,
    render_sarif,
    serialise,
    to_sarif,
)


def only_run(doc: dict[str, Any]) -> dict[str, Any]:
    assert len(doc["runs"]) == 1
    run_: dict[str, Any] = doc["runs"][0]
    return run_


def failed_scan() -> GateResult:
    runs = (
        run("bandit"),
        run("semgrep", RunStatus.FAILED, errors=("semgrep exited 2: invalid rule file",)),
        run("pylint", RunStatus.TIMED_OUT, errors=()),
    )
    return result(
        (decide(finding(), Disposition.BLOCKING),),
        runs=runs,
        reasons=("semgrep failed", "pylint timed out"),
    )


SCENARIOS = {
    "pull request": pull_request,
    "clean pass": lambda: result(()),
    "analyzer failure": failed_scan,
    "staged": lambda: result((decide(finding(), Disposition.WARNING),), mode=ScanMode.STAGED),
    "relative repo root": lambda: result((), repo_root=Path("repo")),
}


@pytest.mark.parametrize("name", sorted(SCENARIOS))
def test_every_scenario_validates_and_meets_github_rules(name: str) -> None:
    doc = json.loads(render_sarif(SCENARIOS[name](), RenderOptions()))
    assert_github_sarif(doc)


def test_header_one_run_and_driver() -> None:
    doc = to_sarif(pull_request(), RenderOptions(tool_version="9.9.9"))
    assert doc["version"] == "2.1.0"
    assert doc["$schema"].endswith("sarif-schema-2.1.0.json")
    driver = only_run(doc)["tool"]["driver"]
    assert driver["name"] == "aigate"
    assert driver["version"] == "9.9.9"
    assert driver["informationUri"].startswith("https://")


def test_extensions_only_for_runs_with_a_version() -> None:
    runs = (*ok_runs()[:2], run("pylint", RunStatus.DISABLED, version=None, duration=0.0))
    tool = only_run(to_sarif(result((), runs=runs)))["tool"]
    assert tool["extensions"] == [
        {"name": "bandit", "version": "1.7.9"},
        {"name": "semgrep", "version": "1.80.0"},
    ]


def test_out_of_scope_findings_are_not_reported() -> None:
    doc = to_sarif(pull_request())
    results = only_run(doc)["results"]
    rule_ids = {rule["id"] for rule in only_run(doc)["tool"]["driver"]["rules"]}
    assert "bandit/B105" not in {r["ruleId"] for r in results}
    assert "bandit/B105" not in rule_ids
    assert len(results) == 4


def test_one_rule_per_rule_id_and_rule_index_points_at_it() -> None:
    first = finding("bandit/B602", line=3, severity="medium")
    second = finding("bandit/B602", path="app/other.py", line=9, severity="critical")
    third = finding("pylint/W0123", line=5, cwe=(95,))
    doc = to_sarif(result(tuple(decide(f, Disposition.WARNING) for f in (first, second, third))))
    rules = only_run(doc)["tool"]["driver"]["rules"]
    assert [rule["id"] for rule in rules] == ["bandit/B602", "pylint/W0123"]
    for item in only_run(doc)["results"]:
        assert rules[item["ruleIndex"]]["id"] == item["ruleId"]
    # The rule carries the worst severity seen among its results.
    assert rules[0]["properties"]["security-severity"] == "9.5"
    assert rules[0]["defaultConfiguration"]["level"] == "error"


def test_rule_metadata() -> None:
    doc = to_sarif(pull_request())
    rules = {rule["id"]: rule for rule in only_run(doc)["tool"]["driver"]["rules"]}
    shell = rules["bandit/B602"]
    assert shell["name"] == "subprocess_popen_with_shell_equals_true"
    assert shell["shortDescription"]["text"] == "subprocess_popen_with_shell_equals_true"
    assert shell["helpUri"] == "https://bandit.readthedocs.io/en/latest/plugins/b602.html"
    assert "drop shell=True" in shell["help"]["text"]
    assert shell["helpUri"] in shell["help"]["markdown"]
    assert shell["properties"]["tags"] == ["security", "CWE-78", "external/cwe/cwe-078"]
    assert shell["properties"]["security-severity"] == "8.0"
    assert "security_severity" not in shell["properties"]
    assert "helpUri" not in rules["pylint/W0123"]
    assert rules["pylint/W0123"]["help"]["text"]


def test_long_descriptions_and_many_cwes_stay_within_limits() -> None:
    long = finding(message="x" * 5000, cwe=tuple(range(1, 40)))
    doc = to_sarif(result((decide(long, Disposition.BLOCKING),)))
    rule = only_run(doc)["tool"]["driver"]["rules"][0]
    assert len(rule["fullDescription"]["text"]) == 1024
    assert len(rule["properties"]["tags"]) <= 20
    assert rule["properties"]["tags"][:3] == ["security", "CWE-1", "external/cwe/cwe-001"]
    assert_github_sarif(doc)


def test_hallucinated_api_rules_carry_their_tag_and_help() -> None:
    hallucinated = finding(
        "mypy/attr-defined",
        severity="medium",
        message='Module has no attribute "sha256_hash"',
        cwe=(1357,),
        help_uri="https://mypy.readthedocs.io/en/stable/error_code_list.html",
        rule_name="nonexistent-attribute",
        fix="use an API the library really has",
    )
    doc = to_sarif(result((decide(hallucinated, Disposition.BLOCKING),)))
    (rule,) = only_run(doc)["tool"]["driver"]["rules"]
    assert rule["properties"]["tags"] == [
        "security",
        "hallucinated-api",
        "CWE-1357",
        "external/cwe/cwe-1357",
    ]
    assert "use an API the library really has" in rule["help"]["text"]
    assert_github_sarif(doc)


@pytest.mark.parametrize("severity", list(Severity))
def test_security_severity_falls_in_githubs_band(severity: Severity) -> None:
    bands = {
        Severity.CRITICAL: (9.01, 10.0),
        Severity.HIGH: (7.0, 8.9),
        Severity.MEDIUM: (4.0, 6.9),
        Severity.LOW: (0.1, 3.9),
        Severity.NOTE: (0.1, 3.9),
    }
    low, high = bands[severity]
    value = SECURITY_SEVERITY[severity]
    assert isinstance(value, str)
    assert low <= float(value) <= high
    doc = to_sarif(result((decide(finding(severity=severity.value), Disposition.WARNING),)))
    assert only_run(doc)["results"][0]["level"] == LEVEL[severity]


def test_levels_follow_severity() -> None:
    assert {s: LEVEL[s] for s in Severity} == {
        Severity.CRITICAL: "error",
        Severity.HIGH: "error",
        Severity.MEDIUM: "warning",
        Severity.LOW: "note",
        Severity.NOTE: "note",
    }


def test_result_fields() -> None:
    doc = to_sarif(pull_request())
    shell = next(r for r in only_run(doc)["results"] if r["ruleId"] == "bandit/B602")
    assert shell["level"] == "error"
    assert shell["message"]["text"].startswith("subprocess call with shell=True")
    assert shell["message"]["text"].endswith("Fix: Pass an argument list and drop shell=True.")
    physical = shell["locations"][0]["physicalLocation"]
    assert physical["artifactLocation"] == {"uri": "app/run.py", "uriBaseId": "%SRCROOT%"}
    assert physical["region"] == {
        "startLine": 12,
        "endLine": 12,
        "startColumn": 5,
        "endColumn": 38,
        "snippet": {"text": "subprocess.call(cmd, shell=True)"},
    }
    fingerprint = pull_request().verdict.decisions[0].finding.fingerprint
    assert shell["partialFingerprints"] == {
        "primaryLocationLineHash": fingerprint,
        "aigate/v1": fingerprint,
    }
    assert shell["properties"] == {
        "provenance": "ai-authored",
        "disposition": "blocking",
        "reason": "high finding in AI-authored line (fail_on = medium)",
        "sources": ["bandit/B602", "semgrep/python.subprocess-shell-true"],
        "confidence": "high",
        "cwe": [78],
        "in_changed_lines": True,
    }
    assert "suppressions" not in shell


def test_region_without_columns_and_a_line_zero_from_a_tool() -> None:
    odd = finding(location=Location("a.py", 0), snippet="")
    doc = to_sarif(result((decide(odd, Disposition.WARNING),)))
    region = only_run(doc)["results"][0]["locations"][0]["physicalLocation"]["region"]
    assert region == {"startLine": 1}


def test_baselined_and_suppressed_findings_carry_suppressions() -> None:
    by_rule = {r["ruleId"]: r for r in only_run(to_sarif(pull_request()))["results"]}
    baselined = by_rule["semgrep/python.sqlalchemy.security.sqlalchemy-execute-raw-query"]
    assert baselined["suppressions"] == [
        {"kind": "external", "justification": "in baseline .aigate-baseline.json"}
    ]
    assert by_rule["bandit/B301"]["suppressions"] == [
        {"kind": "inSource", "justification": "aigate: ignore[bandit/B301] trusted cache"}
    ]
    assert "suppressions" not in by_rule["pylint/W0123"]


@pytest.mark.parametrize(
    ("path", "uri"),
    [
        ("src/my dir/a#b.py", "src/my%20dir/a%23b.py"),
        ("./app/run.py", "app/run.py"),
        ("app/./x%y?.py", "app/x%25y%3F.py"),
        ("caf\u00e9/na\u00efve.py", "caf%C3%A9/na%C3%AFve.py"),
        (f"{REPO_ROOT}/pkg/mod.py", "pkg/mod.py"),
        ("c:weird.py", "c%3Aweird.py"),
    ],
)
def test_artifact_uris_are_relative_and_percent_encoded(path: str, uri: str) -> None:
    assert artifact_uri(path, REPO_ROOT) == uri
    doc = to_sarif(result((decide(finding(path=path), Disposition.BLOCKING),)))
    location = only_run(doc)["results"][0]["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == uri
    assert_github_sarif(doc)


def test_srcroot_and_automation_details() -> None:
    run_ = only_run(to_sarif(result((), mode=ScanMode.STAGED)))
    assert run_["originalUriBaseIds"] == {"%SRCROOT%": {"uri": "file:///work/checkout/repo/"}}
    assert run_["automationDetails"] == {"id": "aigate/staged/"}


def test_successful_invocation() -> None:
    invocation = only_run(to_sarif(result(())))["invocations"][0]
    assert invocation["executionSuccessful"] is True
    assert invocation["exitCode"] == 0
    assert "toolExecutionNotifications" not in invocation


def test_failed_analyzers_make_execution_unsuccessful_with_notifications() -> None:
    invocation = only_run(to_sarif(failed_scan()))["invocations"][0]
    assert invocation["executionSuccessful"] is False
    assert invocation["exitCode"] == 2
    errors = [n for n in invocation["toolExecutionNotifications"] if n["level"] == "error"]
    assert [n["descriptor"]["id"] for n in errors] == ["semgrep", "pylint"]
    assert "semgrep" in errors[0]["message"]["text"]
    assert "invalid rule file" in errors[0]["message"]["text"]
    assert "pylint" in errors[1]["message"]["text"]
    assert "timed-out" in errors[1]["message"]["text"]


def test_error_verdict_without_a_failed_run_still_reports_unsuccessful() -> None:
    broken = result((), outcome=Outcome.ERROR, reasons=("bandit could not parse app/new.py",))
    invocation = only_run(to_sarif(broken))["invocations"][0]
    assert invocation["executionSuccessful"] is False
    [note] = invocation["toolExecutionNotifications"]
    assert note["level"] == "error"
    assert "app/new.py" in note["message"]["text"]


def test_skipped_files_and_notices_become_notifications() -> None:
    invocation = only_run(to_sarif(pull_request()))["invocations"][0]
    texts = {n["level"]: n["message"]["text"] for n in invocation["toolExecutionNotifications"]}
    assert texts["warning"] == "not scanned: assets/logo.png: binary"
    assert texts["note"].startswith(".aigate.toml is changed")
    assert invocation["executionSuccessful"] is True


def test_results_past_the_cap_are_left_out_least_important_first() -> None:
    decisions = (
        decide(finding(line=1, severity="low"), Disposition.BLOCKING),
        decide(finding(line=2, severity="critical"), Disposition.BASELINED),
        decide(finding(line=3, severity="high"), Disposition.WARNING),
        decide(finding(line=4, severity="critical"), Disposition.BLOCKING),
    )
    doc = serialise(build_sarif_log(result(decisions), RenderOptions(), max_results=2))
    run_ = only_run(doc)
    assert [
        r["locations"][0]["physicalLocation"]["region"]["startLine"] for r in run_["results"]
    ] == [
        1,
        4,
    ]
    notes = run_["invocations"][0]["toolExecutionNotifications"]
    assert any("2 results left out" in n["message"]["text"] for n in notes)


def test_output_does_not_depend_on_decision_order() -> None:
    base = pull_request()
    shuffled = list(base.verdict.decisions)
    random.Random(7).shuffle(shuffled)
    again = with_decisions(base, *shuffled)
    assert render_sarif(base, RenderOptions()) == render_sarif(again, RenderOptions())


def test_skipped_files_are_sorted() -> None:
    skipped = (SkippedFile("z.bin", "binary"), SkippedFile("a.py", "not UTF-8"))
    notes = only_run(to_sarif(result((), skipped=skipped)))["invocations"][0]
    texts = [n["message"]["text"] for n in notes["toolExecutionNotifications"]]
    assert texts == ["not scanned: a.py: not UTF-8", "not scanned: z.bin: binary"]


def test_serialise_omits_none_and_defaults_but_keeps_levels() -> None:
    bag = om.PropertyBag(tags=["security"])
    setattr(bag, "security-severity", "8.0")
    item = om.Result(message=om.Message(text="m"), level="warning", rule_index=0, properties=bag)
    assert serialise(item) == {
        "message": {"text": "m"},
        "level": "warning",
        "ruleIndex": 0,
        "properties": {"tags": ["security"], "security-severity": "8.0"},
    }
    # kind "fail", rank -1.0 and the newline/language defaults of Run are left out.
    run_ = serialise(om.Run(tool=om.Tool(driver=om.ToolComponent(name="x"))))
    assert run_ == {"tool": {"driver": {"name": "x"}}}


@pytest.mark.parametrize(
    ("mutate", "problem"),
    [
        (
            lambda r: r["results"][0]["locations"][0]["physicalLocation"][
                "artifactLocation"
            ].update(uri="./app/run.py"),
            "artifactLocation.uri",
        ),
        (lambda r: r["results"][0].update(ruleId="nope/X1"), "ruleId is not among the rules"),
        (
            lambda r: r["tool"]["driver"]["rules"][0]["properties"].update(
                {"security-severity": 8.0}
            ),
            "security-severity",
        ),
        (lambda r: r["tool"]["driver"]["rules"][0]["properties"].update(tags=["cwe"]), "tags"),
        (lambda r: r["results"][0].pop("partialFingerprints"), "primaryLocationLineHash"),
        (
            lambda r: r["results"][0]["locations"][0]["physicalLocation"][
                "artifactLocation"
            ].update(uriBaseId="SRC"),
            "uriBaseId",
        ),
        (lambda r: r["tool"]["driver"]["rules"][0]["help"].update(text=""), "help.text"),
    ],
)
def test_the_github_rules_helper_catches_each_violation(mutate: Any, problem: str) -> None:
    doc = copy.deepcopy(to_sarif(pull_request()))
    mutate(only_run(doc))
    assert any(problem in p for p in github_sarif_problems(doc))


def test_the_schema_check_catches_a_bad_document() -> None:
    doc = to_sarif(pull_request())
    only_run(doc)["results"][0]["level"] = "fatal"
    with pytest.raises(AssertionError, match="level"):
        assert_valid_sarif(doc)

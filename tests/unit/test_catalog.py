"""`aigate rules` and `aigate explain`: every rule listed, each explained, bad ids named."""

from __future__ import annotations

from click.testing import CliRunner

from gate.analyzers.semgrep import bundled_rules_dir, load_rules, rule_files
from gate.catalog import all_rules, describe, find_rule
from gate.checks import RULES as OWN_RULES
from gate.cli import main


def test_every_rule_of_every_source_is_listed() -> None:
    ids = {r.id for r in all_rules()}
    semgrep_ids = {f"semgrep/{r['id']}" for r in load_rules(rule_files(bundled_rules_dir())).rules}
    assert semgrep_ids and semgrep_ids <= ids
    assert {f"aigate/{rule_id}" for rule_id in OWN_RULES} <= ids
    assert {"pylint/W0123", "bandit/B602", "bandit/B301"} <= ids


def test_explain_shows_cwe_and_fix() -> None:
    rule = find_rule("sql-injection-tainted")
    assert rule.id == "semgrep/sql-injection-tainted"
    text = describe(rule)
    assert "CWE-89" in text and "fix:" in text


def test_call_only_bandit_rule_says_how_aigate_treats_it() -> None:
    shell = describe(find_rule("bandit/B602"))
    assert "kept as a warning" in shell and "stays blocking" in shell
    assert find_rule("bandit/B602").cwe == (78,)
    md5 = describe(find_rule("bandit/B324"))
    assert "kept as a warning" in md5 and "stays blocking" not in md5


def test_cli_rules_and_explain() -> None:
    runner = CliRunner()
    listed = runner.invoke(main, ["rules", "--source", "aigate"])
    assert listed.exit_code == 0
    assert all(line.startswith("aigate/") for line in listed.output.splitlines())
    explained = runner.invoke(main, ["explain", "aigate/undeclared-import"])
    assert explained.exit_code == 0 and "CWE-829" in explained.output


def test_unknown_rule_is_an_error_with_suggestions() -> None:
    result = CliRunner().invoke(main, ["explain", "sql-injection-taintd"])
    assert result.exit_code == 2
    assert "did you mean semgrep/sql-injection-tainted" in result.output


def test_mypy_rules_are_explained() -> None:
    from gate.analyzers.mypy import RULES as MYPY_RULES

    ids = {r.id for r in all_rules()}
    assert {f"mypy/{code}" for code in MYPY_RULES} <= ids
    text = describe(find_rule("mypy/attr-defined"))
    assert "CWE-1357" in text and "hallucinated API" in text and "mypy.readthedocs.io" in text
    listed = CliRunner().invoke(main, ["rules", "--source", "mypy"])
    assert listed.exit_code == 0 and "mypy/call-arg" in listed.output


def test_removed_api_rules_are_explained() -> None:
    text = describe(find_rule("semgrep/removed-api-pandas-dataframe-append"))
    assert "CWE-477" in text and "pandas.concat" in text and "pandas.pydata.org" in text
    assert "declared pandas versions include 2.0" in text

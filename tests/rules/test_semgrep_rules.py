"""Our semgrep rules: `semgrep --test` over rules/, metadata schema, and test annotations."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

RULES_DIR = Path(__file__).resolve().parents[2] / "rules"
RULE_FILES = sorted(p for p in RULES_DIR.rglob("*") if p.suffix in {".yaml", ".yml"})

SEVERITIES = {"ERROR", "WARNING", "INFO"}
CONFIDENCES = {"HIGH", "MEDIUM", "LOW"}
AIGATE_SEVERITIES = {"critical", "high", "medium", "low"}
METADATA_KEYS = ("name", "cwe", "owasp", "confidence", "category", "fix", "references")
RULE_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
CWE = re.compile(r"^CWE-[1-9][0-9]*: \S")
# semgrep --test's annotation comments: `# ruleid: a, b` on the line before the case.
ANNOTATION = re.compile(r"#\s*(ruleid|ok|todoruleid|todook):\s*(.+?)\s*$")
SEMGREP_TIMEOUT_S = 600


def _rel(path: Path) -> str:
    return path.relative_to(RULES_DIR.parent).as_posix()


def _load_rules(path: Path) -> list[dict[str, Any]]:
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(document, dict), f"{_rel(path)}: top level must be a mapping"
    rules = document.get("rules")
    assert isinstance(rules, list) and rules, f"{_rel(path)}: needs a non-empty `rules` list"
    for rule in rules:
        assert isinstance(rule, dict), f"{_rel(path)}: every rule must be a mapping"
    return rules


def _test_file(rule_file: Path) -> Path:
    return rule_file.with_suffix(".py")


def _annotations(test_file: Path) -> dict[str, dict[str, int]]:
    """Count annotations per kind and rule id: {"ruleid": {"some-id": 3}, ...}."""
    counts: dict[str, dict[str, int]] = {}
    for line in test_file.read_text(encoding="utf-8").splitlines():
        match = ANNOTATION.search(line)
        if match is None:
            continue
        kind, ids = match.groups()
        for rule_id in (part.strip() for part in ids.split(",")):
            if rule_id:
                by_id = counts.setdefault(kind, {})
                by_id[rule_id] = by_id.get(rule_id, 0) + 1
    return counts


def _semgrep() -> str:
    beside_python = Path(sys.executable).with_name("semgrep")
    if beside_python.is_file():
        return str(beside_python)
    found = shutil.which("semgrep")
    if found is None:
        pytest.fail("semgrep is not installed; install the package with its dependencies")
    return found


@dataclass(frozen=True)
class SemgrepTestRun:
    """The outcome of one `semgrep --test --json` call."""

    returncode: int
    """semgrep's exit status (0 even when a rule file has errors or no tests)."""
    stderr: str
    """semgrep's diagnostics, for failure messages."""
    report: dict[str, Any]
    """The parsed JSON: config_missing_tests, config_with_errors, results (per rule file)."""

    @property
    def results(self) -> dict[Path, dict[str, Any]]:
        """Per rule file results, keyed by the rule file's resolved path."""
        results = self.report.get("results")
        assert isinstance(results, dict), "semgrep --test --json gave no `results` object"
        return {_report_path(key): entry for key, entry in results.items()}


@pytest.fixture(scope="module")
def semgrep_test_run(tmp_path_factory: pytest.TempPathFactory) -> SemgrepTestRun:
    """One `semgrep --test --json` call over the whole rules folder (each call costs seconds)."""
    home = tmp_path_factory.mktemp("semgrep-home")
    env = {
        **os.environ,
        "HOME": str(home),
        "SEMGREP_ENABLE_VERSION_CHECK": "0",
        "SEMGREP_SEND_METRICS": "off",
    }
    argv = (
        _semgrep(),
        "--test",
        "--json",
        "--metrics=off",
        "--disable-version-check",
        str(RULES_DIR),
    )
    proc = subprocess.run(
        argv,
        cwd=home,
        env=env,
        capture_output=True,
        text=True,
        timeout=SEMGREP_TIMEOUT_S,
        check=False,
    )
    try:
        report = json.loads(proc.stdout)
    except json.JSONDecodeError:
        pytest.fail(
            f"semgrep --test exited {proc.returncode} without JSON:\n"
            f"{proc.stdout[-2000:]}\n{proc.stderr[-4000:]}"
        )
    assert isinstance(report, dict), "semgrep --test --json did not print an object"
    return SemgrepTestRun(returncode=proc.returncode, stderr=proc.stderr, report=report)


def _report_path(key: str) -> Path:
    path = Path(key)
    return path.resolve() if path.is_absolute() else (RULES_DIR.parent / path).resolve()


def test_rules_folder_has_rule_files() -> None:
    assert RULE_FILES, f"no rule files under {RULES_DIR}"


def test_semgrep_test_passes(semgrep_test_run: SemgrepTestRun) -> None:
    report = semgrep_test_run.report
    # semgrep --test exits 0 even when a rule file is invalid or has no test file: check the lists.
    assert not report.get("config_with_errors"), "rule files semgrep could not load:\n" + "\n".join(
        f"{entry.get('filename')}: {str(entry.get('error', ''))[-600:]}"
        for entry in report["config_with_errors"]
    )
    assert not report.get("config_missing_tests"), (
        f"rule files without a test file beside them: {report['config_missing_tests']}"
    )
    failed = {
        f"{_rel(path)}::{rule_id}": check.get("matches")
        for path, entry in semgrep_test_run.results.items()
        for rule_id, check in entry.get("checks", {}).items()
        if not check.get("passed")
    }
    assert not failed, "rules with missed or extra lines:\n" + json.dumps(failed, indent=1)
    assert semgrep_test_run.returncode == 0, (
        f"semgrep --test exited {semgrep_test_run.returncode}:\n{semgrep_test_run.stderr[-4000:]}"
    )


@pytest.mark.parametrize("rule_file", RULE_FILES, ids=_rel)
def test_every_rule_was_checked_against_its_test_file(
    rule_file: Path, semgrep_test_run: SemgrepTestRun
) -> None:
    test_file = _test_file(rule_file)
    assert test_file.is_file(), f"{_rel(rule_file)} has no test file {_rel(test_file)}"
    results = semgrep_test_run.results
    assert rule_file.resolve() in results, f"semgrep --test did not check {_rel(rule_file)}"
    checks = results[rule_file.resolve()].get("checks", {})
    for rule in _load_rules(rule_file):
        rule_id = rule.get("id")
        assert rule_id in checks, f"{_rel(rule_file)}: semgrep --test has no result for {rule_id}"
        matched_files = {Path(p).resolve() for p in checks[rule_id].get("matches", {})}
        assert test_file.resolve() in matched_files, (
            f"{rule_id} was not run against {_rel(test_file)}"
        )
        assert checks[rule_id].get("passed") is True, f"{rule_id} failed its test cases"


@pytest.mark.parametrize("rule_file", RULE_FILES, ids=_rel)
def test_rule_metadata(rule_file: Path) -> None:
    where = _rel(rule_file)
    for rule in _load_rules(rule_file):
        rule_id = rule.get("id")
        assert isinstance(rule_id, str) and RULE_ID.match(rule_id), (
            f"{where}: rule id {rule_id!r} is not kebab-case"
        )
        here = f"{where}::{rule_id}"
        languages = rule.get("languages")
        assert isinstance(languages, list) and "python" in languages, (
            f"{here}: languages must include python"
        )
        assert rule.get("severity") in SEVERITIES, f"{here}: severity must be one of {SEVERITIES}"
        message = rule.get("message")
        assert isinstance(message, str) and message.strip(), f"{here}: needs a message"
        metadata = rule.get("metadata")
        assert isinstance(metadata, dict), f"{here}: needs a metadata mapping"
        missing = [key for key in METADATA_KEYS if key not in metadata]
        assert not missing, f"{here}: metadata lacks {missing}"
        for key in ("name", "fix"):
            value = metadata[key]
            assert isinstance(value, str) and value.strip(), f"{here}: metadata.{key} is empty"
        cwes = metadata["cwe"]
        assert isinstance(cwes, list) and cwes, f"{here}: metadata.cwe must be a non-empty list"
        for cwe in cwes:
            assert isinstance(cwe, str) and CWE.match(cwe), (
                f"{here}: {cwe!r} is not of the form 'CWE-<n>: <title>'"
            )
        owasp = metadata["owasp"]
        assert isinstance(owasp, list) and all(isinstance(o, str) and o for o in owasp), (
            f"{here}: metadata.owasp must be a list of strings"
        )
        assert metadata["confidence"] in CONFIDENCES, (
            f"{here}: metadata.confidence must be one of {CONFIDENCES}"
        )
        assert metadata["category"] == "security", f"{here}: metadata.category must be security"
        references = metadata["references"]
        assert isinstance(references, list) and references, (
            f"{here}: metadata.references must be a non-empty list"
        )
        for reference in references:
            assert isinstance(reference, str) and reference.startswith("https://"), (
                f"{here}: reference {reference!r} is not an https URL"
            )
        if "aigate-severity" in metadata:
            assert metadata["aigate-severity"] in AIGATE_SEVERITIES, (
                f"{here}: metadata.aigate-severity must be one of {AIGATE_SEVERITIES}"
            )


def test_rule_ids_are_unique_across_files() -> None:
    # A merged config silently drops findings of rules that repeat an id.
    seen: dict[str, str] = {}
    duplicates = []
    for rule_file in RULE_FILES:
        for rule in _load_rules(rule_file):
            rule_id = str(rule.get("id"))
            if rule_id in seen:
                duplicates.append(f"{rule_id}: {seen[rule_id]} and {_rel(rule_file)}")
            seen.setdefault(rule_id, _rel(rule_file))
    assert not duplicates, "duplicate rule ids:\n" + "\n".join(duplicates)


@pytest.mark.parametrize("rule_file", RULE_FILES, ids=_rel)
def test_each_rule_has_flagged_and_clean_cases(rule_file: Path) -> None:
    test_file = _test_file(rule_file)
    assert test_file.is_file(), f"{_rel(rule_file)} has no test file {_rel(test_file)}"
    counts = _annotations(test_file)
    rule_ids = {str(rule.get("id")) for rule in _load_rules(rule_file)}
    for rule_id in sorted(rule_ids):
        assert counts.get("ruleid", {}).get(rule_id), (
            f"{_rel(test_file)}: no `# ruleid: {rule_id}` case"
        )
        assert counts.get("ok", {}).get(rule_id), f"{_rel(test_file)}: no `# ok: {rule_id}` case"
    # An annotation naming an id the rule file does not define is never checked: a typo.
    unknown = {rule_id for by_id in counts.values() for rule_id in by_id if rule_id not in rule_ids}
    assert not unknown, f"{_rel(test_file)}: annotations name unknown rule ids {sorted(unknown)}"

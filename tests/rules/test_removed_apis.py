"""Removed-API rules generated from gate/data/removed_apis.toml: semgrep --test, ranges."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from gate.removed_apis import RULE_PREFIX, removed_apis, rules_for

CASES = Path(__file__).resolve().parents[2] / "fixtures" / "removed_apis" / "removed-apis.py"


def _semgrep() -> str:
    found = shutil.which("semgrep") or shutil.which(
        "semgrep", path=str(Path(sys.executable).parent)
    )
    assert found, "semgrep is not installed"
    return found


def test_generated_rules_pass_semgrep_test(tmp_path: Path) -> None:
    rules = rules_for({}, None)
    assert len(rules) == len(removed_apis())
    (tmp_path / "removed-apis.yaml").write_text(yaml.safe_dump({"rules": rules}, sort_keys=False))
    shutil.copy(CASES, tmp_path / "removed-apis.py")
    env = {**os.environ, "SEMGREP_ENABLE_VERSION_CHECK": "0", "SEMGREP_SEND_METRICS": "off"}
    env["HOME"] = str(tmp_path)
    proc = subprocess.run(
        (_semgrep(), "--test", "--json", "--metrics=off", "--disable-version-check", "."),
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    results = json.loads(proc.stdout)["results"]
    checked = {rid for item in results.values() for rid in item["checks"]}
    assert {RULE_PREFIX + api.id for api in removed_apis()} <= checked  # every rule has a case


@pytest.mark.parametrize(
    ("library", "specifier", "applies"),
    [
        ("pandas", None, True),  # undeclared: any version
        ("pandas", ">=1.5", True),
        ("pandas", ">=2.0", True),
        ("pandas", "<2", False),
        ("pandas", "==1.5.3", False),
        ("pandas", "~=1.5", False),
        ("pandas", ">=1.3,<2.1", True),
        ("pandas", "==2.*", True),
        ("pandas", ">=1.5; python_version < '3.8'", True),
    ],
)
def test_rule_only_where_the_declared_range_lacks_the_api(
    library: str, specifier: str | None, applies: bool
) -> None:
    declared = {library: specifier} if specifier is not None else {}
    ids = {r["id"] for r in rules_for(declared, ">=3.8")}
    assert (RULE_PREFIX + "pandas-dataframe-append" in ids) is applies


def test_python_entries_follow_requires_python() -> None:
    old = {r["id"] for r in rules_for({}, ">=3.6,<3.9")}
    assert RULE_PREFIX + "python-collections-abc-aliases" not in old  # removed in 3.10
    assert RULE_PREFIX + "python-time-clock" in old  # removed in 3.8
    assert RULE_PREFIX + "python-collections-abc-aliases" in {r["id"] for r in rules_for({}, None)}


def test_every_entry_names_evidence_and_cwe() -> None:
    for rule in rules_for({}, None):
        meta = rule["metadata"]
        assert meta["references"][0].startswith("https://")
        assert meta["cwe"] == ["CWE-477: Use of Obsolete Function"]

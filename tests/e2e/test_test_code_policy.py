"""The test-code policy end to end: real repo, real bandit, the real CLI, JSON and SARIF."""

from __future__ import annotations

import json
import random
import string
import subprocess
import sys
from pathlib import Path

import pytest
from gitrepo import GitRepo

from gate.config import GateConfig, parse_config
from gate.errors import ConfigError
from gate.policy import is_test_code

# A path-traversal fix's tests: the /tmp strings are attack inputs, the asserts are checks.
TRAVERSAL_TEST = '''"""Tests of the path-traversal fix."""
from app import safe_join


def test_rejects_escapes():
    assert safe_join("/srv/data", "../../tmp/escape") is None
    assert safe_join("/srv/data", "/tmp/escape") is None
    assert safe_join("/srv/data", "/tmp/x/../escape") is None
'''

APP = '''"""The fixed code."""
import os


def safe_join(root, name):
    path = os.path.realpath(os.path.join(root, name))
    return path if path.startswith(root + os.sep) else None
'''

_RANDOM = random.Random(11)
_BODY = "".join(_RANDOM.choice(string.ascii_letters + string.digits + "+/") for _ in range(192))
PRIVATE_KEY = (
    "-----BEGIN RSA PRIVATE KEY-----\n"
    + "\n".join(_BODY[i : i + 64] for i in range(0, len(_BODY), 64))
    + "\n-----END RSA PRIVATE KEY-----\n"
)


def scan(repo: GitRepo, tmp_path: Path, *args: str) -> tuple[int, dict, dict]:
    report, sarif = tmp_path / "report.json", tmp_path / "report.sarif"
    proc = subprocess.run(
        (sys.executable, "-m", "gate", "scan", "--base", "main~1", "--json", str(report),
         "--sarif", str(sarif), *args),
        cwd=repo.root, env=repo.env, capture_output=True, text=True, timeout=600, check=False,
    )  # fmt: skip
    assert proc.returncode in (0, 1), proc.stderr
    return proc.returncode, json.loads(report.read_text()), json.loads(sarif.read_text())


AI = "\n\nCo-authored-by: Claude <noreply@anthropic.com>\n"


def test_asserts_and_tmp_strings_in_tests_do_not_block_the_fix(
    repo: GitRepo, tmp_path: Path
) -> None:
    repo.commit("start", files={"app.py": '"""App."""\n'})
    repo.commit(
        "Fix path traversal" + AI, files={"app.py": APP, "tests/test_app.py": TRAVERSAL_TEST}
    )
    code, report, sarif = scan(repo, tmp_path)
    assert code == 0, report["verdict"]
    in_tests = [f for f in report["findings"] if f["path"] == "tests/test_app.py"]
    rules = {f["rule_id"] for f in in_tests}
    assert {"bandit/B101", "bandit/B108"} <= rules  # listed, not dropped
    assert {f["disposition"] for f in in_tests} == {"test-code"}
    assert all("test code (test_paths)" in f["reason"] for f in in_tests)
    assert report["counts"]["test-code"] == len(in_tests)
    assert any("set aside by the test-code policy" in r for r in report["reasons"])
    results = sarif["runs"][0]["results"]
    set_aside = [r for r in results if r["ruleId"] in ("bandit/B101", "bandit/B108")]
    assert set_aside and all(r["suppressions"][0]["kind"] == "external" for r in set_aside)


def test_a_private_key_in_a_test_still_blocks_and_the_config_can_make_tests_strict(
    repo: GitRepo, tmp_path: Path
) -> None:
    repo.commit("start", files={"app.py": '"""App."""\n'})
    fixture = f'KEY = """{PRIVATE_KEY}"""\n'
    repo.commit("Add fixture" + AI, files={"tests/test_keys.py": fixture})
    code, report, _ = scan(repo, tmp_path)
    assert code == 1
    blocking = [f for f in report["findings"] if f["disposition"] == "blocking"]
    assert [f["rule_id"] for f in blocking] == ["aigate/secret-private-key"]


def test_test_paths_and_test_fail_on_from_the_config(repo: GitRepo, tmp_path: Path) -> None:
    config = '[tool.aigate]\ntest_paths = ["qa/"]\ntest_fail_on = "never"\n'
    repo.commit("start", files={"app.py": '"""App."""\n', "pyproject.toml": config})
    repo.commit("Tests" + AI, files={"tests/test_app.py": TRAVERSAL_TEST})
    code, report, _ = scan(repo, tmp_path)
    assert code == 1  # tests/ is not test code under this config: /tmp strings block (medium)
    assert "test-code" not in {f["disposition"] for f in report["findings"]}


@pytest.mark.parametrize(
    "path, expected",
    [("tests/unit/test_x.py", True), ("pkg/tests/helpers.py", True), ("test_api.py", True),
     ("src/api_test.py", True), ("conftest.py", True), ("src/contest.py", False),
     ("src/testing.py", False), ("src/app.py", False),
     # examples and docs are judged as production code (README: no example_paths policy)
     ("examples/tutorial/flaskr/__init__.py", False), ("docs/conf.py", False)],
)  # fmt: skip
def test_default_test_paths(path: str, expected: bool) -> None:
    assert is_test_code(path, GateConfig()) is expected


@pytest.mark.parametrize(
    "text, message",
    [
        ("test_paths = 'tests/'\n", "test_paths: expected a list of strings"),
        ("test_fail_on = 'severe'\n", "test_fail_on: 'severe' is not one of"),
        ("test_path = ['tests/']\n", "test_path: unknown key"),
    ],
)
def test_test_policy_keys_are_validated_strictly(text: str, message: str) -> None:
    with pytest.raises(ConfigError) as info:
        parse_config(text, ".aigate.toml")
    assert message in str(info.value)

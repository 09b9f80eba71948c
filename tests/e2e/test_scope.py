"""Scope follows the data (invariant 8): a change judged by what it does, not only where it is."""

from __future__ import annotations

from gitrepo import GitRepo
from test_hardening import cli
from test_scan import scan_json

BASE = """import shlex
import subprocess
import sys

HOST = "localhost"


def ping():
    host = HOST
    return subprocess.check_output("ping -c 1 " + host, shell=True)


def run():
    cmd = "ping " + sys.argv[1]
    return subprocess.check_output(
        cmd,
        shell=False,
    )


def lookup():
    host = sys.argv[1]
    host = shlex.quote(host)
    return subprocess.check_output("host " + host, shell=True)


def legacy():
    return eval(sys.argv[1])


def unrelated():
    y = 2
    return 1
"""


def change(repo: GitRepo, old: str, new: str) -> tuple[int, dict]:
    repo.commit("base", files={"app.py": BASE})
    repo.checkout("-b", "feature")
    repo.commit("the change", files={"app.py": BASE.replace(old, new, 1)})
    return scan_json(repo, "--base", "main")


def blocking(report: dict) -> list[dict]:
    return [f for f in report["findings"] if f["disposition"] == "blocking"]


def test_a_changed_source_above_an_unchanged_sink_is_judged(repo: GitRepo) -> None:
    code, report = change(repo, "    host = HOST\n", "    host = sys.argv[1]\n")
    assert code == 1, report
    [finding] = blocking(report)
    assert finding["rule_id"] == "semgrep/command-injection-tainted-shell"
    assert finding["start_line"] == 10  # the sink did not change; line 9 on its trace did
    assert "line 9 on its data-flow trace changed" in finding["reason"]


def test_a_changed_keyword_inside_a_multi_line_call_is_judged(repo: GitRepo) -> None:
    code, report = change(repo, "        shell=False,\n", "        shell=True,\n")
    assert code == 1, report
    # bandit's call-only B602 also blocks (shell of a non-literal, calibration); this test
    # is about the data-flow finding whose statement spans the changed line
    [finding] = [f for f in blocking(report) if f["rule_id"].startswith("semgrep/")]
    assert finding["rule_id"] == "semgrep/command-injection-tainted-shell"
    assert finding["start_line"] == 16  # `cmd,`; `shell=True` is on line 17
    assert "line 17 of the flagged statement changed" in finding["reason"]


def test_a_deleted_sanitiser_is_judged_in_a_deletion_only_change(repo: GitRepo) -> None:
    code, report = change(repo, "    host = shlex.quote(host)\n", "")
    assert code == 1, report
    [finding] = blocking(report)
    assert finding["rule_id"] == "semgrep/command-injection-tainted-shell"
    assert finding["start_line"] == 23
    assert "lines deleted after line 22" in finding["reason"]


def test_a_deletion_in_another_function_does_not_pull_findings_in(repo: GitRepo) -> None:
    code, report = change(repo, "    y = 2\n", "")
    assert code == 0, report
    [legacy] = [f for f in report["findings"] if f["start_line"] == 28]
    assert legacy["disposition"] == "out-of-scope"


ACCEPTED = """import subprocess

from flask import request


def legacy():
    return subprocess.call("ping " + request.args["host"], shell=True)
"""


def test_a_new_duplicate_of_a_baselined_line_never_takes_its_identity(repo: GitRepo) -> None:
    repo.commit("legacy", files={"legacy.py": ACCEPTED})
    made = cli(repo, "baseline")
    assert made.returncode == 0, made.stderr
    repo.commit("adopt aigate", files={".aigate.toml": 'baseline = ".aigate-baseline.json"\n'})
    repo.checkout("-b", "feature")
    duplicate = ACCEPTED.replace(
        "def legacy():",
        'def fresh():\n    return subprocess.call("ping " + request.args["host"], shell=True)'
        "\n\n\ndef legacy():",
    )
    repo.commit("a second copy above the accepted one", files={"legacy.py": duplicate})
    code, report = scan_json(repo, "--base", "main")
    assert code == 1, report["reasons"]
    by_line = {f["start_line"]: f["disposition"] for f in report["findings"]}
    assert by_line[7] == "blocking"  # the new copy
    assert by_line[11] in ("baselined", "out-of-scope")  # the accepted one keeps its identity
    assert [f for f in report["findings"] if f["start_line"] == 7][0]["fingerprint"] not in {
        f["fingerprint"] for f in report["findings"] if f["start_line"] == 11
    }

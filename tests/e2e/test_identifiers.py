"""Fullwidth identifiers: analyzers see the names Python runs, and the disguise is a finding."""

from __future__ import annotations

from gitrepo import GitRepo
from test_scan import scan_json

DISGUISED = """import subprocess


def run():
    x = \uff45\uff56\uff41\uff4c(input())
    return subprocess.check_output("ping " + input(), \uff53\uff48\uff45\uff4c\uff4c=True), x
"""


def test_fullwidth_eval_and_shell_are_judged_as_python_reads_them(repo: GitRepo) -> None:
    repo.commit("base", files={"app.py": "import subprocess\n"})
    repo.checkout("-b", "feature")
    repo.commit("disguised", files={"app.py": DISGUISED})
    code, report = scan_json(repo, "--base", "main")
    assert code == 1, report
    found = {(f["rule_id"], f["start_line"]): f for f in report["findings"]}
    # the real sinks, found because semgrep saw `eval` and `shell`
    sink = found[("semgrep/code-injection-tainted", 5)]
    assert sink["disposition"] == "blocking"
    assert (sink["start_column"], sink["end_column"]) == (14, 21)  # `input()` in the real file
    assert found[("semgrep/command-injection-tainted-shell", 6)]["disposition"] == "blocking"
    # and the disguise itself, on both lines
    for line in (5, 6):
        disguise = found[("aigate/disguised-identifier", line)]
        assert disguise["disposition"] == "blocking"
        assert 1007 in disguise["cwe"]

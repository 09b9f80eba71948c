"""Definition slicing (issue 12.2) with real semgrep: a change is judged the same whether
semgrep reads the whole file or only the definitions the change can reach, and a changed
helper puts its unchanged caller's finding in scope (the fail-closed data-flow rules)."""

from __future__ import annotations

from gitrepo import GitRepo
from test_hardening import ONLY_SEMGREP
from test_scan import scan_json

APP = """import subprocess

from flask import Flask, request

app = Flask(__name__)


def clean(value):
    return value.replace(";", "")


@app.route("/ping")
def ping():
    host = request.args.get("host")
    return subprocess.check_output("ping -c 1 " + host, shell=True)


@app.route("/dig")
def dig():
    host = request.args.get("host")
    return subprocess.check_output("dig " + host, shell=True)


@app.route("/trace")
def trace():
    host = "localhost"
    return subprocess.check_output("traceroute " + host, shell=True)
"""

HELPER = """import subprocess

from flask import Flask, request

app = Flask(__name__)


def target():
    return "localhost"


@app.route("/ping")
def ping():
    host = target()
    return subprocess.check_output("ping -c 1 " + host, shell=True)
"""


def _scan(repo: GitRepo, base: str, changed: str, config: str = ONLY_SEMGREP) -> dict:
    repo.commit("base", files={".aigate.toml": config, "app.py": base})
    repo.checkout("-b", "feature")
    repo.commit("the change", files={"app.py": changed})
    code, report = scan_json(repo, "--base", "main", "--no-cache")
    assert code in (0, 1), report
    return report


def _lines(report: dict, disposition: str) -> set[int]:
    return {
        f["start_line"]
        for f in report["findings"]
        if f["disposition"] == disposition and f["rule_id"].startswith("semgrep/")
    }


def test_a_slice_judges_the_change_as_whole_files_do_and_says_what_it_left_out(
    repo: GitRepo, tmp_path
) -> None:
    changed = APP.replace('"trace"', '"trace2"').replace(
        '    host = "localhost"\n', '    host = request.args.get("host")\n'
    )
    sliced = _scan(repo, APP, changed)
    whole_repo = GitRepo(tmp_path / "whole")
    whole = _scan(whole_repo, APP, changed, ONLY_SEMGREP + "[analyzers.semgrep]\nslice = false\n")
    sinks = [n for n, text in enumerate(APP.splitlines(), 1) if "check_output" in text]
    ping, dig, traceroute = sinks
    assert _lines(sliced, "blocking") == _lines(whole, "blocking") == {traceroute}
    # whole files also list the unchanged routes' findings, out of the change's scope
    assert {ping, dig} <= _lines(whole, "out-of-scope")
    assert not _lines(sliced, "out-of-scope") & {ping, dig}
    assert any("semgrep read the definitions the change touched" in n for n in sliced["notices"])
    assert not any("semgrep read the definitions" in n for n in whole["notices"])


def test_a_changed_helper_puts_its_unchanged_callers_sink_in_scope(repo: GitRepo) -> None:
    changed = HELPER.replace('    return "localhost"\n', '    return request.args.get("host")\n')
    report = _scan(repo, HELPER, changed)
    blocking = [f for f in report["findings"] if f["disposition"] == "blocking"]
    assert [f["start_line"] for f in blocking] == [15], report["findings"]
    assert "line 9 on its data-flow trace changed" in blocking[0]["reason"]


def test_a_caller_of_a_changed_helper_is_read_even_when_it_is_unchanged(repo: GitRepo) -> None:
    # the helper starts passing its argument to a shell: the unchanged route that hands it
    # request data is where the finding lands, so the slice must keep that route
    base = APP.replace(
        'def clean(value):\n    return value.replace(";", "")\n',
        "def shell(cmd):\n    return subprocess.check_output(cmd.split(), shell=False)\n",
    ).replace(
        '    return subprocess.check_output("dig " + host, shell=True)\n',
        '    return shell("dig " + host)\n',
    )
    changed = base.replace("(cmd.split(), shell=False)", "(cmd, shell=True)")
    call = base.splitlines().index('    return shell("dig " + host)') + 1
    report = _scan(repo, base, changed)
    assert call in _lines(report, "blocking"), report["findings"]


CLASS_APP = """import subprocess

from flask import request


class Tools:
    def ping(self):
        host = request.args.get("host")
        return subprocess.check_output("ping -c 1 " + host, shell=True)

    def dig(self):
        host = "localhost"
        return subprocess.check_output("dig " + host, shell=True)
"""


def test_a_changed_method_is_judged_alone_as_whole_files_judge_it(repo: GitRepo, tmp_path) -> None:
    changed = CLASS_APP.replace(
        '        host = "localhost"\n', '        host = request.args.get("host")\n'
    )
    sliced = _scan(repo, CLASS_APP, changed)
    whole_repo = GitRepo(tmp_path / "whole")
    whole = _scan(
        whole_repo, CLASS_APP, changed, ONLY_SEMGREP + "[analyzers.semgrep]\nslice = false\n"
    )
    ping, dig = [n for n, text in enumerate(CLASS_APP.splitlines(), 1) if "check_output" in text]
    assert _lines(sliced, "blocking") == _lines(whole, "blocking") == {dig}
    assert ping in _lines(whole, "out-of-scope") and ping not in _lines(sliced, "out-of-scope")

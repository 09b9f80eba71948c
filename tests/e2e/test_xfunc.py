"""Cross-function flows (issue 10.1): a source read in a helper, a sink reached in a wrapper.

Each project is a real git repository with several modules; the AI-written change adds code
that calls helpers of the project. The finding must be reported at the call site in the
changed code (the helper itself did not change), and a safe look-alike wrapper (quoting,
parameterising, validating) must stay quiet.
"""

from __future__ import annotations

import re

from gitrepo import GitRepo
from test_hardening import ONLY_SEMGREP
from test_scan import scan_json

AI = "\n\nCo-authored-by: Claude <noreply@anthropic.com>\n"

SHELL = """import shlex
import subprocess
import pathlib

pathlib.Path("IMPORTED-MARKER").write_text("the helper module ran")


def run_cmd(cmd):
    return subprocess.run(cmd, shell=True, capture_output=True, check=False)


def run_quoted(word):
    return subprocess.run("echo " + shlex.quote(word), shell=True, check=False)


def run_argv(args):
    return subprocess.run(args, check=False)
"""

DB = """class UserRepo:
    def __init__(self, conn):
        self.conn = conn

    def find(self, name):
        query = f"SELECT * FROM users WHERE name = '{name}'"
        return self.conn.execute(query).fetchall()

    def find_safe(self, name):
        return self.conn.execute("SELECT * FROM users WHERE name = ?", (name,)).fetchall()
"""

FILES = """import os

UPLOADS = "/srv/uploads"


def read_upload(name):
    with open(os.path.join(UPLOADS, name), encoding="utf-8") as handle:
        return handle.read()


def read_upload_safe(name):
    with open(os.path.join(UPLOADS, os.path.basename(name)), encoding="utf-8") as handle:
        return handle.read()
"""

NET = """import requests


def fetch(url):
    return requests.get(url, timeout=5).text


def fetch_status(item):
    return requests.get(f"https://api.example.com/items/{int(item)}", timeout=5).text
"""

STORE = """import json
import pickle


def load_blob(data):
    return pickle.loads(data)


def load_doc(data):
    return json.loads(data)
"""

PARAMS = """from flask import request


def get_name():
    return request.args["name"]


def get_mode():
    return "fast"
"""

WRAP = """from proj.shell import run_cmd


def deploy(target):
    return run_cmd("deploy " + target)
"""

HELPERS = {
    "proj/__init__.py": "",
    "proj/shell.py": SHELL,
    "proj/db.py": DB,
    "proj/files.py": FILES,
    "proj/net.py": NET,
    "proj/store.py": STORE,
    "proj/params.py": PARAMS,
    "proj/wrap.py": WRAP,
    ".aigate.toml": ONLY_SEMGREP,
}

VIEWS = """import os
import sqlite3

from flask import Flask, request

from proj import net, store
from proj.db import UserRepo
from proj.files import read_upload, read_upload_safe
from proj.params import get_mode, get_name
from proj.shell import run_argv, run_cmd, run_quoted
from proj.wrap import deploy

app = Flask(__name__)
CONN = sqlite3.connect(":memory:")


@app.route("/ping")
def ping():
    host = request.args["host"]
    return run_cmd("ping -c 1 " + host).stdout  # vuln 78


@app.route("/echo")
def echo():
    return str(run_quoted(request.args["word"]).returncode)


@app.route("/ls")
def listing():
    return str(run_argv(["ls", "--", request.args["dir"]]).returncode)


@app.route("/user")
def user():
    return str(UserRepo(CONN).find(request.args["name"]))  # vuln 89


@app.route("/user-safe")
def user_safe():
    return str(UserRepo(CONN).find_safe(request.args["name"]))


@app.route("/file")
def file():
    return read_upload(request.args["f"])  # vuln 22


@app.route("/file-safe")
def file_safe():
    return read_upload_safe(request.args["f"])


@app.route("/proxy")
def proxy():
    return net.fetch(request.args["url"])  # vuln 918


@app.route("/status")
def status():
    return net.fetch_status(request.args["item"])


@app.route("/restore", methods=["POST"])
def restore():
    return str(store.load_blob(request.get_data()))  # vuln 502


@app.route("/import", methods=["POST"])
def import_doc():
    return str(store.load_doc(request.get_data()))


@app.route("/greet")
def greet():
    os.system("echo " + get_name())  # vuln 78
    return "ok"


@app.route("/mode")
def mode():
    os.system("run --mode " + get_mode())
    return "ok"


@app.route("/deploy")
def do_deploy():
    return str(deploy(request.args["target"]))  # vuln 78
"""


def expected(text: str) -> set[tuple[int, int]]:
    """(line, CWE) of every ``# vuln <cwe>`` marker."""
    return {
        (number, int(m.group(1)))
        for number, line in enumerate(text.splitlines(), start=1)
        for m in [re.search(r"# vuln (\d+)$", line)]
        if m
    }


CLASSES = frozenset({78, 89, 22, 918, 502})
"""The weaknesses under test (a view returning a helper's output may also be an XSS warning)."""


def active(report: dict, path: str) -> set[tuple[int, int]]:
    return {
        (f["start_line"], cwe)
        for f in report["findings"]
        if f["path"] == path and f["disposition"] in ("blocking", "warning")
        for cwe in f["cwe"]
        if cwe in CLASSES
    }


def test_flows_through_helpers_are_caught_at_the_call_site_and_safe_helpers_pass(
    repo: GitRepo,
) -> None:
    repo.commit("helpers", files=HELPERS)
    repo.checkout("-b", "feature")
    repo.commit("Add the views" + AI, files={"proj/views.py": VIEWS})
    code, report = scan_json(repo, "--base", "main")
    assert code == 1, report["reasons"]
    assert active(report, "proj/views.py") == expected(VIEWS)
    assert not (repo.root / "IMPORTED-MARKER").exists()  # parsed, never imported
    for finding in report["findings"]:
        if finding["path"] == "proj/views.py":
            assert finding["rule_id"].startswith("semgrep/"), finding


SCOPED_BASE = """from proj.shell import run_cmd


def ping(request):
    host = "localhost"
    count = 1
    return run_cmd(f"ping -c {count} {host}")
"""


def test_a_changed_source_above_an_unchanged_helper_call_is_judged(repo: GitRepo) -> None:
    repo.commit("helpers", files={**HELPERS, "proj/ping.py": SCOPED_BASE})
    repo.checkout("-b", "feature")
    changed = SCOPED_BASE.replace('"localhost"', 'request.args["host"]')
    repo.commit("Ping any host" + AI, files={"proj/ping.py": changed})
    code, report = scan_json(repo, "--base", "main")
    assert code == 1, report["reasons"]
    [finding] = [f for f in report["findings"] if f["disposition"] == "blocking"]
    assert (finding["path"], finding["start_line"]) == ("proj/ping.py", 7)  # the unchanged call
    assert "line 5 on its data-flow trace changed" in finding["reason"]


CALLER = """from flask import request

from proj.runner import run


def handler():
    return run(request.args["cmd"])
"""

SAFE_RUNNER = """import subprocess


def run(word):
    return subprocess.run(["echo", "--", word], check=False)
"""

UNSAFE_RUNNER = """import subprocess


def run(word):
    return subprocess.run("echo " + word, shell=True, check=False)
"""


def test_the_result_cache_key_covers_what_the_helpers_do(repo: GitRepo) -> None:
    cache = str(repo.root.parent / "cache")
    repo.commit("config", files={".aigate.toml": ONLY_SEMGREP, "proj/__init__.py": ""})
    repo.checkout("-b", "safe")
    repo.commit("safe" + AI, files={"proj/caller.py": CALLER, "proj/runner.py": SAFE_RUNNER})
    code, report = scan_json(repo, "--base", "main", "--cache-dir", cache)
    assert code == 0, report["findings"]
    repo.checkout("main")
    repo.checkout("-b", "unsafe")
    # the caller's bytes are the same as on the safe branch: only the helper differs
    repo.commit("unsafe" + AI, files={"proj/caller.py": CALLER, "proj/runner.py": UNSAFE_RUNNER})
    code, report = scan_json(repo, "--base", "main", "--cache-dir", cache)
    assert code == 1, report["findings"]
    assert ("proj/caller.py", 7) in {
        (f["path"], f["start_line"]) for f in report["findings"] if f["disposition"] == "blocking"
    }


def test_summaries_off_scans_each_file_on_its_own(repo: GitRepo) -> None:
    off = ONLY_SEMGREP + "[analyzers.semgrep]\nsummaries = false\n"
    base = {"proj/__init__.py": "", "proj/runner.py": UNSAFE_RUNNER}
    repo.commit("helpers", files={**base, ".aigate.toml": ONLY_SEMGREP})
    repo.commit("config, summaries off", files={".aigate.toml": off})
    repo.checkout("-b", "feature")
    repo.commit("caller" + AI, files={"proj/caller.py": CALLER})
    code, report = scan_json(repo, "--base", "main")
    assert code == 0, report["findings"]  # the flow runs through runner.py: not followed
    repo.checkout("main")
    repo.commit("config, summaries on", files={".aigate.toml": ONLY_SEMGREP})
    repo.checkout("feature")
    repo.git("rebase", "-q", "main")
    code, report = scan_json(repo, "--base", "main")
    assert code == 1, report["findings"]


CONF = """import os


class Config(dict):
    def from_pyfile(self, filename):
        with open(filename, "rb") as handle:
            exec(compile(handle.read(), filename, "exec"), {})
        return True

    def from_envvar(self, variable_name):
        rv = os.environ.get(variable_name)
        return self.from_pyfile(rv)
"""

CONF_CALLER = """from flask import request

from proj.conf import Config


def load(cfg: Config):
    return cfg.from_envvar("APP_SETTINGS")


def load_chosen(cfg: Config):
    return cfg.from_envvar(request.args["which"])  # vuln 95
"""


def test_a_helper_both_source_and_sink_does_not_taint_its_own_literal_argument(
    repo: GitRepo,
) -> None:
    # flask's Config.from_envvar: it reads the environment (a source) and passes the value to
    # exec (its parameter reaches a sink); a call with a constant name passes no data in
    repo.commit("config", files={".aigate.toml": ONLY_SEMGREP, "proj/__init__.py": ""})
    repo.commit("helper", files={"proj/conf.py": CONF})
    repo.checkout("-b", "feature")
    repo.commit("caller" + AI, files={"proj/caller.py": CONF_CALLER})
    code, report = scan_json(repo, "--base", "main")
    assert code == 1, report["findings"]
    blocking = {
        f["start_line"]
        for f in report["findings"]
        if f["path"] == "proj/caller.py" and f["disposition"] == "blocking"
    }
    assert blocking == {line for line, _ in expected(CONF_CALLER)}


CODEGEN = """def compile_and_eval(script, globs):
    bytecode = compile(script, "<generated>", "exec")
    eval(bytecode, globs)
"""

CODEGEN_CALLERS = """from flask import request

from proj.codegen import compile_and_eval


def make_repr(names):
    lines = ["def __repr__(self):", "    return " + repr(", ".join(names))]
    compile_and_eval("\\n".join(lines), {})


def run_snippet():
    compile_and_eval(request.form["code"], {})  # vuln 95
"""


def test_a_helper_that_execs_its_argument_is_judged_there_not_at_every_caller(
    repo: GitRepo,
) -> None:
    # attrs generates methods this way: the exec of a parameter is the helper's finding (when
    # it changes); a caller passing its own argument on is not another one, request data is
    repo.commit("config", files={".aigate.toml": ONLY_SEMGREP, "proj/__init__.py": ""})
    repo.commit("helper", files={"proj/codegen.py": CODEGEN})
    repo.checkout("-b", "feature")
    repo.commit("callers" + AI, files={"proj/callers.py": CODEGEN_CALLERS})
    code, report = scan_json(repo, "--base", "main")
    assert code == 1, report["findings"]
    blocking = {
        f["start_line"]
        for f in report["findings"]
        if f["path"] == "proj/callers.py" and f["disposition"] == "blocking"
    }
    assert blocking == {line for line, _ in expected(CODEGEN_CALLERS)}


PEOPLE = """from flask import request


def search():
    return request.args["q"]
"""

NAMESAKE = """import re
import sqlite3

from proj import people
from proj.people import search

CONN = sqlite3.connect(":memory:")
WORD = re.compile(r"[a-z]+")


def by_module():
    return CONN.execute(f"SELECT * FROM users WHERE name = '{people.search()}'")  # vuln 89


def by_import():
    return CONN.execute(f"SELECT * FROM users WHERE name = '{search()}'")  # vuln 89


def namesake():
    return CONN.execute(f"SELECT * FROM users WHERE name = '{WORD.search('admin')[0]}'")
"""


def test_a_call_of_another_object_is_not_taken_for_a_project_function_of_that_name(
    repo: GitRepo,
) -> None:
    """``people.search()`` and an imported ``search()`` return request data; ``WORD.search``
    (a regex's method) is not the project's ``search`` and must not be a source."""
    repo.commit("helpers", files={"proj/__init__.py": "", "proj/people.py": PEOPLE})
    repo.checkout("-b", "feature")
    repo.commit("Add lookups" + AI, files={"proj/lookups.py": NAMESAKE})
    code, report = scan_json(repo, "--base", "main")
    assert code == 1, report["reasons"]
    blocking = {
        (f["start_line"], cwe)
        for f in report["findings"]
        if f["path"] == "proj/lookups.py" and f["disposition"] == "blocking"
        for cwe in f["cwe"]
    }
    assert blocking == expected(NAMESAKE), report["findings"]

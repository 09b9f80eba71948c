"""`aigate scan` end to end: real repos, real analyzers, real CLI process, schema-checked SARIF."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest
from gitrepo import GitRepo
from sarif_rules import assert_github_sarif, assert_valid_sarif

CLEAN_APP = '''"""Inventory service."""
import subprocess

from flask import Flask, request

app = Flask(__name__)


@app.get("/health")
def health():
    return "ok"
'''

VULNERABLE_ROUTES = """

@app.get("/ping")
def ping():
    host = request.args["host"]
    return subprocess.check_output("ping -c 1 " + host, shell=True)


@app.get("/lookup")
def lookup():
    import sqlite3
    name = request.args.get("name", "")
    db = sqlite3.connect("app.db")
    return str(db.execute(f"SELECT * FROM items WHERE name = '{name}'").fetchall())
"""

LEGACY_VULN = """import subprocess

from flask import request


def legacy():
    return subprocess.call("ping " + request.args["host"], shell=True)
"""


def aigate(
    repo: GitRepo, *args: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run the installed CLI as a user would, in the repo, as a separate process."""
    return subprocess.run(
        (sys.executable, "-m", "gate", "scan", *args),
        cwd=repo.root,
        env={**repo.env, **(env or {})},
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


def scan_json(repo: GitRepo, *args: str, env: dict[str, str] | None = None) -> tuple[int, dict]:
    out = repo.root.parent / "report.json"
    proc = aigate(repo, *args, "--format", "json", "--output", str(out), env=env)
    assert out.exists(), proc.stderr
    return proc.returncode, json.loads(out.read_text())


def active(report: dict) -> list[dict]:
    return [f for f in report["findings"] if f["disposition"] in ("blocking", "warning")]


@pytest.fixture
def pr(repo: GitRepo) -> GitRepo:
    """main: a clean app plus one legacy vulnerable file; feature: adds vulnerable routes."""
    repo.commit("base", files={"app.py": CLEAN_APP, "legacy.py": LEGACY_VULN})
    repo.checkout("-b", "feature")
    repo.commit("Add ping and lookup", files={"app.py": CLEAN_APP + VULNERABLE_ROUTES})
    return repo


def test_range_finds_new_issues_from_bandit_and_semgrep(pr: GitRepo) -> None:
    sarif = pr.root.parent / "out.sarif"
    code, report = scan_json(pr, "--base", "main", "--head", "feature", "--sarif", str(sarif))
    assert code == 1
    assert report["verdict"] == "fail"
    blocking = [f for f in report["findings"] if f["disposition"] == "blocking"]
    sources = {s.split("/")[0] for f in blocking for s in f["sources"]}
    assert {"bandit", "semgrep"} <= sources
    text = (CLEAN_APP + VULNERABLE_ROUTES).splitlines()
    shell_line = next(i for i, line in enumerate(text, 1) if "shell=True" in line)
    sql_line = next(i for i, line in enumerate(text, 1) if "SELECT" in line)
    assert {(f["path"], f["start_line"]) for f in blocking} >= {
        ("app.py", shell_line),
        ("app.py", sql_line),
    }
    assert {78, 89} <= {c for f in blocking for c in f["cwe"]}
    # the legacy file is not part of the change
    assert not [f for f in report["findings"] if f["path"] == "legacy.py"]
    doc = json.loads(sarif.read_text())
    assert_valid_sarif(doc)
    assert_github_sarif(doc)
    assert doc["runs"][0]["invocations"][0]["executionSuccessful"] is True
    uris = {
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        for r in doc["runs"][0]["results"]
    }
    assert uris == {"app.py"}


def test_preexisting_vulnerability_is_out_of_scope(repo: GitRepo) -> None:
    repo.commit("base", files={"legacy.py": LEGACY_VULN})
    repo.checkout("-b", "feature")
    repo.commit("docs", files={"legacy.py": LEGACY_VULN + '\n\nVERSION = "1.0"\n'})
    code, report = scan_json(repo, "--base", "main")
    assert code == 0, report["reasons"]
    assert report["verdict"] == "pass"
    dispositions = {(f["rule_id"], f["disposition"]) for f in report["findings"]}
    assert ("bandit/B602", "out-of-scope") in dispositions or any(
        d == "out-of-scope" for _, d in dispositions
    )
    # --all-lines judges the whole file
    code, report = scan_json(repo, "--base", "main", "--all-lines")
    assert code == 1


def test_staged_scans_the_index_not_unstaged_edits(repo: GitRepo) -> None:
    repo.commit("base", files={"app.py": CLEAN_APP})
    repo.write("app.py", CLEAN_APP + "\nVERSION = 2\n")
    repo.git("add", "app.py")
    repo.write("app.py", CLEAN_APP + "\nVERSION = 2\n" + VULNERABLE_ROUTES)
    code, report = scan_json(repo, "--staged")
    assert code == 0 and not active(report)
    repo.git("add", "app.py")
    code, report = scan_json(repo, "--staged")
    assert code == 1 and active(report)


def test_worktree_default_paths_and_all(repo: GitRepo) -> None:
    repo.commit("base", files={"app.py": CLEAN_APP, "legacy.py": LEGACY_VULN})
    code, report = scan_json(repo)
    assert code == 0 and report["findings"] == []
    repo.write("app.py", CLEAN_APP + VULNERABLE_ROUTES)
    code, report = scan_json(repo)
    assert code == 1 and {f["path"] for f in active(report)} == {"app.py"}
    code, report = scan_json(repo, "legacy.py")
    assert code == 1 and {f["path"] for f in active(report)} == {"legacy.py"}
    code, report = scan_json(repo, "--all")
    assert code == 1
    blocking = {f["path"] for f in report["findings"] if f["disposition"] == "blocking"}
    assert blocking == {"legacy.py"}  # HEAD, not the work tree


def test_ai_written_lines_use_the_stricter_threshold(repo: GitRepo) -> None:
    repo.commit("base", files={"app.py": CLEAN_APP})
    repo.write(
        "app.py",
        CLEAN_APP
        + "\n\ndef load(data):\n    import yaml\n    return yaml.load(data, Loader=yaml.Loader)\n",
    )
    code, report = scan_json(repo, "--fail-on", "low", "--human-fail-on", "never")
    assert code == 0 and active(report)
    code, report = scan_json(
        repo, "--fail-on", "low", "--human-fail-on", "never", env={"AIGATE_AI": "1"}
    )
    assert code == 1
    assert {f["provenance"] for f in active(report)} == {"ai-authored"}


def test_config_error_names_the_key(repo: GitRepo) -> None:
    repo.commit(
        "base",
        files={
            "app.py": CLEAN_APP,
            ".aigate.toml": 'fail_on = "medium"\n[analyzers.bandit]\ntimeuot = 3\n',
        },
    )
    repo.write("app.py", CLEAN_APP + VULNERABLE_ROUTES)
    sarif = repo.root.parent / "err.sarif"
    proc = aigate(repo, "--sarif", str(sarif))
    assert proc.returncode == 2
    assert ".aigate.toml: analyzers.bandit.timeuot: unknown key" in proc.stderr
    assert "Traceback" not in proc.stderr
    doc = json.loads(sarif.read_text())
    assert_valid_sarif(doc)
    assert doc["runs"][0]["invocations"][0]["executionSuccessful"] is False


def test_config_changed_in_the_range_does_not_apply(pr: GitRepo) -> None:
    pr.checkout("main")
    pr.commit("policy", files={".aigate.toml": 'human_fail_on = "high"\n'})
    pr.checkout("feature")
    pr.git("merge", "-q", "main", "-m", "sync")
    pr.commit(
        "weaken the gate", files={".aigate.toml": 'human_fail_on = "never"\nfail_on = "never"\n'}
    )
    code, report = scan_json(pr, "--base", "main")
    assert code == 1
    assert report["scan"]["config_source"].startswith(".aigate.toml at ")
    assert report["scan"]["gate_files_changed"] == [".aigate.toml"]
    # the same config applies when scanning the work tree (the user's own choice)
    code, report = scan_json(pr, "app.py")
    assert code == 0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--base", "no-such-ref"), "unknown base ref 'no-such-ref'"),
        (("--staged", "--all"), "cannot be combined"),
        (("--head", "HEAD"), "--head needs --base"),
    ],
)
def test_bad_input_is_a_one_line_error(pr: GitRepo, args: tuple[str, ...], message: str) -> None:
    proc = aigate(pr, *args)
    assert proc.returncode == 2
    assert message in proc.stderr
    assert "Traceback" not in proc.stderr


def test_not_a_git_repository(tmp_path: Path) -> None:
    proc = subprocess.run(
        (sys.executable, "-m", "gate", "scan"),
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 2
    assert "not a git repository" in proc.stderr


FAKES = {
    "crash": "import sys\nsys.stderr.write('Segmentation fault\\n')\nsys.exit(139)\n",
    "garbage": "print('<html>this is not json</html>')\n",
    "hang": "import time\ntime.sleep(120)\n",
}


@pytest.mark.parametrize("behaviour", sorted(FAKES))
def test_broken_analyzer_gives_error_and_failed_sarif(
    pr: GitRepo, tmp_path: Path, behaviour: str
) -> None:
    fake_dir = tmp_path / "fake-bin"
    fake_dir.mkdir()
    fake = fake_dir / "bandit"
    fake.write_text(f"#!{sys.executable}\n" + FAKES[behaviour])
    fake.chmod(0o755)
    if behaviour == "hang":
        pr.commit("short timeout", files={".aigate.toml": "[analyzers.bandit]\ntimeout = 2\n"})
        pr.git("branch", "-f", "main", "HEAD")
        pr.commit("more", files={"app.py": CLEAN_APP + VULNERABLE_ROUTES + "\nX = 1\n"})
    sarif = tmp_path / "broken.sarif"
    env = {"PATH": f"{fake_dir}{os.pathsep}{os.environ['PATH']}"}
    proc = aigate(pr, "--base", "main", "--sarif", str(sarif), env=env)
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert "bandit" in proc.stderr
    doc = json.loads(sarif.read_text())
    assert_valid_sarif(doc)
    invocation = doc["runs"][0]["invocations"][0]
    assert invocation["executionSuccessful"] is False
    notes = json.dumps(invocation.get("toolExecutionNotifications", []))
    assert "bandit" in notes


def test_missing_analyzer_executable(pr: GitRepo, tmp_path: Path) -> None:
    """With no semgrep on PATH nor beside the interpreter, the scan is an error, not a pass."""
    base_python = Path(sys.base_prefix) / "bin" / "python3"
    base_bin = base_python.parent
    if any((base_bin / tool).exists() for tool in ("bandit", "semgrep", "pylint")):
        pytest.skip(f"{base_bin} has analyzer executables")
    bare = tmp_path / "bare-bin"
    bare.mkdir()
    git_exe = subprocess.run(
        ("which", "git"), capture_output=True, text=True, check=True
    ).stdout.strip()
    (bare / "git").symlink_to(git_exe)
    purelib = sysconfig.get_paths()["purelib"]
    code = (
        f"import site, sys; site.addsitedir({purelib!r}); "
        "sys.argv = ['aigate', 'scan', '--base', 'main']; "
        "from gate.cli import run_main; run_main()"
    )
    proc = subprocess.run(
        (str(base_python), "-c", code),
        cwd=pr.root,
        env={**pr.env, "PATH": str(bare)},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert "not found" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_baseline_accepts_todays_findings_but_not_new_ones(repo: GitRepo) -> None:
    repo.commit("legacy", files={"legacy.py": LEGACY_VULN})
    proc = subprocess.run(
        (sys.executable, "-m", "gate", "baseline"),
        cwd=repo.root,
        env=repo.env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert "accepted finding" in proc.stdout
    repo.commit(
        "adopt aigate",
        files={".aigate.toml": 'baseline = ".aigate-baseline.json"\n'},
    )
    code, report = scan_json(repo, "--all")
    assert code == 0, report["reasons"]
    assert {f["disposition"] for f in report["findings"]} == {"baselined"}
    # the same rule again in the same file, moved down by a new line: only the new call blocks
    repo.write(
        "legacy.py",
        "import os\n"
        + LEGACY_VULN
        + '\n\ndef again():\n    return subprocess.call("dig " + request.args["q"], shell=True)\n',
    )
    code, report = scan_json(repo, "legacy.py")
    assert code == 1
    blocking = [f for f in report["findings"] if f["disposition"] == "blocking"]
    assert [f["start_line"] for f in blocking] == [12]
    assert "baselined" in {f["disposition"] for f in report["findings"]}

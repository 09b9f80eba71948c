"""The GitHub Action: linted offline, its script steps run for real against temp repos."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from gitrepo import GitRepo
from sarif_rules import assert_valid_sarif

ROOT = Path(__file__).resolve().parents[2]
ACTION = ROOT / "action.yml"
WORKFLOW = ROOT / "gate" / "templates" / "github-workflow.yml"
CLAUDE = "\n\nCo-authored-by: Claude <noreply@anthropic.com>\n"
CLEAN = "from flask import Flask\n\napp = Flask(__name__)\n"
VULN = (
    CLEAN
    + "\n\nimport subprocess\nfrom flask import request\n\n\n@app.get('/ping')\ndef ping():\n"
    + "    return subprocess.call('ping ' + request.args['host'], shell=True)\n"
)


def tool(name: str) -> str:
    found = shutil.which(name) or str(Path(sys.executable).parent / name)
    assert Path(found).exists(), f"{name} is part of the [test] extra"
    return found


@pytest.mark.parametrize(
    ("schema", "path"),
    [("vendor.github-actions", ACTION), ("vendor.github-workflows", WORKFLOW)],
)
def test_check_jsonschema(schema: str, path: Path) -> None:
    proc = subprocess.run(
        (tool("check-jsonschema"), "--builtin-schema", schema, str(path)),
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_zizmor_finds_nothing_of_medium_or_above() -> None:
    proc = subprocess.run(
        (tool("zizmor"), "--offline", "--config", str(ROOT / "tests/data/zizmor.yml"),
         "--format", "json", str(ACTION), str(WORKFLOW)),
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    findings = json.loads(proc.stdout)
    serious = [
        (f["ident"], f["desc"])
        for f in findings
        if f["determinations"]["severity"] in ("Medium", "High")
    ]
    assert serious == []


def test_no_expression_inside_any_run_script() -> None:
    steps = yaml.safe_load(ACTION.read_text())["runs"]["steps"]
    scripts = [s["run"] for s in steps if "run" in s]
    assert scripts and all("${{" not in script for script in scripts)
    assert all("shell" in s for s in steps if "run" in s)


class ActionRunner:
    """Runs the action's scan step as the runner would: bash, the step's env, GitHub's files."""

    def __init__(self, tmp: Path) -> None:
        self.tmp = tmp
        self.runner_temp = tmp / "runner-temp"
        venv_bin = self.runner_temp / "aigate-venv" / "bin"
        venv_bin.mkdir(parents=True)
        # the install step's venv, standing in for `pip install $GITHUB_ACTION_PATH`
        wrapper = venv_bin / "python"
        wrapper.write_text(f'#!/bin/sh\nexec "{sys.executable}" "$@"\n')
        wrapper.chmod(0o755)
        self.output = tmp / "github-output"
        self.summary = tmp / "step-summary.md"
        self.event = tmp / "event.json"

    def scan_step(self) -> tuple[str, dict[str, str]]:
        spec = yaml.safe_load(ACTION.read_text())
        step = next(s for s in spec["runs"]["steps"] if s.get("id") == "scan")
        return step["run"], step["env"]

    def run(
        self, repo: GitRepo, event_name: str, event: dict, inputs: dict[str, str] | None = None
    ) -> subprocess.CompletedProcess[str]:
        spec = yaml.safe_load(ACTION.read_text())
        values = {name: str(d.get("default", "")) for name, d in spec["inputs"].items()}
        values.update(inputs or {})
        script, step_env = self.scan_step()
        env = {**repo.env}
        for key, expression in step_env.items():
            if expression.startswith("${{ runner.temp }}"):
                env[key] = expression.replace("${{ runner.temp }}", str(self.runner_temp))
                continue
            name = expression.replace("${{ inputs.", "").replace(" }}", "")
            env[key] = values[name]
        self.event.write_text(json.dumps(event))
        env.update(
            RUNNER_TEMP=str(self.runner_temp),
            GITHUB_ACTION_PATH=str(ROOT),
            GITHUB_EVENT_NAME=event_name,
            GITHUB_EVENT_PATH=str(self.event),
            GITHUB_OUTPUT=str(self.output),
            GITHUB_STEP_SUMMARY=str(self.summary),
            GITHUB_WORKSPACE=str(repo.root),
            GITHUB_SERVER_URL="https://github.com",
            GITHUB_REPOSITORY="octo/app",
        )
        return subprocess.run(
            ("bash", "-e", "-c", script), cwd=repo.root, env=env, capture_output=True,
            text=True, timeout=600, check=False,
        )  # fmt: skip

    def outputs(self) -> dict[str, str]:
        lines = self.output.read_text().splitlines()
        return dict(line.split("=", 1) for line in lines)


def pr_event(base: str, head: str, title: str = "Add ping", ref: str = "feature") -> dict:
    return {
        "pull_request": {
            "title": title,
            "base": {"sha": base, "ref": "main"},
            "head": {"sha": head, "ref": ref},
        }
    }


@pytest.fixture
def action(tmp_path: Path) -> ActionRunner:
    return ActionRunner(tmp_path)


def test_pass_on_a_clean_change(repo: GitRepo, action: ActionRunner) -> None:
    base = repo.commit("base", files={"app.py": CLEAN})
    head = repo.commit("docs" + CLAUDE, files={"app.py": CLEAN + "\nVERSION = '1'\n"})
    proc = action.run(repo, "pull_request", pr_event(base, head))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert action.outputs() == {"verdict": "pass", "findings": "0", "sarif-file": "aigate.sarif"}
    assert "aigate: PASS" in action.summary.read_text()
    assert_valid_sarif(json.loads((repo.root / "aigate.sarif").read_text()))


def test_fail_on_a_vulnerable_ai_change(repo: GitRepo, action: ActionRunner) -> None:
    base = repo.commit("base", files={"app.py": CLEAN})
    head = repo.commit("Add ping" + CLAUDE, files={"app.py": VULN})
    proc = action.run(repo, "pull_request", pr_event(base, head), {"sarif-file": "out/g.sarif"})
    assert proc.returncode == 1, proc.stdout + proc.stderr
    outputs = action.outputs()
    assert outputs["verdict"] == "fail" and int(outputs["findings"]) >= 1
    assert "::error file=app.py,line=" in proc.stdout  # annotations on the changed line
    doc = json.loads((repo.root / "out/g.sarif").read_text())
    assert doc["runs"][0]["results"]
    summary = action.summary.read_text()
    assert "aigate: FAIL" in summary
    assert f"(https://github.com/octo/app/blob/{head}/app.py#L" in summary


def test_error_when_the_checkout_is_shallow(
    repo: GitRepo, action: ActionRunner, tmp_path: Path
) -> None:
    base = repo.commit("base", files={"app.py": CLEAN})
    repo.commit("one", files={"a.py": "A = 1\n"})
    head = repo.commit("Add ping" + CLAUDE, files={"app.py": VULN})
    clone = GitRepo.__new__(GitRepo)
    clone.root, clone.env = tmp_path / "shallow", repo.env
    subprocess.run(
        ("git", "clone", "-q", "--depth", "1", f"file://{repo.root}", str(clone.root)),
        env=repo.env, check=True, capture_output=True, timeout=120,
    )  # fmt: skip
    proc = action.run(clone, "pull_request", pr_event(base, head))
    assert proc.returncode == 2
    assert "fetch-depth: 0" in proc.stderr
    assert action.outputs()["verdict"] == "error"
    doc = json.loads((clone.root / "aigate.sarif").read_text())
    assert doc["runs"][0]["invocations"][0]["executionSuccessful"] is False


def test_push_event_and_bad_inputs(repo: GitRepo, action: ActionRunner) -> None:
    base = repo.commit("base", files={"app.py": CLEAN})
    head = repo.commit("Add ping" + CLAUDE, files={"app.py": VULN})
    assert action.run(repo, "push", {"before": base, "after": head}).returncode == 1
    new_branch = action.run(repo, "push", {"before": "0" * 40, "after": head})
    assert new_branch.returncode == 2 and "set the action's `base` input" in new_branch.stdout
    smuggled = action.run(
        repo, "pull_request", pr_event(base, head), {"extra-args": "--sarif=/tmp/x"}
    )
    assert smuggled.returncode == 2 and "not allowed" in smuggled.stdout


def test_injection_through_event_and_file_names_runs_nothing(
    repo: GitRepo, action: ActionRunner, tmp_path: Path
) -> None:
    canary = tmp_path / "PWNED"
    evil = f"$(touch {canary}) `touch {canary}` \"'; touch {canary}\n"
    base = repo.commit("base", files={"app.py": CLEAN})
    head = repo.commit(
        "Add ping" + CLAUDE,
        files={"app.py": VULN, f"$(touch {canary.name}).py": "X = 1\n", "a`touch b`.py": "Y = 2\n"},
    )
    event = pr_event(base, head, title=evil, ref=evil)
    proc = action.run(repo, "pull_request", event, {"extra-args": "", "scope": "all"})
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert not canary.exists()
    assert not list(tmp_path.rglob("PWNED")) and not list(repo.root.rglob("b"))
    report = json.loads((action.runner_temp / "aigate-report.json").read_text())
    assert report["verdict"] == "fail"


@pytest.mark.slow
def test_install_step_installs_aigate_from_the_lock(tmp_path: Path) -> None:
    """The Action's install step: requirements.lock with --require-hashes, then aigate alone."""
    spec = yaml.safe_load(ACTION.read_text())
    step = next(s for s in spec["runs"]["steps"] if s.get("name") == "Install aigate")
    env = {**os.environ, "RUNNER_TEMP": str(tmp_path), "GITHUB_ACTION_PATH": str(ROOT)}
    proc = subprocess.run(
        ("bash", "-e", "-c", step["run"]), env=env, capture_output=True, text=True,
        timeout=900, check=False,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr[-2000:]
    version = subprocess.run(
        (str(tmp_path / "aigate-venv/bin/aigate"), "--version"),
        capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert version.returncode == 0 and "aigate" in version.stdout
    assert "--require-hashes -r" in step["run"] and "--no-deps" in step["run"]
    demo = subprocess.run(
        (str(tmp_path / "aigate-venv/bin/aigate"), "demo"), cwd=tmp_path,
        capture_output=True, text=True, timeout=900, check=False,
    )  # fmt: skip
    # The demo exits 0 when the gate blocks its vulnerable change (verdict FAIL), as it should.
    assert demo.returncode == 0, demo.stdout[-3000:] + demo.stderr[-3000:]
    assert "verdict: FAIL" in demo.stdout and "the gate blocked" in demo.stdout

"""The Action keeps the analysis environments with actions/cache, keyed by the declarations."""

from __future__ import annotations

import json
import os
from pathlib import Path

import yaml
from gitrepo import GitRepo
from test_action import ACTION, CLAUDE, ActionRunner, pr_event

from gate.depsenv import (
    MARKER,
    environment_key,
    envs_directory,
    is_likely_typosquat,
    requirements_for,
)

RUNNER_TEMP = "${{ runner.temp }}"


def steps() -> dict[str, dict]:
    return {s["name"]: s for s in yaml.safe_load(ACTION.read_text())["runs"]["steps"]}


def test_the_cached_path_is_where_the_scan_keeps_its_environments(tmp_path: Path) -> None:
    by_name = steps()
    restore = by_name["Restore aigate's analysis environments"]
    save = by_name["Save aigate's analysis environments"]
    scan_env = by_name["Scan the change"]["env"]
    temp = str(tmp_path / "runner-temp")
    # what the scan step's environment makes the code use, not a copy of the string
    used = envs_directory({"XDG_CACHE_HOME": scan_env["XDG_CACHE_HOME"].replace(RUNNER_TEMP, temp)})
    for step in (restore, save):
        assert Path(step["with"]["path"].replace(RUNNER_TEMP, temp)) == used
    prefix = restore["with"]["restore-keys"].strip()
    assert restore["with"]["key"] == prefix and "inputs.python-version" in prefix
    assert save["with"]["key"] == prefix + "${{ steps.scan.outputs.deps-key }}"
    assert "steps.restore-envs.outputs.cache-matched-key" in save["if"]
    assert restore["id"] == "restore-envs"


def _fake_env(envs: Path, key: str) -> Path:
    """An environment as actions/cache restores it: complete, with an old marker."""
    site = envs / key / "site" / "tinyapi"
    site.mkdir(parents=True)
    (site / "__init__.py").write_text("def real_call(x: int) -> int:\n    return x\n")
    (site / "py.typed").write_text("")
    marker = envs / key / MARKER
    marker.write_text(json.dumps({"installed": ["tinyapi"], "missing": []}))
    os.utime(marker, (1_000_000, 1_000_000))
    return envs / key


def test_the_scan_uses_the_restored_environment_and_only_that_one_is_saved(
    repo: GitRepo, tmp_path: Path
) -> None:
    action = ActionRunner(tmp_path)
    requirements, refused, _ = requirements_for([("tinyapi", "")], is_likely_typosquat)
    assert requirements == ("tinyapi",) and not refused
    key = environment_key(requirements)
    xdg = action.runner_temp / "aigate-xdg-cache"
    envs = envs_directory({"XDG_CACHE_HOME": str(xdg)})
    restored, stale = _fake_env(envs, key), _fake_env(envs, "0" * 32)
    pyproject = '[project]\nname = "app"\nversion = "1"\ndependencies = ["tinyapi"]\n'
    base = repo.commit("base", files={"pyproject.toml": pyproject, "README.md": "app\n"})
    app = "import tinyapi\n\n\ndef use(x):\n    return tinyapi.real_call(x), tinyapi.made_up(x)\n"
    head = repo.commit("use tinyapi" + CLAUDE, files={"app.py": app})
    proc = action.run(repo, "pull_request", pr_event(base, head))
    assert proc.returncode == 1, proc.stdout + proc.stderr
    report = json.loads((action.runner_temp / "aigate-report.json").read_text())
    found = {(f["rule_id"], f["start_line"]) for f in report["findings"]}
    assert ("mypy/attr-defined", 5) in found  # read from the restored environment
    assert action.outputs()["deps-key"] == key  # the save step's key: the declarations hash
    assert restored.is_dir() and not stale.exists()  # the cache keeps what this scan used

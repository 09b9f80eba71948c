"""`aigate init --audit-workflow`: the sharded audit workflow, linted offline like action.yml."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from test_action import ROOT, tool

from gate.errors import GateError
from gate.init import AUDIT_WORKFLOW, audit_workflow


@pytest.fixture
def written(tmp_path: Path) -> Path:
    proc = subprocess.run(
        (sys.executable, "-m", "gate", "init", "--repo", str(tmp_path), "--audit-workflow",
         "--shards", "3"),
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert not (tmp_path / ".aigate.toml").exists()  # only the workflow
    return tmp_path / AUDIT_WORKFLOW


def test_the_workflow_has_n_shards_and_a_merge_job(written: Path) -> None:
    doc = yaml.safe_load(written.read_text())
    assert doc["jobs"]["shard"]["strategy"]["matrix"]["shard"] == [1, 2, 3]
    scan = [s["run"] for s in doc["jobs"]["shard"]["steps"] if "aigate scan" in s.get("run", "")]
    assert scan and '--shard "$SHARD/3"' in scan[0] and "${{" not in scan[0]
    merge = doc["jobs"]["merge"]
    assert merge["needs"] == "shard" and merge["if"] == "always()"
    assert any("aigate merge" in s.get("run", "") for s in merge["steps"])


def test_check_jsonschema_and_zizmor_accept_it(written: Path) -> None:
    proc = subprocess.run(
        (tool("check-jsonschema"), "--builtin-schema", "vendor.github-workflows", str(written)),
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stdout + proc.stderr
    proc = subprocess.run(
        (tool("zizmor"), "--offline", "--persona=auditor", "--config",
         str(ROOT / "tests/data/zizmor.yml"), "--format", "json", str(written)),
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert json.loads(proc.stdout) == [], proc.stdout


def test_shard_count_is_checked(tmp_path: Path) -> None:
    with pytest.raises(GateError, match="--shards 0"):
        audit_workflow(0)
    proc = subprocess.run(
        (sys.executable, "-m", "gate", "init", "--repo", str(tmp_path), "--audit-workflow"),
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert proc.returncode == 0 and "4 shards" in proc.stdout
    again = subprocess.run(
        (sys.executable, "-m", "gate", "init", "--repo", str(tmp_path), "--audit-workflow"),
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert again.returncode == 2 and "already exists" in again.stderr

"""Sharded full audits: `scan --all --shard K/N` and `aigate merge` give what one run gives."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from gitrepo import GitRepo
from sarif_rules import assert_valid_sarif
from test_scan import aigate, scan_json

from gate.shard import parse_shard, partition

FILES = {
    "app/__init__.py": "",
    "app/shell.py": "import subprocess\n\n\ndef run(c):\n    subprocess.call(c, shell=True)\n",
    "app/evals.py": "def calc(expr):\n    return eval(expr)\n",
    "app/crypto.py": "import hashlib\n\n\ndef h(x):\n    return hashlib.md5(x).hexdigest()\n",
    "app/clean.py": "def add(a, b):\n    return a + b\n",
    "tools/big.py": "import os\n\n\n"
    + "".join(f"def f{n}(p):\n    return os.path.join(p, '{n}')\n\n\n" for n in range(40)),
    "README.md": "# repo\n",
    ".aigate.toml": 'human_fail_on = "medium"\n',
}


def merged(repo: GitRepo, tmp: Path, count: int, *extra: str) -> subprocess.CompletedProcess[str]:
    paths = []
    for index in range(1, count + 1):
        out = tmp / f"shard-{index}.json"
        proc = aigate(repo, "--all", "--shard", f"{index}/{count}", "--json", str(out), "-q")
        assert proc.returncode in (0, 1), proc.stderr
        paths.append(str(out))
    return merge(repo, *paths, *extra)


def merge(repo: GitRepo, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        (sys.executable, "-m", "gate", "merge", *args),
        cwd=repo.root, env=repo.env, capture_output=True, text=True, timeout=600, check=False,
    )  # fmt: skip


@pytest.mark.parametrize("count", [2, 3])
def test_merged_shards_equal_one_unsharded_run(repo: GitRepo, tmp_path: Path, count: int) -> None:
    repo.commit("init", files=FILES)
    code, whole = scan_json(repo, "--all")
    assert whole["findings"] and code == 1
    out = tmp_path / "merged.json"
    sarif = tmp_path / "merged.sarif"
    proc = merged(repo, tmp_path, count, "--json", str(out), "--sarif", str(sarif), "-o", "-")
    assert proc.returncode == code, proc.stderr
    report = json.loads(out.read_text())
    assert report["findings"] == whole["findings"]
    assert (report["verdict"], report["reasons"]) == (whole["verdict"], whole["reasons"])
    assert report["counts"] == whole["counts"]
    assert report["lines"] == whole["lines"] and whole["lines"]["totals"]["human_lines"] > 0
    seconds = {a["name"]: sorted(a["file_seconds"]) for a in whole["analyzers"]}
    assert {a["name"]: sorted(a["file_seconds"]) for a in report["analyzers"]} == seconds
    assert seconds["bandit"] == sorted(f for f, text in FILES.items() if f.endswith(".py") and text)
    assert [(a["name"], a["status"], a["files"]) for a in report["analyzers"]] == [
        (a["name"], a["status"], a["files"]) for a in whole["analyzers"]
    ]
    doc = json.loads(sarif.read_text())
    assert_valid_sarif(doc)
    assert len(doc["runs"][0]["results"]) == len(whole["findings"])
    shards = [json.loads((tmp_path / f"shard-{k}.json").read_text()) for k in range(1, count + 1)]
    paths = [{f["path"] for f in s["findings"]} for s in shards]
    assert all(a.isdisjoint(b) for i, a in enumerate(paths) for b in paths[i + 1 :])


def test_merge_refuses_incomplete_or_mixed_sets(repo: GitRepo, tmp_path: Path) -> None:
    repo.commit("init", files=FILES)
    for k in (1, 2, 3):
        assert aigate(
            repo, "--all", "--shard", f"{k}/3", "--json", str(tmp_path / f"{k}.json")
        ).returncode in (0, 1)
    one, two, three = (str(tmp_path / f"{k}.json") for k in (1, 2, 3))
    proc = merge(repo, one, two)
    assert proc.returncode == 2 and "missing shard(s) 3/3" in proc.stderr
    proc = merge(repo, one, one, two, three)
    assert proc.returncode == 2 and "given twice" in proc.stderr
    repo.commit("later", files={"app/new.py": "X = 1\n"})
    later = tmp_path / "later.json"
    aigate(repo, "--all", "--shard", "3/3", "--json", str(later))
    proc = merge(repo, one, two, str(later))
    assert proc.returncode == 2 and "scan.base" in proc.stderr and "different audits" in proc.stderr
    repo.commit("config", files={".aigate.toml": 'human_fail_on = "high"\n'})
    other = tmp_path / "other.json"
    aigate(repo, "--all", "--shard", "3/3", "--json", str(other))
    proc = merge(repo, one, two, str(other))
    assert proc.returncode == 2 and "different audits" in proc.stderr
    whole = tmp_path / "whole.json"
    aigate(repo, "--all", "--json", str(whole))
    proc = merge(repo, str(whole))
    assert proc.returncode == 2 and "not a shard report" in proc.stderr
    (tmp_path / "bad.json").write_text("{not json", encoding="utf-8")
    proc = merge(repo, str(tmp_path / "bad.json"))
    assert proc.returncode == 2 and "bad.json" in proc.stderr and "Traceback" not in proc.stderr


def test_shard_needs_all_and_a_valid_k_of_n(repo: GitRepo) -> None:
    repo.commit("init", files=FILES)
    assert "--shard needs --all" in aigate(repo, "--shard", "1/2").stderr
    for bad in ("0/2", "3/2", "1", "a/b", "1/0"):
        proc = aigate(repo, "--all", "--shard", bad)
        assert proc.returncode == 2 and "--shard" in proc.stderr, bad


def test_the_partition_is_deterministic_complete_and_balanced() -> None:
    sizes = {f"f{n:03d}.py": (n * 7919) % 1000 + 1 for n in range(200)}
    parts = partition(sizes, 4)
    assert parts == partition(dict(reversed(list(sizes.items()))), 4)  # order-free
    assert sorted(p for part in parts for p in part) == sorted(sizes)  # each file once
    totals = [sum(sizes[p] for p in part) for part in parts]
    assert max(totals) - min(totals) <= max(sizes.values())
    assert partition({"a.py": 5}, 3) == [["a.py"], [], []]
    assert parse_shard("2/4") == (2, 4)

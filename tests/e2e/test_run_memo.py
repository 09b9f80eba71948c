"""The whole-run memo (gate/runmemo.py): an identical re-scan replays its reports; anything
that can change a report scans anew. Real repositories, real analyzers, the real CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from gitrepo import GitRepo
from test_scan import aigate

from gate import runmemo
from gate.model import ScanMode, ScanRequest

AI = "\n\nCo-authored-by: Claude <noreply@anthropic.com>\n"
FAST = "[analyzers.pylint]\nenabled = false\n[analyzers.mypy]\nenabled = false\n"
VULN = 'import subprocess\n\n\ndef run(x):\n    return subprocess.call("ls " + x, shell=True)\n'
FIXED = 'import subprocess\n\n\ndef run(x):\n    return subprocess.call(["ls", "--", x])\n'


def replayed(stderr: str) -> bool:
    return runmemo.NOTICE in stderr


def scan(repo: GitRepo, out: Path, *args: str) -> tuple[int, str, str]:
    """One scan writing JSON and SARIF under ``out``: exit code, stdout, stderr."""
    out.mkdir(parents=True, exist_ok=True)
    proc = aigate(repo, *args, "--json", str(out / "r.json"), "--sarif", str(out / "r.sarif"))
    return proc.returncode, proc.stdout, proc.stderr


@pytest.fixture
def pr(repo: GitRepo) -> GitRepo:
    repo.commit("init", files={".aigate.toml": FAST, "app.py": "X = 1\n"})
    repo.checkout("-b", "feature")
    repo.commit("Add run" + AI, files={"app.py": VULN})
    return repo


def test_an_identical_rescan_replays_its_reports_byte_for_byte(pr: GitRepo, tmp_path: Path) -> None:
    cache = str(tmp_path / "cache")
    first = scan(pr, tmp_path / "1", "--base", "main", "--cache-dir", cache)
    second = scan(pr, tmp_path / "2", "--base", "main", "--cache-dir", cache)
    assert first[0] == second[0] == 1
    assert not replayed(first[2]) and "bandit:" in first[2]
    assert replayed(second[2]) and "bandit:" not in second[2]  # no analyzer ran
    assert first[1] == second[1]  # the text report on stdout
    for name in ("r.json", "r.sarif"):
        assert (tmp_path / "1" / name).read_bytes() == (tmp_path / "2" / name).read_bytes()
    report = json.loads((tmp_path / "2" / "r.json").read_text())
    assert report["verdict"] == "fail" and report["findings"]


def test_a_new_commit_a_changed_setting_or_no_cache_scans_anew(pr: GitRepo, tmp_path: Path) -> None:
    cache = str(tmp_path / "cache")
    assert scan(pr, tmp_path / "1", "--base", "main", "--cache-dir", cache)[0] == 1
    # a setting that changes the verdict: a different slot
    code, _, err = scan(
        pr, tmp_path / "2", "--base", "main", "--cache-dir", cache, "--fail-on", "never"
    )
    assert (code, replayed(err)) == (0, False)
    code, _, err = scan(pr, tmp_path / "3", "--base", "main", "--no-cache")
    assert (code, replayed(err)) == (1, False)
    # the AI fixes its change: the head moved
    pr.commit("Fix run" + AI, files={"app.py": FIXED})
    code, _, err = scan(pr, tmp_path / "4", "--base", "main", "--cache-dir", cache)
    assert (code, replayed(err)) == (0, False)
    pr.commit("Back to the shell" + AI, files={"app.py": VULN})
    assert scan(pr, tmp_path / "5a", "--base", "main", "--cache-dir", cache)[0] == 1
    assert replayed(scan(pr, tmp_path / "5", "--base", "main", "--cache-dir", cache)[2])
    # the config at the base changed (the gate's own settings come from there)
    pr.checkout("main")
    pr.commit("never block", files={".aigate.toml": 'fail_on = "never"\n' + FAST})
    pr.checkout("feature")
    pr.git("rebase", "-q", "main")
    code, _, err = scan(pr, tmp_path / "6", "--base", "main", "--cache-dir", cache)
    assert (code, replayed(err)) == (0, False)


def test_the_staged_index_is_the_key_and_the_work_tree_is_never_replayed(
    repo: GitRepo, tmp_path: Path
) -> None:
    cache = str(tmp_path / "cache")
    repo.commit("init", files={".aigate.toml": FAST, "app.py": "X = 1\n"})
    repo.write("app.py", VULN)
    repo.add("app.py")
    assert scan(repo, tmp_path / "1", "--staged", "--assume-ai", "--cache-dir", cache)[0] == 1
    code, _, err = scan(repo, tmp_path / "2", "--staged", "--assume-ai", "--cache-dir", cache)
    assert (code, replayed(err)) == (1, True)
    repo.write("app.py", FIXED)  # not staged yet: the index is the same, so is the verdict
    code, _, err = scan(repo, tmp_path / "3", "--staged", "--assume-ai", "--cache-dir", cache)
    assert (code, replayed(err)) == (1, True)
    repo.add("app.py")
    code, _, err = scan(repo, tmp_path / "4", "--staged", "--assume-ai", "--cache-dir", cache)
    assert (code, replayed(err)) == (0, False)
    # a work-tree scan reads files git does not hold: never replayed
    repo.write("app.py", VULN)
    for out in ("5", "6"):
        code, _, err = scan(repo, tmp_path / out, "--assume-ai", "--cache-dir", cache)
        assert (code, replayed(err)) == (1, False)


def test_an_error_is_never_replayed(pr: GitRepo, tmp_path: Path) -> None:
    cache = str(tmp_path / "cache")
    pr.checkout("main")
    pr.commit("no time", files={".aigate.toml": FAST + "[analyzers.bandit]\ntimeout = 0.001\n"})
    pr.checkout("feature")
    pr.git("rebase", "-q", "main")
    for out in ("1", "2"):
        code, _, err = scan(pr, tmp_path / out, "--base", "main", "--cache-dir", cache)
        assert (code, replayed(err)) == (2, False)
        assert json.loads((tmp_path / out / "r.json").read_text())["verdict"] == "error"


def test_the_key_holds_tools_code_and_environment(
    pr: GitRepo, monkeypatch: pytest.MonkeyPatch
) -> None:
    request = ScanRequest(mode=ScanMode.RANGE, repo_root=pr.root, base="main")

    def key() -> str:
        memo = runmemo.RunMemo.open(request, {"x": 1}, None, False)
        assert memo is not None
        return memo.key

    first = key()
    assert key() == first
    monkeypatch.setenv("AIGATE_SOMETHING", "1")
    assert key() != first
    monkeypatch.delenv("AIGATE_SOMETHING")
    monkeypatch.setattr(runmemo, "tool_identity", lambda name: f"{name} upgraded")
    assert key() != first
    monkeypatch.undo()
    monkeypatch.setattr(runmemo, "code_identity", lambda: "another aigate")
    assert key() != first
    monkeypatch.undo()
    assert key() == first
    for other in (
        ScanRequest(mode=ScanMode.RANGE, repo_root=pr.root, base="no-such-ref"),
        ScanRequest(mode=ScanMode.RANGE, repo_root=pr.root, base="--output=x"),
        ScanRequest(mode=ScanMode.WORKTREE, repo_root=pr.root),
    ):
        assert runmemo.RunMemo.open(other, {}, None, False) is None
    assert runmemo.RunMemo.open(request, {}, None, True) is None  # --no-cache


def test_a_replay_that_cannot_write_an_output_is_an_error(pr: GitRepo, tmp_path: Path) -> None:
    cache = str(tmp_path / "cache")
    assert scan(pr, tmp_path / "1", "--base", "main", "--cache-dir", cache)[0] == 1
    blocked = tmp_path / "a-file"
    blocked.write_text("not a directory\n")
    # the same outputs asked for (so the same slot), one of them where no file can be written
    sarif = str(tmp_path / "2.sarif")
    argv = ("--base", "main", "--cache-dir", cache, "--json", str(blocked / "r.json"))
    proc = aigate(pr, *argv, "--sarif", sarif)
    assert "bandit:" not in proc.stderr  # replayed: no analyzer ran
    assert proc.returncode == 2, proc.stderr
    assert "aigate: error:" in proc.stderr and "Traceback" not in proc.stderr

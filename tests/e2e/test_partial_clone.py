"""A partial clone whose big binary blobs are absent: the gate never asks git for their content.

A mirror or a ``--filter=blob:limit`` clone lacks the blobs of big files; git fetches them from
the promisor remote on demand, and when that remote is gone, ``git diff`` of such a file fails.
aigate does not analyse a binary ``.mp4``, so it must not read it, and must still judge the
Python files of the same change.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from gitrepo import GitRepo

from gate.model import Disposition, Outcome, ScanMode, ScanRequest
from gate.pipeline import run

CHEAP = "[analyzers.semgrep]\nenabled = false\n[analyzers.pylint]\nenabled = false\n"
VULN = "import subprocess\nimport sys\n\nsubprocess.call(sys.argv[1], shell=True)\n"
"""bandit/B602 (high) on line 4."""


def _video(seed: int) -> bytes:
    """An incompressible 64 KiB "video": over the clone's blob size limit."""
    return b"\0\0\0\x18ftypmp42" + os.urandom(64 * 1024) + bytes([seed])


def _git(cwd: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ("git", *args), cwd=cwd, env=env, capture_output=True, text=True, check=False
    )


def test_missing_blobs_of_a_partial_clone_are_not_read(repo: GitRepo, tmp_path: Path) -> None:
    repo.commit(
        "base",
        files={
            ".aigate.toml": CHEAP,
            "app.py": "print('hi')\n",
            "demo.mp4": _video(1),
            "old.mp4": _video(2),
        },
    )
    repo.checkout("-b", "feature")
    repo.git("rm", "-q", "old.mp4")
    repo.commit("feature", files={"app.py": VULN, "demo.mp4": _video(3), "new.mp4": _video(4)})
    repo.git("config", "uploadpack.allowFilter", "true")
    clone = tmp_path / "clone"
    env = repo.env
    cloned = _git(
        tmp_path, env, "clone", "-q", "--no-checkout", "--filter=blob:limit=16k",
        f"file://{repo.root}", str(clone),
    )  # fmt: skip
    assert cloned.returncode == 0, cloned.stderr
    _git(clone, env, "remote", "set-url", "origin", str(tmp_path / "gone"))  # the mirror's source
    for branch in ("main", "feature"):
        _git(clone, env, "branch", "-f", branch, f"origin/{branch}")
    missing = _git(clone, env, "rev-list", "--objects", "--missing=print", "--all").stdout
    assert len([line for line in missing.splitlines() if line.startswith("?")]) == 4  # every video
    # the condition is real: git cannot show these files' content
    assert _git(clone, env, "diff", "main", "feature", "--", "demo.mp4").returncode != 0

    result = run(ScanRequest(ScanMode.RANGE, clone, base="main", head="feature"))

    assert result.verdict.outcome is Outcome.FAIL, result.verdict.reasons
    blocking = {
        (d.finding.rule_id, d.finding.location.path, d.finding.location.start_line)
        for d in result.verdict.decisions
        if d.disposition is Disposition.BLOCKING
    }
    assert ("bandit/B602", "app.py", 4) in blocking
    assert {s.path for s in result.changeset.skipped} == {"demo.mp4", "new.mp4"}
    assert not any(s.unjudged for s in result.changeset.skipped)

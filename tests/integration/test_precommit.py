"""The pre-commit hook for real: `pre-commit try-repo` installs aigate in its own environment."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from gitrepo import GitRepo

ROOT = Path(__file__).resolve().parents[2]
VULN = (
    "import subprocess\nfrom flask import request\n\n\ndef ping():\n"
    "    return subprocess.call('ping ' + request.args['host'], shell=True)\n"
)


def pre_commit() -> str:
    found = shutil.which("pre-commit") or str(Path(sys.executable).parent / "pre-commit")
    assert Path(found).exists(), "pre-commit is part of the [test] extra"
    return found


@pytest.fixture(scope="module")
def pre_commit_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One pre-commit cache for the module, so aigate is installed into it once."""
    return tmp_path_factory.mktemp("pre-commit-home")


def try_repo(repo: GitRepo, home: Path) -> subprocess.CompletedProcess[str]:
    env = {**repo.env, "PRE_COMMIT_HOME": str(home), "PATH": os.environ["PATH"]}
    return subprocess.run(
        (pre_commit(), "try-repo", str(ROOT), "aigate", "--verbose"),
        cwd=repo.root, env=env, capture_output=True, text=True, timeout=1200, check=False,
    )  # fmt: skip


@pytest.mark.slow
def test_hook_blocks_a_vulnerable_staged_change_and_passes_a_clean_one(
    repo: GitRepo, pre_commit_home: Path
) -> None:
    repo.commit("base", files={"app.py": "VERSION = '1'\n", "requirements.txt": "flask\n"})
    repo.write("app.py", "VERSION = '1'\n" + VULN)
    repo.git("add", "app.py")
    blocked = try_repo(repo, pre_commit_home)
    assert blocked.returncode != 0, blocked.stdout + blocked.stderr
    assert "semgrep/command-injection" in blocked.stdout
    assert "verdict: FAIL" in blocked.stdout

    repo.git("reset", "-q", "--hard")
    repo.write("app.py", "VERSION = '2'\n")
    repo.git("add", "app.py")
    passed = try_repo(repo, pre_commit_home)
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert "verdict: PASS" in passed.stdout

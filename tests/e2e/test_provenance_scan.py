"""Provenance through the real CLI: attribute's JSON, policy by provenance, shallow clones."""

from __future__ import annotations

import json
import subprocess
import sys

from gitrepo import GitRepo

CLAUDE_TRAILER = "\n\nCo-authored-by: Claude <noreply@anthropic.com>\n"
BASE = "import yaml\n\n\ndef settings(text):\n    return {}\n"
HUMAN_LOAD = "\n\ndef human_load(text):\n    return yaml.load(text, Loader=yaml.Loader)\n"
AI_LOAD = "\n\ndef ai_load(text):\n    return yaml.load(text, Loader=yaml.Loader)\n"


def cli(repo: GitRepo, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        (sys.executable, "-m", "gate", *args),
        cwd=repo.root,
        env=repo.env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


def branch_with_human_and_ai_commits(repo: GitRepo) -> tuple[str, str]:
    repo.commit("base", files={"conf.py": BASE})
    repo.checkout("-b", "feature")
    human = repo.commit("human adds a loader", files={"conf.py": BASE + HUMAN_LOAD})
    ai = repo.commit(
        "add another loader" + CLAUDE_TRAILER, files={"conf.py": BASE + HUMAN_LOAD + AI_LOAD}
    )
    return human, ai


def test_attribute_json_lists_commits_and_line_counts(repo: GitRepo) -> None:
    human, ai = branch_with_human_and_ai_commits(repo)
    proc = cli(repo, "attribute", "--base", "main", "--format", "json")
    assert proc.returncode == 0, proc.stderr
    doc = json.loads(proc.stdout)
    commits = {c["sha"]: c for c in doc["commits"]}
    assert set(commits) == {human, ai}
    assert commits[human]["ai"] is False and commits[human]["markers"] == []
    assert commits[ai]["ai"] is True and commits[ai]["markers"] == ["claude-code-coauthor"]
    (conf,) = doc["files"]
    assert conf["path"] == "conf.py"
    assert (conf["ai_lines"], conf["human_lines"]) == (4, 4)


def test_only_the_ai_written_copy_blocks(repo: GitRepo) -> None:
    branch_with_human_and_ai_commits(repo)
    out = repo.root.parent / "report.json"
    proc = cli(
        repo, "scan", "--base", "main", "--fail-on", "low", "--human-fail-on", "never",
        "--format", "json", "--output", str(out),
    )  # fmt: skip
    assert proc.returncode == 1, proc.stderr
    report = json.loads(out.read_text())
    text = (BASE + HUMAN_LOAD + AI_LOAD).splitlines()
    ai_line = next(i for i, line in enumerate(text, 1) if "def ai_load" in line) + 1
    human_line = next(i for i, line in enumerate(text, 1) if "def human_load" in line) + 1
    by_line = {f["start_line"]: f for f in report["findings"]}
    assert by_line[ai_line]["disposition"] == "blocking"
    assert by_line[ai_line]["provenance"] == "ai-assisted"
    assert by_line[human_line]["disposition"] == "warning"
    assert by_line[human_line]["provenance"] == "human"
    assert report["commits"] and any(c["ai"] for c in report["commits"])


def test_shallow_clone_is_an_error_with_the_fix(repo: GitRepo, tmp_path) -> None:
    branch_with_human_and_ai_commits(repo)
    repo.git("checkout", "-q", "main")
    repo.commit("main moves", files={"other.py": "x = 1\n"})
    clone = tmp_path / "shallow"
    subprocess.run(
        ("git", "clone", "-q", "--depth", "1", "--no-single-branch", f"file://{repo.root}",
         str(clone)),
        env=repo.env, check=True, capture_output=True, timeout=120,
    )  # fmt: skip
    proc = subprocess.run(
        (sys.executable, "-m", "gate", "scan", "--base", "origin/main", "--head",
         "origin/feature", "--sarif", str(tmp_path / "s.sarif")),
        cwd=clone, env=repo.env, capture_output=True, text=True, timeout=600, check=False,
    )  # fmt: skip
    assert proc.returncode == 2
    assert "fetch-depth: 0" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert (tmp_path / "s.sarif").exists()


SQUASH_MERGE = """Add streaming export (#4127)

* Add the exporter skeleton

Co-authored-by: Copilot <198982749+Copilot@users.noreply.github.com>

* Stream rows instead of loading them

Co-authored-by: Copilot <198982749+Copilot@users.noreply.github.com>

---------

Co-authored-by: octo-dev <41234+octo-dev@users.noreply.github.com>
"""


def test_a_squash_merge_with_copilot_coauthors_inside_is_ai_assisted(repo: GitRepo) -> None:
    repo.commit("base", files={"conf.py": BASE})
    repo.checkout("-b", "feature")
    squash = repo.commit(SQUASH_MERGE, files={"conf.py": BASE + AI_LOAD})
    proc = cli(repo, "attribute", "--base", "main", "--format", "json")
    assert proc.returncode == 0, proc.stderr
    doc = json.loads(proc.stdout)
    (commit,) = doc["commits"]
    assert (commit["sha"], commit["ai"], commit["markers"]) == (squash, True, ["copilot-coauthor"])
    (conf,) = doc["files"]
    assert (conf["ai_lines"], conf["human_lines"]) == (4, 0)

"""Range attribution on real git repositories: commit classification and per-line blame."""

from __future__ import annotations

import json
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
from gitrepo import HUMAN, GitRepo

from gate.collect.attribution import (
    attribute_lines,
    check_history,
    list_range_commits,
    read_commits,
)
from gate.collect.provenance import load_markers
from gate.errors import GitError
from gate.model import AICommit, Provenance
from gate.report.attribution import render_attribution_json, render_attribution_text

AUTHORED = Provenance.AI_AUTHORED
ASSISTED = Provenance.AI_ASSISTED
HUMAN_ = Provenance.HUMAN
UNKNOWN = Provenance.UNKNOWN

COPILOT = ("copilot-swe-agent[bot]", "198982749+Copilot@users.noreply.github.com")
CLAUDE = ("Claude", "noreply@anthropic.com")
CURSOR = ("Cursor Agent", "cursoragent@cursor.com")
AIDER_OLD = (HUMAN[0] + " (aider)", HUMAN[1])
DEPENDABOT = ("dependabot[bot]", "49699333+dependabot[bot]@users.noreply.github.com")
FOOTER = "🤖 Generated with [Claude Code](https://claude.com/claude-code)"

MAILMAP = f"""\
{HUMAN[0]} <{HUMAN[1]}> {COPILOT[0]} <{COPILOT[1]}>
{HUMAN[0]} <{HUMAN[1]}> <{CLAUDE[1]}>
{HUMAN[0]} <{HUMAN[1]}> <{CURSOR[1]}>
{HUMAN[0]} <{HUMAN[1]}> {AIDER_OLD[0]} <{AIDER_OLD[1]}>
"""


def lines(*items: str) -> str:
    return "".join(item + "\n" for item in items)


@dataclass(frozen=True)
class Scenario:
    """The branch `feature` of a repo whose every commit is one marker style."""

    repo: GitRepo
    base: str
    head: str
    shas: dict[str, str]


def build(repo: GitRepo) -> Scenario:
    """main: c0, then an AI commit after the branch point; feature: every style, a merge from
    main with an evil line, a rename, an AI line a human edited, and a .mailmap that maps every
    agent to the human."""
    shas: dict[str, str] = {}
    shas["c0"] = repo.commit(
        "Initial import",
        files={"app.py": lines("a1", "a2", "a3", "a4", "a5"), "old_name.py": lines("o1", "o2")},
    )
    repo.checkout("-b", "feature")
    shas["claude_coauthor"] = repo.commit(
        "Add the claude module\n\nCo-Authored-By: Claude <noreply@anthropic.com>",
        files={"claude.py": lines("c1", "c2", "c3")},
    )
    shas["copilot_author"] = repo.commit(
        "Add the copilot module", files={"copilot.py": lines("p1", "p2")}, author=COPILOT
    )
    shas["aider_name"] = repo.commit(
        "Add the old aider module", files={"aider_old.py": lines("d1", "d2")}, author=AIDER_OLD
    )
    shas["aider_coauthor"] = repo.commit(
        "Add the new aider module\n\nCo-authored-by: aider (gpt-4o) <aider@aider.chat>",
        files={"aider_new.py": lines("n1", "n2")},
    )
    shas["claude_footer"] = repo.commit(
        f"Add the footer module\n\nWith a body.\n\n{FOOTER}", files={"footer.py": lines("f1")}
    )
    shas["cursor_coauthor"] = repo.commit(
        "Add the cursor module\n\nCo-authored-by: Cursor <cursoragent@cursor.com>",
        files={"cursor.py": lines("u1", "u2")},
    )
    shas["human"] = repo.commit(
        "Tidy app", files={"app.py": lines("a1", "a2 human", "a3", "a4", "a5", "a6")}
    )
    shas["prose"] = repo.commit(
        "Fix the bug Claude found\n\nClaude fixed this in the parser; the cursor moved too.\n"
        "Generated with care, not with Codex.",
        files={"prose.py": lines("r1")},
    )
    shas["dependabot"] = repo.commit(
        "Bump requests from 2.31.0 to 2.32.0",
        files={"requirements.txt": lines("requests==2.32.0")},
        author=DEPENDABOT,
    )
    repo.checkout("main")
    shas["main_ai"] = repo.commit(
        "Add the main-only module", files={"main_only.py": lines("m1", "m2")}, author=COPILOT
    )
    repo.checkout("feature")
    repo.git("merge", "-q", "--no-ff", "--no-commit", "main")
    repo.write("merge_fix.py", lines("x1"))
    repo.add()
    repo.git("commit", "-q", "-m", "Merge main into feature")
    shas["merge"] = repo.head()
    repo.git("mv", "old_name.py", "new_name.py")
    shas["rename"] = repo.commit("Rename old_name to new_name")
    shas["ai_in_renamed"] = repo.commit(
        "Change o2", files={"new_name.py": lines("o1", "o2 ai")}, author=CLAUDE
    )
    shas["ai_edit"] = repo.commit(
        "Add edit module", files={"edit.py": lines("e1", "e2", "e3")}, author=CURSOR
    )
    shas["human_edit"] = repo.commit(
        "Fix e2 by hand", files={"edit.py": lines("e1", "e2 human", "e3")}
    )
    shas["mailmap"] = repo.commit(
        "Add a mailmap",
        files={".mailmap": MAILMAP, ".git-blame-ignore-revs": shas["ai_in_renamed"] + "\n"},
    )
    # The PR's files steer git on a developer machine configured like this: we must not care.
    repo.git("config", "log.mailmap", "true")
    repo.git("config", "blame.ignoreRevsFile", ".git-blame-ignore-revs")
    return Scenario(repo, base=repo.git("rev-parse", "main").strip(), head=repo.head(), shas=shas)


@pytest.fixture(scope="module")
def scenario(tmp_path_factory: pytest.TempPathFactory) -> Scenario:
    return build(GitRepo(tmp_path_factory.mktemp("attribution") / "repo"))


EXPECTED_COMMITS = [
    ("claude_coauthor", ASSISTED, ("claude-code-coauthor",)),
    ("copilot_author", AUTHORED, ("copilot-agent-author-name", "copilot-agent-author-email")),
    ("aider_name", AUTHORED, ("aider-author-name",)),
    ("aider_coauthor", ASSISTED, ("aider-coauthor",)),
    ("claude_footer", ASSISTED, ("claude-code-footer",)),
    ("cursor_coauthor", ASSISTED, ("cursor-coauthor",)),
    ("human", HUMAN_, ()),
    ("prose", HUMAN_, ()),
    ("dependabot", HUMAN_, ()),
    ("rename", HUMAN_, ()),
    ("ai_in_renamed", AUTHORED, ("claude-author-email",)),
    ("ai_edit", AUTHORED, ("cursor-agent-author-email",)),
    ("human_edit", HUMAN_, ()),
    ("mailmap", HUMAN_, ()),
]

# Added lines of the change (merge-base(main, feature)..feature) plus two older lines.
FILES = {
    "claude.py": frozenset({1, 2, 3}),
    "copilot.py": frozenset({1, 2}),
    "aider_old.py": frozenset({1, 2}),
    "aider_new.py": frozenset({1, 2}),
    "footer.py": frozenset({1}),
    "cursor.py": frozenset({1, 2}),
    "app.py": frozenset({1, 2, 6}),
    "prose.py": frozenset({1}),
    "requirements.txt": frozenset({1}),
    "main_only.py": frozenset({1}),
    "merge_fix.py": frozenset({1}),
    "new_name.py": frozenset({1, 2}),
    "edit.py": frozenset({1, 2, 3}),
    ".mailmap": frozenset({1, 2, 3, 4}),
}

EXPECTED_LINES = {
    "claude.py": ((1, ASSISTED), (2, ASSISTED), (3, ASSISTED)),
    "copilot.py": ((1, AUTHORED), (2, AUTHORED)),
    "aider_old.py": ((1, AUTHORED), (2, AUTHORED)),
    "aider_new.py": ((1, ASSISTED), (2, ASSISTED)),
    "footer.py": ((1, ASSISTED),),
    "cursor.py": ((1, ASSISTED), (2, ASSISTED)),
    "app.py": ((1, UNKNOWN), (2, HUMAN_), (6, HUMAN_)),  # line 1 predates the range
    "prose.py": ((1, HUMAN_),),
    "requirements.txt": ((1, HUMAN_),),
    "main_only.py": ((1, UNKNOWN),),  # from main (the base): not the change's
    "merge_fix.py": ((1, UNKNOWN),),  # written in the merge commit itself
    "new_name.py": ((1, UNKNOWN), (2, AUTHORED)),  # blame follows the rename
    "edit.py": ((1, AUTHORED), (2, HUMAN_), (3, AUTHORED)),  # AI line, then a human edit
    ".mailmap": ((1, HUMAN_), (2, HUMAN_), (3, HUMAN_), (4, HUMAN_)),
}


def test_commits_are_classified_exactly(scenario: Scenario) -> None:
    commits = list_range_commits(scenario.repo.root, "main", "feature", load_markers())
    got = [(c.sha, c.provenance, c.markers) for c in commits]
    want = [(scenario.shas[name], prov, markers) for name, prov, markers in EXPECTED_COMMITS]
    assert got == want
    listed = {c.sha for c in commits}
    assert scenario.shas["main_ai"] not in listed
    assert scenario.shas["merge"] not in listed
    assert commits[0].subject == "Add the claude module"


def test_lines_are_attributed_exactly(scenario: Scenario) -> None:
    commits = list_range_commits(scenario.repo.root, scenario.base, scenario.head, load_markers())
    table = {c.sha: c for c in commits}
    got = attribute_lines(scenario.repo.root, scenario.base, scenario.head, FILES, table)
    assert got == EXPECTED_LINES


def test_mailmap_and_blame_ignore_revs_of_the_branch_change_nothing(scenario: Scenario) -> None:
    repo = scenario.repo
    # The .mailmap is live: git itself now shows the agents as the human ...
    mapped = repo.git("log", "-1", "--format=%aN <%aE>", scenario.shas["copilot_author"]).strip()
    assert mapped == f"{HUMAN[0]} <{HUMAN[1]}>"
    porcelain = repo.git("blame", "--porcelain", "feature", "--", "copilot.py")
    assert f"author {HUMAN[0]}" in porcelain
    # ... and the ignore-revs file hides the AI commit from a plain blame ...
    plain = repo.git("blame", "--porcelain", "main..feature", "--", "new_name.py")
    assert scenario.shas["ai_in_renamed"] not in plain
    # ... but the raw identities and our blame still see the agents.
    metas = {m.sha: m for m in read_commits(repo.root, scenario.base, scenario.head)}
    assert metas[scenario.shas["copilot_author"]].author_name == COPILOT[0]
    assert metas[scenario.shas["aider_name"]].author_name == AIDER_OLD[0]
    commits = list_range_commits(repo.root, scenario.base, scenario.head, load_markers())
    table = {c.sha: c for c in commits}
    got = attribute_lines(repo.root, scenario.base, scenario.head, FILES, table)
    assert got["new_name.py"] == EXPECTED_LINES["new_name.py"]
    assert got["copilot.py"] == EXPECTED_LINES["copilot.py"]


def test_reports(scenario: Scenario) -> None:
    commits = list_range_commits(scenario.repo.root, scenario.base, scenario.head, load_markers())
    files = attribute_lines(
        scenario.repo.root, scenario.base, scenario.head, FILES, {c.sha: c for c in commits}
    )
    document = json.loads(render_attribution_json(commits, files))
    assert document["totals"] == {
        "commits": 14,
        "ai_commits": 8,
        "ai_lines": 15,
        "ai_authored_lines": 7,
        "ai_assisted_lines": 8,
        "human_lines": 9,
        "unknown_lines": 4,
    }
    assert [c["sha"] for c in document["commits"]] == [c.sha for c in commits]
    assert document["commits"][1] == {
        "sha": scenario.shas["copilot_author"],
        "ai": True,
        "provenance": "ai-authored",
        "markers": ["copilot-agent-author-name", "copilot-agent-author-email"],
        "subject": "Add the copilot module",
    }
    edit = next(f for f in document["files"] if f["path"] == "edit.py")
    assert edit == {
        "path": "edit.py",
        "ai_lines": 2,
        "ai_authored_lines": 2,
        "ai_assisted_lines": 0,
        "human_lines": 1,
        "unknown_lines": 0,
    }
    assert [f["path"] for f in document["files"]] == sorted(FILES)
    text = render_attribution_text(commits, files)
    assert "Commits: 14, 8 by or with an AI" in text
    assert "15 AI lines (7 authored, 8 assisted), 9 human, 4 unknown" in text
    assert "markers: copilot-agent-author-name, copilot-agent-author-email" in text


def test_odd_file_names_are_data(repo: GitRepo) -> None:
    repo.commit("Initial", files={"README": "x\n"})
    repo.checkout("-b", "feature")
    repo.commit("Add odd files", files={"-rf.py": "a\n", "sp ace é.py": "b\n"}, author=COPILOT)
    commits = list_range_commits(repo.root, "main", "feature", load_markers())
    table = {c.sha: c for c in commits}
    files = {"-rf.py": frozenset({1}), "sp ace é.py": frozenset({1})}
    got = attribute_lines(repo.root, "main", "feature", files, table)
    assert got == {"-rf.py": ((1, AUTHORED),), "sp ace é.py": ((1, AUTHORED),)}


def test_an_empty_range(repo: GitRepo) -> None:
    repo.commit("Initial", files={"README": "x\n"})
    assert list_range_commits(repo.root, "HEAD", "HEAD", load_markers()) == ()


@pytest.mark.parametrize("bad", ["--output=/tmp/aigate-pwned", "-n1", "no-such-branch", ""])
def test_bad_revisions_are_git_errors(repo: GitRepo, bad: str) -> None:
    repo.commit("Initial", files={"README": "x\n"})
    with pytest.raises(GitError):
        list_range_commits(repo.root, bad, "HEAD", load_markers())
    with pytest.raises(GitError):
        attribute_lines(repo.root, "HEAD", bad, {"README": frozenset({1})}, {})
    assert not Path("/tmp/aigate-pwned").exists()


def test_a_missing_path_is_a_git_error(repo: GitRepo) -> None:
    repo.commit("Initial", files={"README": "x\n"})
    with pytest.raises(GitError, match="git blame failed"):
        attribute_lines(repo.root, "HEAD", "HEAD", {"nope.py": frozenset({1})}, {})


def test_not_a_repository(tmp_path: Path) -> None:
    with pytest.raises(GitError):
        check_history(tmp_path, "main", "HEAD")


def _clone(source: GitRepo, target: Path, *args: str) -> Path:
    subprocess.run(
        ("git", "clone", "-q", *args, f"file://{source.root}", str(target)),
        env=source.env,
        check=True,
        capture_output=True,
    )
    return target


def _branchy(repo: GitRepo) -> None:
    repo.commit("Initial", files={"a.py": "1\n"})
    repo.commit("Second", files={"a.py": "1\n2\n"})
    repo.checkout("-b", "feature")
    repo.commit("AI", files={"b.py": "b\n"}, author=COPILOT)
    repo.commit("Human", files={"b.py": "b\nc\n"})
    repo.checkout("main")
    repo.commit("Main moves on", files={"c.py": "c\n"})


def test_shallow_clone_without_the_merge_base(repo: GitRepo, tmp_path: Path) -> None:
    _branchy(repo)
    clone = _clone(repo, tmp_path / "clone", "--depth", "1", "--no-single-branch")
    for call in (
        lambda: check_history(clone, "origin/main", "origin/feature"),
        lambda: list_range_commits(clone, "origin/main", "origin/feature", load_markers()),
    ):
        with pytest.raises(GitError) as caught:
            call()
        assert "shallow clone" in str(caught.value)
        assert "fetch-depth: 0" in str(caught.value)
        assert "git fetch --unshallow" in str(caught.value)


def test_shallow_clone_without_the_base(repo: GitRepo, tmp_path: Path) -> None:
    _branchy(repo)
    clone = _clone(repo, tmp_path / "clone", "--depth", "1", "--branch", "feature")
    with pytest.raises(GitError) as caught:
        check_history(clone, "origin/main", "HEAD")
    assert "unknown base 'origin/main'" in str(caught.value)
    assert "fetch-depth: 0" in str(caught.value)


def test_deep_enough_clone_works(repo: GitRepo, tmp_path: Path) -> None:
    _branchy(repo)
    clone = _clone(repo, tmp_path / "clone", "--depth", "3", "--no-single-branch")
    shallow = subprocess.run(
        ("git", "rev-parse", "--is-shallow-repository"), cwd=clone, capture_output=True, text=True
    )
    assert shallow.stdout.strip() == "true"
    commits = list_range_commits(clone, "origin/main", "origin/feature", load_markers())
    assert [c.provenance for c in commits] == [AUTHORED, HUMAN_]


def test_full_clone_passes(repo: GitRepo, tmp_path: Path) -> None:
    _branchy(repo)
    clone = _clone(repo, tmp_path / "clone", "--no-single-branch")
    base, head = check_history(clone, "origin/main", "origin/feature")
    assert len(base) == len(head) == 40


def test_unrelated_histories(repo: GitRepo) -> None:
    repo.commit("Initial", files={"a.py": "1\n"})
    repo.git("checkout", "-q", "--orphan", "other")
    repo.commit("Other root", files={"b.py": "1\n"})
    with pytest.raises(GitError, match="no common history"):
        check_history(repo.root, "main", "other")


def test_commit_table_lookup_is_by_full_sha(scenario: Scenario) -> None:
    # A table that lacks a commit leaves its lines UNKNOWN (never guessed).
    commits = list_range_commits(scenario.repo.root, scenario.base, scenario.head, load_markers())
    partial: dict[str, AICommit] = {
        c.sha: c for c in commits if c.sha != scenario.shas["copilot_author"]
    }
    got = attribute_lines(
        scenario.repo.root,
        scenario.base,
        scenario.head,
        {"copilot.py": FILES["copilot.py"]},
        partial,
    )
    assert got == {"copilot.py": ((1, UNKNOWN), (2, UNKNOWN))}


def test_shallow_clone_that_cuts_a_merged_side_branch(repo: GitRepo, tmp_path: Path) -> None:
    # The merge-base is present, but the side branch merged into feature is cut short.
    repo.commit("Initial", files={"a.py": "1\n"})
    repo.checkout("-b", "side")
    for i in range(5):
        repo.commit(f"Side {i}", files={"side.py": f"{i}\n"}, author=COPILOT)
    repo.checkout("main")
    repo.checkout("-b", "feature")
    repo.commit("Feature", files={"f.py": "f\n"})
    repo.merge("side")
    repo.checkout("main")
    repo.commit("Main moves on", files={"c.py": "c\n"})
    clone = _clone(repo, tmp_path / "clone", "--depth", "3", "--no-single-branch")
    with pytest.raises(GitError, match=r"cut short; .*fetch-depth: 0"):
        check_history(clone, "origin/main", "origin/feature")
    full = _clone(repo, tmp_path / "full", "--no-single-branch")
    commits = list_range_commits(full, "origin/main", "origin/feature", load_markers())
    assert [c.provenance for c in commits].count(AUTHORED) == 5

"""The collector on real repositories: every scan mode, renames, skipped files, bad refs."""

from __future__ import annotations

import pytest
from gitrepo import GitRepo

from gate.collect import git as g
from gate.collect.changeset import CollectOptions, collect_changes, resolve_revisions
from gate.errors import GateError, GitError
from gate.model import FileStatus, ScanMode, ScanRequest


def collect(repo: GitRepo, mode: ScanMode, options: CollectOptions | None = None, **kw):
    handle = g.open_repo(repo.root)
    request = ScanRequest(mode, repo.root, **kw)
    revs = resolve_revisions(handle, request)
    return collect_changes(handle, request, revs, options or CollectOptions())


def by_path(changeset):
    return {f.path: f for f in changeset.files}


@pytest.fixture
def feature(repo: GitRepo) -> GitRepo:
    repo.commit("base", files={"a.py": "x = 1\ny = 2\n", "old.py": "a = 1\nb = 2\nc = 3\nd = 4\n"})
    repo.checkout("-b", "feature")
    repo.git("mv", "old.py", "new.py")
    repo.commit(
        "feature",
        files={
            "a.py": "x = 1\ny = 3\nz = 4\n",
            "b.py": "import os\n",
            "logo.png": b"\x89PNG\0\0\0binary",
            "latin.py": "name = 'caf\xe9'\n".encode("latin-1"),
            "new.py": "a = 1\nb = 2\nc = 3\nd = 5\n",
        },
    )
    return repo


def test_range_reads_head_objects_and_added_lines(feature: GitRepo) -> None:
    feature.write("a.py", "work tree edits must not be scanned\n")
    changes = collect(feature, ScanMode.RANGE, base="main", head="feature")
    files = by_path(changes)
    assert sorted(files) == ["a.py", "b.py", "new.py"]
    assert files["a.py"].added_lines == {2, 3}
    assert files["a.py"].content == b"x = 1\ny = 3\nz = 4\n"
    assert files["new.py"].status is FileStatus.RENAMED
    assert files["new.py"].old_path == "old.py"
    assert files["new.py"].added_lines == {4}
    assert files["b.py"].status is FileStatus.ADDED
    skipped = {s.path: s for s in changes.skipped}
    assert skipped["logo.png"].reason == "binary format by name: not read"
    assert not skipped["logo.png"].unjudged
    # no coding declaration: Python reads it as UTF-8 and refuses the latin-1 byte
    assert "latin.py" not in files
    assert skipped["latin.py"].unjudged


def test_range_uses_merge_base_not_base_tip(feature: GitRepo) -> None:
    feature.checkout("main")
    feature.commit("main moves on", files={"main_only.py": "import pickle\n"})
    changes = collect(feature, ScanMode.RANGE, base="main", head="feature")
    assert "main_only.py" not in by_path(changes)


def test_deleted_files_are_not_scanned(feature: GitRepo) -> None:
    feature.git("rm", "-q", "b.py")
    feature.commit("drop b")
    changes = collect(feature, ScanMode.RANGE, base="main", head="feature")
    assert "b.py" not in by_path(changes)


def test_staged_sees_index_not_unstaged_edits(repo: GitRepo) -> None:
    repo.commit("base", files={"a.py": "x = 1\n"})
    repo.write("a.py", "x = 1\nstaged = True\n")
    repo.git("add", "a.py")
    repo.write("a.py", "x = 1\nstaged = True\nunstaged = True\n")
    files = by_path(collect(repo, ScanMode.STAGED))
    assert files["a.py"].content == b"x = 1\nstaged = True\n"
    assert files["a.py"].added_lines == {2}


def test_staged_in_a_repository_without_commits(repo: GitRepo) -> None:
    repo.write("first.py", "print('hi')\n")
    repo.git("add", "first.py")
    assert by_path(collect(repo, ScanMode.STAGED))["first.py"].added_lines == {1}


def test_worktree_includes_unstaged_and_untracked(repo: GitRepo) -> None:
    repo.commit("base", files={"a.py": "x = 1\n", ".gitignore": "ignored.py\n"})
    repo.write("a.py", "x = 2\n")
    repo.write("fresh.py", "y = 1\nz = 2\n")
    repo.write("ignored.py", "secret = 1\n")
    files = by_path(collect(repo, ScanMode.WORKTREE))
    assert files["a.py"].added_lines == {1}
    assert files["fresh.py"].added_lines == {1, 2}
    assert "ignored.py" not in files


def test_paths_scan_whole_files_and_directories(repo: GitRepo) -> None:
    repo.commit(
        "base", files={"pkg/a.py": "a = 1\nb = 2\n", "pkg/notes.txt": "x\n", "c.py": "c = 1\n"}
    )
    files = by_path(collect(repo, ScanMode.PATHS, paths=(str(repo.root / "pkg"),)))
    assert sorted(files) == ["pkg/a.py"]
    assert files["pkg/a.py"].added_lines == {1, 2}


def test_paths_outside_repo_is_an_error(repo: GitRepo, tmp_path) -> None:
    repo.commit("base", files={"a.py": "a = 1\n"})
    outside = tmp_path / "elsewhere.py"
    outside.write_text("x = 1\n")
    with pytest.raises(GateError, match="outside the repository"):
        collect(repo, ScanMode.PATHS, paths=(str(outside),))


def test_all_lists_every_python_file_of_head(repo: GitRepo) -> None:
    repo.commit("base", files={"a.py": "a = 1\n", "sub/b.py": "b = 1\nc = 2\n", "README.md": "x\n"})
    repo.write("uncommitted.py", "x = 1\n")
    files = by_path(collect(repo, ScanMode.ALL))
    assert sorted(files) == ["a.py", "sub/b.py"]
    assert files["sub/b.py"].added_lines == {1, 2}


def test_exclude_and_size_limit_are_reported(repo: GitRepo) -> None:
    repo.commit("base", files={"keep.py": "a = 1\n"})
    repo.write("tests/fixtures/bad.py", "x = 1\n")
    repo.write("big.py", "x = 1\n" * 100)
    changes = collect(
        repo, ScanMode.WORKTREE, CollectOptions(exclude=("tests/fixtures/**",), max_file_size=100)
    )
    skipped = {s.path: s.reason for s in changes.skipped}
    assert skipped["tests/fixtures/bad.py"] == "excluded by config"
    assert skipped["big.py"].startswith("larger than max_file_size")
    assert not changes.files


def test_unknown_ref_names_it(repo: GitRepo) -> None:
    repo.commit("base", files={"a.py": "a = 1\n"})
    with pytest.raises(GitError, match="unknown base ref 'no-such-branch'"):
        collect(repo, ScanMode.RANGE, base="no-such-branch")


def test_option_like_ref_is_refused(repo: GitRepo) -> None:
    repo.commit("base", files={"a.py": "a = 1\n"})
    with pytest.raises(GitError, match="invalid base ref"):
        collect(repo, ScanMode.RANGE, base="--output=/tmp/pwned")


def test_not_a_repository(tmp_path) -> None:
    with pytest.raises(GitError, match="not a git repository"):
        g.open_repo(tmp_path)

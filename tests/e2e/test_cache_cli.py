"""The result cache through the CLI: --cache-dir, AIGATE_CACHE_DIR, --no-cache, [cache]."""

from __future__ import annotations

import json
from pathlib import Path

from gitrepo import GitRepo
from test_scan import aigate, scan_json

FAST = "[analyzers.semgrep]\nenabled = false\n[analyzers.pylint]\nenabled = false\n"
VULN = 'import subprocess\n\n\ndef run(x):\n    return subprocess.call("ls " + x, shell=True)\n'


def setup(repo: GitRepo, config: str = FAST) -> None:
    repo.commit("init", files={".aigate.toml": config, "app.py": "X = 1\n"})
    repo.write("app.py", VULN)


def entries(directory: Path) -> list[Path]:
    """bandit's result entries (mypy and the import memo keep theirs beside them)."""
    return sorted(directory.glob("v*/bandit/*/*.json")) if directory.exists() else []


def test_a_rerun_from_the_cache_reports_the_same(repo: GitRepo, tmp_path: Path) -> None:
    setup(repo)
    cache = tmp_path / "c"
    code1, first = scan_json(repo, "--cache-dir", str(cache))
    assert len(entries(cache)) == 1  # app.py
    stamp = entries(cache)[0].stat().st_mtime_ns
    code2, second = scan_json(repo, "--cache-dir", str(cache))
    assert code1 == code2 == 1
    assert first["findings"] == second["findings"] and first["findings"]
    assert entries(cache)[0].stat().st_mtime_ns >= stamp  # read (touched), not rewritten away


def test_env_dir_and_no_cache(repo: GitRepo, tmp_path: Path) -> None:
    setup(repo)
    cache = tmp_path / "env-cache"
    scan_json(repo, env={"AIGATE_CACHE_DIR": str(cache)})
    assert len(entries(cache)) == 1
    other = tmp_path / "never"
    code, report = scan_json(repo, "--no-cache", env={"AIGATE_CACHE_DIR": str(other)})
    assert code == 1 and report["findings"]
    assert not other.exists()


def test_default_dir_is_under_xdg_cache_home(repo: GitRepo, tmp_path: Path) -> None:
    setup(repo)
    xdg = tmp_path / "xdg"
    scan_json(repo, env={"XDG_CACHE_HOME": str(xdg)})
    assert len(entries(xdg / "aigate")) == 1


def test_config_turns_the_cache_off_or_moves_it(repo: GitRepo, tmp_path: Path) -> None:
    xdg = tmp_path / "xdg"
    setup(repo, FAST + "[cache]\nenabled = false\n")
    scan_json(repo, env={"XDG_CACHE_HOME": str(xdg)})
    assert not xdg.exists()
    repo.commit("move", files={".aigate.toml": FAST + '[cache]\ndir = ".gate-cache"\n'})
    repo.write("app.py", VULN + "\n\ndef again(y):\n    return eval(y)\n")
    scan_json(repo, env={"XDG_CACHE_HOME": str(xdg)})
    assert len(entries(repo.root / ".gate-cache")) == 1 and not xdg.exists()


def test_a_bad_cache_key_names_itself(repo: GitRepo) -> None:
    setup(repo, FAST + "[cache]\nmax_mb = -1\n")
    proc = aigate(repo)
    assert proc.returncode == 2
    assert ".aigate.toml: cache.max_mb: expected a positive whole number" in proc.stderr


def test_progress_per_analyzer_and_quiet(repo: GitRepo, tmp_path: Path) -> None:
    setup(repo)
    cache = str(tmp_path / "c")
    out = tmp_path / "r.json"
    first = aigate(repo, "--cache-dir", cache, "--json", str(out))
    assert "aigate: bandit: 1 file(s) in " in first.stderr  # not a TTY: still one line each
    assert "aigate: semgrep: 0 file(s)" not in first.stderr  # disabled: no line
    runs = {a["name"]: a for a in json.loads(out.read_text())["analyzers"]}
    assert (runs["bandit"]["files"], runs["bandit"]["cached"]) == (1, 0)
    second = aigate(repo, "--cache-dir", cache, "--json", str(out))
    assert "aigate: bandit: 1 file(s), 1 from cache in " in second.stderr
    runs = {a["name"]: a for a in json.loads(out.read_text())["analyzers"]}
    assert (runs["bandit"]["files"], runs["bandit"]["cached"]) == (1, 1)
    quiet = aigate(repo, "--cache-dir", cache, "-q")
    assert quiet.returncode == 1 and "aigate: " not in quiet.stderr.replace("aigate: error", "")


MYPY_ONLY = FAST + "[analyzers.bandit]\nenabled = false\n"
MADE_UP = "import os\n\n\ndef f():\n    return os.made_up_call()\n"


def test_mypys_cache_follows_cache_dir_and_no_cache(repo: GitRepo, tmp_path: Path) -> None:
    repo.commit("init", files={".aigate.toml": MYPY_ONLY, "app.py": "X = 1\n"})
    repo.write("app.py", MADE_UP)
    xdg, cache = tmp_path / "xdg", tmp_path / "c"
    code, report = scan_json(repo, "--cache-dir", str(cache), env={"XDG_CACHE_HOME": str(xdg)})
    assert [f["rule_id"] for f in report["findings"]] == ["mypy/attr-defined"], report
    assert [p for p in (cache / "mypy").rglob("*") if p.is_file()]  # mypy wrote its cache there
    assert not xdg.exists()  # and nothing under the default cache directory
    other = tmp_path / "never"
    env = {"XDG_CACHE_HOME": str(xdg), "AIGATE_CACHE_DIR": str(other)}
    code, report = scan_json(repo, "--no-cache", env=env)
    assert [f["rule_id"] for f in report["findings"]] == ["mypy/attr-defined"], report
    assert not other.exists() and not xdg.exists()  # --no-cache: mypy's cache went with the scan

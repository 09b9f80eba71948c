"""The result cache against the real analyzers: a hit equals a fresh run, every input that can
change a result invalidates it, and a broken cache is a miss, never a crash or a silent pass."""

from __future__ import annotations

import json
import multiprocessing
import os
import shutil
from pathlib import Path

import pytest
from analyzer_support import SETTINGS, make_context, write_workspace

from gate.analyzers import run_analyzers
from gate.analyzers.base import AnalyzerContext, find_executable
from gate.cache import Entry, ResultCache
from gate.cachekey import context_key
from gate.model import AnalyzerRun, AnalyzerSettings, Confidence, Location, RawFinding, RunStatus
from gate.model import Severity as Sev

FILES = {
    "app/__init__.py": "",
    "app/util.py": "def helper():\n    return 1\n",
    "app/main.py": """\
        import subprocess
        from app import util

        def run(cmd):
            subprocess.run("ls " + cmd, shell=True)
            return eval(cmd) + util.missing()
        """,
    "app/clean.py": "def add(a, b):\n    return a + b\n",
}
TARGETS = ("app/clean.py", "app/main.py")
ALL = {name: SETTINGS for name in ("bandit", "semgrep", "pylint", "mypy")}


def scan(
    ctx: AnalyzerContext, cache: ResultCache | None, only: tuple[str, ...] = tuple(ALL)
) -> tuple[AnalyzerRun, ...]:
    """The real analyzers (only those named; the others disabled) through run_analyzers."""
    off = AnalyzerSettings(enabled=False)
    settings = {name: SETTINGS if name in only else off for name in ALL}
    runs = run_analyzers(ctx.workspace, ctx.targets, settings, ctx.scratch, ctx.extra_rules, cache)
    assert all(r.status in (RunStatus.OK, RunStatus.DISABLED) for r in runs), [
        r.errors for r in runs
    ]
    return runs


def tally(counts: dict[str, int]) -> dict[str, int]:
    """The per-file counters of the analyzers (pass 1 of semgrep has its own)."""
    return {name: n for name, n in counts.items() if name in ALL}


def findings(runs: tuple[AnalyzerRun, ...]) -> dict[str, list[RawFinding]]:
    """Per analyzer, findings in a canonical order (a run without cache keeps tool order)."""
    key = lambda f: (f.location.path, f.location.start_line, f.rule_id, f.message)  # noqa: E731
    return {r.analyzer: sorted(r.findings, key=key) for r in runs}


@pytest.fixture
def ctx(tmp_path: Path) -> AnalyzerContext:
    return make_context(tmp_path, FILES, targets=TARGETS)


def test_a_cached_result_is_identical_to_a_fresh_one(ctx: AnalyzerContext, tmp_path: Path) -> None:
    fresh = scan(ctx, None)
    cache = ResultCache(tmp_path / "cache")
    cold = scan(ctx, cache)
    assert tally(cache.misses) == dict.fromkeys(ALL, 2) and not any(cache.hits.values())
    warm = scan(ctx, cache)
    assert tally(cache.hits) == dict.fromkeys(ALL, 2)
    assert tally(cache.misses) == dict.fromkeys(ALL, 2)  # unchanged: no new miss
    assert findings(fresh) == findings(cold)
    assert [r.findings for r in cold] == [r.findings for r in warm]  # same order, same values
    assert [r.version for r in cold] == [r.version for r in warm]
    rules = {f.rule_id for run in warm for f in run.findings}
    assert {"B602", "B307", "E1101", "attr-defined"} <= rules, rules  # entries hold findings


def test_only_the_files_that_missed_go_to_the_analyzer(
    ctx: AnalyzerContext, tmp_path: Path
) -> None:
    cache = ResultCache(tmp_path / "cache")
    scan(replace_targets(ctx, ("app/main.py",)), cache)
    runs = scan(ctx, cache)
    assert tally(cache.hits) == dict.fromkeys(ALL, 1)
    assert tally(cache.misses) == dict.fromkeys(ALL, 2)
    assert findings(runs) == findings(scan(ctx, None))
    for run in runs:
        spent = dict(run.file_seconds)  # the hit cost nothing; the miss got its time
        assert list(spent) == list(TARGETS) and spent["app/main.py"] == 0.0
        assert spent["app/clean.py"] > 0.0


def replace_targets(ctx: AnalyzerContext, targets: tuple[str, ...]) -> AnalyzerContext:
    from dataclasses import replace

    return replace(ctx, targets=targets)


def test_pylint_and_mypy_miss_when_a_module_they_import_changes(
    ctx: AnalyzerContext, tmp_path: Path
) -> None:
    """util.py is no target, but pylint and mypy read it to judge util.missing(): a stale hit
    would keep reporting a member that now exists."""
    cache = ResultCache(tmp_path / "cache")
    tools = ("bandit", "pylint", "mypy")
    first = scan(ctx, cache, tools)
    assert any(f.rule_id == "E1101" for f in first[2].findings)
    assert any(f.rule_id == "attr-defined" for f in first[3].findings)
    (ctx.workspace / "app/util.py").write_text(
        "def helper():\n    return 1\n\ndef missing():\n    return 2\n", encoding="utf-8"
    )
    second = scan(ctx, cache, tools)
    assert not any(f.rule_id == "E1101" for f in second[2].findings)
    assert not any(f.rule_id == "attr-defined" for f in second[3].findings)
    assert findings(second) == findings(scan(ctx, None, tools))
    assert cache.hits["bandit"] == 2  # a per-file tool still hits
    assert cache.hits["pylint"] == cache.hits["mypy"] == 1  # clean.py imports nothing changed


def test_a_changed_rule_invalidates_semgrep_results(tmp_path: Path) -> None:
    rule = tmp_path / "extra.yaml"
    body = "rules:\n- id: extra-{0}\n  languages: [python]\n  severity: ERROR\n  message: m\n"
    rule.write_text(body.format("a") + "  pattern: foo(...)\n", encoding="utf-8")
    ctx = make_context(tmp_path / "w", {"a.py": "foo(1)\nbar(2)\n"}, extra_rules=(rule,))
    cache = ResultCache(tmp_path / "cache")
    first = scan(ctx, cache, ("semgrep",))
    assert [f.location.start_line for f in first[1].findings if "extra" in f.rule_id] == [1]
    assert scan(ctx, cache, ("semgrep",))[1].findings == first[1].findings
    assert tally(cache.hits) == {"semgrep": 1}
    rule.write_text(body.format("a") + "  pattern: bar(...)\n", encoding="utf-8")
    second = scan(ctx, cache, ("semgrep",))
    assert [f.location.start_line for f in second[1].findings if "extra" in f.rule_id] == [2]
    assert tally(cache.hits) == {"semgrep": 1}


def test_a_changed_setting_invalidates(ctx: AnalyzerContext, tmp_path: Path) -> None:
    cache = ResultCache(tmp_path / "cache")
    scan(ctx, cache, ("bandit",))
    scan(ctx, cache, ("bandit",))
    assert cache.hits == {"bandit": 2}
    slower = {"bandit": AnalyzerSettings(timeout=119.0)}
    slower |= {name: AnalyzerSettings(enabled=False) for name in ("semgrep", "pylint", "mypy")}
    run_analyzers(ctx.workspace, ctx.targets, slower, ctx.scratch, (), cache)
    assert cache.hits == {"bandit": 2}


def test_a_changed_tool_invalidates(ctx: AnalyzerContext, tmp_path: Path, fake_tool) -> None:  # type: ignore[no-untyped-def]
    """An upgrade rewrites the tool's files: the executable's stat is part of the key."""
    real = find_executable("bandit")
    assert real is not None
    script = fake_tool("bandit", f'exec "{real}" "$@"\n')
    before = context_key("bandit", "bandit", ctx)
    cache = ResultCache(tmp_path / "cache")
    scan(ctx, cache, ("bandit",))
    script.write_text(script.read_text() + "# upgraded\n", encoding="utf-8")
    assert context_key("bandit", "bandit", ctx) != before
    scan(ctx, cache, ("bandit",))
    assert cache.hits == {"bandit": 0}


def test_failed_runs_are_never_cached(ctx: AnalyzerContext, tmp_path: Path, fake_tool) -> None:  # type: ignore[no-untyped-def]
    fake_tool("semgrep", "echo 'not json'\n")
    cache = ResultCache(tmp_path / "cache")
    settings = {"semgrep": SETTINGS, "bandit": SETTINGS, "pylint": AnalyzerSettings(enabled=False)}
    runs = run_analyzers(ctx.workspace, ctx.targets, settings, ctx.scratch, (), cache)
    assert runs[1].status is RunStatus.FAILED
    assert not (cache.root / "semgrep").exists() and (cache.root / "bandit").is_dir()
    again = run_analyzers(ctx.workspace, ctx.targets, settings, ctx.scratch, (), cache)
    assert again[1].status is RunStatus.FAILED  # still judged, still failing


@pytest.mark.parametrize(
    "damage",
    ["truncate", "garbage", "checksum", "shape", "empty", "directory"],
)
def test_a_corrupt_entry_is_a_miss(ctx: AnalyzerContext, tmp_path: Path, damage: str) -> None:
    cache = ResultCache(tmp_path / "cache")
    fresh = scan(ctx, cache, ("bandit",))
    entries = sorted(p for p in cache.root.rglob("*.json"))
    assert len(entries) == 2
    for path in entries:
        text = path.read_text(encoding="utf-8")
        doc = json.loads(text)
        if damage == "truncate":
            path.write_text(text[: len(text) // 2], encoding="utf-8")
        elif damage == "garbage":
            path.write_bytes(b"\xff\x00garbage")
        elif damage == "checksum":  # a finding added: the checksum no longer matches
            doc["body"]["findings"] = doc["body"]["findings"] * 2 or [{"x": 1}]
            path.write_text(json.dumps(doc), encoding="utf-8")
        elif damage == "shape":  # checksum right, content of another shape
            from gate.cachekey import digest

            doc["body"]["findings"] = [{"severity": "catastrophic"}]
            doc["sha256"] = digest(json.dumps(doc["body"], sort_keys=True))
            path.write_text(json.dumps(doc), encoding="utf-8")
        elif damage == "empty":
            path.write_bytes(b"")
        else:
            path.unlink()
            path.mkdir()
    again = scan(ctx, cache, ("bandit",))
    assert cache.hits == {"bandit": 0}
    assert findings(again) == findings(fresh)
    if damage != "directory":  # corrupt files were replaced by good entries
        assert scan(ctx, cache, ("bandit",)) and cache.hits == {"bandit": 2}


def _writer(root: str, worker: int) -> list[str]:
    """Write and read the same keys as the other workers; report any torn read."""
    cache = ResultCache(Path(root))
    problems = []
    for round_ in range(40):
        key = f"{round_ % 5:02d}" + "k" * 62
        entry = _entry(round_ % 5, size=2000)
        cache.put("bandit", key, entry)
        got = cache.get("bandit", key)
        if got is not None and got != entry:
            problems.append(f"worker {worker}: torn read of {key}")
    return problems


def _entry(seed: int, size: int) -> Entry:
    loc = Location(path=f"f{seed}.py", start_line=1, end_line=2, start_column=1)
    finding = RawFinding("bandit", "B602", Sev.HIGH, Confidence.HIGH, "m" * size, loc, (78,))
    return Entry(version="1.0", findings=(finding,) * 20)


def test_concurrent_writers_never_tear_an_entry(tmp_path: Path) -> None:
    with multiprocessing.get_context("fork").Pool(4) as pool:
        results = pool.starmap(_writer, [(str(tmp_path), n) for n in range(4)])
    assert results == [[]] * 4
    assert not list(tmp_path.rglob("*.tmp"))
    cache = ResultCache(tmp_path)
    assert cache.get("bandit", "03" + "k" * 62) == _entry(3, size=2000)


def test_the_cache_stays_within_its_bound(tmp_path: Path) -> None:
    cache = ResultCache(tmp_path, max_bytes=200_000)
    for n in range(30):
        cache.put("bandit", f"{n:02d}" + "a" * 62, _entry(n, size=1000))
        old = cache.root / "bandit" / f"{n:02d}" / (f"{n:02d}" + "a" * 62 + ".json")
        os.utime(old, (1_000_000 + n, 1_000_000 + n))  # written in order, oldest first
    assert cache.get("bandit", "00" + "a" * 62) is not None  # used: now the newest
    assert cache.evict() > 0
    sizes = sum(p.stat().st_size for p in cache.root.rglob("*.json"))
    assert sizes <= 200_000 * 0.8
    assert cache.get("bandit", "00" + "a" * 62) is not None  # recently used survives
    assert cache.get("bandit", "01" + "a" * 62) is None  # the oldest went


def test_an_unwritable_cache_is_no_cache(ctx: AnalyzerContext, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a directory", encoding="utf-8")
    runs = scan(ctx, ResultCache(blocker / "cache"), ("bandit",))
    assert findings(runs) == findings(scan(ctx, None, ("bandit",)))


def test_a_copied_workspace_hits(tmp_path: Path) -> None:
    """A workspace copied elsewhere (another temp dir) hits: keys hold no temp paths."""
    first = make_context(tmp_path / "one", FILES, targets=TARGETS)
    cache = ResultCache(tmp_path / "cache")
    scan(first, cache, ("bandit", "pylint"))
    second_root = tmp_path / "two"
    shutil.copytree(first.workspace, second_root / "ws")
    (second_root / "scratch").mkdir()
    write_workspace(second_root / "ws", {})
    from dataclasses import replace

    second = replace(first, workspace=second_root / "ws", scratch=second_root / "scratch")
    scan(second, cache, ("bandit", "pylint"))
    assert cache.hits == {"bandit": 2, "pylint": 2}


def test_extra_rules_copied_to_another_path_hit(tmp_path: Path) -> None:
    """A scan copies the config's extra rules into its temp dir: their path is new each time,
    their content is what the key holds."""
    rule = "rules:\n- id: extra-a\n  languages: [python]\n  severity: ERROR\n  message: m\n"
    rule += "  pattern: foo(...)\n"
    paths = [tmp_path / f"scan{n}" / "extra-0.yaml" for n in (1, 2)]
    for path in paths:
        path.parent.mkdir()
        path.write_text(rule, encoding="utf-8")
    cache = ResultCache(tmp_path / "cache")
    ctx = make_context(tmp_path / "w", {"a.py": "foo(1)\n"}, extra_rules=(paths[0],))
    first = scan(ctx, cache, ("semgrep",))
    from dataclasses import replace

    second = scan(replace(ctx, extra_rules=(paths[1],)), cache, ("semgrep",))
    assert tally(cache.hits) == {"semgrep": 1}
    assert second[1].findings == first[1].findings and first[1].findings


HELPERS = {
    "app/__init__.py": "",
    "app/shell.py": """\
        import subprocess

        def run_cmd(cmd):
            return subprocess.run(cmd, shell=True, check=False)
        """,
    "app/views.py": """\
        from flask import request
        from app.shell import run_cmd

        def ping():
            return run_cmd("ping -c 1 " + request.args["host"])
        """,
}


class Started:
    """Every process the analyzers start (the real Popen, observed)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        import subprocess

        import gate.analyzers.base as base

        self.argv: list[tuple[str, ...]] = []
        real = subprocess.Popen

        def popen(argv: tuple[str, ...], **kwargs: object) -> subprocess.Popen[bytes]:
            self.argv.append(tuple(argv))
            return real(argv, **kwargs)  # type: ignore[call-overload,no-any-return]

        monkeypatch.setattr(base.subprocess, "Popen", popen)


def _xfunc(runs: tuple[AnalyzerRun, ...]) -> list[tuple[str, int]]:
    """The semgrep findings in views.py: the flow into run_cmd needs pass 1's summaries."""
    return [(f.rule_id, f.location.start_line) for f in runs[1].findings]


def test_a_fully_cached_scan_starts_no_tool_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Pass 1 of semgrep (function summaries) is cached per file too: a re-run of the same
    content starts no analyzer at all and reports the same cross-function finding."""
    ctx = make_context(tmp_path, HELPERS, targets=("app/views.py",))
    fresh = scan(ctx, None)
    assert _xfunc(fresh), "pass 1 must find the flow into run_cmd"
    cache = ResultCache(tmp_path / "cache")
    cold = scan(ctx, cache)
    assert cache.misses["semgrep-pass1"] >= 1
    started = Started(monkeypatch)
    warm = scan(ctx, cache)
    assert started.argv == []
    assert cache.hits["semgrep-pass1"] == cache.misses["semgrep-pass1"]
    assert [r.findings for r in warm] == [r.findings for r in cold]
    assert findings(warm) == findings(fresh)


def test_a_changed_helper_invalidates_its_pass_one_answers(tmp_path: Path) -> None:
    """The helper no longer runs a shell: its stored summary must not widen the rules."""
    ctx = make_context(tmp_path, HELPERS, targets=("app/views.py",))
    cache = ResultCache(tmp_path / "cache")
    assert _xfunc(scan(ctx, cache, ("semgrep",)))
    (ctx.workspace / "app/shell.py").write_text(
        "import subprocess\n\ndef run_cmd(cmd):\n    return subprocess.run(['ping', cmd])\n",
        encoding="utf-8",
    )
    again = scan(ctx, cache, ("semgrep",))
    assert _xfunc(again) == [] == _xfunc(scan(ctx, None, ("semgrep",)))

"""The registry and run_analyzers: order, DISABLED, empty scans, concurrency."""

from __future__ import annotations

import time
from pathlib import Path

from analyzer_support import write_workspace
from conftest import FakeTool

from gate.analyzers import ANALYZERS, run_analyzers
from gate.analyzers.base import Analyzer
from gate.model import AnalyzerSettings, RunStatus

ON = AnalyzerSettings(timeout=120.0)
OFF = AnalyzerSettings(enabled=False)


def test_registry_is_literal_and_ordered() -> None:
    assert list(ANALYZERS) == ["bandit", "semgrep", "pylint", "mypy"]
    for name, cls in ANALYZERS.items():
        assert issubclass(cls, Analyzer) and cls.name == name


def test_no_targets_means_ok_runs_without_starting_tools(
    tmp_path: Path, fake_tool: FakeTool
) -> None:
    for name in ANALYZERS:  # any start would fail the run
        fake_tool(name, "exit 3\n")
    runs = run_analyzers(tmp_path, (), dict.fromkeys(ANALYZERS, ON), tmp_path / "scratch")
    assert [(r.analyzer, r.status, r.findings, r.errors) for r in runs] == [
        (name, RunStatus.OK, (), ()) for name in ANALYZERS
    ]
    assert not (tmp_path / "scratch").exists() or not any((tmp_path / "scratch").iterdir())


def test_disabled_missing_and_unknown_settings(tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    targets = write_workspace(ws, {"app.py": "def f(x):\n    return eval(x)\n"})
    settings = {"semgrep": OFF, "bandit": ON, "mypy": OFF, "no-such-analyzer": ON}  # no pylint
    runs = run_analyzers(ws, targets, settings, tmp_path / "scratch")
    assert [r.analyzer for r in runs] == ["bandit", "semgrep", "pylint", "mypy"]
    bandit, semgrep, pylint, mypy = runs
    assert mypy.status is RunStatus.DISABLED
    assert semgrep.status is RunStatus.DISABLED and semgrep.findings == ()
    assert bandit.status is RunStatus.OK, bandit.errors
    assert pylint.status is RunStatus.OK, pylint.errors  # missing settings: defaults (enabled)
    assert [(f.rule_id, f.location.start_line) for f in bandit.findings] == [("B307", 2)]
    assert [(f.rule_id, f.location.start_line) for f in pylint.findings] == [("W0123", 2)]
    assert (tmp_path / "scratch" / "bandit" / "home").is_dir()
    assert (tmp_path / "scratch" / "pylint" / "home").is_dir()
    assert not (tmp_path / "scratch" / "semgrep").exists()


def test_analyzers_run_concurrently_and_keep_registry_order(
    tmp_path: Path, fake_tool: FakeTool
) -> None:
    # Each fake takes a second; in a row they would take three. Failures keep their order.
    fake_tool("bandit", "sleep 1\nexit 3\n")
    fake_tool("semgrep", "sleep 1\necho 'garbage'\n")
    fake_tool("pylint", "sleep 1\nexit 32\n")
    fake_tool("mypy", "sleep 1\nexit 2\n")
    ws = tmp_path / "ws"
    targets = write_workspace(ws, {"a.py": "x = 1\n"})
    settings = dict.fromkeys(ANALYZERS, ON)
    start = time.monotonic()
    runs = run_analyzers(ws, targets, settings, tmp_path / "scratch", extra_rules=())
    elapsed = time.monotonic() - start
    assert [(r.analyzer, r.status) for r in runs] == [
        (name, RunStatus.FAILED) for name in ANALYZERS
    ]
    assert elapsed < 3.8, f"took {elapsed:.1f} s: not concurrent"
    assert runs[0].duration >= 1.0 and runs[2].duration >= 1.0

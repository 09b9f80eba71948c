"""The registry and run_analyzers: order, DISABLED, empty scans, concurrency."""

from __future__ import annotations

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
    # Each fake waits until every fake has started: run one after another, the first would
    # give up waiting (exit 99). No clock involved, so a loaded machine cannot fail this.
    started = tmp_path / "started"
    started.mkdir()
    wait = f"""\
        touch '{started}'/"$(basename "$0" -core)"  # semgrep runs as semgrep-core
        i=0
        while [ "$(ls '{started}' | wc -l)" -lt {len(ANALYZERS)} ] && [ $i -lt 600 ]; do
            sleep 0.1; i=$((i + 1))
        done
        [ "$(ls '{started}' | wc -l)" -ge {len(ANALYZERS)} ] || {{ echo serial >&2; exit 99; }}
        """
    fake_tool("bandit", wait + "exit 3\n")
    fake_tool("semgrep", wait + "echo 'garbage'\n")
    fake_tool("pylint", wait + "exit 32\n")
    fake_tool("mypy", wait + "exit 2\n")
    ws = tmp_path / "ws"
    targets = write_workspace(ws, {"a.py": "x = 1\n"})
    settings = dict.fromkeys(ANALYZERS, ON)
    runs = run_analyzers(ws, targets, settings, tmp_path / "scratch", extra_rules=())
    assert [(r.analyzer, r.status) for r in runs] == [
        (name, RunStatus.FAILED) for name in ANALYZERS
    ]
    assert not any("serial" in e or "exited 99" in e for r in runs for e in r.errors), runs
    assert sorted(p.name for p in started.iterdir()) == sorted(ANALYZERS)

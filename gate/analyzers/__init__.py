"""The analyzer registry and the one entry point that runs them all concurrently."""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from concurrent.futures import Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from gate.analyzers.bandit import BanditAnalyzer
from gate.analyzers.base import Analyzer, AnalyzerContext, ChildProcesses
from gate.analyzers.mypy import MypyAnalyzer
from gate.analyzers.pylint import PylintAnalyzer
from gate.analyzers.semgrep import SemgrepAnalyzer
from gate.errors import GateError
from gate.model import AnalyzerRun, AnalyzerSettings, RunStatus

if TYPE_CHECKING:
    from gate.cache import ResultCache
    from gate.cachekey import Workspace

_POLL = 0.25
"""Seconds the main thread waits on the workers at a time. The kernel may deliver a Ctrl-C to
any thread; one that lands on a worker only sets a flag, which a main thread blocked without a
timeout would never look at (it hung until the analyzers ended). Waking up lets it act."""

ANALYZERS: dict[str, type[Analyzer]] = {
    "bandit": BanditAnalyzer,
    "semgrep": SemgrepAnalyzer,
    "pylint": PylintAnalyzer,
    "mypy": MypyAnalyzer,
}
"""Every analyzer, in report order. Literal on purpose: no entry points, no discovery."""

__all__ = ["ANALYZERS", "AnalysisEnv", "Analyzer", "AnalyzerContext", "run_analyzers"]


@dataclass(frozen=True)
class AnalysisEnv:
    """Where the project's dependencies are for the type-aware analyzers (pylint, mypy)."""

    site: Path | None = None
    """Where the project's dependencies are installed; None: third-party modules are unknown."""
    cache_dir: Path | None = None
    """A persistent cache directory for mypy, or None (a fresh one per scan)."""


def run_analyzers(
    workspace: Path,
    targets: tuple[str, ...],
    settings: Mapping[str, AnalyzerSettings],
    scratch_root: Path,
    extra_rules: tuple[Path, ...] = (),
    cache: ResultCache | None = None,
    on_done: Callable[[AnalyzerRun], None] | None = None,
    env: AnalysisEnv = AnalysisEnv(),
    focus: Mapping[str, tuple[tuple[int, int], ...]] | None = None,
) -> tuple[AnalyzerRun, ...]:
    """Run the enabled analyzers concurrently; one run per registry entry, in registry order.

    With a ``cache``, each analyzer the cache covers runs only on the targets whose results
    are not stored (gate/cache.py). ``on_done`` is called with each run as it finishes (from
    a worker thread), e.g. to show progress. ``focus``: the line ranges of each target that
    semgrep's second pass may leave out (gate/slicing.py); the other analyzers read every line.
    """
    workspace, scratch_root = workspace.resolve(), scratch_root.resolve()
    runs: dict[str, AnalyzerRun] = {}
    pending: dict[str, Future[AnalyzerRun]] = {}
    enabled = {
        name: settings.get(name, AnalyzerSettings())
        for name in ANALYZERS
        if settings.get(name, AnalyzerSettings()).enabled
    }
    for name in ANALYZERS:
        if name not in enabled:
            runs[name] = AnalyzerRun(analyzer=name, status=RunStatus.DISABLED)
        elif not targets:
            runs[name] = AnalyzerRun(analyzer=name, status=RunStatus.OK)
    todo = [name for name in enabled if name not in runs]
    children = ChildProcesses()
    shared = None
    if cache is not None:
        from gate.cachekey import Workspace

        shared = Workspace(workspace, cache)  # one read and parse of each file for all keys
    if todo:
        pool = ThreadPoolExecutor(max_workers=len(todo), thread_name_prefix="aigate")
        try:
            for name in todo:
                scratch = scratch_root / name
                scratch.mkdir(parents=True, exist_ok=True)
                ctx = AnalyzerContext(
                    workspace=workspace,
                    targets=targets,
                    scratch=scratch,
                    settings=enabled[name],
                    extra_rules=extra_rules if name == "semgrep" else (),
                    children=children,
                    analysis_site=env.site,
                    cache_dir=env.cache_dir,
                    results=cache,
                    focus=(focus or {}) if name == "semgrep" else {},
                )
                pending[name] = pool.submit(
                    _run_one, ANALYZERS[name](), ctx, cache, on_done, shared
                )
            while wait(pending.values(), timeout=_POLL).not_done:
                pass
            for name, future in pending.items():
                runs[name] = future.result()
        except BaseException:
            # Ctrl-C lands here, in the main thread; the tools run in their own sessions and
            # would outlive us: kill them, and do not wait for the workers
            children.kill_all()
            pool.shutdown(wait=False, cancel_futures=True)
            raise
        pool.shutdown()
    return tuple(runs[name] for name in ANALYZERS)


def _run_one(
    analyzer: Analyzer,
    ctx: AnalyzerContext,
    cache: ResultCache | None,
    on_done: Callable[[AnalyzerRun], None] | None,
    shared: Workspace | None = None,
) -> AnalyzerRun:
    start = time.monotonic()
    prepared = start
    try:
        ctx = analyzer.prepare(ctx)
        prepared = time.monotonic()
    except GateError:
        raise
    except Exception as exc:  # noqa: BLE001 - fail closed, as Analyzer.run does
        run = replace(analyzer.failed(exc), duration=time.monotonic() - start)
    else:
        if cache is None:
            run = analyzer.run(ctx)
        else:
            from gate.cache import cached_run

            run = cached_run(analyzer, ctx, cache, shared)
        run = replace(run, duration=time.monotonic() - start)  # summaries included
    run = replace(run, files=len(ctx.targets), prepare=prepared - start)
    if on_done is not None and not (ctx.children is not None and ctx.children.killed):
        on_done(run)
    return run

"""run(): ScanRequest -> GateResult. No printing, no exiting: errors are GateErrors."""

from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path

import git

from gate import analyzers, slicing
from gate.baseline import EMPTY, Baseline, parse_baseline
from gate.cache import open_cache
from gate.checks import ProjectView, run_checks
from gate.collect import git as g
from gate.collect.authorship import apply_provenance
from gate.collect.changeset import CollectOptions, Revisions, collect_changes, resolve_revisions
from gate.config import (
    CONFIG_FILE,
    PYPROJECT,
    ConfigSource,
    GateConfig,
    load_config,
    with_overrides,
)
from gate.errors import BaselineError, ConfigError
from gate.findings import build_findings, calibration_notice
from gate.model import (
    AnalyzerRun,
    AnalyzerSettings,
    ChangeSet,
    GateResult,
    Outcome,
    RunStatus,
    ScanMode,
    ScanRequest,
    Verdict,
)
from gate.policy import decide
from gate.scanenv import analysis_environment, removed_api_rules
from gate.shard import select_shard
from gate.sources import Reader, project_view, read_once, trusted_reader
from gate.suppressions import collect_suppressions
from gate.testcode import production_tests
from gate.workspace import snapshot


@dataclass(frozen=True)
class Overrides:
    """CLI flags that take precedence over the config file (None: not given)."""

    config_path: str | None = None
    """--config: a config file to use instead of discovery."""
    baseline_path: str | None = None
    """--baseline: a baseline file to use instead of the config's."""
    fail_on: str | None = None
    """--fail-on."""
    human_fail_on: str | None = None
    """--human-fail-on."""
    scope: str | None = None
    """--scope."""
    cache_dir: str | None = None
    """--cache-dir: the result cache's directory instead of the config's or the default."""
    no_cache: bool = False
    """--no-cache: run every analyzer on every file, read and write no cache."""
    deps_env: str | None = None
    """--deps-env: auto, off or the path of an environment holding the dependencies."""


def _load_baseline(read: Reader, path: str | None, revision: str | None) -> Baseline:
    if path is None:
        return EMPTY
    data = read(path)
    where = f"{path} at {revision[:12]}" if revision else path
    if data is None:
        raise BaselineError(f"{where}: baseline file not found")
    return parse_baseline(data, where)


def _extra_rules(read: Reader, config: GateConfig, scratch: Path) -> tuple[Path, ...]:
    out = []
    for index, rel in enumerate(config.extra_rules):
        data = read(rel)
        if data is None:
            raise ConfigError(f"extra_rules[{index}]: {rel}: rule file not found")
        target = scratch / f"extra-{index}.yaml"
        target.write_bytes(data)
        out.append(target)
    return tuple(out)


GITATTRIBUTES = ":(glob)**/.gitattributes"
"""Pathspec of every .gitattributes: it can change how git shows a diff, so it is a gate file."""


def _gate_pathspecs(config: GateConfig, source: ConfigSource | None) -> tuple[str, ...]:
    names = {CONFIG_FILE, PYPROJECT, *config.extra_rules}
    if source is not None and not Path(source.path).is_absolute():
        names.add(source.path)
    if config.baseline:
        names.add(config.baseline)
    relative = (Path(n).as_posix() for n in names if not Path(n).is_absolute())
    return (*(f":(literal){n}" for n in sorted(relative)), GITATTRIBUTES)


def _gate_files_changed(
    repo: git.Repo, revs: Revisions, config: GateConfig, source: ConfigSource | None
) -> tuple[str, ...]:
    if revs.merge_base is None or revs.head is None:
        return ()
    return g.changed_paths(repo, revs.merge_base, revs.head, _gate_pathspecs(config, source))


def _unstaged_notice(repo: git.Repo, config: GateConfig, source: ConfigSource | None) -> str:
    """Staged mode: gate files whose work-tree copy differs from the index (not applied)."""
    unstaged = g.unstaged_paths(repo, _gate_pathspecs(config, source))
    if not unstaged:
        return ""
    return (
        f"gate file{'s' if len(unstaged) > 1 else ''} with unstaged changes (not applied; "
        f"the index copy was used): {', '.join(unstaged)}"
    )


@dataclass(frozen=True)
class Prepared:
    """A collected change with the trusted config, ready for the analyzers."""

    changeset: ChangeSet
    """Files, lines and provenance."""
    config: GateConfig
    """The validated config (from the base revision in range mode) with CLI overrides."""
    source: ConfigSource | None
    """Where the config came from."""
    baseline: Baseline
    """Accepted findings."""
    read: Reader
    """Reads gate files from the trusted revision."""
    project: ProjectView
    """The whole repository at the scanned revision, for our own checks."""
    notices: tuple[str, ...] = ()
    """What the report must say about how the scan was set up (unstaged gate files)."""


def prepare(request: ScanRequest, overrides: Overrides = Overrides()) -> Prepared:
    """Resolve refs, load the trusted config and baseline, collect the change and its provenance."""
    repo = g.open_repo(request.repo_root)
    revs = resolve_revisions(repo, request)
    read, trusted_rev = trusted_reader(repo, request, revs)
    config, source = load_config(read, overrides.config_path, trusted_rev)
    config = with_overrides(
        config,
        fail_on=overrides.fail_on,
        human_fail_on=overrides.human_fail_on,
        scope=overrides.scope,
        deps_env=overrides.deps_env,
    )
    baseline = _load_baseline(read, overrides.baseline_path or config.baseline, trusted_rev)
    options = CollectOptions(exclude=config.exclude, max_file_size=config.max_file_size)
    changeset = collect_changes(repo, request, revs, options)
    changed_gate_files = _gate_files_changed(repo, revs, config, source)
    changeset = apply_provenance(
        changeset, request, revs, config, source.path if source else ".aigate.toml"
    )
    changeset = replace(changeset, config_rev=trusted_rev, gate_files_changed=changed_gate_files)
    if request.shard is not None:
        changeset = select_shard(changeset, *request.shard)
    notice = _unstaged_notice(repo, config, source) if request.mode is ScanMode.STAGED else ""
    return Prepared(
        changeset,
        config,
        source,
        baseline,
        read,
        read_once(project_view(repo, request, revs)),
        (notice,) if notice else (),
    )


def run(
    request: ScanRequest,
    overrides: Overrides = Overrides(),
    progress: Callable[[str], None] | None = None,
) -> GateResult:
    """Collect, analyze, judge. Raises GateError for input the gate cannot work with."""
    ready = prepare(request, overrides)
    changeset, config = ready.changeset, ready.config
    if progress is not None:
        enabled = [n for n in analyzers.ANALYZERS if config.analyzers[n].enabled]
        tools = ", ".join(enabled) or "no tool"
        progress(f"scanning {len(changeset.files)} file(s) with {tools} and aigate's own checks")
    cache = open_cache(config.cache, overrides.cache_dir, overrides.no_cache, changeset.repo_root)
    # mypy's own cache lives beside the result cache, and in the scratch dir when that is off
    env, env_notices = analysis_environment(
        config, changeset, ready.project, cache.directory if cache else None
    )
    with snapshot(changeset, ready.project) as ws:
        extra = _extra_rules(ready.read, config, ws.scratch)
        extra += removed_api_rules(changeset, ready.project, ws.scratch)
        focus = _focus(request, config, ready.baseline, changeset, ws.root, ws.targets, ws.origins)
        runs = analyzers.run_analyzers(
            ws.root,
            ws.targets,
            _settings(config),
            ws.scratch,
            extra_rules=extra,
            cache=cache,
            on_done=None if progress is None else _reporter(progress),
            env=env,
            focus=focus,
        )
        runs = ws.to_repo(runs)
        sliced = slicing.describe(focus)
        context_notices = ws.notices + env_notices + ((sliced,) if sliced else ())
    start = time.monotonic()
    own = run_checks(changeset, ready.project, config.analyzers.get("aigate", AnalyzerSettings()))
    own = replace(
        own, duration=own.duration or time.monotonic() - start, files=len(changeset.files)
    )
    if progress is not None:
        progress(describe_run(own))
    runs = (*runs, own)
    findings = build_findings(runs, changeset, frozenset(ready.project.files))
    set_aside = calibration_notice(findings)
    verdict = decide(
        findings,
        runs,
        config,
        ready.baseline,
        collect_suppressions(changeset),
        request.all_lines,
        changeset.skipped,
        production_tests(findings, config, ready.project),
    )
    return GateResult(
        request=request,
        changeset=changeset,
        runs=runs,
        verdict=verdict,
        config_source=ready.source.describe() if ready.source else "defaults",
        notices=(*ready.notices, *((set_aside,) if set_aside else ()), *context_notices),
        config_digest=hashlib.sha256(repr(config).encode("utf-8")).hexdigest(),
        cache_dir=cache.directory if cache else None,
    )


def _focus(
    request: ScanRequest,
    config: GateConfig,
    baseline: Baseline,
    changeset: ChangeSet,
    root: Path,
    targets: tuple[str, ...],
    origins: Mapping[str, str],
) -> dict[str, slicing.Ranges]:
    """What semgrep's second pass may leave out of each target (gate/slicing.py): nothing
    when every line is judged anyway, or slicing is off, or a baseline entry does not name
    its file (a baselined finding's fingerprint counts repeats over its whole file, so files
    with baselined findings are read whole)."""
    semgrep = config.analyzers.get("semgrep", AnalyzerSettings())
    if request.all_lines or not semgrep.enabled or not semgrep.slice or baseline.paths is None:
        return {}

    def read(target: str) -> bytes | None:
        try:
            return (root / target).read_bytes()
        except OSError:
            return None

    return slicing.plan(changeset.files, targets, origins, read, baseline.paths)


def _reporter(progress: Callable[[str], None]) -> Callable[[AnalyzerRun], None]:
    return lambda run: progress(describe_run(run))


def describe_run(run: AnalyzerRun) -> str:
    """One progress line for a finished analyzer: files, cache hits, seconds, trouble."""
    cached = f", {run.cached} from cache" if run.cached else ""
    trouble = "" if run.status is RunStatus.OK else f" ({run.status.value})"
    name = "own checks" if run.analyzer == "aigate" else run.analyzer
    return f"{name}: {run.files} file(s){cached} in {run.duration:.1f} s{trouble}"


def _settings(config: GateConfig) -> Mapping[str, AnalyzerSettings]:
    return {
        name: config.analyzers[name] for name in analyzers.ANALYZERS if name in config.analyzers
    }


def error_result(request: ScanRequest, message: str) -> GateResult:
    """A result for a scan that could not start, so every report (SARIF too) can say why."""
    changeset = ChangeSet(
        mode=request.mode, repo_root=Path(os.path.abspath(request.repo_root)), files=()
    )
    return GateResult(
        request=request,
        changeset=changeset,
        runs=(),
        verdict=Verdict(Outcome.ERROR, (), (message,)),
    )

"""The command line: the only place that reads argv, prints and exits."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from gate import __version__
from gate.commands import COMMANDS, fail, report_options
from gate.errors import GateError
from gate.io import write_atomic
from gate.model import GateResult, Outcome, ScanMode, ScanRequest

if TYPE_CHECKING:
    from gate.report.base import RenderOptions
    from gate.runmemo import Replay, RunMemo

F = TypeVar("F", bound=Callable[..., Any])
THRESHOLDS = ("note", "low", "medium", "high", "critical", "never")
FORMAT_NAMES = ("text", "json", "sarif", "markdown", "github")


def _mode(
    staged: bool, all_files: bool, base: str | None, head: str | None, paths: Sequence[str]
) -> ScanMode:
    chosen = [
        name
        for name, on in (
            ("--staged", staged),
            ("--all", all_files),
            ("--base", base is not None),
            ("PATHS", bool(paths)),
        )
        if on
    ]
    if len(chosen) > 1:
        raise click.UsageError(f"{' and '.join(chosen)} cannot be combined: choose one scan mode")
    if head is not None and base is None:
        raise click.UsageError("--head needs --base")
    if base is not None:
        return ScanMode.RANGE
    if staged:
        return ScanMode.STAGED
    if all_files:
        return ScanMode.ALL
    return ScanMode.PATHS if paths else ScanMode.WORKTREE


def _emit(
    result: GateResult,
    fmt: str,
    output: str | None,
    extras: dict[str, str | None],
    plain: RenderOptions,
) -> tuple[str | None, dict[str, str]]:
    """Write the side files (format -> path) first, then the report itself; returns what went
    to stdout (None: the report went to ``output``) and each file's text by its role."""
    from gate.report import FORMATS

    files: dict[str, str] = {}
    for extra_fmt, path in extras.items():
        if path:
            files[extra_fmt] = FORMATS[extra_fmt](result, plain)
            write_atomic(Path(path), files[extra_fmt])
    if output:
        files["output"] = FORMATS[fmt](result, plain)
        write_atomic(Path(output), files["output"])
        return None, files
    text = FORMATS[fmt](result, replace(plain, color=_color(fmt)))
    click.echo(text, nl=not text.endswith("\n"))
    return text, files


def _color(fmt: str) -> bool:
    return fmt == "text" and sys.stdout.isatty() and "NO_COLOR" not in os.environ


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="aigate")
def main() -> None:
    """aigate: a security gate for code written by AI coding agents."""


def _scan_options(func: F) -> F:
    options = [
        click.option(
            "--repo",
            "repo_dir",
            default=".",
            show_default=True,
            type=click.Path(file_okay=False),
            help="Repository to scan.",
        ),
        click.option(
            "--config",
            "config_path",
            help="Config file (in range mode read from the base revision).",
        ),
        click.option("--baseline", "baseline_path", help="Baseline file of accepted findings."),
        click.option(
            "--fail-on", type=click.Choice(THRESHOLDS), help="Threshold for AI-written lines."
        ),
        click.option(
            "--human-fail-on", type=click.Choice(THRESHOLDS), help="Threshold for human lines."
        ),
        click.option("--scope", type=click.Choice(("ai", "all")), help="Which lines can block."),
        click.option(
            "--assume-ai",
            is_flag=True,
            envvar="AIGATE_AI",
            help="Treat every changed line as AI-written (also AIGATE_AI=1).",
        ),
        click.option("--debug", is_flag=True, help="Show tracebacks."),
    ]
    for option in reversed(options):
        func = option(func)
    return func


@main.command()
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--base", help="Target branch or commit: scan merge-base(BASE, HEAD)..HEAD.")
@click.option("--head", help="Tip of the change (default HEAD).")
@click.option("--staged", is_flag=True, help="Scan the index against HEAD.")
@click.option("--all", "all_files", is_flag=True, help="Audit every tracked Python file of HEAD.")
@click.option("--all-lines", is_flag=True, help="Judge every line of the scanned files.")
@click.option("--format", "fmt", type=click.Choice(FORMAT_NAMES), default="text", show_default=True)
@report_options
@click.option(
    "--cache-dir",
    envvar="AIGATE_CACHE_DIR",
    help="Result cache directory (default $XDG_CACHE_HOME/aigate; also AIGATE_CACHE_DIR).",
)
@click.option("--no-cache", is_flag=True, help="Neither read nor write the result cache.")
@click.option("--shard", help="With --all: audit part K of N (K/N); `aigate merge` joins them.")
@click.option(
    "--quiet", "-q", is_flag=True, help="No progress on stderr (one line per analyzer by default)."
)
@click.option(
    "--deps-env",
    help="Environment holding the project's dependencies, for the type-aware analyzers: "
    "'auto' (build one from the declarations, wheels only), 'off', or a venv's path.",
)
@_scan_options
def scan(
    paths: tuple[str, ...],
    base: str | None,
    head: str | None,
    staged: bool,
    all_files: bool,
    all_lines: bool,
    fmt: str,
    output: str | None,
    sarif: str | None,
    summary: str | None,
    json_file: str | None,
    link_base: str | None,
    verbose: bool,
    cache_dir: str | None,
    no_cache: bool,
    quiet: bool,
    shard: str | None,
    deps_env: str | None,
    repo_dir: str,
    config_path: str | None,
    baseline_path: str | None,
    fail_on: str | None,
    human_fail_on: str | None,
    scope: str | None,
    assume_ai: bool,
    debug: bool,
) -> None:
    """Scan a change and give a verdict: exit 0 pass, 1 fail, 2 error.

    With no option, the uncommitted work-tree changes against HEAD are scanned.
    """
    mode = _mode(staged, all_files, base, head, paths)
    shard_of = _shard(shard, mode)
    request = ScanRequest(
        mode=mode,
        repo_root=Path(repo_dir),
        base=base,
        head=head,
        paths=tuple(paths),
        all_lines=all_lines or mode is ScanMode.ALL,
        assume_ai=assume_ai,
        shard=shard_of,
    )
    progress = None if quiet else (lambda text: click.echo(f"aigate: {text}", err=True))
    settings = {
        "scan": [mode.value, base, head, list(paths), all_lines, shard],
        "report": [fmt, link_base, verbose, _color(fmt) and not output],
        "writes": [bool(output), bool(sarif), bool(summary), bool(json_file)],
        "policy": [repo_dir, config_path, baseline_path, fail_on, human_fail_on, scope],
        "other": [assume_ai, deps_env],
        "config_path": config_path,
        "baseline_path": baseline_path,
    }
    memo = _memo(request, settings, cache_dir, no_cache, debug)
    if memo is not None:
        replay = memo.load()
        if replay is not None:
            try:
                _replay(replay, output, {"sarif": sarif, "markdown": summary, "json": json_file})
            except GateError as exc:  # an output that cannot be written, as for a scan
                fail(str(exc))
                sys.exit(2)
            if progress is not None:
                from gate.runmemo import NOTICE

                progress(NOTICE)
            sys.exit(replay.exit_code)
    from gate.pipeline import Overrides, error_result, run  # late: a replay needs none of it

    overrides = Overrides(
        config_path,
        baseline_path,
        fail_on,
        human_fail_on,
        scope,
        cache_dir or None,
        no_cache,
        deps_env=deps_env,
    )
    try:
        result = run(request, overrides, progress)
    except GateError as exc:
        if debug:
            raise
        fail(str(exc))
        result = error_result(request, str(exc))
    except Exception as exc:  # noqa: BLE001 - a bug must end as ERROR (exit 2), never as FAIL
        if debug:
            raise
        fail(_internal(exc))
        result = error_result(request, _internal(exc))
    try:
        # every requested output is written, also when the verdict is error
        extras = {"sarif": sarif, "markdown": summary, "json": json_file}
        from gate.report.base import RenderOptions

        stdout, files = _emit(
            result, fmt, output, extras, RenderOptions(link_base=link_base, verbose=verbose)
        )
    except GateError as exc:
        fail(str(exc))
        sys.exit(2)
    except Exception as exc:  # noqa: BLE001 - as above: exit 2, not click's 1
        if debug:
            raise
        fail(_internal(exc))
        sys.exit(2)
    if result.runs and result.verdict.outcome is Outcome.ERROR:
        for reason in result.verdict.reasons:
            fail(reason)
    elif memo is not None and result.cache_dir is not None and memo.directory == result.cache_dir:
        from gate.runmemo import Replay

        memo.store(Replay(result.verdict.outcome.exit_code, stdout, files, ()))
    sys.exit(result.verdict.outcome.exit_code)


def _memo(
    request: ScanRequest,
    settings: dict[str, Any],
    cache_dir: str | None,
    no_cache: bool,
    debug: bool,
) -> RunMemo | None:
    """The whole-run memo slot of this scan, or None (gate/runmemo.py)."""
    from gate.runmemo import RunMemo

    try:
        return RunMemo.open(request, settings, cache_dir, no_cache)
    except Exception:  # a memo that cannot be opened only means a full scan
        if debug:
            raise
        return None


def _replay(replay: Replay, output: str | None, extras: dict[str, str | None]) -> None:
    """Write a memoised run's outputs where this run asks for them."""
    for role, path in extras.items():
        if path:
            write_atomic(Path(path), replay.files[role])
    if output:
        write_atomic(Path(output), replay.files["output"])
    elif replay.stdout is not None:
        click.echo(replay.stdout, nl=not replay.stdout.endswith("\n"))
    for line in replay.errors:
        fail(line)


def _shard(text: str | None, mode: ScanMode) -> tuple[int, int] | None:
    if text is None:
        return None
    if mode is not ScanMode.ALL:
        raise click.UsageError("--shard needs --all: only a full audit is split into shards")
    from gate.shard import parse_shard

    try:
        return parse_shard(text)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--shard") from None


for _command in COMMANDS:
    main.add_command(_command)


def _internal(exc: Exception) -> str:
    return (
        f"internal error: {type(exc).__name__}: {exc} "
        "(a bug in aigate: please report it; --debug shows the traceback)"
    )


def run_main() -> None:
    """Entry point: click without its own Ctrl-C handling (it would exit 1), so 130 it is."""
    try:
        code = main.main(standalone_mode=False)
    except (KeyboardInterrupt, click.exceptions.Abort):  # click turns Ctrl-C into Abort
        click.echo("aigate: interrupted", err=True)
        sys.exit(130)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except BrokenPipeError:
        # the reader went away (e.g. `| head`): silence the flush at exit; the report is lost
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(2)
    sys.exit(code if isinstance(code, int) else 0)

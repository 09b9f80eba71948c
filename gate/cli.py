"""The command line: the only place that reads argv, prints and exits."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

import click

from gate import __version__
from gate.errors import GateError
from gate.io import write_atomic
from gate.model import GateResult, Outcome, ScanMode, ScanRequest

F = TypeVar("F", bound=Callable[..., Any])
THRESHOLDS = ("note", "low", "medium", "high", "critical", "never")
FORMAT_NAMES = ("text", "json", "sarif", "markdown", "github")


def _fail(message: str) -> None:
    click.echo(f"aigate: error: {message}", err=True)


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
    result: GateResult, fmt: str, output: str | None, sarif: str | None, summary: str | None
) -> None:
    from gate.report import FORMATS, RenderOptions

    if sarif:
        write_atomic(Path(sarif), FORMATS["sarif"](result, RenderOptions()))
    if summary:
        write_atomic(Path(summary), FORMATS["markdown"](result, RenderOptions()))
    if output:
        write_atomic(Path(output), FORMATS[fmt](result, RenderOptions()))
    else:
        color = fmt == "text" and sys.stdout.isatty() and "NO_COLOR" not in os.environ
        click.echo(FORMATS[fmt](result, RenderOptions(color=color)), nl=False)


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
@click.option("--output", "-o", help="Write the report here instead of stdout.")
@click.option("--sarif", help="Also write SARIF 2.1.0 here (written even on error).")
@click.option("--summary", help="Also write a Markdown summary here.")
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
    from gate.pipeline import Overrides, error_result, run

    mode = _mode(staged, all_files, base, head, paths)
    request = ScanRequest(
        mode=mode,
        repo_root=Path(repo_dir),
        base=base,
        head=head,
        paths=tuple(paths),
        all_lines=all_lines or mode is ScanMode.ALL,
        assume_ai=assume_ai,
    )
    overrides = Overrides(config_path, baseline_path, fail_on, human_fail_on, scope)
    try:
        result = run(request, overrides)
    except GateError as exc:
        if debug:
            raise
        _fail(str(exc))
        result = error_result(request, str(exc))
        try:
            if sarif:
                _emit(result, "sarif", sarif, None, None)
        except GateError as write_exc:
            _fail(str(write_exc))
        sys.exit(2)
    try:
        _emit(result, fmt, output, sarif, summary)
    except GateError as exc:
        _fail(str(exc))
        sys.exit(2)
    if result.verdict.outcome is Outcome.ERROR:
        for reason in result.verdict.reasons:
            _fail(reason)
    sys.exit(result.verdict.outcome.exit_code)


@main.command("validate-config")
@click.argument("path", default=".aigate.toml")
def validate_config(path: str) -> None:
    """Check a config file strictly; exit 2 naming the bad key."""
    from gate.config import parse_config

    file = Path(path)
    try:
        if not file.is_file():
            raise GateError(f"{path}: config file not found")
        config = parse_config(file.read_text(encoding="utf-8"), path)
    except (GateError, UnicodeDecodeError) as exc:
        _fail(str(exc))
        sys.exit(2)
    if config is None:
        _fail(f"{path}: no [tool.aigate] table")
        sys.exit(2)
    click.echo(f"{path}: ok")


@main.command()
@click.option("--base", help="Target branch or commit (default: attribute the work tree).")
@click.option("--head", help="Tip of the change (default HEAD).")
@click.option(
    "--format", "fmt", type=click.Choice(("text", "json")), default="text", show_default=True
)
@click.option("--repo", "repo_dir", default=".", type=click.Path(file_okay=False))
@click.option(
    "--assume-ai", is_flag=True, envvar="AIGATE_AI", help="Treat every change as AI-written."
)
def attribute(base: str | None, head: str | None, fmt: str, repo_dir: str, assume_ai: bool) -> None:
    """Show which commits and lines of a change an AI wrote."""
    from gate.pipeline import prepare
    from gate.report.attribution import render_attribution_json, render_attribution_text

    if head is not None and base is None:
        raise click.UsageError("--head needs --base")
    mode = ScanMode.RANGE if base else ScanMode.WORKTREE
    request = ScanRequest(
        mode=mode, repo_root=Path(repo_dir), base=base, head=head, assume_ai=assume_ai
    )
    try:
        changeset = prepare(request).changeset
    except GateError as exc:
        _fail(str(exc))
        sys.exit(2)
    files = {f.path: f.line_provenance for f in changeset.files}
    render = render_attribution_json if fmt == "json" else render_attribution_text
    click.echo(render(changeset.commits, files), nl=False)


@main.command()
@click.option(
    "--output",
    "-o",
    default=".aigate-baseline.json",
    show_default=True,
    help="Where to write the baseline.",
)
@click.option("--repo", "repo_dir", default=".", type=click.Path(file_okay=False))
@click.option("--config", "config_path", help="Config file to use instead of discovery.")
def baseline(output: str, repo_dir: str, config_path: str | None) -> None:
    """Accept today's findings: audit every tracked Python file of HEAD and write a baseline.

    Commit the file and name it in config (`baseline = ".aigate-baseline.json"`); later scans
    report only findings whose fingerprint is not in it.
    """
    from gate.baseline import render_baseline
    from gate.model import Disposition
    from gate.pipeline import Overrides, run

    request = ScanRequest(mode=ScanMode.ALL, repo_root=Path(repo_dir), all_lines=True)
    try:
        result = run(request, Overrides(config_path=config_path))
        if result.verdict.outcome is Outcome.ERROR:
            raise GateError("; ".join(result.verdict.reasons))
        accepted = [
            d.finding
            for d in result.verdict.decisions
            if d.disposition in (Disposition.BLOCKING, Disposition.WARNING)
        ]
        write_atomic(Path(output), render_baseline(accepted))
    except GateError as exc:
        _fail(str(exc))
        sys.exit(2)
    click.echo(f"wrote {output}: {len(accepted)} accepted finding(s)")


@main.command("rules")
@click.option("--source", type=click.Choice(("semgrep", "aigate", "pylint", "bandit")))
def list_rules(source: str | None) -> None:
    """List every rule: id, source, severity, CWE and one line."""
    from gate.catalog import all_rules

    try:
        rules = [r for r in all_rules() if source is None or r.source == source]
    except GateError as exc:
        _fail(str(exc))
        sys.exit(2)
    width = max((len(r.id) for r in rules), default=10)
    for r in rules:
        cwe = ",".join(f"CWE-{c}" for c in r.cwe) or "-"
        click.echo(f"{r.id:<{width}}  {r.source:<7}  {r.severity:<8}  {cwe:<16}  {r.summary}")


@main.command()
@click.argument("rule_id")
def explain(rule_id: str) -> None:
    """Print a rule's documentation and how to fix what it finds."""
    from gate.catalog import describe, find_rule

    try:
        click.echo(describe(find_rule(rule_id)), nl=False)
    except GateError as exc:
        _fail(str(exc))
        sys.exit(2)


@main.command("demo")
@click.option("--keep", is_flag=True, help="Keep the demo repository and print where it is.")
def demo(keep: bool) -> None:
    """Build a small repo with a vulnerable AI-written change and scan it."""
    from gate.demo import run_demo

    try:
        code = run_demo(keep=keep, echo=click.echo)
    except GateError as exc:
        _fail(str(exc))
        sys.exit(2)
    sys.exit(code)


def run_main() -> None:
    """Entry point with Ctrl-C handling."""
    try:
        main()
    except KeyboardInterrupt:
        click.echo("aigate: interrupted", err=True)
        sys.exit(130)

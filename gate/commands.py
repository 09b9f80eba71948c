"""Commands beside `scan`: attribute, baseline, rules, explain, validate-config, demo, doctor."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from gate.errors import GateError
from gate.io import write_atomic
from gate.model import Outcome, ScanMode, ScanRequest

F = TypeVar("F", bound=Callable[..., Any])


def report_options(func: F) -> F:
    """--output, --sarif, --summary, --json, --link-base, --verbose: what scan and merge write."""
    for option in reversed(
        (
            click.option("--output", "-o", help="Write the report here instead of stdout."),
            click.option("--sarif", help="Also write SARIF 2.1.0 here (written even on error)."),
            click.option("--summary", help="Also write a Markdown summary here."),
            click.option("--json", "json_file", help="Also write the JSON report here."),
            click.option(
                "--link-base",
                help="URL prefix for file links in Markdown, e.g. a blob URL at head.",
            ),
            click.option(
                "--verbose",
                "-v",
                is_flag=True,
                help="Text report: list every warning, not one line per rule with a count.",
            ),
        )
    ):
        func = option(func)
    return func


def fail(message: str) -> None:
    """Print a one-line error on stderr (controls and undecodable name bytes made visible)."""
    from gate.report.base import one_line  # late: start-up need not load the report formats

    click.echo(f"aigate: error: {one_line(message)}", err=True)


@click.command("validate-config")
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
        fail(str(exc))
        sys.exit(2)
    if config is None:
        fail(f"{path}: no [tool.aigate] table")
        sys.exit(2)
    click.echo(f"{path}: ok")


@click.command()
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
        fail(str(exc))
        sys.exit(2)
    files = {f.path: f.line_provenance for f in changeset.files}
    render = render_attribution_json if fmt == "json" else render_attribution_text
    click.echo(render(changeset.commits, files), nl=False)


@click.command()
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
        fail(str(exc))
        sys.exit(2)
    click.echo(f"wrote {output}: {len(accepted)} accepted finding(s)")


@click.command("rules")
@click.option("--source", type=click.Choice(("semgrep", "aigate", "pylint", "mypy", "bandit")))
def list_rules(source: str | None) -> None:
    """List every rule: id, source, severity, CWE and one line."""
    from gate.catalog import all_rules

    try:
        rules = [r for r in all_rules() if source is None or r.source == source]
    except GateError as exc:
        fail(str(exc))
        sys.exit(2)
    width = max((len(r.id) for r in rules), default=10)
    for r in rules:
        cwe = ",".join(f"CWE-{c}" for c in r.cwe) or "-"
        click.echo(f"{r.id:<{width}}  {r.source:<7}  {r.severity:<8}  {cwe:<16}  {r.summary}")


@click.command()
@click.argument("rule_id")
def explain(rule_id: str) -> None:
    """Print a rule's documentation and how to fix what it finds."""
    from gate.catalog import describe, find_rule

    try:
        click.echo(describe(find_rule(rule_id)), nl=False)
    except GateError as exc:
        fail(str(exc))
        sys.exit(2)


@click.command("demo")
@click.option("--keep", is_flag=True, help="Keep the demo repository and print where it is.")
def demo(keep: bool) -> None:
    """Build a small repo with a vulnerable AI-written change and scan it."""
    from gate.demo import run_demo

    try:
        code = run_demo(keep=keep, echo=click.echo)
    except GateError as exc:
        fail(str(exc))
        sys.exit(2)
    sys.exit(code)


@click.command("init")
@click.option("--repo", "repo_dir", default=".", type=click.Path(file_okay=False))
@click.option("--force", is_flag=True, help="Overwrite files that exist.")
@click.option(
    "--audit-workflow",
    is_flag=True,
    help="Write only a sharded full-audit workflow (.github/workflows/aigate-audit.yml).",
)
@click.option("--shards", default=4, show_default=True, help="Parallel jobs of the audit.")
def init(repo_dir: str, force: bool, audit_workflow: bool, shards: int) -> None:
    """Write a starter .aigate.toml, the GitHub workflow and a pre-commit config."""
    from gate.init import init_audit, init_repo

    try:
        if audit_workflow:
            written = init_audit(Path(repo_dir), shards, force)
        else:
            written = init_repo(Path(repo_dir), force)
    except GateError as exc:
        fail(str(exc))
        sys.exit(2)
    for line in written:
        click.echo(line)


@click.command()
@click.argument("reports", nargs=-1, required=True, type=click.Path())
@click.option(
    "--format",
    "fmt",
    type=click.Choice(("text", "json", "sarif", "markdown", "github")),
    default="text",
    show_default=True,
)
@report_options
def merge(
    reports: tuple[str, ...],
    fmt: str,
    output: str | None,
    sarif: str | None,
    summary: str | None,
    json_file: str | None,
    link_base: str | None,
    verbose: bool,
) -> None:
    """Join the JSON reports of every shard of one audit into one verdict, SARIF and summary.

    Shards of different revisions or configs, or a missing shard, are an error (exit 2).
    """
    from gate.cli import _emit  # cli is loaded: it runs this command
    from gate.report import RenderOptions
    from gate.shard import load_reports, merge_reports

    try:
        result = merge_reports(load_reports(reports))
        extras = {"sarif": sarif, "markdown": summary, "json": json_file}
        _emit(result, fmt, output, extras, RenderOptions(link_base=link_base, verbose=verbose))
    except GateError as exc:
        fail(str(exc))
        sys.exit(2)
    sys.exit(result.verdict.outcome.exit_code)


@click.command("doctor")
def doctor() -> None:
    """Check this installation can scan: git, each analyzer, Python, temp dirs (exit 0 or 2)."""
    import tempfile

    from gate.doctor import render, run_checks

    with tempfile.TemporaryDirectory(prefix="aigate-doctor-") as scratch:
        checks = run_checks(Path(scratch))
    click.echo(render(checks), nl=False)
    sys.exit(0 if all(c.ok for c in checks) else 2)


COMMANDS = (validate_config, attribute, baseline, list_rules, explain, demo, init, merge, doctor)
"""Registered on the `aigate` group by gate.cli."""

"""Small CLI that reports statistics about log files."""

import glob
import shlex
import subprocess

import click


def run_cmd(cmd: str) -> str:
    """Run a shell command and return its stdout."""
    completed = subprocess.run(cmd, shell=True, capture_output=True, text=True)
    return completed.stdout.strip()


@click.command()
@click.argument("pattern")
@click.option("--logdir", default="/var/log/app", show_default=True)
def count(pattern: str, logdir: str) -> None:
    """Count lines matching PATTERN in every log file."""
    for name in sorted(glob.glob(f"{logdir}/*.log")):
        hits = run_cmd(f"grep -c -e {shlex.quote(pattern)} -- {shlex.quote(name)}")
        click.echo(f"{name}: {hits or 0}")


if __name__ == "__main__":
    count()

"""Small CLI that reports statistics about log files."""

import subprocess

import click


def run_cmd(cmd: str) -> str:
    """Run a shell command and return its stdout."""
    completed = subprocess.run(cmd, shell=True, check=True, capture_output=True, text=True)
    return completed.stdout.strip()


@click.command()
@click.argument("pattern")
@click.option("--logdir", default="/var/log/app", show_default=True)
def count(pattern: str, logdir: str) -> None:
    """Count lines matching PATTERN in every log file."""
    files = run_cmd(f"ls {logdir}/*.log").splitlines()
    for name in files:
        hits = run_cmd(f"grep -c '{pattern}' {name} || true")
        click.echo(f"{name}: {hits}")


if __name__ == "__main__":
    count()

"""`aigate demo`: a throwaway repo with a vulnerable AI-written change, scanned as a PR would be."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from pathlib import Path

from gate.errors import GateError
from gate.model import Outcome, ScanMode, ScanRequest

BASE_APP = '''"""A tiny inventory service."""
from flask import Flask, jsonify

app = Flask(__name__)


@app.get("/health")
def health():
    return jsonify(status="ok")
'''

# The demo's vulnerable change is data written into a temp repo, never run.
AI_APP = (
    BASE_APP
    + """

import sqlite3
import subprocess

import requests
from flask import request


@app.get("/items")
def items():
    name = request.args.get("name", "")
    db = sqlite3.connect("inventory.db")
    rows = db.execute(f"SELECT * FROM items WHERE name = '{name}'").fetchall()
    return jsonify(rows)


@app.get("/ping")
def ping():
    host = request.args["host"]
    out = subprocess.check_output("ping -c 1 " + host, shell=True)
    return out


@app.get("/mirror")
def mirror():
    return requests.get(request.args["url"], verify=False).text
"""
)

AI_MESSAGE = """Add item search, ping and mirror endpoints

Co-authored-by: Claude <noreply@anthropic.com>
"""


def _git(root: Path, *args: str) -> None:
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("GIT_")},
        "GIT_AUTHOR_NAME": "Dana Developer",
        "GIT_AUTHOR_EMAIL": "dana@example.com",
        "GIT_COMMITTER_NAME": "Dana Developer",
        "GIT_COMMITTER_EMAIL": "dana@example.com",
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_CONFIG_GLOBAL": os.devnull,
    }
    proc = subprocess.run(
        ("git", *args), cwd=root, env=env, capture_output=True, text=True, check=False, timeout=60
    )
    if proc.returncode != 0:
        raise GateError(f"demo: git {args[0]} failed: {proc.stderr.strip()}")


def build_demo_repo(root: Path) -> None:
    """A repo whose branch `ai-change` adds vulnerable code in a commit Claude Code co-wrote."""
    root.mkdir(parents=True, exist_ok=True)
    _git(root, "init", "-q", "-b", "main")
    (root / "app.py").write_text(BASE_APP, encoding="utf-8")
    (root / "requirements.txt").write_text("flask>=3\nrequests>=2.31\n", encoding="utf-8")
    _git(root, "add", "app.py", "requirements.txt")
    _git(root, "commit", "-q", "-m", "Inventory service skeleton")
    _git(root, "checkout", "-q", "-b", "ai-change")
    (root / "app.py").write_text(AI_APP, encoding="utf-8")
    _git(root, "commit", "-q", "-a", "-m", AI_MESSAGE)


def run_demo(keep: bool, echo: Callable[[str], None]) -> int:
    """Build, scan (like `aigate scan --base main`), print; 0 when the gate blocks the change."""
    from gate.pipeline import run
    from gate.report import FORMATS, RenderOptions

    top = Path(tempfile.mkdtemp(prefix="aigate-demo-"))
    try:
        repo = top / "demo"
        build_demo_repo(repo)
        echo(f"demo repository: {repo} (branch ai-change, written with Claude Code)")
        echo("scanning the change as a pull request: aigate scan --base main --head ai-change\n")
        result = run(ScanRequest(ScanMode.RANGE, repo, base="main", head="ai-change"))
        echo(FORMATS["text"](result, RenderOptions()))
        outcome = result.verdict.outcome
        if outcome is Outcome.FAIL:
            echo("demo: the gate blocked the vulnerable AI-written change, as it should.")
            return 0
        if outcome is Outcome.ERROR:
            return 2
        echo("demo: the gate let the vulnerable change through: this is a bug.")
        return 1
    finally:
        if keep:
            echo(f"kept {top}")
        else:
            shutil.rmtree(top, ignore_errors=True)

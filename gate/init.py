"""`aigate init`: a starter config, the GitHub workflow and the pre-commit snippet for a repo."""

from __future__ import annotations

import importlib.resources
from pathlib import Path

from gate.errors import GateError
from gate.io import write_atomic

TEMPLATES = {
    ".aigate.toml": "aigate.toml",
    ".github/workflows/aigate.yml": "github-workflow.yml",
    ".pre-commit-config.yaml": "pre-commit-config.yaml",
}
"""Repo path -> template file in gate/templates."""


def template(name: str) -> str:
    """The text of a shipped template."""
    return (importlib.resources.files("gate") / "templates" / name).read_text(encoding="utf-8")


PRE_COMMIT = ".pre-commit-config.yaml"
"""Never overwritten: it holds the user's other hooks."""


def init_repo(root: Path, force: bool = False) -> list[str]:
    """Write the templates into ``root``; lines saying what was done, for the user.

    An existing config or workflow is an error unless ``force``; an existing pre-commit config is
    left alone (it holds other hooks) and the lines say which hook to add to it.
    """
    if not root.is_dir():
        raise GateError(f"{root}: not a directory")
    existing = [rel for rel in TEMPLATES if rel != PRE_COMMIT and (root / rel).exists()]
    if existing and not force:
        raise GateError(
            f"{', '.join(existing)}: already exists; nothing written (use --force to overwrite)"
        )
    done = []
    for rel, name in TEMPLATES.items():
        if rel == PRE_COMMIT and (root / rel).exists():
            snippet = template(name).split("repos:\n", 1)[1].rstrip()
            done.append(f"left {rel} as it is; add this entry under `repos:`\n{snippet}")
            continue
        write_atomic(root / rel, template(name))
        done.append(f"wrote {rel}")
    return done


AUDIT_WORKFLOW = ".github/workflows/aigate-audit.yml"
"""Where ``aigate init --audit-workflow`` writes the sharded audit."""


def audit_workflow(shards: int) -> str:
    """The sharded full-audit workflow for ``shards`` parallel jobs and a merge job."""
    if not 1 <= shards <= 256:
        raise GateError(f"--shards {shards}: expected 1 to 256 (GitHub runs at most 256 jobs)")
    text = template("audit-workflow.yml")
    matrix = ", ".join(str(k) for k in range(1, shards + 1))
    return text.replace("@MATRIX@", matrix).replace("@SHARDS@", str(shards))


def init_audit(root: Path, shards: int, force: bool = False) -> list[str]:
    """Write the audit workflow into ``root``; an existing one is an error unless ``force``."""
    if not root.is_dir():
        raise GateError(f"{root}: not a directory")
    text = audit_workflow(shards)
    if (root / AUDIT_WORKFLOW).exists() and not force:
        raise GateError(f"{AUDIT_WORKFLOW}: already exists; nothing written (use --force)")
    write_atomic(root / AUDIT_WORKFLOW, text)
    return [f"wrote {AUDIT_WORKFLOW} ({shards} shards and a merge job)"]

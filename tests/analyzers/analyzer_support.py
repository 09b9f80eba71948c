"""Helpers for the analyzer tests: tiny workspaces and what the tools found in them."""

from __future__ import annotations

import textwrap
from collections.abc import Mapping
from pathlib import Path

from gate.analyzers.base import AnalyzerContext
from gate.model import AnalyzerSettings, RawFinding

SETTINGS = AnalyzerSettings(timeout=120.0)
"""Generous: the real tools must never time out in tests."""


def write_workspace(root: Path, files: Mapping[str, str]) -> tuple[str, ...]:
    """Write ``files`` (repo-relative path -> source) under ``root``; return the sorted targets."""
    for rel, source in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(source), encoding="utf-8")
    return tuple(sorted(p for p in files if p.endswith(".py")))


def make_context(
    base: Path,
    files: Mapping[str, str],
    *,
    targets: tuple[str, ...] | None = None,
    settings: AnalyzerSettings = SETTINGS,
    extra_rules: tuple[Path, ...] = (),
) -> AnalyzerContext:
    """A workspace under ``base/ws`` and a scratch dir under ``base/scratch``."""
    workspace, scratch = base / "ws", base / "scratch"
    workspace.mkdir(parents=True)
    scratch.mkdir(parents=True)
    written = write_workspace(workspace, files)
    return AnalyzerContext(
        workspace=workspace,
        targets=written if targets is None else targets,
        scratch=scratch,
        settings=settings,
        extra_rules=extra_rules,
    )


def hits(findings: tuple[RawFinding, ...], path: str) -> list[tuple[str, int]]:
    """(rule id, line) of the findings in ``path``, sorted."""
    return sorted((f.rule_id, f.location.start_line) for f in findings if f.location.path == path)

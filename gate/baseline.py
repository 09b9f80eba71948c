"""A versioned baseline of accepted findings, keyed by line-number-free fingerprints."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass

from gate.errors import BaselineError
from gate.model import Finding

VERSION = 1
"""The baseline format this release reads and writes."""


@dataclass(frozen=True)
class Baseline:
    """Fingerprints of findings that were accepted when the baseline was written."""

    fingerprints: frozenset[str]
    """The accepted findings' fingerprints."""
    source: str
    """Where it was read from, for messages."""
    paths: frozenset[str] | None = frozenset()
    """The files the accepted findings are in; None when an entry does not say (a
    hand-written baseline): then any file may hold one."""


EMPTY = Baseline(frozenset(), "none")
"""No baseline."""


def parse_baseline(data: bytes, source: str) -> Baseline:
    """Parse a baseline file; BaselineError names the file and the problem."""
    try:
        doc = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise BaselineError(f"{source}: not a JSON baseline: {exc}") from None
    if not isinstance(doc, dict) or doc.get("version") != VERSION:
        found = doc.get("version") if isinstance(doc, dict) else None
        raise BaselineError(
            f"{source}: unsupported baseline version {found!r} (this aigate reads version "
            f"{VERSION}; regenerate it with `aigate baseline`)"
        )
    entries = doc.get("findings")
    if not isinstance(entries, list) or not all(
        isinstance(e, dict) and isinstance(e.get("fingerprint"), str) for e in entries
    ):
        raise BaselineError(f"{source}: findings: expected a list of objects with a fingerprint")
    paths = frozenset(e["path"] for e in entries if isinstance(e.get("path"), str))
    complete = all(isinstance(e.get("path"), str) for e in entries)
    return Baseline(
        frozenset(e["fingerprint"] for e in entries), source, paths if complete else None
    )


def render_baseline(findings: Iterable[Finding]) -> str:
    """A baseline file accepting ``findings`` (sorted, stable, reviewable in a diff)."""
    entries = sorted(
        (
            {
                "fingerprint": f.fingerprint,
                "rule_id": f.rule_id,
                "path": f.location.path,
                "snippet": f.snippet,
            }
            for f in findings
        ),
        key=lambda e: (e["path"], e["rule_id"], e["fingerprint"]),
    )
    return json.dumps({"version": VERSION, "findings": entries}, indent=2, sort_keys=True) + "\n"

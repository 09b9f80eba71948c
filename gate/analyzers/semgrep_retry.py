"""semgrep's per-rule timeouts: a file that timed out is scanned once more, alone, with more time.

On a loaded machine one rule on one big file can hit the per-rule timeout (``--timeout``) and
the same change would be ERROR now and PASS later. A verdict must not depend on machine load:
the files that timed out get a second semgrep call each, alone, with ``RETRY_FACTOR`` times the
timeout; only a timeout on that retry fails the run, naming the file and the rule.
"""

from __future__ import annotations

from typing import Any

from gate.analyzers.base import strip_dot_slash

RETRY_FACTOR = 4
"""The retry of a timed-out file gets this many times the configured per-rule timeout."""
MAX_RETRIES = 3
"""At most this many files are retried; more timeouts than that fail the run at once."""


def timed_out_files(data: dict[str, Any]) -> dict[str, tuple[str, ...]]:
    """Repo-relative path -> the rule ids that hit the per-rule timeout on it, in JSON order."""
    found: dict[str, list[str]] = {}
    for error in data.get("errors") or []:
        if not isinstance(error, dict) or _kind(error) != "Timeout" or not error.get("path"):
            continue
        rules = found.setdefault(strip_dot_slash(str(error["path"])), [])
        rule = str(error.get("rule_id") or "?")
        if rule not in rules:
            rules.append(rule)
    return {path: tuple(rules) for path, rules in found.items()}


def timeout_message(path: str, rules: tuple[str, ...], seconds: int, *, retried: bool) -> str:
    """The error of a file whose rule timed out (again, when ``retried`` alone)."""
    when = "also when retried alone" if retried else f"(over {MAX_RETRIES} files timed out)"
    return (
        f"semgrep: {path}: rule {', '.join(rules)} timed out after {seconds} s on this file "
        f"{when}; raise analyzers.semgrep.rule_timeout or exclude the file"
    )


def merge_retry(first: dict[str, Any], path: str, retry: dict[str, Any]) -> dict[str, Any]:
    """``first`` with everything about ``path`` replaced by what the retry found."""

    def other(item: object) -> bool:
        return not (isinstance(item, dict) and strip_dot_slash(str(item.get("path"))) == path)

    merged = dict(first)
    merged["results"] = [r for r in first.get("results") or [] if other(r)] + list(
        retry.get("results") or []
    )
    merged["errors"] = [e for e in first.get("errors") or [] if other(e)] + list(
        retry.get("errors") or []
    )
    paths = dict(first.get("paths") or {})
    retry_paths = retry.get("paths") or {}
    scanned = [p for p in paths.get("scanned") or [] if strip_dot_slash(str(p)) != path]
    paths["scanned"] = scanned + list(retry_paths.get("scanned") or [])
    paths["skipped"] = [s for s in paths.get("skipped") or [] if other(s)] + list(
        retry_paths.get("skipped") or []
    )
    merged["paths"] = paths
    return merged


def _kind(error: dict[str, Any]) -> str:
    kind = error.get("type", "")
    if isinstance(kind, list) and kind:
        kind = kind[0]
    return str(kind)

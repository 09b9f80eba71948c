"""Pass 1's answers in the result cache: per file, what semgrep's question rules found in it.

A pass-1 call (gate/analyzers/summarize.py) asks intra-file questions, so one file's answers
depend only on the question rules, the file's path and bytes, semgrep and aigate itself: that
is the key. A file semgrep reported an error for (a parse failure, a rule timeout under load)
is never stored, so a miss asks again. A re-run whose files and summaries did not change thus
starts no semgrep process for pass 1.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from gate.analyzers.summaries import SINK, SOURCE, Summary
from gate.cache import ResultCache
from gate.cachekey import code_identity, digest, tool_identity

KIND = "semgrep-pass1"
"""The cache's directory for these entries."""


class PassOneMemo:
    """Per-file pass-1 summaries for one scan's semgrep, stored in ``cache``."""

    def __init__(self, cache: ResultCache, executable: str) -> None:
        self.cache = cache
        tool = tool_identity(executable)
        self._context = None if tool is None else digest(code_identity(), KIND, tool)

    def key(self, rules_text: str, path: str, data: bytes) -> str | None:
        """The key of ``path``'s answers to the rules (their JSON text); None: uncachable."""
        return None if self._context is None else digest(self._context, rules_text, path, data)

    def get(self, key: str) -> frozenset[Summary] | None:
        """The stored summaries, or None for a miss."""
        return self.cache.load(KIND, key, _decode)

    def put(self, key: str, summaries: frozenset[Summary]) -> None:
        """Store one file's summaries (possibly none)."""
        rows = [[s.rule, s.kind, s.name, s.method, s.index, s.param, s.where] for s in summaries]
        self.cache.store(KIND, key, {"summaries": sorted(rows, key=json.dumps)})


def cached_answers(
    cache: ResultCache,
    executable: str,
    rules_text: str,
    workspace: Path,
    files: tuple[str, ...],
    call: Callable[[tuple[str, ...]], tuple[dict[str, frozenset[Summary]], frozenset[str] | None]],
) -> frozenset[Summary]:
    """The summaries of ``files``: stored ones, and ``call`` (one semgrep run) for the rest,
    whose answers are stored unless semgrep reported an error for the file."""
    memo = PassOneMemo(cache, executable)
    found: dict[str, frozenset[Summary]] = {}
    keys: dict[str, str] = {}
    for path in files:
        try:
            key = memo.key(rules_text, path, (workspace / path).read_bytes())
        except OSError:
            key = None
        stored = None if key is None else memo.get(key)
        if stored is not None:
            found[path] = stored
        elif key is not None:
            keys[path] = key
    missed = tuple(f for f in files if f not in found)
    cache.count(KIND, len(files) - len(missed), len(missed))
    if missed:
        answers, unsure = call(missed)
        for path in missed:
            found[path] = answers.pop(path, frozenset())
            if path in keys and unsure is not None and path not in unsure:
                memo.put(keys[path], found[path])
        found.update(answers)  # a path semgrep named otherwise: used, never stored
    return frozenset().union(*found.values())


def _decode(body: dict[str, Any]) -> frozenset[Summary]:
    out = set()
    for row in body["summaries"]:
        rule, kind, name, method, index, param, where = row
        if kind not in (SINK, SOURCE) or not all(isinstance(v, str) for v in (rule, name, param)):
            raise ValueError("not a summary")
        if type(method) is not bool or type(index) is not int or not isinstance(where, str):
            raise ValueError("not a summary")
        out.add(Summary(rule, kind, name, method, index, param, where))
    return frozenset(out)

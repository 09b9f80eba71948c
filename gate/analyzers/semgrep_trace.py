"""semgrep's data-flow traces, read from its text report (its JSON omits them unless logged in).

Since semgrep 1.100 the JSON field ``dataflow_trace`` is reserved for logged-in users; the text
report written by the same call (``--dataflow-traces --text-output=FILE``) still lists, under
each taint finding, where the taint comes from, the variables it flows through and the sink,
each as ``<line>┆ <code>``. This module reads those line numbers back, keyed by the
finding's path, rule id and first line, which the JSON gives too.
"""

from __future__ import annotations

import re
from pathlib import Path

TraceKey = tuple[str, str, int]
"""(repo-relative path, semgrep check id, first line of the match)."""

_CODE = re.compile(r"^\s*(\d+)┆")
_RULE = re.compile(r"^\s*[❯❱]+\s+(\S+)\s*$")
_SEPARATOR = re.compile(r"^\s*⋮┆-+\s*$")
_TRACE_HEADINGS = frozenset(
    {
        "Taint comes from:",
        "Taint flows through these intermediate variables:",
        "This is how taint reaches the sink:",
    }
)


def _relative(path: str) -> str:
    while path.startswith("./"):
        path = path[2:]
    return path


class _Reader:
    """A small state machine over the report's lines."""

    def __init__(self, targets: frozenset[str]) -> None:
        self.targets = targets
        self.traces: dict[TraceKey, set[int]] = {}
        self.path: str | None = None
        self.rule: str | None = None
        self._reset()

    def _reset(self) -> None:
        self.start: int | None = None
        self.in_trace = False
        self.lines: list[int] = []

    def _flush(self) -> None:
        if self.path and self.rule and self.start is not None and self.lines:
            self.traces.setdefault((self.path, self.rule, self.start), set()).update(self.lines)
        self._reset()

    def feed(self, line: str) -> None:
        stripped = line.strip()
        rule = _RULE.match(line)
        if rule:
            self._flush()
            self.rule = rule.group(1)
        elif _relative(stripped) in self.targets and not _CODE.match(line):
            self._flush()
            self.path, self.rule = _relative(stripped), None
        elif _SEPARATOR.match(line):
            self._flush()
        elif stripped in _TRACE_HEADINGS:
            self.in_trace = True
        else:
            code = _CODE.match(line)
            if code is None:
                return
            number = int(code.group(1))
            if self.in_trace:
                self.lines.append(number)
            elif self.start is None:
                self.start = number

    def finish(self) -> dict[TraceKey, tuple[int, ...]]:
        self._flush()
        return {key: tuple(sorted(lines)) for key, lines in self.traces.items()}


def parse_traces(text: str, targets: tuple[str, ...]) -> dict[TraceKey, tuple[int, ...]]:
    """Trace line numbers of every taint finding in a semgrep text report."""
    reader = _Reader(frozenset(targets))
    for line in text.splitlines():
        reader.feed(line)
    return reader.finish()


def read_traces(report: Path, targets: tuple[str, ...]) -> dict[TraceKey, tuple[int, ...]]:
    """``parse_traces`` of the text report at ``report``; empty when semgrep wrote none."""
    try:
        text = report.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return {}
    return parse_traces(text, targets)

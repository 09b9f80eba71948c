"""Inline suppressions: `# aigate: ignore[rule-id, ...] reason`; a reason is required."""

from __future__ import annotations

import functools
import io
import re
import tokenize
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from gate.model import ChangedFile, ChangeSet, Finding

_IGNORE = re.compile(r"#\s*aigate:\s*ignore\[([^\]]*)\]\s*(.*)$", re.IGNORECASE)


@dataclass(frozen=True)
class Suppression:
    """One ignore comment."""

    path: str
    """Repo-relative path."""
    line: int
    """The line the comment applies to (its own line, or the next for a comment-only line)."""
    comment_line: int
    """Where the comment is."""
    rule_ids: tuple[str, ...]
    """Namespaced rule ids it names."""
    reason: str
    """Why; empty means the comment is invalid and suppresses nothing."""


def _comments(text: str) -> Iterator[tuple[int, str, bool]]:
    """(line, comment text, comment is alone on its line) for every comment in the source."""
    return iter(_comment_list(text) if "#" in text else ())


@functools.lru_cache(maxsize=256)
def _comment_list(text: str) -> tuple[tuple[int, str, bool], ...]:
    """``_comments``, tokenized once per text (the suppression checks read each file thrice)."""
    return tuple(_tokenized_comments(text))


def _tokenized_comments(text: str) -> Iterator[tuple[int, str, bool]]:
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(text).readline))
    except (tokenize.TokenError, SyntaxError, IndentationError):
        # unparsable source: fall back to a plain line scan so the comment still counts
        for number, line in enumerate(text.splitlines(), 1):
            index = line.find("#")
            if index >= 0:
                yield number, line[index:], not line[:index].strip()
        return
    for tok in tokens:
        if tok.type == tokenize.COMMENT:
            yield tok.start[0], tok.string, not tok.line[: tok.start[1]].strip()


def parse_file(changed: ChangedFile) -> tuple[Suppression, ...]:
    """Every aigate ignore comment of a file."""
    text = changed.content.decode("utf-8", "replace")
    out = []
    for line, comment, alone in _comments(text):
        match = _IGNORE.search(comment)
        if not match:
            continue
        ids = tuple(i.strip() for i in match.group(1).split(",") if i.strip())
        reason = match.group(2).strip().lstrip("-:").strip()
        out.append(Suppression(changed.path, line + 1 if alone else line, line, ids, reason))
    return tuple(out)


def collect_suppressions(changeset: ChangeSet) -> Mapping[tuple[str, int], tuple[Suppression, ...]]:
    """Suppressions of every scanned file, keyed by (path, line they apply to)."""
    table: dict[tuple[str, int], tuple[Suppression, ...]] = {}
    for changed in changeset.files:
        for sup in parse_file(changed):
            key = (sup.path, sup.line)
            table[key] = (*table.get(key, ()), sup)
    return table


def match(
    finding: Finding, table: Mapping[tuple[str, int], tuple[Suppression, ...]]
) -> Suppression | None:
    """The suppression that names this finding's rule (or one of its sources) on its line."""
    names = {finding.rule_id, *finding.sources}
    for sup in table.get((finding.location.path, finding.location.start_line), ()):
        if names & set(sup.rule_ids):
            return sup
    return None

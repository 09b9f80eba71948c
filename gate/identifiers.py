"""Identifiers as Python reads them: NFKC-normalised (PEP 3131), so ``ｅｖａｌ`` is ``eval``.

Python normalises every identifier with NFKC while parsing: ``ｅｖａｌ(input())`` calls ``eval``
and ``ｓｈｅｌｌ=True`` passes ``shell``. Pattern-based analyzers (semgrep) compare names as
written and see neither. The workspace copy therefore holds the normalised names, and findings
on it are mapped back to the columns of the real file. Only NAME tokens change: strings and
comments stay as written, lines never move. Tokenizing reads the text; nothing is executed.
"""

from __future__ import annotations

import io
import tokenize
import unicodedata
from dataclasses import dataclass, replace

from gate.model import Location


@dataclass(frozen=True)
class Renamed:
    """One identifier whose NFKC form differs from how it is written."""

    line: int
    """1-based line."""
    column: int
    """0-based character column where it starts in the file as written."""
    written: str
    """The identifier as written."""
    normalised: str
    """The name Python sees."""


def renamed_identifiers(text: str) -> tuple[Renamed, ...]:
    """Every identifier that NFKC changes; empty when there is none or the text does not
    tokenize (the analyzers then report the file as unparsable)."""
    if text.isascii():
        return ()
    out: list[Renamed] = []
    try:
        for token in tokenize.generate_tokens(io.StringIO(text).readline):
            if token.type == tokenize.NAME and not token.string.isascii():
                normal = unicodedata.normalize("NFKC", token.string)
                if normal != token.string:
                    out.append(Renamed(token.start[0], token.start[1], token.string, normal))
    except (tokenize.TokenError, SyntaxError, ValueError):
        return ()
    return tuple(out)


def normalise(text: str, renamed: tuple[Renamed, ...]) -> str:
    """``text`` with each renamed identifier replaced by its NFKC form."""
    if not renamed:
        return text
    lines = text.split("\n")
    # right to left, so earlier columns on the same line stay valid
    for item in sorted(renamed, key=lambda r: (r.line, r.column), reverse=True):
        line = lines[item.line - 1]
        end = item.column + len(item.written)
        lines[item.line - 1] = line[: item.column] + item.normalised + line[end:]
    return "\n".join(lines)


def original_column(renamed: tuple[Renamed, ...], line: int, column: int) -> int:
    """A 1-based column of the normalised text as a column of the text as written."""
    shift = 0
    for item in sorted(renamed, key=lambda r: r.column):
        if item.line != line:
            continue
        start = item.column + 1 + shift  # where it begins in the normalised line, 1-based
        if column < start:
            break
        grown = len(item.normalised) - len(item.written)
        if column < start + len(item.normalised):
            return column - shift - max(0, min(grown, column - start))
        shift += grown
    return column - shift


def decoded(content: bytes) -> str | None:
    """The file's text, or None when it is not UTF-8 (left to the collector's judgement)."""
    try:
        return content.decode("utf-8")
    except UnicodeDecodeError:
        return None


def analyzer_view(content: bytes) -> bytes:
    """What the analyzers get: ``content`` with identifiers NFKC-normalised."""
    text = decoded(content)
    renamed = renamed_identifiers(text) if text is not None else ()
    if text is None or not renamed:
        return content
    return normalise(text, renamed).encode("utf-8")


def map_back(location: Location, renamed: tuple[Renamed, ...]) -> Location:
    """A location on the analyzers' view as a location in the file as written."""
    if not renamed:
        return location
    start, end = location.start_column, location.end_column
    return replace(
        location,
        start_column=None
        if start is None
        else original_column(renamed, location.start_line, start),
        end_column=None
        if end is None
        else original_column(renamed, location.end_line or location.start_line, end),
    )

"""Jupyter notebooks as Python: each code line placed at the line of the .ipynb that holds it.

The mapping is the identity on line numbers: nbformat stores a code cell's ``source`` as a JSON
list with one string per code line, each on its own line of the file, so the extracted Python has
every code line at the line number of its JSON string and blank lines elsewhere. Findings, diff
lines, snippets and GitHub annotations then all refer to the same line of the notebook file.
IPython syntax becomes the calls IPython makes of it (``!cmd`` ->
``get_ipython().system('cmd')``, ``%magic`` -> ``run_line_magic``), so the line stays analysable.
A notebook the mapping cannot hold (two code lines on one file line, a cell magic that is not
Python) raises ``NotebookError``: the gate lists it as not judged, and it blocks.
"""

from __future__ import annotations

import bisect
import json
import json.decoder
import json.scanner
import re
from typing import Any

PYTHON_CELL_MAGICS = frozenset({"time", "timeit", "capture", "prun", "debug", "python", "python3"})
"""Cell magics whose body IPython runs as Python."""
_ASSIGN_ESCAPE = re.compile(r"^(?P<lhs>[\w., \t]+=[ \t]*)(?P<kind>[!%])(?P<rest>.*)$")


class NotebookError(ValueError):
    """Why a notebook cannot be judged (the message is the reason shown)."""


class NotPython(NotebookError):
    """A notebook whose kernel runs another language (listed, does not block)."""


class _At(str):
    """A JSON string value that remembers the offset of its opening quote."""

    offset: int


def _decoder() -> json.JSONDecoder:
    decoder = json.JSONDecoder()

    def parse_string(text: str, end: int, strict: bool) -> tuple[_At, int]:
        value, after = json.decoder.scanstring(text, end, strict)  # type: ignore[attr-defined]
        located = _At(value)
        located.offset = end - 1
        return located, after

    decoder.parse_string = parse_string  # type: ignore[attr-defined]
    decoder.scan_once = json.scanner.py_make_scanner(decoder)  # type: ignore[attr-defined]
    return decoder


def _language(data: dict[str, Any]) -> str:
    meta = data.get("metadata")
    if not isinstance(meta, dict):
        return "python"
    for table, key in (("kernelspec", "language"), ("language_info", "name")):
        value = meta.get(table, {}).get(key) if isinstance(meta.get(table), dict) else None
        if isinstance(value, str) and value:
            return value.casefold()
    return "python"


def _ipython(line: str) -> str:
    """A code line with IPython's escapes turned into the calls IPython makes of them."""
    stripped = line.lstrip()
    indent = line[: len(line) - len(stripped)]
    if stripped.startswith("!"):
        return f"{indent}get_ipython().system({stripped.lstrip('!')!r})"
    if stripped.startswith("%"):
        name, _, rest = stripped.lstrip("%").partition(" ")
        return f"{indent}get_ipython().run_line_magic({name!r}, {rest!r})"
    match = _ASSIGN_ESCAPE.match(line)
    if match is not None:
        call = "getoutput" if match["kind"] == "!" else "run_line_magic"
        return f"{match['lhs']}get_ipython().{call}({match['rest']!r})"
    return line


def _cell_lines(cell: dict[str, Any], number: int) -> list[_At]:
    source = cell.get("source", [])
    pieces = [source] if isinstance(source, str) else source
    if not isinstance(pieces, list) or not all(isinstance(p, _At) for p in pieces):
        raise NotebookError(f"cell {number}: source is not text")
    for piece in pieces:
        body = piece.removesuffix("\n").removesuffix("\r")
        if "\n" in body or "\r" in body:
            raise NotebookError(
                f"cell {number}: several code lines in one JSON string; aigate judges notebooks "
                "stored one code line per line (as Jupyter writes them)"
            )
    return pieces


def extract_notebook(content: bytes) -> bytes:
    """The notebook's code as Python at the notebook's own line numbers."""
    text = content.decode("utf-8")
    try:
        data = _decoder().decode(text)
    except (json.JSONDecodeError, RecursionError) as exc:
        raise NotebookError(f"not a readable notebook: {exc}") from None
    if not isinstance(data, dict) or not isinstance(data.get("cells", []), list):
        raise NotebookError("not a notebook: no list of cells")
    language = _language(data)
    if not language.startswith(("python", "ipython")):
        raise NotPython(f"notebook for {language!r}, not Python: not analysed")
    breaks = [i for i, char in enumerate(text) if char == "\n"]
    out = [""] * (len(breaks) + 1)
    for number, cell in enumerate(data.get("cells", []), start=1):
        if not isinstance(cell, dict) or cell.get("cell_type") != "code":
            continue
        pieces = _cell_lines(cell, number)
        if pieces and pieces[0].lstrip().startswith("%%"):
            magic = pieces[0].lstrip()[2:].split(maxsplit=1)
            if not magic or magic[0] not in PYTHON_CELL_MAGICS:
                raise NotebookError(
                    f"cell {number}: %%{magic[0] if magic else ''} cell is not Python "
                    "the gate can judge"
                )
            pieces = pieces[1:]
        for piece in pieces:
            index = bisect.bisect_left(breaks, piece.offset)
            if out[index]:
                raise NotebookError(
                    f"cell {number}: two code lines on line {index + 1}; aigate judges notebooks "
                    "stored one code line per line (as Jupyter writes them)"
                )
            out[index] = _ipython(piece.removesuffix("\n").removesuffix("\r")) or " "
    return "\n".join(line if line.strip() else "" for line in out).encode("utf-8")

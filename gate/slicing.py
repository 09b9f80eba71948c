"""Definition slicing: semgrep reads only the top-level definitions a change can reach.

A one-line change in a 5,000-line file does not need semgrep to run every taint rule over the
other 4,990 lines: a finding there is out of the change's scope (gate/scope.py) unless its
statement or data-flow trace holds a changed line, and semgrep's taint tracking is
intra-procedural. So semgrep's second pass reads a copy of each target in which the
top-level functions, classes and methods that cannot matter are blank lines (line numbers are
kept, so findings map back exactly). A definition is kept when:

- it holds a changed line, or sits at a deletion (the removed lines were in it or at its edge);
- it names (``f(...)``, ``obj.f``) a definition that is kept: the unchanged caller of a
  changed helper (the helper's summary reaches it; the finding lands in the caller), and
  transitively its callers.

Of a class, only the kept methods are read, with the class header and everything in its body
that is not a method; a change outside its methods (a class attribute, a base, a decorator),
or a use of a kept name there, keeps the whole class. A class with a kept method counts as
kept for the names that use it.

Everything that is not a top-level definition (imports, module constants, ``if __name__``
blocks) is kept. A file that does not parse, or whose line breaks ast and semgrep count
differently (a lone CR), is read whole. Pass 1 (the function summaries) always reads whole
files: what an unchanged helper does still reaches a changed caller.
"""

from __future__ import annotations

import ast
import warnings
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from gate.model import ChangedFile

Ranges = tuple[tuple[int, int], ...]
"""(first, last) 1-based line ranges, inclusive, sorted."""


def changed_lines(added: Iterable[int], deleted_after: Iterable[int]) -> frozenset[int]:
    """The lines a slice must keep for a change: the added lines, and both neighbours of
    each deletion (the removed lines sat between ``anchor`` and ``anchor + 1``)."""
    lines = set(added)
    for anchor in deleted_after:
        lines.update((anchor, anchor + 1))
    return frozenset(lines)


@dataclass(frozen=True)
class _Piece:
    """A top-level function, a top-level class, or a method of one."""

    first: int
    """First line, decorators included."""
    last: int
    defines: frozenset[str]
    uses: frozenset[str]
    """Names and attribute names it mentions (a class: outside its methods)."""
    owner: int | None = None
    """A method: the index of its class."""
    methods: tuple[int, ...] = ()
    """A class: the indexes of its methods."""


def _used(nodes: Iterable[ast.AST]) -> frozenset[str]:
    uses: set[str] = set()
    for node in nodes:
        for sub in ast.walk(node):
            if isinstance(sub, ast.Name):
                uses.add(sub.id)
            elif isinstance(sub, ast.Attribute):
                uses.add(sub.attr)
    return frozenset(uses)


def span(node: ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef) -> tuple[int, int]:
    """A definition's (first line, decorators included; last line)."""
    first = min([d.lineno for d in node.decorator_list] + [node.lineno])
    return first, node.end_lineno or node.lineno


def parse(source: bytes | str) -> ast.Module | None:
    """``source``'s tree, or None when it does not parse or has a lone CR (``ast`` counts it
    as a line break, semgrep may not, so line numbers could disagree)."""
    text = source.decode("latin-1") if isinstance(source, bytes) else source
    if "\r" in text.replace("\r\n", ""):
        return None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # SyntaxWarning about escapes is not ours
            return ast.parse(source)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None


def _pieces(tree: ast.Module) -> list[_Piece]:
    """The top-level definitions of ``tree``, each class followed by its methods."""
    pieces: list[_Piece] = []
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            pieces.append(_Piece(*span(node), frozenset({node.name}), _used([node])))
        elif isinstance(node, ast.ClassDef):
            methods = [
                c for c in node.body if isinstance(c, (ast.FunctionDef, ast.AsyncFunctionDef))
            ]
            rest = [c for c in node.body if c not in methods]
            shell = [*node.decorator_list, *node.bases, *node.keywords, *rest]
            owner = len(pieces)
            indexes = tuple(range(owner + 1, owner + 1 + len(methods)))
            pieces.append(_Piece(*span(node), frozenset({node.name}), _used(shell), None, indexes))
            pieces.extend(_Piece(*span(m), frozenset({m.name}), _used([m]), owner) for m in methods)
    return pieces


def omitted(source: bytes, changed: frozenset[int]) -> Ranges:
    """The line ranges of ``source`` that semgrep may skip for a change of ``changed`` lines
    (see the module doc); () when everything must be read."""
    tree = parse(source)
    if tree is None:
        return ()
    pieces = _pieces(tree)

    def holds(piece: _Piece) -> bool:
        inside = [n for n in changed if piece.first <= n <= piece.last]
        if not piece.methods:
            return bool(inside)
        # a class: a change outside its methods (a class attribute, a base) keeps all of it
        spans = [(pieces[m].first, pieces[m].last) for m in piece.methods]
        return any(not any(a <= n <= b for a, b in spans) for n in inside)

    kept = [holds(piece) for piece in pieces]

    def live(index: int) -> bool:  # read: kept, or a method of a class kept whole
        owner = pieces[index].owner
        return kept[index] or (owner is not None and kept[owner])

    wanted: set[str] = set()
    grew = True
    while grew:  # callers of kept definitions, transitively
        grew = False
        for index, piece in enumerate(pieces):
            named = live(index) or any(kept[m] for m in piece.methods)
            if named and not piece.defines <= wanted:
                wanted |= piece.defines
                grew = True
        for index, piece in enumerate(pieces):
            if not live(index) and piece.uses & wanted:
                kept[index] = True
                grew = True
    out: list[tuple[int, int]] = []
    for index, piece in enumerate(pieces):
        if piece.owner is not None or kept[index]:
            continue
        if any(kept[m] for m in piece.methods):
            out.extend((pieces[m].first, pieces[m].last) for m in piece.methods if not kept[m])
        else:
            out.append((piece.first, piece.last))
    return tuple(out)


def blank(source: bytes, ranges: Ranges) -> bytes:
    """``source`` with the lines of ``ranges`` emptied, their line breaks (CRLF too) kept."""
    if not ranges:
        return source
    lines = source.splitlines(keepends=True)
    for first, last in ranges:
        for index in range(first - 1, min(last, len(lines))):
            line = lines[index]
            lines[index] = line[len(line.rstrip(b"\r\n")) :]
    return b"".join(lines)


def copy_blanked(
    source: Path, dest: Path, files: Iterable[str], ranges: Mapping[str, Ranges]
) -> Path:
    """Copy ``files`` (posix paths under ``source``) to ``dest``, the lines of ``ranges``
    blank; ``dest``. Raises OSError when a file cannot be read or written."""
    for rel in files:
        data = source.joinpath(*PurePosixPath(rel).parts).read_bytes()
        copy = dest.joinpath(*PurePosixPath(rel).parts)
        copy.parent.mkdir(parents=True, exist_ok=True)
        copy.write_bytes(blank(data, ranges.get(rel, ())))
    return dest


def plan(
    files: Iterable[ChangedFile],
    targets: Iterable[str],
    origins: Mapping[str, str],
    read: Callable[[str], bytes | None],
    whole: Iterable[str] = (),
) -> dict[str, Ranges]:
    """Workspace target -> the ranges semgrep may skip in it, for the targets that have any.

    ``origins`` maps a workspace path to its repo path where they differ (a notebook);
    ``read`` gives a target's workspace bytes (None: unreadable, read whole); files in
    ``whole`` (repo paths) are read whole (e.g. files with baselined findings, whose
    fingerprints count repeats over the whole file)."""
    by_path = {f.path: f for f in files}
    skip = set(whole)
    out: dict[str, Ranges] = {}
    for target in targets:
        repo_path = origins.get(target, target)
        changed = by_path.get(repo_path)
        if changed is None or repo_path in skip:
            continue
        data = read(target)
        if data is None:
            continue
        ranges = omitted(data, changed_lines(changed.added_lines, changed.deleted_after))
        if ranges:
            out[target] = ranges
    return out


def describe(focus: Mapping[str, Ranges]) -> str:
    """The report's notice about what semgrep left out, or "" when it read every line."""
    lines = sum(last - first + 1 for ranges in focus.values() for first, last in ranges)
    if not lines:
        return ""
    return (
        f"semgrep read the definitions the change touched and their callers: {lines} line(s) "
        f"of unchanged definitions in {len(focus)} file(s) were left out, so findings there "
        f"are not listed as out of scope; [analyzers.semgrep] slice = false reads whole files"
    )

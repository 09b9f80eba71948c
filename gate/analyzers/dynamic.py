"""Objects a project fills with attributes at run time: a missing one there is no hallucination.

``setattr(codes, title, code)`` with a non-literal name (requests fills its ``codes`` table so),
``obj.__dict__.update(...)``, ``globals()[name] = ...``: neither mypy nor pylint can know those
attributes, and both report every use as a missing one. Such a message stays a finding, but a
low-rated one whose message says why (a warning under the default thresholds), never a
hallucinated-API blocker. Read from the project's syntax at the scanned revision (parsed, never
run); only files that mention ``setattr``, ``__dict__`` or ``globals()`` are parsed.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass, replace
from pathlib import Path

from gate.astwalk import dotted
from gate.model import Confidence, RawFinding, Severity

_HINTS = (b"setattr(", b"__dict__", b"globals()")
_DICT_WRITERS = frozenset({"update", "setdefault", "__setitem__"})
_TYPE_MESSAGES = (
    re.compile(r'^"(?P<owner>[\w.]+)" has no attribute "(?P<name>[^"]+)"'),
    re.compile(r"^Instance of '(?P<owner>[\w.]+)' has no '(?P<name>[^']+)' member"),
    re.compile(r"^Class '(?P<owner>[\w.]+)' has no '(?P<name>[^']+)' member"),
)
_MODULE_MESSAGES = (
    re.compile(r'^Module "(?P<owner>[\w.]+)" has no attribute "(?P<name>[^"]+)"'),
    re.compile(r"^Module '(?P<owner>[\w.]+)' has no '(?P<name>[^']+)' member"),
)

_CONCRETE: dict[str, type] = {"Mapping": dict, "Sequence": list, "AbstractSet": set}
"""Abstract collection types (as mypy names them) and the builtin usually behind each."""
_ABSTRACT = re.compile(
    r'^"(?:typing\.|collections\.abc\.)?(?P<abc>Mapping|Sequence|AbstractSet)(?:\[.*\])?" '
    r'has no attribute "(?P<name>\w+)"'
)


@dataclass(frozen=True)
class DynamicAttributes:
    """Classes and modules of the project that get attributes with names only known at run time."""

    classes: dict[str, str]
    """Class name (unqualified) -> where its instances get them ("path:line")."""
    modules: dict[str, str]
    """Dotted module name -> where the module gets them ("path:line")."""

    def soften(self, raw: RawFinding) -> RawFinding:
        """``raw`` rated low with the reason when it says an attribute of such an object is
        missing; unchanged otherwise."""
        for patterns, table in ((_TYPE_MESSAGES, self.classes), (_MODULE_MESSAGES, self.modules)):
            for pattern in patterns:
                match = pattern.match(raw.message)
                if not match:
                    continue
                owner = match.group("owner")
                where = table.get(owner) or table.get(owner.rsplit(".", 1)[-1])
                if where is None:
                    return raw
                return rated_low(
                    raw,
                    f"but {owner} gets attributes whose names are only known at run time, at "
                    f"{where}: the checker cannot know them",
                )
        return raw


def dynamic_attributes(workspace: Path, files: tuple[str, ...]) -> DynamicAttributes:
    """What the project's Python ``files`` (repo-relative) set dynamically."""
    classes: dict[str, str] = {}
    modules: dict[str, str] = {}
    for path in files:
        try:
            data = (workspace / path).read_bytes()
        except OSError:
            continue
        if not any(hint in data for hint in _HINTS):
            continue
        try:
            tree = ast.parse(data)
        except (SyntaxError, ValueError):
            continue
        for owner, line in _setters(tree):
            where = f"{path}:{line}"
            if owner is None:
                modules.setdefault(_module_name(path), where)
            else:
                classes.setdefault(owner, where)
    return DynamicAttributes(classes, modules)


def _module_name(path: str) -> str:
    parts = path.removesuffix(".py").split("/")
    if parts[0] == "src" and len(parts) > 1:
        parts = parts[1:]
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def _setters(tree: ast.Module) -> list[tuple[str | None, int]]:
    """(class name, or None for the module itself; line) of every dynamic attribute write."""
    values: dict[str, ast.expr] = {}
    for stmt in tree.body:
        if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1:
            target = stmt.targets[0]
            if isinstance(target, ast.Name):
                values[target.id] = stmt.value
    found: list[tuple[str | None, int]] = []

    def owner_of(node: ast.expr, cls: str | None) -> tuple[bool, str | None]:
        """(known, class name or None for this module) of the object ``node`` is."""
        if isinstance(node, ast.Name) and node.id == "self" and cls is not None:
            return True, cls
        if isinstance(node, ast.Call) and dotted(node.func) == "globals":
            return True, None
        if isinstance(node, ast.Subscript) and dotted(node.value) == "sys.modules":
            index = node.slice
            return isinstance(index, ast.Name) and index.id == "__name__", None
        if isinstance(node, ast.Name) and isinstance(values.get(node.id), ast.Call):
            made = values[node.id]
            assert isinstance(made, ast.Call)
            name = dotted(made.func).rsplit(".", 1)[-1]
            return bool(name), name
        return False, None

    def visit(node: ast.AST, cls: str | None) -> None:
        for child in ast.iter_child_nodes(node):
            visit(child, child.name if isinstance(child, ast.ClassDef) else cls)
        line = getattr(node, "lineno", 0)
        if isinstance(node, ast.Call) and dotted(node.func) == "setattr" and len(node.args) >= 2:
            if not isinstance(node.args[1], ast.Constant):
                known, owner = owner_of(node.args[0], cls)
                if known:
                    found.append((owner, line))
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            receiver = node.func.value
            if node.func.attr in _DICT_WRITERS:
                if isinstance(receiver, ast.Attribute) and receiver.attr == "__dict__":
                    known, owner = owner_of(receiver.value, cls)
                    if known:
                        found.append((owner, line))
                elif isinstance(receiver, ast.Call) and dotted(receiver.func) == "globals":
                    found.append((None, line))
        elif isinstance(node, (ast.Assign, ast.AugAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                if not isinstance(target, ast.Subscript) or isinstance(target.slice, ast.Constant):
                    continue
                holder = target.value
                if isinstance(holder, ast.Attribute) and holder.attr == "__dict__":
                    known, owner = owner_of(holder.value, cls)
                    if known:
                        found.append((owner, line))
                elif isinstance(holder, ast.Call) and dotted(holder.func) == "globals":
                    found.append((None, line))

    visit(tree, None)
    return found


def soften_dynamic(findings: tuple[RawFinding, ...], workspace: Path) -> tuple[RawFinding, ...]:
    """Every "missing attribute" finding about an object the project fills at run time, or
    that the flagged line itself sets and other code of the project reads, rated low with the
    reason; the project is read only when there is such a finding."""
    findings = tuple(_narrow_declared_type(f) for f in findings)
    patterns = (*_TYPE_MESSAGES, *_MODULE_MESSAGES)
    if not any(p.match(f.message) for f in findings for p in patterns):
        return findings
    files = tuple(
        sorted(p.relative_to(workspace).as_posix() for p in workspace.rglob("*.py") if p.is_file())
    )
    dynamic = dynamic_attributes(workspace, files)
    softened = tuple(dynamic.soften(f) for f in findings)
    return _soften_set_and_read(softened, workspace, files)


def rated_low(raw: RawFinding, reason: str) -> RawFinding:
    """``raw`` at low severity and confidence, its message followed by ``reason``."""
    return replace(
        raw, severity=Severity.LOW, confidence=Confidence.LOW, message=f"{raw.message} ({reason})"
    )


def _narrow_declared_type(raw: RawFinding) -> RawFinding:
    """``"Mapping[str, Any]" has no attribute "pop"``: the value is declared as an abstract
    collection whose usual object (a dict) has the method. A declared type narrower than the
    object (werkzeug's ``MapAdapter.match`` returns its dict as a ``Mapping``) is a typing
    matter, rated low with the reason; a name no such object has stays a finding as it was."""
    match = _ABSTRACT.match(raw.message)
    if match is None or raw.severity is Severity.LOW:
        return raw
    concrete = _CONCRETE[match.group("abc")]
    name = match.group("name")
    if not hasattr(concrete, name):
        return raw
    return rated_low(
        raw,
        f"but .{name} is a method of {concrete.__name__}, the usual object behind a "
        f"{match.group('abc')}: the declared type is narrower than the object, not a missing API",
    )


def _soften_set_and_read(
    findings: tuple[RawFinding, ...], workspace: Path, files: tuple[str, ...]
) -> tuple[RawFinding, ...]:
    """``obj.name = value`` flagged as a missing attribute where other project code reads
    ``.name``: the project's own attribute on a foreign object (a request tagged with its
    language, a function given a cache), created by the assignment, not a hallucinated API. A
    set attribute nothing reads (a misspelled setting that is silently ignored) is kept."""
    parsed: dict[str, ast.Module | None] = {}

    def tree(path: str) -> ast.Module | None:
        if path not in parsed:
            try:
                parsed[path] = ast.parse((workspace / path).read_bytes())
            except (OSError, SyntaxError, ValueError):
                parsed[path] = None
        return parsed[path]

    def read_at(name: str) -> str | None:
        needle = f".{name}".encode()
        for path in files:
            try:
                if needle not in (workspace / path).read_bytes():
                    continue
            except OSError:
                continue
            found = tree(path)
            for node in ast.walk(found) if found is not None else ():
                if (
                    isinstance(node, ast.Attribute)
                    and node.attr == name
                    and isinstance(node.ctx, ast.Load)
                ):
                    return f"{path}:{node.lineno}"
        return None

    out = []
    for raw in findings:
        match = next(filter(None, (p.match(raw.message) for p in _TYPE_MESSAGES)), None)
        if match is None or raw.severity is Severity.LOW:
            out.append(raw)
            continue
        name, here = match.group("name"), tree(raw.location.path)
        assigned = here is not None and any(
            isinstance(node, ast.Attribute)
            and node.attr == name
            and isinstance(node.ctx, ast.Store)
            and node.lineno == raw.location.start_line
            for node in ast.walk(here)
        )
        where = read_at(name) if assigned else None
        if where is None:
            out.append(raw)
            continue
        out.append(
            rated_low(
                raw,
                f"but this line creates it by assignment, and the project reads .{name} at "
                f"{where}: its own attribute, not a missing API",
            )
        )
    return tuple(out)

"""Test code that production imports is production code: the test-code policy must not let a
module escape the gate by its name (``app/test_utils.py`` imported by ``app/views.py``)."""

from __future__ import annotations

import ast
from collections.abc import Callable, Iterable
from pathlib import PurePosixPath

from gate.checks import ProjectView
from gate.config import GateConfig
from gate.model import Finding
from gate.policy import is_test_code

_PYTHON_SUFFIXES = (".py", ".pyw")


def module_name(path: str) -> str:
    """The last part of the dotted name Python imports ``path`` under."""
    pure = PurePosixPath(path)
    return pure.parent.name if pure.stem == "__init__" else pure.stem


def production_tests(
    findings: tuple[Finding, ...], config: GateConfig, project: ProjectView
) -> frozenset[str]:
    """Test files by name (``test_paths``) that have findings and that production code imports;
    looked up only for those, since it reads the project's other Python files."""
    named = {f.location.path for f in findings if is_test_code(f.location.path, config)}
    return imported_by_production(named, project, lambda path: is_test_code(path, config))


def imported_by_production(
    paths: Iterable[str], project: ProjectView, is_test: Callable[[str], bool]
) -> frozenset[str]:
    """The files of ``paths`` (test code by their names) that a Python file of the project that
    is not test code imports, by the last part of the module name (an over-match only judges a
    test file as production code: stricter, never laxer)."""
    by_name: dict[str, set[str]] = {}
    for path in paths:
        by_name.setdefault(module_name(path), set()).add(path)
    if not by_name:
        return frozenset()
    found: set[str] = set()
    for path in project.files:
        if not path.endswith(_PYTHON_SUFFIXES) or is_test(path):
            continue
        data = project.read(path)
        if data is None:
            continue
        wanted = [name for name in by_name if name.encode() in data]
        if not wanted:
            continue
        imported = _imported_names(data)
        for name in wanted:
            if imported is None or name in imported:
                found |= by_name[name]
    return frozenset(found)


def _imported_names(data: bytes) -> set[str] | None:
    """Every dotted-name part an import statement names; None when the file does not parse
    (then any mention counts: the stricter reading)."""
    try:
        tree = ast.parse(data)
    except (SyntaxError, ValueError):
        return None
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                names.update(alias.name.split("."))
        elif isinstance(node, ast.ImportFrom):
            names.update((node.module or "").split("."))
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            names.update(node.value.split("."))  # importlib.import_module("app.test_net")
    return names

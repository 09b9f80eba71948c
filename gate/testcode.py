"""Test code that production imports is production code: the test-code policy must not let a
module escape the gate by its name (``app/test_utils.py`` imported by ``app/views.py``)."""

from __future__ import annotations

import ast
import posixpath
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
    is not test code imports. An import is resolved as Python would find the module from a
    folder that is not test code itself (the repository root, ``src/``, the importer's own
    folder as a script, any package folder): ``import main`` in ``docs/app.py`` is not
    ``tests/main.py``, which only a test run puts on the path. Relative imports resolve
    exactly. A file that does not parse, or that changes ``sys.path``, imports a test file
    whenever it names it (an over-match only judges a test file as production code: stricter,
    never laxer)."""
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
        imported = _imports(data, path)
        for name in wanted:
            for test_file in by_name[name]:
                if imported is None or _resolves(imported, test_file, is_test):
                    found.add(test_file)
    return frozenset(found)


Imports = tuple[set[tuple[str, ...]], set[tuple[str, ...]]]
"""(absolute module names, exact repo-relative module paths) a file may import, as parts."""


def _module_parts(path: str) -> tuple[str, ...]:
    parts = PurePosixPath(path).with_suffix("").parts
    return parts[:-1] if parts and parts[-1] == "__init__" else parts


def _prefixes(parts: tuple[str, ...]) -> set[tuple[str, ...]]:
    """``a.b.c`` imports ``a``, ``a.b`` and ``a.b.c``."""
    return {parts[:n] for n in range(1, len(parts) + 1)}


def _imports(data: bytes, importer: str) -> Imports | None:
    """What a file may import; None when it does not parse or changes ``sys.path`` (then any
    mention of a module's name counts: the stricter reading)."""
    if b"sys.path" in data or b"addsitedir" in data:
        return None
    try:
        tree = ast.parse(data)
    except (SyntaxError, ValueError):
        return None
    here = PurePosixPath(importer).parent.parts
    absolute: set[tuple[str, ...]] = set()
    exact: set[tuple[str, ...]] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                absolute |= _prefixes(tuple(alias.name.split(".")))
        elif isinstance(node, ast.ImportFrom):
            module = tuple(node.module.split(".")) if node.module else ()
            names = {module + (alias.name,) for alias in node.names} | {module}
            if node.level == 0:
                for name in names:
                    absolute |= _prefixes(name)
            elif node.level - 1 <= len(here):
                base = here[: len(here) - (node.level - 1)]
                exact |= {base + name for name in names}
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            # importlib.import_module("app.test_net"), __import__("app.test_net")
            words = tuple(node.value.split("."))
            if all(w.isidentifier() for w in words):
                absolute |= _prefixes(words)
    return absolute, exact


def _resolves(imported: Imports, test_file: str, is_test: Callable[[str], bool]) -> bool:
    """True when an import of ``imported`` may load ``test_file``: exactly (relative), or by an
    absolute name from a folder of the repository that is not test code."""
    absolute, exact = imported
    target = _module_parts(test_file)
    if target in exact:
        return True
    for cut in range(len(target)):
        root, name = target[:cut], target[cut:]
        if name in absolute and not (root and is_test(posixpath.join(*root, "__init__.py"))):
            return True
    return False

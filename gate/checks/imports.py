"""Hallucinated imports and typo-squatted dependencies: names that an attacker could register.

An AI agent that invents a package name (``import fastjsonx``) or misspells one
(``reqeusts``) points the project at a PyPI name nobody vetted. Attackers register such
names ("slopsquatting", typosquatting), so the next ``pip install`` runs their code.
"""

from __future__ import annotations

import ast
import functools
import importlib.metadata
import importlib.resources
import sys
from pathlib import PurePosixPath

from packaging.utils import canonicalize_name

from gate.checks.base import ProjectView, Rule, changed_lines, split_lines, text_of
from gate.collect.changeset import is_python
from gate.deps import derived_import_names as import_names
from gate.manifests import declared, manifest_kind, names_on_line, parse_python
from gate.model import ChangeSet, Confidence, RawFinding, Severity

# CWE-829 (Inclusion of Functionality from Untrusted Control Sphere) is the most precise fit for
# both rules: the weakness is that the code or manifest names a package whose owner nobody
# vetted, so whoever registers that name on PyPI supplies code the project then runs.
# CWE-1357 (insufficiently trustworthy component) is about vetting a *known* component, and
# CWE-1104 (unmaintained component) about maintenance, so neither fits a name that may not exist.
UNKNOWN_IMPORT = Rule(
    id="unknown-import",
    name="import of an undeclared, unknown package (possibly hallucinated)",
    severity=Severity.MEDIUM,
    confidence=Confidence.MEDIUM,
    cwe=(829,),
    fix="Declare it as a dependency if it is real, or use the correct package.",
)
DEPENDENCY_TYPO = Rule(
    id="dependency-typo",
    name="new dependency whose name is a near miss of a well-known package",
    severity=Severity.HIGH,
    confidence=Confidence.MEDIUM,
    cwe=(829,),
    fix="Check the name on PyPI and declare the package you meant.",
)
RULES = (UNKNOWN_IMPORT, DEPENDENCY_TYPO)
"""The rules of this module."""

IMPORT_NAME_AS_DIST: dict[str, str] = {
    "attr": "attrs",
    "bs4": "beautifulsoup4",
    "cv2": "opencv-python",
    "dateutil": "python-dateutil",
    "dotenv": "python-dotenv",
    "pil": "pillow",
    "skimage": "scikit-image",
    "sklearn": "scikit-learn",
    "yaml": "pyyaml",
}
"""An import name declared as if it were the distribution -> the distribution meant.

On PyPI these names belong to someone else (a stub, an unrelated or abandoned project).
"""

HISTORICAL_STDLIB = frozenset(
    "aifc asynchat asyncore audioop cgi cgitb chunk crypt distutils imghdr imp lib2to3 mailcap "
    "msilib nis nntplib ossaudiodev pipes smtpd sndhdr spwd sunau telnetlib tomllib uu "
    "xdrlib".split()
)
"""Standard-library modules of Python 3.10 to 3.13 that the running Python may lack."""

_MIN_TYPO_LENGTH = 4
"""Shorter names are one edit away from too many real packages to say anything useful."""
_IMPORT_ERRORS = frozenset({"ImportError", "ModuleNotFoundError", "Exception", "BaseException"})


@functools.lru_cache(maxsize=1)
def popular_packages() -> frozenset[str]:
    """Canonical names of the well-known PyPI packages shipped in popular_packages.txt."""
    text = importlib.resources.files("gate.checks").joinpath("popular_packages.txt").read_text()
    lines = (line.strip() for line in text.split("\n"))
    return frozenset(canonicalize_name(n) for n in lines if n and not n.startswith("#"))


@functools.lru_cache(maxsize=1)
def installed_modules() -> frozenset[str]:
    """Top-level import names of the distributions installed in the Python running aigate."""
    return frozenset(name.casefold() for name in importlib.metadata.packages_distributions())


def edit_distance(a: str, b: str) -> int:
    """Damerau-Levenshtein distance (optimal string alignment: adjacent swaps cost one)."""
    before: list[int] = []
    previous = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                current[j] = min(current[j], before[j - 2] + 1)
        before, previous = previous, current
    return previous[-1]


def near_miss(name: str, known: frozenset[str]) -> str | None:
    """The closest name of ``known`` within 1 edit (2 from 10 characters) of ``name``, not equal."""
    if name in known or len(name) < _MIN_TYPO_LENGTH:
        return None
    limit = 2 if len(name) >= 10 else 1
    best: tuple[int, str] | None = None
    for candidate in sorted(known):
        if abs(len(candidate) - len(name)) > limit:
            continue
        distance = edit_distance(name, candidate)
        if distance <= limit and (best is None or distance < best[0]):
            best = (distance, candidate)
    return best[1] if best else None


def local_modules(paths: tuple[str, ...]) -> frozenset[str]:
    """Module and package names the project itself provides (any depth, so src/ layouts count)."""
    out: set[str] = set()
    for path in paths:
        pure = PurePosixPath(path)
        if pure.suffix in (".py", ".pyi", ".pyx"):
            out.add(pure.stem)
            out.update(pure.parent.parts)
        elif pure.suffix in (".so", ".pyd"):
            out.add(pure.name.split(".")[0])  # foo.cpython-311-x86_64-linux-gnu.so
    return frozenset(name.casefold() for name in out)


def declared_modules(project: ProjectView) -> frozenset[str]:
    """Import names of every dependency the project's manifests declare."""
    out: set[str] = set()
    for path in project.files:
        kind = manifest_kind(path)
        data = project.read(path) if kind else None
        if kind and data is not None:
            for dist in declared(kind, data.decode("utf-8", "replace")):
                out.update(import_names(dist))
    return frozenset(out)


def _guarded(tree: ast.Module) -> set[int]:
    """ids of import nodes inside a ``try`` that catches ImportError (optional imports)."""
    guarded: set[int] = set()
    for node in ast.walk(tree):
        # ast.Try and (3.11+) ast.TryStar are the statements with handlers
        handlers: list[ast.ExceptHandler] = getattr(node, "handlers", [])
        if any(_catches_import_error(h) for h in handlers):
            body: list[ast.stmt] = getattr(node, "body", [])
            guarded.update(
                id(inner)
                for stmt in body
                for inner in ast.walk(stmt)
                if isinstance(inner, (ast.Import, ast.ImportFrom))
            )
    return guarded


def _catches_import_error(handler: ast.ExceptHandler) -> bool:
    kinds = handler.type.elts if isinstance(handler.type, ast.Tuple) else [handler.type]
    return any(k is None or (isinstance(k, ast.Name) and k.id in _IMPORT_ERRORS) for k in kinds)


def _imported(tree: ast.Module) -> list[tuple[ast.stmt | ast.alias, str, ast.stmt]]:
    """(node to locate, top-level module, statement) for every absolute import."""
    out: list[tuple[ast.stmt | ast.alias, str, ast.stmt]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out += [(alias, alias.name.split(".")[0], node) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and not node.level and node.module:
            out.append((node, node.module.split(".")[0], node))
    return out


def _columns(where: ast.stmt | ast.alias, lines: list[str]) -> tuple[int, int] | None:
    """0-based character columns of a one-line node (ast counts UTF-8 bytes)."""
    if where.end_lineno != where.lineno or where.end_col_offset is None:
        return None
    raw = lines[where.lineno - 1].encode() if where.lineno <= len(lines) else b""

    def chars(offset: int) -> int:
        return len(raw[:offset].decode("utf-8", "replace"))

    return chars(where.col_offset), chars(where.end_col_offset)


def check_imports(changeset: ChangeSet, project: ProjectView) -> list[RawFinding]:
    """unknown-import: a changed line imports a module nothing known provides."""
    known: frozenset[str] | None = None
    findings: list[RawFinding] = []
    for changed in changeset.files:
        if not is_python(changed.path) or not changed.added_lines:
            continue
        try:
            tree = parse_python(changed.content, changed.path)
        except (SyntaxError, ValueError):
            continue  # bandit and pylint fail the run on a syntax error; nothing to add here
        guarded = _guarded(tree)
        lines = split_lines(text_of(changed))
        for where, module, statement in _imported(tree):
            if where.lineno not in changed.added_lines:
                continue
            if known is None:
                known = frozenset(
                    {n.casefold() for n in sys.stdlib_module_names}
                    | HISTORICAL_STDLIB
                    | local_modules(project.files + tuple(f.path for f in changeset.files))
                    | declared_modules(project)
                    | installed_modules()
                )
            if module.casefold() in known:
                continue
            hint = near_miss(canonicalize_name(module), popular_packages())
            message = (
                f"import of '{module}': no standard-library module, project module, declared "
                "dependency or installed package provides it; the name may be hallucinated "
                "(slopsquatting: an attacker can register it on PyPI)"
                + (f"; did you mean '{hint}'?" if hint else "")
            )
            findings.append(
                UNKNOWN_IMPORT.at(
                    changed.path,
                    where.lineno,
                    message,
                    _columns(where, lines),
                    # an optional import cannot crash the program, but is still installable
                    Confidence.LOW if id(statement) in guarded else None,
                )
            )
    return findings


def check_dependencies(changeset: ChangeSet, project: ProjectView) -> list[RawFinding]:
    """dependency-typo: a changed manifest line declares a near miss of a well-known package."""
    popular = popular_packages()
    findings: list[RawFinding] = []
    for changed in changeset.files:
        kind = manifest_kind(changed.path)
        if kind is None or not changed.added_lines:
            continue
        names = declared(kind, text_of(changed))
        for number, line in changed_lines(changed):
            seen: set[str] = set()
            for name, written in names_on_line(kind, line):
                if name not in names or name in seen:
                    continue
                seen.add(name)
                meant = IMPORT_NAME_AS_DIST.get(name)
                if meant:
                    why = f"'{written}' is an import name; the distribution is '{meant}'"
                else:
                    meant = near_miss(name, popular)
                    if meant is None:
                        continue
                    why = f"'{written}' is a near miss of the well-known package '{meant}'"
                start = line.find(written)
                findings.append(
                    DEPENDENCY_TYPO.at(
                        changed.path,
                        number,
                        f"new dependency {why}: the name on PyPI may be a typosquat that runs "
                        "an attacker's code at install time",
                        (start, start + len(written)) if start >= 0 else None,
                    )
                )
    return findings

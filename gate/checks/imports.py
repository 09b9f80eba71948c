"""Undeclared imports and typo/slop-squatted names: is this a real, intended dependency?

An AI agent that invents a package name (``import fastjsonx``) or misspells one (``reqeusts``)
points the project at a PyPI name nobody vetted. Attackers register such names
("slopsquatting", typosquatting), so the next ``pip install`` runs their code. Two findings:

* ``undeclared-import`` (a warning): an import that no standard-library module, project module
  or declared dependency (gate.deps: every manifest format, nearest project) provides; once per
  package per change, listing every place.
* ``dependency-typo`` (blocks): a newly declared dependency, or an undeclared import, whose name
  is a near miss or a known confusion of a widely used package it is not.

Guarded imports (``try/except ImportError``, ``if TYPE_CHECKING``, ``find_spec`` checks) never
block. Offline: nothing is looked up on the network and aigate's own environment is never read.
"""

from __future__ import annotations

import sys
from collections import defaultdict
from dataclasses import replace
from pathlib import PurePosixPath

from gate.checks.base import ProjectView, Rule, changed_lines, text_of
from gate.checks.imports_ast import imported_modules
from gate.checks.squat import popular_table, squat_of_distribution, squat_of_import
from gate.collect.changeset import is_python
from gate.deps import DependencyIndex
from gate.manifests import declared, manifest_kind, names_on_line, parse_python
from gate.model import ChangeSet, Confidence, RawFinding, Severity

# CWE-829 (Inclusion of Functionality from Untrusted Control Sphere) is the most precise fit for
# both rules: the weakness is that the code or manifest names a package whose owner nobody
# vetted, so whoever registers that name on PyPI supplies code the project then runs.
UNDECLARED_IMPORT = Rule(
    id="undeclared-import",
    name="import of a package no manifest declares",
    severity=Severity.LOW,
    confidence=Confidence.MEDIUM,
    cwe=(829,),
    fix="Declare the distribution that provides it (or fix the name if it is not real).",
)
DEPENDENCY_TYPO = Rule(
    id="dependency-typo",
    name="dependency or import whose name is a near miss of a widely used package",
    severity=Severity.HIGH,
    confidence=Confidence.MEDIUM,
    cwe=(829,),
    fix="Check the name on PyPI and use the package you meant.",
)
RULES = (UNDECLARED_IMPORT, DEPENDENCY_TYPO)
"""The rules of this module."""

OLD_STDLIB = frozenset(
    "aifc asynchat asyncore audioop cgi cgitb chunk crypt distutils imghdr imp lib2to3 mailcap "
    "msilib nis nntplib ossaudiodev pipes smtpd sndhdr spwd sunau telnetlib tomllib uu xdrlib "
    # Python 2's standard library, still imported by compatibility code
    "__builtin__ anydbm basehttpserver cgihttpserver commands configparser cookie cookielib "
    "copy_reg cpickle cstringio dbhash dummy_thread dummy_threading exceptions htmlentitydefs "
    "htmlparser httplib md5 mimetools new queue repr robotparser sets sha simplehttpserver "
    "socketserver stringio thread tkinter tkmessagebox ttk urllib2 urlparse userdict userlist "
    "userstring whichdb xmlrpclib _winreg "
    # newer than the running Python may be (3.14), and typeshed's stub-only package
    "annotationlib compression _typeshed".split()
)
"""Standard-library modules of Python 2, of 3.10 to 3.14 and of typeshed (``_typeshed``, imported
under ``TYPE_CHECKING``) that the running Python may lack."""
BUILD_TOOLS = frozenset({"setuptools", "pkg_resources", "distutils", "pip", "wheel"})
"""Imported by setup.py files and present wherever one runs; nobody declares them there."""
_PLACES_SHOWN = 8


def local_modules(paths: tuple[str, ...]) -> frozenset[str]:
    """Module and package names the project itself provides (any depth: src layouts,
    monorepo packages and namespace directories count)."""
    out: set[str] = set()
    for path in paths:
        pure = PurePosixPath(path)
        if pure.suffix in (".py", ".pyi", ".pyx", ".pxd"):
            out.add(pure.stem)
            out.update(pure.parent.parts)
        elif pure.suffix in (".so", ".pyd"):
            out.add(pure.name.split(".")[0])  # foo.cpython-311-x86_64-linux-gnu.so
    return frozenset(name.casefold() for name in out)


def check_imports(changeset: ChangeSet, project: ProjectView) -> list[RawFinding]:
    """undeclared-import and dependency-typo on the imports of changed lines."""
    index: DependencyIndex | None = None
    known: frozenset[str] = frozenset()
    # (project root, top-level module) -> [(path, line, columns, guarded)]
    places: dict[tuple[str, str], list[tuple[str, int, tuple[int, int] | None, bool]]]
    places = defaultdict(list)
    for changed in changeset.files:
        if not is_python(changed.path) or not changed.added_lines:
            continue
        try:
            tree = parse_python(changed.content, changed.path)
        except (SyntaxError, ValueError):
            continue  # bandit and pylint fail the run on a syntax error; nothing to add here
        found = [
            i for i in imported_modules(tree, text_of(changed)) if i.line in changed.added_lines
        ]
        for imp in found:
            top = imp.module.split(".")[0]
            if index is None:
                index = DependencyIndex(project)
                known = _known(project, changeset)
            if top.casefold() in known or _build_tool(changed.path, top):
                continue
            view = index.view(changed.path)
            if view.provides(imp.module) is not None:
                continue
            places[(view.root, top)].append((changed.path, imp.line, imp.columns, imp.guarded))
    return [_finding(root, module, where) for (root, module), where in sorted(places.items())]


def _known(project: ProjectView, changeset: ChangeSet) -> frozenset[str]:
    stdlib = {name.casefold() for name in sys.stdlib_module_names} | OLD_STDLIB
    local = local_modules(project.files + tuple(f.path for f in changeset.files))
    return frozenset(stdlib | local | {"__main__"})


def _build_tool(path: str, module: str) -> bool:
    return PurePosixPath(path).name == "setup.py" and module in BUILD_TOOLS


def _finding(
    root: str, module: str, where: list[tuple[str, int, tuple[int, int] | None, bool]]
) -> RawFinding:
    where.sort()
    path, line, columns, _ = where[0]
    guarded = all(place[3] for place in where)
    shown = ", ".join(f"{p}:{n}" for p, n, _, _ in where[:_PLACES_SHOWN])
    more = f" and {len(where) - _PLACES_SHOWN} more" if len(where) > _PLACES_SHOWN else ""
    project = f"the project at {root}/" if root else "the project"
    squat = squat_of_import(module)
    if squat is not None:
        meant, why = squat
        message = (
            f"import of '{module}', which {project} does not declare: {why} "
            f"({popular_table().evidence(meant)}); the name may be a typosquat or a "
            f"hallucinated package an attacker can register on PyPI (at {shown}{more})"
        )
        finding = DEPENDENCY_TYPO.at(path, line, message, columns)
    else:
        message = (
            f"'{module}' is imported at {shown}{more} but no manifest of {project} declares a "
            "distribution that provides it; if it is not a real package, an attacker can "
            "register the name on PyPI"
        )
        finding = UNDECLARED_IMPORT.at(path, line, message, columns)
    if guarded:  # an optional import cannot break the program and must never block
        note = " (every import of it is guarded: optional, never blocks)"
        return replace(
            finding,
            severity=Severity.NOTE,
            confidence=Confidence.LOW,
            message=finding.message + note,
        )
    return finding


def check_dependencies(changeset: ChangeSet, project: ProjectView) -> list[RawFinding]:
    """dependency-typo: a changed manifest line declares a near miss of a well-known package."""
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
                squat = squat_of_distribution(name)
                if squat is None:
                    continue
                meant, why = squat
                start = line.find(written)
                findings.append(
                    DEPENDENCY_TYPO.at(
                        changed.path,
                        number,
                        f"new dependency {why} ({popular_table().evidence(meant)}): the name on "
                        "PyPI may be a typosquat that runs an attacker's code at install time",
                        (start, start + len(written)) if start >= 0 else None,
                    )
                )
    return findings

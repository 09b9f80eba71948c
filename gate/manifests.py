"""Dependency declarations read from a project's manifests, as data.

Manifests are parsed as data (TOML, INI, requirement lines, and ``setup.py`` through ``ast``
with literal values only): nothing of the scanned project is ever imported or executed.
Every declaration keeps where it was written (file and table), for reports and cache keys.
"""

from __future__ import annotations

import ast
import configparser
import re
import sys
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any

from packaging.requirements import InvalidRequirement, Requirement
from packaging.utils import canonicalize_name

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on 3.10 only
    import tomli as tomllib


@dataclass(frozen=True)
class Declaration:
    """One requirement as a manifest writes it."""

    spec: str
    """The requirement text (PEP 508, or a name plus a Poetry/Pipfile version string)."""
    where: str
    """The table or key that holds it, e.g. ``project.optional-dependencies.test``."""
    optional: bool
    """True for extras, groups, dev, test and build requirements."""
    include: str = ""
    """For ``-r``/``-c`` lines of a requirements file: the file it names (spec is empty)."""


_NAME_AT_START = re.compile(
    r"\s*([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)\s*(?:$|[<>=!~;\[(@ ])"
)
_QUOTED = re.compile(r"""(["'])(.*?)\1""")
_TOML_KEY = re.compile(r"""^\s*["']?([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)["']?\s*=""")
_INLINE_OPTION = re.compile(r"\s--?[A-Za-z]")
_EGG = re.compile(r"#egg=([A-Za-z0-9._-]+)")
_INCLUDE = re.compile(r"^(-r|--requirement|-c|--constraint)(?:\s*=\s*|\s+|(?=[^\s-]))(\S+)")
_SCRIPT_BLOCK = re.compile(
    r"(?m)^# /// (?P<type>[a-zA-Z0-9-]+)[ \t]*\r?\n(?P<content>(?:^#(?:| .*)\r?\n)+)^# ///[ \t]*$"
)
_SETUP_KEYWORDS = ("install_requires", "setup_requires", "tests_require", "extras_require")


def manifest_kind(path: str) -> str | None:
    """pyproject, requirements, setup.cfg, setup.py or pipfile for a manifest path, else None."""
    pure = PurePosixPath(path)
    name, parent = pure.name.lower(), pure.parent.name.lower()
    if name in ("pyproject.toml", "setup.cfg", "setup.py"):
        return name if name != "pyproject.toml" else "pyproject"
    if name == "pipfile":
        return "pipfile"
    if name.endswith((".txt", ".in")) and ("requirements" in name or parent == "requirements"):
        return "requirements"
    return None


def requirement_name(spec: str) -> str | None:
    """The canonical distribution name of a PEP 508 requirement string, or None."""
    spec = spec.strip()
    try:
        return canonicalize_name(Requirement(spec).name)
    except InvalidRequirement:
        match = _NAME_AT_START.match(spec)
        return canonicalize_name(match.group(1)) if match else None


def requirement_specifier(spec: str) -> str:
    """The version specifier (and marker) of a requirement string, "" when it has none."""
    try:
        req = Requirement(spec.strip())
    except InvalidRequirement:
        match = _NAME_AT_START.match(spec)
        return spec.strip()[match.end(1) :].strip() if match else ""
    marker = f"; {req.marker}" if req.marker else ""
    return f"{req.specifier}{marker}" if req.specifier or marker else (req.url or "")


def requirement_line(line: str) -> str | None:
    """The requirement part of one requirements-file line (no comment, options or hashes)."""
    line = re.sub(r"(^|\s)#.*$", "", line).strip().removesuffix("\\").strip()
    if line.startswith("-"):
        egg = _EGG.search(line)
        return egg.group(1) if egg and line.startswith(("-e", "--editable")) else None
    option = _INLINE_OPTION.search(line)
    return line[: option.start()] if option else line or None


def read_manifest(kind: str, text: str) -> list[Declaration]:
    """Every declaration of a manifest of ``kind`` (empty when it does not parse)."""
    if kind == "requirements":
        return _requirements(text)
    if kind == "pyproject":
        return _pyproject(text)
    if kind == "pipfile":
        return _pipfile(text)
    if kind == "setup.cfg":
        return _setup_cfg(text)
    if kind == "setup.py":
        return _setup_py(text)
    raise ValueError(f"unknown manifest kind {kind!r}")


def script_declarations(text: str) -> list[Declaration]:
    """The ``dependencies`` of a PEP 723 ``# /// script`` block (empty when there is none)."""
    blocks = [m for m in _SCRIPT_BLOCK.finditer(text) if m.group("type") == "script"]
    if len(blocks) != 1:
        return []  # PEP 723: more than one script block is an error; nothing to trust
    content = "".join(
        line[2:] if line.startswith("# ") else line[1:]
        for line in blocks[0].group("content").splitlines(keepends=True)
    )
    try:
        data = tomllib.loads(content)
    except tomllib.TOMLDecodeError:
        return []
    return [
        Declaration(s, "script.dependencies", False) for s in _strings(data.get("dependencies"))
    ]


def declared(kind: str, text: str) -> frozenset[str]:
    """Canonical names of every dependency a manifest of ``kind`` declares (no includes)."""
    names = (requirement_name(d.spec) for d in read_manifest(kind, text) if d.spec)
    return frozenset(name for name in names if name and name != "python")


def names_on_line(kind: str, line: str) -> Iterator[tuple[str, str]]:
    """(canonical name, name as written) of every requirement-looking text on one line."""
    if kind == "requirements":
        spec = requirement_line(line)
        candidates = [spec] if spec else []
    else:
        candidates = [m.group(2) for m in _QUOTED.finditer(line)]
        key = _TOML_KEY.match(line)
        if key:
            candidates.append(key.group(1))
        if kind == "setup.cfg":
            candidates += [line.strip(), line.partition("=")[2]]
    for spec in candidates:
        written = _NAME_AT_START.match(spec)
        name = requirement_name(spec)
        if name and written:
            yield name, written.group(1)


def parse_python(source: str | bytes, filename: str = "<unknown>") -> ast.Module:
    """``ast.parse`` without the SyntaxWarnings it would print (the library never prints)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return ast.parse(source, filename=filename)


def _strings(value: Any) -> list[str]:
    return [item for item in value if isinstance(item, str)] if isinstance(value, list) else []


def _table(data: Any, *keys: str) -> dict[str, Any]:
    for key in keys:
        data = data.get(key) if isinstance(data, dict) else None
    return data if isinstance(data, dict) else {}


def _requirements(text: str) -> list[Declaration]:
    out: list[Declaration] = []
    for raw in text.splitlines():
        line = re.sub(r"(^|\s)#.*$", "", raw).strip()
        include = _INCLUDE.match(line)
        if include:
            constraint = include.group(1) in ("-c", "--constraint")
            out.append(Declaration("", include.group(1), constraint, include=include.group(2)))
            continue
        spec = requirement_line(raw)
        if spec:
            out.append(Declaration(spec, "requirement", False))
    return out


def _poetry_table(table: dict[str, Any], where: str, optional: bool) -> list[Declaration]:
    out = []
    for name, value in table.items():
        version = value.get("version", "") if isinstance(value, dict) else value
        extra = isinstance(value, dict) and value.get("optional") is True
        spec = f"{name} {version}" if isinstance(version, str) and version != "*" else name
        out.append(Declaration(spec.strip(), where, optional or extra))
    return out


def _pyproject(text: str) -> list[Declaration]:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        return []
    project = _table(data, "project")
    out = [
        Declaration(s, "project.dependencies", False) for s in _strings(project.get("dependencies"))
    ]
    groups: list[tuple[str, dict[str, Any]]] = [
        ("project.optional-dependencies", _table(project, "optional-dependencies")),
        ("dependency-groups", _table(data, "dependency-groups")),
        ("tool.pdm.dev-dependencies", _table(data, "tool", "pdm", "dev-dependencies")),
    ]
    for prefix, table in groups:
        for group, value in table.items():
            out += [Declaration(s, f"{prefix}.{group}", True) for s in _strings(value)]
    build = _strings(_table(data, "build-system").get("requires"))
    out += [Declaration(s, "build-system.requires", True) for s in build]
    uv_dev = _strings(_table(data, "tool", "uv").get("dev-dependencies"))
    out += [Declaration(s, "tool.uv.dev-dependencies", True) for s in uv_dev]
    for env_name, env in _table(data, "tool", "hatch", "envs").items():
        for key in ("dependencies", "extra-dependencies"):
            where = f"tool.hatch.envs.{env_name}.{key}"
            out += [Declaration(s, where, True) for s in _strings(_table(env).get(key))]
    poetry = _table(data, "tool", "poetry")
    main = {k: v for k, v in _table(poetry, "dependencies").items() if k.lower() != "python"}
    out += _poetry_table(main, "tool.poetry.dependencies", False)
    out += _poetry_table(_table(poetry, "dev-dependencies"), "tool.poetry.dev-dependencies", True)
    for group, body in _table(poetry, "group").items():
        where = f"tool.poetry.group.{group}.dependencies"
        out += _poetry_table(_table(body, "dependencies"), where, True)
    return out


def _pipfile(text: str) -> list[Declaration]:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        return []
    return _poetry_table(_table(data, "packages"), "packages", False) + _poetry_table(
        _table(data, "dev-packages"), "dev-packages", True
    )


def _setup_cfg(text: str) -> list[Declaration]:
    parser = configparser.ConfigParser(interpolation=None)
    try:
        parser.read_string(text)
    except configparser.Error:
        return []
    values = [
        (f"options.{key}", key != "install_requires", parser.get("options", key, fallback=""))
        for key in _SETUP_KEYWORDS[:3]
    ]
    if parser.has_section("options.extras_require"):
        values += [
            (f"options.extras_require.{name}", True, value)
            for name, value in parser.items("options.extras_require")
        ]
    return [
        Declaration(line.strip(), where, optional)
        for where, optional, value in values
        for line in re.split(r"[\n;]", value)
        if line.strip() and not line.strip().startswith("#")
    ]


def _setup_py(text: str) -> list[Declaration]:
    try:
        tree = parse_python(text)
    except (SyntaxError, ValueError):
        return []
    constants = {
        target.id: node.value
        for node in tree.body
        if isinstance(node, ast.Assign)
        for target in node.targets
        if isinstance(target, ast.Name)
    }
    out: list[Declaration] = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        for keyword in node.keywords:
            if keyword.arg not in _SETUP_KEYWORDS:
                continue
            value = keyword.value
            if isinstance(value, ast.Name):
                value = constants.get(value.id, value)
            try:
                literal = ast.literal_eval(value)
            except (ValueError, TypeError, SyntaxError, RecursionError):
                continue  # not a literal: nothing we can read without running setup.py
            optional = keyword.arg != "install_requires"
            groups = literal.values() if isinstance(literal, dict) else [literal]
            for group in groups:
                specs = [group] if isinstance(group, str) else []
                if isinstance(group, (list, tuple, set)):
                    specs = _strings(list(group))
                for spec in specs:
                    out += [
                        Declaration(line.strip(), f"setup({keyword.arg}=...)", optional)
                        for line in spec.splitlines()
                        if line.strip() and not line.strip().startswith("#")
                    ]
    return out

"""Dependencies a project declares in its manifests, and the import names they provide.

Manifests are parsed as data (TOML, INI, requirement lines, and ``setup.py`` through ``ast``
with literal values only): nothing of the scanned project is ever imported or executed.
"""

from __future__ import annotations

import ast
import configparser
import re
import sys
import warnings
from collections.abc import Iterable, Iterator
from pathlib import PurePosixPath
from typing import Any

from packaging.requirements import InvalidRequirement, Requirement
from packaging.utils import canonicalize_name

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on 3.10 only
    import tomli as tomllib

IMPORT_NAMES: dict[str, tuple[str, ...]] = {
    "apache-airflow": ("airflow",),
    "attrs": ("attr", "attrs"),
    "beautifulsoup4": ("bs4",),
    "django-cors-headers": ("corsheaders",),
    "django-environ": ("environ",),
    "django-filter": ("django_filters",),
    "djangorestframework": ("rest_framework",),
    "djangorestframework-simplejwt": ("rest_framework_simplejwt",),
    "docopt-ng": ("docopt",),
    "factory-boy": ("factory",),
    "faiss-cpu": ("faiss",),
    "faiss-gpu": ("faiss",),
    "gitpython": ("git",),
    "google-api-python-client": ("googleapiclient",),
    "grpcio": ("grpc",),
    "grpcio-tools": ("grpc_tools",),
    "imbalanced-learn": ("imblearn",),
    "markdown-it-py": ("markdown_it",),
    "mysqlclient": ("MySQLdb",),
    "opencv-contrib-python": ("cv2",),
    "opencv-contrib-python-headless": ("cv2",),
    "opencv-python": ("cv2",),
    "opencv-python-headless": ("cv2",),
    "paho-mqtt": ("paho",),
    "pdfminer-six": ("pdfminer",),
    "pillow": ("PIL",),
    "protobuf": ("google",),
    "psycopg-binary": ("psycopg",),
    "psycopg2-binary": ("psycopg2",),
    "pycryptodome": ("Crypto",),
    "pycryptodomex": ("Cryptodome",),
    "pygithub": ("github",),
    "pygobject": ("gi",),
    "pyhamcrest": ("hamcrest",),
    "pyjwt": ("jwt",),
    "pymupdf": ("fitz", "pymupdf"),
    "pynacl": ("nacl",),
    "pyopenssl": ("OpenSSL",),
    "pysocks": ("socks", "sockshandler"),
    "python-dateutil": ("dateutil",),
    "python-docx": ("docx",),
    "python-jose": ("jose",),
    "python-json-logger": ("pythonjsonlogger",),
    "python-levenshtein": ("Levenshtein",),
    "python-pptx": ("pptx",),
    "python-telegram-bot": ("telegram",),
    "pywin32": ("win32api", "win32con", "win32com", "win32file", "pythoncom", "pywintypes"),
    "pyyaml": ("yaml",),
    "pyzmq": ("zmq",),
    "scikit-image": ("skimage",),
    "scikit-learn": ("sklearn",),
    "scikit-optimize": ("skopt",),
    "setuptools": ("setuptools", "pkg_resources", "distutils"),
    "umap-learn": ("umap",),
    "websocket-client": ("websocket",),
}
"""Canonical distribution name -> import names, where the usual derivations miss them."""

_PREFIXES = ("python_", "python", "py_", "py")
_SUFFIXES = ("_python", "_py")
_NAME_AT_START = re.compile(
    r"\s*([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)\s*(?:$|[<>=!~;\[(@ ])"
)
_QUOTED = re.compile(r"""(["'])(.*?)\1""")
_TOML_KEY = re.compile(r"""^\s*["']?([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)["']?\s*=""")
_INLINE_OPTION = re.compile(r"\s--?[A-Za-z]")
_EGG = re.compile(r"#egg=([A-Za-z0-9._-]+)")
_SETUP_KEYWORDS = ("install_requires", "setup_requires", "tests_require", "extras_require")


def manifest_kind(path: str) -> str | None:
    """pyproject, requirements, setup.cfg, setup.py or pipfile for a manifest path, else None."""
    pure = PurePosixPath(path)
    name, parent = pure.name.lower(), pure.parent.name.lower()
    if name in ("pyproject.toml", "setup.cfg", "setup.py"):
        return name if name != "pyproject.toml" else "pyproject"
    if name == "pipfile":
        return "pipfile"
    if name.endswith((".txt", ".in")) and (
        name.startswith("requirements") or parent == "requirements"
    ):
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


def requirement_line(line: str) -> str | None:
    """The requirement part of one requirements-file line (no comment, options or hashes)."""
    line = re.sub(r"(^|\s)#.*$", "", line).strip().removesuffix("\\").strip()
    if line.startswith("-"):
        egg = _EGG.search(line)
        return egg.group(1) if egg and line.startswith(("-e", "--editable")) else None
    option = _INLINE_OPTION.search(line)
    return line[: option.start()] if option else line or None


def declared(kind: str, text: str) -> frozenset[str]:
    """Canonical names of every dependency a manifest of ``kind`` declares (empty if unparsable)."""
    if kind == "requirements":
        specs: Iterable[str] = filter(None, map(requirement_line, text.split("\n")))
    elif kind == "pyproject":
        specs = _pyproject(text)
    elif kind == "pipfile":
        specs = _pipfile(text)
    elif kind == "setup.cfg":
        specs = _setup_cfg(text)
    elif kind == "setup.py":
        specs = _setup_py(text)
    else:
        raise ValueError(f"unknown manifest kind {kind!r}")
    return frozenset(name for name in map(requirement_name, specs) if name and name != "python")


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


def import_names(dist: str) -> set[str]:
    """Import names a canonical distribution name may provide (casefolded, generous on purpose)."""
    base = dist.replace("-", "_")
    out = {base, re.split(r"[_.]", base)[0], *(n.casefold() for n in IMPORT_NAMES.get(dist, ()))}
    for prefix in _PREFIXES:
        if base.startswith(prefix) and len(base) > len(prefix):
            out.add(base[len(prefix) :].lstrip("_"))
    for suffix in _SUFFIXES:
        if base.endswith(suffix) and len(base) > len(suffix):
            out.add(base[: -len(suffix)])
    return {name for name in out if name}


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


def _pyproject(text: str) -> list[str]:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        return []
    project = _table(data, "project")
    specs = _strings(project.get("dependencies")) + _strings(
        _table(data, "build-system").get("requires")
    )
    for group in (
        _table(project, "optional-dependencies"),
        _table(data, "dependency-groups"),
        _table(data, "tool", "pdm", "dev-dependencies"),
    ):
        for value in group.values():
            specs += _strings(value)
    specs += _strings(_table(data, "tool", "uv").get("dev-dependencies"))
    for env in _table(data, "tool", "hatch", "envs").values():
        if isinstance(env, dict):
            specs += _strings(env.get("dependencies")) + _strings(env.get("extra-dependencies"))
    poetry = _table(data, "tool", "poetry")
    tables = [_table(poetry, "dependencies"), _table(poetry, "dev-dependencies")]
    tables += [_table(group, "dependencies") for group in _table(poetry, "group").values()]
    return specs + [name for table in tables for name in table]


def _pipfile(text: str) -> list[str]:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        return []
    return [*_table(data, "packages"), *_table(data, "dev-packages")]


def _setup_cfg(text: str) -> list[str]:
    parser = configparser.ConfigParser(interpolation=None)
    try:
        parser.read_string(text)
    except configparser.Error:
        return []
    values = [parser.get("options", key, fallback="") for key in _SETUP_KEYWORDS[:3]]
    if parser.has_section("options.extras_require"):
        values += [value for _, value in parser.items("options.extras_require")]
    return [line for value in values for line in re.split(r"[\n;]", value) if line.strip()]


def _setup_py(text: str) -> list[str]:
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
    specs: list[str] = []
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
            groups = literal.values() if isinstance(literal, dict) else [literal]
            for group in groups:
                if isinstance(group, str):
                    specs.append(group)
                elif isinstance(group, (list, tuple, set)):
                    specs += _strings(list(group))
    return specs

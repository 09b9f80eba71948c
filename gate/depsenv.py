"""The analysis environment: the project's declared dependencies, installed without running them.

One environment per set of declarations, cached under ``$XDG_CACHE_HOME/aigate/envs/<key>``
(``<key>``: the hash of the declarations, see environment_key):
a plain directory (``pip install --target``) holding the dependencies from **wheels only**
(``--only-binary :all:``, so no ``setup.py`` or build backend of theirs runs) plus the stub
packages that exist for them (``types-*``, ``pandas-stubs``, ``boto3-stubs`` ...). Transitive
dependencies are installed too, also from wheels only: the types of a library refer to its
dependencies' (flask's request is werkzeug's), and they are what the project itself installs.
A dependency flagged as a likely typosquat is never installed. No interpreter ever starts with
this directory as a site dir (mypy gets it through a search-path shim, pylint on the end of
its path), and start-up hooks (``*.pth``, ``sitecustomize``) are deleted all the same.
Whatever could not be installed (no network, no wheel) stays unknown to the analyzers (no
findings about it) and is listed in a notice.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path

from packaging.requirements import InvalidRequirement, Requirement
from packaging.utils import canonicalize_name

from gate.errors import GateError

LAYOUT = "1"
"""Bumped when the environment's layout or the stub table changes (part of the cache key)."""
MARKER = "aigate-env.json"
"""Written last into a complete environment: what was installed and what was not."""
PIP_TIMEOUT = 900.0
"""Seconds one pip call may take."""

STUBS: dict[str, tuple[str, ...]] = {
    "requests": ("types-requests",),
    "pyyaml": ("types-pyyaml",),
    "python-dateutil": ("types-python-dateutil",),
    "pandas": ("pandas-stubs",),
    "boto3": (
        "boto3-stubs",
        "botocore-stubs",
        "mypy-boto3-s3",
        "mypy-boto3-ec2",
        "mypy-boto3-dynamodb",
        "mypy-boto3-sqs",
        "mypy-boto3-lambda",
        "mypy-boto3-rds",
    ),
    "botocore": ("botocore-stubs",),
    "six": ("types-six",),
    "pytz": ("types-pytz",),
    "simplejson": ("types-simplejson",),
    "toml": ("types-toml",),
    "tabulate": ("types-tabulate",),
    "psycopg2": ("types-psycopg2",),
    "psycopg2-binary": ("types-psycopg2",),
    "paramiko": ("types-paramiko",),
    "psutil": ("types-psutil",),
    "protobuf": ("types-protobuf",),
    "jsonschema": ("types-jsonschema",),
    "cachetools": ("types-cachetools",),
    "markdown": ("types-markdown",),
    "docutils": ("types-docutils",),
    "ujson": ("types-ujson",),
    "openpyxl": ("types-openpyxl",),
    "pyopenssl": ("types-pyopenssl",),
    "redis": ("types-redis",),
    "mock": ("types-mock",),
    "pywin32": ("types-pywin32",),
}
"""Distribution -> stub distributions that type it (typeshed's stubs and the projects that ship
stub-only packages). ``pandas-stubs`` gets the pandas specifier, whose versions it follows."""
_VERSIONED_STUBS = {"pandas-stubs": "pandas"}
_SPEC_START = ("", "<", ">", "=", "!", "~", ";", "[", " ")
"""How a PEP 508 specifier can start; anything else (Poetry's ``^1.2``) installs unversioned."""


@dataclass(frozen=True)
class AnalysisEnvironment:
    """Where the project's dependencies are installed for the analyzers."""

    site: Path | None
    """The directory holding the installed packages; None: nothing usable."""
    installed: tuple[str, ...] = ()
    """Requirements installed (as written, stubs included)."""
    missing: tuple[str, ...] = ()
    """Requirements that could not be installed, each with why; their modules stay unknown."""
    refused: tuple[str, ...] = ()
    """Declared dependencies never installed because they look like typosquats."""
    cached: bool = False
    """True when a complete environment from an earlier scan was reused."""

    def notices(self) -> tuple[str, ...]:
        """What the report should say about the environment."""
        out = []
        if self.missing:
            out.append(
                "dependencies not installed for analysis (their APIs are unknown, no findings "
                "about them): " + "; ".join(self.missing)
            )
        if self.refused:
            out.append(
                "declared dependencies not installed because they look like typosquats: "
                + ", ".join(self.refused)
            )
        return tuple(out)


def envs_directory(environ: Mapping[str, str] | None = None) -> Path:
    """Where environments are kept: ``envs`` in aigate's default cache directory (the Action
    saves and restores it with actions/cache). Not under ``--cache-dir``: that is the result
    cache, which ``--no-cache`` switches off, and an environment costs minutes to rebuild."""
    from gate.cache import default_directory  # late: gate.cache imports the analyzers

    return default_directory(environ) / "envs"


def requirements_for(
    declared: Iterable[tuple[str, str]], refuse: Callable[[str], bool]
) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """(requirements to install, refused names, unusable declarations) for this Python.

    ``declared`` holds (distribution name, specifier with any marker); a marker false for the
    running Python drops the declaration, as pip would.
    """
    wanted: dict[str, str] = {}
    refused: list[str] = []
    bad: list[str] = []
    for name, specifier in declared:
        try:
            req = Requirement(name + specifier if specifier[:1] in _SPEC_START else name)
        except InvalidRequirement:
            bad.append(f"{name}: unparsable specifier {specifier!r}")
            continue
        if req.marker is not None and not req.marker.evaluate({"extra": ""}):
            continue
        dist = canonicalize_name(req.name)
        if refuse(dist):
            refused.append(dist)
            continue
        wanted.setdefault(dist, f"{dist}{req.specifier}")
    for wanted_dist in list(wanted):
        for stub in STUBS.get(wanted_dist, ()):
            base = _VERSIONED_STUBS.get(stub)
            spec = wanted[base][len(base) :] if base and base in wanted else ""
            wanted.setdefault(stub, f"{stub}{spec}")
    return tuple(sorted(wanted.values())), tuple(sorted(set(refused))), tuple(bad)


def environment_key(requirements: tuple[str, ...]) -> str:
    """The cache key: the requirements, the Python version and the layout version."""
    text = "\n".join([LAYOUT, sys.implementation.cache_tag or "", *requirements])
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def open_environment(path: Path) -> AnalysisEnvironment:
    """An environment the user names (``--deps-env``): a venv, a Python prefix or a
    site-packages directory. Only read, never run."""
    env = path.expanduser()
    if not env.is_dir():
        raise GateError(f"--deps-env {path}: not a directory")
    found = sorted(env.glob("lib/python3*/site-packages")) + sorted(env.glob("Lib/site-packages"))
    if found:
        return AnalysisEnvironment(site=found[-1].resolve(), cached=True)
    if any(env.glob("*.dist-info")):
        return AnalysisEnvironment(site=env.resolve(), cached=True)
    raise GateError(f"--deps-env {path}: no site-packages directory (lib/python3*/site-packages)")


def build_environment(
    requirements: tuple[str, ...],
    refused: tuple[str, ...] = (),
    root: Path | None = None,
    pip: tuple[str, ...] = (sys.executable, "-m", "pip", "install"),
) -> AnalysisEnvironment:
    """The cached environment for ``requirements``, built (wheels only) when not cached yet.

    ``pip``: the install command (tests add ``--no-index --find-links``).
    """
    envs = root / "envs" if root else envs_directory()
    target = envs / environment_key(requirements)
    ready = _load(target, refused)
    if ready is not None:
        return ready
    envs.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=".build-", dir=envs))
    try:
        site = work / "site"
        site.mkdir()
        installed, missing = _install(pip, site, requirements)
        _remove_startup_hooks(site)
        if requirements and not installed:  # nothing at all (no network?): do not cache
            return AnalysisEnvironment(None, (), missing, refused)
        marker = {"installed": installed, "missing": missing}
        (work / MARKER).write_text(json.dumps(marker, indent=1), encoding="utf-8")
        try:
            os.replace(work, target)
        except OSError:  # another scan finished the same environment first: use that one
            pass
        done = _load(target, refused)
        if done is None:
            raise GateError(f"{target}: analysis environment could not be moved into place")
        return replace(done, cached=False)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _load(target: Path, refused: tuple[str, ...]) -> AnalysisEnvironment | None:
    try:
        data = json.loads((target / MARKER).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not (target / "site").is_dir():
        return None
    try:  # last used now: the Action saves only the environments its scan used
        os.utime(target / MARKER)
    except OSError:
        pass
    return AnalysisEnvironment(
        site=target / "site",
        installed=tuple(data.get("installed", ())),
        missing=tuple(data.get("missing", ())),
        refused=refused,
        cached=True,
    )


def _pip_install(pip: tuple[str, ...], site: Path, reqs: tuple[str, ...], deps: bool) -> str:
    """Install ``reqs`` from wheels into ``site``; '' on success, else pip's last error line."""
    argv = (
        *pip,
        "--quiet",
        "--disable-pip-version-check",
        "--no-input",
        "--no-compile",
        "--no-warn-script-location",
        "--only-binary=:all:",
        "--upgrade",
        f"--target={site}",
        *(() if deps else ("--no-deps",)),
        "--",
        *reqs,
    )
    try:
        proc = subprocess.run(  # noqa: S603 - argv tuple, requirement strings after --
            argv, capture_output=True, text=True, timeout=PIP_TIMEOUT, check=False
        )
    except subprocess.TimeoutExpired:
        return f"pip timed out after {PIP_TIMEOUT:g} s"
    except OSError as exc:
        return f"pip could not start: {exc}"
    if proc.returncode == 0:
        return ""
    lines = [ln.strip() for ln in proc.stderr.splitlines() if ln.strip().startswith("ERROR")]
    return (lines[0] if lines else f"pip exited {proc.returncode}")[:200]


def _install(
    pip: tuple[str, ...], site: Path, requirements: tuple[str, ...]
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Everything at once (one resolution); on failure each requirement alone, then without
    its own dependencies; what still fails is missing."""
    if not requirements:
        return (), ()
    if not _pip_install(pip, site, requirements, deps=True):
        return requirements, ()
    installed, missing = [], []
    for req in requirements:
        error = _pip_install(pip, site, (req,), deps=True)
        if error:
            error = _pip_install(pip, site, (req,), deps=False) and error
        if error:
            missing.append(f"{req}: {error}")
        else:
            installed.append(req)
    return tuple(installed), tuple(missing)


def _remove_startup_hooks(site: Path) -> None:
    """Delete what the interpreter would run at start-up from site-packages."""
    for entry in site.iterdir() if site.is_dir() else ():
        name = entry.name
        if name.endswith(".pth") or name.split(".")[0] in ("sitecustomize", "usercustomize"):
            if entry.is_dir() and not entry.is_symlink():
                shutil.rmtree(entry, ignore_errors=True)
            else:
                entry.unlink(missing_ok=True)


def is_likely_typosquat(dist: str) -> bool:
    """What the dependency check calls a typosquat of a widely used package (the
    slopsquatting risk): the same rule, so the environment never refuses a name the gate
    accepts (a raw one-edit match against every ranked name refused ``pytest``, one edit
    from ``ipytest``, when the rank source missed it)."""
    from gate.checks.squat import squat_of_distribution

    return squat_of_distribution(dist) is not None


def environment_for(
    setting: str, repo_root: Path, declared: Callable[[], Iterable[tuple[str, str]]]
) -> AnalysisEnvironment | None:
    """The analysis environment a scan uses: ``off``, ``auto`` (built from the declarations)
    or the path of an existing environment (relative paths from the repository root)."""
    if setting == "off":
        return None
    if setting != "auto":
        path = Path(setting).expanduser()
        return open_environment(path if path.is_absolute() else repo_root / path)
    requirements, refused, _unusable = requirements_for(declared(), is_likely_typosquat)
    if not requirements:
        return AnalysisEnvironment(None, refused=refused) if refused else None
    return build_environment(requirements, refused)

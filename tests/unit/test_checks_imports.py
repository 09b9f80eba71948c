"""aigate/unknown-import and aigate/dependency-typo: flagged and clean cases."""

from __future__ import annotations

from pathlib import Path

import pytest

from gate.checks import Check, ProjectView
from gate.checks.imports import (
    check_dependencies,
    check_imports,
    edit_distance,
    near_miss,
    popular_packages,
)
from gate.deps import derived_import_names as import_names
from gate.manifests import declared, manifest_kind
from gate.model import ChangedFile, ChangeSet, Confidence, FileStatus, ScanMode, Severity


def changed(path: str, text: str, lines: set[int] | None = None) -> ChangedFile:
    """A changed file; every line is added unless ``lines`` says which."""
    added = range(1, text.count("\n") + 2) if lines is None else lines
    return ChangedFile(path, FileStatus.ADDED, frozenset(added), text.encode())


def scan(
    files: dict[str, str], changes: dict[str, set[int] | None], check: Check = check_imports
) -> list[tuple[str, str, int]]:
    """Run ``check`` with ``files`` as the project and ``changes`` (path -> lines) as the change."""
    changeset = ChangeSet(
        ScanMode.RANGE,
        Path("/repo"),
        tuple(changed(path, files[path], lines) for path, lines in sorted(changes.items())),
    )
    project = ProjectView(tuple(sorted(files)), lambda p: files[p].encode() if p in files else None)
    findings = check(changeset, project)
    by_path = {f.path: f for f in changeset.files}
    for f in findings:
        assert f.analyzer == "aigate"
        assert f.location.start_line in by_path[f.location.path].added_lines
    return [(f.rule_id, f.location.path, f.location.start_line) for f in findings]


def imports(
    code: str, extra: dict[str, str] | None = None, lines: set[int] | None = None
) -> list[tuple[str, str, int]]:
    files = {"app.py": code, **(extra or {})}
    return scan(files, {"app.py": lines})


# --- unknown-import: flagged ------------------------------------------------------------------


@pytest.mark.parametrize(
    "code, line",
    [
        ("import fastjsonx\n", 1),
        ("import os\nfrom fastjsonx.core import loads\n", 2),
        ("import os, fastjsonx.fast as fj\n", 1),
        ("def f():\n    import fastjsonx\n", 2),
        ("import json\nimport requests_async_pro\n", 2),
    ],
)
def test_unknown_import_is_flagged(code: str, line: int) -> None:
    assert imports(code) == [("unknown-import", "app.py", line)]


def test_unknown_import_finding_details() -> None:
    project = {"app.py": "import os, fastjsonx\n"}
    changeset = ChangeSet(ScanMode.RANGE, Path("/r"), (changed("app.py", project["app.py"]),))
    [finding] = check_imports(changeset, ProjectView(tuple(project), lambda p: None))
    assert finding.severity is Severity.MEDIUM
    assert finding.confidence is Confidence.MEDIUM
    assert finding.cwe == (829,)
    assert (finding.location.start_column, finding.location.end_column) == (12, 21)
    assert "'fastjsonx'" in finding.message and "hallucinated" in finding.message
    assert finding.fix == "Declare it as a dependency if it is real, or use the correct package."


def test_unknown_import_suggests_the_package_it_resembles() -> None:
    project = {"app.py": "import reqeusts\n"}
    changeset = ChangeSet(ScanMode.RANGE, Path("/r"), (changed("app.py", project["app.py"]),))
    [finding] = check_imports(changeset, ProjectView(tuple(project), lambda p: None))
    assert "did you mean 'requests'?" in finding.message


def test_optional_import_is_flagged_with_low_confidence() -> None:
    code = "try:\n    import fastjsonx as json\nexcept ImportError:\n    import json\n"
    changeset = ChangeSet(ScanMode.RANGE, Path("/r"), (changed("app.py", code),))
    [finding] = check_imports(changeset, ProjectView(("app.py",), lambda p: None))
    assert finding.location.start_line == 2
    assert finding.confidence is Confidence.LOW


# --- unknown-import: clean --------------------------------------------------------------------


@pytest.mark.parametrize(
    "code, extra",
    [
        ("import os, sys, json\nfrom collections.abc import Mapping\nimport tomllib\n", {}),
        ("import __future__\nimport distutils.core\n", {}),
        ("import mypkg.core\n", {"src/mypkg/__init__.py": "", "src/mypkg/core.py": ""}),
        ("import helpers\n", {"tools/helpers.py": ""}),
        ("import nsonly.sub\n", {"lib/nsonly/sub/mod.py": ""}),
        ("from . import sibling\nfrom ..pkg.mod import thing\n", {}),
        (
            "import yaml\n",
            {"pyproject.toml": '[project]\nname = "x"\ndependencies = ["PyYAML>=6"]\n'},
        ),
        (
            "import bs4, sklearn\n",
            {
                "pyproject.toml": (
                    '[project]\nname = "x"\n[project.optional-dependencies]\n'
                    'web = ["beautifulsoup4"]\nml = ["scikit-learn ; python_version>\'3.9\'"]\n'
                )
            },
        ),
        (
            "import jwt\n",
            {"pyproject.toml": '[tool.poetry.dependencies]\npython = "^3.10"\nPyJWT = "^2"\n'},
        ),
        ("import cv2\n", {"pyproject.toml": '[dependency-groups]\ndev = ["opencv-python"]\n'}),
        ("import dateutil\n", {"requirements.txt": "python-dateutil==2.9  # dates\n"}),
        (
            "import PIL\n",
            {"requirements-dev.txt": "-r requirements.txt\nPillow>=10 --hash=sha256:ab\n"},
        ),
        ("import jose\n", {"requirements/base.txt": "python-jose[cryptography]\n"}),
        ("import attr\n", {"setup.cfg": "[options]\ninstall_requires =\n    attrs>=22\n"}),
        (
            "import serial\n",
            {"setup.py": "from setuptools import setup\nsetup(install_requires=['pyserial'])\n"},
        ),
        ("import magic\n", {"setup.py": "DEPS = ['python-magic']\nsetup(install_requires=DEPS)\n"}),
        ("import google.protobuf\n", {"requirements.txt": "protobuf\n"}),
        ("import azure.storage.blob\n", {"requirements.txt": "azure-storage-blob\n"}),
        ("import dotenv\n", {"Pipfile": '[packages]\npython-dotenv = "*"\n'}),
        ("import packaging.version\nimport click\n", {}),  # installed beside aigate
    ],
)
def test_known_imports_are_clean(code: str, extra: dict[str, str]) -> None:
    assert imports(code, extra) == []


def test_import_on_an_unchanged_line_is_not_reported() -> None:
    assert imports("import fastjsonx\nx = 1\n", lines={2}) == []


def test_a_file_that_does_not_parse_is_skipped() -> None:
    assert imports("import fastjsonx\ndef broken(:\n") == []


def test_non_python_files_are_not_parsed() -> None:
    files = {"notes.md": "import fastjsonx\n"}
    assert scan(files, {"notes.md": None}) == []


def test_a_missing_manifest_declares_nothing() -> None:
    files = {"app.py": "import yaml_extra_tools\n"}
    project = ProjectView(("app.py", "requirements.txt"), lambda p: None if p != "app.py" else b"")
    changeset = ChangeSet(ScanMode.RANGE, Path("/r"), (changed("app.py", files["app.py"]),))
    assert [f.rule_id for f in check_imports(changeset, project)] == ["unknown-import"]


# --- dependency-typo --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path, text, line, meant",
    [
        ("requirements.txt", "flask\nreqeusts==2.31\n", 2, "requests"),
        ("requirements-dev.txt", "python-dateutils>=2\n", 1, "python-dateutil"),
        ("requirements/prod.txt", "beautifulsoup\n", 1, "beautifulsoup4"),
        ("requirements.in", "numpi\n", 1, "numpy"),
        ("requirements.txt", "sklearn\n", 1, "scikit-learn"),
        (
            "pyproject.toml",
            '[project]\nname = "x"\ndependencies = [\n  "reqeusts>=2",\n]\n',
            4,
            "requests",
        ),
        ("pyproject.toml", '[project]\nname = "x"\ndependencies = ["djnago"]\n', 3, "django"),
        (
            "pyproject.toml",
            '[tool.poetry.dependencies]\npython = "^3.10"\nreqeusts = "^2"\n',
            3,
            "requests",
        ),
        ("setup.cfg", "[options]\ninstall_requires =\n    urlib3\n", 3, "urllib3"),
    ],
)
def test_dependency_typo_is_flagged(path: str, text: str, line: int, meant: str) -> None:
    assert scan({path: text}, {path: None}, check_dependencies) == [("dependency-typo", path, line)]
    changeset = ChangeSet(ScanMode.RANGE, Path("/r"), (changed(path, text),))
    [finding] = check_dependencies(changeset, ProjectView((path,), lambda p: None))
    assert finding.severity is Severity.HIGH
    assert finding.cwe == (829,)
    assert f"'{meant}'" in finding.message


def test_dependency_typo_columns_cover_the_name() -> None:
    text = "reqeusts==2.31\n"
    changeset = ChangeSet(ScanMode.RANGE, Path("/r"), (changed("requirements.txt", text),))
    [finding] = check_dependencies(changeset, ProjectView((), lambda p: None))
    assert (finding.location.start_column, finding.location.end_column) == (1, 9)


@pytest.mark.parametrize(
    "path, text, lines",
    [
        ("requirements.txt", "requests==2.31\nPyYAML\nscapy\nfastai\n", None),
        ("requirements.txt", "reqeusts==2.31\nrequests\n", {2}),  # typo on an unchanged line
        (
            "requirements.txt",
            "# reqeusts is not a dependency\n-r other.txt\n--index-url https://x\n",
            None,
        ),
        ("pyproject.toml", '[project]\nname = "reqeusts"\ndependencies = ["requests"]\n', None),
        ("pyproject.toml", '[tool.ruff]\nselect = ["reqeusts"]\n', None),
        ("pyproject.toml", "[project\nbroken = \n", None),
        ("app.py", 'deps = ["reqeusts"]\n', None),
    ],
)
def test_dependency_typo_clean(path: str, text: str, lines: set[int] | None) -> None:
    assert scan({path: text}, {path: lines}, check_dependencies) == []


# --- helpers ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "a, b, distance",
    [("reqeusts", "requests", 1), ("ab", "ba", 1), ("kitten", "sitting", 3), ("", "abc", 3),
     ("numpy", "numpy", 0), ("flask", "falsk", 1)],
)  # fmt: skip
def test_edit_distance(a: str, b: str, distance: int) -> None:
    assert edit_distance(a, b) == distance


def test_near_miss_limits() -> None:
    known = frozenset({"requests", "python-dateutil", "six"})
    assert near_miss("requests", known) is None
    assert near_miss("reqests", known) == "requests"
    assert near_miss("reqsts", known) is None  # two edits on a short name
    assert near_miss("pyton-dateutils", known) == "python-dateutil"  # two edits, long name
    assert near_miss("sx", known) is None  # too short to judge


def test_popular_packages_ship_with_the_package() -> None:
    names = popular_packages()
    assert len(names) >= 300
    assert {"requests", "pyyaml", "beautifulsoup4", "python-dateutil"} <= names


@pytest.mark.parametrize(
    "path, kind",
    [("pyproject.toml", "pyproject"), ("sub/requirements-dev.txt", "requirements"),
     ("requirements/base.in", "requirements"), ("setup.cfg", "setup.cfg"), ("Pipfile", "pipfile"),
     ("setup.py", "setup.py"), ("docs/notes.txt", None), ("app.py", None)],
)  # fmt: skip
def test_manifest_kind(path: str, kind: str | None) -> None:
    assert manifest_kind(path) == kind


def test_declared_requirement_lines() -> None:
    text = (
        "requests[socks]>=2 ; python_version >= '3.8'\n"
        "-e git+https://example.org/repo.git#egg=local_tool\n"
        "foo==1 \\\n    --hash=sha256:00\n"
        "./vendored/pkg\n"
        "https://example.org/wheel.whl\n"
    )
    assert declared("requirements", text) == {"requests", "local-tool", "foo"}


def test_import_names_cover_common_mismatches() -> None:
    assert "yaml" in import_names("pyyaml")
    assert "pil" in import_names("pillow")
    assert "slugify" in import_names("python-slugify")
    assert "kafka" in import_names("kafka-python")
    assert "google" in import_names("google-cloud-storage")

"""aigate/undeclared-import and aigate/dependency-typo: flagged and clean cases."""

from __future__ import annotations

from pathlib import Path

import pytest

from gate.checks import Check, ProjectView
from gate.checks.imports import check_dependencies, check_imports
from gate.checks.squat import edit_distance, near_miss, popular_packages, popular_table
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


# --- undeclared-import and import typos: flagged ---------------------------------------------


@pytest.mark.parametrize(
    "code, line",
    [
        ("import fastjsonx\n", 1),
        ("import os\nfrom fastjsonx.core import loads\n", 2),
        ("import os, fastjsonx.fast as fj\n", 1),
        ("def f():\n    import fastjsonx\n", 2),
        ("import json\nimport requests_async_pro\n", 2),
        ("import packaging.version\n", 1),  # installed beside aigate, but nobody declared it
    ],
)
def test_undeclared_import_is_a_warning(code: str, line: int) -> None:
    assert imports(code) == [("undeclared-import", "app.py", line)]


def test_undeclared_import_finding_details() -> None:
    project = {"app.py": "import os, fastjsonx\n"}
    changeset = ChangeSet(ScanMode.RANGE, Path("/r"), (changed("app.py", project["app.py"]),))
    [finding] = check_imports(changeset, ProjectView(tuple(project), lambda p: None))
    assert finding.severity is Severity.LOW
    assert finding.confidence is Confidence.MEDIUM
    assert finding.cwe == (829,)
    assert (finding.location.start_column, finding.location.end_column) == (12, 21)
    assert "'fastjsonx' is imported at app.py:1" in finding.message


def test_one_finding_per_package_listing_every_place() -> None:
    files = {
        "app.py": "import fastjsonx\nfrom fastjsonx import x\n",
        "lib/util.py": "import os\nimport fastjsonx.fast\nimport otherpkg\n",
    }
    got = scan(files, {"app.py": None, "lib/util.py": None})
    assert got == [
        ("undeclared-import", "app.py", 1),
        ("undeclared-import", "lib/util.py", 3),
    ]
    changeset = ChangeSet(
        ScanMode.RANGE, Path("/r"), tuple(changed(p, t) for p, t in sorted(files.items()))
    )
    project = ProjectView(tuple(files), lambda p: files[p].encode())
    first = check_imports(changeset, project)[0]
    assert "app.py:1, app.py:2, lib/util.py:2" in first.message


@pytest.mark.parametrize(
    "code, meant",
    [("import reqeusts\n", "requests"), ("import numpi as np\n", "numpy"),
     ("from pandsa import DataFrame\n", "pandas")],
)  # fmt: skip
def test_import_of_a_near_miss_blocks(code: str, meant: str) -> None:
    changeset = ChangeSet(ScanMode.RANGE, Path("/r"), (changed("app.py", code),))
    [finding] = check_imports(changeset, ProjectView(("app.py",), lambda p: None))
    assert finding.rule_id == "dependency-typo"
    assert finding.severity is Severity.HIGH
    assert f"the import name of '{meant}'" in finding.message
    assert "most downloaded PyPI packages" in finding.message  # where the table came from


@pytest.mark.parametrize(
    "code",
    [
        "try:\n    import reqeusts as json\nexcept ImportError:\n    import json\n",
        "try:\n    import fastjsonx\nexcept (ModuleNotFoundError, OSError):\n    pass\n",
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    import reqeusts\n",
        "import typing\nif typing.TYPE_CHECKING:\n    from fastjsonx import X\n",
        "import importlib.util\nif importlib.util.find_spec('reqeusts'):\n    import reqeusts\n",
        "from importlib.util import find_spec\nHAS = find_spec('numpi') is not None\n"
        "if HAS:\n    import numpi\n",
        "import contextlib\nwith contextlib.suppress(ImportError):\n    import reqeusts\n",
    ],
)
def test_guarded_imports_never_block(code: str) -> None:
    changeset = ChangeSet(ScanMode.RANGE, Path("/r"), (changed("app.py", code),))
    findings = check_imports(changeset, ProjectView(("app.py",), lambda p: None))
    assert len(findings) == 1
    assert findings[0].severity is Severity.NOTE
    assert findings[0].confidence is Confidence.LOW
    assert "guarded" in findings[0].message


def test_a_guarded_and_an_unguarded_import_of_one_package_is_not_guarded() -> None:
    code = "try:\n    import reqeusts\nexcept ImportError:\n    pass\nimport reqeusts\n"
    changeset = ChangeSet(ScanMode.RANGE, Path("/r"), (changed("app.py", code),))
    [finding] = check_imports(changeset, ProjectView(("app.py",), lambda p: None))
    assert finding.severity is Severity.HIGH


# --- undeclared-import: clean -----------------------------------------------------------------


@pytest.mark.parametrize(
    "code, extra",
    [
        ("import os, sys, json\nfrom collections.abc import Mapping\nimport tomllib\n", {}),
        # newer than the running Python (3.14), and typeshed's own stub package
        ("import annotationlib\nfrom compression import zstd\n", {}),
        ("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from _typeshed import X\n", {}),
        ("import __future__\nimport distutils.core\nimport urllib2, cPickle\n", {}),
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
        ("import google.cloud.storage\n", {"requirements.txt": "google-cloud-storage\n"}),
        ("import azure.storage.blob\n", {"requirements.txt": "azure-storage-blob\n"}),
        ("import dotenv\n", {"Pipfile": '[packages]\npython-dotenv = "*"\n'}),
        ("# /// script\n# dependencies = ['httpx']\n# ///\nimport httpx\n", {}),
    ],
)
def test_known_imports_are_clean(code: str, extra: dict[str, str]) -> None:
    assert imports(code, extra) == []


def test_setup_py_may_import_setuptools_undeclared() -> None:
    files = {"setup.py": "from setuptools import setup\nimport pkg_resources\n"}
    assert scan(files, {"setup.py": None}) == []


def test_monorepo_package_uses_its_own_manifest() -> None:
    files = {
        "packages/api/pyproject.toml": '[project]\nname="api"\ndependencies=["fastapi"]\n',
        "packages/api/api/main.py": "import fastapi\n",
        "packages/cli/cli.py": "import fastapi\n",
    }
    got = scan(files, {"packages/api/api/main.py": None, "packages/cli/cli.py": None})
    assert got == [("undeclared-import", "packages/cli/cli.py", 1)]


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
    assert [f.rule_id for f in check_imports(changeset, project)] == ["undeclared-import"]


# --- dependency-typo --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path, text, line, meant",
    [
        ("requirements.txt", "flask\nreqeusts==2.31\n", 2, "requests"),
        ("requirements-dev.txt", "python-dateutils>=2\n", 1, "python-dateutil"),
        ("requirements/prod.txt", "beautifulsoup\n", 1, "beautifulsoup4"),
        ("requirements.in", "numpi\n", 1, "numpy"),
        ("requirements.txt", "sklearn\n", 1, "scikit-learn"),
        ("requirements.txt", "python-jwt>=4\n", 1, "pyjwt"),
        ("requirements.txt", "python-yaml\n", 1, "pyyaml"),
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


def test_popular_packages_ship_with_the_package_and_say_where_from() -> None:
    names = popular_packages()
    assert len(names) >= 10000
    assert {"requests", "pyyaml", "beautifulsoup4", "python-dateutil"} <= names
    assert "download-rank list" in popular_table().source
    assert "generated 20" in popular_table().source


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

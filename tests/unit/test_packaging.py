"""The installed package carries its rules, templates, markers and rcfile (found from any cwd)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import gate
from gate.analyzers.semgrep import bundled_rules_dir, rule_files


def test_rules_are_found_from_any_working_directory(tmp_path: Path) -> None:
    code = "from gate.analyzers.semgrep import bundled_rules_dir; print(bundled_rules_dir())"
    proc = subprocess.run(
        (sys.executable, "-I", "-c", code), cwd=tmp_path, capture_output=True, text=True,
        timeout=60, check=True,
    )  # fmt: skip
    found = Path(proc.stdout.strip())
    assert found == bundled_rules_dir()
    assert tmp_path not in found.parents
    assert len(rule_files(found)) >= 15


def test_a_wheel_install_uses_the_rules_inside_the_package() -> None:
    shipped = Path(gate.__file__).parent / "_rules"
    if shipped.is_dir():  # a non-editable install (what CI and users run)
        assert bundled_rules_dir() == shipped
    else:  # an editable checkout: the source tree's rules/ beside the package
        assert bundled_rules_dir() == Path(gate.__file__).resolve().parent.parent / "rules"


def test_package_data_is_present() -> None:
    package = Path(gate.__file__).parent
    for relative in (
        "collect/markers.toml",
        "analyzers/pylintrc",
        "data/import_names.tsv",
        "data/popular_packages.tsv",
        "templates/aigate.toml",
        "templates/github-workflow.yml",
        "templates/pre-commit-config.yaml",
    ):
        assert (package / relative).is_file(), relative

"""Smoke tests of the benchmark and generator scripts' command lines (they are not run here)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]


def load(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"bench_{name}", ROOT / "bench" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def test_realcode_arguments() -> None:
    realcode = load("realcode")
    args = realcode.parse_args(["--projects", "requests,flask", "--changes", "2"])
    assert (args.projects, args.changes, args.no_audit) == ("requests,flask", 2, False)
    assert set(realcode.parse_args([]).projects.split(",")) == set(realcode.PROJECTS)
    assert all(version[0].isdigit() for version in realcode.PROJECTS.values())  # pinned


@pytest.mark.parametrize("argv", [["--projects", "leftpad"], ["--changes", "-1"]])
def test_realcode_rejects_bad_arguments(argv: list[str]) -> None:
    with pytest.raises(SystemExit) as info:
        load("realcode").parse_args(argv)
    assert info.value.code == 2


def test_wheel_modules_namespace_packages() -> None:
    tables = load("package_tables")
    names = [
        "google/cloud/storage/__init__.py",
        "google/cloud/storage/blob.py",
        "google/api/http_pb2.py",
        "yaml/__init__.py",
        "_yaml.cpython-311-x86_64-linux-gnu.so",
        "tests/test_x.py",
        "PyYAML-6.0.dist-info/RECORD",
    ]
    assert tables.wheel_modules(names) == {"google.cloud.storage", "google.api", "yaml", "_yaml"}


def test_slicing_bench_edits_lines_without_breaking_the_file() -> None:
    slicing = load("slicing")
    assert slicing.parse_args(["--projects", "flask", "--sinks", "2"]).sinks == 2
    text = "def f(a,\n      b):\n    x = 1 + \\\n        2\n    return x\n"
    out = slicing.edited(text, {1, 3, 5, 99})
    lines = out.splitlines()
    assert lines[0].endswith(slicing.EDIT) and lines[4].endswith(slicing.EDIT)
    assert lines[2] == "    x = 1 + \\"  # a comment after a line continuation would not parse
    assert slicing.def_lines(out) == [1]
    with pytest.raises(SystemExit):
        slicing.parse_args(["--defs", "-1"])

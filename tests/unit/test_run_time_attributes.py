"""Which objects a project fills with attributes at run time (gate.analyzers.dynamic)."""

from __future__ import annotations

from pathlib import Path

from gate.analyzers.dynamic import dynamic_attributes, soften_dynamic
from gate.findings import missing_name
from gate.model import Confidence, Location, RawFinding, Severity

SOURCES = {
    "pkg/table.py": (
        "class Table:\n    def load(self, names):\n        for n in names:\n"
        "            setattr(self, n, 1)\n"
    ),
    "pkg/bag.py": ("class Bag:\n    def __init__(self, **kw):\n        self.__dict__.update(kw)\n"),
    "src/pkg/consts.py": "for _n in ('A', 'B'):\n    globals()[_n] = 1\n",
    "pkg/fixed.py": ("class Fixed:\n    def __init__(self):\n        setattr(self, 'known', 1)\n"),
}


def _project(tmp_path: Path) -> Path:
    for path, text in SOURCES.items():
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_text(text)
    return tmp_path


def test_dynamic_writers_are_found_and_literal_names_are_not(tmp_path: Path) -> None:
    found = dynamic_attributes(_project(tmp_path), tuple(SOURCES))
    assert found.classes == {"Table": "pkg/table.py:4", "Bag": "pkg/bag.py:3"}
    assert found.modules == {"pkg.consts": "src/pkg/consts.py:2"}


def _raw(message: str) -> RawFinding:
    loc = Location("app.py", 3)
    return RawFinding("mypy", "attr-defined", Severity.MEDIUM, Confidence.HIGH, message, loc)


def test_only_messages_about_such_objects_are_rated_low(tmp_path: Path) -> None:
    raws = (
        _raw('"Table" has no attribute "width"'),
        _raw('Module "pkg.consts" has no attribute "C"'),
        _raw('"Fixed" has no attribute "width"'),
    )
    table, consts, fixed = soften_dynamic(raws, _project(tmp_path))
    assert (table.severity, table.confidence) == (Severity.LOW, Confidence.LOW)
    assert "pkg/table.py:4" in table.message
    assert consts.severity is Severity.LOW and "src/pkg/consts.py:2" in consts.message
    assert fixed == raws[2]


def test_the_missing_name_reads_both_analyzers_wording() -> None:
    assert missing_name('"T" has no attribute "x"') == missing_name(
        "Instance of 'T' has no 'x' member"
    )
    assert missing_name("No name 'y' in module 'm'") == "y"
    assert missing_name('Unexpected keyword argument "kw" for "f"') == "kw"
    assert missing_name("something else") is None

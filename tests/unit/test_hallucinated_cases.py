"""The hallucinated-API cases (fixtures/hallucinated) are well formed; nothing in them is run."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on 3.10 only
    import tomli as tomllib

CASES = Path(__file__).resolve().parents[2] / "fixtures" / "hallucinated"
KINDS = ("stdlib", "thirdparty", "project")


def _cases() -> list[dict[str, object]]:
    data = tomllib.loads((CASES / "cases.toml").read_text(encoding="utf-8"))
    cases = data["case"]
    assert isinstance(cases, list)
    return cases


def test_every_case_file_is_listed_once_and_parses() -> None:
    cases = _cases()
    listed = [str(c["file"]) for c in cases]
    assert len(listed) == len(set(listed))
    on_disk = sorted(p.relative_to(CASES).as_posix() for k in KINDS for p in (CASES / k).glob("*"))
    assert sorted(listed) == on_disk
    for rel in listed:
        ast.parse((CASES / rel).read_text(encoding="utf-8"), filename=rel)


def test_cases_are_labelled_and_balanced() -> None:
    cases = _cases()
    for case in cases:
        assert case["kind"] in KINDS and str(case["file"]).startswith(f"{case['kind']}/")
        assert isinstance(case["note"], str) and case["note"]
        name = Path(str(case["file"])).name
        if case["invented"]:
            line = case["line"]
            assert isinstance(line, int) and not name.startswith("ok_")
            source = (CASES / str(case["file"])).read_text(encoding="utf-8").splitlines()
            assert 1 <= line <= len(source) and source[line - 1].strip()
            assert isinstance(case["api"], str) and case["api"]
        else:
            assert name.startswith("ok_") and "line" not in case
    invented = [c for c in cases if c["invented"]]
    for kind in ("stdlib", "thirdparty"):
        assert sum(1 for c in invented if c["kind"] == kind) >= 20
    assert len(cases) - len(invented) >= len(invented)  # at least as many look-alikes

"""Per-file analyzer time: a batch's seconds shared by size, plus what was measured per file."""

from __future__ import annotations

from pathlib import Path

import pytest

from gate.analyzers.timing import file_seconds, target_sizes


def test_batch_time_is_shared_by_size_in_target_order() -> None:
    spent = file_seconds({"b.py": 300, "a.py": 100}, 8.0, {})
    assert spent == (("b.py", 6.0), ("a.py", 2.0))


def test_a_measured_call_is_added_to_its_file_and_not_shared() -> None:
    # 10 s in all, 4 of them semgrep's retry of big.py alone: the other 6 shared by size
    spent = dict(file_seconds({"a.py": 100, "big.py": 200}, 10.0, {"big.py": 4.0}))
    assert spent == pytest.approx({"a.py": 2.0, "big.py": 8.0})
    assert sum(spent.values()) == pytest.approx(10.0)


def test_sizes_never_zero(tmp_path: Path) -> None:
    (tmp_path / "empty.py").write_text("")
    (tmp_path / "one.py").write_text("x = 1\n")
    assert target_sizes(tmp_path, ("empty.py", "one.py", "gone.py")) == {
        "empty.py": 1,
        "one.py": 6,
        "gone.py": 1,
    }
    assert file_seconds({}, 3.0, {}) == ()

"""Definition slicing (gate/slicing.py): which top-level definitions semgrep may skip for a
change, and the blanked copy it reads instead."""

from __future__ import annotations

import ast
from pathlib import Path

from gate import slicing
from gate.analyzers.summaries import Summary, helper_spans
from gate.cachekey import Scope, Workspace, file_key
from gate.model import ChangedFile, FileStatus

SOURCE = b"""import os

LIMIT = 3


def helper(value):
    return value.strip()


def caller(value):
    return helper(value)


def unrelated():
    return os.getcwd()


class Store:
    def load(self, key):
        return key


def user(store):
    return store.load("k")
"""
LINES = SOURCE.decode().splitlines()


def _line(text: str) -> int:
    return LINES.index(text) + 1


def _span(name: str) -> tuple[int, int]:
    first = next(
        n for n, text in enumerate(LINES, 1) if text.startswith(("def " + name, "class " + name))
    )
    last = first
    while last < len(LINES) and (LINES[last].startswith(" ") or not LINES[last]):
        last += 1
    while not LINES[last - 1]:
        last -= 1
    return first, last


def test_an_untouched_definition_is_left_out_and_a_changed_one_kept() -> None:
    ranges = slicing.omitted(SOURCE, frozenset({_line("def unrelated():") + 1}))
    assert _span("unrelated") not in ranges
    assert _span("helper") in ranges and _span("caller") in ranges
    # module-level statements are never left out
    assert all(not (first <= _line("LIMIT = 3") <= last) for first, last in ranges)


def test_the_callers_of_a_changed_definition_are_kept_transitively() -> None:
    ranges = slicing.omitted(SOURCE, frozenset({_line("    return value.strip()")}))
    assert _span("helper") not in ranges and _span("caller") not in ranges
    assert _span("unrelated") in ranges and _span("Store") in ranges and _span("user") in ranges


def test_a_method_is_followed_to_its_callers_by_attribute() -> None:
    ranges = slicing.omitted(SOURCE, frozenset({_line("        return key")}))
    assert _span("Store") not in ranges and _span("user") not in ranges
    assert _span("helper") in ranges


def test_a_deletion_keeps_the_definitions_on_both_sides_of_it() -> None:
    end_of_helper = _span("helper")[1]
    lines = slicing.changed_lines((), (end_of_helper + 1,))
    assert lines == {end_of_helper + 1, end_of_helper + 2}
    # lines removed at the end of caller: caller is kept, the next definition need not be
    ranges = slicing.omitted(SOURCE, slicing.changed_lines((), (_span("caller")[1],)))
    assert _span("caller") not in ranges and _span("unrelated") in ranges
    # lines removed just above ``def unrelated`` (its decorator, say): it is kept
    ranges = slicing.omitted(SOURCE, slicing.changed_lines((), (_span("unrelated")[0] - 1,)))
    assert _span("unrelated") not in ranges and _span("caller") in ranges


def test_a_decorator_belongs_to_its_definition() -> None:
    source = b"import app\n\n\n@app.route('/x')\ndef view():\n    return 1\n\n\nX = 1\n"
    assert slicing.omitted(source, frozenset({9})) == ((4, 6),)
    assert slicing.omitted(source, frozenset({4})) == ()


def test_a_file_that_does_not_parse_or_has_a_lone_cr_is_read_whole() -> None:
    assert slicing.omitted(b"def f(:\n    pass\n", frozenset({1})) == ()
    assert slicing.omitted(b"X = 1\n\n\ndef f():\r    return 2\n", frozenset({1})) == ()
    crlf = SOURCE.replace(b"\n", b"\r\n")
    assert slicing.omitted(crlf, frozenset({1})) == slicing.omitted(SOURCE, frozenset({1}))


def test_blank_keeps_every_line_break_and_empties_only_the_ranges() -> None:
    crlf = b"a = 1\r\ndef f():\r\n    return 2\r\nb = 3\r\n"
    out = slicing.blank(crlf, ((2, 3),))
    assert out == b"a = 1\r\n\r\n\r\nb = 3\r\n"
    assert out.count(b"\r\n") == crlf.count(b"\r\n")
    assert slicing.blank(b"x = 1\ndef g():\n    pass", ((2, 3),)) == b"x = 1\n\n"
    assert slicing.blank(SOURCE, ()) is SOURCE


def _changed(path: str, added: frozenset[int]) -> ChangedFile:
    return ChangedFile(path, FileStatus.MODIFIED, added, SOURCE, python=SOURCE)


def test_plan_slices_changed_targets_only_and_reads_whole_what_it_is_told() -> None:
    files = [_changed("a.py", frozenset({1})), _changed("b.py", frozenset({1}))]
    contents = {"a.py": SOURCE, "b.py": SOURCE, "c.py": SOURCE, "nb.ipynb.py": SOURCE}
    files.append(_changed("nb.ipynb", frozenset({1})))
    plan = slicing.plan(
        files,
        ("a.py", "b.py", "c.py", "nb.ipynb.py", "gone.py"),
        {"nb.ipynb.py": "nb.ipynb"},
        contents.get,
        whole=("b.py",),
    )
    assert set(plan) == {"a.py", "nb.ipynb.py"}  # c.py is not changed, gone.py unreadable
    assert plan["a.py"] == slicing.omitted(SOURCE, frozenset({1}))


def test_describe_counts_the_lines_left_out_and_says_how_to_read_whole_files() -> None:
    assert slicing.describe({}) == ""
    text = slicing.describe({"a.py": ((3, 5), (9, 9)), "b.py": ((1, 2),)})
    assert "6 line(s)" in text and "in 2 file(s)" in text
    assert "[analyzers.semgrep] slice = false" in text


def test_the_cache_keeps_the_same_bytes_under_two_slices_apart(tmp_path: Path) -> None:
    (tmp_path / "a.py").write_bytes(SOURCE)
    ws = Workspace(tmp_path)
    whole = file_key("ctx", Scope.FILE, "a.py", ws)
    one = file_key("ctx", Scope.FILE, "a.py", ws, ((3, 5),))
    other = file_key("ctx", Scope.FILE, "a.py", ws, ((6, 9),))
    assert len({whole, one, other}) == 3
    assert one == file_key("ctx", Scope.FILE, "a.py", ws, ((3, 5),))


def test_a_finding_that_calls_a_summarised_helper_carries_the_helpers_lines() -> None:
    source = (
        b"def target():\n"  # 1
        b"    return inner()\n"  # 2
        b"\n\n"
        b"def inner():\n"  # 5
        b"    return 'x'\n"  # 6
        b"\n\n"
        b"def view():\n"  # 9
        b"    run(target())\n"  # 10
    )
    summaries = tuple(
        Summary("r", "source", name, False, -1, "", f"a.py:{line}")
        for name, line in (("target", 1), ("inner", 5))
    )
    tree = ast.parse(source)
    assert helper_spans("r", "a.py", frozenset({10}), summaries, tree) == {1, 2, 5, 6}
    assert helper_spans("other", "a.py", frozenset({10}), summaries, tree) == set()
    assert helper_spans("r", "b.py", frozenset({10}), summaries, tree) == set()
    assert helper_spans("r", "a.py", frozenset({6}), summaries, tree) == set()


CLASS = b"""class TestApi(Base):
    LIMIT = 3

    def setup(self):
        self.client = make()

    def test_one(self):
        return self.client.get("/one")

    @mark.slow
    def test_two(self):
        return self.helper()

    def helper(self):
        return 2


def outside():
    return TestApi().test_two()
"""
CLASS_LINES = CLASS.decode().splitlines()


def _method(name: str) -> tuple[int, int]:
    first = next(n for n, t in enumerate(CLASS_LINES, 1) if t.strip().startswith(f"def {name}("))
    if CLASS_LINES[first - 2].strip().startswith("@"):
        first -= 1
    last = first
    while last < len(CLASS_LINES) and CLASS_LINES[last].startswith("        "):
        last += 1
    return first, last


def test_in_a_kept_class_only_the_changed_methods_and_their_callers_are_read() -> None:
    changed = frozenset({CLASS_LINES.index("        return 2") + 1})
    ranges = slicing.omitted(CLASS, changed)
    # helper changed; test_two calls it (self.helper), outside calls test_two: all read
    assert ranges == (_method("setup"), _method("test_one"))
    # the class header and its attributes are read: blanking leaves them
    sliced = slicing.blank(CLASS, ranges).decode().splitlines()
    assert sliced[0] == "class TestApi(Base):" and sliced[1] == "    LIMIT = 3"
    assert sliced[_method("test_one")[0] - 1] == ""


def test_a_change_in_a_class_outside_its_methods_keeps_the_whole_class() -> None:
    changed = frozenset({CLASS_LINES.index("    LIMIT = 3") + 1})
    assert slicing.omitted(CLASS, changed) == ()  # outside() uses TestApi: read too
    first_method = frozenset({_method("setup")[0] + 1})
    ranges = slicing.omitted(CLASS, first_method)
    assert _method("setup") not in ranges and _method("test_one") in ranges
    # a class that is kept in part is named by the units that use it
    assert (_method("helper")[1] + 3, len(CLASS_LINES)) not in ranges

"""Scope rules: hunks with deletions, statement spans, traces, deletions in the function."""

from __future__ import annotations

from gate.analyzers.semgrep_core import trace_lines
from gate.collect.git import hunk_lines
from gate.identifiers import normalise, original_column, renamed_identifiers
from gate.model import (
    ChangedFile,
    Confidence,
    FileStatus,
    Location,
    RawFinding,
    Severity,
)
from gate.scope import shape_of, statement_lines, touch

CODE = b"""import subprocess


def run(cmd):
    x = 1
    return subprocess.run(
        cmd,
        check=True,
    )


def other():
    y = 2
    return y
"""


def raw(line: int, end: int | None = None, trace: tuple[int, ...] = ()) -> RawFinding:
    return RawFinding(
        analyzer="pylint",
        rule_id="E1123",
        severity=Severity.HIGH,
        confidence=Confidence.HIGH,
        message="m",
        location=Location("a.py", line, end),
        trace=tuple(Location("a.py", n) for n in trace),
    )


def changed(added: set[int], deleted_after: set[int] | None = None) -> ChangedFile:
    return ChangedFile(
        "a.py",
        FileStatus.MODIFIED,
        frozenset(added),
        CODE,
        python=CODE,
        deleted_after=frozenset(deleted_after or ()),
    )


def judge(finding: RawFinding, file: ChangedFile) -> tuple[bool, str]:
    result = touch([finding], finding.location, file, shape_of(file.content))
    return result.in_scope, result.reason


def test_hunk_lines_record_additions_and_deletions() -> None:
    patch = b"@@ -3 +2,0 @@\n-gone\n@@ -10,2 +9,3 @@\n-a\n-b\n+c\n+d\n+e\n@@ -20,0 +22 @@\n+new\n"
    added, deleted = hunk_lines(patch)
    assert added == {9, 10, 11, 22}
    assert deleted == {2, 11}  # after new line 2; after the last replacement line 11


def test_a_deletion_at_the_top_of_a_file_is_anchored_at_zero() -> None:
    assert hunk_lines(b"@@ -1,2 +0,0 @@\n-a\n-b\n") == (frozenset(), frozenset({0}))


def test_a_changed_keyword_on_the_third_line_of_a_call_counts() -> None:
    # a finding a tool reports on the call's first line only (issue 13, point 4)
    assert judge(raw(6), changed({8})) == (True, "line 8 of the flagged statement changed")


def test_compound_statements_count_only_their_header() -> None:
    shape = shape_of(CODE)
    assert statement_lines(shape, 4, 4) == {4}  # `def run(cmd):`, not the whole body
    assert statement_lines(shape, 7, 7) == {6, 7, 8, 9}


def test_a_changed_line_on_the_trace_counts() -> None:
    assert judge(raw(7, trace=(5, 7)), changed({5})) == (
        True,
        "line 5 on its data-flow trace changed",
    )
    assert judge(raw(7), changed({5})) == (False, "")  # no trace, not in the statement


def test_a_deletion_counts_in_its_own_function_only() -> None:
    assert judge(raw(7), changed(set(), {5}))[0] is True
    assert judge(raw(7), changed(set(), {13})) == (False, "")
    assert judge(raw(13), changed(set(), {5})) == (False, "")


def test_unparsable_content_fails_closed_for_deletions() -> None:
    broken = ChangedFile(
        "a.py",
        FileStatus.MODIFIED,
        frozenset(),
        b"def (:\n",
        python=b"def (:\n",
        deleted_after=frozenset({1}),
    )
    assert touch([raw(1)], Location("a.py", 1), broken, shape_of(broken.content)).in_scope


def _loc(path: str, line: int, end: int | None = None) -> dict[str, object]:
    return {
        "path": path,
        "start": {"line": line, "col": 1, "offset": 0},
        "end": {"line": end or line, "col": 9, "offset": 9},
    }


def test_semgrep_core_traces_are_read_per_finding() -> None:
    """semgrep-core's JSON trace: the source (here through a call), every intermediate
    variable (a multi-line one counts each line) and the sink; lines of another file are not
    this file's flow."""
    item = {
        "check_id": "shell-built",
        "path": "app.py",
        "start": {"line": 12},
        "extra": {
            "dataflow_trace": {
                "taint_source": [
                    "CliCall",
                    [
                        [_loc("app.py", 9), "read_host()"],
                        [{"location": _loc("app.py", 3), "content": "h"}],
                        ["CliLoc", [_loc("app.py", 2), "sys.argv[1]"]],
                    ],
                ],
                "intermediate_vars": [
                    {"location": _loc("app.py", 10, 11), "content": "cmd"},
                    {"location": _loc("lib/other.py", 40), "content": "x"},
                ],
                "taint_sink": ["CliLoc", [_loc("app.py", 12), "cmd"]],
            }
        },
    }
    assert trace_lines(item) == (2, 3, 9, 10, 11, 12)
    assert trace_lines({"path": "a.py", "extra": {}}) == ()


def test_identifiers_are_normalised_and_columns_mapped_back() -> None:
    text = "x = \ufb01le + \uff45\uff56\uff41\uff4c(y)  # \uff45\uff56\uff41\uff4c\n"
    renamed = renamed_identifiers(text)
    assert [(r.written, r.normalised) for r in renamed] == [
        ("\ufb01le", "file"),
        ("\uff45\uff56\uff41\uff4c", "eval"),
    ]
    view = normalise(text, renamed)
    assert view == "x = file + eval(y)  # \uff45\uff56\uff41\uff4c\n"  # comments stay as written
    # `eval` starts at column 12 of the view (1-based) and at column 11 of the real line
    assert view.index("eval") + 1 == 12 and text.index("\uff45") + 1 == 11
    assert original_column(renamed, 1, 12) == 11
    assert original_column(renamed, 1, 17) == 16  # `y`, after both names
    assert original_column(renamed, 1, 1) == 1

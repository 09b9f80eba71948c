"""The syntax aigate reads from changed files is built while the analyzers run, and is the same
as when it is built on the spot; a walked tree holds no reference cycle."""

from __future__ import annotations

import ast
import gc
import weakref
from pathlib import Path

from gate.astwalk import walk_pairs
from gate.escape import SourceCalls
from gate.filefacts import FileFacts
from gate.model import (
    AnalyzerRun,
    ChangedFile,
    ChangeSet,
    Confidence,
    FileStatus,
    Location,
    RawFinding,
    RunStatus,
    ScanMode,
    Severity,
)
from gate.scope import shape_of

SHELL = (
    "import os, subprocess\n"
    "def run(cmd):\n"
    "    subprocess.run(cmd, shell=True)\n"
    "def main():\n"
    "    run(os.environ['CMD'])\n"
)
PLAIN = "def f(x):\n    assert x\n    return x + 1\n"


def changed(path: str, text: str) -> ChangedFile:
    data = text.encode()
    lines = frozenset(range(1, text.count("\n") + 1))
    return ChangedFile(path, FileStatus.ADDED, lines, content=data, python=data)


def raw(analyzer: str, rule: str, path: str, line: int, cwe: tuple[int, ...] = ()) -> RawFinding:
    return RawFinding(
        analyzer, rule, Severity.HIGH, Confidence.HIGH, "m", Location(path, line), cwe=cwe
    )


def changeset(*files: ChangedFile) -> ChangeSet:
    return ChangeSet(ScanMode.RANGE, Path("/r"), files)


def test_a_finished_run_queues_the_facts_its_findings_need() -> None:
    facts = FileFacts(changeset(changed("a.py", SHELL), changed("b.py", PLAIN)))
    with facts:
        run = AnalyzerRun(
            analyzer="bandit",
            status=RunStatus.OK,
            findings=(
                raw("bandit", "B602", "a.py", 3),  # an escape class: calibration judges it
                raw("bandit", "B101", "b.py", 2),  # an assert: only its statement's shape
                raw("bandit", "B602", "elsewhere.py", 1),  # not a changed file: nothing
            ),
        )
        facts.warm(run)
        assert facts.queued == {("calls", "a.py"), ("shape", "a.py"), ("shape", "b.py")}
        judged = facts.calls("a.py").judge(3)
        fresh = SourceCalls(SHELL, "a.py").judge(3)
        assert judged is not None and fresh is not None
        assert (judged.blocking, judged.reason, judged.known_input) == (
            fresh.blocking,
            fresh.reason,
            fresh.known_input,
        )
        assert facts.shape("b.py") == shape_of(PLAIN.encode())
        assert facts.shape("a.py") == shape_of(SHELL.encode())


def test_our_data_flow_findings_queue_calls_and_workspace_aliases_map_back() -> None:
    facts = FileFacts(changeset(changed("nb.ipynb", SHELL)))
    with facts:
        run = AnalyzerRun(
            analyzer="semgrep",
            status=RunStatus.OK,
            findings=(raw("semgrep", "command-injection-tainted-shell", "nb.ipynb.py", 3, (78,)),),
        )
        facts.warm(run, {"nb.ipynb.py": "nb.ipynb"})
        assert facts.queued == {("calls", "nb.ipynb"), ("shape", "nb.ipynb")}


def test_what_a_closed_pool_never_started_is_built_on_the_spot() -> None:
    files = [changed(f"m{i}.py", SHELL) for i in range(30)]
    facts = FileFacts(changeset(*files))
    run = AnalyzerRun(
        analyzer="bandit",
        status=RunStatus.OK,
        findings=tuple(raw("bandit", "B602", f.path, 3) for f in files),
    )
    facts.warm(run)
    facts.close(wait=False)
    facts.warm(run)  # after close: ignored, never an error in an analyzer's thread
    for f in files:
        judged = facts.calls(f.path).judge(3)
        assert judged is not None and judged.blocking
        assert facts.shape(f.path) == shape_of(SHELL.encode())


def test_unparsable_and_unknown_files_have_no_shape_and_no_judged_calls() -> None:
    facts = FileFacts(changeset(changed("bad.py", "def (:\n    os.system(x)\n")))
    assert facts.shape("bad.py") is None
    assert facts.calls("bad.py").judge(2) is None
    assert facts.shape("missing.py") is None
    assert facts.calls("missing.py").calls == {}


def test_a_kept_walk_is_the_walk_and_leaves_no_reference_cycle() -> None:
    tree = ast.parse(SHELL + PLAIN)
    function = tree.body[1]
    first = list(walk_pairs(function, frozenset()))
    again = list(walk_pairs(function, frozenset()))
    assert [n for n, _ in first] == [n for n, _ in again]
    assert all(a[0] is b[0] and a[1] is b[1] for a, b in zip(first, again, strict=True))
    # the function's own statements have no parent; deeper nodes have theirs
    assert {type(n) for n, p in first if p is None} == {ast.arguments, ast.Expr}
    call = next(n for n, _ in first if isinstance(n, ast.Call))
    assert any(p is call for _, p in first)
    # a dead statement is skipped whatever was kept
    dead = frozenset({id(function.body[0])})  # type: ignore[attr-defined]
    assert all(n is not function.body[0] for n, _ in walk_pairs(function, dead))  # type: ignore[attr-defined]
    for scope in ast.walk(tree):
        if isinstance(scope, (ast.Module, ast.FunctionDef)):
            list(walk_pairs(scope, frozenset()))
    ref = weakref.ref(tree)
    gc.disable()
    try:
        del tree, function, first, again, call
        assert ref() is None  # freed by reference counting alone
    finally:
        gc.enable()

"""bench/speed.py's fixed-cost sections: where semgrep's and pylint's seconds go on a 1-file
change, the slowest file and rule, and a big file with a small change (whole file vs. slice)."""

from __future__ import annotations

import ast
import json
from functools import partial
from pathlib import Path
from typing import Any

import speedrepo as sr
from speedtools import ANALYZERS, Bench, export, median, repeat, run

from gate.analyzers import semgrep_core
from gate.analyzers.semgrep_core import find_core, write_targets


def big_file(bench: Bench) -> None:
    """Issue item 2: a change at the end of a ~3,000-line file, analyzers on the whole file vs. on
    the slice 'imports + module constants + the enclosing top-level definition'."""
    print("big file, small change (each analyzer alone):")
    tree = bench.tmp / "bigfile"
    tree.mkdir(exist_ok=True)
    parts = [sr.module_text(i, 40, seed=3) for i in range(25)]
    whole = parts[0] + "".join(p.split("\nTABLE = ", 1)[1].split("\n", 1)[1] for p in parts[1:])
    whole += sr.change_text(0, 1)
    (tree / "whole.py").write_text(whole, encoding="utf-8")
    (tree / "slice.py").write_text(top_level_slice(whole, len(whole.splitlines())), "utf-8")
    lines = {n: len((tree / n).read_text().splitlines()) for n in ("whole.py", "slice.py")}
    for name in ANALYZERS:
        for file in ("whole.py", "slice.py"):
            seconds = median(repeat(bench.runs, partial(bench.tools.alone, name, tree, [file])))
            bench.row(f"{name}, {file} ({lines[file]} lines)", seconds)


def top_level_slice(source: str, line: int) -> str:
    """Imports, module-level assignments and the top-level statement holding ``line``, the
    others blanked so line numbers map back exactly."""
    tree = ast.parse(source)
    keep: set[int] = set()
    for node in tree.body:
        end = node.end_lineno or node.lineno
        if isinstance(node, (ast.Import, ast.ImportFrom, ast.Assign, ast.AnnAssign)) or (
            node.lineno <= line <= end
        ):
            keep.update(range(node.lineno, end + 1))
    return "\n".join(
        text if n in keep else "" for n, text in enumerate(source.splitlines(), start=1)
    )


def startup(bench: Bench, paths: list[str]) -> None:
    """Where the fixed seconds of a 1-file change go."""
    print("fixed costs on a 1-file change:")
    tree = export(bench.repo, "main", bench.tmp / "tree-main")
    one, twenty = [paths[0]], sr.spread(paths, 20)
    (tree / "empty.py").write_text("", encoding="utf-8")
    t, env = bench.tools, bench.tools.env
    on = [f"./{p}" for p in one]
    cases: list[tuple[str, list[str]]] = [
        ("semgrep --version (start-up)", [t.exe("semgrep"), "--version"]),
        ("semgrep, one rule, empty file", [*t.semgrep(t.trivial), "--", "./empty.py"]),
        (
            f"semgrep, our {t.rule_count} rules, empty file",
            [*t.semgrep(t.rules), "--", "./empty.py"],
        ),
        ("semgrep, our rules, 1 file", [*t.semgrep(t.rules), "--", *on]),
        ("semgrep, our rules, 1 file, -j 1", [*t.semgrep(t.rules), "-j", "1", "--", *on]),
        (
            "semgrep-core (what aigate runs), our rules, 1 file",
            core_argv(t.exe("semgrep"), tree, one, t.rules),
        ),
        ("pylint --version (start-up)", [t.exe("pylint"), "--version"]),
        ("pylint, no message enabled, 1 file", [*t.pylint(enable="syntax-error"), "--", *on]),
        ("pylint, our messages, 1 file", [*t.pylint(), "--", *on]),
        ("pylint, our messages, 20 files, --jobs=1", [*t.pylint(1), "--", *twenty]),
        ("pylint, our messages, 20 files, --jobs=2", [*t.pylint(2), "--", *twenty]),
        ("bandit --version (start-up)", [t.exe("bandit"), "--version"]),
        ("bandit, 1 file", [*t.bandit(), "--", *on]),
    ]
    for label, argv in cases:
        bench.row(label, median(repeat(bench.runs, partial(run, argv, tree, env))))
    timed = run([*t.semgrep(t.rules), "--time", "--", *twenty], tree, env)
    slowest_file_and_rule(json.loads(timed.stdout or "{}"))


def core_argv(semgrep: str, tree: Path, files: list[str], rules: Path) -> list[str]:
    """semgrep's engine as aigate's adapter calls it (gate/analyzers/semgrep_core.py)."""
    listed = write_targets(tree / "core-targets.json", tuple(files))
    jobs = semgrep_core.jobs_for(tuple(files))
    return list(semgrep_core.core_argv(find_core(semgrep), rules, listed, 30, jobs))


def slowest_file_and_rule(data: dict[str, Any]) -> None:
    """Name the slowest file and rule, and semgrep's own split, from its --time JSON."""
    timing = data.get("time")
    if not isinstance(timing, dict):
        print("  (semgrep gave no timing)")
        return
    rules = [str(r.get("id", "?")) if isinstance(r, dict) else str(r) for r in timing["rules"]]
    per_rule = [0.0] * len(rules)
    worst_file = ("?", 0.0)
    for target in timing.get("targets", []):
        for index, value in enumerate((target.get("match_times") or [])[: len(rules)]):
            per_rule[index] += float(value)
        if float(target.get("run_time", 0.0)) > worst_file[1]:
            worst_file = (str(target.get("path", "?")), float(target["run_time"]))
    prof = timing.get("profiling_times") or {}
    print(
        f"  semgrep's split over 20 files: rule parsing {timing.get('rules_parse_time', 0):.2f} s, "
        f"config {prof.get('config_time', 0):.2f} s, core {prof.get('core_time', 0):.2f} s, "
        f"total {prof.get('total_time', 0):.2f} s"
    )
    print(f"  slowest file (semgrep): {worst_file[0]} {worst_file[1]:.2f} s")
    if rules:
        worst = max(range(len(rules)), key=per_rule.__getitem__)
        print(f"  slowest rule (semgrep): {rules[worst]} {per_rule[worst]:.2f} s over 20 files")

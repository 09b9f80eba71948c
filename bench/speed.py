"""Speed benchmark: what aigate costs per change, next to the analyzers it runs.

One command (``nice python bench/speed.py``; ``--repo DIR`` to use a clone of your repository
instead of the generated one). Everything is measured in one run, medians over ``--runs``:

* aigate on changes of 1, 20 and 100 files vs. bandit, semgrep (our rules) and pylint alone on
  the same files and the three in sequence (the sum of the alone figures of the same round);
* the same 1-file change in a 10-file and a 2,000-file repository;
* cold cache vs. warm cache vs. one file of the 20 changed (when aigate has a result cache);
* a full audit (``scan --all``) vs. the 20-file change;
* peak memory (largest process of the aigate run, from wait4's rusage);
* where the fixed seconds of semgrep and pylint go on a 1-file change;
* the slowest file and rule (semgrep ``--time``).
Then the issue's targets, each met or not met. Figures only: nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from collections.abc import Sequence
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import speedrepo as sr  # noqa: E402
from speedfixed import big_file, startup  # noqa: E402
from speedtools import ANALYZERS, Bench, Tools, export, median, repeat, run  # noqa: E402


def duration_of(report: str, analyzer: str) -> float:
    """One analyzer's seconds inside an aigate JSON report (0.0 when it did not run)."""
    data = json.loads(report)
    return next((a["duration"] for a in data["analyzers"] if a["name"] == analyzer), 0.0)


def prepare_of(report: str, analyzer: str) -> float:
    """One analyzer's preparation seconds (semgrep: its function summaries) in a JSON report."""
    data = json.loads(report)
    return next((a.get("prepare", 0.0) for a in data["analyzers"] if a["name"] == analyzer), 0.0)


def analyzer_seconds(report: str) -> float:
    """The slowest analyzer's own seconds in an aigate JSON report (they run concurrently)."""
    data = json.loads(report)
    return max((a["duration"] for a in data["analyzers"]), default=0.0)


def changes(bench: Bench, paths: list[str]) -> None:
    """aigate vs. each analyzer alone and in sequence, per change size."""
    print(f"changes in a {len(paths)}-file repository ({bench.runs} run(s) each):")
    for size in bench.sizes:
        picked = sr.spread(paths, size)
        branch = f"change{size}"
        head = sr.make_change(bench.repo, branch, picked)
        tree = export(bench.repo, head, bench.tmp / f"tree{size}")
        rounds = []
        for _ in range(bench.runs):
            alone = {name: bench.tools.alone(name, tree, picked) for name in ANALYZERS}
            gate = bench.aigate(bench.repo, "--base", "main", "--head", branch)
            rounds.append((gate, alone))
        gate_s = statistics.median(g.seconds for g, _ in rounds)
        seq = statistics.median(sum(a[n].seconds for n in ANALYZERS) for _, a in rounds)
        per = {n: statistics.median(a[n].seconds for _, a in rounds) for n in ANALYZERS}
        slowest = max(per.values())
        bench.row(f"aigate, {size}-file change (no cache)", gate_s)
        for name in ANALYZERS:
            bench.row(f"  {name} alone, {size} files", per[name])
        bench.row(
            f"  three in sequence, {size} files",
            seq,
            f"aigate/seq {gate_s / seq:.2f}, aigate/slowest {gate_s / slowest:.2f}",
        )
        typing = statistics.median(duration_of(g.stdout, "mypy") for g, _ in rounds)
        bench.row(
            f"  type checker (mypy) inside aigate, {size} files",
            typing,
            f"{typing / gate_s:.0%} of the scan; runs beside the others",
        )
        summaries = statistics.median(prepare_of(g.stdout, "semgrep") for g, _ in rounds)
        bench.row(
            f"  semgrep's function summaries (pass 1) inside aigate, {size} files",
            summaries,
            f"{summaries / gate_s:.0%} of the scan",
        )
        own = statistics.median(g.seconds - analyzer_seconds(g.stdout) for g, _ in rounds)
        bench.row(f"  aigate's own work, {size} files", own, "total - slowest analyzer")
        peak = max(g.max_rss_mib for g, _ in rounds)
        bench.figures[f"peak MiB {size}"] = peak
        print(f"  {'  peak memory (largest process)':<46} {peak:8.0f} MiB", flush=True)
        bench.figures[f"seq {size}"], bench.figures[f"slowest {size}"] = seq, slowest


def cache_rows(bench: Bench, paths: list[str]) -> None:
    """Cold vs. warm vs. one file of 20 changed; the pre-commit case."""
    if not bench.cache:
        print("cache: this aigate has no --cache-dir; skipped")
        return
    print("result cache:")
    picked = sr.spread(paths, 20)
    sr.make_change(bench.repo, "cache20", picked)
    cold, warm, one = [], [], []
    for index in range(bench.runs):
        cache = bench.fresh_cache()
        cold.append(
            bench.aigate(bench.repo, "--base", "main", "--head", "cache20", cache_dir=cache)
        )
        warm.append(
            bench.aigate(bench.repo, "--base", "main", "--head", "cache20", cache_dir=cache)
        )
        edited = list(picked)
        sr.git(bench.repo, "checkout", "-q", "-B", f"cache20b{index}", "cache20")
        target = bench.repo / edited[index % len(edited)]
        target.write_text(target.read_text() + f"\nLATE_{index} = {index}\n", encoding="utf-8")
        sr.git(bench.repo, "commit", "-qam", f"one more edit{sr.AI_TRAILER}")
        sr.git(bench.repo, "checkout", "-q", "main")
        one.append(
            bench.aigate(
                bench.repo, "--base", "main", "--head", f"cache20b{index}", cache_dir=cache
            )
        )
    bench.row("20-file change, cold cache", median(cold))
    bench.row("20-file change, warm cache (nothing changed)", median(warm))
    bench.row("20-file change, warm, one file changed", median(one))


def staged(bench: Bench, paths: list[str]) -> None:
    """The pre-commit case: one staged file, cold and after its content was scanned before."""
    print("pre-commit (one staged file):")
    target = bench.repo / paths[len(paths) // 2]
    original = target.read_text(encoding="utf-8")
    target.write_text(original + sr.change_text(0, 9), encoding="utf-8")
    sr.git(bench.repo, "add", "--", str(target.relative_to(bench.repo)))
    try:
        cold = repeat(bench.runs, lambda: bench.aigate(bench.repo, "--staged"))
        bench.row("1-file staged change, cold", median(cold))
        if bench.cache:
            cache = bench.fresh_cache()
            bench.aigate(bench.repo, "--staged", cache_dir=cache)
            warm = repeat(bench.runs, lambda: bench.aigate(bench.repo, "--staged", cache_dir=cache))
            bench.row("1-file staged change, scanned before", median(warm))
            edits = []
            for index in range(bench.runs):  # the next commit: new content, the rest scanned
                edit = original + sr.change_text(0, 9) + f"\nNEXT_{index} = {index}\n"
                target.write_text(edit, encoding="utf-8")
                sr.git(bench.repo, "add", "--", str(target.relative_to(bench.repo)))
                edits.append(bench.aigate(bench.repo, "--staged", cache_dir=cache))
            bench.row(
                "1-file staged change, new content, cache warm",
                median(edits),
                "the next commit: the rest of the repository was scanned before",
            )
    finally:
        sr.git(bench.repo, "reset", "-q", "--", str(target.relative_to(bench.repo)))
        target.write_text(original, encoding="utf-8")


def repo_size(bench: Bench) -> None:
    """The same 1-file change in a 10-file and a 2,000-file repository."""
    print("repository size (same 1-file change):")
    for files in (10, 2000):
        root = sr.build_repo(bench.tmp / f"size{files}", files)
        sr.make_change(root, "one", [sr.module_path(3)])
        samples = repeat(bench.runs, partial(bench.aigate, root, "--base", "main", "--head", "one"))
        bench.row(f"1-file change in a {files}-file repository", median(samples))


def audit(bench: Bench, paths: list[str]) -> None:
    """A full audit of the repository vs. the 20-file change."""
    print("full audit:")
    samples = repeat(max(1, bench.runs // 2), lambda: bench.aigate(bench.repo, "--all"))
    bench.row(f"full audit, {len(paths)} files (no cache)", median(samples))


def targets(bench: Bench) -> None:
    """The issue's targets, met or not met."""
    f = bench.figures
    checks: list[tuple[str, float | None, float | None]] = [
        ("1-file staged change cold <= 4 s", f.get("1-file staged change, cold"), 4.0),
        (
            "1-file content scanned before <= 1 s",
            f.get("1-file staged change, scanned before"),
            1.0,
        ),
    ]
    if 20 in bench.sizes:
        gate20 = f["aigate, 20-file change (no cache)"]
        checks += [
            ("20-file change <= 0.6 x three in sequence", gate20 / f["seq 20"], 0.6),
            ("20-file change <= 1.15 x slowest alone", gate20 / f["slowest 20"], 1.15),
        ]
    warm = f.get("20-file change, warm cache (nothing changed)")
    checks.append(("nothing changed <= 1.0 s", warm, 1.0))
    one = f.get("20-file change, warm, one file changed")
    # the 1-file cost in the same circumstances: new content, the rest scanned before
    single = f.get("1-file staged change, new content, cache warm")
    checks.append(
        ("one of 20 changed <= 1-file cost x 1.2", one / single if one and single else None, 1.2)
    )
    small, big = (
        f.get("1-file change in a 10-file repository"),
        f.get("1-file change in a 2000-file repository"),
    )
    checks.append(
        ("2,000-file repo / 10-file repo <= 1.2", big / small if big and small else None, 1.2)
    )
    if 100 in bench.sizes:
        checks.append(
            ("aigate's own work per 100 files <= 0.5 s", f["  aigate's own work, 100 files"], 0.5)
        )
        checks.append(("peak memory, 100-file change <= 1024 MiB", f["peak MiB 100"], 1024))
    print("\ntargets:")
    for label, value, limit in checks:
        if value is None or limit is None:
            print(f"  {label:<46} not measured")
            continue
        verdict = "met" if value <= limit else "NOT MET"
        print(f"  {label:<46} {value:8.2f}  {verdict}")


def main(argv: Sequence[str] | None = None) -> int:
    """Build or clone the repository, measure, print the table and the targets."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--repo", type=Path, help="measure a clone of this repository instead")
    parser.add_argument("--files", type=int, default=200, help="generated repository size")
    parser.add_argument("--runs", type=int, default=3, help="runs per figure (median)")
    parser.add_argument("--sizes", default="1,20,100", help="change sizes, comma-separated")
    parser.add_argument(
        "--skip", default="", help="comma-separated: size,audit,startup,cache,bigfile"
    )
    parser.add_argument(
        "--quick",
        action="store_true",
        help="one run per figure, changes of 1 and 20 files in a 60-file repository, no full "
        "audit or big-file section (about a third of the default's time)",
    )
    args = parser.parse_args(argv)
    started = time.monotonic()
    if args.quick:
        args.runs, args.files, args.sizes = 1, min(args.files, 60), "1,20"
        args.skip = ",".join(filter(None, [args.skip, "audit", "bigfile"]))
    skip = set(filter(None, args.skip.split(",")))
    with tempfile.TemporaryDirectory(prefix="aigate-speed-") as tmp_name:
        tmp = Path(tmp_name)
        if args.repo:
            repo = tmp / "repo"
            sr.git(tmp, "clone", "-q", "--no-local", str(args.repo.resolve()), str(repo))
            sr.git(repo, "checkout", "-q", "-B", "main", "HEAD")
        else:
            repo = sr.build_repo(tmp / "repo", args.files)
        paths = sr.python_files(repo)
        sizes = tuple(s for s in (int(x) for x in args.sizes.split(",")) if s <= len(paths))
        scratch = tmp / "scratch"
        scratch.mkdir()
        bench = Bench(tmp, max(1, args.runs), repo, Tools(scratch), sizes)
        help_text = run([sys.executable, "-m", "gate", "scan", "--help"], tmp).stdout
        bench.cache = "--cache-dir" in help_text
        print(f"repository: {len(paths)} Python files; {bench.runs} run(s) per figure\n")
        changes(bench, paths)
        staged(bench, paths)
        if "cache" not in skip:
            cache_rows(bench, paths)
        if "size" not in skip:
            repo_size(bench)
        if "audit" not in skip:
            audit(bench, paths)
        if "startup" not in skip:
            startup(bench, paths)
        if "bigfile" not in skip:
            big_file(bench)
        targets(bench)
    print(f"\nbenchmark ran {time.monotonic() - started:.0f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

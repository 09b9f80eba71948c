"""Definition slicing on real code: the same change judged with and without it.

    nice python bench/slicing.py [--projects requests,flask] [--sinks 8] [--defs 8]

For each pinned project of ``bench/realcode.py`` it unpacks the sdist into a git repository,
finds semgrep's findings in the release (``scan --all``, semgrep alone), then commits an
"AI" change that edits up to ``--sinks`` of those findings' lines and the ``def`` lines of
``--defs`` other functions (a trailing comment: the lines count as changed, the code stays the
same). It scans that change twice with semgrep alone, ``slice`` on and off, without the
cache, and prints the two times and every judged finding (any disposition but out-of-scope)
that only one of the scans has. A difference is a slicing bug: slicing may only leave out
findings that are out of the change's scope. Not part of the test suite; run it with ``nice``.
"""

from __future__ import annotations

import argparse
import ast
import hashlib
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from realcode import (  # noqa: E402  (the bench folder is not a package)
    AI_TRAILER,
    DEFAULT_CACHE,
    PROJECTS,
    download,
    git,
    python_files,
    unpack,
)

CONFIGS = {"sliced": "slice = true\n", "whole": "slice = false\n"}
"""The two scans' extra [analyzers.semgrep] keys."""
SEMGREP_ALONE = "".join(
    f"[analyzers.{name}]\nenabled = false\n" for name in ("bandit", "pylint", "mypy", "aigate")
)
EDIT = "  # edited"


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """The command line."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--projects", default=",".join(PROJECTS), help="comma-separated names (default: all)"
    )
    parser.add_argument("--sinks", type=int, default=8, help="finding lines edited per project")
    parser.add_argument("--defs", type=int, default=8, help="def lines edited per project")
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE, help="sdist cache folder")
    parser.add_argument("--timeout", type=int, default=3600, help="semgrep timeout in seconds")
    parser.add_argument("--work", type=Path, help="build the repositories here and keep them")
    args = parser.parse_args(argv)
    unknown = [n for n in args.projects.split(",") if n not in PROJECTS]
    if unknown:
        parser.error(f"unknown project(s): {', '.join(unknown)} (known: {', '.join(PROJECTS)})")
    if args.sinks < 0 or args.defs < 0:
        parser.error("--sinks and --defs must be 0 or more")
    return args


def edited(text: str, lines: set[int]) -> str:
    """``text`` with a trailing comment on each of ``lines`` that can take one (the file
    must still parse; a line that would break it is left alone)."""
    out = text.splitlines(keepends=True)
    for number in sorted(lines):
        if not 0 < number <= len(out):
            continue
        line = out[number - 1]
        body = line.rstrip("\r\n")
        trial = [*out]
        trial[number - 1] = body + EDIT + line[len(body) :]
        try:
            ast.parse("".join(trial))
        except SyntaxError:
            continue
        out = trial
    return "".join(out)


def def_lines(text: str) -> list[int]:
    """The ``def`` lines of the functions of ``text`` (nested ones too)."""
    try:
        tree = ast.parse(text)
    except SyntaxError:
        return []
    return [
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
    ]


def stable(key: str) -> bytes:
    return hashlib.sha256(key.encode()).digest()


def scan(repo: Path, config: str, args: tuple[str, ...], out: Path) -> tuple[dict, float]:
    """One ``aigate scan`` with a JSON report: (report, seconds)."""
    out.unlink(missing_ok=True)
    started = time.monotonic()
    proc = subprocess.run(
        (sys.executable, "-m", "gate", "scan", "--repo", str(repo), "--json", str(out),
         "--format", "text", "-o", str(out.with_suffix(".txt")), "--config", config,
         "--no-cache", *args),
        capture_output=True, text=True, check=False, timeout=7200,
    )  # fmt: skip
    seconds = time.monotonic() - started
    if not out.is_file():
        raise SystemExit(f"{repo.name}: no report (exit {proc.returncode}): {proc.stderr[-2000:]}")
    report = json.loads(out.read_text())
    if report.get("verdict") not in ("pass", "fail"):
        raise SystemExit(f"{repo.name}: verdict {report.get('verdict')}: {report.get('reasons')}")
    return report, seconds


def judged(report: dict) -> set[tuple[str, str, int, str]]:
    return {
        (f["rule_id"], f["path"], f["start_line"], f["disposition"])
        for f in report["findings"]
        if f["disposition"] != "out-of-scope"
    }


def semgrep_seconds(report: dict) -> float:
    return next(a["duration"] for a in report["analyzers"] if a["name"] == "semgrep")


def run_project(name: str, args: argparse.Namespace, work: Path) -> int:
    """Build, change and scan one project; prints its row; the number of differences."""
    repo = unpack(download(name, PROJECTS[name], args.cache), work / name)
    git(repo, "init", "-q", "-b", "main")
    semgrep = f"[analyzers.semgrep]\ntimeout = {args.timeout}\n"
    for label, extra in CONFIGS.items():
        config = SEMGREP_ALONE + semgrep + extra
        (repo / f".aigate-{label}.toml").write_text(config, encoding="utf-8")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "release")
    audit, _ = scan(repo, ".aigate-whole.toml", ("--all",), work / f"{name}-audit.json")
    sinks: dict[str, set[int]] = {}
    found = sorted(
        {(f["path"], f["start_line"]) for f in audit["findings"]
         if f["rule_id"].startswith("semgrep/") and f["path"].endswith(".py")},
        key=lambda pl: stable(f"{pl[0]}:{pl[1]}"),
    )  # fmt: skip
    for path, line in found[: args.sinks]:
        sinks.setdefault(path, set()).add(line)
    files = [p for p in python_files(repo) if p.read_text("utf-8", "replace").count("\n") >= 200]
    candidates = sorted(
        ((p.relative_to(repo).as_posix(), n) for p in files
         for n in def_lines(p.read_text("utf-8", "replace"))),
        key=lambda pl: stable(f"{pl[0]}:{pl[1]}"),
    )  # fmt: skip
    for path, line in candidates[: args.defs]:
        sinks.setdefault(path, set()).add(line)
    for path, lines in sinks.items():
        target = repo / path
        target.write_text(edited(target.read_text("utf-8"), lines), encoding="utf-8")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", f"Edit {len(sinks)} files\n\n{AI_TRAILER}\n")
    results = {
        label: scan(
            repo, f".aigate-{label}.toml", ("--base", "main~1"), work / f"{name}-{label}.json"
        )
        for label in CONFIGS
    }
    (sliced, t_sliced), (whole, t_whole) = results["sliced"], results["whole"]
    only_sliced, only_whole = judged(sliced) - judged(whole), judged(whole) - judged(sliced)
    notice = next((n for n in sliced["notices"] if "semgrep read the definitions" in n), "")
    print(
        f"{name:10} {len(sinks):3} files  judged {len(judged(whole)):3}  "
        f"scan {t_whole:6.1f} s -> {t_sliced:6.1f} s ({t_sliced / t_whole:.2f})  "
        f"semgrep {semgrep_seconds(whole):6.1f} s -> {semgrep_seconds(sliced):6.1f} s  "
        f"differences {len(only_sliced) + len(only_whole)}",
        flush=True,
    )
    if notice:
        print(f"           {notice.split(':', 1)[1].split(',', 1)[0].strip()}", flush=True)
    for item in sorted(only_sliced):
        print(f"    only sliced: {item}", flush=True)
    for item in sorted(only_whole):
        print(f"    only whole:  {item}", flush=True)
    return len(only_sliced) + len(only_whole)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    differences = 0
    with tempfile.TemporaryDirectory(prefix="aigate-slicing-") as tmp:
        work = args.work or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        for name in args.projects.split(","):
            differences += run_project(name, args, work)
    print(f"judged findings that differ between sliced and whole files: {differences}")
    return 1 if differences else 0


if __name__ == "__main__":
    sys.exit(main())

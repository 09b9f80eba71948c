"""Real-code benchmark: aigate on the source of mature, popular Python projects.

    nice python bench/realcode.py [--projects requests,flask] [--changes 3] [--cache DIR]

For each pinned project it downloads the sdist with pip (``pip download --no-binary NAME
--no-deps NAME==VER``, cached), unpacks it into a git repository and runs ``aigate scan``:

* a full audit (``scan --all``) of the release as it is;
* ``--changes`` synthetic "last N commits" changes: the base commit lacks the second half of N
  Python files (picked by a stable hash), and N commits, each co-authored by an AI agent, put
  them back; ``scan --base`` then judges those lines as AI-written.

It prints blockers, warnings and findings set aside in test code per 10k lines by rule, every
blocker with its location (so each can be defended or fixed in review) and every import
finding. Not part of the test suite; run it with ``nice``.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import subprocess
import sys
import tarfile
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

PROJECTS: dict[str, str] = {
    "requests": "2.32.3",
    "flask": "3.0.3",
    "click": "8.1.7",
    "attrs": "24.2.0",
    "rich": "13.9.4",
    "httpx": "0.27.2",
    "jinja2": "3.1.4",
    "werkzeug": "3.0.4",
    "urllib3": "2.2.3",
    "packaging": "24.1",
    "fastapi": "0.115.0",
    "pluggy": "1.5.0",
}
"""Pinned releases of mature projects that declare their dependencies."""
DEFAULT_CACHE = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "aigate-realcode"
AI_TRAILER = "Co-authored-by: Claude <noreply@anthropic.com>"
SCAN_TIMEOUT = 3600
BENCH_CONFIG = ".aigate-bench.toml"
"""The scans' config, committed with the base: analyzer timeouts for a loaded machine (a
timeout is an ERROR, which measures the machine, not the gate)."""


@dataclass
class Tally:
    """Findings of one kind of scan over every project."""

    lines: int = 0
    """Python lines judged."""
    blocking: Counter[str] = field(default_factory=Counter)
    """Blocking findings by rule."""
    warning: Counter[str] = field(default_factory=Counter)
    """Warnings by rule."""
    test_code: Counter[str] = field(default_factory=Counter)
    """Findings set aside by the test-code policy, by rule."""
    imports: list[str] = field(default_factory=list)
    """Every import finding (undeclared or typo), to check the import rules by eye."""
    blockers: list[str] = field(default_factory=list)
    """Every blocker as 'project: path:line rule message'."""
    verdicts: Counter[str] = field(default_factory=Counter)
    """Verdicts by outcome."""


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """The command line."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--projects", default=",".join(PROJECTS), help="comma-separated names (default: all)"
    )
    parser.add_argument("--changes", type=int, default=3, help="synthetic AI commits per project")
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE, help="sdist cache folder")
    parser.add_argument("--no-audit", action="store_true", help="skip the scan --all audits")
    parser.add_argument("--download-only", action="store_true", help="fill the cache, no scan")
    parser.add_argument("--keep", type=Path, help="keep each scan's JSON and text report here")
    parser.add_argument(
        "--timeout", type=int, default=3600, help="per-analyzer timeout in seconds (default 3600)"
    )
    args = parser.parse_args(argv)
    unknown = [n for n in args.projects.split(",") if n not in PROJECTS]
    if unknown:
        parser.error(f"unknown project(s): {', '.join(unknown)} (known: {', '.join(PROJECTS)})")
    if args.changes < 0:
        parser.error("--changes must be 0 or more")
    return args


def download(name: str, version: str, cache: Path) -> Path:
    """The sdist of name==version, downloaded with pip into the cache once."""
    folder = cache / "sdists" / f"{name}-{version}"
    found = [p for p in folder.glob("*") if p.name.endswith(".tar.gz")] if folder.is_dir() else []
    if not found:
        folder.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            (sys.executable, "-m", "pip", "download", "--no-binary", name, "--no-deps",
             "-q", "-d", str(folder), f"{name}=={version}"),
            check=True, timeout=600,
        )  # fmt: skip
        found = [p for p in folder.glob("*") if p.name.endswith(".tar.gz")]
    return found[0]


def unpack(archive: Path, into: Path) -> Path:
    """Unpack an sdist; returns its single top folder."""
    with tarfile.open(archive) as tarred:
        tarred.extractall(into, filter="data")  # the "data" filter refuses links and escapes
    (top,) = [p for p in into.iterdir() if p.is_dir()]
    return top


def git(repo: Path, *args: str, env: dict[str, str] | None = None) -> str:
    """Run git in repo with pinned identities."""
    base = {
        **os.environ,
        "GIT_AUTHOR_NAME": "Release",
        "GIT_AUTHOR_EMAIL": "release@example.com",
        "GIT_COMMITTER_NAME": "Release",
        "GIT_COMMITTER_EMAIL": "release@example.com",
        "GIT_CONFIG_NOSYSTEM": "1",
    }
    proc = subprocess.run(
        ("git", "-c", "commit.gpgsign=false", *args), cwd=repo, env={**base, **(env or {})},
        capture_output=True, text=True, check=True, timeout=300,
    )  # fmt: skip
    return proc.stdout


def python_files(root: Path) -> list[Path]:
    """Python files of the tree, sorted."""
    return sorted(p for p in root.rglob("*.py") if ".git" not in p.parts)


def build_repo(source: Path, changes: int, timeout: int) -> tuple[Path, int]:
    """A git repo of the release: base commit, then ``changes`` AI commits; (repo, lines)."""
    git(source, "init", "-q", "-b", "main")
    (source / BENCH_CONFIG).write_text(
        "".join(
            f"[analyzers.{name}]\ntimeout = {timeout}\n"
            for name in ("bandit", "semgrep", "pylint", "mypy")
        ),
        encoding="utf-8",
    )
    files = python_files(source)
    lines = sum(p.read_text("utf-8", "replace").count("\n") for p in files)
    stable = sorted(
        files, key=lambda p: hashlib.sha256(str(p.relative_to(source)).encode()).digest()
    )
    chosen = [p for p in stable if p.read_text("utf-8", "replace").count("\n") >= 20][:changes]
    full = {p: p.read_text("utf-8", "replace") for p in chosen}
    for path, text in full.items():
        kept = text.splitlines(keepends=True)
        path.write_text("".join(kept[: len(kept) // 2]), encoding="utf-8")
    git(source, "add", "-A")
    git(source, "add", "-f", BENCH_CONFIG)  # urllib3's .gitignore ignores every dot file
    git(source, "commit", "-q", "-m", "release")
    for path, text in full.items():
        path.write_text(text, encoding="utf-8")
        git(source, "add", "-A")
        message = f"Complete {path.relative_to(source).as_posix()}\n\n{AI_TRAILER}\n"
        git(source, "commit", "-q", "-m", message)
    return source, lines


def scan(repo: Path, args: tuple[str, ...], scratch: Path, label: str) -> dict[str, object]:
    """Run aigate scan with a JSON report; the parsed report. Prints the verdict on stderr,
    with the reasons when it is not PASS or FAIL (an ERROR on a mature library is a bug)."""
    report, text = scratch / f"{label}.json", scratch / f"{label}.txt"
    report.unlink(missing_ok=True)
    proc = subprocess.run(
        (sys.executable, "-m", "gate", "scan", "--repo", str(repo), "--json", str(report),
         "--format", "text", "-o", str(text), "--config", BENCH_CONFIG, *args),
        capture_output=True, text=True, timeout=SCAN_TIMEOUT, check=False,
    )  # fmt: skip
    if not report.is_file():
        tail = proc.stderr[-2000:]
        print(f"  {label}: no report (exit {proc.returncode}): {tail}", file=sys.stderr)
        return {"verdict": "no-report", "findings": []}
    data: dict[str, object] = json.loads(report.read_text())
    print(f"  {label}: {data.get('verdict')}", file=sys.stderr, flush=True)
    if data.get("verdict") not in ("pass", "fail"):
        reasons = data.get("reasons")
        for reason in reasons if isinstance(reasons, list) else ():
            print(f"    reason: {str(reason)[:600]}", file=sys.stderr, flush=True)
    return data


def tally(name: str, data: dict[str, object], lines: int, into: Tally) -> None:
    """Add one scan's findings to a tally."""
    into.lines += lines
    into.verdicts[str(data.get("verdict", "?"))] += 1
    findings = data.get("findings")
    for finding in findings if isinstance(findings, list) else []:
        rule, disposition = finding.get("rule_id"), finding.get("disposition")
        if disposition == "blocking":
            into.blocking[rule] += 1
            into.blockers.append(
                f"{name}: {finding.get('path')}:{finding.get('start_line')} {rule} "
                f"{str(finding.get('message', ''))[:140]}"
            )
        elif disposition == "warning":
            into.warning[rule] += 1
        elif disposition == "test-code":
            into.test_code[rule] += 1
        if str(rule).startswith(("aigate/undeclared-import", "aigate/dependency-typo")):
            into.imports.append(f"{name}: {finding.get('disposition')} {finding.get('message')}")


def render(title: str, result: Tally) -> str:
    """The table of one tally: per-10k-lines rates by rule, then every blocker."""
    per = 10_000 / max(result.lines, 1)
    out = [
        f"== {title}: {result.lines} Python lines; verdicts {dict(result.verdicts)}",
        f"   blockers {sum(result.blocking.values())} "
        f"({sum(result.blocking.values()) * per * 10:.2f} per 100k lines), "
        f"warnings {sum(result.warning.values())}",
        f"   {'rule':<48} {'block/10k':>10} {'warn/10k':>10} {'tests/10k':>10}",
    ]
    for rule in sorted(set(result.blocking) | set(result.warning) | set(result.test_code)):
        blocked, warned = result.blocking[rule] * per, result.warning[rule] * per
        aside = result.test_code[rule] * per
        out.append(f"   {rule:<48} {blocked:>10.2f} {warned:>10.2f} {aside:>10.2f}")
    out += [f"   BLOCKER {b}" for b in result.blockers]
    out += [f"   IMPORT {i[:220]}" for i in result.imports]
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    """Download, build, scan, print."""
    args = parse_args(argv)
    audit, changes = Tally(), Tally()
    for name in args.projects.split(","):
        version = PROJECTS[name]
        archive = download(name, version, args.cache)
        if args.download_only:
            continue
        with tempfile.TemporaryDirectory(prefix=f"realcode-{name}-") as tmp:
            work = Path(tmp)
            repo, lines = build_repo(unpack(archive, work / "src"), args.changes, args.timeout)
            scratch = args.keep or work / "out"
            scratch.mkdir(parents=True, exist_ok=True)
            if not args.no_audit:
                tally(name, scan(repo, ("--all",), scratch, f"{name}-audit"), lines, audit)
            if args.changes:
                base = f"HEAD~{args.changes}"
                added = sum(
                    int(n) for n in git(repo, "diff", "--numstat", base, "HEAD").split()[::3]
                    if n.isdigit()
                )  # fmt: skip
                report = scan(repo, ("--base", base), scratch, f"{name}-changes")
                tally(name, report, added, changes)
            print(f"{name} {version}: {lines} lines scanned", file=sys.stderr, flush=True)
    if not args.no_audit:
        print(render("full audit (scan --all)", audit))
    if args.changes:
        print(render(f"last {args.changes} AI commits (scan --base HEAD~N)", changes))
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Hallucinated-API benchmark: aigate, pylint alone and mypy alone on our own cases.

Run ``python bench/hallucinated.py`` (also ``python bench/detection.py --hallucinated``).
It copies ``fixtures/hallucinated`` (a small project: the ``shopapp`` package, a pyproject
declaring twelve popular libraries, and the cases listed in ``cases.toml``) into a temp dir,
builds the analysis environment from the declarations exactly as aigate does (wheels only,
plus stubs; cached under the aigate cache, so only the first run downloads), and runs:

- **aigate**: ``python -m gate scan --all --deps-env <env>`` in a committed copy; a finding
  counts when its rule is a hallucinated-API rule (``HALLUCINATION_RULES``);
- **pylint alone**: its no-member family (E1101, E0611, E1123, E0602) with the libraries on its
  path and the project as source root, no filtering;
- **mypy alone**: ``mypy --check-untyped-defs`` against the environment, every error counts.

An invented case is **found** when a counted finding's span covers the case's ``line``; a
look-alike is **false** when any counted finding lands in it. Then, the type checker's cost on
a 20-file change: a pull request adding 20 case files to the project, scanned twice (cold and
warm mypy cache), mypy's seconds against the whole scan's.

Exit status 0 when the benchmark ran (unmet targets are printed, not raised), 2 when a
contender could not run.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on 3.10 only
    import tomli as tomllib

ROOT = Path(__file__).resolve().parents[1]
CASES = ROOT / "fixtures" / "hallucinated"
sys.path.insert(0, str(ROOT))

from gate.depsenv import build_environment, is_likely_typosquat, requirements_for  # noqa: E402

TIMEOUT = 1800
HALLUCINATION_RULES = ("mypy/", "pylint/E1101", "pylint/E0611", "pylint/E1123", "pylint/E0602")
"""Rule-id prefixes of aigate findings that say "this API does not exist"."""
REMOVED_API_PREFIX = "semgrep/removed-api-"
"""The removed-API rules generated from gate/data/removed_apis.toml count as well."""
PYLINT_FAMILY = "no-member,no-name-in-module,unexpected-keyword-arg,undefined-variable"
KINDS = ("stdlib", "thirdparty", "project")
PINNED_GIT = {
    "GIT_AUTHOR_NAME": "Bench Author",
    "GIT_AUTHOR_EMAIL": "bench@example.com",
    "GIT_COMMITTER_NAME": "Bench Author",
    "GIT_COMMITTER_EMAIL": "bench@example.com",
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_CONFIG_GLOBAL": os.devnull,
    "SEMGREP_ENABLE_VERSION_CHECK": "0",
    "SEMGREP_SEND_METRICS": "off",
}


class BenchError(Exception):
    """A contender could not run: the figures would be wrong."""


@dataclass(frozen=True)
class Case:
    """One labelled file."""

    file: str
    """Path relative to the cases' root."""
    kind: str
    """stdlib, thirdparty or project."""
    invented: bool
    """True when the file uses one invented API."""
    line: int = 0
    """The invented API's line."""


@dataclass
class Run:
    """What one contender reported: path -> (first line, last line, rule) of counted findings."""

    name: str
    hits: dict[str, list[tuple[int, int, str]]] = field(default_factory=dict)
    seconds: float = 0.0

    def add(self, path: str, start: int, end: int | None, rule: str) -> None:
        """Record one counted finding."""
        self.hits.setdefault(path, []).append((start, end or start, rule))

    def found(self, case: Case) -> bool:
        """Whether an invented case's line is covered (for a look-alike: any hit)."""
        spans = self.hits.get(case.file, [])
        if not case.invented:
            return bool(spans)
        return any(start <= case.line <= end for start, end, _ in spans)


def load_cases() -> list[Case]:
    """The manifest, as data."""
    data = tomllib.loads((CASES / "cases.toml").read_text(encoding="utf-8"))
    return [
        Case(str(c["file"]), str(c["kind"]), bool(c["invented"]), int(c.get("line", 0)))
        for c in data["case"]
    ]


def _run(argv: list[str], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    try:
        return subprocess.run(  # noqa: S603 - argv list, no shell
            argv, cwd=cwd, env=env, capture_output=True, text=True, timeout=TIMEOUT, check=False
        )
    except subprocess.TimeoutExpired as exc:
        raise BenchError(f"{argv[0]} timed out after {TIMEOUT} s") from exc


def analysis_site(explicit: str | None) -> Path:
    """The environment holding the cases' declared dependencies (built and cached as aigate's)."""
    if explicit:
        return Path(explicit).resolve()
    project = tomllib.loads((CASES / "pyproject.toml").read_text(encoding="utf-8"))
    declared = []
    for text in project["project"]["dependencies"]:
        name = text.split(">")[0].split("=")[0].split("<")[0].strip()
        declared.append((name, text[len(name) :]))
    wanted, _refused, _bad = requirements_for(declared, is_likely_typosquat)
    env = build_environment(wanted)
    if env.site is None:
        raise BenchError("no dependency could be installed: " + "; ".join(env.missing))
    for note in env.notices():
        print(f"note: {note}")
    return env.site


def _copy(destination: Path) -> list[str]:
    shutil.copytree(CASES, destination)
    return sorted(c.file for c in load_cases())


BENCH_CONFIG = "".join(
    f"[analyzers.{name}]\ntimeout = 1800\n" for name in ("bandit", "semgrep", "pylint", "mypy")
)
"""A generous timeout: on a loaded 2-core machine pylint's first look at pandas takes minutes."""


def _git_commit(repo: Path, env: dict[str, str], message: str) -> None:
    for argv in (["git", "add", "-A"], ["git", "commit", "-q", "--no-gpg-sign", "-m", message]):
        proc = _run(argv, repo, env)
        if proc.returncode != 0:
            raise BenchError(f"{' '.join(argv)} failed: {proc.stderr.strip()}")


def _aigate_env(home: Path) -> dict[str, str]:
    env = {**os.environ, **PINNED_GIT, "HOME": str(home)}
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH")) if p)
    return env


def _scan(repo: Path, env: dict[str, str], args: list[str], report: Path) -> dict:
    argv = [sys.executable, "-m", "gate", "scan", *args, "--format", "json", "--output"]
    proc = _run([*argv, str(report)], repo, env)
    if proc.returncode not in (0, 1):
        raise BenchError(f"aigate exited {proc.returncode}: {proc.stderr.strip()[-2000:]}")
    return json.loads(report.read_text(encoding="utf-8"))


def run_aigate(scratch: Path, site: Path) -> Run:
    """The real CLI over the whole case project."""
    run = Run("aigate")
    repo, home = scratch / "aigate-repo", scratch / "aigate-home"
    _copy(repo)
    (repo / ".aigate.toml").write_text(BENCH_CONFIG, encoding="utf-8")
    home.mkdir()
    env = _aigate_env(home)
    _run(["git", "init", "-q", "-b", "main"], repo, env)
    _git_commit(repo, env, "cases")
    started = time.perf_counter()
    data = _scan(repo, env, ["--all", "--deps-env", str(site)], scratch / "aigate.json")
    run.seconds = time.perf_counter() - started
    for item in data["findings"]:
        rule = str(item["rule_id"])
        if rule.startswith(HALLUCINATION_RULES) or rule.startswith(REMOVED_API_PREFIX):
            run.add(item["path"], int(item["start_line"]), item.get("end_line"), rule)
    return run


def run_pylint(scratch: Path, site: Path) -> Run:
    """pylint's no-member family with the libraries on its path, nothing filtered."""
    run = Run("pylint alone")
    work = scratch / "pylint"
    files = _copy(work)
    hook = f"import sys; sys.path.append({str(site)!r})"
    argv = [
        sys.executable, "-m", "pylint", "--output-format=json2", "--disable=all",
        f"--enable={PYLINT_FAMILY}", f"--source-roots={work}", f"--init-hook={hook}",
        "--persistent=n", "--score=n", "--rcfile=/dev/null", "--", *files,
    ]  # fmt: skip
    started = time.perf_counter()
    proc = _run(argv, work, {**os.environ, "PYLINTHOME": str(scratch / "pylint-home")})
    run.seconds = time.perf_counter() - started
    if proc.returncode & (1 | 32):
        raise BenchError(f"pylint failed ({proc.returncode}): {proc.stderr.strip()[-2000:]}")
    for msg in json.loads(proc.stdout)["messages"]:
        run.add(msg["path"], int(msg["line"]), msg.get("endLine"), f"pylint/{msg['messageId']}")
    return run


def run_mypy(scratch: Path, site: Path) -> Run:
    """mypy --check-untyped-defs against the environment; every error counts."""
    from gate.analyzers.mypy import search_path_shim

    run = Run("mypy alone")
    work = scratch / "mypy"
    files = _copy(work)
    config = scratch / "mypy.ini"
    config.write_text(
        "[mypy]\ncheck_untyped_defs = True\nignore_missing_imports = True\n"
        f"explicit_package_bases = True\nmypy_path = {work}\n",
        encoding="utf-8",
    )
    shim = search_path_shim(scratch, site)
    argv = [
        sys.executable, "-m", "mypy", f"--config-file={config}", f"--python-executable={shim}",
        f"--cache-dir={scratch / 'mypy-cache'}", "--output=json", "--no-error-summary", "--",
        *files,
    ]  # fmt: skip
    started = time.perf_counter()
    proc = _run(argv, work, dict(os.environ))
    run.seconds = time.perf_counter() - started
    if proc.returncode not in (0, 1):
        raise BenchError(f"mypy failed ({proc.returncode}): {proc.stderr.strip()[-2000:]}")
    for line in proc.stdout.splitlines():
        msg = json.loads(line)
        if msg.get("severity") == "error":
            run.add(msg["file"], int(msg["line"]), msg.get("end_line"), f"mypy/{msg['code']}")
    return run


def type_checker_cost(scratch: Path, site: Path, files: int = 20) -> list[str]:
    """A pull request adding ``files`` case files: mypy's seconds against the whole scan's."""
    repo, home = scratch / "cost-repo", scratch / "cost-home"
    added = _copy(repo)[:files]
    (repo / ".aigate.toml").write_text(BENCH_CONFIG, encoding="utf-8")
    home.mkdir()
    env = _aigate_env(home)
    held = scratch / "held"
    for rel in added:
        (held / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.move(str(repo / rel), held / rel)
    _run(["git", "init", "-q", "-b", "main"], repo, env)
    _git_commit(repo, env, "project")
    _run(["git", "checkout", "-q", "-b", "change"], repo, env)
    for rel in added:
        shutil.move(str(held / rel), repo / rel)
    _git_commit(repo, env, f"add {files} files")
    lines = []
    cache = scratch / "cost-cache"
    for label in ("cold mypy cache", "warm mypy cache"):
        # every analyzer runs each time: the per-file results and the run memo (cache/v*/) go,
        # mypy's own incremental cache (cache/mypy/) stays for the warm run
        for stored in cache.glob("v*"):
            shutil.rmtree(stored)
        started = time.perf_counter()
        argv = ["--base", "main", "--deps-env", str(site), "--cache-dir", str(cache)]
        data = _scan(repo, env, argv, scratch / "cost.json")
        total = time.perf_counter() - started
        runs = {r["name"]: float(r["duration"]) for r in data["analyzers"]}
        mypy = runs.get("mypy", 0.0)
        others = max((v for k, v in runs.items() if k != "mypy"), default=0.0)
        lines.append(
            f"{files}-file change, {label}: scan {total:.1f} s, mypy {mypy:.1f} s "
            f"({mypy / total:.0%} of the scan; slowest other analyzer {others:.1f} s, "
            f"ratio {mypy / others if others else float('inf'):.2f})"
        )
    return lines


def table(cases: list[Case], runs: list[Run]) -> list[str]:
    """found / false per contender and kind."""
    invented = [c for c in cases if c.invented]
    alike = [c for c in cases if not c.invented]
    head = f"{'contender':<14}" + "".join(f"{k + ' found':>18}" for k in KINDS)
    head += f"{'all found':>16}{'false on look-alikes':>24}{'seconds':>9}"
    lines = [head, "-" * len(head)]
    for run in runs:
        row = f"{run.name:<14}"
        for kind in KINDS:
            of_kind = [c for c in invented if c.kind == kind]
            row += f"{sum(run.found(c) for c in of_kind)}/{len(of_kind):<3}".rjust(18)
        found = sum(run.found(c) for c in invented)
        false = sum(run.found(c) for c in alike)
        row += f"{found}/{len(invented)} ({found / len(invented):.0%})".rjust(16)
        row += f"{false}/{len(alike)}".rjust(24) + f"{run.seconds:9.1f}"
        lines.append(row)
    return lines


def details(cases: list[Case], run: Run) -> list[str]:
    """Every miss and every false finding of one contender."""
    out = []
    for case in cases:
        hit = run.found(case)
        if case.invented and not hit:
            out.append(f"  {run.name}: missed {case.file}:{case.line}")
        elif not case.invented and hit:
            rules = sorted({r for _, _, r in run.hits[case.file]})
            out.append(f"  {run.name}: false on {case.file} ({', '.join(rules)})")
    return out


def main(argv: list[str] | None = None) -> int:
    """Print the table (and, with --misses, every miss and false finding)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--misses", action="store_true", help="list misses and false findings")
    parser.add_argument("--deps-env", help="an existing site-packages dir with the libraries")
    parser.add_argument("--no-cost", action="store_true", help="skip the 20-file cost run")
    args = parser.parse_args(argv)
    cases = load_cases()
    try:
        site = analysis_site(args.deps_env)
        with tempfile.TemporaryDirectory(prefix="aigate-hallucinated-") as tmp:
            scratch = Path(tmp)
            runs = [run_aigate(scratch, site), run_pylint(scratch, site), run_mypy(scratch, site)]
            cost = [] if args.no_cost else type_checker_cost(scratch, site)
    except BenchError as exc:
        print(f"hallucinated-API benchmark: error: {exc}", file=sys.stderr)
        return 2
    invented = sum(c.invented for c in cases)
    print(f"Hallucinated APIs: {invented} invented, {len(cases) - invented} look-alikes")
    print("\n".join(table(cases, runs)))
    aigate = runs[0]
    found = sum(aigate.found(c) for c in cases if c.invented)
    false = sum(aigate.found(c) for c in cases if not c.invented)
    alike = len(cases) - invented
    print(
        f"targets: >= 90% found: {'met' if found >= 0.9 * invented else 'NOT met'}; "
        f"<= 1 false per 40 look-alikes: {'met' if false * 40 <= alike else 'NOT met'}"
    )
    for line in cost:
        print(line)
    if args.misses:
        for run in runs:
            print("\n".join(details(cases, run)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

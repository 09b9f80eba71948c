"""Detection benchmark: bandit alone, semgrep with our rules alone, and aigate, on one corpus.

Run ``python bench/detection.py`` from anywhere. It loads every
``fixtures/detection/cwe-<n>/cases.toml`` (or those of ``--corpus PATH``, e.g. the held-out
``bench/blind``), checks the manifests, copies the listed files into
a temp dir and runs each contender once over the whole copy. A vulnerable case is a true
positive when the contender reports a finding with the case's CWE (or an accepted alternate,
see ``ACCEPTED_ALTERNATES``) in that file; a safe look-alike is a false positive when it does.

Exit status: 0 when the benchmark ran (unmet targets are reported, not raised), 2 when the
corpus is malformed or a contender failed to run.
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on 3.10 only
    import tomli as tomllib

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT / "bench") not in sys.path:
    sys.path.insert(0, str(ROOT / "bench"))  # owasp.py beside this file, however it is loaded
from owasp import Rates  # noqa: E402

CORPUS = ROOT / "fixtures" / "detection"
RULES = ROOT / "rules" / "python"
TOOL_TIMEOUT = 3600
"""Seconds any one contender may take over the whole corpus."""

ACCEPTED_ALTERNATES: dict[int, tuple[int, ...]] = {
    22: (23, 36),  # relative / absolute path traversal are the children of 22
    78: (77,),  # 77 (command injection) is the parent of OS command injection
    79: (80,),  # 80 "basic XSS" (bandit B703 for mark_safe) is a child of 79
    95: (94,),  # 94 (code injection) is the parent of eval injection
    215: (489,),  # debug mode left on: tools file it as active debug code ...
    489: (215,),  # ... or as debug information exposed; both name the same mistake
    328: (327,),  # a weak hash is often reported as a broken algorithm
    338: (330,),  # a weak PRNG is often reported as insufficient randomness
    798: (259,),  # 259 (hard-coded password) is a child of 798
    916: (328, 327),  # a fast password hash is often reported as weak hash / broken crypto
}
"""Case CWE -> other CWE ids that also count as detecting it. Only parents, children and
labels tools use interchangeably for the same flaw; never a different flaw."""

PINNED_GIT = {
    "GIT_AUTHOR_NAME": "Bench Author",
    "GIT_AUTHOR_EMAIL": "bench@example.com",
    "GIT_COMMITTER_NAME": "Bench Author",
    "GIT_COMMITTER_EMAIL": "bench@example.com",
    "GIT_AUTHOR_DATE": "2024-01-01T00:00:00+00:00",
    "GIT_COMMITTER_DATE": "2024-01-01T00:00:00+00:00",
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_CONFIG_GLOBAL": os.devnull,
}
QUIET_SEMGREP = {"SEMGREP_ENABLE_VERSION_CHECK": "0", "SEMGREP_SEND_METRICS": "off"}
_DIR_NAME = re.compile(r"^cwe-(\d+)$")
_CWE_TEXT = re.compile(r"^\s*CWE-(\d+)\b")
CONTENDERS = ("bandit", "semgrep", "aigate", "aigate-reported")
LABELS = {
    "bandit": "bandit",
    "semgrep": "semgrep (our rules)",
    "aigate": "aigate (blocking)",
    "aigate-reported": "aigate (+warnings)",
}


class BenchError(Exception):
    """The corpus is malformed or a contender could not run: the figures would be wrong."""


@dataclass(frozen=True)
class Case:
    """One labelled file of the corpus."""

    cwe: int
    """The CWE the case is about (its directory's number)."""
    path: str
    """Corpus-relative posix path, e.g. ``cwe-89/flask_search_fstring.py``."""
    vulnerable: bool
    """True for a vulnerable case, False for a safe look-alike."""
    note: str
    """What the case does, from the manifest."""


@dataclass(frozen=True)
class Hit:
    """One finding a contender reported."""

    rule: str
    """The contender's rule id."""
    cwes: frozenset[int]
    """CWE ids the finding carries (after bandit's normalisation table)."""
    blocking: bool = True
    """aigate only: the policy made it blocking (else a warning or baselined)."""
    calibration: str | None = None
    """aigate only: ``warning`` or ``blocking`` for an unconfirmed call-only tool finding."""


@dataclass
class Run:
    """What one contender reported over the whole corpus."""

    name: str
    hits: dict[str, list[Hit]] = field(default_factory=dict)
    """Corpus-relative path -> findings in that file."""
    seconds: float = 0.0
    unavailable: str | None = None
    """Why the contender could not be run at all (its column is then left out)."""
    notes: list[str] = field(default_factory=list)


# --- corpus -----------------------------------------------------------------------------------


def load_corpus(root: Path = CORPUS, only: frozenset[str] | None = None) -> list[Case]:
    """Read and check every manifest under ``root``; raise BenchError on any inconsistency."""
    if not root.is_dir():
        raise BenchError(f"{root}: corpus directory not found")
    dirs = {}
    for entry in sorted(root.iterdir()):
        if entry.name.startswith(".") or entry.name == "README.md":
            continue
        match = _DIR_NAME.match(entry.name)
        if not entry.is_dir() or match is None:
            raise BenchError(f"{entry}: expected only cwe-<n>/ directories in {root}")
        dirs[entry.name] = (int(match.group(1)), entry)
    if only is not None:
        unknown = sorted(only - dirs.keys())
        if unknown:
            raise BenchError(f"--only names unknown corpus dirs: {', '.join(unknown)}")
        dirs = {name: value for name, value in dirs.items() if name in only}
    cases: list[Case] = []
    for name, (cwe, directory) in sorted(dirs.items(), key=lambda item: item[1][0]):
        cases.extend(_load_manifest(name, cwe, directory))
    return cases


def _load_manifest(name: str, cwe: int, directory: Path) -> list[Case]:
    manifest = directory / "cases.toml"
    if not manifest.is_file():
        raise BenchError(f"{manifest}: missing manifest")
    try:
        data = tomllib.loads(manifest.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise BenchError(f"{manifest}: {exc}") from exc
    extra = set(data) - {"cwe", "title", "case"}
    if extra:
        raise BenchError(f"{manifest}: unknown keys {sorted(extra)}")
    if data.get("cwe") != cwe or isinstance(data.get("cwe"), bool):
        raise BenchError(f"{manifest}: cwe = {data.get('cwe')!r} but the directory is {name}")
    if not isinstance(data.get("title"), str) or not data["title"].strip():
        raise BenchError(f"{manifest}: title must be a non-empty string")
    entries = data.get("case")
    if not isinstance(entries, list) or not entries:
        raise BenchError(f"{manifest}: needs at least one [[case]]")
    cases, seen = [], set()
    for index, entry in enumerate(entries):
        where = f"{manifest}: case {index + 1}"
        if not isinstance(entry, dict) or set(entry) != {"file", "vulnerable", "note"}:
            raise BenchError(f"{where}: needs exactly the keys file, vulnerable, note")
        file, vulnerable, note = entry["file"], entry["vulnerable"], entry["note"]
        if not isinstance(file, str) or "/" in file or "\\" in file or not file.endswith(".py"):
            raise BenchError(f"{where}: file must be a plain *.py name, got {file!r}")
        if not isinstance(vulnerable, bool) or not isinstance(note, str) or not note.strip():
            raise BenchError(f"{where}: vulnerable must be a bool and note a non-empty string")
        if file in seen:
            raise BenchError(f"{where}: {file} is listed twice")
        if not (directory / file).is_file():
            raise BenchError(f"{where}: {directory / file} does not exist")
        seen.add(file)
        cases.append(Case(cwe, f"{name}/{file}", vulnerable, note))
    unlisted = sorted(
        str(path.relative_to(directory))
        for path in directory.rglob("*")
        if path.is_file()
        and path.name != "cases.toml"
        and "__pycache__" not in path.parts
        and str(path.relative_to(directory)) not in seen
    )
    if unlisted:
        raise BenchError(f"{manifest}: files not listed in the manifest: {', '.join(unlisted)}")
    return cases


def copy_corpus(cases: list[Case], destination: Path, root: Path = CORPUS) -> None:
    """Copy only the listed case files of the corpus at ``root``, keeping the cwe-<n>/ layout."""
    for case in cases:
        target = destination / case.path
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(root / case.path, target)


# --- contenders -------------------------------------------------------------------------------


def _tool(name: str) -> str:
    beside = Path(sys.executable).parent / name
    found = str(beside) if beside.exists() else shutil.which(name)
    if found is None:
        raise BenchError(f"{name}: not installed next to {sys.executable} nor on PATH")
    return found


def _run(
    argv: list[str], cwd: Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    try:
        return subprocess.run(
            argv,
            cwd=cwd,
            env=env,
            capture_output=True,
            text=True,
            timeout=TOOL_TIMEOUT,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise BenchError(f"{argv[0]}: timed out after {TOOL_TIMEOUT} s") from exc


def _rel(path: str) -> str:
    return Path(os.path.normpath(path)).as_posix()


def run_bandit(corpus: Path) -> Run:
    """bandit with every test, once over the corpus; CWE via aigate's normalisation table."""
    run = Run("bandit")
    try:
        from gate.analyzers.bandit import CWE_OVERRIDES
    except ImportError as exc:
        overrides: dict[str, tuple[int, ...]] = {}
        run.notes.append(f"bandit CWE normalisation not applied ({exc})")
    else:
        overrides = dict(CWE_OVERRIDES)
        run.notes.append("bandit CWEs normalised with gate.analyzers.bandit.CWE_OVERRIDES")
    started = time.perf_counter()
    proc = _run([_tool("bandit"), "-f", "json", "-q", "-r", "."], corpus)
    run.seconds = time.perf_counter() - started
    if proc.returncode not in (0, 1):
        raise BenchError(f"bandit exited {proc.returncode}: {proc.stderr.strip()[-2000:]}")
    try:
        data = json.loads(proc.stdout)
    except json.JSONDecodeError as exc:
        raise BenchError(f"bandit printed no JSON: {proc.stderr.strip()[-2000:]}") from exc
    if data.get("errors"):
        errors = data["errors"]
        hint = ""
        if any("syntax error" in str(e.get("reason", "")) for e in errors):
            hint = f" (bandit parses with Python {sys.version_info[0]}.{sys.version_info[1]}: "
            hint += "run the bench under the Python the corpus is written for, e.g. 3.12)"
        raise BenchError(f"bandit could not scan {len(errors)} file(s){hint}: {errors[:3]}")
    for item in data.get("results", []):
        test_id = item["test_id"]
        issue_cwe = (item.get("issue_cwe") or {}).get("id")
        cwes = overrides.get(test_id) or ((int(issue_cwe),) if issue_cwe else ())
        run.hits.setdefault(_rel(item["filename"]), []).append(Hit(test_id, frozenset(cwes)))
    return run


def merge_rules(rules_dir: Path, target: Path) -> int:
    """Write every rule of ``rules_dir/*.yaml`` into one config file; ids must be unique."""
    import yaml

    merged: list[dict[str, Any]] = []
    origin: dict[str, str] = {}
    for path in sorted([*rules_dir.glob("*.yaml"), *rules_dir.glob("*.yml")]):
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        except yaml.YAMLError as exc:
            raise BenchError(f"{path}: not valid YAML: {exc}") from exc
        for rule in data.get("rules", []):
            rule_id = rule.get("id")
            if rule_id in origin:
                raise BenchError(
                    f"rule id {rule_id!r} is in both {origin[rule_id]} and {path.name}"
                )
            origin[rule_id] = path.name
            merged.append(rule)
    target.write_text(yaml.safe_dump({"rules": merged}, sort_keys=False), encoding="utf-8")
    return len(merged)


def _semgrep_cwes(metadata: dict[str, Any]) -> frozenset[int]:
    raw = metadata.get("cwe", [])
    entries = [raw] if isinstance(raw, str) else raw
    return frozenset(int(m.group(1)) for e in entries if (m := _CWE_TEXT.match(str(e))))


def run_semgrep(corpus: Path, scratch: Path) -> Run:
    """semgrep with all of rules/python merged into one config, once over the corpus."""
    run = Run("semgrep")
    config = scratch / "merged-rules.yaml"
    count = merge_rules(RULES, config)
    if count == 0:
        run.unavailable = f"no rules in {RULES}"
        return run
    run.notes.append(f"semgrep: {count} rules from {RULES.relative_to(ROOT)}")
    home = scratch / "semgrep-home"
    home.mkdir()
    env = {**os.environ, **QUIET_SEMGREP, "HOME": str(home)}
    argv = [
        _tool("semgrep"),
        "scan",
        "--config",
        str(config),
        "--json",
        "--quiet",
        "--metrics=off",
        "--disable-version-check",
        "--no-git-ignore",
        "--timeout",
        "60",
        ".",
    ]
    started = time.perf_counter()
    proc = _run(argv, corpus, env)
    run.seconds = time.perf_counter() - started
    try:
        data = json.loads(proc.stdout)
    except json.JSONDecodeError as exc:
        raise BenchError(
            f"semgrep exited {proc.returncode} without JSON: {proc.stderr.strip()[-2000:]}"
        ) from exc
    errors = [e for e in data.get("errors", []) if e.get("level", "error") == "error"]
    if proc.returncode != 0 or errors:
        detail = errors or proc.stderr.strip()[-2000:]
        raise BenchError(f"semgrep exited {proc.returncode}: {detail}")
    for item in data.get("results", []):
        rule = item["check_id"].rsplit(".", 1)[-1]
        cwes = _semgrep_cwes(item.get("extra", {}).get("metadata", {}))
        run.hits.setdefault(_rel(item["path"]), []).append(Hit(rule, cwes))
    return run


BENCH_CONFIG = "".join(
    f"[analyzers.{name}]\ntimeout = 3000\n" for name in ("bandit", "semgrep", "pylint", "mypy")
)
"""The bench repo's config: only the timeouts change, the policy stays aigate's default."""


def run_aigate(corpus: Path, scratch: Path, python: str, config: str = BENCH_CONFIG) -> Run:
    """The real CLI as a user runs it: ``python -m gate scan --all`` in a committed repo
    whose ``.aigate.toml`` is ``config``."""
    run = Run("aigate")
    repo, home, report = scratch / "aigate-repo", scratch / "aigate-home", scratch / "aigate.json"
    shutil.copytree(corpus, repo)
    # generous analyzer timeouts: the OWASP corpus is 1,243 files on a shared 2-core machine
    (repo / ".aigate.toml").write_text(config, encoding="utf-8")
    home.mkdir()
    env = {**os.environ, **PINNED_GIT, **QUIET_SEMGREP, "HOME": str(home)}
    # benchmark this checkout's gate package, installed or not
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH")) if p)
    # the analyzers installed beside that interpreter first (bandit parses with its Python)
    if Path(python).is_absolute():
        env["PATH"] = os.pathsep.join((str(Path(python).parent), env.get("PATH", os.defpath)))
    for argv in (
        ["git", "init", "-q", "-b", "main"],
        ["git", "add", "-A"],
        ["git", "commit", "-q", "--no-gpg-sign", "-m", "detection corpus"],
    ):
        proc = _run(argv, repo, env)
        if proc.returncode != 0:
            raise BenchError(f"{' '.join(argv)} failed: {proc.stderr.strip()}")
    # the AI policy (fail_on, default medium): the gate's reason to exist
    argv = [python, "-m", "gate", "scan", "--all", "--assume-ai", "--format", "json"]
    argv += ["--output", str(report)]
    started = time.perf_counter()
    proc = _run(argv, repo, env)
    run.seconds = time.perf_counter() - started
    missing = _cli_missing(proc)
    if missing:
        run.unavailable = missing
        return run
    if proc.returncode not in (0, 1):
        raise BenchError(f"aigate exited {proc.returncode} (error): {proc.stderr.strip()[-3000:]}")
    try:
        data = json.loads(report.read_text(encoding="utf-8"))
        findings = data["findings"]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise BenchError(
            f"aigate wrote no usable JSON report ({exc}): {proc.stderr.strip()}"
        ) from exc
    run.notes.append(f"aigate: exit {proc.returncode} ({'fail' if proc.returncode else 'pass'})")
    if data.get("skipped"):
        run.notes.append(f"aigate skipped (counted as not reported): {data['skipped']}")
    for item in findings:
        disposition = str(item.get("disposition", "")).lower()
        if disposition == "suppressed":
            continue
        cwes = frozenset(int(c) for c in item.get("cwe") or ())
        calibration = item.get("calibration")
        hit = Hit(
            str(item["rule_id"]),
            cwes,
            blocking=disposition == "blocking",
            calibration=str(calibration) if calibration else None,
        )
        run.hits.setdefault(_rel(item["path"]), []).append(hit)
    return run


def views(aigate: Run) -> dict[str, Run]:
    """aigate's column (what blocks) and the reported one (warnings too) from one run."""
    blocking = Run("aigate", seconds=aigate.seconds, unavailable=aigate.unavailable)
    reported = Run("aigate-reported", seconds=aigate.seconds, unavailable=aigate.unavailable)
    blocking.notes = aigate.notes
    for path, hits in aigate.hits.items():
        reported.hits[path] = list(hits)
        blocking.hits[path] = [h for h in hits if h.blocking]
    return {"aigate": blocking, "aigate-reported": reported}


def without_call_only(run: Run) -> Run:
    """What the old rule (drop every unconfirmed call-only finding) would have reported."""
    out = Run(run.name, seconds=run.seconds, unavailable=run.unavailable)
    for path, hits in run.hits.items():
        out.hits[path] = [h for h in hits if h.calibration is None]
    return out


def _cli_missing(proc: subprocess.CompletedProcess[str]) -> str | None:
    """The CLI (or its ``scan --all --format json`` contract) is not there yet."""
    if proc.returncode == 0 or proc.returncode == 1:
        return None
    for marker in (
        "No module named gate",
        "No module named 'gate",
        "No such command",
        "No such option",
        "Invalid value for '--format'",
    ):
        if marker in proc.stderr:
            last = proc.stderr.strip().splitlines()[-1] if proc.stderr.strip() else marker
            return last.strip()
    return None


# --- scoring ----------------------------------------------------------------------------------


@dataclass
class Counts(Rates):
    """Confusion counts of one contender on a set of cases."""

    @property
    def youden(self) -> float:
        return self.tpr - self.fpr

    def as_dict(self) -> dict[str, float | int]:
        return {
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "tn": self.tn,
            "tpr": round(self.tpr, 4),
            "fpr": round(self.fpr, 4),
            "tpr_minus_fpr": round(self.youden, 4),
        }


def matching_hits(case: Case, run: Run) -> list[Hit]:
    """Findings of ``run`` in the case's file that carry the case's CWE or an alternate."""
    accepted = {case.cwe, *ACCEPTED_ALTERNATES.get(case.cwe, ())}
    return [hit for hit in run.hits.get(case.path, []) if hit.cwes & accepted]


def outcome(case: Case, run: Run) -> str:
    """TP, FN (vulnerable case) or FP, TN (safe look-alike)."""
    flagged = bool(matching_hits(case, run))
    if case.vulnerable:
        return "TP" if flagged else "FN"
    return "FP" if flagged else "TN"


def tally(cases: list[Case], run: Run) -> tuple[dict[int, Counts], Counts]:
    """Counts per CWE and overall."""
    per_cwe: dict[int, Counts] = {}
    total = Counts()
    for case in cases:
        result = outcome(case, run).lower()
        for counts in (per_cwe.setdefault(case.cwe, Counts()), total):
            setattr(counts, result, getattr(counts, result) + 1)
    return per_cwe, total


def check_targets(cases: list[Case], runs: dict[str, Run]) -> tuple[bool, list[str]]:
    """The goals: aigate TPR >= 0.95 at FPR <= 0.05, and ahead of bandit wherever bandit checks."""
    aigate, bandit = runs.get("aigate"), runs["bandit"]
    if aigate is None or aigate.unavailable:
        return False, ["aigate was not run, so no target can be met"]
    per_aigate, total = tally(cases, aigate)
    per_bandit, _ = tally(cases, bandit)
    lines, met = [], True
    ok = total.tpr >= 0.95 and total.fpr <= 0.05
    met &= ok
    lines.append(
        f"overall aigate TPR {total.tpr:.2f} >= 0.95 and FPR {total.fpr:.2f} <= 0.05: "
        f"{'met' if ok else 'NOT met'}"
    )
    behind = [
        f"CWE-{cwe} ({per_aigate[cwe].youden:+.2f} vs {b.youden:+.2f})"
        for cwe, b in sorted(per_bandit.items())
        if (b.tp or b.fp) and per_aigate[cwe].youden <= b.youden
    ]
    checked = sum(1 for b in per_bandit.values() if b.tp or b.fp)
    met &= not behind
    lines.append(
        f"aigate ahead of bandit on TPR-FPR in every CWE bandit checks ({checked}): "
        + ("met" if not behind else "NOT met, not ahead in " + ", ".join(behind))
    )
    return met, lines


# --- output -----------------------------------------------------------------------------------


def render(cases: list[Case], runs: dict[str, Run], titles: dict[int, str]) -> str:
    """The side-by-side table, the timings and the targets line."""
    shown = [name for name in CONTENDERS if not runs[name].unavailable]
    cell = "{:>3} {:>3} {:>3} {:>3} {:>5} {:>5} {:>7}"
    head = cell.format("TP", "FP", "FN", "TN", "TPR", "FPR", "TPR-FPR")
    width = len(head)
    out = [
        f"{'':<36}{'':>10}  " + "  ".join(f"{LABELS[n]:^{width}}" for n in shown),
        f"{'CWE':<36}{'vuln/safe':>10}  " + "  ".join(head for _ in shown),
    ]
    tallies = {name: tally(cases, runs[name]) for name in shown}

    def row(label: str, vuln: int, safe: int, counts: list[Counts]) -> str:
        cells = [
            cell.format(c.tp, c.fp, c.fn, c.tn, f"{c.tpr:.2f}", f"{c.fpr:.2f}", f"{c.youden:+.2f}")
            for c in counts
        ]
        return f"{label:<36}{f'{vuln}/{safe}':>10}  " + "  ".join(cells)

    for cwe in sorted({case.cwe for case in cases}):
        mine = [c for c in cases if c.cwe == cwe]
        vuln = sum(c.vulnerable for c in mine)
        label = f"CWE-{cwe} {titles.get(cwe, '')}"[:35]
        out.append(row(label, vuln, len(mine) - vuln, [tallies[n][0][cwe] for n in shown]))
    vuln = sum(c.vulnerable for c in cases)
    out.append(row("overall", vuln, len(cases) - vuln, [tallies[n][1] for n in shown]))
    out.append("")
    out.append(
        "seconds: "
        + ", ".join(
            f"{LABELS[n]} {runs[n].seconds:.1f}" for n in CONTENDERS if not runs[n].unavailable
        )
    )
    for name in CONTENDERS:
        if runs[name].unavailable:
            out.append(f"{name}: not available ({runs[name].unavailable})")
        out.extend(f"note: {note}" for note in runs[name].notes)
    met, lines = check_targets(cases, runs)
    out.extend(f"target: {line}" for line in lines)
    out.append(f"targets {'MET' if met else 'NOT MET'}")
    return "\n".join(out)


def render_misses(cases: list[Case], runs: dict[str, Run]) -> str:
    """Every false negative and false positive per contender, with the rules involved."""
    out = []
    for name in CONTENDERS:
        run = runs[name]
        if run.unavailable:
            continue
        out.append(f"== {LABELS[name]}: misses and misfires")
        for case in cases:
            result = outcome(case, run)
            if result == "FN":
                others = sorted({h.rule for h in run.hits.get(case.path, [])})
                extra = f" (other findings: {', '.join(others)})" if others else ""
                out.append(f"  FN {case.path}: {case.note}{extra}")
            elif result == "FP":
                rules = sorted({h.rule for h in matching_hits(case, run)})
                out.append(f"  FP {case.path}: {', '.join(rules)} -- {case.note}")
    return "\n".join(out)


def to_json(cases: list[Case], runs: dict[str, Run]) -> dict[str, Any]:
    """All figures and per-case outcomes, for --json."""
    met, lines = check_targets(cases, runs)
    contenders: dict[str, Any] = {}
    for name in CONTENDERS:
        run = runs[name]
        if run.unavailable:
            contenders[name] = {"available": False, "reason": run.unavailable}
            continue
        per_cwe, total = tally(cases, run)
        contenders[name] = {
            "available": True,
            "seconds": round(run.seconds, 2),
            "notes": run.notes,
            "overall": total.as_dict(),
            "per_cwe": {str(cwe): counts.as_dict() for cwe, counts in sorted(per_cwe.items())},
        }
    return {
        "cases": [
            {
                "path": c.path,
                "cwe": c.cwe,
                "vulnerable": c.vulnerable,
                "outcome": {n: outcome(c, runs[n]) for n in CONTENDERS if not runs[n].unavailable},
            }
            for c in cases
        ],
        "accepted_alternates": {str(k): list(v) for k, v in ACCEPTED_ALTERNATES.items()},
        "contenders": contenders,
        "targets": {"met": met, "detail": lines},
    }


OWASP_PYTHON = (3, 12)
"""The OWASP corpus uses PEP 701 f-strings: bandit parses with the Python that runs it."""


def _python_of(argv: list[str], pattern: str) -> tuple[int, int] | None:
    """The ``major.minor`` an interpreter or tool reports, or None when it cannot tell."""
    try:
        proc = _run(argv, ROOT)
    except (BenchError, OSError):
        return None
    found = re.search(pattern, proc.stdout + proc.stderr)
    return (int(found.group(1)), int(found.group(2))) if found else None


def owasp_python_problem(python: str, which: frozenset[str]) -> str | None:
    """Why bandit (alone, or inside aigate) could not parse the OWASP corpus here, or None."""
    need = ".".join(map(str, OWASP_PYTHON))
    found: list[tuple[str, tuple[int, int] | None]] = []
    if "bandit" in which:
        try:
            bandit = _tool("bandit")
        except BenchError as exc:
            return str(exc)
        pattern = r"python version = (\d+)\.(\d+)"
        found.append((bandit, _python_of([bandit, "--version"], pattern)))
    if "aigate" in which:
        probe = "import sys; print('%d.%d' % sys.version_info[:2])"
        found.append((python, _python_of([python, "-c", probe], r"^(\d+)\.(\d+)")))
    for what, version in found:
        if version is not None and version < OWASP_PYTHON:
            return (
                f"{what} runs under Python {version[0]}.{version[1]}, but the OWASP corpus uses "
                f"Python {need} syntax (PEP 701 f-strings) that bandit cannot parse under an "
                f"older Python. Run the bench from a Python >= {need} environment, e.g. "
                f"python{need} -m venv .venv{need.replace('.', '')} && "
                f".venv{need.replace('.', '')}/bin/pip install -e '.[test]' && "
                f".venv{need.replace('.', '')}/bin/python bench/detection.py --owasp PATH"
            )
    return None


@functools.cache
def tool_versions() -> str:
    """The analyzer versions every figure depends on (the semgrep version moves the scores).

    Asked once a corpus is loaded and checked, so a bad manifest fails without starting tools.
    """
    found = []
    for name in ("semgrep", "bandit"):
        try:
            # offline: without these semgrep checks for a newer version (a long network wait)
            proc = _run([_tool(name), "--version"], ROOT, {**os.environ, **QUIET_SEMGREP})
        except BenchError:
            continue
        words = proc.stdout.split()
        found.append(f"{name} {words[-1] if name == 'semgrep' else words[1]}" if words else name)
    return ", ".join(found) or "tool versions unknown"


def calibration_cost(kept: Counts, dropped: Counts) -> str:
    """What keeping unconfirmed call-only findings (escape classes blocking) costs and gains."""
    return (
        f"calibration: blocking TPR {dropped.tpr:.2f} -> {kept.tpr:.2f}, "
        f"FPR {dropped.fpr:.2f} -> {kept.fpr:.2f} "
        f"(old drop of unconfirmed call-only findings -> escape classes kept blocking)"
    )


def bench_config(args: argparse.Namespace) -> str:
    """The bench repo's ``.aigate.toml`` for these options."""
    if not args.no_summaries:
        return BENCH_CONFIG
    return BENCH_CONFIG.replace("[analyzers.semgrep]\n", "[analyzers.semgrep]\nsummaries = false\n")


def run_contenders(
    corpus: Path, scratch: Path, python: str, which: frozenset[str], config: str = BENCH_CONFIG
) -> dict[str, Run]:
    """Each requested contender once over the whole corpus copy; aigate gives two views."""
    runs: dict[str, Run] = {}
    for name in ("bandit", "semgrep"):
        runs[name] = Run(name, unavailable="not requested")
    if "bandit" in which:
        runs["bandit"] = run_bandit(corpus)
    if "semgrep" in which:
        runs["semgrep"] = run_semgrep(corpus, scratch)
    if "aigate" in which:
        runs.update(views(run_aigate(corpus, scratch, python, config)))
    else:
        runs.update(views(Run("aigate", unavailable="not requested")))
    return runs


def own_corpus(args: argparse.Namespace, which: frozenset[str]) -> int:
    """A labelled corpus (ours, or ``--corpus PATH``): its table, misses and JSON."""
    only = frozenset(p.strip() for p in args.only.split(",") if p.strip()) if args.only else None
    root = Path(args.corpus).resolve()
    cases = load_corpus(root, only)
    titles = _titles(cases, root)
    versions = tool_versions()
    with tempfile.TemporaryDirectory(prefix="aigate-bench-") as tmp:
        scratch = Path(tmp)
        corpus = scratch / "corpus"
        copy_corpus(cases, corpus, root)
        runs = run_contenders(corpus, scratch, args.python, which, bench_config(args))
    vuln = sum(c.vulnerable for c in cases)
    print(
        f"detection corpus {_shown(root)}: {len(cases)} cases ({vuln} vulnerable, "
        f"{len(cases) - vuln} safe) over {len(titles)} CWEs; {versions}"
    )
    print(render(cases, runs, titles))
    if not runs["aigate"].unavailable:
        _, kept = tally(cases, runs["aigate"])
        _, dropped = tally(cases, without_call_only(runs["aigate"]))
        print(calibration_cost(kept, dropped))
    if args.misses:
        print()
        print(render_misses(cases, runs))
    if args.json:
        Path(args.json).write_text(
            json.dumps(to_json(cases, runs), indent=2) + "\n", encoding="utf-8"
        )
    return 0


def owasp_corpus(args: argparse.Namespace, which: frozenset[str]) -> int:
    """The OWASP Benchmark for Python at ``--owasp PATH``, strict scoring."""
    from owasp import (
        OwaspError,
        copy_owasp,
        load_owasp,
        overall,
        owasp_json,
        owasp_targets,
        render_owasp,
        score,
    )

    root = Path(args.owasp)
    try:
        cases = load_owasp(root)
    except OwaspError as exc:
        raise BenchError(str(exc)) from exc
    with tempfile.TemporaryDirectory(prefix="aigate-owasp-") as tmp:
        scratch = Path(tmp)
        corpus = scratch / "corpus"
        copy_owasp(root, corpus)
        runs = run_contenders(corpus, scratch, args.python, which, bench_config(args))
    shown: dict[str, Any] = {n: runs[n] for n in CONTENDERS if not runs[n].unavailable}
    print(render_owasp(cases, shown, LABELS, tool_versions(), lambda n: runs[n].seconds))
    if not runs["aigate"].unavailable:
        kept = overall(score(cases, runs["aigate"]))
        dropped = overall(score(cases, without_call_only(runs["aigate"])))
        print(
            f"calibration: blocking score {dropped[2]:+.1f} -> {kept[2]:+.1f}, "
            f"TPR {dropped[0]:.1f} -> {kept[0]:.1f}, FPR {dropped[1]:.1f} -> {kept[1]:.1f} "
            f"(old drop of unconfirmed call-only findings -> escape classes kept blocking)"
        )
        met, lines = owasp_targets(cases, runs["aigate"])
        print("\n".join(f"target: {line}" for line in lines))
        print(f"OWASP targets {'MET' if met else 'NOT MET'}")
    if args.owasp_json:
        Path(args.owasp_json).write_text(
            json.dumps(owasp_json(cases, shown), indent=2) + "\n", encoding="utf-8"
        )
    if args.misses:
        for name, run in shown.items():
            wrong = [
                f"  {'FN' if c.vulnerable else 'FP'} {c.name} {c.category}"
                for c in cases
                if c.vulnerable != any(c.cwe in h.cwes for h in run.hits.get(c.path, []))
            ]
            print(f"== {LABELS[name]}: {len(wrong)} OWASP misses and misfires")
            print("\n".join(wrong))
    return 0


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark; 0 when it ran, 2 when a corpus or a contender failed."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--corpus",
        metavar="PATH",
        default=str(CORPUS),
        help="labelled corpus of cwe-<n>/ dirs to score (default: fixtures/detection)",
    )
    parser.add_argument("--json", metavar="FILE", help="also write our corpus' figures as JSON")
    parser.add_argument(
        "--only", metavar="DIRS", help="comma-separated corpus dirs, e.g. cwe-89,cwe-78"
    )
    parser.add_argument("--misses", action="store_true", help="list every FN and FP per contender")
    parser.add_argument("--python", default=sys.executable, help="interpreter that runs aigate")
    parser.add_argument(
        "--owasp", metavar="PATH", help="also score the OWASP BenchmarkPython corpus at PATH"
    )
    parser.add_argument("--owasp-json", metavar="FILE", help="write the OWASP figures as JSON")
    parser.add_argument(
        "--owasp-only", action="store_true", help="with --owasp: skip our own corpus"
    )
    parser.add_argument(
        "--contenders",
        default="bandit,semgrep,aigate",
        help="comma-separated subset of bandit,semgrep,aigate (default: all three)",
    )
    parser.add_argument(
        "--no-summaries",
        action="store_true",
        help="aigate without cross-function summaries ([analyzers.semgrep] summaries = false)",
    )
    parser.add_argument(
        "--hallucinated",
        action="store_true",
        help="run the hallucinated-API section instead (bench/hallucinated.py)",
    )
    args = parser.parse_args(argv)
    if args.hallucinated:
        sys.path.insert(0, str(Path(__file__).resolve().parent))
        import hallucinated

        return hallucinated.main(["--misses"] if args.misses else [])
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))  # gate.analyzers.bandit from this checkout
    which = frozenset(c.strip() for c in args.contenders.split(",") if c.strip())
    unknown = sorted(which - {"bandit", "semgrep", "aigate"})
    if unknown or not which:
        print(f"detection bench: error: unknown contenders {unknown}", file=sys.stderr)
        return 2
    if args.owasp_only and not args.owasp:
        print("detection bench: error: --owasp-only needs --owasp PATH", file=sys.stderr)
        return 2
    if args.owasp:
        problem = owasp_python_problem(args.python, which)
        if problem and args.python == sys.executable:
            # one command from a fresh clone: re-run under a newer Python found here
            sys.path.insert(0, str(Path(__file__).resolve().parent))
            import newer_python

            why = newer_python.rerun_under(
                OWASP_PYTHON, __file__, sys.argv[1:] if argv is None else argv
            )
            problem += f" (no automatic re-run: {why})"
        if problem:
            print(f"detection bench: error: {problem}", file=sys.stderr)
            return 2
    try:
        if not args.owasp_only:
            own_corpus(args, which)
        if args.owasp:
            if not args.owasp_only:
                print()
            owasp_corpus(args, which)
    except BenchError as exc:
        print(f"detection bench: error: {exc}", file=sys.stderr)
        return 2
    return 0


def _titles(cases: list[Case], root: Path = CORPUS) -> dict[int, str]:
    titles = {}
    for cwe in {case.cwe for case in cases}:
        data = tomllib.loads((root / f"cwe-{cwe}" / "cases.toml").read_text(encoding="utf-8"))
        titles[cwe] = data["title"]
    return titles


def _shown(root: Path) -> str:
    """``root`` relative to the checkout when inside it (short and stable in reports)."""
    return root.relative_to(ROOT).as_posix() if root.is_relative_to(ROOT) else str(root)


if __name__ == "__main__":
    sys.exit(main())

"""OWASP Benchmark for Python, scored with OWASP's strict rule, for ``detection.py --owasp PATH``.

The corpus is read where it lies (never copied into the project): ``expectedresults-*.csv``
labels each ``testcode/BenchmarkTestNNNNN.py`` with a category, true/false and one CWE. A test
counts as flagged when a finding *in its file* carries exactly that CWE (no parents, children
or alternates). Per category the score is TPR - FPR; the overall score is the mean of the
category scores, in points (x 100), as OWASP's BenchmarkUtils computes it.
"""

from __future__ import annotations

import csv
import shutil
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol


class HitLike(Protocol):
    """What the scorer needs of one reported finding (detection.Hit)."""

    @property
    def cwes(self) -> frozenset[int]: ...


class RunLike(Protocol):
    """What the scorer needs of one contender's results (detection.Run)."""

    @property
    def hits(self) -> dict[str, list[Any]]: ...


@dataclass(frozen=True)
class OwaspCase:
    """One labelled test of the OWASP corpus."""

    name: str
    """e.g. ``BenchmarkTest00001``."""
    category: str
    """OWASP's category, e.g. ``sqli``."""
    vulnerable: bool
    """The label: a real vulnerability, or a safe look-alike."""
    cwe: int
    """The one CWE a finding must carry to count."""

    @property
    def path(self) -> str:
        """Where the test lies in the scanned copy."""
        return f"testcode/{self.name}.py"


class OwaspError(Exception):
    """The corpus is not where it was said to be, or its labels are malformed."""


def load_owasp(root: Path) -> list[OwaspCase]:
    """Read the expected results; every labelled test file must exist."""
    if not (root / "testcode").is_dir():
        raise OwaspError(f"{root}: no testcode/ directory (is this BenchmarkPython?)")
    sheets = sorted(root.glob("expectedresults-*.csv"))
    if len(sheets) != 1:
        raise OwaspError(f"{root}: expected one expectedresults-*.csv, found {len(sheets)}")
    cases = []
    with sheets[0].open(encoding="utf-8", newline="") as handle:
        for number, row in enumerate(csv.reader(handle), start=1):
            if not row or row[0].lstrip().startswith("#"):
                continue
            where = f"{sheets[0]}:{number}"
            if len(row) < 4 or row[2].strip() not in ("true", "false"):
                raise OwaspError(f"{where}: expected name,category,true|false,cwe; got {row}")
            try:
                cwe = int(row[3])
            except ValueError as exc:
                raise OwaspError(f"{where}: CWE {row[3]!r} is not a number") from exc
            case = OwaspCase(row[0].strip(), row[1].strip(), row[2].strip() == "true", cwe)
            if not (root / case.path).is_file():
                raise OwaspError(f"{where}: {root / case.path} does not exist")
            cases.append(case)
    if not cases:
        raise OwaspError(f"{sheets[0]}: no labelled tests")
    return cases


def copy_owasp(root: Path, destination: Path) -> None:
    """Copy the test files and the helpers they import into a scratch directory."""
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    shutil.copytree(root / "testcode", destination / "testcode", ignore=ignore)
    if (root / "helpers").is_dir():
        shutil.copytree(root / "helpers", destination / "helpers", ignore=ignore)


@dataclass
class Rates:
    """Strict confusion counts of one contender on one category (or all)."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    tn: int = 0

    @property
    def tpr(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def fpr(self) -> float:
        return self.fp / (self.fp + self.tn) if self.fp + self.tn else 0.0

    @property
    def score(self) -> float:
        """TPR - FPR in points."""
        return 100 * (self.tpr - self.fpr)


def flagged(case: OwaspCase, run: RunLike) -> bool:
    """The strict rule: a finding in the test's own file carries exactly the expected CWE."""
    return any(case.cwe in hit.cwes for hit in run.hits.get(case.path, []))


def score(cases: Sequence[OwaspCase], run: RunLike) -> dict[str, Rates]:
    """Per-category rates; key ``""`` is the pooled total (the overall score is the mean)."""
    out: dict[str, Rates] = {}
    for case in cases:
        hit = flagged(case, run)
        for key in (case.category, ""):
            rates = out.setdefault(key, Rates())
            if case.vulnerable:
                rates.tp, rates.fn = rates.tp + hit, rates.fn + (not hit)
            else:
                rates.fp, rates.tn = rates.fp + hit, rates.tn + (not hit)
    return out


def overall(rates: dict[str, Rates]) -> tuple[float, float, float]:
    """OWASP's overall figures: mean TPR, mean FPR and mean score over the categories, in %."""
    cats = [r for key, r in rates.items() if key]
    if not cats:
        return 0.0, 0.0, 0.0
    tpr = 100 * sum(r.tpr for r in cats) / len(cats)
    fpr = 100 * sum(r.fpr for r in cats) / len(cats)
    return tpr, fpr, tpr - fpr


def render_owasp(
    cases: Sequence[OwaspCase],
    runs: dict[str, RunLike],
    labels: dict[str, str],
    versions: str,
    seconds: Callable[[str], float],
) -> str:
    """Per category and overall, every contender side by side (TPR, FPR, score in points)."""
    names = list(runs)
    table = {name: score(cases, runs[name]) for name in names}
    cell = "{:>5} {:>5} {:>6}"
    head = cell.format("TPR", "FPR", "score")
    width = max(len(head), *(len(labels[n]) for n in names))
    out = [
        f"OWASP Benchmark for Python, strict scoring ({len(cases)} tests; {versions})",
        f"{'':<16}{'vuln/safe':>10}  " + "  ".join(f"{labels[n]:^{width}}" for n in names),
        f"{'category':<16}{'':>10}  " + "  ".join(f"{head:^{width}}" for _ in names),
    ]
    categories = sorted({c.category for c in cases})
    for category in categories:
        mine = [c for c in cases if c.category == category]
        vuln = sum(c.vulnerable for c in mine)
        cells = []
        for name in names:
            r = table[name][category]
            text = cell.format(f"{100 * r.tpr:.1f}", f"{100 * r.fpr:.1f}", f"{r.score:+.1f}")
            cells.append(f"{text:^{width}}")
        label = f"{category} ({mine[0].cwe})"
        out.append(f"{label:<16}{f'{vuln}/{len(mine) - vuln}':>10}  " + "  ".join(cells))
    vuln = sum(c.vulnerable for c in cases)
    cells = []
    for name in names:
        tpr, fpr, total = overall(table[name])
        cells.append(f"{cell.format(f'{tpr:.1f}', f'{fpr:.1f}', f'{total:+.1f}'):^{width}}")
    out.append(f"{'overall (mean)':<16}{f'{vuln}/{len(cases) - vuln}':>10}  " + "  ".join(cells))
    out.append("seconds: " + ", ".join(f"{labels[n]} {seconds(n):.1f}" for n in names))
    return "\n".join(out)


def owasp_targets(cases: Sequence[OwaspCase], run: RunLike) -> tuple[bool, list[str]]:
    """Strict score >= 30 with no category below 0."""
    rates = score(cases, run)
    _tpr, _fpr, total = overall(rates)
    below = sorted(f"{k} {r.score:+.1f}" for k, r in rates.items() if k and r.score < 0)
    met = total >= 30 and not below
    lines = [
        f"OWASP strict score {total:+.1f} >= 30: {'met' if total >= 30 else 'NOT met'}",
        "no OWASP category below 0: " + ("met" if not below else "NOT met: " + ", ".join(below)),
    ]
    return met, lines


def owasp_json(cases: Sequence[OwaspCase], runs: dict[str, RunLike]) -> dict[str, Any]:
    """Every figure and per-test outcome, for --json."""
    out: dict[str, Any] = {"contenders": {}, "tests": []}
    for name, run in runs.items():
        rates = score(cases, run)
        tpr, fpr, total = overall(rates)
        out["contenders"][name] = {
            "overall": {"tpr": round(tpr, 2), "fpr": round(fpr, 2), "score": round(total, 2)},
            "per_category": {
                k: {"tp": r.tp, "fp": r.fp, "fn": r.fn, "tn": r.tn, "score": round(r.score, 2)}
                for k, r in sorted(rates.items())
                if k
            },
        }
    for case in cases:
        out["tests"].append(
            {
                "name": case.name,
                "category": case.category,
                "vulnerable": case.vulnerable,
                "flagged": {name: flagged(case, run) for name, run in runs.items()},
            }
        )
    return out

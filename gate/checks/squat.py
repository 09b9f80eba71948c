"""Typosquat and slopsquat look-alikes: names one edit (or a known confusion) from a popular one.

Offline by design: the popular packages are the shipped, generated table
``gate/data/popular_packages.tsv`` (bench/package_tables.py), whose header says its source and
date; a finding names the rank it matched, so a reviewer can judge the evidence.
"""

from __future__ import annotations

import functools
import importlib.resources
import re
from dataclasses import dataclass

from packaging.utils import canonicalize_name

from gate.deps import derived_import_names

TARGET_RANK = 5000
"""Only names among this many of the most downloaded are typo targets (attackers aim high)."""
MIN_LENGTH = 4
"""Shorter names are one edit away from too many real packages to say anything useful."""

KNOWN_CONFUSIONS: dict[str, str] = {
    "attr": "attrs",
    "beautifulsoup": "beautifulsoup4",
    "bs4": "beautifulsoup4",
    "cv2": "opencv-python",
    "dateutil": "python-dateutil",
    "dotenv": "python-dotenv",
    "jwt": "pyjwt",
    "pil": "pillow",
    "python-jwt": "pyjwt",
    "skimage": "scikit-image",
    "sklearn": "scikit-learn",
    "yaml": "pyyaml",
}
"""A distribution name people declare when they mean another one (import names as dist names,
``python-jwt`` for ``PyJWT``). On PyPI these names belong to someone else (a stub, an unrelated
or abandoned project), so they are flagged even though many people install them."""

_AFFIXES = re.compile(r"^(?:python|py)-?|-?(?:python|py)$")


@dataclass(frozen=True)
class PopularTable:
    """The shipped popular-package table."""

    ranks: dict[str, int]
    """Canonical distribution name -> download rank (1 is the most downloaded)."""
    source: str
    """Where the ranks came from and when, from the table's header."""

    @functools.cached_property
    def targets(self) -> frozenset[str]:
        """Names popular enough to be typo targets."""
        return frozenset(n for n, rank in self.ranks.items() if rank <= TARGET_RANK)

    @functools.cached_property
    def target_imports(self) -> dict[str, str]:
        """Import names of the targets (casefolded) -> the distribution."""
        out: dict[str, str] = {}
        for name in sorted(self.targets, key=self.ranks.__getitem__, reverse=True):
            for module in derived_import_names(name, generous=False):
                out[module] = name  # the best-ranked distribution wins
        return out

    @functools.cached_property
    def known_imports(self) -> frozenset[str]:
        """Import names (casefolded) of every ranked distribution: real, widely used names."""
        return frozenset(m for name in self.ranks for m in derived_import_names(name))

    @functools.cached_property
    def cores(self) -> dict[str, str]:
        """A target's name without python/py affixes and separators -> the target."""
        out: dict[str, str] = {}
        for name in sorted(self.targets, key=self.ranks.__getitem__, reverse=True):
            out[_core(name)] = name
        return out

    def evidence(self, name: str) -> str:
        """Why ``name`` counts as widely used, for a finding's message."""
        rank = self.ranks.get(name)
        where = f"rank {rank} of" if rank else "a confusion known among"
        return f"{where} the most downloaded PyPI packages ({self.source})"


@functools.lru_cache(maxsize=1)
def popular_table() -> PopularTable:
    """The popular-package table shipped with aigate."""
    data = importlib.resources.files("gate").joinpath("data/popular_packages.tsv")
    ranks: dict[str, int] = {}
    source = "shipped table"
    for line in data.read_text("utf-8").splitlines():
        if line.startswith("# source:"):
            source = line.removeprefix("# source:").strip().rstrip(".")
        elif line and not line.startswith("#"):
            rank, _, name = line.partition("\t")
            ranks.setdefault(canonicalize_name(name), int(rank))
    return PopularTable(ranks, source)


def popular_packages() -> frozenset[str]:
    """Canonical names of every distribution in the popular table."""
    return frozenset(popular_table().ranks)


def edit_distance(a: str, b: str) -> int:
    """Damerau-Levenshtein distance (optimal string alignment: adjacent swaps cost one)."""
    before: list[int] = []
    previous = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                current[j] = min(current[j], before[j - 2] + 1)
        before, previous = previous, current
    return previous[-1]


def near_miss(name: str, known: frozenset[str] | set[str], limit: int | None = None) -> str | None:
    """The closest name of ``known`` within 1 edit (2 from 10 characters) of ``name``, not equal."""
    if name in known or len(name) < MIN_LENGTH:
        return None
    if limit is None:
        limit = 2 if len(name) >= 10 else 1
    best: tuple[int, str] | None = None
    for candidate in sorted(known):
        if abs(len(candidate) - len(name)) > limit or len(candidate) < MIN_LENGTH:
            continue
        distance = edit_distance(name, candidate)
        if distance <= limit and (best is None or distance < best[0]):
            best = (distance, candidate)
    return best[1] if best else None


def squat_of_distribution(name: str) -> tuple[str, str] | None:
    """(meant distribution, why) when declaring ``name`` likely means another, popular one."""
    name = canonicalize_name(name)
    table = popular_table()
    meant = KNOWN_CONFUSIONS.get(name)
    if meant is not None:
        return meant, f"'{name}' is a known confusion for '{meant}'"
    if name in table.ranks:
        return None
    meant = near_miss(name, table.targets, limit=1)
    if meant is not None:
        return meant, f"'{name}' is one edit from '{meant}'"
    core = _core(name)
    meant = table.cores.get(core) if len(core) >= MIN_LENGTH else None
    if meant is not None and meant != name:
        return meant, f"'{name}' differs from '{meant}' only in python/py affixes or separators"
    meant = near_miss(name, table.targets)
    if meant is not None:
        return meant, f"'{name}' is two edits from '{meant}' (a long name)"
    return None


def squat_of_import(module: str) -> tuple[str, str] | None:
    """(meant distribution, why) when an undeclared top-level import looks like a popular one."""
    name = module.casefold()
    table = popular_table()
    if name in table.known_imports or canonicalize_name(name) in table.ranks:
        return None
    imports = table.target_imports
    meant_import = near_miss(name, frozenset(imports))
    if meant_import is None:
        return None
    dist = imports[meant_import]
    return dist, f"'{module}' is a near miss of '{meant_import}', the import name of '{dist}'"


def _core(name: str) -> str:
    return _AFFIXES.sub("", canonicalize_name(name)).replace("-", "")

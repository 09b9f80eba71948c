"""Regenerate the package tables aigate ships (gate/data/): popular packages and import names.

    python bench/package_tables.py --ranks RANKS.tsv --wheels DIR [--wheels DIR ...]

* ``popular_packages.tsv``: rank and name of the most downloaded PyPI distributions, read from a
  tab-separated download-rank list (columns ``name`` and ``rank_among_15000_most_downloaded``,
  ``month``). The typosquat check flags a name one edit away from one of these that is not
  itself on the list.
* ``import_names.tsv``: import name -> distributions, read from the ``RECORD`` (and
  ``top_level.txt``) of every wheel in the given folders, for the names the usual derivation
  (dist name with ``-`` as ``_``) misses, including namespace packages (``google.cloud.storage``).

The tables are data: aigate reads them at scan time and never looks at its own environment.
"""

from __future__ import annotations

import argparse
import csv
import datetime
import sys
import zipfile
from collections import defaultdict
from collections.abc import Iterable, Iterator
from email.parser import HeaderParser
from pathlib import Path, PurePosixPath

from packaging.utils import canonicalize_name

OUT = Path(__file__).resolve().parent.parent / "gate" / "data"
CURATED = Path(__file__).resolve().parent / "import_names_curated.tsv"
NOT_MODULES = frozenset(
    {"test", "tests", "testing", "doc", "docs", "example", "examples", "benchmarks", "bin",
     "scripts", "licenses", "license", "_build", "build", "src", "__pycache__"}
)  # fmt: skip
"""Top-level names wheels ship by mistake; mapping them would declare half of PyPI."""
MAX_NAMESPACE_DEPTH = 4


def wheel_modules(names: Iterable[str]) -> set[str]:
    """Dotted import names a wheel's file list provides (namespace packages to their leaves)."""
    files = [PurePosixPath(n) for n in names]
    files = [p for p in files if p.parts and not p.parts[0].endswith((".dist-info", ".data"))]
    inits = {p.parent for p in files if p.name == "__init__.py"}
    out: set[str] = set()
    for path in files:
        if path.suffix not in (".py", ".so", ".pyd", ".pyi") or "__pycache__" in path.parts:
            continue
        stem = path.name.split(".")[0]
        parts = [*path.parts[:-1], stem] if stem != "__init__" else list(path.parts[:-1])
        if not parts or parts[0].casefold() in NOT_MODULES or not parts[0].isidentifier():
            continue
        # descend through namespace directories (no __init__.py) to the first real package
        # (modules directly inside a nested namespace dir, like google/api/*_pb2.py, collapse
        # to that dir: one entry per directory, not per generated module)
        is_module = stem != "__init__"
        last = len(parts) - 1 if is_module and len(parts) > 2 else len(parts)
        depth = 1
        while (
            depth < last
            and depth < MAX_NAMESPACE_DEPTH
            and PurePosixPath(*parts[:depth]) not in inits
        ):
            depth += 1
        if all(part.isidentifier() for part in parts[:depth]):
            out.add(".".join(parts[:depth]))
    return out


def read_wheel(path: Path) -> tuple[str, set[str]] | None:
    """(canonical distribution name, import names) of one wheel, None when unreadable."""
    try:
        with zipfile.ZipFile(path) as archive:
            names = archive.namelist()
            meta = next((n for n in names if n.endswith(".dist-info/METADATA")), None)
            if meta is None:
                return None
            headers = HeaderParser().parsestr(archive.read(meta).decode("utf-8", "replace"))
            modules = wheel_modules(names)
    except (OSError, zipfile.BadZipFile):
        return None
    name = headers.get("Name")
    return (canonicalize_name(name), modules) if name else None


def import_table(folders: Iterable[Path]) -> dict[str, set[str]]:
    """import name -> distributions, only where the name is not the derived one."""
    table: dict[str, set[str]] = defaultdict(set)
    for folder in folders:
        for wheel in sorted(folder.rglob("*.whl")):
            found = read_wheel(wheel)
            if found is None:
                continue
            dist, modules = found
            derived = dist.replace("-", "_")
            for module in modules:
                if module.casefold() != derived:
                    table[module].add(dist)
    return table


def curated(path: Path) -> dict[str, set[str]]:
    """import name -> distributions from the hand-kept table (distribution, import names)."""
    table: dict[str, set[str]] = defaultdict(set)
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            dist, _, modules = line.partition("\t")
            for module in modules.split(","):
                if module.strip().casefold() != canonicalize_name(dist).replace("-", "_"):
                    table[module.strip()].add(canonicalize_name(dist))
    return table


def ranks(path: Path, limit: int) -> Iterator[tuple[int, str, str]]:
    """(rank, canonical name, month) of the ranked rows of a download-rank list, best first."""
    with path.open(newline="", encoding="utf-8") as handle:
        rows = [
            (int(row["rank_among_15000_most_downloaded"]), canonicalize_name(row["name"]),
             row.get("month") or "")
            for row in csv.DictReader(handle, delimiter="\t")
            if (row.get("rank_among_15000_most_downloaded") or "").isdigit()
        ]  # fmt: skip
    yield from sorted(rows)[:limit]


def main(argv: list[str] | None = None) -> int:
    """Write both tables; prints what it wrote."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--ranks", type=Path, required=True, help="download-rank TSV")
    parser.add_argument("--wheels", type=Path, action="append", default=[], help="wheel folder")
    parser.add_argument("--curated", type=Path, default=CURATED, help="hand-kept names")
    parser.add_argument("--limit", type=int, default=15000, help="how many ranks to keep")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    today = datetime.date.today().isoformat()
    rows = list(ranks(args.ranks, args.limit))
    newest = max((month for _, _, month in rows), default="")
    args.out.mkdir(parents=True, exist_ok=True)
    popular = [
        "# The most downloaded PyPI distributions: rank<TAB>canonical name.",
        f"# source: the {len(rows)} best-ranked rows of a PyPI download-rank list "
        f"(latest release month in it: {newest}); generated {today} by bench/package_tables.py.",
        *(f"{rank}\t{name}" for rank, name, _ in rows),
    ]
    (args.out / "popular_packages.tsv").write_text("\n".join(popular) + "\n", encoding="utf-8")
    table = import_table(args.wheels)
    for module, dists in curated(args.curated).items():
        table.setdefault(module, set()).update(dists)
    count = sum(1 for folder in args.wheels for _ in folder.rglob("*.whl"))
    names = [
        "# Import name -> distributions that provide it, where the name is not the distribution's",
        "# own (dist name with '-' as '_'); namespace packages by their dotted leaves.",
        f"# source: RECORD of {count} wheels and bench/{args.curated.name}; generated {today}"
        " by bench/package_tables.py.",
        *(f"{module}\t{','.join(sorted(dists))}" for module, dists in sorted(table.items())),
    ]
    (args.out / "import_names.tsv").write_text("\n".join(names) + "\n", encoding="utf-8")
    print(f"popular_packages.tsv: {len(rows)} names; import_names.tsv: {len(table)} entries")
    return 0


if __name__ == "__main__":
    sys.exit(main())

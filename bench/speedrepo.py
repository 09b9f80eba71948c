"""A generated, realistic Python repository for bench/speed.py: packages, cross-module imports,
classes, a web layer, database and subprocess helpers, and a few real weaknesses.

Deterministic: the same (files, seed) always gives the same bytes, so figures compare.
"""

from __future__ import annotations

import os
import random
import subprocess
from pathlib import Path

GIT_ENV = {
    "GIT_AUTHOR_NAME": "Bench Human",
    "GIT_AUTHOR_EMAIL": "bench@example.com",
    "GIT_COMMITTER_NAME": "Bench Human",
    "GIT_COMMITTER_EMAIL": "bench@example.com",
    "GIT_AUTHOR_DATE": "2024-01-01T00:00:00+00:00",
    "GIT_COMMITTER_DATE": "2024-01-01T00:00:00+00:00",
    "GIT_CONFIG_NOSYSTEM": "1",
}
"""Pinned identities and dates; the user's git config stays out."""

AI_TRAILER = "\n\nCo-authored-by: Claude <noreply@anthropic.com>\n"
"""The change's commits are AI-assisted, as the gate expects to judge them."""

_HEADER = '''"""{doc}"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import sqlite3
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

{imports}

LOG = logging.getLogger(__name__)
DEFAULT_LIMIT = {limit}
TABLE = "{table}"
'''

_CLASS = '''

@dataclass
class {name}:
    """A {noun} record as stored in the {table} table."""

    ident: int
    title: str
    tags: list[str] = field(default_factory=list)
    owner: str = ""

    def label(self) -> str:
        """A short human label."""
        parts = [self.title.strip() or "untitled", f"#{{self.ident}}"]
        if self.owner:
            parts.append(f"({{self.owner}})")
        return " ".join(parts)

    def to_json(self) -> str:
        """Serialise for the API."""
        return json.dumps({{"id": self.ident, "title": self.title, "tags": self.tags}})

    def matches(self, needle: str) -> bool:
        """True when the title or a tag contains ``needle`` (any case)."""
        needle = needle.lower()
        return needle in self.title.lower() or any(needle in t.lower() for t in self.tags)
'''

_FUNCTIONS = (
    '''

def load_{n}(db_path: Path, ident: int) -> dict[str, object] | None:
    """Read one row by id with a parameterised query."""
    with sqlite3.connect(db_path) as conn:
        row = conn.execute(f"SELECT id, title FROM {{TABLE}} WHERE id = ?", (ident,)).fetchone()
    if row is None:
        LOG.info("no row %s in %s", ident, TABLE)
        return None
    return {{"id": row[0], "title": row[1]}}
''',
    '''

def search_{n}(db_path: Path, term: str, limit: int = DEFAULT_LIMIT) -> list[tuple[int, str]]:
    """Search titles; the term is a bound parameter."""
    pattern = f"%{{term.strip()}}%"
    with sqlite3.connect(db_path) as conn:
        cur = conn.execute(
            f"SELECT id, title FROM {{TABLE}} WHERE title LIKE ? LIMIT ?", (pattern, limit)
        )
        return [(int(r[0]), str(r[1])) for r in cur.fetchall()]
''',
    '''

def checksum_{n}(path: Path, chunk: int = 65536) -> str:
    """SHA-256 of a file, read in chunks."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(chunk), b""):
            digest.update(block)
    return digest.hexdigest()
''',
    '''

def archive_{n}(source: Path, target: Path) -> int:
    """Pack a directory with tar (argv list, no shell)."""
    proc = subprocess.run(
        ["tar", "-czf", str(target), "-C", str(source), "."],
        capture_output=True,
        check=False,
        timeout=60,
    )
    if proc.returncode:
        LOG.warning("tar failed: %s", proc.stderr.decode(errors="replace"))
    return proc.returncode
''',
    '''

def summarise_{n}(rows: list[dict[str, object]]) -> dict[str, int]:
    """Count rows per owner, skipping rows without one."""
    counts: dict[str, int] = {{}}
    for row in rows:
        owner = str(row.get("owner") or "")
        if not owner:
            continue
        counts[owner] = counts.get(owner, 0) + 1
    return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))
''',
    '''

def settings_{n}(environ: dict[str, str] | None = None) -> dict[str, str]:
    """Settings from the environment with defaults."""
    env = os.environ if environ is None else environ
    return {{
        "db": env.get("APP_DB", "app.db"),
        "mode": env.get("APP_MODE", "production"),
        "workers": env.get("APP_WORKERS", "4"),
    }}
''',
    '''

def fingerprint_{n}(text: str) -> str:
    """A legacy cache key (not a security use)."""
    return hashlib.md5(text.encode("utf-8")).hexdigest()
''',
    '''

def run_report_{n}(name: str) -> str:
    """Build a report with the reporting tool (a weakness: the name reaches a shell)."""
    out = subprocess.check_output("report-tool --name " + name, shell=True)
    return out.decode("utf-8", errors="replace")
''',
)

_USE_IMPORT = '''

def combined_{n}(db_path: Path, ident: int) -> str:
    """Uses a sibling module."""
    row = {alias}.load_{m}(db_path, ident)
    return json.dumps(row or {{}})
'''


def module_path(index: int) -> str:
    """Repo path of generated module ``index``: app/pkgNN/modNNNN.py."""
    return f"app/pkg{index // 25:02d}/mod{index:04d}.py"


def module_text(index: int, total: int, seed: int, revision: int = 0) -> str:
    """Source of one module; ``revision`` > 0 adds an AI-style edit (used for the change)."""
    rng = random.Random(seed * 100_003 + index)  # noqa: S311 - data, not secrets
    others = [j for j in rng.sample(range(total), k=min(3, total)) if j != index][:2]
    imports = "\n".join(
        f"from app.pkg{j // 25:02d} import mod{j:04d} as sib{k}" for k, j in enumerate(others)
    )
    parts = [
        _HEADER.format(
            doc=f"Module {index}: storage and helpers for {rng.choice(NOUNS)} records.",
            imports=imports,
            limit=rng.choice((20, 50, 100)),
            table=f"t_{index}",
        )
    ]
    for c in range(rng.randint(1, 2)):
        parts.append(_CLASS.format(name=f"Item{index}x{c}", noun=rng.choice(NOUNS), table="t"))
    funcs = rng.randint(6, 10)
    for f in range(funcs):
        template = _FUNCTIONS[rng.randrange(len(_FUNCTIONS) - 1)]  # the shell one: rarely
        if rng.random() < 0.04:
            template = _FUNCTIONS[-1]
        parts.append(template.format(n=f"{f}"))
    for k in range(len(others)):
        parts.append(_USE_IMPORT.format(n=f"via{k}", alias=f"sib{k}", m=0))
    if revision:
        parts.append(change_text(index, revision))
    return "".join(parts)


def change_text(index: int, revision: int) -> str:
    """An AI-written function with real weaknesses (SQL, shell, weak hash)."""
    return f'''

def handle_upload_{revision}(request_args: dict[str, str], base: Path) -> str:
    """An AI-written endpoint helper (revision {revision} of module {index})."""
    name = request_args.get("name", "")
    target = base / name
    query = "SELECT * FROM uploads WHERE name = '" + name + "'"
    with sqlite3.connect(base / "app.db") as conn:
        conn.execute(query)
    subprocess.run("gzip " + str(target), shell=True, check=False)
    return hashlib.sha1(name.encode()).hexdigest()
'''  # noqa: S608 - generated test data, never run


NOUNS = ("invoice", "customer", "order", "ticket", "report", "asset", "session", "upload")


def git(root: Path, *args: str) -> str:
    """Run git in ``root`` with pinned identities; raises on failure."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.update(GIT_ENV, GIT_CONFIG_GLOBAL=os.devnull)
    proc = subprocess.run(
        ("git", *args), cwd=root, env=env, capture_output=True, text=True, check=False
    )
    if proc.returncode:
        raise RuntimeError(f"git {' '.join(args)}: {proc.stderr.strip()}")
    return proc.stdout


def build_repo(root: Path, files: int, seed: int = 1) -> Path:
    """A repository of ``files`` generated modules on branch main, one commit."""
    root.mkdir(parents=True, exist_ok=True)
    git(root, "init", "-q", "-b", "main")
    for index in range(files):
        path = root / module_path(index)
        path.parent.mkdir(parents=True, exist_ok=True)
        init = path.parent / "__init__.py"
        if not init.exists():
            init.write_text('"""Generated package."""\n', encoding="utf-8")
        path.write_text(module_text(index, files, seed), encoding="utf-8")
    (root / "app" / "__init__.py").write_text('"""Generated app."""\n', encoding="utf-8")
    (root / "README.md").write_text("# generated benchmark repository\n", encoding="utf-8")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "initial import")
    return root


def python_files(root: Path) -> list[str]:
    """Tracked .py files of HEAD (not __init__), sorted: the candidates for a change."""
    listed = git(root, "ls-files", "-z", "--", "*.py").split("\0")
    return sorted(p for p in listed if p.endswith(".py") and not p.endswith("__init__.py"))


def make_change(root: Path, branch: str, paths: list[str], revision: int = 1) -> str:
    """Branch ``branch`` from main editing ``paths`` (an AI-written function appended to each);
    returns the head sha. Works on any repository: appends to the file as it is."""
    git(root, "checkout", "-q", "-B", branch, "main")
    for rel in paths:
        target = root / rel
        text = target.read_text(encoding="utf-8", errors="replace")
        target.write_text(text + change_text(0, revision), encoding="utf-8")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", f"feature {branch}{AI_TRAILER}")
    head = git(root, "rev-parse", "HEAD").strip()
    git(root, "checkout", "-q", "main")
    return head


def spread(paths: list[str], count: int, seed: int = 7) -> list[str]:
    """``count`` paths picked deterministically across the repository."""
    if count >= len(paths):
        return list(paths)
    rng = random.Random(seed)  # noqa: S311 - data, not secrets
    return sorted(rng.sample(paths, count))

"""Time range attribution on a generated repo: one git log for the range, one blame per file.

Builds (with git fast-import) a main branch of FILES files and a feature branch of COMMITS
commits, a mix of agent-authored, AI-assisted and human commits that each rewrite a few lines
of one file, then prints the seconds list_range_commits and attribute_lines take. Figures only:
nothing here asserts a time.

    python bench/attribution.py [--commits 500] [--files 40] [--keep DIR]
"""

from __future__ import annotations

import argparse
import random
import re
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from gate.collect.attribution import attribute_lines, list_range_commits  # noqa: E402
from gate.collect.provenance import load_markers  # noqa: E402

STYLES = (
    (("Hannah Human", "hannah@example.com"), ""),
    (("Hannah Human", "hannah@example.com"), "\n\nCo-Authored-By: Claude <noreply@anthropic.com>"),
    (("copilot-swe-agent[bot]", "198982749+Copilot@users.noreply.github.com"), ""),
    (("Hannah Human (aider)", "hannah@example.com"), ""),
    (
        ("Hannah Human", "hannah@example.com"),
        "\n\nCo-authored-by: aider (gpt-4o) <aider@aider.chat>",
    ),
    (("Ivan Human", "ivan@example.com"), "\n\nSigned-off-by: Ivan Human <ivan@example.com>"),
)
LINES_PER_FILE = 200
_HUNK = re.compile(r"^@@ -\S+ \+(\d+)(?:,(\d+))? @@", re.MULTILINE)


def _data(text: str) -> str:
    return f"data {len(text.encode())}\n{text}\n"


def build(root: Path, commits: int, files: int, seed: int = 7) -> None:
    """A repo with main (one commit) and feature (``commits`` commits on top of it)."""
    rng = random.Random(seed)  # noqa: S311 - reproducible test data, not a secret
    subprocess.run(("git", "init", "-q", "-b", "main", str(root)), check=True)
    contents = {
        f"pkg/mod_{i:03d}.py": [f"value_{i}_{n} = {n}\n" for n in range(LINES_PER_FILE)]
        for i in range(files)
    }
    stream = ["commit refs/heads/main\n", "mark :1\n"]
    stream.append("author Hannah Human <hannah@example.com> 1767225600 +0000\n")
    stream.append("committer Hannah Human <hannah@example.com> 1767225600 +0000\n")
    stream.append(_data("Initial import"))
    for path, body in contents.items():
        stream.append(f"M 100644 inline {path}\n" + _data("".join(body)))
    parent = ":1"
    for n in range(commits):
        (name, email), trailer = STYLES[n % len(STYLES)]
        path = rng.choice(sorted(contents))
        body = contents[path]
        start = rng.randrange(0, LINES_PER_FILE - 5)
        for k in range(start, start + rng.randint(1, 5)):
            body[k] = f"changed_{n}_{k} = {n} + {k}\n"
        when = 1767225600 + 60 * (n + 1)
        stream.append(f"commit refs/heads/feature\nmark :{n + 2}\n")
        stream.append(f"author {name} <{email}> {when} +0000\n")
        stream.append(f"committer {name} <{email}> {when} +0000\n")
        stream.append(_data(f"Change {path} ({n}){trailer}"))
        stream.append(f"from {parent}\n")
        stream.append(f"M 100644 inline {path}\n" + _data("".join(body)))
        parent = f":{n + 2}"
    subprocess.run(
        ("git", "fast-import", "--quiet"),
        cwd=root,
        input="".join(stream).encode(),
        check=True,
    )


def added_lines(root: Path, base: str, head: str) -> dict[str, frozenset[int]]:
    """Path -> added line numbers of base..head, from git diff -U0 (as the changeset has them)."""
    out = subprocess.run(
        ("git", "diff", "-U0", "--no-color", "--no-renames", base, head),
        cwd=root,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    files: dict[str, set[int]] = {}
    current: set[int] | None = None
    for line in out.splitlines():
        if line.startswith("+++ b/"):
            current = files.setdefault(line[6:], set())
        elif current is not None and (hunk := _HUNK.match(line)):
            first, count = int(hunk.group(1)), int(hunk.group(2) or 1)
            current.update(range(first, first + count))
    return {path: frozenset(lines) for path, lines in files.items()}


def main(argv: list[str] | None = None) -> int:
    """Build the repo, time both calls, print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--commits", type=int, default=500)
    parser.add_argument("--files", type=int, default=40)
    parser.add_argument("--keep", type=Path, help="build the repo here and keep it")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        root = args.keep or Path(tmp) / "repo"
        started = time.perf_counter()
        build(root, args.commits, args.files)
        print(
            f"built {args.commits} commits over {args.files} files in "
            f"{time.perf_counter() - started:.2f} s"
        )
        markers = load_markers()
        started = time.perf_counter()
        commits = list_range_commits(root, "main", "feature", markers)
        listed = time.perf_counter() - started
        files = added_lines(root, "main", "feature")
        started = time.perf_counter()
        lines = attribute_lines(root, "main", "feature", files, {c.sha: c for c in commits})
        blamed = time.perf_counter() - started
        by_commit = Counter(c.provenance.value for c in commits)
        by_line = Counter(p.value for pairs in lines.values() for _, p in pairs)
        print(f"list_range_commits: {len(commits)} commits in {listed:.3f} s  {dict(by_commit)}")
        print(
            f"attribute_lines:    {len(files)} files, {sum(map(len, files.values()))} added lines"
            f" in {blamed:.3f} s ({blamed / max(len(files), 1) * 1000:.1f} ms a file)"
            f"  {dict(by_line)}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

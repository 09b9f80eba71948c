"""Who wrote each commit of a range and each added line: one git log, one blame per file.

Drives the git CLI directly (argv tuples, no shell, NUL-separated output, a timeout) because
GitPython costs a process per commit. Identities are read raw (`--no-mailmap`): a pull request
can add a .mailmap that maps an agent to a human, so classification never uses mapped names,
and blame is only asked which commit last touched a line, never who its author was.
"""

from __future__ import annotations

import os
import re
import subprocess
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from gate.collect.provenance import CommitMeta, MarkerSet, classify_commit
from gate.errors import GitError
from gate.model import AICommit, Provenance

GIT_TIMEOUT = 300.0
"""Seconds one git call may take before it is killed."""

SHALLOW_FIX = (
    "run actions/checkout with fetch-depth: 0, or git fetch --unshallow / git fetch origin <base>"
)
"""How to get the history back, quoted in every missing-history error."""

# Top-level options for every call: ignore refs/replace (which could swap a commit for another)
# and never let a configured showSignature add gpg output to the log.
_GIT = ("git", "--no-replace-objects", "-c", "log.showSignature=false")
_LOG_FIELDS = 7
_BLAME_HEADER = re.compile(rb"([0-9a-f]{40}|[0-9a-f]{64}) (\d+) (\d+)(?: \d+)?")


def run_git(repo_root: Path, *args: str, timeout: float = GIT_TIMEOUT) -> bytes:
    """Run git in ``repo_root`` and return stdout; GitError with stderr summarised on failure."""
    argv = (*_GIT, *args)
    try:
        proc = subprocess.run(
            argv, cwd=repo_root, capture_output=True, timeout=timeout, check=False
        )
    except FileNotFoundError as exc:
        raise GitError("git is not installed or not on PATH") from exc
    except subprocess.TimeoutExpired as exc:
        raise GitError(f"git {args[0]} timed out after {timeout:g} s in {repo_root}") from exc
    if proc.returncode != 0:
        raise GitError(f"git {args[0]} failed in {repo_root}: {_summarise(proc.stderr)}")
    return proc.stdout


def _summarise(stderr: bytes) -> str:
    lines = [line.strip() for line in stderr.decode("utf-8", "replace").splitlines()]
    lines = [line for line in lines if line]
    if not lines:
        return "no error output"
    text = "; ".join(lines[:3]) + (" ..." if len(lines) > 3 else "")
    return text[:500]


def resolve_commit(repo_root: Path, rev: str, *, what: str = "revision") -> str:
    """The full sha of the commit ``rev`` names (an option-looking rev is only ever data)."""
    if not rev or rev.startswith("-"):
        raise GitError(f"invalid {what} {rev!r}: a revision cannot be empty or start with '-'")
    try:
        out = run_git(
            repo_root, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{rev}^{{commit}}"
        )
    except GitError as exc:
        raise GitError(
            f"unknown {what} {rev!r}: it is not a commit of this clone; {SHALLOW_FIX}"
        ) from exc
    return out.decode("ascii").strip()


def check_history(repo_root: Path, base: str, head: str) -> tuple[str, str]:
    """Raise GitError unless the whole range head ^base and its merge-base are present.

    A shallow clone (actions/checkout's default) lacks them: the error says how to fetch.
    Returns the full shas of base and head.
    """
    base_sha = resolve_commit(repo_root, base, what="base")
    head_sha = resolve_commit(repo_root, head, what="head")
    shallow = run_git(repo_root, "rev-parse", "--is-shallow-repository").strip() == b"true"
    try:
        run_git(repo_root, "merge-base", base_sha, head_sha)
    except GitError as exc:
        if shallow:
            raise GitError(
                f"shallow clone: {base!r} and {head!r} have no common history here; {SHALLOW_FIX}"
            ) from exc
        raise GitError(f"{base!r} and {head!r} have no common history") from exc
    if not shallow:
        return base_sha, head_sha
    git_path = run_git(repo_root, "rev-parse", "--git-path", "shallow")
    shallow_file = repo_root / git_path.decode("utf-8", "surrogateescape").strip()
    try:
        cut = set(shallow_file.read_text("ascii").split())
    except OSError:
        cut = set()
    in_range = set(run_git(repo_root, "rev-list", head_sha, f"^{base_sha}", "--").decode().split())
    if cut & in_range:
        raise GitError(
            f"shallow clone: the history between {base!r} and {head!r} is cut short; {SHALLOW_FIX}"
        )
    return base_sha, head_sha


def list_range_commits(
    repo_root: Path, base: str, head: str, markers: MarkerSet
) -> tuple[AICommit, ...]:
    """The non-merge commits reachable from head and not from base, oldest first, classified.

    Commits merged in from the target branch are reachable from base and so left out. Checks
    the history first (check_history).
    """
    base_sha, head_sha = check_history(repo_root, base, head)
    metas = read_commits(repo_root, base_sha, head_sha)
    return tuple(classify_commit(meta, markers) for meta in metas)


def read_commits(repo_root: Path, base_sha: str, head_sha: str) -> tuple[CommitMeta, ...]:
    """Raw metadata of the non-merge commits of head ^base, oldest first, in one git log."""
    out = run_git(
        repo_root,
        "log",
        "-z",
        "--no-merges",
        "--no-mailmap",
        "--topo-order",
        "--reverse",
        "--encoding=UTF-8",
        "--format=%H%x00%P%x00%an%x00%ae%x00%cn%x00%ce%x00%B",
        head_sha,
        f"^{base_sha}",
        "--",
    )
    fields = out.decode("utf-8", "replace").split("\0")
    if fields and fields[-1] in ("", "\n"):
        fields.pop()
    if len(fields) % _LOG_FIELDS:
        raise GitError(f"git log printed {len(fields)} fields, not a multiple of {_LOG_FIELDS}")
    metas = []
    for i in range(0, len(fields), _LOG_FIELDS):
        sha, parents, an, ae, cn, ce, message = fields[i : i + _LOG_FIELDS]
        metas.append(
            CommitMeta(
                sha=sha.strip(),
                author_name=an,
                author_email=ae,
                committer_name=cn,
                committer_email=ce,
                message=message,
                parents=len(parents.split()),
            )
        )
    return tuple(metas)


def blame_shas(repo_root: Path, base_sha: str, head_sha: str, path: str) -> dict[int, str | None]:
    """Line number at head -> the sha of the commit that last touched it in base..head.

    None for a line blamed on a boundary commit (it predates the range). The repo's
    blame.ignoreRevsFile is switched off: a pull request could list its own AI commits there.
    """
    out = run_git(
        repo_root,
        "blame",
        "--porcelain",
        "--ignore-revs-file=",
        f"{base_sha}..{head_sha}",
        "--",
        path,
    )
    lines: dict[int, str | None] = {}
    boundary: set[bytes] = set()
    current: bytes | None = None
    for raw in out.split(b"\n"):
        if raw.startswith(b"\t"):
            continue
        header = _BLAME_HEADER.fullmatch(raw)
        if header:
            current = header.group(1)
            lines[int(header.group(3))] = current.decode("ascii")
        elif raw == b"boundary" and current is not None:
            boundary.add(current)
    bounded = {sha.decode("ascii") for sha in boundary}
    return {line: (None if sha in bounded else sha) for line, sha in lines.items()}


def attribute_lines(
    repo_root: Path,
    base: str,
    head: str,
    files: Mapping[str, frozenset[int]],
    commits: Mapping[str, AICommit],
) -> dict[str, tuple[tuple[int, Provenance], ...]]:
    """For each path (at head) and its added lines, the provenance of the commit that last
    touched each line, from one `git blame base..head` per file.

    A line blamed on a commit outside ``commits`` (a boundary commit from before the range, a
    merge commit's own resolution, a commit of the target branch) is UNKNOWN, and so is a
    line number the blame does not have. A line an AI wrote and a human edited later is
    HUMAN: blame gives the last commit that touched it.
    """
    base_sha = resolve_commit(repo_root, base, what="base")
    head_sha = resolve_commit(repo_root, head, what="head")
    paths = sorted(path for path in files if files[path])
    # Blames are separate processes: run a few at once (results are keyed, so still ordered).
    workers = max(1, min(8, os.cpu_count() or 1, len(paths)))

    def blame(path: str) -> dict[int, str | None]:
        return blame_shas(repo_root, base_sha, head_sha, path)

    with ThreadPoolExecutor(max_workers=workers) as pool:
        blames = dict(zip(paths, pool.map(blame, paths), strict=True))
    result: dict[str, tuple[tuple[int, Provenance], ...]] = {}
    for path in sorted(files):
        shas = blames.get(path, {})
        pairs = []
        for line in sorted(files[path]):
            sha = shas.get(line)
            commit = commits.get(sha) if sha else None
            pairs.append((line, commit.provenance if commit else Provenance.UNKNOWN))
        result[path] = tuple(pairs)
    return result

"""The result cache: per analyzer, per file, so a re-run costs only the files that changed.

Entries live under ``<dir>/v<FORMAT>/<analyzer>/<key[:2]>/<key>.json``; the key (gate/cachekey.py)
covers aigate's code, the tool's installation, settings, rules and the file (plus what it
imports, for pylint). Writes are atomic (temp file + ``os.replace``), every entry carries a
checksum, and anything unreadable, corrupt or of another shape is a miss: the cache can make a
scan faster, never change its result. FAILED or TIMED_OUT runs are never stored. The directory
is bounded: past ``max_bytes`` the least recently used entries go.
"""

from __future__ import annotations

import enum
import json
import os
import tempfile
import threading
import time
import types
import typing
from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields, is_dataclass, replace
from pathlib import Path
from typing import Any, TypeVar

from gate.analyzers.base import Analyzer, AnalyzerContext
from gate.cachekey import FORMAT, SCOPES, Workspace, context_key, digest, file_key
from gate.model import AnalyzerRun, CacheSettings, RawFinding, RunStatus

T = TypeVar("T")

DEFAULT_MAX_BYTES = 512 * 1024 * 1024
"""Default bound on the cache directory's size."""


def default_directory(environ: Mapping[str, str] | None = None) -> Path:
    """``$XDG_CACHE_HOME/aigate``, else ``~/.cache/aigate``."""
    env = os.environ if environ is None else environ
    base = env.get("XDG_CACHE_HOME") or ""
    root = Path(base) if os.path.isabs(base) else Path.home() / ".cache"
    return root / "aigate"


def open_cache(
    settings: CacheSettings, directory: str | None, disabled: bool, root: Path
) -> ResultCache | None:
    """The cache a scan uses: None with ``disabled`` (--no-cache) or when config turns it off
    (an explicit ``directory``, i.e. --cache-dir, turns it back on); relative config dirs are
    relative to the repository ``root``."""
    if disabled or (not settings.enabled and directory is None):
        return None
    if directory:
        where = Path(directory)
    elif settings.directory:
        where = root / Path(settings.directory).expanduser()
    else:
        where = default_directory()
    return ResultCache(where, settings.max_mb * 1024 * 1024)


@dataclass(frozen=True)
class Entry:
    """One file's cached result."""

    version: str | None
    """The tool version that produced it."""
    findings: tuple[RawFinding, ...]
    """What the analyzer reported in the file (may be empty)."""


class ResultCache:
    """A directory of entries; every method swallows OS trouble (a miss, or a skipped write)."""

    def __init__(self, directory: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> None:
        self.directory = directory
        """The cache's directory as configured (--cache-dir, config or the default)."""
        self.root = directory / f"v{FORMAT}"
        self.max_bytes = max_bytes
        self._lock = threading.Lock()
        self.hits: dict[str, int] = {}
        """Analyzer -> files whose results came from the cache in this process."""
        self.misses: dict[str, int] = {}
        """Analyzer -> files the analyzer had to scan (not stored, corrupt, or uncachable)."""

    def count(self, analyzer: str, hits: int, misses: int) -> None:
        """Add to the hit and miss counters (thread-safe)."""
        with self._lock:
            self.hits[analyzer] = self.hits.get(analyzer, 0) + hits
            self.misses[analyzer] = self.misses.get(analyzer, 0) + misses

    def _path(self, analyzer: str, key: str) -> Path:
        return self.root / analyzer / key[:2] / f"{key}.json"

    def get(self, analyzer: str, key: str) -> Entry | None:
        """The entry, or None for a miss (absent, unreadable, corrupt, another shape)."""
        return self.load(analyzer, key, _entry)

    def put(self, analyzer: str, key: str, entry: Entry) -> None:
        """Store atomically; a failure to write is ignored (the next run misses)."""
        findings = [_encode(f) for f in entry.findings]
        self.store(analyzer, key, {"version": entry.version, "findings": findings})

    def load(self, kind: str, key: str, decode: Callable[[dict[str, Any]], T]) -> T | None:
        """The stored body of ``key`` under ``kind`` as ``decode`` rebuilds it, or None for a
        miss: absent, unreadable, corrupt, or of a shape ``decode`` rejects (raises)."""
        path = self._path(kind, key)
        try:
            doc = json.loads(path.read_bytes())
            body = doc["body"]
            if doc["sha256"] != digest(json.dumps(body, sort_keys=True)) or body["key"] != key:
                raise ValueError("checksum or key mismatch")
            value = decode(body)
        except FileNotFoundError:
            return None
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            _unlink(str(path))  # corrupt or of another shape: a miss, and gone
            return None
        try:
            os.utime(path)  # recently used: eviction keeps it
        except OSError:
            pass
        return value

    def store(self, kind: str, key: str, fields: dict[str, Any]) -> None:
        """Store ``fields`` (JSON values) as the body of ``key`` under ``kind``, atomically,
        with a checksum; a failure to write is ignored (the next run misses)."""
        body = {"key": key, **fields}
        doc = {"body": body, "sha256": digest(json.dumps(body, sort_keys=True))}
        path = self._path(kind, key)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=".", suffix=".tmp", dir=path.parent)
            try:
                with os.fdopen(fd, "w", encoding="utf-8") as handle:
                    json.dump(doc, handle, sort_keys=True)
                os.replace(tmp, path)
            except OSError:
                Path(tmp).unlink(missing_ok=True)
        except OSError:
            pass

    def evict(self) -> int:
        """Remove least recently used entries until the cache is within 80 % of its bound;
        returns how many were removed."""
        entries: list[tuple[float, int, str]] = []
        total = 0
        for dirpath, _dirs, files in os.walk(self.root):
            for name in files:
                full = os.path.join(dirpath, name)
                try:
                    st = os.stat(full)
                except OSError:
                    continue
                if name.endswith(".tmp") and st.st_mtime < time.time() - 3600:
                    _unlink(full)  # left by a killed writer
                    continue
                entries.append((st.st_mtime, st.st_size, full))
                total += st.st_size
        if total <= self.max_bytes:
            return 0
        removed = 0
        for _mtime, size, full in sorted(entries):
            if total <= self.max_bytes * 0.8:
                break
            _unlink(full)
            total -= size
            removed += 1
        return removed


def _entry(body: dict[str, Any]) -> Entry:
    return Entry(
        version=body["version"] if isinstance(body["version"], str) else None,
        findings=tuple(_decode(RawFinding, item) for item in body["findings"]),
    )


def _unlink(path: str) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass


def cached_run(
    analyzer: Analyzer,
    ctx: AnalyzerContext,
    cache: ResultCache,
    workspace: Workspace | None = None,
) -> AnalyzerRun:
    """Run ``analyzer`` on the targets whose results are not cached, store what it found per
    file, and return one run over all targets, findings grouped by target in target order
    (the same whether a file hit or missed). ``workspace``: ``ctx.workspace`` as read for
    the keys, shared by the analyzers of one scan (each file read and parsed once)."""
    start = time.monotonic()
    name = analyzer.name
    scope = SCOPES.get(name)
    executable = getattr(analyzer, "executable", None)
    context = context_key(name, executable, ctx) if scope and executable else None
    if scope is None or context is None:
        return analyzer.run(ctx)
    if workspace is None or workspace.root != ctx.workspace:
        workspace = Workspace(ctx.workspace, cache)
    keys = {t: file_key(context, scope, t, workspace, ctx.focus.get(t, ())) for t in ctx.targets}
    hits = {t: cache.get(name, k) for t, k in keys.items() if k is not None}
    missed = tuple(t for t in ctx.targets if hits.get(t) is None)
    cache.count(name, len(ctx.targets) - len(missed), len(missed))
    found: dict[str, tuple[RawFinding, ...]] = {t: e.findings for t, e in hits.items() if e}
    version = next((e.version for e in hits.values() if e), None)
    fresh: AnalyzerRun | None = None
    if missed:
        fresh = analyzer.run(replace(ctx, targets=missed))
        if fresh.status is not RunStatus.OK:
            return replace(fresh, duration=time.monotonic() - start)
        version = fresh.version
        by_path: dict[str, list[RawFinding]] = {t: [] for t in missed}
        strays = [f for f in fresh.findings if f.location.path not in by_path]
        for finding in fresh.findings:
            by_path.setdefault(finding.location.path, []).append(finding)
        for target in missed:
            found[target] = tuple(by_path[target])
            key = keys[target]
            if key is not None and not strays and not fresh.errors:
                cache.put(name, key, Entry(fresh.version, found[target]))
        found.update((path, tuple(items)) for path, items in by_path.items() if path not in found)
        cache.evict()
    ordered = [*ctx.targets, *sorted(p for p in found if p not in ctx.targets)]
    findings = tuple(f for path in ordered for f in found.get(path, ()))
    base = fresh or AnalyzerRun(analyzer=name, status=RunStatus.OK)
    spent = dict(fresh.file_seconds) if fresh else {}
    return replace(
        base,
        version=version,
        findings=findings,
        duration=time.monotonic() - start,
        cached=len(ctx.targets) - len(missed),
        file_seconds=tuple((t, spent.get(t, 0.0)) for t in ctx.targets),  # a hit cost nothing
    )


def _encode(value: Any) -> Any:
    if is_dataclass(value) and not isinstance(value, type):
        return {f.name: _encode(getattr(value, f.name)) for f in fields(value)}
    if isinstance(value, (tuple, list, frozenset)):
        items = sorted(value) if isinstance(value, frozenset) else value
        return [_encode(v) for v in items]
    if isinstance(value, enum.Enum):
        return value.value
    return value


def _decode(kind: Any, data: Any) -> Any:
    """Rebuild a value of the annotated type ``kind`` from JSON data; wrong shapes raise."""
    origin = typing.get_origin(kind)
    if is_dataclass(kind) and isinstance(kind, type):
        hints = typing.get_type_hints(kind)
        if not isinstance(data, dict) or set(data) != {f.name for f in fields(kind)}:
            raise ValueError(f"not a {kind.__name__}")
        return kind(**{k: _decode(hints[k], v) for k, v in data.items()})
    if origin in (typing.Union, types.UnionType):
        args = typing.get_args(kind)
        if data is None and type(None) in args:
            return None
        (inner,) = [a for a in args if a is not type(None)]
        return _decode(inner, data)
    if origin in (tuple, frozenset):
        args = typing.get_args(kind)
        if not isinstance(data, list):
            raise ValueError("not a list")
        if origin is tuple and (len(args) != 2 or args[1] is not Ellipsis):
            if len(args) != len(data):
                raise ValueError("wrong tuple length")
            return tuple(_decode(a, v) for a, v in zip(args, data, strict=True))
        return origin(_decode(args[0], v) for v in data)
    if isinstance(kind, type) and issubclass(kind, str) and kind is not str:
        return kind(data)  # a str enum: a bad value raises ValueError
    if kind is float and isinstance(data, (int, float)) and not isinstance(data, bool):
        return float(data)
    if kind in (str, int, bool) and type(data) is kind:
        return data
    raise ValueError(f"unexpected {type(data).__name__} for {kind!r}")

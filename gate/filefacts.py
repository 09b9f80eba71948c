"""What aigate reads from the syntax of each changed file, built once per scan and, where an
analyzer's findings already name the file, while the other analyzers still run.

Finding normalisation needs a file's statement shape (gate/scope.py) and calibration its calls
and scopes (gate/escape.py). Both are pure-Python walks of the file's syntax tree, and both
used to start only after the slowest analyzer had finished, though a finished analyzer's
findings already say which files they are needed for. ``warm`` queues that work on one
background thread; ``shape`` and ``calls`` take the result, or build it on the spot when nothing
queued it. The result is the same either way (the builders are pure functions of the file's
content), only the wall time differs. The code is parsed, never run.
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from threading import Lock
from typing import Any, TypeVar
from weakref import WeakValueDictionary

from gate.astwalk import parse_quietly
from gate.calibration import ESCAPE_RULES, UNKNOWN_ORIGIN_RULES
from gate.escape import SourceCalls
from gate.model import AnalyzerRun, ChangeSet
from gate.scope import Shape, shape_of_tree

_T = TypeVar("_T")

_JUDGED_CWES = frozenset({78, 601})
"""CWEs of our data-flow rules whose findings calibration checks for constant data."""


class FileFacts:
    """Per-file syntax facts of one scan's changed files, each built at most once."""

    def __init__(self, changeset: ChangeSet, project: frozenset[str] = frozenset()) -> None:
        self._files = {f.path: f for f in changeset.files}
        self._project = project
        self._lock = Lock()
        self._built: dict[tuple[str, str], Future[Any]] = {}
        self._pool: ThreadPoolExecutor | None = None
        self._closed = False
        self._warmed: set[tuple[str, str]] = set()
        self._trees: WeakValueDictionary[str, ast.Module] = WeakValueDictionary()

    def shape(self, path: str) -> Shape | None:
        """Statement and function spans of a changed Python file; None when it is not one or
        does not parse."""
        return self._get("shape", path, self._shape)

    def calls(self, path: str) -> SourceCalls:
        """The calls and scopes of a file, for calibration (an empty one for an unknown path)."""
        return self._get("calls", path, self._calls)

    def warm(self, run: AnalyzerRun, origins: Mapping[str, str] = {}) -> None:
        """Queue the facts a finished run's findings will need (called from the analyzer's
        worker thread). ``origins`` maps workspace paths back to repo paths."""
        for raw in run.findings:
            path = origins.get(raw.location.path, raw.location.path)
            if path not in self._files:
                continue
            rule = f"{raw.analyzer}/{raw.rule_id}"  # as gate.findings.namespaced
            judged = rule in ESCAPE_RULES or rule in UNKNOWN_ORIGIN_RULES
            if judged or (raw.analyzer == "semgrep" and _JUDGED_CWES & set(raw.cwe)):
                self._queue("calls", path, self._calls)  # first: the shape shares its parse
            self._queue("shape", path, self._shape)

    @property
    def queued(self) -> frozenset[tuple[str, str]]:
        """(kind, path) of what ``warm`` has queued: "shape" or "calls" of a repo path."""
        with self._lock:
            return frozenset(self._warmed)

    def submit(self, work: Callable[..., _T], *args: Any) -> Future[_T]:
        """Run other scan work of aigate's own on the background thread."""
        return self._executor().submit(work, *args)

    def close(self, wait: bool = True) -> None:
        """Stop the background thread, dropping what it has not started (a later ``shape`` or
        ``calls`` builds that on the spot); ``wait`` for the work it is doing."""
        with self._lock:
            pool, self._pool, self._closed = self._pool, None, True
        if pool is not None:
            pool.shutdown(wait=wait, cancel_futures=True)

    def __enter__(self) -> FileFacts:
        return self

    def __exit__(self, kind: object, value: object, traceback: object) -> None:
        self.close(wait=kind is None)

    def _executor(self) -> ThreadPoolExecutor:
        with self._lock:
            if self._closed:
                raise RuntimeError("FileFacts used after close()")
            return self._pool_locked()

    def _pool_locked(self) -> ThreadPoolExecutor:
        if self._pool is None:
            self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="aigate-facts")
        return self._pool

    def _queue(self, kind: str, path: str, build: Callable[[str], object]) -> None:
        key = (kind, path)
        with self._lock:
            if self._closed or key in self._built:
                return  # closed: the scan has its findings, what is asked for is built on the spot
            self._built[key] = self._pool_locked().submit(build, path)
            self._warmed.add(key)

    def _get(self, kind: str, path: str, build: Callable[[str], _T]) -> _T:
        key = (kind, path)
        with self._lock:
            future = self._built.get(key)
            if future is None or future.cancelled():
                future = Future()
                self._built[key] = future
                mine = True
            else:
                mine = False
        if mine:
            try:
                future.set_result(build(path))
            except BaseException as exc:
                future.set_exception(exc)
        return future.result()

    def _shape(self, path: str) -> Shape | None:
        changed = self._files.get(path)
        python = changed.python if changed else None
        if python is None:
            return None
        tree = self._tree(python.decode("utf-8", "replace"))
        return None if tree is None else shape_of_tree(tree)

    def _calls(self, path: str) -> SourceCalls:
        changed = self._files.get(path)
        # what the analyzers read: a notebook's code cells, a decoded coding cookie
        source = ((changed.python or changed.content) if changed else b"").decode(
            "utf-8", "replace"
        )
        tree = self._tree(source)  # None: SourceCalls parses it and says why it cannot
        calls = SourceCalls(source, path, self._project, tree)
        calls.prime()
        return calls

    def _tree(self, text: str) -> ast.Module | None:
        """A file's shape and calls share its parse while its calls are kept (the analyzers'
        view is UTF-8 without a BOM, so text and bytes parse alike); a tree nothing keeps is
        freed: an audit's files are not all held at once."""
        with self._lock:
            tree = self._trees.get(text)
        if tree is None:
            tree = parse_quietly(text)
            if tree is not None:
                with self._lock:
                    self._trees[text] = tree
        return tree

"""The analyzer interface, its context, and the one safe way to run an external tool."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from abc import ABC, abstractmethod
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from gate.analyzers.cause import failure_hint, last_line
from gate.analyzers.summaries import Summary
from gate.analyzers.timing import file_seconds, target_sizes
from gate.errors import GateError
from gate.model import AnalyzerRun, AnalyzerSettings, RunStatus

if TYPE_CHECKING:
    from gate.cache import ResultCache

_MESSAGE_LIMIT = 300
"""Longest one-line error message we keep (tool output can be huge)."""
_VERSION_TIMEOUT = 30.0
"""Seconds allowed for ``<tool> --version``."""


class ChildProcesses:
    """The tool processes of one scan, so that an interrupt can kill every process group.

    Tools run in their own sessions (a timeout kills the whole group), so a Ctrl-C at the
    terminal never reaches them: whoever catches the interrupt calls ``kill_all``.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._live: set[subprocess.Popen[bytes]] = set()
        self._closed = False

    def add(self, proc: subprocess.Popen[bytes]) -> None:
        """Track ``proc``; after ``kill_all`` a late starter is killed at once."""
        with self._lock:
            if self._closed:
                _kill_group(proc)
            else:
                self._live.add(proc)

    def discard(self, proc: subprocess.Popen[bytes]) -> None:
        """Stop tracking a process that ended."""
        with self._lock:
            self._live.discard(proc)

    @property
    def killed(self) -> bool:
        """True once ``kill_all`` was called: what the tools report now is not a result."""
        return self._closed

    def kill_all(self) -> None:
        """Kill every live process group, and any started from now on."""
        with self._lock:
            self._closed = True
            for proc in self._live:
                _kill_group(proc)


@dataclass(frozen=True)
class AnalyzerContext:
    """Everything an analyzer needs for one scan."""

    workspace: Path
    """A temp dir holding the scanned files at their repo-relative paths."""
    targets: tuple[str, ...]
    """Repo-relative posix paths of the Python files to scan, all present in ``workspace``."""
    scratch: Path
    """A private empty temp dir the analyzer may use for HOME, generated configs and caches."""
    settings: AnalyzerSettings
    """Whether the analyzer is enabled and its timeout."""
    extra_rules: tuple[Path, ...] = ()
    """Semgrep only: extra rule YAML files (or folders of them) from the base-revision config."""
    children: ChildProcesses | None = None
    """Where tool processes are registered so that an interrupt can kill them (None: nowhere)."""
    analysis_site: Path | None = None
    """Where the project's dependencies are installed (the analysis environment), or None."""
    cache_dir: Path | None = None
    """A persistent cache directory the tool may reuse across scans, or None."""
    summaries: tuple[Summary, ...] = ()
    """Semgrep only: what the project's functions do with tainted data (set by ``prepare``)."""
    results: ResultCache | None = None
    """The scan's result cache, for work done before the per-file results (semgrep's pass 1)."""
    focus: Mapping[str, tuple[tuple[int, int], ...]] = field(default_factory=dict)
    """Semgrep only: target -> line ranges its second pass may leave out (gate/slicing.py)."""


@dataclass(frozen=True)
class ToolResult:
    """What one tool invocation did."""

    argv: tuple[str, ...]
    """The command that ran."""
    returncode: int
    """Exit status (negative for a signal; -9 after a timeout kill)."""
    stdout: str
    """Standard output, decoded as UTF-8 with replacement."""
    stderr: str
    """Standard error, decoded as UTF-8 with replacement."""
    timed_out: bool
    """True when the process group was killed at the timeout."""
    duration: float
    """Wall-clock seconds."""


class ToolFailure(Exception):
    """Raised inside an analyzer to end its run as FAILED or TIMED_OUT; never escapes ``run``."""

    def __init__(
        self,
        *errors: str,
        status: RunStatus = RunStatus.FAILED,
        version: str | None = None,
        executable: str | None = None,
    ) -> None:
        errors = errors or ("analyzer failed without saying why",)
        super().__init__("; ".join(errors))
        self.errors = tuple(one_line(e) for e in errors)
        self.status = status
        self.version = version
        self.executable = executable  # set when the tool itself misbehaved: named with a hint


class Analyzer(ABC):
    """One external tool: runs it over the workspace and turns its output into a run value."""

    name: ClassVar[str]
    """Registry name, also the ``analyzer`` of every finding."""

    def run(self, ctx: AnalyzerContext) -> AnalyzerRun:
        """Scan ``ctx.targets``; tool trouble becomes a FAILED or TIMED_OUT run, never raises."""
        start = time.monotonic()
        try:
            result = self.scan(ctx)
        except GateError:
            raise  # a broken installation (RuleError): the user must fix it, not a verdict
        except Exception as exc:  # noqa: BLE001 - fail closed on anything unforeseen
            result = self.failed(exc)
        duration = time.monotonic() - start
        sizes = target_sizes(ctx.workspace, ctx.targets)
        spent = file_seconds(sizes, duration, dict(result.file_seconds))
        return replace(result, duration=duration, file_seconds=spent)

    def failed(self, exc: Exception) -> AnalyzerRun:
        """The run that ``exc`` (raised by ``scan`` or ``prepare``) ends as: FAILED or
        TIMED_OUT for a ``ToolFailure``, FAILED naming anything unforeseen."""
        if isinstance(exc, ToolFailure):
            errors = exc.errors
            if exc.executable is not None:
                errors += (
                    one_line(
                        f"{self.name}: ran {exc.executable} "
                        f"({exc.version or 'version unknown'}); "
                        f"hint: {failure_hint(' '.join(errors))}"
                    ),
                )
            return AnalyzerRun(
                analyzer=self.name, status=exc.status, version=exc.version, errors=errors
            )
        return AnalyzerRun(
            analyzer=self.name,
            status=RunStatus.FAILED,
            errors=(one_line(f"{self.name}: internal error: {type(exc).__name__}: {exc}"),),
        )

    def prepare(self, ctx: AnalyzerContext) -> AnalyzerContext:
        """Work whose result the cache key must cover, done before the key is computed
        (semgrep: the project's function summaries); raise ``ToolFailure`` for tool trouble."""
        return ctx

    @abstractmethod
    def scan(self, ctx: AnalyzerContext) -> AnalyzerRun:
        """Do the work; raise ``ToolFailure`` for any tool trouble."""


def run_tool(
    argv: tuple[str, ...],
    *,
    cwd: Path,
    timeout: float,
    env: Mapping[str, str],
    children: ChildProcesses | None = None,
) -> ToolResult:
    """Run ``argv`` (no shell) in its own session; kill the whole process group at ``timeout``.

    Raises ``OSError`` when the program cannot be started at all.
    """
    start = time.monotonic()
    proc = subprocess.Popen(  # noqa: S603 - argv tuple, never a shell
        argv,
        cwd=cwd,
        env=dict(env),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    if children is not None:
        children.add(proc)
    timed_out = False
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        timed_out = True
        _kill_group(proc)
        try:
            out, err = proc.communicate(timeout=5)
        except subprocess.TimeoutExpired:
            # A descendant left the group and holds the pipes open: give up on its output.
            proc.kill()
            out, err = b"", b""
    finally:
        if proc.poll() is None:  # interrupted (e.g. KeyboardInterrupt): leave nothing behind
            _kill_group(proc)
            proc.wait()
        if children is not None:
            children.discard(proc)
    return ToolResult(
        argv=argv,
        returncode=proc.returncode,
        stdout=out.decode("utf-8", errors="replace"),
        stderr=err.decode("utf-8", errors="replace"),
        timed_out=timed_out,
        duration=time.monotonic() - start,
    )


def _kill_group(proc: subprocess.Popen[bytes]) -> None:
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        proc.kill()


def find_executable(name: str) -> str | None:
    """Find ``name`` on PATH, then beside ``sys.executable`` (a venv that is not activated)."""
    on_path = shutil.which(name, path=os.environ.get("PATH", os.defpath))
    if on_path is not None:
        return on_path
    return shutil.which(name, path=str(Path(sys.executable).parent))


def tool_env(scratch: Path) -> dict[str, str]:
    """A minimal, controlled environment: nothing from the user's env steers the tools but PATH."""
    scratch = scratch.resolve()
    home = scratch / "home"
    tmp = scratch / "tmp"
    for directory in (home, tmp):
        directory.mkdir(parents=True, exist_ok=True)
    env = {
        "PATH": os.environ.get("PATH", os.defpath),
        "HOME": str(home),
        "TMPDIR": str(tmp),
        "XDG_CONFIG_HOME": str(home / ".config"),
        "XDG_CACHE_HOME": str(scratch / "cache"),
        "LANG": "C.UTF-8",
        "LC_ALL": "C.UTF-8",
        "PYTHONDONTWRITEBYTECODE": "1",
        "PYTHONIOENCODING": "utf-8",
        "PYLINTHOME": str(scratch / "pylint"),
        "SEMGREP_ENABLE_VERSION_CHECK": "0",
        "SEMGREP_SEND_METRICS": "off",
    }
    if os.name == "nt" and "SYSTEMROOT" in os.environ:  # Python cannot start without it
        env["SYSTEMROOT"] = os.environ["SYSTEMROOT"]
    return env


def dot_slash(targets: tuple[str, ...]) -> tuple[str, ...]:
    """``./``-prefix repo-relative paths so that none can be read as an option."""
    return tuple(f"./{t}" for t in targets)


def strip_dot_slash(path: str) -> str:
    """Undo any number of leading ``./`` (bandit reports ``././a.py`` for ``./a.py``)."""
    while path.startswith("./"):
        path = path[2:]
    return path


def one_line(text: str) -> str:
    """Collapse whitespace and cut to a readable length."""
    flat = " ".join(text.split())
    return flat if len(flat) <= _MESSAGE_LIMIT else flat[: _MESSAGE_LIMIT - 3] + "..."


def require_executable(analyzer: str, executable: str) -> str:
    """The path of ``executable``, or a FAILED run saying how to install it."""
    path = find_executable(executable)
    if path is None:
        raise ToolFailure(
            f"{analyzer}: executable {executable!r} not found on PATH or beside "
            f"{sys.executable}; install aigate with its dependencies (pip install aigate-scan)"
        )
    return path


def invoke(
    tool: str, argv: tuple[str, ...], ctx: AnalyzerContext, *, version: str | None = None
) -> ToolResult:
    """Run a tool for an analyzer: cwd is the workspace, env is ``tool_env``; trouble raises."""
    try:
        result = run_tool(
            argv,
            cwd=ctx.workspace,
            timeout=ctx.settings.timeout,
            env=tool_env(ctx.scratch),
            children=ctx.children,
        )
    except OSError as exc:
        raise ToolFailure(f"{tool}: could not start {argv[0]}: {exc}", version=version) from exc
    if result.timed_out:
        raise ToolFailure(
            f"{tool}: timed out after {ctx.settings.timeout:g} s (process group killed); "
            f"raise analyzers.{tool}.timeout or scan fewer files",
            status=RunStatus.TIMED_OUT,
            version=version,
        )
    return result


def tool_version(executable: str, ctx: AnalyzerContext) -> str | None:
    """First line of ``<tool> --version``, or None when it cannot be read."""
    try:
        result = run_tool(
            (executable, "--version"),
            cwd=ctx.workspace,
            timeout=min(_VERSION_TIMEOUT, ctx.settings.timeout),
            env=tool_env(ctx.scratch),
            children=ctx.children,
        )
    except OSError:
        return None
    if result.timed_out or result.returncode != 0 or not result.stdout.strip():
        return None
    return result.stdout


def parse_json_object(
    tool: str, text: str, version: str | None = None, result: ToolResult | None = None
) -> dict[str, Any]:
    """Parse a tool's JSON report, which must be an object; anything else is a FAILED run.

    With ``result`` (the call that printed ``text``), the failure quotes its stderr's cause and
    names the executable.
    """
    exe = result.argv[0] if result is not None else None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        head = one_line(text)[:80] or "empty output"
        said = f"; stderr: {last_line(result.stderr)}" if result is not None else ""
        raise ToolFailure(
            f"{tool}: output is not JSON ({exc.msg} at char {exc.pos}): {head!r}{said}",
            version=version,
            executable=exe,
        ) from exc
    if not isinstance(data, dict):
        raise ToolFailure(
            f"{tool}: JSON output is a {type(data).__name__}, not an object",
            version=version,
            executable=exe,
        )
    return data

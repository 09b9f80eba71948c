"""Every way a tool can let us down ends as a FAILED or TIMED_OUT run: fake tools on PATH."""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

import pytest
from analyzer_support import make_context
from conftest import FakeTool

from gate.analyzers import ANALYZERS
from gate.analyzers.bandit import BanditAnalyzer
from gate.analyzers.base import Analyzer, find_executable, run_tool, tool_env
from gate.analyzers.pylint import PylintAnalyzer
from gate.analyzers.semgrep import SemgrepAnalyzer
from gate.model import AnalyzerSettings, RunStatus

NAMES = tuple(ANALYZERS)
_STEERING = ("PYTHONPATH", "PYLINTRC", "BANDIT_CONFIG", "SEMGREP_RULES", "SEMGREP_APP_TOKEN")
"""Environment variables that would steer a tool if they reached it."""
EVAL = "def f(x):\n    return eval(x)\n"

VALID = {
    "bandit": '{"errors": [], "metrics": {"././a.py": {}, "_totals": {}}, "results": []}',
    "semgrep": '{"version": "0.0-fake", "results": [], "errors": [],'
    ' "paths": {"scanned": ["a.py"]}, "skipped_rules": []}',
    "pylint": '{"messages": [], "statistics": {}}',
    "mypy": "",
}
"""A clean report for a workspace holding only a.py."""


def analyzer(name: str, base: Path) -> Analyzer:
    """The analyzer ``name``; semgrep with a stand-in rule so edits to rules/ do not matter."""
    if name != "semgrep":
        return ANALYZERS[name]()
    rules = base / "standin-rules"
    rules.mkdir(exist_ok=True)
    (rules / "r.yaml").write_text(
        "rules:\n  - {id: s-x, languages: [python], severity: INFO, message: m, pattern: f()}\n"
    )
    return SemgrepAnalyzer(rules_dir=rules)


def diagnosed(errors: tuple[str, ...], name: str) -> tuple[str, ...]:
    """``errors`` without their last line, which must name the fake tool and give a hint."""
    ran = "semgrep-core" if name == "semgrep" else name  # semgrep's engine is what runs
    assert errors[-1].startswith(f"{name}: ran ") and f"fakebin/{ran} (" in errors[-1], errors
    assert "; hint: " in errors[-1]
    return errors[:-1]


def _is_dead(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    stat = Path(f"/proc/{pid}/stat")  # a zombie nobody reaped yet is dead too
    return stat.exists() and stat.read_text().split(")")[-1].split()[0] == "Z"


@pytest.mark.parametrize("name", NAMES)
def test_crash(tmp_path: Path, fake_tool: FakeTool, name: str) -> None:
    fake_tool(name, 'echo "Traceback (most recent call last): boom" >&2\nexit 3\n')
    result = analyzer(name, tmp_path).run(make_context(tmp_path, {"a.py": EVAL}))
    assert result.status is RunStatus.FAILED
    assert diagnosed(result.errors, name) == (
        f"{name}: exited 3: Traceback (most recent call last): boom",
    )
    assert result.findings == ()


@pytest.mark.parametrize("name", NAMES)
def test_garbage_output(tmp_path: Path, fake_tool: FakeTool, name: str) -> None:
    fake_tool(name, "echo 'Everything is fine, trust me'\nexit 0\n")
    result = analyzer(name, tmp_path).run(make_context(tmp_path, {"a.py": EVAL}))
    assert result.status is RunStatus.FAILED
    (message,) = diagnosed(result.errors, name)
    assert message.startswith(f"{name}: output is not JSON")
    assert "Everything is fine" in message


@pytest.mark.parametrize("name", NAMES)
def test_json_that_is_not_an_object(tmp_path: Path, fake_tool: FakeTool, name: str) -> None:
    fake_tool(name, "echo '[1, 2, 3]'\n")
    result = analyzer(name, tmp_path).run(make_context(tmp_path, {"a.py": EVAL}))
    assert result.status is RunStatus.FAILED
    assert diagnosed(result.errors, name) == (f"{name}: JSON output is a list, not an object",)


@pytest.mark.parametrize("name", NAMES)
def test_hang_is_killed_with_its_process_group(
    tmp_path: Path, fake_tool: FakeTool, name: str
) -> None:
    pidfile = tmp_path / "child.pid"
    fake_tool(name, f"sleep 300 &\necho $! > '{pidfile}'\nwait\n")
    ctx = make_context(tmp_path, {"a.py": EVAL}, settings=AnalyzerSettings(timeout=1.0))
    start = time.monotonic()
    result = analyzer(name, tmp_path).run(ctx)
    assert time.monotonic() - start < 8
    assert result.status is RunStatus.TIMED_OUT
    (message,) = result.errors
    assert message.startswith(f"{name}: timed out after 1 s (process group killed)")
    child = int(pidfile.read_text())
    deadline = time.monotonic() + 5
    while not _is_dead(child) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert _is_dead(child), "the tool's child process survived the timeout"


@pytest.mark.parametrize("cls", [BanditAnalyzer, SemgrepAnalyzer, PylintAnalyzer])
def test_missing_executable(tmp_path: Path, cls: type[Analyzer]) -> None:
    # A subclass naming a command that exists nowhere: PATH and the venv both lack it.
    missing = type("Missing", (cls,), {"executable": "aigate-no-such-tool-4b1d"})
    rules = analyzer("semgrep", tmp_path).rules_dir  # type: ignore[attr-defined]
    instance = missing(rules) if cls is SemgrepAnalyzer else missing()
    result = instance.run(make_context(tmp_path, {"a.py": EVAL}))
    assert result.status is RunStatus.FAILED
    (message,) = result.errors
    assert message.startswith(
        f"{cls.name}: executable 'aigate-no-such-tool-4b1d' not found on PATH or beside "
    )


def test_bandit_errors_list(tmp_path: Path, fake_tool: FakeTool) -> None:
    fake_tool(
        "bandit",
        """\
        echo '{"errors": [{"filename": "././a.py", "reason": "exploded"}],
               "metrics": {"././a.py": {}, "_totals": {}}, "results": []}'
        """,
    )
    result = BanditAnalyzer().run(make_context(tmp_path, {"a.py": EVAL}))
    assert result.status is RunStatus.FAILED
    assert result.errors == ("bandit: a.py: could not scan: exploded",)
    assert result.version == "0.0-fake"


def test_bandit_target_missing_from_metrics(tmp_path: Path, fake_tool: FakeTool) -> None:
    fake_tool(
        "bandit",
        """\
        echo '{"errors": [], "metrics": {"_totals": {}}, "results": []}'
        """,
    )
    result = BanditAnalyzer().run(make_context(tmp_path, {"a.py": EVAL}))
    assert result.status is RunStatus.FAILED
    assert result.errors == ("bandit: a.py: not scanned (bandit skipped it silently)",)


def test_semgrep_errors_list(tmp_path: Path, fake_tool: FakeTool) -> None:
    fake_tool(
        "semgrep",
        """\
        cat <<'EOF'
        {"version": "1.0-fake", "results": [], "paths": {"scanned": ["a.py"]},
         "errors": [{"code": 3, "level": "warn", "type": ["PartialParsing", []],
                     "message": "Syntax error at line a.py:1:\\n oops", "path": "a.py"}]}
        EOF
        """,
    )
    result = analyzer("semgrep", tmp_path).run(make_context(tmp_path, {"a.py": EVAL}))
    assert result.status is RunStatus.FAILED
    assert result.errors == ("semgrep: a.py: PartialParsing: Syntax error at line a.py:1: oops",)
    assert result.version == "1.0-fake"


def test_semgrep_silently_skipped_target(tmp_path: Path, fake_tool: FakeTool) -> None:
    fake_tool(
        "semgrep",
        """\
        echo '{"version": "1", "results": [], "errors": [], "paths": {"scanned": ["a.py"]}}'
        """,
    )
    ctx = make_context(tmp_path, {"a.py": EVAL, "b.py": EVAL})
    result = analyzer("semgrep", tmp_path).run(ctx)
    assert result.status is RunStatus.FAILED
    assert result.errors == ("semgrep: b.py: not scanned (semgrep skipped it silently)",)


def test_semgrep_target_skipped_with_a_reason(tmp_path: Path, fake_tool: FakeTool) -> None:
    fake_tool(
        "semgrep",
        """\
        echo '{"version": "1", "results": [], "errors": [], "paths": {"scanned": ["a.py"],'
        echo ' "skipped": [{"path": "b.py", "reason": "exceeded_size_limit"}]}}'
        """,
    )
    ctx = make_context(tmp_path, {"a.py": EVAL, "b.py": EVAL})
    result = analyzer("semgrep", tmp_path).run(ctx)
    assert result.status is RunStatus.FAILED
    assert result.errors == ("semgrep: b.py: skipped (exceeded_size_limit); not scanned",)


def test_semgrep_skipped_rules(tmp_path: Path, fake_tool: FakeTool) -> None:
    fake_tool(
        "semgrep",
        """\
        echo '{"version": "1", "results": [], "errors": [], "paths": {"scanned": ["a.py"]},
               "skipped_rules": [{"rule_id": "s-x"}]}'
        """,
    )
    result = analyzer("semgrep", tmp_path).run(make_context(tmp_path, {"a.py": EVAL}))
    assert result.status is RunStatus.FAILED
    assert result.errors == ("semgrep: rule s-x was skipped and did not run",)


@pytest.mark.parametrize(("status", "failed"), [(1, True), (32, True), (33, True), (4, False)])
def test_pylint_exit_bits(tmp_path: Path, fake_tool: FakeTool, status: int, failed: bool) -> None:
    fake_tool("pylint", f"echo '{VALID['pylint']}'\necho 'pylint: error: bad' >&2\nexit {status}\n")
    result = PylintAnalyzer().run(make_context(tmp_path, {"a.py": EVAL}))
    if failed:
        assert result.status is RunStatus.FAILED
        assert diagnosed(result.errors, "pylint") == (
            f"pylint: exited {status}: pylint: error: bad",
        )
    else:
        assert result.status is RunStatus.OK, result.errors


def test_pylint_usage_error_without_json(tmp_path: Path, fake_tool: FakeTool) -> None:
    fake_tool("pylint", "echo 'usage: pylint [options]' >&2\nexit 32\n")
    result = PylintAnalyzer().run(make_context(tmp_path, {"a.py": EVAL}))
    assert result.status is RunStatus.FAILED
    assert diagnosed(result.errors, "pylint") == ("pylint: exited 32: usage: pylint [options]",)


@pytest.mark.parametrize("name", NAMES)
def test_paths_are_data_and_env_is_controlled(
    tmp_path: Path, fake_tool: FakeTool, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    for var in (*_STEERING, "MYPYPATH", "MYPY_CACHE_DIR"):
        monkeypatch.setenv(var, "/evil")
    record = tmp_path / "record"
    record.mkdir()
    fake_tool(
        name,
        f"""\
        printf '%s\\n' "$@" > '{record}/argv'
        env > '{record}/env'
        pwd > '{record}/cwd'
        echo '{VALID[name]}'
        """,
    )
    analyzer(name, tmp_path).run(make_context(tmp_path / "again", {"a.py": EVAL}))
    argv = (record / "argv").read_text().splitlines()
    if name == "semgrep":  # semgrep-core reads its targets from a JSON file: never an option
        assert "a.py" not in " ".join(argv)
        listed = json.loads(Path(argv[argv.index("-targets") + 1]).read_text())
        assert [t[1]["path"]["fpath"] for t in listed[1]] == ["a.py"]
    else:
        assert argv[-2:] == ["--", "./a.py"]
    assert Path((record / "cwd").read_text().strip()) == (tmp_path / "again" / "ws").resolve()
    env = dict(
        line.split("=", 1) for line in (record / "env").read_text().splitlines() if "=" in line
    )
    assert not {*_STEERING, "MYPYPATH", "MYPY_CACHE_DIR"} & set(env)
    assert env["HOME"] == str((tmp_path / "again" / "scratch" / "home").resolve())
    assert env["SEMGREP_SEND_METRICS"] == "off" and env["SEMGREP_ENABLE_VERSION_CHECK"] == "0"


def test_option_like_targets_stay_after_the_separator(tmp_path: Path, fake_tool: FakeTool) -> None:
    record = tmp_path / "argv"
    fake_tool(
        "bandit",
        f"""\
        printf '%s\\n' "$@" > '{record}'
        echo '{{"errors": [], "results": [], "metrics": {{"_totals": {{}},
              "././--config=x.py": {{}}, "././-rf.py": {{}}}}}}'
        """,
    )
    ctx = make_context(tmp_path, {"-rf.py": EVAL, "--config=x.py": EVAL})
    result = BanditAnalyzer().run(ctx)
    assert result.status is RunStatus.OK, result.errors
    argv = record.read_text().splitlines()
    separator = argv.index("--")
    assert argv[separator + 1 :] == ["./--config=x.py", "./-rf.py"]
    assert not any(a.startswith(("--config=x", "-rf")) for a in argv[:separator])


def test_run_tool_kills_the_whole_group(tmp_path: Path) -> None:
    pidfile = tmp_path / "pid"
    result = run_tool(
        ("/bin/sh", "-c", f"sleep 300 & echo $! > '{pidfile}'; echo started; wait"),
        cwd=tmp_path,
        timeout=1.0,
        env=tool_env(tmp_path),
    )
    assert result.timed_out and result.returncode < 0
    assert result.stdout == "started\n"
    child = int(pidfile.read_text())
    deadline = time.monotonic() + 5
    while not _is_dead(child) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert _is_dead(child)


def test_run_tool_captures_both_streams(tmp_path: Path) -> None:
    result = run_tool(
        ("/bin/sh", "-c", "echo out; echo err >&2; exit 5"),
        cwd=tmp_path,
        timeout=10,
        env=tool_env(tmp_path),
    )
    assert (result.returncode, result.stdout, result.stderr) == (5, "out\n", "err\n")
    assert not result.timed_out and result.duration >= 0


def test_find_executable_prefers_path_then_the_venv(
    tmp_path: Path, fake_tool: FakeTool, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake = fake_tool("pylint", "exit 0\n")
    assert find_executable("pylint") == str(fake)
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    beside = Path(sys.executable).parent / "pylint"
    assert find_executable("pylint") == (str(beside) if beside.exists() else None)
    assert find_executable("aigate-no-such-tool-4b1d") is None


def test_tool_env_is_minimal(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PYTHONPATH", "/evil")
    monkeypatch.setenv("SEMGREP_RULES", "/evil.yaml")
    env = tool_env(tmp_path)
    assert set(env) <= {
        "PATH",
        "HOME",
        "TMPDIR",
        "XDG_CONFIG_HOME",
        "XDG_CACHE_HOME",
        "LANG",
        "LC_ALL",
        "PYTHONDONTWRITEBYTECODE",
        "PYTHONIOENCODING",
        "PYLINTHOME",
        "SEMGREP_ENABLE_VERSION_CHECK",
        "SEMGREP_SEND_METRICS",
        "SYSTEMROOT",
    }
    assert Path(env["HOME"]).is_dir() and env["LC_ALL"] == "C.UTF-8"


@pytest.mark.parametrize("name", NAMES)
def test_a_crash_names_its_cause_path_and_a_hint(
    tmp_path: Path, fake_tool: FakeTool, name: str
) -> None:
    # semgrep 1.121 beside setuptools >= 82: a traceback on stderr, nothing on stdout.
    script = fake_tool(
        name,
        """\
        echo 'Traceback (most recent call last):' >&2
        echo '  File "x.py", line 4, in <module>' >&2
        echo "ModuleNotFoundError: No module named 'pkg_resources'" >&2
        echo '(logged to ~/.tool/log)' >&2
        exit 1
        """,
    )
    result = analyzer(name, tmp_path).run(make_context(tmp_path, {"a.py": EVAL}))
    assert result.status is RunStatus.FAILED
    cause, diagnosis = result.errors
    assert cause.endswith("ModuleNotFoundError: No module named 'pkg_resources'"), cause
    ran = script.with_name("semgrep-core") if name == "semgrep" else script  # its engine
    assert diagnosis.startswith(f"{name}: ran {ran} (")
    assert "hint: setuptools >= 82 removed pkg_resources" in diagnosis

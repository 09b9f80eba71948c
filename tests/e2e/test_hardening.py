"""Crashes and outputs: bad config values, bugs, Ctrl-C, FIFOs and links, as a user meets them."""

from __future__ import annotations

import json
import os
import signal
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from gitrepo import GitRepo

import gate.pipeline
from gate.cli import main

BAD_EXCLUDE = '[analyzers.pylint]\nenabled = false\n\nexclude = ["[z-a]"]\n'
SLOW_SEMGREP = """#!/bin/sh
echo $$ > "{pidfile}"
exec sleep 600
"""
ONLY_SEMGREP = """
[analyzers.bandit]
enabled = false
[analyzers.pylint]
enabled = false
[analyzers.aigate]
enabled = false
[analyzers.mypy]
enabled = false
"""


def cli(
    repo: GitRepo, *args: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        (sys.executable, "-m", "gate", *args),
        cwd=repo.root,
        env={**repo.env, **(env or {})},
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


def test_a_bad_exclude_pattern_is_a_config_error_in_validate_and_scan(repo: GitRepo) -> None:
    repo.commit("app", files={"app.py": "x = 1\n"})
    repo.write(".aigate.toml", 'exclude = ["[z-a]"]\n')
    repo.write("app.py", "x = 2\n")
    checked = cli(repo, "validate-config", ".aigate.toml")
    assert checked.returncode == 2
    assert ".aigate.toml: exclude[0]: '[z-a]' is not a valid gitignore pattern" in checked.stderr
    sarif = repo.root.parent / "out.sarif"
    scanned = cli(repo, "scan", "--sarif", str(sarif))
    assert scanned.returncode == 2, scanned.stderr
    assert "Traceback" not in scanned.stderr
    assert "exclude[0]" in scanned.stderr
    doc = json.loads(sarif.read_text())
    assert doc["runs"][0]["invocations"][0]["executionSuccessful"] is False


@pytest.mark.parametrize("value", ["inf", "nan", "1e999"])
def test_a_timeout_that_is_not_a_finite_number_is_a_config_error(repo: GitRepo, value: str) -> None:
    repo.commit("app", files={"app.py": "x = 1\n"})
    repo.write(".aigate.toml", f"[analyzers.bandit]\ntimeout = {value}\n")
    checked = cli(repo, "validate-config", ".aigate.toml")
    assert checked.returncode == 2
    assert "analyzers.bandit.timeout" in checked.stderr


def test_an_unexpected_exception_is_exit_2_with_sarif_and_json(
    repo: GitRepo, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # a bug cannot be produced on purpose from outside: stand one in for the pipeline
    def broken(*_args: object, **_kwargs: object) -> object:
        raise KeyError("boom")

    monkeypatch.setattr(gate.pipeline, "run", broken)
    sarif, report = tmp_path / "out.sarif", tmp_path / "out.json"
    result = CliRunner().invoke(
        main,
        ["scan", "--repo", str(repo.root), "--sarif", str(sarif), "--json", str(report)],
    )
    assert result.exit_code == 2, result.output
    doc = json.loads(sarif.read_text())
    invocation = doc["runs"][0]["invocations"][0]
    assert invocation["executionSuccessful"] is False
    assert "internal error: KeyError" in json.dumps(invocation)
    assert json.loads(report.read_text())["verdict"] == "error"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    status = Path(f"/proc/{pid}/stat")
    return not (status.exists() and status.read_text().split(")")[-1].split()[0] == "Z")


def _wait_for(predicate: object, bound: float = 120.0) -> bool:
    deadline = time.monotonic() + bound  # a generous bound, not a timing assertion
    while time.monotonic() < deadline:
        if predicate():  # type: ignore[operator]
            return True
        time.sleep(0.1)
    return False


# Run aigate in-process, as `python -m gate` would, and deliver Ctrl-C to one of its analyzer
# worker threads rather than the main thread: the kernel may pick any thread for a Ctrl-C.
THREAD_DIRECTED_INTERRUPT = """
import signal, sys, threading, time
from pathlib import Path

def interrupt_a_worker():
    pidfile = Path(sys.argv[1])
    while not (pidfile.exists() and pidfile.read_text().strip()):
        time.sleep(0.05)
    worker = next(t for t in threading.enumerate() if t.name.startswith("aigate"))
    signal.pthread_kill(worker.ident, signal.SIGINT)

threading.Thread(target=interrupt_a_worker, daemon=True).start()
sys.argv = ["aigate", "scan", "app.py"]
from gate.cli import run_main
run_main()
"""


def _as_from_a_terminal() -> None:
    """A shell starts a command with Ctrl-C at its default, unblocked; the test runner's worker
    may not be in that state (an ignored or blocked SIGINT would be inherited)."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})


def _signal_state(pid: int) -> str:
    """SigBlk/SigIgn/SigCgt of each thread of ``pid``, for the failure message."""
    lines = []
    for task in sorted(Path(f"/proc/{pid}/task").glob("*")):
        status = (task / "status").read_text().splitlines()
        lines.append(task.name + ":" + ",".join(x for x in status if x.startswith("Sig")))
    return "; ".join(lines)


def _interrupt_a_scan(repo: GitRepo, tmp_path: Path, *, to_a_worker_thread: bool) -> None:
    """Ctrl-C a scan while a fake semgrep runs: aigate exits 130 and kills the tool."""
    bindir = tmp_path / "fakebin"
    bindir.mkdir()
    pidfile = tmp_path / "semgrep.pid"
    for name in ("semgrep", "semgrep-core"):  # a scan runs the engine beside semgrep
        fake = bindir / name
        fake.write_text(SLOW_SEMGREP.format(pidfile=pidfile))
        fake.chmod(fake.stat().st_mode | stat.S_IXUSR)
    env = {**repo.env, "PATH": f"{bindir}{os.pathsep}{os.environ['PATH']}"}
    argv = (
        (sys.executable, "-c", THREAD_DIRECTED_INTERRUPT, str(pidfile))
        if to_a_worker_thread
        else (sys.executable, "-m", "gate", "scan", "app.py")
    )
    proc = subprocess.Popen(
        argv,
        cwd=repo.root,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=_as_from_a_terminal,  # noqa: PLW1509 - the test's own child, no threads
    )
    child = 0
    try:
        assert _wait_for(lambda: pidfile.exists() and pidfile.read_text().strip())
        child = int(pidfile.read_text())
        if not to_a_worker_thread:
            proc.send_signal(signal.SIGINT)
        try:
            _out, err = proc.communicate(timeout=90)
        except subprocess.TimeoutExpired as exc:
            pytest.fail(
                f"no exit 90 s after SIGINT; stderr so far: {exc.stderr!r}; "
                f"signal state: {_signal_state(proc.pid)}"
            )
        assert proc.returncode == 130, err
        assert "interrupted" in err, err
        assert "Aborted!" not in err, err
        assert "(failed)" not in err, "a killed analyzer was reported as a result"
        assert _wait_for(lambda: not _alive(child)), "the analyzer outlived aigate"
    finally:
        proc.kill()
        proc.wait()
        if child and _alive(child):
            os.kill(child, signal.SIGKILL)


@pytest.mark.parametrize("to_a_worker_thread", [False, True], ids=["process", "worker-thread"])
def test_ctrl_c_exits_130_and_kills_the_running_analyzer(
    repo: GitRepo, tmp_path: Path, to_a_worker_thread: bool
) -> None:
    # The worker-thread case hung before the main thread woke up to look at signals: a blocked
    # wait without a timeout never saw a Ctrl-C the kernel had given to another thread.
    repo.write(".aigate.toml", ONLY_SEMGREP)
    repo.write("app.py", "x = 1\n")
    _interrupt_a_scan(repo, tmp_path, to_a_worker_thread=to_a_worker_thread)


def _vulnerable_worktree(repo: GitRepo) -> None:
    repo.commit("app", files={"app.py": "import subprocess\n"})
    repo.write("app.py", "import subprocess\nsubprocess.call(input(), shell=True)\n")


def test_reports_are_written_through_a_fifo(repo: GitRepo, tmp_path: Path) -> None:
    _vulnerable_worktree(repo)
    fifo = tmp_path / "report.fifo"
    os.mkfifo(fifo)
    received: list[bytes] = []

    def drain() -> None:
        with open(fifo, "rb") as handle:
            received.append(handle.read())

    reader = threading.Thread(target=drain, daemon=True)
    reader.start()
    scanned = cli(repo, "scan", "--sarif", str(fifo))
    reader.join(timeout=120)
    assert not reader.is_alive(), "nothing was written to the FIFO"  # a daemon: never blocks exit
    assert scanned.returncode == 1, scanned.stderr
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode), "the FIFO was replaced by a file"
    assert json.loads(received[0])["version"] == "2.1.0"


def test_a_link_to_stdout_is_written_through(repo: GitRepo, tmp_path: Path) -> None:
    # like /dev/stdout, without risking the machine's /dev if the protection were gone
    stdout = tmp_path / "stdout"
    stdout.symlink_to("/proc/self/fd/1")
    _vulnerable_worktree(repo)
    scanned = cli(repo, "scan", "--format", "json", "--output", str(stdout))
    assert stdout.is_symlink()
    assert scanned.returncode == 1, scanned.stderr
    assert json.loads(scanned.stdout)["verdict"] == "fail"


def test_a_symlink_to_a_file_stays_a_link_and_its_target_is_replaced(
    repo: GitRepo, tmp_path: Path
) -> None:
    _vulnerable_worktree(repo)
    real = tmp_path / "reports" / "real.json"
    real.parent.mkdir()
    real.write_text("old")
    link = tmp_path / "link.json"
    link.symlink_to(real)
    scanned = cli(repo, "scan", "--json", str(link))
    assert scanned.returncode == 1, scanned.stderr
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert json.loads(real.read_text())["verdict"] == "fail"

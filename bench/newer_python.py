"""A Python new enough for a corpus, found on this machine, with the pinned analyzers beside it.

The OWASP corpus is written for Python >= 3.12 (PEP 701 f-strings), and bandit parses with the
interpreter it runs under. When the bench runs under an older Python, it looks for a newer
interpreter (``python3.N`` on PATH, then pyenv's versions; the oldest that is new enough),
builds a virtual environment from ``requirements.lock`` (hash-checked, the Action's exact
analyzers) once under the user's cache directory, and re-runs itself there. Nothing is
installed into the interpreter that ran it.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LOCK = ROOT / "requirements.lock"
REEXEC = "AIGATE_BENCH_REEXEC"
"""Set in the re-run's environment so that it never re-runs itself again."""


def version_of(python: str) -> tuple[int, int] | None:
    """``major.minor`` of an interpreter, or None when it does not run."""
    try:
        proc = subprocess.run(
            [python, "-c", "import sys; print('%d.%d' % sys.version_info[:2])"],
            capture_output=True,
            text=True,
            timeout=30,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    found = re.fullmatch(r"(\d+)\.(\d+)\s*", proc.stdout)
    return (int(found.group(1)), int(found.group(2))) if proc.returncode == 0 and found else None


def _pyenv_pythons() -> list[str]:
    root = os.environ.get("PYENV_ROOT") or str(Path.home() / ".pyenv")
    versions = Path(root) / "versions"
    if not versions.is_dir():
        return []

    def key(path: Path) -> tuple[int, ...]:
        return tuple(int(p) for p in re.findall(r"\d+", path.name)[:3])

    found = [v for v in versions.iterdir() if re.fullmatch(r"3\.\d+\.\d+", v.name)]
    return [str(v / "bin" / "python3") for v in sorted(found, key=key)]


def find(minimum: tuple[int, int]) -> str | None:
    """The oldest interpreter >= ``minimum`` this machine has (PATH first, then pyenv): the
    figures in the README were measured with the minimum."""
    candidates = [shutil.which(f"python3.{minor}") for minor in range(minimum[1], 21)]
    for python in [c for c in candidates if c] + _pyenv_pythons():
        version = version_of(python)
        if version is not None and version >= minimum:
            return python
    return None


def venv_for(python: str) -> Path:
    """The bench's environment for ``python``, built from requirements.lock on first use."""
    version = version_of(python) or (0, 0)
    lock = hashlib.sha256(LOCK.read_bytes()).hexdigest()[:12]
    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    if not cache.is_absolute():
        cache = Path.home() / ".cache"
    venv = cache / "aigate-bench" / f"py{version[0]}.{version[1]}-{lock}"
    ready = venv / "ready"
    if not ready.exists():
        print(f"detection bench: building {venv} from requirements.lock (once)", file=sys.stderr)
        shutil.rmtree(venv, ignore_errors=True)
        subprocess.run([python, "-m", "venv", str(venv)], check=True)
        pip = [str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet"]
        subprocess.run(
            [*pip, "--disable-pip-version-check", "--require-hashes", "-r", str(LOCK)],
            check=True,
        )
        ready.write_text("ok\n", encoding="utf-8")
    return venv / "bin" / "python"


def rerun_under(minimum: tuple[int, int], script: str, argv: list[str]) -> str:
    """Re-run ``script`` under a newer Python's bench environment (never returns), or say why
    that cannot be done."""
    if os.environ.get(REEXEC):
        return "already re-run once under a newer Python"
    python = find(minimum)
    if python is None:
        return f"no Python >= {minimum[0]}.{minimum[1]} found on PATH or in pyenv"
    try:
        bench_python = venv_for(python)
    except (OSError, subprocess.CalledProcessError) as exc:
        return f"could not build the bench environment for {python}: {exc}"
    print(f"detection bench: re-running under {bench_python}", file=sys.stderr)
    sys.stdout.flush()
    env = {**os.environ, REEXEC: "1"}
    # a fixed interpreter and this script: no shell, no outside words
    os.execve(str(bench_python), [str(bench_python), script, *argv], env)  # noqa: S606

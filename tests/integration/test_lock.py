"""requirements.lock: in step with pyproject.toml, and it installs a working gate on its own."""

from __future__ import annotations

import re
from importlib.metadata import requires
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[2]
LOCK = ROOT / "requirements.lock"
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)", re.MULTILINE)


def locked() -> dict[str, list[str]]:
    """Normalised name -> the pinned versions (one per marker branch of a universal lock)."""
    pins: dict[str, list[str]] = {}
    for name, version in PIN.findall(LOCK.read_text(encoding="utf-8")):
        pins.setdefault(canonicalize_name(name), []).append(version)
    return pins


def test_every_runtime_dependency_is_locked_within_its_specifier() -> None:
    pins = locked()
    runtime = [Requirement(r) for r in requires("aigate-scan") or ()]
    runtime = [r for r in runtime if r.marker is None or "extra" not in str(r.marker)]
    assert runtime, "aigate-scan is not installed"
    for req in runtime:
        versions = pins.get(canonicalize_name(req.name))
        assert versions, f"{req.name} is missing from requirements.lock: run scripts/lock.sh"
        for version in versions:
            assert req.specifier.contains(version, prereleases=True), (
                f"requirements.lock pins {req.name}=={version} outside {req}: run scripts/lock.sh"
            )


def test_every_pin_carries_a_hash() -> None:
    blocks = re.split(r"\n(?=[A-Za-z0-9])", LOCK.read_text(encoding="utf-8"))
    for block in blocks:
        if PIN.match(block):
            assert "--hash=sha256:" in block, block.splitlines()[0]


# That the lock installs into a fresh venv, alone, and the demo then blocks: see
# tests/integration/test_action.py::test_install_step_installs_aigate_from_the_lock.

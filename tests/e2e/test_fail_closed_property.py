"""Property: however a vulnerable change is named, encoded, moved, linked or padded, never PASS.

Hypothesis draws a disguise (file name, encoding, line endings, how the file arrives, a hostile
.gitattributes, padding past max_file_size, an unrelated deletion); each example is a real git
repository scanned by the real pipeline with a real analyzer (bandit; semgrep and pylint are off
to keep the examples cheap). The verdict must be FAIL or ERROR, never PASS.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from gitrepo import GitRepo
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from gate.errors import GateError
from gate.model import Outcome, ScanMode, ScanRequest
from gate.pipeline import run

CONFIG = (
    'exclude = ["fixtures/**"]\nmax_file_size = 4000\n'
    "[analyzers.semgrep]\nenabled = false\n[analyzers.pylint]\nenabled = false\n"
)
CODE = [
    "# caf\u00e9 ping helper",
    "import subprocess, sys",
    "subprocess.call(sys.argv[1], shell=True)",
]
NAMES = ["app.py", "App.PY", "tool.pyw", "bin/run", "pkg/__init__.py", "nb.ipynb", "site.pth",
         "trailing.py ", "deep/er/mod.py"]  # fmt: skip
ENCODINGS = ["utf-8", "utf-8-sig", "latin-1", "cp1252", "utf-16", "utf-7"]
ARRIVALS = ["added", "renamed-from-excluded", "renamed-from-text", "symlink-to-data"]
ATTRIBUTES = ["", "* -diff\n", "*.py binary\n*.ipynb binary\n"]


@dataclass(frozen=True)
class Disguise:
    """One way of writing and delivering the vulnerable file."""

    name: str
    encoding: str
    newline: str
    arrival: str
    attributes: str
    padded: bool
    delete_other: bool


def content(d: Disguise) -> bytes:
    lines = list(CODE)
    if d.name == "bin/run":
        lines.insert(0, "#!/usr/bin/env python3")
    if d.name == "site.pth":
        lines = ["src", "import subprocess, sys; subprocess.call(sys.argv[1], shell=True)"]
    if d.encoding in ("latin-1", "cp1252", "utf-7"):
        lines.insert(1 if lines[0].startswith("#!") else 0, f"# -*- coding: {d.encoding} -*-")
    if d.padded:
        lines += ["# padding " + "x" * 70] * 60
    if d.name == "nb.ipynb":
        cell = {"cell_type": "code", "execution_count": None, "metadata": {}, "outputs": [],
                "source": [line + "\n" for line in lines]}  # fmt: skip
        lines = json.dumps({"cells": [cell], "metadata": {}, "nbformat": 4, "nbformat_minor": 5},
                           indent=1).split("\n")  # fmt: skip
    return d.newline.join([*lines, ""]).encode(d.encoding)


def build(root: Path, d: Disguise) -> GitRepo:
    repo = GitRepo(root)
    payload = content(d)
    base: dict[str, str | bytes] = {".aigate.toml": CONFIG, "old.py": "x = 1\n"}
    if d.arrival == "renamed-from-excluded":
        base["fixtures/sample"] = payload
    elif d.arrival == "renamed-from-text":
        base["notes/sample.txt"] = payload
    elif d.arrival == "symlink-to-data":
        base["data/payload"] = payload
    repo.commit("base", files=base)
    repo.checkout("-b", "feature")
    target = repo.root / d.name
    target.parent.mkdir(parents=True, exist_ok=True)
    if d.arrival == "added":
        target.write_bytes(payload)
    elif d.arrival == "symlink-to-data":
        os.symlink(os.path.relpath(repo.root / "data/payload", target.parent), target)
    else:
        source = "fixtures/sample" if d.arrival == "renamed-from-excluded" else "notes/sample.txt"
        repo.git("mv", source, d.name)
    if d.attributes:
        repo.write(".gitattributes", d.attributes)
    if d.delete_other:
        (repo.root / "old.py").unlink()
    repo.commit("feature")
    return repo


disguises = st.builds(
    Disguise,
    name=st.sampled_from(NAMES),
    encoding=st.sampled_from(ENCODINGS),
    newline=st.sampled_from(["\n", "\r\n", "\r"]),
    arrival=st.sampled_from(ARRIVALS),
    attributes=st.sampled_from(ATTRIBUTES),
    padded=st.booleans(),
    delete_other=st.booleans(),
)


@settings(
    # a few seconds each (a repository and a bandit run); AIGATE_PROPERTY_EXAMPLES=200 explores
    max_examples=int(os.environ.get("AIGATE_PROPERTY_EXAMPLES", "10")),
    deadline=None,
    derandomize="AIGATE_PROPERTY_EXAMPLES" not in os.environ,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(disguises)
def test_a_vulnerable_change_never_passes(disguise: Disguise) -> None:
    if disguise.name == "bin/run":
        # a suffix-less file is Python only through its shebang; one the encoding turned into
        # other bytes (utf-16, utf-7) is run by nothing, so passing it is right
        assume(content(disguise).removeprefix(b"\xef\xbb\xbf").startswith(b"#!/usr/bin/env"))
    with tempfile.TemporaryDirectory(prefix="aigate-prop-") as tmp:
        repo = build(Path(tmp) / "repo", disguise)
        try:
            result = run(ScanRequest(ScanMode.RANGE, repo.root, base="main", head="feature"))
        except GateError:
            return  # exit 2: refused, not passed
        assert result.verdict.outcome is not Outcome.PASS, (disguise, result.verdict.reasons)

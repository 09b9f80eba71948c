"""Why a tool failed: the cause in its stderr and one hint for the user."""

from __future__ import annotations

import re

_EXCEPTION_LINE = re.compile(r"^[A-Za-z_][\w.]*(Error|Exception|Exit|Interrupt|Warning)\b(:.*)?$")
"""The last line of a Python traceback (``ModuleNotFoundError: No module named 'x'``)."""
HINTS: tuple[tuple[str, str], ...] = (
    (
        "pkg_resources",
        "setuptools >= 82 removed pkg_resources, which this tool's dependencies still import: "
        "install aigate from requirements.lock (pinned semgrep) in a fresh venv, "
        "or pip install 'setuptools<82' beside it",
    ),
    (
        "ModuleNotFoundError",
        "the tool's Python environment is broken: reinstall aigate in a fresh venv "
        "(README: A reproducible install)",
    ),
    ("ImportError", "the tool's Python environment is broken: reinstall aigate in a fresh venv"),
)
"""Cause text -> the one hint shown with it; ``aigate doctor`` when nothing matches."""


def last_line(text: str) -> str:
    """The cause in a tool's stderr: a traceback's exception line, else the last line."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    exceptions = [line for line in lines if _EXCEPTION_LINE.match(line)]
    if exceptions:
        return exceptions[-1]
    return lines[-1] if lines else "no output on stderr"


def failure_hint(cause: str) -> str:
    """One thing to try for a tool failure whose messages are ``cause``."""
    for needle, hint in HINTS:
        if needle in cause:
            return hint
    return "run `aigate doctor` to check the installation"

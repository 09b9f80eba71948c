"""The one error family of the library; cli.py turns each into a message and exit code 2."""

from __future__ import annotations


class GateError(Exception):
    """Something the user must fix before the gate can judge: bad input, config, ref or tool."""


class ConfigError(GateError):
    """The config file is unreadable or invalid (the message names the file and dotted key)."""


class GitError(GateError):
    """Not a git repository, an unknown ref, shallow history, or git itself failed."""


class BaselineError(GateError):
    """The baseline file is unreadable or of an unknown version."""


class RuleError(GateError):
    """Our rule files are missing or invalid."""


class OutputError(GateError):
    """A report could not be written."""

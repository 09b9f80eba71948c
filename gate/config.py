"""Config discovery, TOML parsing and strict validation into a frozen GateConfig."""

from __future__ import annotations

import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

import pathspec

from gate.errors import ConfigError
from gate.model import AnalyzerSettings, CacheSettings, Severity

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on 3.10 only
    import tomli as tomllib

CONFIG_FILE = ".aigate.toml"
"""The dedicated config file at the repository root."""
PYPROJECT = "pyproject.toml"
"""Fallback: the [tool.aigate] table of pyproject.toml."""
DEFAULT_ANALYZERS = ("bandit", "semgrep", "pylint", "mypy", "aigate")
"""Analyzers a config may name, in registry order."""
NEVER = "never"
"""A threshold that never blocks."""
DEFAULT_TEST_PATHS = ("tests/", "test/", "test_*.py", "*_test.py", "conftest.py")
"""Where test code lives unless the config says otherwise."""
MAX_TIMEOUT = 86_400
"""The longest analyzer timeout a config may ask for (a day; the OS rejects far larger waits)."""


@dataclass(frozen=True)
class GateConfig:
    """The validated policy and settings of one scan."""

    fail_on: Severity | None = Severity.MEDIUM
    """Lowest severity that blocks on AI-written lines (None: never)."""
    human_fail_on: Severity | None = Severity.HIGH
    """Lowest severity that blocks on human or unattributed lines (None: never)."""
    scope: str = "all"
    """"all": judge every changed line; "ai": only AI-written lines can block."""
    exclude: tuple[str, ...] = ()
    """Gitignore-style patterns of repo paths not to scan (listed as skipped)."""
    baseline: str | None = None
    """Repo-relative path of the baseline file."""
    max_file_size: int = 1_000_000
    """Files larger than this many bytes are skipped with a notice."""
    analyzers: Mapping[str, AnalyzerSettings] = field(
        default_factory=lambda: {name: AnalyzerSettings() for name in DEFAULT_ANALYZERS}
    )
    """Per-analyzer settings, every known analyzer present."""
    extra_rules: tuple[str, ...] = ()
    """Repo-relative paths of extra semgrep rule files (read from the trusted revision)."""
    provenance: Mapping[str, Any] = field(default_factory=dict)
    """The raw [provenance] table, validated by gate.collect.provenance."""
    unjudged: str = "error"
    """A changed file Python would run but the gate could not judge: "error" (exit 2) or "fail"."""
    cache: CacheSettings = CacheSettings()
    """The result cache ([cache] table)."""
    test_paths: tuple[str, ...] = DEFAULT_TEST_PATHS
    """Gitignore-style patterns of test code, judged by the test-code policy."""
    test_fail_on: Severity | None = Severity.CRITICAL
    """Lowest severity that blocks in test code (high-confidence secrets block as elsewhere)."""
    deps_env: str = "auto"
    """The analysis environment: "auto" (built from the declared dependencies, wheels only),
    "off", or the path of an environment that already holds them (read, never run)."""


@dataclass(frozen=True)
class ConfigSource:
    """Where a config was read from, for the report."""

    path: str
    """File name, e.g. .aigate.toml."""
    revision: str | None
    """Commit it was read at, or None for the work tree / disk."""

    def describe(self) -> str:
        """Human text, e.g. '.aigate.toml at 1a2b3c4d5e6f'."""
        return f"{self.path} at {self.revision[:12]}" if self.revision else self.path


def _threshold(value: object, key: str, where: str) -> Severity | None:
    if value == NEVER:
        return None
    try:
        return Severity(value)
    except ValueError:
        names = ", ".join([s.value for s in Severity] + [NEVER])
        raise ConfigError(f"{where}: {key}: {value!r} is not one of {names}") from None


def _string_list(value: object, key: str, where: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{where}: {key}: expected a list of strings")
    return tuple(value)


def _patterns(value: object, key: str, where: str) -> tuple[str, ...]:
    """Gitignore-style patterns, each compiled now so a bad one is a ConfigError, not a crash."""
    patterns = _string_list(value, key, where)
    for index, pattern in enumerate(patterns):
        try:
            spec = pathspec.GitIgnoreSpec.from_lines([pattern])
            spec.match_file("probe.py")  # some patterns only fail when first matched
        except Exception as exc:  # noqa: BLE001 - pathspec raises re.error, ValueError, ...
            raise ConfigError(
                f"{where}: {key}[{index}]: {pattern!r} is not a valid gitignore pattern: {exc}"
            ) from None
    return patterns


def _analyzers(table: object, key: str, where: str) -> dict[str, AnalyzerSettings]:
    if not isinstance(table, dict):
        raise ConfigError(f"{where}: {key}: expected a table")
    result = {name: AnalyzerSettings() for name in DEFAULT_ANALYZERS}
    for name, sub in table.items():
        here = f"{key}.{name}"
        if name not in result:
            raise ConfigError(
                f"{where}: {here}: unknown analyzer (known: {', '.join(DEFAULT_ANALYZERS)})"
            )
        if not isinstance(sub, dict):
            raise ConfigError(f"{where}: {here}: expected a table")
        settings = AnalyzerSettings()
        for sub_key, value in sub.items():
            if sub_key == "enabled":
                if not isinstance(value, bool):
                    raise ConfigError(f"{where}: {here}.enabled: expected true or false")
                settings = replace(settings, enabled=value)
            elif sub_key == "timeout":
                if (
                    isinstance(value, bool)
                    or not isinstance(value, (int, float))
                    or not 0 < value <= MAX_TIMEOUT  # also rejects nan and inf
                ):
                    raise ConfigError(
                        f"{where}: {here}.timeout: expected a number of seconds "
                        f"above 0 and at most {MAX_TIMEOUT}"
                    )
                settings = replace(settings, timeout=float(value))
            elif sub_key == "rule_timeout" and name == "semgrep":
                if isinstance(value, bool) or not isinstance(value, int) or not 0 < value <= 3600:
                    raise ConfigError(
                        f"{where}: {here}.rule_timeout: expected a whole number of seconds "
                        f"from 1 to 3600 (semgrep's per-rule, per-file timeout)"
                    )
                settings = replace(settings, rule_timeout=value)
            elif sub_key == "summaries" and name == "semgrep":
                if not isinstance(value, bool):
                    raise ConfigError(f"{where}: {here}.summaries: expected true or false")
                settings = replace(settings, summaries=value)
            elif sub_key == "slice" and name == "semgrep":
                if not isinstance(value, bool):
                    raise ConfigError(f"{where}: {here}.slice: expected true or false")
                settings = replace(settings, slice=value)
            else:
                raise ConfigError(f"{where}: {here}.{sub_key}: unknown key")
        result[name] = settings
    return result


def _scope(value: object, key: str, where: str) -> str:
    if value not in ("ai", "all"):
        raise ConfigError(f"{where}: {key}: {value!r} is not one of ai, all")
    return str(value)


def _unjudged(value: object, key: str, where: str) -> str:
    if value not in ("error", "fail"):
        raise ConfigError(f"{where}: {key}: {value!r} is not one of error, fail")
    return str(value)


def _path(value: object, key: str, where: str) -> str:
    if not isinstance(value, str) or not value:
        raise ConfigError(f"{where}: {key}: expected a non-empty string")
    return value


def _size(value: object, key: str, where: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise ConfigError(f"{where}: {key}: expected a positive whole number of bytes")
    return value


def _table(value: object, key: str, where: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ConfigError(f"{where}: {key}: expected a table")
    return value


def _cache(table: object, key: str, where: str) -> CacheSettings:
    settings = CacheSettings()
    for sub, value in _table(table, key, where).items():
        if sub == "enabled" and isinstance(value, bool):
            settings = replace(settings, enabled=value)
        elif sub == "dir" and isinstance(value, str) and value:
            settings = replace(settings, directory=value)
        elif sub == "max_mb" and type(value) is int and value > 0:
            settings = replace(settings, max_mb=value)
        elif sub in ("enabled", "dir", "max_mb"):
            expected = {"enabled": "true or false", "dir": "a non-empty string"}
            raise ConfigError(
                f"{where}: {key}.{sub}: expected {expected.get(sub, 'a positive whole number')}"
            )
        else:
            raise ConfigError(f"{where}: {key}.{sub}: unknown key (known: enabled, dir, max_mb)")
    return settings


_KEYS: dict[str, tuple[str, Callable[[object, str, str], Any]]] = {
    "fail_on": ("fail_on", _threshold),
    "human_fail_on": ("human_fail_on", _threshold),
    "scope": ("scope", _scope),
    "exclude": ("exclude", _patterns),
    "baseline": ("baseline", _path),
    "max_file_size": ("max_file_size", _size),
    "analyzers": ("analyzers", _analyzers),
    "extra_rules": ("extra_rules", _string_list),
    "provenance": ("provenance", _table),
    "unjudged": ("unjudged", _unjudged),
    "cache": ("cache", _cache),
    "test_paths": ("test_paths", _patterns),
    "test_fail_on": ("test_fail_on", _threshold),
    "deps_env": ("deps_env", _path),
}


def parse_table(table: Mapping[str, Any], where: str, prefix: str = "") -> GateConfig:
    """Validate a config table; every error names ``where`` and the dotted key."""
    values: dict[str, Any] = {}
    for key, value in table.items():
        dotted = prefix + key
        if key not in _KEYS:
            raise ConfigError(f"{where}: {dotted}: unknown key (known: {', '.join(_KEYS)})")
        attr, check = _KEYS[key]
        values[attr] = check(value, dotted, where)
    config = GateConfig(**values)
    if config.provenance:
        from gate.collect.provenance import parse_provenance_config

        parse_provenance_config(config.provenance, where)
    return config


def parse_config(text: str, filename: str) -> GateConfig | None:
    """Parse a config file's text; None when a pyproject.toml has no [tool.aigate] table."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{filename}: not valid TOML: {exc}") from None
    if filename.endswith(PYPROJECT) and not filename.endswith(CONFIG_FILE):
        tool = data.get("tool", {})
        if not isinstance(tool, dict) or "aigate" not in tool:
            return None
        return parse_table(
            _table(tool["aigate"], "tool.aigate", filename), filename, "tool.aigate."
        )
    return parse_table(data, filename)


def load_config(
    read: Callable[[str], bytes | None], explicit: str | None, revision: str | None
) -> tuple[GateConfig, ConfigSource | None]:
    """Find and parse the config with ``read`` (path -> bytes or None), explicit file first."""
    candidates = (explicit,) if explicit else (CONFIG_FILE, PYPROJECT)
    for name in candidates:
        data = read(name)
        if data is None:
            if explicit:
                where = f" at {revision[:12]}" if revision else ""
                raise ConfigError(f"{name}: config file not found{where}")
            continue
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            raise ConfigError(f"{name}: not UTF-8 text") from None
        config = parse_config(text, name)
        if config is not None:
            return config, ConfigSource(name, revision)
    return GateConfig(), None


def with_overrides(config: GateConfig, **overrides: object) -> GateConfig:
    """Apply CLI flags (None means not given) over the file's values, validated the same way."""
    values: dict[str, Any] = {}
    for key, value in overrides.items():
        if value is None:
            continue
        attr, check = _KEYS[key]
        values[attr] = check(value, f"--{key.replace('_', '-')}", "command line")
    return replace(config, **values)

"""Strict config validation: every error names the file and the dotted key."""

from __future__ import annotations

import pytest

from gate.config import GateConfig, load_config, parse_config, with_overrides
from gate.errors import ConfigError
from gate.model import AnalyzerSettings, Severity


def test_defaults_without_a_config_file() -> None:
    config, source = load_config(lambda _path: None, None, None)
    assert config == GateConfig()
    assert source is None
    assert config.fail_on is Severity.MEDIUM and config.human_fail_on is Severity.HIGH


def test_full_config_parses() -> None:
    text = """
fail_on = "low"
human_fail_on = "never"
scope = "ai"
exclude = ["tests/fixtures/**"]
baseline = ".aigate-baseline.json"
max_file_size = 2048
[analyzers.pylint]
enabled = false
timeout = 30
"""
    config = parse_config(text, ".aigate.toml")
    assert config is not None
    assert config.fail_on is Severity.LOW
    assert config.human_fail_on is None
    assert config.scope == "ai"
    assert config.exclude == ("tests/fixtures/**",)
    assert config.max_file_size == 2048
    assert config.analyzers["pylint"] == AnalyzerSettings(enabled=False, timeout=30.0)
    assert config.analyzers["bandit"] == AnalyzerSettings()


def test_pyproject_table_and_its_absence() -> None:
    config = parse_config('[tool.aigate]\nfail_on = "high"\n', "pyproject.toml")
    assert config is not None and config.fail_on is Severity.HIGH
    assert parse_config("[tool.black]\nline-length = 100\n", "pyproject.toml") is None


@pytest.mark.parametrize(
    ("text", "filename", "message"),
    [
        ('fail_on = "severe"\n', ".aigate.toml", ".aigate.toml: fail_on: 'severe' is not one of"),
        ('fial_on = "low"\n', ".aigate.toml", ".aigate.toml: fial_on: unknown key"),
        ('[tool.aigate]\nscope = "some"\n', "pyproject.toml", "pyproject.toml: tool.aigate.scope:"),
        ('exclude = "a"\n', ".aigate.toml", "exclude: expected a list of strings"),
        (
            "[analyzers.flake9]\nenabled = true\n",
            ".aigate.toml",
            "analyzers.flake9: unknown analyzer",
        ),
        (
            "[analyzers.bandit]\ntimeout = -1\n",
            ".aigate.toml",
            "analyzers.bandit.timeout: expected a number of seconds above 0",
        ),
        (
            "[analyzers.bandit]\nenable = true\n",
            ".aigate.toml",
            "analyzers.bandit.enable: unknown key",
        ),
        (
            "[analyzers.semgrep]\nsummaries = 1\n",
            ".aigate.toml",
            "analyzers.semgrep.summaries: expected true or false",
        ),
        (
            '[analyzers.semgrep]\nslice = "no"\n',
            ".aigate.toml",
            "analyzers.semgrep.slice: expected true or false",
        ),
        (
            "[analyzers.pylint]\nslice = false\n",
            ".aigate.toml",
            "analyzers.pylint.slice: unknown key",
        ),
        (
            "[analyzers.bandit]\nsummaries = false\n",
            ".aigate.toml",
            "analyzers.bandit.summaries: unknown key",
        ),
        (
            "max_file_size = true\n",
            ".aigate.toml",
            "max_file_size: expected a positive whole number",
        ),
        ("fail_on = \n", ".aigate.toml", ".aigate.toml: not valid TOML"),
    ],
)
def test_errors_name_file_and_key(text: str, filename: str, message: str) -> None:
    with pytest.raises(ConfigError) as info:
        parse_config(text, filename)
    assert message in str(info.value)


def test_explicit_missing_file_is_an_error() -> None:
    with pytest.raises(ConfigError, match="ci/gate.toml: config file not found at 0123456789ab"):
        load_config(lambda _path: None, "ci/gate.toml", "0123456789abcdef")


def test_dedicated_file_wins_over_pyproject() -> None:
    files = {
        ".aigate.toml": b'fail_on = "low"\n',
        "pyproject.toml": b'[tool.aigate]\nfail_on = "high"\n',
    }
    config, source = load_config(files.get, None, "abc")
    assert config.fail_on is Severity.LOW
    assert source is not None and source.describe() == ".aigate.toml at abc"


def test_cli_overrides_win_and_are_validated() -> None:
    config = with_overrides(GateConfig(), fail_on="critical", scope=None)
    assert config.fail_on is Severity.CRITICAL and config.scope == "all"
    with pytest.raises(ConfigError, match="--fail-on"):
        with_overrides(GateConfig(), fail_on="bogus")

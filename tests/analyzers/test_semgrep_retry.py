"""semgrep's per-rule timeout: configurable, a timed-out file retried alone, then fail closed.

Whether a real rule times out depends on machine load, so a fake semgrep-core on PATH plays the
timeout (in the shape semgrep-core 1.185 reports it) and records how it was called.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from analyzer_support import make_context
from conftest import FakeTool

from gate.analyzers.semgrep import SemgrepAnalyzer
from gate.config import parse_config
from gate.errors import ConfigError
from gate.model import AnalyzerSettings, RunStatus

TIMEOUT_ON_BIG = (
    '{"version": "1.185.0", "results": [], "skipped_rules": [],'
    ' "errors": [{"error_type": "Timeout", "severity": "warn", "message": "",'
    ' "location": {"path": "big.py", "start": {"line": 1, "col": 1, "offset": 0},'
    ' "end": {"line": 1, "col": 1, "offset": 0}}, "rule_id": "s-x"}],'
    ' "paths": {"scanned": ["a.py", "big.py"]}}'
)
"""What semgrep prints when rule s-x timed out on big.py (a.py was fine)."""
BIG_ALONE_OK = (
    '{"version": "1.185.0", "errors": [], "skipped_rules": [], "paths": {"scanned": ["big.py"]},'
    ' "results": [{"check_id": "s-x", "path": "big.py", "start": {"line": 2, "col": 1},'
    ' "end": {"line": 2, "col": 4}, "extra": {"severity": "INFO", "message": "m"}}]}'
)
"""The retry of big.py alone, which finished in its longer time."""


def fake_semgrep(fake_tool: FakeTool, calls: Path, retry_output: str) -> None:
    """First call: a timeout on big.py; a call on big.py alone prints ``retry_output``."""
    fake_tool(
        "semgrep",
        f"""\
        prev=; for arg in "$@"; do [ "$prev" = -targets ] && listed=$arg; prev=$arg; done
        echo "$* $(cat "$listed")" >> "{calls}"
        echo .
        case "$(cat "$listed")" in
          *'"a.py"'*) echo '{TIMEOUT_ON_BIG}' ;;
          *) echo '{retry_output}' ;;
        esac
        """,
    )


def standin(base: Path) -> SemgrepAnalyzer:
    rules = base / "standin-rules"
    rules.mkdir()
    (rules / "x.yaml").write_text(
        "rules:\n  - {id: s-x, languages: [python], severity: INFO, message: m, pattern: f()}\n"
    )
    return SemgrepAnalyzer(rules_dir=rules)


FILES = {"a.py": "x = 1\n", "big.py": "x = 1\nf()\n"}
SETTINGS = AnalyzerSettings(timeout=120.0, rule_timeout=7)


def test_a_timed_out_file_is_retried_alone_with_more_time(
    tmp_path: Path, fake_tool: FakeTool
) -> None:
    calls = tmp_path / "calls.txt"
    fake_semgrep(fake_tool, calls, BIG_ALONE_OK)
    result = standin(tmp_path).run(make_context(tmp_path, FILES, settings=SETTINGS))
    assert result.status is RunStatus.OK, result.errors
    assert [(f.rule_id, f.location.path, f.location.start_line) for f in result.findings] == [
        ("s-x", "big.py", 2)
    ]
    first, retry = calls.read_text().splitlines()
    assert "-timeout 7 " in first and '"a.py"' in first and '"big.py"' in first
    assert "-timeout 28 " in retry and '"big.py"' in retry and '"a.py"' not in retry
    assert "-j " not in first and "-j 1 " in retry  # one file: one worker; else its default
    # per-file time: the batch shared by size, the retry's own time added to big.py
    assert [path for path, _ in result.file_seconds] == ["a.py", "big.py"]
    assert sum(s for _, s in result.file_seconds) == pytest.approx(result.duration)


def test_a_file_that_times_out_again_fails_the_run_naming_file_and_rule(
    tmp_path: Path, fake_tool: FakeTool
) -> None:
    calls = tmp_path / "calls.txt"
    fake_semgrep(fake_tool, calls, TIMEOUT_ON_BIG.replace('"a.py", ', ""))
    result = standin(tmp_path).run(make_context(tmp_path, FILES, settings=SETTINGS))
    assert result.status is RunStatus.FAILED
    assert result.errors == (
        "semgrep: big.py: rule s-x timed out after 28 s on this file also when retried alone; "
        "raise analyzers.semgrep.rule_timeout or exclude the file",
    )
    assert len(calls.read_text().splitlines()) == 2


def test_rule_timeout_is_configured_and_validated() -> None:
    config = parse_config("[analyzers.semgrep]\nrule_timeout = 90\n", ".aigate.toml")
    assert config is not None and config.analyzers["semgrep"].rule_timeout == 90
    assert AnalyzerSettings().rule_timeout == 60  # safer than semgrep's 5 s and our old 30 s
    for bad in ("0", "-1", "1.5", "true", '"60"', "3601"):
        with pytest.raises(ConfigError, match=r"analyzers\.semgrep\.rule_timeout"):
            parse_config(f"[analyzers.semgrep]\nrule_timeout = {bad}\n", ".aigate.toml")
    with pytest.raises(ConfigError, match=r"analyzers\.bandit\.rule_timeout: unknown key"):
        parse_config("[analyzers.bandit]\nrule_timeout = 60\n", ".aigate.toml")


def test_a_timeout_in_the_function_summaries_pass_fails_closed(
    tmp_path: Path, fake_tool: FakeTool
) -> None:
    """Pass 1 (gate.analyzers.summarize) gets the retry's longer budget up front; a timeout
    there would make cross-function findings depend on load, so the run fails naming the file."""
    from gate.analyzers.base import ToolFailure
    from gate.analyzers.summarize import _call

    calls = tmp_path / "calls.txt"
    fake_semgrep(fake_tool, calls, BIG_ALONE_OK)
    ctx = make_context(tmp_path, FILES, settings=SETTINGS)
    config = tmp_path / "summary-rules-0.json"
    config.write_text('{"rules": []}')
    with pytest.raises(ToolFailure, match=r"big\.py: rule s-x timed out after 28 s"):
        _call(ctx, "semgrep", config, ("a.py", "big.py"), {})
    assert "-timeout 28 " in calls.read_text()

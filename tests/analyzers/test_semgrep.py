"""The semgrep adapter against the real semgrep, with a tiny rule file and with our rules/."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from analyzer_support import hits, make_context

from gate.analyzers.semgrep import (
    RuleSet,
    SemgrepAnalyzer,
    _cwe_ids,
    _rule_id,
    bundled_rules_dir,
    rule_files,
)
from gate.errors import RuleError
from gate.model import AnalyzerRun, Confidence, RunStatus, Severity

TINY_RULES = """\
rules:
  - id: t-os-system
    languages: [python]
    severity: ERROR
    message: os.system runs a shell
    pattern: os.system(...)
    metadata:
      name: OS system call
      cwe: ["CWE-78: Improper Neutralization ('OS Command Injection')", "CWE-88"]
      confidence: HIGH
      fix: use subprocess.run([...]) without a shell
      references: ["https://example.com/t-os-system", "https://example.com/other"]
  - id: t-print
    languages: [python]
    severity: INFO
    message: print call
    pattern: print(...)
  - id: t-input
    languages: [python]
    severity: WARNING
    message: input call
    pattern: input(...)
    metadata:
      aigate-severity: critical
      confidence: low
"""

ONE = """\
import os


def f(x):
    os.system(x)
    print(x)
    input(x)  # nosemgrep
    return eval(x)
"""

VIEWS = """\
import sqlite3
import subprocess

from flask import Flask, request

app = Flask(__name__)


@app.route("/user")
def user():
    cursor = sqlite3.connect("db").cursor()
    cursor.execute(f"SELECT * FROM users WHERE id = {request.args['id']}")
    cmd = request.args["cmd"]
    subprocess.run(cmd, shell=True)
"""

# Directories semgrep ignores by default when it walks a tree, and names that look like options.
ODD_PATHS = (
    "tests/test_x.py",
    "node_modules/pkg/n.py",
    "build/b.py",
    "vendor/v.py",
    "dist/d.py",
    ".git/g.py",
    ".venv/lib/l.py",
    "--config=evil.py",
    "-rf.py",
)


def _rules(directory: Path, name: str, text: str) -> Path:
    path = directory / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


STANDIN_RULES = """\
rules:
  - id: s-eval
    languages: [python]
    severity: WARNING
    message: eval call
    pattern: eval(...)
"""
"""Stands in for our rules/ folder, so these tests do not depend on rules being edited."""


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> AnalyzerRun:
    """One semgrep call: stand-in rules plus the tiny extra rules, over every kind of file."""
    base = tmp_path_factory.mktemp("semgrep")
    (base / "cfg").mkdir()
    (base / "ours" / "python").mkdir(parents=True)
    _rules(base / "ours" / "python", "standin.yaml", STANDIN_RULES)
    (base / "ours" / "python" / "standin.py").write_text("eval(x)  # ruleid: s-eval\n")
    extra = _rules(base / "cfg", "tiny.yaml", TINY_RULES)
    files = {
        "app/one.py": ONE,
        "app/clean.py": "def add(a, b):\n    return a + b\n",
        **dict.fromkeys(ODD_PATHS, "print(1)\n"),
        # A .semgrepignore of the scanned repo must not hide anything.
        ".semgrepignore": "*.py\napp/\ntests/\n",
    }
    ctx = make_context(base, files, extra_rules=(extra,))
    return SemgrepAnalyzer(rules_dir=base / "ours").run(ctx)


@pytest.fixture
def standin(tmp_path: Path) -> SemgrepAnalyzer:
    """An analyzer whose own rules are the stand-in file."""
    (tmp_path / "ours").mkdir()
    _rules(tmp_path / "ours", "standin.yaml", STANDIN_RULES)
    return SemgrepAnalyzer(rules_dir=tmp_path / "ours")


def test_run_is_ok_with_a_version(run: AnalyzerRun) -> None:
    assert run.status is RunStatus.OK, run.errors
    assert run.version and run.version[0].isdigit()


def test_tiny_rules_exact_findings_and_mapping(run: AnalyzerRun) -> None:
    tiny = {
        f.rule_id: f
        for f in run.findings
        if f.rule_id.startswith("t-") and f.location.path == "app/one.py"
    }
    assert sorted((r, f.location.start_line) for r, f in tiny.items()) == [
        ("t-input", 7),  # '# nosemgrep' does not hide it
        ("t-os-system", 5),
        ("t-print", 6),
    ]
    system, printed, inputted = tiny["t-os-system"], tiny["t-print"], tiny["t-input"]
    assert (system.severity, system.confidence) == (Severity.HIGH, Confidence.HIGH)
    assert (printed.severity, printed.confidence) == (Severity.LOW, Confidence.MEDIUM)
    assert (inputted.severity, inputted.confidence) == (Severity.CRITICAL, Confidence.LOW)
    assert system.cwe == (78, 88)
    assert system.rule_name == "OS system call"
    assert system.fix == "use subprocess.run([...]) without a shell"
    assert system.help_uri == "https://example.com/t-os-system"
    assert system.message == "os.system runs a shell"
    assert system.analyzer == "semgrep"
    loc = system.location
    assert (loc.start_line, loc.end_line, loc.start_column, loc.end_column) == (5, 5, 5, 17)
    assert printed.cwe == () and printed.help_uri is None and printed.fix is None


def test_clean_file_has_no_findings(run: AnalyzerRun) -> None:
    assert hits(run.findings, "app/clean.py") == []


@pytest.mark.parametrize("path", ODD_PATHS)
def test_default_ignored_dirs_and_option_like_names_are_scanned(
    run: AnalyzerRun, path: str
) -> None:
    assert ("t-print", 1) in hits(run.findings, path)


def test_merged_rules_ours_then_extra(run: AnalyzerRun) -> None:
    standin = [f for f in run.findings if f.rule_id == "s-eval"]
    assert [(f.location.path, f.location.start_line, f.severity) for f in standin] == [
        ("app/one.py", 8, Severity.MEDIUM)
    ]


def test_our_rules_catch_sql_or_command_injection(tmp_path: Path) -> None:
    ours = rule_files(bundled_rules_dir())
    if not ours:
        pytest.skip(f"{bundled_rules_dir()} has no rule YAML yet")
    result = SemgrepAnalyzer().run(make_context(tmp_path, {"app/views.py": VIEWS}))
    assert result.status is RunStatus.OK, result.errors
    found = [(f.rule_id, f.location.start_line, f.cwe) for f in result.findings]
    assert any({78, 89} & set(cwe) for _, _, cwe in found), found
    assert all("." not in rule_id for rule_id, _, _ in found)  # no 'tmp.x.cfg.' prefixes


def test_invalid_rule_pattern_fails_the_run(tmp_path: Path, standin: SemgrepAnalyzer) -> None:
    bad = _rules(
        tmp_path,
        "bad.yaml",
        """\
        rules:
          - id: t-broken
            languages: [python]
            severity: ERROR
            message: broken
            pattern: os.system(
        """,
    )
    result = standin.run(make_context(tmp_path, {"a.py": "x = 1\n"}, extra_rules=(bad,)))
    assert result.status is RunStatus.FAILED
    assert result.errors[0].startswith(
        "semgrep: rule t-broken: Rule parse error: Invalid pattern"
    ), result.errors


def test_duplicate_rule_id_names_both_files(tmp_path: Path, standin: SemgrepAnalyzer) -> None:
    rule = (
        "rules:\n  - {id: t-dup, languages: [python], severity: INFO, message: m, pattern: f()}\n"
    )
    first = _rules(tmp_path, "first.yaml", rule)
    second = _rules(tmp_path, "second.yml", rule)
    ctx = make_context(tmp_path, {"a.py": "f()\n"}, extra_rules=(first, second))
    result = standin.run(ctx)
    assert result.status is RunStatus.FAILED
    (message,) = result.errors
    assert "'t-dup'" in message and str(first) in message and str(second) in message


def test_extra_rule_cannot_shadow_one_of_ours(tmp_path: Path, standin: SemgrepAnalyzer) -> None:
    shadow = _rules(
        tmp_path,
        "shadow.yaml",
        """\
        rules:
          - id: s-eval
            languages: [python]
            severity: INFO
            message: harmless
            pattern: nothing_matches_this_name()
        """,
    )
    ctx = make_context(tmp_path, {"a.py": "x = 1\n"}, extra_rules=(shadow,))
    result = standin.run(ctx)
    assert result.status is RunStatus.FAILED
    (message,) = result.errors
    assert "standin.yaml" in message and str(shadow) in message


def test_no_rules_at_all_is_a_broken_installation(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    with pytest.raises(RuleError, match="holds no rule YAML; reinstall"):
        SemgrepAnalyzer(rules_dir=tmp_path / "empty").run(make_context(tmp_path, {"a.py": ""}))


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        (
            "rules: [{id: t-x, languages: [python], severity: INFO, message: m, pattern: f(),"
            " metadata: {aigate-severity: severe}}]",
            "unknown aigate-severity 'severe'",
        ),
        (
            "rules: [{id: t-x, languages: [python], severity: INFO, message: m, pattern: f(),"
            " metadata: {confidence: certain}}]",
            "unknown confidence 'certain'",
        ),
        ("rules: [{languages: [python]}]", "a rule has no string 'id'"),
        ("just: text", "no top-level 'rules' list"),
        ("rules: [unclosed", "cannot read it"),
    ],
)
def test_broken_extra_rule_files_fail_before_semgrep_runs(
    tmp_path: Path, standin: SemgrepAnalyzer, text: str, problem: str
) -> None:
    extra = _rules(tmp_path, "extra.yaml", text)
    result = standin.run(make_context(tmp_path, {"a.py": "f()\n"}, extra_rules=(extra,)))
    assert result.status is RunStatus.FAILED
    assert problem in result.errors[0] and str(extra) in result.errors[0]


def test_missing_extra_rule_path_fails(tmp_path: Path, standin: SemgrepAnalyzer) -> None:
    ctx = make_context(tmp_path, {"a.py": "x = 1\n"}, extra_rules=(tmp_path / "nope.yaml",))
    result = standin.run(ctx)
    assert result.status is RunStatus.FAILED
    assert result.errors == (
        f"semgrep: extra rule path {tmp_path / 'nope.yaml'} does not exist or is empty",
    )


def test_bundled_rules_come_from_the_package_not_the_cwd(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "rules").mkdir()
    monkeypatch.chdir(tmp_path)
    found = bundled_rules_dir()
    assert found != tmp_path / "rules"
    assert found.name in ("rules", "_rules")
    assert all(p.suffix in (".yaml", ".yml") for p in rule_files(found))


@pytest.mark.parametrize(
    ("check_id", "expected"),
    [
        ("sql-injection-tainted", "sql-injection-tainted"),
        ("tmp.x.cfg.sql-injection-tainted", "sql-injection-tainted"),
        ("tmp.x.cfg.injection", "injection"),
        ("unknown.rule", "unknown.rule"),
    ],
)
def test_rule_id_prefix_is_stripped(check_id: str, expected: str) -> None:
    ruleset = RuleSet((), {"sql-injection-tainted": Path("a"), "injection": Path("b")})
    assert _rule_id(check_id, ruleset) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (["CWE-89: Improper Neutralization ... ('SQL Injection')"], (89,)),
        ("CWE-798: Use of Hard-coded Credentials", (798,)),
        (["CWE-78", "cwe-88: x", "CWE-78: again", "not a cwe"], (78, 88)),
        (None, ()),
        ([], ()),
    ],
)
def test_cwe_ids_are_parsed(value: object, expected: tuple[int, ...]) -> None:
    assert _cwe_ids(value) == expected

"""The bandit adapter against the real bandit."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from analyzer_support import hits, make_context

from gate.analyzers.bandit import CWE_OVERRIDES, BanditAnalyzer
from gate.analyzers.base import find_executable
from gate.model import AnalyzerRun, Confidence, RunStatus, Severity

VULNERABLE = """\
    import hashlib
    import pickle
    import subprocess

    import requests
    import yaml


    def handler(cursor, user, data, cmd):
        hashlib.md5(user.encode())
        eval(data)  # nosec
        subprocess.call(cmd, shell=True)
        cursor.execute("SELECT * FROM users WHERE name = '%s'" % user)
        yaml.load(data)
        requests.get("https://example.com", verify=False, timeout=5)
        return pickle.loads(data)
"""

CLEAN = """\
    import json


    def load(text: str) -> dict:
        return json.loads(text)
"""

EVAL = "def f(x):\n    return eval(x)\n"

# File names that would be options if they ever reached argv unprotected, and directories
# that bandit excludes by default (even '.github' matches its '.git' substring test).
ODD_PATHS = (
    "--config=evil.py",
    "-rf.py",
    "--exclude=pkg/x.py",
    ".tox/t.py",
    ".git/hooks/h.py",
    ".github/scripts/g.py",
    "dist/x.egg/e.py",
    "CVS/c.py",
    "__pycache__/p.py",
)


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> AnalyzerRun:
    """One bandit run over the vulnerable, clean and oddly placed files."""
    files = {"app/vuln.py": VULNERABLE, "app/clean.py": CLEAN, **dict.fromkeys(ODD_PATHS, EVAL)}
    return BanditAnalyzer().run(make_context(tmp_path_factory.mktemp("bandit"), files))


def test_run_is_ok_with_a_version(run: AnalyzerRun) -> None:
    assert run.status is RunStatus.OK, run.errors
    assert run.errors == ()
    assert run.version is not None and re.fullmatch(r"\d+\.\d+(\.\d+)?\S*", run.version)
    assert run.duration > 0


def test_vulnerable_file_exact_findings(run: AnalyzerRun) -> None:
    found = {
        (f.rule_id, f.location.start_line): (f.severity, f.confidence, f.cwe)
        for f in run.findings
        if f.location.path == "app/vuln.py"
    }
    high, medium, low = Severity.HIGH, Severity.MEDIUM, Severity.LOW
    sure, fair = Confidence.HIGH, Confidence.MEDIUM
    assert found == {
        ("B403", 2): (low, sure, (502,)),
        ("B404", 3): (low, sure, (78,)),
        ("B324", 10): (high, sure, (328, 327)),
        ("B307", 11): (medium, sure, (95, 94)),  # "# nosec" does not hide it
        ("B602", 12): (high, sure, (78,)),
        ("B608", 13): (medium, fair, (89,)),
        ("B506", 14): (medium, sure, (502,)),
        ("B501", 15): (high, sure, (295,)),
        ("B301", 16): (medium, sure, (502,)),
    }


def test_finding_details(run: AnalyzerRun) -> None:
    md5 = next(f for f in run.findings if f.rule_id == "B324")
    assert md5.analyzer == "bandit"
    assert md5.location.start_column == 5  # 1-based
    assert md5.location.end_column == 5 + len("hashlib.md5(user.encode())")
    assert md5.location.end_line == 10
    assert "MD5" in md5.message
    assert md5.help_uri and md5.help_uri.startswith("https://bandit.readthedocs.io/")
    assert md5.rule_name == "hashlib"


def test_clean_file_has_no_findings(run: AnalyzerRun) -> None:
    assert hits(run.findings, "app/clean.py") == []


@pytest.mark.parametrize("path", ODD_PATHS)
def test_odd_paths_are_scanned_as_files(run: AnalyzerRun, path: str) -> None:
    assert hits(run.findings, path) == [("B307", 2)]


def test_cwe_table_names_the_most_precise_weakness() -> None:
    assert CWE_OVERRIDES["B307"] == CWE_OVERRIDES["B102"] == (95, 94)  # eval injection, a 94
    assert CWE_OVERRIDES["B303"][0] == CWE_OVERRIDES["B324"][0] == 328
    assert CWE_OVERRIDES["B506"] == (502,)
    assert CWE_OVERRIDES["B201"][0] == 489
    assert all(re.fullmatch(r"B\d{3}", k) for k in CWE_OVERRIDES)


def test_syntax_error_fails_the_run(tmp_path: Path) -> None:
    files = {"ok.py": EVAL, "broken.py": "def f(:\n    pass\n"}
    result = BanditAnalyzer().run(make_context(tmp_path, files))
    assert result.status is RunStatus.FAILED
    assert len(result.errors) == 1
    assert result.errors[0].startswith("bandit: broken.py: could not parse it")
    assert result.findings == ()  # a partial result is no result


def test_missing_target_fails_the_run(tmp_path: Path) -> None:
    # bandit itself exits 0 for a path that does not exist.
    ctx = make_context(tmp_path, {"ok.py": EVAL}, targets=("ok.py", "gone.py"))
    result = BanditAnalyzer().run(ctx)
    assert result.status is RunStatus.FAILED
    assert [e for e in result.errors if "gone.py" in e] == [
        "bandit: gone.py: could not scan: No such file or directory"
    ]


def _bandit_python() -> tuple[int, int] | None:
    exe = find_executable("bandit")
    if exe is None:
        return None
    out = subprocess.run((exe, "--version"), capture_output=True, text=True, check=False).stdout
    match = re.search(r"python version\s*=\s*(\d+)\.(\d+)", out)
    return (int(match.group(1)), int(match.group(2))) if match else None


@pytest.mark.skipif(
    (_bandit_python() or (0, 0)) >= (3, 12) or _bandit_python() is None,
    reason="bandit runs under Python >= 3.12, which parses PEP 701 f-strings",
)
def test_pep701_fstring_under_older_python_says_which_python(tmp_path: Path) -> None:
    source = "def f(x):\n    return f'{x.decode('utf-8')}'\n"
    py312 = sorted(Path("/root/.pyenv/versions").glob("3.12*"))
    if py312 and shutil.which(str(py312[0] / "bin" / "python")):
        check = subprocess.run(
            (str(py312[0] / "bin" / "python"), "-c", f"import ast; ast.parse({source!r})"),
            check=False,
        )
        assert check.returncode == 0, "the snippet must be valid Python 3.12"
    result = BanditAnalyzer().run(make_context(tmp_path, {"modern.py": source}))
    assert result.status is RunStatus.FAILED
    (message,) = result.errors
    assert message.startswith("bandit: modern.py: could not parse it under Python 3.")
    assert "Python >= 3.12 recommended" in message

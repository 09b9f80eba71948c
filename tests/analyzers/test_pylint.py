"""The pylint adapter against the real pylint."""

from __future__ import annotations

from pathlib import Path

import pytest
from analyzer_support import hits, make_context

from gate.analyzers.pylint import RCFILE, RULES, PylintAnalyzer
from gate.model import AnalyzerRun, Confidence, RunStatus, Severity

VULNERABLE = """\
    import os
    from os import path_that_does_not_exist
    import json


    def greet(name):
        return "hi " + name


    def handler(data):
        eval(data)
        exec(data)
        os.makedirs_fast("x")
        greet("a", shout=True)
        json.dumps(data)
        return undefined_helper(data), path_that_does_not_exist
"""

SUPPRESSED = """\
    import os


    def handler(data):
        eval(data)  # pylint: disable=eval-used
        # pylint: disable-next=no-member
        os.nope()
        return data
"""

CLEAN = """\
    import json


    def load(text):
        return json.loads(text)
"""

EVAL = "def f(x):\n    return eval(x)\n"

# Names that look like options, and paths pylint ignores by default (ignore=CVS, ^\.#).
ODD_PATHS = ("--rcfile=evil.py", "-rf.py", "--load-plugins=x.py", ".#lock.py", "CVS/c.py")

# The scanned repo's configs: each would disable everything or run code if pylint read it.
HOSTILE_CONFIGS = {
    "pylintrc": "[MAIN]\ninit-hook=open('PWNED', 'w')\ndisable=all\n",
    ".pylintrc": "[MESSAGES CONTROL]\ndisable=all\n",
    "pyproject.toml": "[tool.pylint.main]\ninit-hook = \"open('PWNED', 'w')\"\n"
    "[tool.pylint.'messages control']\ndisable = ['all']\n",
    "setup.cfg": "[pylint.messages_control]\ndisable=all\n",
    "tox.ini": "[pylint]\ndisable=all\n",
}


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> AnalyzerRun:
    """One pylint run over vulnerable, suppressed, clean and oddly named files."""
    files = {
        "app/vuln.py": VULNERABLE,
        "app/suppressed.py": SUPPRESSED,
        "app/clean.py": CLEAN,
        "app/skipped.py": "# pylint: skip-file\n" + EVAL,
        **dict.fromkeys(ODD_PATHS, EVAL),
        **HOSTILE_CONFIGS,
    }
    base = tmp_path_factory.mktemp("pylint")
    mp = pytest.MonkeyPatch()
    mp.setenv("PYLINTRC", str(base / "ws" / "pylintrc"))  # the user's env must not steer it
    try:
        result = PylintAnalyzer().run(make_context(base, files))
    finally:
        mp.undo()
    assert not (base / "ws" / "PWNED").exists(), "an init-hook from the scanned repo ran"
    return result


def test_run_is_ok_with_a_version(run: AnalyzerRun) -> None:
    assert run.status is RunStatus.OK, run.errors
    assert run.version and run.version[0].isdigit()


def test_vulnerable_file_exact_findings(run: AnalyzerRun) -> None:
    found = {
        (f.rule_id, f.location.start_line): (f.severity, f.cwe)
        for f in run.findings
        if f.location.path == "app/vuln.py"
    }
    medium, low = Severity.MEDIUM, Severity.LOW
    assert found == {
        ("E0611", 2): (medium, (1357,)),
        ("W0123", 11): (medium, (95, 94)),
        ("W0122", 12): (medium, (95, 94)),
        ("E1101", 13): (medium, (1357,)),
        ("E1123", 14): (medium, (628, 1357)),
        ("E0602", 16): (low, (1357,)),
    }


def test_finding_details(run: AnalyzerRun) -> None:
    (member,) = [
        f for f in run.findings if f.rule_id == "E1101" and f.location.path == "app/vuln.py"
    ]
    assert member.analyzer == "pylint"
    assert member.message == "Module 'os' has no 'makedirs_fast' member"
    assert member.confidence is Confidence.MEDIUM  # pylint says INFERENCE
    assert member.rule_name == "no-member"
    assert member.help_uri == (
        "https://pylint.readthedocs.io/en/stable/user_guide/messages/error/no-member.html"
    )
    loc = member.location
    end = 5 + len("os.makedirs_fast")  # pylint marks the attribute, not the call
    assert (loc.start_line, loc.start_column, loc.end_line, loc.end_column) == (13, 5, 13, end)


def test_inline_disables_do_not_hide_findings(run: AnalyzerRun) -> None:
    assert hits(run.findings, "app/suppressed.py") == [("E1101", 7), ("W0123", 5)]
    eval_used = next(
        f for f in run.findings if f.location.path == "app/suppressed.py" and f.rule_id == "W0123"
    )
    assert eval_used.severity is Severity.MEDIUM
    assert "inline pylint disable" in eval_used.message


def test_skip_file_is_itself_a_finding(run: AnalyzerRun) -> None:
    assert hits(run.findings, "app/skipped.py") == [("I0013", 1)]


def test_clean_file_has_no_findings(run: AnalyzerRun) -> None:
    assert hits(run.findings, "app/clean.py") == []


@pytest.mark.parametrize("path", ODD_PATHS)
def test_odd_paths_are_scanned(run: AnalyzerRun, path: str) -> None:
    assert hits(run.findings, path) == [("W0123", 2)]


def test_rcfile_ships_with_the_package() -> None:
    assert RCFILE.is_file()
    text = RCFILE.read_text(encoding="utf-8")
    assert "load-plugins=\n" in text and "unsafe-load-any-extension=no" in text
    assert all(rule.symbol in text for rule in RULES.values())


def test_syntax_error_fails_the_run(tmp_path: Path) -> None:
    files = {"ok.py": EVAL, "broken.py": "def f(:\n    pass\n"}
    result = PylintAnalyzer().run(make_context(tmp_path, files))
    assert result.status is RunStatus.FAILED
    (message,) = result.errors
    assert message.startswith("pylint: broken.py: not analysed: E0001 syntax-error")
    assert result.findings == ()


def test_missing_target_fails_the_run(tmp_path: Path) -> None:
    ctx = make_context(tmp_path, {"ok.py": EVAL}, targets=("ok.py", "gone.py"))
    result = PylintAnalyzer().run(ctx)
    assert result.status is RunStatus.FAILED
    (message,) = result.errors
    assert message.startswith("pylint: gone.py: not analysed: F0001 fatal")


LAZY_PACKAGE = {
    # __getattr__ in __init__ and __all__ built at run time: names pylint cannot see statically
    "shop/__init__.py": "import importlib\n__all__ = [n for n in ('Cart',)]\n\n"
    "def __getattr__(name):\n    return getattr(importlib.import_module('shop.cart'), name)\n",
    "shop/cart.py": "class Cart:\n    pass\n",
    "shop/money.py": "def parse_money(text):\n    return text\n",
    "lazy_attach/__init__.py": "import lazy_loader\n__getattr__, __dir__, __all__ = "
    "lazy_loader.attach(__name__, ['x'])\n",
}


def test_missing_names_only_reported_where_the_module_resolves_fully(tmp_path: Path) -> None:
    app = (
        "import hashlib\n"
        "from shop import Cart\n"  # lazy export: real, never reported
        "from shop.money import parse_amount\n"  # project module without __getattr__
        "from lazy_attach import anything\n"
        "import click\n"  # found only in aigate's own environment: not the project's truth
        "hashlib.sha256_hash(b'')\n"
        "click.echo_err('x')\n"
    )
    ctx = make_context(tmp_path, {**LAZY_PACKAGE, "web/app.py": app}, targets=("web/app.py",))
    result = PylintAnalyzer().run(ctx)
    assert result.status is RunStatus.OK, result.errors
    assert hits(result.findings, "web/app.py") == [("E0611", 3), ("E1101", 6)]

"""The mypy adapter against the real mypy: hallucinated APIs only, our config only."""

from __future__ import annotations

from pathlib import Path

import pytest
from analyzer_support import hits, make_context

from gate.analyzers.mypy import RULES, MypyAnalyzer, beyond_imports
from gate.model import AnalyzerRun, RunStatus

INVENTED = """\
    import hashlib
    import subprocess
    from itertools import chunked

    from pkg.helpers import slugify_text


    def digest(data):
        return hashlib.sha256_hash(data).hexdigest()


    def branch(repo):
        return subprocess.run(
            ["git", "branch"],
            cwd=repo,
            capture=True,
        )


    def pages(items):
        return list(chunked(items, 2)), slugify_text("x"), undefined_helper()
"""

REAL = """\
    import hashlib
    import subprocess
    from itertools import pairwise

    import pkg
    from pkg.helpers import slugify


    def digest(data):
        return hashlib.blake2b(data, digest_size=16, person=b"x").hexdigest()


    def branch(repo):
        return subprocess.run(["git", "branch"], cwd=repo, capture_output=True, check=True)


    def pages(items):
        return list(pairwise(items)), slugify("x"), pkg.Lazy


    def mistyped(count: int) -> str:
        return count  # a type error, not a hallucinated API: not reported
"""

PROJECT = {
    "pkg/__init__.py": "def __getattr__(name):\n    return name\n",
    # Errors outside the targets are read for types and never reported.
    "pkg/helpers.py": "import os\n\ndef slugify(text):\n    return os.nope(text)\n",
}

# The scanned repo's mypy configs: each names a plugin that would write a marker file.
PLUGIN = "open(__file__ + '.PWNED', 'w').close()\ndef plugin(version):\n    return object\n"
HOSTILE_CONFIGS = {
    "evil_plugin.py": PLUGIN,
    "mypy.ini": "[mypy]\nplugins = evil_plugin.py\nignore_errors = True\n",
    ".mypy.ini": "[mypy]\nplugins = evil_plugin.py\nignore_errors = True\n",
    "setup.cfg": "[mypy]\nplugins = evil_plugin.py\nignore_errors = True\n",
    "pyproject.toml": '[tool.mypy]\nplugins = ["evil_plugin.py"]\nignore_errors = true\n',
}


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> AnalyzerRun:
    """One mypy run over an invented-API file and its real look-alike, in a hostile repo."""
    base = tmp_path_factory.mktemp("mypy")
    files = {"app/invented.py": INVENTED, "app/real.py": REAL, **PROJECT, **HOSTILE_CONFIGS}
    ctx = make_context(base, files, targets=("app/invented.py", "app/real.py"))
    result = MypyAnalyzer().run(ctx)
    assert not (base / "ws" / "evil_plugin.py.PWNED").exists(), "a repo mypy plugin ran"
    return result


def test_reports_invented_apis_only(run: AnalyzerRun) -> None:
    assert run.status is RunStatus.OK, run.errors
    assert run.version and run.version[0].isdigit()
    assert hits(run.findings, "app/invented.py") == [
        ("attr-defined", 3),  # from itertools import chunked
        ("attr-defined", 5),  # from pkg.helpers import slugify_text (the project's own module)
        ("attr-defined", 9),  # hashlib.sha256_hash
        ("call-overload", 13),  # subprocess.run(capture=True), keyword on the call's 4th line
        ("name-defined", 21),
    ]
    assert hits(run.findings, "app/real.py") == []  # lazy __getattr__ exports and a type error
    assert {f.location.path for f in run.findings} == {"app/invented.py"}  # not pkg/helpers.py


def test_findings_carry_span_cwe_and_help(run: AnalyzerRun) -> None:
    by_line = {f.location.start_line: f for f in run.findings}
    call = by_line[13]
    assert call.message.startswith('Unexpected keyword argument "capture"')
    assert (call.location.start_line, call.location.end_line) == (13, 17)
    assert call.cwe == (628, 1357)
    assert by_line[9].cwe == (1357,)
    assert by_line[9].location.start_column == 12
    for finding in run.findings:
        assert finding.analyzer == "mypy" and finding.rule_id in RULES
        assert finding.help_uri and finding.help_uri.startswith("https://mypy.readthedocs.io/")
        assert finding.fix


def test_syntax_error_fails_closed(tmp_path: Path) -> None:
    ctx = make_context(tmp_path, {"ok.py": "x = 1\n", "broken.py": "def f(:\n    pass\n"})
    result = MypyAnalyzer().run(ctx)
    assert result.status is RunStatus.FAILED
    (message,) = result.errors
    assert message.startswith("mypy: broken.py: not analysed:")


def test_option_like_file_names_are_data(tmp_path: Path) -> None:
    files = {"--config-file=evil.py": "import os\nos.nope()\n", "-v.py": "x: int = 1\n"}
    result = MypyAnalyzer().run(make_context(tmp_path, files))
    assert result.status is RunStatus.OK, result.errors
    assert hits(result.findings, "--config-file=evil.py") == [("attr-defined", 2)]


def test_targets_of_one_module_are_checked_in_separate_runs(tmp_path: Path) -> None:
    """A package's __init__.py beside its __init__.pyi stub: mypy refuses both in one run
    ("Duplicate module named"); each is checked, never an ERROR."""
    made_up = "import os\n\n\ndef f():\n    return os.made_up()\n"
    files = {
        "src/lib/__init__.py": made_up,
        "src/lib/__init__.pyi": "import os\n\ndef f() -> int: ...\nX = os.made_up_too\n",
        "src/lib/other.py": made_up,
    }
    result = MypyAnalyzer().run(make_context(tmp_path, files, targets=tuple(files)))
    assert result.status is RunStatus.OK, result.errors
    for path in ("src/lib/__init__.py", "src/lib/other.py"):
        assert hits(result.findings, path) == [("attr-defined", 5)], path
    assert hits(result.findings, "src/lib/__init__.pyi") == [("attr-defined", 4)]


HIDDEN = """\
import os
import subprocess


def f():
    a = os.made_up()  # type: ignore
    b = os.made_up2()  # type: ignore[attr-defined]
    c = os.getcwd()  # type: ignore[attr-defined]
    d = subprocess.run(["ls"], capture=True)  # type: ignore
    e: int = "x"  # type: ignore
    s = "os.nope()  # type: ignore[attr-defined]"
    return a, b, c, d, e, s
"""


def test_what_a_type_ignore_hid_is_reported(tmp_path: Path) -> None:
    """The scanned code cannot switch mypy's existence checks off with `# type: ignore`."""
    result = MypyAnalyzer().run(make_context(tmp_path, {"app.py": HIDDEN}))
    assert result.status is RunStatus.OK, result.errors
    assert hits(result.findings, "app.py") == [
        ("attr-defined", 6),  # a bare ignore that hid an attr-defined
        ("attr-defined", 7),  # an ignore naming the code it hid
        ("call-overload", 9),  # made-up keyword or mismatch: mypy does not say (low confidence)
    ]  # line 8 hid nothing, line 10 hid a type error (not ours), line 11 is a string
    by_line = {f.location.start_line: f for f in result.findings}
    assert "a bare `# type: ignore` hides mypy's attr-defined" in by_line[6].message
    assert by_line[6].confidence.value == "high" and by_line[9].confidence.value == "low"


REEXPORT_PROJECT = {
    "shop/__init__.py": "from shop.models import Order\n",
    "shop/models.py": "class Order:\n    def total(self) -> int:\n        return 1\n",
    "shop/checkout.py": "from shop import models\n\ndef pay(order: models.Order) -> int:\n"
    "    return order.total()\n",
    "shop/far.py": "import os\n\ndef helper() -> str:\n    return os.sep\n",
    "shop/uses_far.py": "from shop import far\n",
}
CALLER = """\
    from shop import Order, checkout, uses_far


    def run(order: Order) -> int:
        checkout.models.Order().refund()
        uses_far.far.not_there()
        return order.totals() + checkout.pay_all()
"""


def test_mypy_follows_what_the_targets_import_and_their_packages_re_export(
    tmp_path: Path,
) -> None:
    files = {**REEXPORT_PROJECT, "app.py": CALLER}
    ctx = make_context(tmp_path, files, targets=("app.py",))
    # what the target imports is followed, and what the package re-exports (models); far.py
    # only by a non-target: not
    assert beyond_imports(ctx) == ("shop.far",)
    result = MypyAnalyzer().run(ctx)
    assert result.status is RunStatus.OK, result.errors
    # Order through the package's re-export and checkout directly are known; far.py, two
    # imports away, is not followed: Any, no finding on line 6
    assert hits(result.findings, "app.py") == [
        ("attr-defined", 5),
        ("attr-defined", 7),
        ("attr-defined", 7),
    ]
    messages = " ".join(f.message for f in result.findings)
    assert all(name in messages for name in ('"refund"', '"totals"', '"pay_all"'))


def test_a_target_that_does_not_parse_limits_nothing(tmp_path: Path) -> None:
    ctx = make_context(tmp_path, {**REEXPORT_PROJECT, "app.py": "def f(:\n"}, targets=("app.py",))
    assert beyond_imports(ctx) == ()

"""The test-code policy cannot hide production code behind a test-like name."""

from __future__ import annotations

import pytest
from gitrepo import GitRepo
from test_fail_closed import VULN, blocking, scan, start

from gate.model import Disposition


def _set_aside(result: object) -> set[str]:
    return {
        d.finding.location.path
        for d in result.verdict.decisions  # type: ignore[attr-defined]
        if d.disposition is Disposition.TEST_CODE
    }


@pytest.mark.parametrize(
    "importer",
    [
        "from app.test_net import ping\n",
        "from app import test_net\n",
        "import app.test_net as net\n",
        "import importlib\nnet = importlib.import_module('app.test_net')\n",
    ],
)
def test_test_named_module_that_production_imports_is_judged(repo: GitRepo, importer: str) -> None:
    start(repo, files={"app/__init__.py": "", "app/views.py": "x = 1\n"})
    repo.commit("helper", files={"app/test_net.py": VULN, "app/views.py": importer})
    result = scan(repo)
    assert ("bandit/B602", "app/test_net.py", 4) in blocking(result)
    reason = next(
        d.reason for d in result.verdict.decisions if d.finding.location.path == "app/test_net.py"
    )
    assert "production code imports it" in reason


def test_real_test_code_stays_under_the_test_policy(repo: GitRepo) -> None:
    # imported only by other tests (and mentioned in a production comment): still test code
    start(repo, files={"app/__init__.py": "", "app/views.py": "x = 1\n"})
    repo.commit(
        "tests",
        files={
            "app/test_net.py": VULN,
            "tests/test_more.py": "from app.test_net import *\n",
            "app/views.py": "# see app/test_net.py for how ping is tested\nx = 2\n",
        },
    )
    result = scan(repo)
    assert not blocking(result)
    assert _set_aside(result) == {"app/test_net.py"}


@pytest.mark.parametrize(
    ("importer", "judged"),
    [
        # a module of the same name next to the importer, or nowhere: not the tests' main.py
        ("from main import app\n", False),
        ("import main\nmain.run()\n", False),
        ('import importlib\nimportlib.import_module("main")\n', False),
        # named through the tests package, or with the tests folder put on the path: imported
        ("from tests.main import app\n", True),
        ('import sys\nsys.path.insert(0, "tests")\nimport main\n', True),
    ],
)
def test_a_test_module_is_production_only_where_an_import_can_reach_it(
    repo: GitRepo, importer: str, judged: bool
) -> None:
    # fastapi's tests/main.py: docs examples `from main import app` their own main.py
    start(repo, files={"docs/__init__.py": "", "docs/app.py": "x = 1\n"})
    repo.commit(
        "tests", files={"tests/__init__.py": "", "tests/main.py": VULN, "docs/app.py": importer}
    )
    result = scan(repo)
    if judged:
        assert ("bandit/B602", "tests/main.py", 4) in blocking(result)
        assert "tests/main.py" not in _set_aside(result)
    else:
        assert not [b for b in blocking(result) if b[1] == "tests/main.py"]
        assert "tests/main.py" in _set_aside(result)


def test_a_relative_import_of_a_test_named_sibling_is_judged(repo: GitRepo) -> None:
    start(repo, files={"app/__init__.py": "", "app/views.py": "x = 1\n"})
    repo.commit(
        "helper", files={"app/test_net.py": VULN, "app/views.py": "from .test_net import ping\n"}
    )
    assert ("bandit/B602", "app/test_net.py", 4) in blocking(scan(repo))

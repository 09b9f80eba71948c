"""Analyzers see the whole project at the scanned revision; findings only for the change."""

from __future__ import annotations

from gitrepo import GitRepo
from test_scan import scan_json

HELPERS = '''"""Helpers of the project; unchanged by the pull request."""


def slugify(text):
    return text.lower().replace(" ", "-")


def broken_elsewhere():
    return undefined_name_in_an_unchanged_file
'''

LAZY_INIT = '''"""A package that exports its names lazily."""
import importlib

__all__ = [name for name in ("Inventory",)]


def __getattr__(name):
    return getattr(importlib.import_module("shop.inventory"), name)
'''

CHANGE = """from shop import Inventory
from shop.helpers import slugify, slugify_text


def url(name):
    return "/p/" + slugify(name) + slugify_text(name), Inventory
"""


def _hallucinated(report: dict) -> set[tuple[str, str, int]]:
    return {
        (f["rule_id"], f["path"], f["start_line"])
        for f in report["findings"]
        if f["rule_id"].startswith(("mypy/", "pylint/E"))
    }


def test_names_resolve_against_the_projects_other_files_at_head(repo: GitRepo) -> None:
    repo.commit(
        "base",
        files={
            "shop/__init__.py": LAZY_INIT,
            "shop/inventory.py": "class Inventory:\n    pass\n",
            "shop/helpers.py": HELPERS,
        },
    )
    repo.checkout("-b", "feature")
    repo.commit("Add product urls", files={"web/urls.py": CHANGE})
    # The live disk is not the scanned revision: a helper added there must not count.
    repo.write("shop/helpers.py", HELPERS + "\n\ndef slugify_text(text):\n    return text\n")
    code, report = scan_json(repo, "--base", "main", "--head", "feature", "--assume-ai")
    assert code == 1, report["reasons"]
    found = _hallucinated(report)
    assert ("mypy/attr-defined", "web/urls.py", 2) in found  # slugify_text does not exist at head
    assert not {f for f in found if f[2] == 1}, found  # the lazy export is real
    assert {path for _, path, _ in found} == {"web/urls.py"}  # helpers.py is context only
    assert all(f["path"] == "web/urls.py" for f in report["findings"])


def test_deps_env_names_an_environment_that_is_read(repo: GitRepo) -> None:
    site = repo.root.parent / "deps" / "lib" / "python3.11" / "site-packages"
    (site / "tinyapi").mkdir(parents=True)
    (site / "tinyapi" / "__init__.py").write_text("def real_call(x: int) -> int:\n    return x\n")
    (site / "tinyapi" / "py.typed").write_text("")
    repo.commit("base", files={"README.md": "app\n"})
    repo.checkout("-b", "feature")
    app = "import tinyapi\n\n\ndef use(x):\n    return tinyapi.real_call(x), tinyapi.made_up(x)\n"
    repo.commit("use tinyapi", files={"app.py": app})
    args = ("--base", "main", "--assume-ai")
    code, report = scan_json(repo, *args, "--deps-env", str(site.parents[2]))
    assert code == 1, report["reasons"]
    assert ("mypy/attr-defined", "app.py", 5) in _hallucinated(report)
    code, report = scan_json(repo, *args, "--deps-env", "off")  # the module is unknown
    assert code != 2 and not _hallucinated(report)
    code, report = scan_json(repo, *args, "--deps-env", str(repo.root.parent / "nope"))
    assert code == 2 and "--deps-env" in " ".join(report["reasons"])


def test_a_type_ignore_that_hides_a_made_up_keyword_is_reported(repo: GitRepo) -> None:
    repo.commit("base", files={"README.md": "app\n"})
    repo.checkout("-b", "feature")
    # pylint cannot see into subprocess.run's **kwargs; only mypy knows `capture` is made up
    app = "import subprocess\n\n\ndef ls():\n    return subprocess.run(['ls'], capture=True)\n"
    repo.commit("ls", files={"app.py": app})
    code, report = scan_json(repo, "--base", "main", "--assume-ai")
    assert code == 1 and _hallucinated(report) == {("mypy/call-overload", "app.py", 5)}, report
    repo.commit("silence", files={"app.py": app.replace("True)\n", "True)  # type: ignore\n")})
    code, report = scan_json(repo, "--base", "main", "--assume-ai")
    assert code == 1, report["reasons"]  # what the ignore hid is reported all the same
    [finding] = [f for f in report["findings"] if f["disposition"] == "blocking"]
    assert (finding["rule_id"], finding["start_line"]) == ("mypy/call-overload", 5)
    assert "a bare `# type: ignore` hides mypy's call-overload" in finding["message"]
    [comment] = [f for f in report["findings"] if f["rule_id"] == "aigate/suppression-comment"]
    assert comment["disposition"] == "warning" and comment["start_line"] == 5

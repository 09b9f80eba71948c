"""gate.deps: every manifest format, includes, PEP 723 blocks, monorepos, the import-name table."""

from __future__ import annotations

from pathlib import Path

import pytest
from gitrepo import GitRepo

from gate.checks.base import ProjectView
from gate.deps import (
    DependencyIndex,
    DependencyView,
    dependency_view,
    derived_import_names,
    distributions_for,
    import_table,
)


def repo_view(tmp_path: Path, files: dict[str, str]) -> ProjectView:
    """A real git repository with ``files`` committed, read back file by file from git."""
    repo = GitRepo(tmp_path / "repo")
    repo.commit("project", files=files)
    listed = tuple(repo.git("ls-files", "-z").split("\0")[:-1])

    def read(path: str) -> bytes | None:
        target = repo.root / path
        return target.read_bytes() if path in listed and target.is_file() else None

    return ProjectView(listed, read)


def view(tmp_path: Path, files: dict[str, str], path: str = "app.py") -> DependencyView:
    return dependency_view(repo_view(tmp_path, {**files, path: "import os\n"}), path)


def names(v: DependencyView) -> dict[str, tuple[str, bool]]:
    return {d.name: (d.specifier, d.optional) for d in v.dependencies}


PYPROJECT_PEP621 = """\
[build-system]
requires = ["hatchling>=1.21"]
[project]
name = "demo"
dependencies = ["PyYAML>=6", "requests[socks] ; python_version >= '3.8'"]
[project.optional-dependencies]
ml = ["scikit-learn"]
[dependency-groups]
test = ["pytest>=8", {include-group = "lint"}]
lint = ["ruff"]
[tool.uv]
dev-dependencies = ["coverage"]
[tool.pdm.dev-dependencies]
docs = ["mkdocs"]
[tool.hatch.envs.types]
dependencies = ["mypy"]
extra-dependencies = ["types-requests"]
"""

POETRY = """\
[tool.poetry.dependencies]
python = "^3.10"
PyJWT = "^2.8"
Pillow = { version = ">=10", optional = true }
[tool.poetry.dev-dependencies]
black = "*"
[tool.poetry.group.docs.dependencies]
Sphinx = "^7"
"""


def test_pep621_groups_uv_pdm_hatch(tmp_path: Path) -> None:
    got = names(view(tmp_path, {"pyproject.toml": PYPROJECT_PEP621}))
    assert got == {
        "pyyaml": (">=6", False),
        "requests": ('; python_version >= "3.8"', False),
        "scikit-learn": ("", True),
        "pytest": (">=8", True),
        "ruff": ("", True),
        "hatchling": (">=1.21", True),
        "coverage": ("", True),
        "mkdocs": ("", True),
        "mypy": ("", True),
        "types-requests": ("", True),
    }


def test_poetry_with_groups(tmp_path: Path) -> None:
    v = view(tmp_path, {"pyproject.toml": POETRY})
    assert names(v) == {
        "pyjwt": ("^2.8", False),
        "pillow": (">=10", True),
        "black": ("", True),
        "sphinx": ("^7", True),
    }
    assert v.provides("jwt") is not None and v.provides("PIL.Image") is not None
    sphinx = v.declares("Sphinx")
    assert sphinx is not None
    assert sphinx.source == "pyproject.toml: tool.poetry.group.docs.dependencies"


def test_requirements_includes_resolve_in_the_repo_and_survive_cycles(tmp_path: Path) -> None:
    files = {
        "requirements.txt": "-r requirements/base.txt\n-c constraints.txt\nflask==3.0  # web\n",
        "requirements/base.txt": "--requirement=../requirements.txt\n-r dev.txt\nrich\n",
        "requirements/dev.txt": "-r base.txt\n-e git+https://example.org/x.git#egg=local_tool\n",
        "constraints.txt": "urllib3<3\n",
        "other/requirements.txt": "-r ../../outside.txt\nclick\n",
    }
    v = view(tmp_path, files)
    assert names(v) == {
        "flask": ("==3.0", False),
        "rich": ("", False),
        "local-tool": ("", False),
        "urllib3": ("<3", True),  # a constraint constrains; it is not a runtime dependency
    }
    assert "requirements/dev.txt" in v.manifests
    assert "click" not in names(v)


def test_setup_cfg_and_setup_py_are_read_without_running_anything(tmp_path: Path) -> None:
    setup_py = (
        "import sys\nfrom setuptools import setup\n"
        "sys.exit('setup.py must never run')\n"
        "DEPS = ['python-magic>=0.4']\n"
        "setup(install_requires=DEPS, extras_require={'dev': ['pyserial']},"
        " tests_require=[x for x in ()])\n"
    )
    setup_cfg = (
        "[options]\ninstall_requires =\n    attrs>=22\n    # comment\n"
        "[options.extras_require]\ntest =\n    hypothesis\n"
    )
    got = names(view(tmp_path, {"setup.py": setup_py, "setup.cfg": setup_cfg}))
    assert got == {
        "python-magic": (">=0.4", False),
        "pyserial": ("", True),
        "attrs": (">=22", False),
        "hypothesis": ("", True),
    }


def test_pipfile(tmp_path: Path) -> None:
    pipfile = '[packages]\npython-dotenv = "*"\n[dev-packages]\npytest = ">=8"\n'
    v = view(tmp_path, {"Pipfile": pipfile})
    assert names(v) == {"python-dotenv": ("", False), "pytest": (">=8", True)}
    assert v.provides("dotenv") is not None


def test_pep723_script_block_is_a_per_file_view(tmp_path: Path) -> None:
    script = (
        "#!/usr/bin/env python3\n# /// script\n# requires-python = '>=3.11'\n"
        '# dependencies = [\n#   "httpx>=0.27",\n#   "rich",\n# ]\n# ///\nimport httpx\n'
    )
    project = repo_view(
        tmp_path, {"tools/fetch.py": script, "app.py": "", "requirements.txt": "flask\n"}
    )
    index = DependencyIndex(project)
    fetch = index.view("tools/fetch.py")
    assert names(fetch) == {"httpx": (">=0.27", False), "rich": ("", False), "flask": ("", False)}
    assert fetch.provides("httpx") is not None
    assert index.view("app.py").provides("httpx") is None


def test_two_script_blocks_declare_nothing(tmp_path: Path) -> None:
    block = '# /// script\n# dependencies = ["httpx"]\n# ///\n'
    project = repo_view(tmp_path, {"x.py": block + block})
    assert dependency_view(project, "x.py").dependencies == ()


def test_monorepo_nearest_project_and_its_parents(tmp_path: Path) -> None:
    files = {
        "requirements-dev.txt": "pytest\n",
        "packages/api/pyproject.toml": '[project]\nname="api"\ndependencies=["fastapi"]\n',
        "packages/api/src/api/main.py": "",
        "packages/worker/pyproject.toml": '[project]\nname="w"\ndependencies=["celery"]\n',
        "packages/worker/w.py": "",
    }
    project = repo_view(tmp_path, files)
    api = dependency_view(project, "packages/api/src/api/main.py")
    assert api.root == "packages/api"
    assert set(names(api)) == {"fastapi", "pytest"}
    worker = dependency_view(project, "packages/worker/w.py")
    assert set(names(worker)) == {"celery", "pytest"}
    top = dependency_view(project, "tool.py")
    assert (top.root, set(names(top))) == ("", {"pytest"})


def test_broken_manifests_declare_nothing_and_do_not_raise(tmp_path: Path) -> None:
    files = {
        "pyproject.toml": "[project\nbroken =\n",
        "setup.py": "def broken(:\n",
        "setup.cfg": "not an ini file\n[",
        "Pipfile": "= = =\n",
    }
    assert view(tmp_path, files).dependencies == ()


@pytest.mark.parametrize(
    "module, dist",
    [
        ("yaml", "pyyaml"),
        ("cv2", "opencv-python"),
        ("PIL.Image", "pillow"),
        ("sklearn.linear_model", "scikit-learn"),
        ("google.cloud.storage", "google-cloud-storage"),
        ("google.protobuf.message", "protobuf"),
        ("azure.storage.blob", "azure-storage-blob"),
        ("jwt", "pyjwt"),
        ("bs4", "beautifulsoup4"),
        ("dateutil.parser", "python-dateutil"),
        ("zope.interface", "zope-interface"),
    ],
)
def test_import_names_map_to_their_distributions(module: str, dist: str) -> None:
    assert dist in distributions_for(module)
    spec = DependencyView("", ())
    assert spec.provides(module) is None


def test_the_import_table_is_shipped_generated_data() -> None:
    text = (Path(__file__).resolve().parents[2] / "gate" / "data" / "import_names.tsv").read_text()
    assert "generated" in text.split("\n", 3)[2]
    assert import_table()["yaml"] == ("pyyaml",)


@pytest.mark.parametrize(
    "dist, module",
    [("python-slugify", "slugify"), ("kafka-python", "kafka"), ("discord-py", "discord"),
     ("pyserial", "serial"), ("typing-extensions", "typing_extensions")],
)  # fmt: skip
def test_derived_import_names(dist: str, module: str) -> None:
    assert module in derived_import_names(dist)


def test_declarations_hash_is_order_free_and_changes_with_versions(tmp_path: Path) -> None:
    a = view(tmp_path / "a", {"requirements.txt": "flask==3.0\nrich\n"})
    b = view(tmp_path / "b", {"requirements.txt": "rich\nflask==3.0\n"})
    c = view(tmp_path / "c", {"requirements.txt": "rich\nflask==3.1\n"})
    assert a.declarations_hash() == b.declarations_hash() != c.declarations_hash()

"""The analysis environment: wheels only, cached, typosquats refused, read by mypy and pylint.

Offline: pip installs from a local directory of tiny packages made here (``--no-index``).
"""

from __future__ import annotations

import base64
import hashlib
import io
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest
from analyzer_support import hits, make_context

from gate.analyzers.mypy import MypyAnalyzer
from gate.analyzers.pylint import PylintAnalyzer
from gate.depsenv import (
    MARKER,
    build_environment,
    environment_for,
    is_likely_typosquat,
    open_environment,
    requirements_for,
)
from gate.errors import GateError
from gate.model import RunStatus

TINY = {
    "tinyapi/__init__.py": "def real_call(x: int) -> int:\n    return x\n",
    "tinyapi/py.typed": "",
    # a start-up hook: would run code in any interpreter that has this dir as a site dir
    "tinyapi-hook.pth": "import os; open('HOOK-RAN', 'w')\n",
}


def _wheel(where: Path, name: str, files: dict[str, str]) -> Path:
    """A minimal valid pure-Python wheel."""
    dist_info = f"{name}-1.0.dist-info"
    contents = {
        **files,
        f"{dist_info}/METADATA": f"Metadata-Version: 2.1\nName: {name}\nVersion: 1.0\n",
        f"{dist_info}/WHEEL": "Wheel-Version: 1.0\nGenerator: test\nRoot-Is-Purelib: true\n"
        "Tag: py3-none-any\n",
    }
    record = []
    for path, text in contents.items():
        digest = base64.urlsafe_b64encode(hashlib.sha256(text.encode()).digest()).rstrip(b"=")
        record.append(f"{path},sha256={digest.decode()},{len(text.encode())}")
    record.append(f"{dist_info}/RECORD,,")
    contents[f"{dist_info}/RECORD"] = "\n".join(record) + "\n"
    wheel = where / f"{name}-1.0-py3-none-any.whl"
    with zipfile.ZipFile(wheel, "w") as zf:
        for path, text in contents.items():
            zf.writestr(path, text)
    return wheel


def _sdist(where: Path, name: str, marker: Path) -> Path:
    """An sdist whose in-tree build backend (no build requirements) writes ``marker`` when
    anything builds it."""
    backend = f"open({str(marker)!r}, 'w').close()\n"
    files = {
        f"{name}-1.0/pyproject.toml": '[build-system]\nrequires = []\nbuild-backend = "backend"\n'
        'backend-path = ["."]\n',
        f"{name}-1.0/backend.py": backend,
        f"{name}-1.0/PKG-INFO": f"Metadata-Version: 2.1\nName: {name}\nVersion: 1.0\n",
    }
    sdist = where / f"{name}-1.0.tar.gz"
    with tarfile.open(sdist, "w:gz") as tar:
        for path, text in files.items():
            data = text.encode()
            info = tarfile.TarInfo(path)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return sdist


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(a find-links dir with the tiny wheel and an sdist-only package, the sdist's marker)."""
    where = tmp_path_factory.mktemp("index")
    _wheel(where, "tinyapi", TINY)
    marker = where / "SDIST-WAS-BUILT"
    _sdist(where, "onlysdist", marker)
    return where, marker


def _pip(index: Path) -> tuple[str, ...]:
    return (sys.executable, "-m", "pip", "install", "--no-index", f"--find-links={index}")


def test_built_from_wheels_only_and_cached(index: tuple[Path, Path], tmp_path: Path) -> None:
    links, sdist_marker = index
    env = build_environment(("onlysdist", "tinyapi"), root=tmp_path, pip=_pip(links))
    assert env.site is not None and not env.cached
    assert env.installed == ("tinyapi",)
    (missing,) = env.missing
    assert missing.startswith("onlysdist: ")
    assert not sdist_marker.exists(), "an sdist was built (its setup.py ran)"
    assert (env.site / "tinyapi" / "__init__.py").is_file()
    assert not list(env.site.glob("*.pth")), "a start-up hook was left in the environment"
    assert any("onlysdist" in n and "unknown" in n for n in env.notices())
    # The second scan reuses it: no pip at all (a pip that cannot start would fail every call).
    stamp = (env.site.parent / MARKER).stat()
    again = build_environment(("onlysdist", "tinyapi"), root=tmp_path, pip=("/nonexistent-pip",))
    assert again.cached and again.site == env.site and again.installed == env.installed
    now = (env.site.parent / MARKER).stat()
    assert now.st_ino == stamp.st_ino  # the same file, not a rebuilt environment
    assert now.st_mtime_ns >= stamp.st_mtime_ns  # touched: last used (the Action keeps those)


def test_nothing_installable_is_not_cached(index: tuple[Path, Path], tmp_path: Path) -> None:
    env = build_environment(("tinyapi",), root=tmp_path, pip=("/nonexistent-pip",))
    assert env.site is None and env.missing[0].startswith("tinyapi: pip could not start")
    assert not list((tmp_path / "envs").iterdir())  # the next scan tries again


def test_typosquats_are_never_installed(tmp_path: Path) -> None:
    wanted, refused, _ = requirements_for(
        [("reqeusts", ">=2"), ("requests", ">=2.31"), ("colorama", "; sys_platform == 'nt'")],
        lambda name: name == "reqeusts",
    )
    assert refused == ("reqeusts",)
    assert wanted == ("requests>=2.31", "types-requests")  # stubs added, false marker dropped
    env = environment_for("auto", tmp_path, lambda: [("reqeusts", "")])
    assert env is not None and env.site is None and env.refused == ("reqeusts",)
    assert any("typosquats: reqeusts" in n for n in env.notices())


@pytest.mark.parametrize(
    ("dist", "refused"),
    [("reqeusts", True), ("djang0", True), ("pytest", False), ("requests", False)],
)
def test_the_environment_refuses_what_the_dependency_check_calls_a_typosquat(
    dist: str, refused: bool
) -> None:
    assert is_likely_typosquat(dist) is refused


def test_user_environment_is_read_not_run(tmp_path: Path) -> None:
    site = tmp_path / "venv" / "lib" / "python3.11" / "site-packages"
    site.mkdir(parents=True)
    assert open_environment(tmp_path / "venv").site == site.resolve()
    assert environment_for("off", tmp_path, lambda: [("requests", "")]) is None
    with pytest.raises(GateError, match="no site-packages"):
        open_environment(tmp_path)


APP = """\
    import tinyapi


    def use(x):
        return tinyapi.real_call(x), tinyapi.invented_call(x)
"""


def test_mypy_and_pylint_read_the_environment(index: tuple[Path, Path], tmp_path: Path) -> None:
    links, _ = index
    env = build_environment(("tinyapi",), root=tmp_path / "cache", pip=_pip(links))
    assert env.site is not None
    for analyzer, rule in ((MypyAnalyzer(), "attr-defined"), (PylintAnalyzer(), "E1101")):
        name = analyzer.name
        without = analyzer.run(make_context(tmp_path / f"{name}-bare", {"app.py": APP}))
        assert without.status is RunStatus.OK, without.errors
        assert hits(without.findings, "app.py") == []  # unknown module: nothing said about it
        ctx = make_context(tmp_path / f"{name}-env", {"app.py": APP})
        ctx = type(ctx)(**{**ctx.__dict__, "analysis_site": env.site})
        found = analyzer.run(ctx)
        assert found.status is RunStatus.OK, found.errors
        assert hits(found.findings, "app.py") == [(rule, 5)]
        assert not (ctx.workspace / "HOOK-RAN").exists()

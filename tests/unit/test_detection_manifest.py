"""The labelled detection corpus (fixtures/detection) is well formed; nothing in it is run."""

from __future__ import annotations

import ast
import importlib.util
import re
import sys
from pathlib import Path
from types import ModuleType

import pytest

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on 3.10 only
    import tomli as tomllib

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "fixtures" / "detection"
DIRS = (
    sorted(
        (p for p in CORPUS.iterdir() if p.is_dir() and re.fullmatch(r"cwe-\d+", p.name)),
        key=lambda p: int(p.name[4:]),
    )
    if CORPUS.is_dir()
    else []
)
MIN_CASES = 200
MIN_CWES = 25


def _manifest(directory: Path) -> dict:
    return tomllib.loads((directory / "cases.toml").read_text(encoding="utf-8"))


def _bench() -> ModuleType:
    path = ROOT / "bench" / "detection.py"
    spec = importlib.util.spec_from_file_location("bench_detection", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is built
    writes_bytecode = sys.dont_write_bytecode
    sys.dont_write_bytecode = True  # keep bench/ free of __pycache__
    try:
        spec.loader.exec_module(module)
    finally:
        sys.dont_write_bytecode = writes_bytecode
    return module


def test_corpus_has_only_cwe_dirs() -> None:
    assert DIRS, f"no cwe-<n> directories in {CORPUS}"
    strays = [
        p.name
        for p in CORPUS.iterdir()
        if p.name != "README.md" and not p.name.startswith(".") and p not in DIRS
    ]
    assert not strays, f"unexpected entries in {CORPUS}: {strays}"


@pytest.mark.parametrize("directory", DIRS, ids=[d.name for d in DIRS])
def test_manifest_is_valid(directory: Path) -> None:
    data = _manifest(directory)
    assert set(data) == {"cwe", "title", "case"}, f"{directory.name}: keys {sorted(data)}"
    assert data["cwe"] == int(directory.name[4:]) and not isinstance(data["cwe"], bool)
    assert isinstance(data["title"], str) and data["title"].strip()
    assert isinstance(data["case"], list) and data["case"]
    names = []
    for case in data["case"]:
        assert set(case) == {"file", "vulnerable", "note"}, f"{directory.name}: {case}"
        assert isinstance(case["file"], str) and re.fullmatch(r"[A-Za-z0-9_]+\.py", case["file"])
        assert isinstance(case["vulnerable"], bool)
        assert isinstance(case["note"], str) and case["note"].strip()
        names.append(case["file"])
    assert len(names) == len(set(names)), f"{directory.name}: a file is listed twice"


@pytest.mark.parametrize("directory", DIRS, ids=[d.name for d in DIRS])
def test_listed_files_exist_and_parse(directory: Path) -> None:
    for case in _manifest(directory)["case"]:
        path = directory / case["file"]
        assert path.is_file(), f"{path} is listed but missing"
        source = path.read_text(encoding="utf-8")
        ast.parse(source, filename=str(path))  # parsed only: corpus code is never imported or run
        lines = source.count("\n")
        assert 10 <= lines <= 40, f"{path}: {lines} lines, cases are small realistic files"


@pytest.mark.parametrize("directory", DIRS, ids=[d.name for d in DIRS])
def test_no_file_is_unlisted(directory: Path) -> None:
    listed = {case["file"] for case in _manifest(directory)["case"]} | {"cases.toml"}
    present = {
        str(p.relative_to(directory))
        for p in directory.rglob("*")
        if p.is_file() and "__pycache__" not in p.parts
    }
    assert present - listed == set(), f"{directory.name}: unlisted files"


@pytest.mark.parametrize("directory", DIRS, ids=[d.name for d in DIRS])
def test_safe_look_alikes_at_least_match_vulnerable(directory: Path) -> None:
    flags = [case["vulnerable"] for case in _manifest(directory)["case"]]
    vulnerable, safe = flags.count(True), flags.count(False)
    assert vulnerable >= 4, f"{directory.name}: {vulnerable} vulnerable cases, want >= 4"
    assert safe >= vulnerable, f"{directory.name}: {safe} safe < {vulnerable} vulnerable"


def test_corpus_size() -> None:
    total = sum(len(_manifest(d)["case"]) for d in DIRS)
    assert total >= MIN_CASES, f"{total} cases, want >= {MIN_CASES}"
    assert len(DIRS) >= MIN_CWES, f"{len(DIRS)} CWEs, want >= {MIN_CWES}"


def test_bench_loader_accepts_the_corpus() -> None:
    bench = _bench()
    cases = bench.load_corpus(CORPUS)
    assert len(cases) == sum(len(_manifest(d)["case"]) for d in DIRS)


def test_bench_loader_rejects_an_unlisted_file(tmp_path: Path) -> None:
    bench = _bench()
    directory = tmp_path / "cwe-89"
    directory.mkdir()
    (directory / "listed.py").write_text("x = 1\n", encoding="utf-8")
    (directory / "stray.py").write_text("x = 2\n", encoding="utf-8")
    (directory / "cases.toml").write_text(
        'cwe = 89\ntitle = "SQL injection"\n[[case]]\nfile = "listed.py"\n'
        'vulnerable = true\nnote = "n"\n',
        encoding="utf-8",
    )
    with pytest.raises(bench.BenchError, match="stray.py"):
        bench.load_corpus(tmp_path)


def test_bench_loader_rejects_a_missing_file_and_a_wrong_cwe(tmp_path: Path) -> None:
    bench = _bench()
    directory = tmp_path / "cwe-78"
    directory.mkdir()
    (directory / "cases.toml").write_text(
        'cwe = 78\ntitle = "t"\n[[case]]\nfile = "gone.py"\nvulnerable = false\nnote = "n"\n',
        encoding="utf-8",
    )
    with pytest.raises(bench.BenchError, match="does not exist"):
        bench.load_corpus(tmp_path)
    (directory / "cases.toml").write_text('cwe = 79\ntitle = "t"\n', encoding="utf-8")
    with pytest.raises(bench.BenchError, match="cwe = 79"):
        bench.load_corpus(tmp_path)


def test_bench_scoring_uses_the_alternates_table() -> None:
    bench = _bench()
    vulnerable = bench.Case(95, "cwe-95/a.py", True, "n")
    safe = bench.Case(95, "cwe-95/b.py", False, "n")
    run = bench.Run(
        "x",
        hits={
            "cwe-95/a.py": [bench.Hit("r1", frozenset({94}))],  # 94 is an accepted alternate of 95
            "cwe-95/b.py": [bench.Hit("r2", frozenset({78}))],  # another CWE does not count
        },
    )
    assert bench.outcome(vulnerable, run) == "TP"
    assert bench.outcome(safe, run) == "TN"
    per_cwe, total = bench.tally([vulnerable, safe], run)
    assert (total.tp, total.fp, total.fn, total.tn) == (1, 0, 0, 1)
    assert per_cwe[95].tpr == 1.0 and per_cwe[95].fpr == 0.0


BLIND = ROOT / "bench" / "blind"


def test_blind_corpus_loads_and_every_case_parses() -> None:
    """The held-out corpus (bench/blind) passes the bench's own manifest checks."""
    bench = _bench()
    cases = bench.load_corpus(BLIND)
    assert len(cases) >= 120
    for cwe in {case.cwe for case in cases}:
        labels = [case.vulnerable for case in cases if case.cwe == cwe]
        assert True in labels and False in labels, f"cwe-{cwe}: needs both labels"
    for case in cases:
        path = BLIND / case.path
        ast.parse(path.read_text(encoding="utf-8"), filename=str(path))  # parsed, never run


def _tiny_corpus(root: Path) -> None:
    directory = root / "cwe-78"
    directory.mkdir(parents=True)
    (directory / "shell.py").write_text(
        "import subprocess\nimport sys\n\nsubprocess.call(sys.argv[1], shell=True)\n",
        encoding="utf-8",
    )
    (directory / "argv.py").write_text(
        'import subprocess\n\nsubprocess.call(["ls", "-l"])\n', encoding="utf-8"
    )
    (directory / "cases.toml").write_text(
        'cwe = 78\ntitle = "Tiny command injection"\n'
        '[[case]]\nfile = "shell.py"\nvulnerable = true\nnote = "argv in a shell"\n'
        '[[case]]\nfile = "argv.py"\nvulnerable = false\nnote = "constant argv list"\n',
        encoding="utf-8",
    )


def test_bench_scores_the_corpus_named_by_corpus_option(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bench = _bench()
    _tiny_corpus(tmp_path / "mine")
    status = bench.main(["--corpus", str(tmp_path / "mine"), "--contenders", "bandit"])
    out = capsys.readouterr().out
    assert status == 0
    assert (
        f"detection corpus {tmp_path / 'mine'}: 2 cases (1 vulnerable, 1 safe) over 1 CWEs" in out
    )
    assert "Tiny command injection" in out  # the title comes from the chosen corpus' manifest


def test_bench_checks_the_manifest_of_the_corpus_option(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bench = _bench()
    corpus = tmp_path / "corpus"
    _tiny_corpus(corpus)
    (corpus / "cwe-78" / "stray.py").write_text("x = 1\n", encoding="utf-8")
    assert bench.main(["--corpus", str(corpus), "--contenders", "bandit"]) == 2
    assert "stray.py" in capsys.readouterr().err
    assert bench.main(["--corpus", str(tmp_path / "nowhere"), "--contenders", "bandit"]) == 2
    assert "corpus directory not found" in capsys.readouterr().err

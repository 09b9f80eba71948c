"""What Python would run: kinds by name and shebang, PEP 263 decoding, hidden text, notebooks."""

from __future__ import annotations

import json

import pytest

from gate.collect.notebook import NotebookError, NotPython, extract_notebook
from gate.collect.source import (
    HiddenText,
    Kind,
    SourceError,
    blocks,
    has_python_shebang,
    kind_by_name,
    read_source,
)

BIG = 1 << 30


@pytest.mark.parametrize(
    ("path", "kind"),
    [
        ("a.py", Kind.PYTHON),
        ("A.PY", Kind.PYTHON),
        ("gui.pyw", Kind.PYTHON),
        ("stubs/x.pyi", Kind.PYTHON),
        ("odd.py ", Kind.PYTHON),
        ("odd.py.", Kind.PYTHON),
        ("nb.ipynb", Kind.NOTEBOOK),
        ("x.pth", Kind.PTH),
        ("m.pyc", Kind.COMPILED),
        ("ext.cpython-312-x86_64-linux-gnu.so", Kind.COMPILED),
        ("app.pyz", Kind.COMPILED),
        ("demo.MP4", Kind.BINARY),
        ("bin/run", Kind.OTHER),
        ("README.md", Kind.OTHER),
    ],
)
def test_kind_by_name(path: str, kind: Kind) -> None:
    assert kind_by_name(path) is kind


def test_every_kind_says_whether_python_runs_it() -> None:
    runs = {kind for kind in Kind if kind.runs}
    assert runs == {Kind.PYTHON, Kind.NOTEBOOK, Kind.PTH, Kind.COMPILED}


@pytest.mark.parametrize(
    ("first", "python"),
    [
        (b"#!/usr/bin/env python3\n", True),
        (b"#!/usr/bin/python3.12 -u\n", True),
        (b"#! /usr/local/bin/pypy3\n", True),
        (b"#!/usr/bin/env -S uv run --script\n", True),
        (b"\xef\xbb\xbf#!/usr/bin/env python\n", True),
        (b'#!/bin/sh\nexec python3 "$0"\n', False),
        (b"#!/usr/bin/env bash\n", False),
        (b"print('no shebang')\n", False),
    ],
)
def test_python_shebang(first: bytes, python: bool) -> None:
    assert has_python_shebang(first) is python


def test_coding_cookie_is_rewritten_and_lines_kept() -> None:
    data = "# -*- coding: cp1252 -*-\nx = '\u20ac'\n".encode("cp1252")
    source = read_source("a.py", data, BIG)
    assert source.python == "# -*- coding: utf-8 -*-\nx = '\u20ac'\n".encode()
    assert source.content == source.python


def test_bom_is_dropped() -> None:
    assert read_source("a.py", b"\xef\xbb\xbfx = 1\n", BIG).python == b"x = 1\n"


@pytest.mark.parametrize(
    "data",
    [b"# coding: utf-7\nx = 1 #+AAo-y = 2\n", b"# coding: cp037\n", b"x = 1\ry = 2\n"],
)
def test_hidden_text(data: bytes) -> None:
    with pytest.raises(HiddenText) as caught:
        read_source("a.py", data, BIG)
    assert blocks(caught.value)


def test_pth_with_a_bare_carriage_return_hides_an_import_line() -> None:
    with pytest.raises(HiddenText) as caught:
        read_source("x.pth", b"src\rimport os; os.system('x')\r", BIG)
    assert blocks(caught.value)


@pytest.mark.parametrize(
    ("path", "data", "blocking"),
    [
        ("a.py", b"x = '\xff'\n", True),
        ("a.py", b"# coding: no-such-codec\n", True),
        ("a.py", b"x = 1\0\n", True),
        ("notes.txt", b"\0\0binary", False),
        ("notes.txt", b"caf\xe9\n", False),
        ("nb.ipynb", b"{not json", True),
    ],
)
def test_unreadable(path: str, data: bytes, blocking: bool) -> None:
    with pytest.raises(SourceError) as caught:
        read_source(path, data, BIG)
    assert blocks(caught.value) is blocking


def test_size_limit_blocks_only_python() -> None:
    with pytest.raises(SourceError) as python:
        read_source("a.py", b"x = 1\n" * 10, 20)
    with pytest.raises(SourceError) as text:
        read_source("a.txt", b"x = 1\n" * 10, 20)
    assert blocks(python.value) and not blocks(text.value)


def test_pth_keeps_only_import_lines() -> None:
    source = read_source("x.pth", b"src\nimport os; os.system('x')\n# c\n", BIG)
    assert source.python == b"\nimport os; os.system('x')\n\n"


def nb(*sources: object, language: str = "python") -> bytes:
    cells = [{"cell_type": "code", "source": s, "metadata": {}, "outputs": []} for s in sources]
    doc = {"cells": cells, "metadata": {"kernelspec": {"language": language}}}
    return json.dumps(doc, indent=1).encode()


def test_notebook_lines_sit_at_their_json_lines() -> None:
    data = nb(["import os\n", "!ls {x}\n", "y = !pwd\n", "%time f()"])
    code = extract_notebook(data).decode().split("\n")
    text = data.decode().split("\n")
    for wanted, json_line in [
        ("import os", '"import os\\n",'),
        ("get_ipython().system('ls {x}')", '"!ls {x}\\n",'),
        ("y = get_ipython().getoutput('pwd')", '"y = !pwd\\n",'),
        ("get_ipython().run_line_magic('time', 'f()')", '"%time f()"'),
    ]:
        index = next(i for i, line in enumerate(text) if line.strip() == json_line)
        assert code[index] == wanted
    assert len(code) == len(text)


@pytest.mark.parametrize(
    "data",
    [
        nb("import os\nimport sys\n"),  # several code lines in one string
        nb(["%%bash\n", "ls\n"]),
        json.dumps({"cells": [{"cell_type": "code", "source": ["a\n", "b\n"]}]}).encode(),
    ],
)
def test_notebooks_the_mapping_cannot_hold(data: bytes) -> None:
    with pytest.raises(NotebookError):
        extract_notebook(data)


def test_notebook_of_another_language() -> None:
    with pytest.raises(NotPython):
        extract_notebook(nb(["x <- 1\n"], language="R"))

"""Control characters from file names, messages and snippets never reach a terminal or a log raw."""

from __future__ import annotations

import re

import pytest
from report_builders import decide, finding, result

from gate.model import Disposition, Location, SkippedFile
from gate.report import FORMATS, RenderOptions
from gate.report.base import inert, one_line

HOSTILE = "\x1b[2J\x07\r\x00\x08\x7f\x85\x9b31m\u202e\u2066\u2028"
"""ESC (a screen clear), BEL, CR, NUL, BS, DEL, C1 NEL and CSI, bidi overrides, a line separator."""
RAW = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u2028\u2029]")
"""What may never appear in a text report (LF only as the report's own line ends)."""


def hostile_result() -> object:
    evil = finding(
        location=Location(f"app/evil{HOSTILE}\nname.py", 3),
        message=f"bad{HOSTILE}\n::error::pwned",
        snippet=f"x = 1{HOSTILE}",
        fix=f"fix{HOSTILE}",
        rule_id=f"semgrep/r{HOSTILE}",
    )
    return result(
        (decide(evil, Disposition.BLOCKING, f"reason{HOSTILE}"),),
        skipped=(SkippedFile(f"skip{HOSTILE}\n.py", f"why{HOSTILE}"),),
        notices=(f"notice{HOSTILE}",),
    )


@pytest.mark.parametrize("fmt", ["text", "github", "markdown"])
def test_no_raw_control_character_in_any_text_format(fmt: str) -> None:
    text = FORMATS[fmt](hostile_result(), RenderOptions())  # type: ignore[arg-type]
    assert RAW.search(text) is None, repr(RAW.search(text))
    # a newline inside a file name never starts a line of its own
    assert not any(
        line.startswith(("name.py", ".py", "::error::pwned")) for line in text.split("\n")
    )


def test_github_lines_are_all_commands() -> None:
    text = FORMATS["github"](hostile_result(), RenderOptions())  # type: ignore[arg-type]
    lines = text.splitlines()
    assert lines and all(line.startswith(("::error ", "::warning ", "::notice")) for line in lines)
    assert "\\x1b[2J\\x07" in text  # visible, not swallowed
    assert "%0A::error::pwned" in text


def test_file_names_keep_a_newline_visible() -> None:
    assert inert("a\nb.py") == "a\\x0ab.py"
    assert inert("\u202egnp.py") == "\\u202egnp.py"
    assert one_line("a\nb\x1b") == "a b\\x1b"
    text = FORMATS["text"](hostile_result(), RenderOptions())  # type: ignore[arg-type]
    assert "app/evil\\x1b[2J\\x07\\x0d\\x00" in text and "\\x0aname.py" in text
    markdown = FORMATS["markdown"](hostile_result(), RenderOptions())  # type: ignore[arg-type]
    assert "\\x0aname.py" in markdown

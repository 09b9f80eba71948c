"""Hallucinated APIs on a real git repo: one missing name on one line is one finding naming both
analyzers, and an attribute of an object the project fills with setattr is no blocker."""

from __future__ import annotations

from typing import Any

from gitrepo import GitRepo
from test_scan import scan_json

STATUS = '''"""Status codes, looked up by name (requests' LookupDict pattern)."""


class LookupDict(dict):
    def __init__(self, name=None):
        self.name = name
        super().__init__()


codes = LookupDict(name="status_codes")
_CODES = {301: ("moved_permanently", "moved"), 404: ("not_found",)}


def _init():
    for code, titles in _CODES.items():
        for title in titles:
            setattr(codes, title, code)


_init()
'''

CLIENT = """import json

from status import codes


def is_redirect(status):
    return status == codes.moved_permanently


def dump(data):
    return json.dumps_pretty(data)
"""


def test_one_finding_per_missing_name_and_none_blocking_for_run_time_attributes(
    repo: GitRepo,
) -> None:
    repo.commit("base", files={"status.py": STATUS})
    repo.checkout("-b", "feature")
    repo.commit("client", files={"client.py": CLIENT})
    code, report = scan_json(repo, "--base", "main", "--assume-ai")
    assert code == 1, report["reasons"]
    api = [f for f in report["findings"] if f["path"] == "client.py"]
    by_line = {f["start_line"]: f for f in api}
    assert len(by_line) == len(api), api  # one finding per line: mypy and pylint merged
    dump = by_line[11]
    assert set(dump["sources"]) == {"mypy/attr-defined", "pylint/E1101"}, dump
    assert dump["rule_id"] == "mypy/attr-defined" and dump["disposition"] == "blocking"
    # codes gets its attributes from setattr: both analyzers' message kept, as a warning
    moved = by_line[7]
    assert set(moved["sources"]) == {"mypy/attr-defined", "pylint/E1101"}, moved
    assert moved["disposition"] == "warning", moved
    assert "status.py:17" in moved["message"] and "run time" in moved["message"]


TYPES = '''"""Request objects."""


class Request:
    def __init__(self, path: str) -> None:
        self.path = path
'''

VIEWS = """from app_types import Request


def tag(req: Request) -> None:
    req.language = "en"


def language_of(req):
    return req.language


def configure(req: Request) -> None:
    req.pathh = "/"
"""


def _ai_change_findings(
    repo: GitRepo, base: dict[str, str], path: str, text: str
) -> dict[int, dict[str, Any]]:
    """Commit ``base`` on main and ``path`` on a feature branch, scan it as AI-written (it must
    fail): ``path``'s findings by line."""
    repo.commit("base", files=base)
    repo.checkout("-b", "feature")
    repo.commit("change", files={path: text})
    code, report = scan_json(repo, "--base", "main", "--assume-ai")
    assert code == 1, report["reasons"]
    return {f["start_line"]: f for f in report["findings"] if f["path"] == path}


def test_an_attribute_the_change_sets_and_the_project_reads_is_no_blocker(repo: GitRepo) -> None:
    """``req.language = ...`` read elsewhere is the project's own attribute (a warning naming
    the read); ``req.pathh = ...`` that nothing reads is a misspelling and still blocks."""
    by_line = _ai_change_findings(repo, {"app_types.py": TYPES}, "views.py", VIEWS)
    language = by_line[5]
    assert language["rule_id"] == "mypy/attr-defined", language
    assert language["disposition"] == "warning", language
    assert "views.py:9" in language["message"], language
    typo = by_line[13]
    assert typo["rule_id"] == "mypy/attr-defined" and typo["disposition"] == "blocking", typo


ROUTES = '''"""A router returning its arguments as a dict declared a Mapping (werkzeug's)."""
from typing import Any, Mapping


def match(path: str) -> tuple[str, Mapping[str, Any]]:
    return "index", {"lang_code": path[1:3], "page": path[4:]}
'''
HANDLER = """from routes import match


def handle(path: str) -> str:
    endpoint, args = match(path)
    lang = args.pop("lang_code", None)
    page = args.popitem_by_key("page")
    return f"{endpoint} {lang} {page}"
"""


def test_a_dict_method_on_a_value_declared_as_a_mapping_is_no_blocker(repo: GitRepo) -> None:
    """``args.pop`` where ``args`` is declared ``Mapping``: a dict method, a declared type
    narrower than the object (a warning naming dict); ``args.popitem_by_key`` exists on no
    mapping and still blocks."""
    by_line = _ai_change_findings(repo, {"routes.py": ROUTES}, "handler.py", HANDLER)
    pop = by_line[6]
    assert pop["rule_id"] == "mypy/attr-defined" and pop["disposition"] == "warning", pop
    assert "a method of dict" in pop["message"], pop
    invented = by_line[7]
    assert invented["rule_id"] == "mypy/attr-defined", invented
    assert invented["disposition"] == "blocking", invented

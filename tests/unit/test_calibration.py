"""Call-only tool findings are calibrated, never dropped: warnings, or blocking for escapes."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from gate.baseline import EMPTY
from gate.calibration import SourceCalls
from gate.config import GateConfig
from gate.findings import build_findings, calibration_notice
from gate.model import (
    AnalyzerRun,
    ChangedFile,
    ChangeSet,
    Confidence,
    Disposition,
    FileStatus,
    Location,
    Provenance,
    RawFinding,
    RunStatus,
    ScanMode,
    Severity,
)
from gate.policy import decide

ESCAPES = {
    "exec of base64": ("import base64\nexec(base64.b64decode(PAYLOAD))\n", "exec of non-literal"),
    "sh -c argv": (
        'import subprocess, sys\nsubprocess.run(["sh", "-c", sys.argv[1]])\n',
        "runs a shell -c with a non-literal command",
    ),
    "pickle from stdin": (
        "import pickle, sys\npickle.load(sys.stdin.buffer)\n",
        "pickle.load of non-literal data",
    ),
    "shell=True with env var": (
        "import os, subprocess\nversion = os.environ['VERSION']\n"
        'subprocess.run(f"curl -sSL https://example.org/i.sh | bash -s {version}", shell=True)\n',
        "shell=True and a non-literal command",
    ),
    "os.execv of a shell": (
        'import os\nos.execv("/bin/sh", ["sh", "-c", os.environ["CMD"]])\n',
        "runs a shell -c with a non-literal command",
    ),
    "os.system": ("import os\nos.system(input())\n", "os.system of a non-literal command"),
    "exec argv of create_subprocess_exec": (
        'import asyncio\nasyncio.create_subprocess_exec("bash", "-c", CMD)\n',
        "runs a shell -c",
    ),
    "the outside element of a constant tuple": (
        'import os, subprocess\nPAIR = ("ls -l", os.environ["X"])\n'
        "subprocess.run(PAIR[1], shell=True)\n",
        "shell=True and a non-literal command",
    ),
    "a table with one outside value": (
        'import os\nCMDS = {"a": "ls", "b": os.environ["X"]}\nos.system(CMDS[KEY])\n',
        "os.system of a non-literal command",
    ),
    "a method of outside data": (
        "import os, sys\nos.system(sys.argv[1].strip())\n",
        "os.system of a non-literal command",
    ),
    "a parameter overwritten with a constant only in a branch": (
        'import os\ndef run(cmd):\n    if X:\n        cmd = "ls"\n    os.system(cmd)\n',
        "os.system of a non-literal command",
    ),
    "outside data added after the constant": (
        'import os\ndef run(cmd):\n    cmd = "ls "\n    cmd = cmd + input()\n    os.system(cmd)\n',
        "os.system of a non-literal command",
    ),
    "a shell -c argv built by appends": (
        "import os, subprocess, sys\nargv = []\nif os.name == 'nt':\n    argv.append('cmd.exe')\n"
        "    argv.append('/c')\nelse:\n    argv.append('sh')\n    argv.append('-c')\n"
        "argv.append(f'echo {sys.argv[1]}')\nsubprocess.run(argv)\n",
        "runs a shell -c with a non-literal command",
    ),
    "a list a constant joined after outside data was appended": (
        'import os, sys\nparts = ["ls"]\nparts.append(sys.argv[1])\nos.system(" ".join(parts))\n',
        "os.system of a non-literal command",
    ),
    "a constant list handed to an unknown call first": (
        'import os\nparts = ["ls"]\nfill(parts)\nos.system(" ".join(parts))\n',
        "os.system of a non-literal command",
    ),
    "a module list a function appends to": (
        'import os\nCMD = ["ls"]\ndef add(x):\n    CMD.append(x)\n'
        'def run():\n    os.system(" ".join(CMD))\n',
        "os.system of a non-literal command",
    ),
    "a module constant a function rebinds as global": (
        'import os\nCMD = "ls"\ndef set_cmd(x):\n    global CMD\n    CMD = x\n'
        "def run():\n    os.system(CMD)\n",
        "os.system of a non-literal command",
    ),
    "outside data added with +=": (
        'import os\ncmd = "echo "\ncmd += input()\nos.system(cmd)\n',
        "os.system of a non-literal command",
    ),
    "a walrus shadowing a module constant": (
        'import os\nCMD = "ls"\ndef run():\n    if (CMD := input()):\n        os.system(CMD)\n',
        "os.system of a non-literal command",
    ),
    "a branch that always runs assigns outside data": (
        'import os\nnum = 86\ncmd = "ls"\nif 7 * 42 - num > 200:\n    cmd = input()\n'
        "os.system(cmd)\n",
        "os.system of a non-literal command",
    ),
    "an unknown condition keeps both branches": (
        'import os, sys\ncmd = "ls" if len(sys.argv) > 5 else sys.argv[1]\nos.system(cmd)\n',
        "os.system of a non-literal command",
    ),
    "the outside key of a dict": (
        'import os, sys\nd = {}\nd["a"] = "ls"\nd["b"] = sys.argv[1]\nos.system(d["b"])\n',
        "os.system of a non-literal command",
    ),
    "a dict key stored under a key only known at run time": (
        'import os, sys\nd = {"a": "ls"}\nd[sys.argv[2]] = sys.argv[1]\nos.system(d["a"])\n',
        "os.system of a non-literal command",
    ),
    "a dict handed out before the lookup": (
        'import os, sys\nd = {"a": "ls"}\nfill(d)\nos.system(d["a"])\n',
        "os.system of a non-literal command",
    ),
    "the outside option of a config parser": (
        "import configparser, os, sys\nconf = configparser.ConfigParser()\n"
        'conf.add_section("s")\nconf.set("s", "a", "ls")\nconf.set("s", "b", sys.argv[1])\n'
        'os.system(conf.get("s", "b"))\n',
        "os.system of a non-literal command",
    ),
    "a config parser read from a file": (
        'import configparser, os\nconf = configparser.ConfigParser()\nconf.read("x.ini")\n'
        'os.system(conf.get("s", "a"))\n',
        "os.system of a non-literal command",
    ),
    "the match case that runs assigns outside data": (
        'import os, sys\nguess = "ABC"[0]\nmatch guess:\n    case "A":\n        cmd = sys.argv[1]\n'
        '    case "B":\n        cmd = "ls"\nos.system(cmd)\n',
        "os.system of a non-literal command",
    ),
    "a match on a value only known at run time": (
        'import os, sys\nmatch sys.argv[3]:\n    case "A":\n        cmd = sys.argv[1]\n'
        '    case _:\n        cmd = "ls"\nos.system(cmd)\n',
        "os.system of a non-literal command",
    ),
    "a closure reading its function's outside data over a module constant": (
        'import os\ncmd = "ls"\ndef outer():\n    cmd = input()\n    def inner():\n'
        "        os.system(cmd)\n",
        "os.system of a non-literal command",
    ),
    "exec of a module constant a function rebinds as global": (
        'CODE = "print(1)"\ndef set_code(x):\n    global CODE\n    CODE = x\n'
        "def run():\n    exec(CODE)\n",
        "exec of non-literal code",
    ),
    "exec of a closure's outside data over a module constant": (
        'code = "print(1)"\ndef outer():\n    code = input()\n    def inner():\n'
        "        exec(code)\n",
        "exec of non-literal code",
    ),
    "exec of a name a nested function rebinds as nonlocal": (
        'def outer():\n    code = "x = 1"\n    def setter(v):\n        nonlocal code\n'
        "        code = v\n    def run():\n        exec(code)\n",
        "exec of non-literal code",
    ),
    "exec of an element of a list handed to an unknown call": (
        'def f():\n    code = "x = " + str(1)\n    lst = [code]\n    fill(lst)\n    exec(lst[0])\n',
        "exec of non-literal code",
    ),
    "exec of what a lambda returns": (
        "import sys\nf = lambda x: x.strip()\nexec(f(sys.argv[1]))\n",
        "exec of non-literal code",
    ),
    "a local name shadowing a module constant": (
        'import os\nCMD = "ls"\ndef run():\n    CMD = input()\n    os.system(CMD)\n',
        "os.system of a non-literal command",
    ),
}

LOOK_ALIKES = {
    "exec of a literal": "exec('x = 1')\n",
    "constant command in a variable": (
        'import subprocess\ncmd = "ls -l"\nsubprocess.run(cmd, shell=True)\n'
    ),
    "argv list without a shell": 'import subprocess, sys\nsubprocess.run(["ls", sys.argv[1]])\n',
    "sh -c of a literal": 'import subprocess\nsubprocess.run(["sh", "-c", "make all"])\n',
    "shell=False": "import subprocess\nsubprocess.run(CMD, shell=False)\n",
    "pickle of a literal": "import pickle\npickle.loads(b'\\x80\\x04K\\x01.')\n",
    "restart the interpreter": "import os, sys\nos.execv(sys.executable, ['python', 'x.py'])\n",
    "shlex.quote": (
        "import shlex, subprocess, sys\nhost = shlex.quote(sys.argv[1])\n"
        'subprocess.run(f"ping -c 1 {host}", shell=True)\n'
    ),
    "a number parsed from input": (
        'import os\nn = int(input())\nos.system(f"tail -n {n} app.log")\n'
    ),
    "module constants used in a function": (
        'import os\nLOG_DIR = "/var/log/app"\ndef clean(days):\n'
        '    os.system(f"find {LOG_DIR} -mtime +{int(days)} -delete")\n'
    ),
    "a constant table looked up by outside data": (
        'FORMULAS = {"double": "x * 2", "square": "x ** 2"}\n'
        'def apply(name, x):\n    return eval(FORMULAS[name], {"x": x})\n'
    ),
    "a constant table's get": (
        'ACTIONS = {"noop": "pass"}\ndef act(key):\n    exec(ACTIONS.get(key, "pass"))\n'
    ),
    "the constant element of a tuple": (
        'import os, subprocess\nPAIR = ("ls -l", os.environ["X"])\n'
        "subprocess.run(PAIR[0], shell=True)\n"
    ),
    "a server-made uuid": (
        'import os, uuid\nname = uuid.uuid4().hex\nos.popen(f"convert in.png /tmp/{name}.png")\n'
    ),
    "a parameter overwritten with a constant first": (
        'import os\ndef run(cmd):\n    cmd = "ls"\n    os.system(cmd)\n'
    ),
    "tuple unpacking of literals": (
        'TABLE = {"a": "x + 1"}\ndef f(k, n):\n    body, start = TABLE[k], int(n)\n'
        '    return eval("lambda x: " + body)\n'
    ),
    "a pickle round trip in memory": "import pickle\ncopy = pickle.loads(pickle.dumps(OBJ))\n",
    "a branch that never runs": (
        'import os, sys\nnum = 86\ncmd = "ls"\nif 7 * 18 + num > 200:\n    cmd = "ls -l"\n'
        "else:\n    cmd = sys.argv[1]\nos.system(cmd)\n"
    ),
    "a condition decided by a constant string": (
        'import os, sys\ncmd = "never"\nif "x" in cmd:\n    cmd = sys.argv[1]\nos.system(cmd)\n'
    ),
    "the constant side of a folded conditional expression": (
        'import os, sys\nnum = 106\ncmd = "ls" if 7 * 18 + num > 200 else sys.argv[1]\n'
        "os.system(cmd)\n"
    ),
    "a constant argv built by appends": (
        "import subprocess\nargv = []\nargv.append('sh')\nargv.append('-c')\n"
        "argv.append('make all')\nsubprocess.run(argv)\n"
    ),
    "a match case that never runs": (
        'import os, sys\nguess = "ABC"[1]\nmatch guess:\n    case "A":\n        cmd = sys.argv[1]\n'
        '    case "B":\n        cmd = "ls"\n    case _:\n        cmd = sys.argv[2]\n'
        "os.system(cmd)\n"
    ),
    "a command built with += of constants": (
        'import os\ncmd = "echo "\ncmd += "hello"\nos.system(cmd)\n'
    ),
    "the constant key of a dict that also holds outside data": (
        'import os, sys\nd = {}\nd["a"] = "ls"\nd["b"] = sys.argv[1]\nos.system(d["a"])\n'
    ),
    "the constant option of a config parser that also holds outside data": (
        "import configparser, os, sys\nconf = configparser.ConfigParser()\n"
        'conf.add_section("s")\nconf.set("s", "a", "ls")\nconf.set("s", "b", sys.argv[1])\n'
        'os.system(conf.get("s", "a"))\n'
    ),
}


def _last_line_escape(code: str) -> str | None:
    ast.parse(code)  # the snippet itself must be valid Python
    return SourceCalls(code).escape(len(code.splitlines()))


@pytest.mark.parametrize("name", ESCAPES)
def test_escape_classes_are_recognised(name: str) -> None:
    code, expected = ESCAPES[name]
    reason = _last_line_escape(code)
    assert reason is not None and expected in reason


@pytest.mark.parametrize("name", LOOK_ALIKES)
def test_literal_look_alikes_are_no_escape(name: str) -> None:
    assert _last_line_escape(LOOK_ALIKES[name]) is None


def test_a_lambda_whose_body_is_an_expression_is_read() -> None:
    # a lambda's body is one expression (here a tuple), not a list of statements: reading it
    # crashed every scan of a file holding one (sorted(..., key=lambda kv: (-kv[1], kv[0])))
    code = (
        "import os\nPAIRS = sorted({}.items(), key=lambda kv: (-kv[1], kv[0]))\n"
        "os.system(input())\n"
    )
    reason = _last_line_escape(code)
    assert reason is not None and "os.system of a non-literal command" in reason


def test_a_name_assigned_outside_data_in_one_branch_is_not_literal() -> None:
    code = (
        'import subprocess\ncmd = "ls"\nif X:\n    cmd = input()\nsubprocess.run(cmd, shell=True)\n'
    )
    assert _last_line_escape(code) is not None


def _scan(code: str, raws: tuple[RawFinding, ...], who: Provenance) -> tuple:
    lines = frozenset(range(1, len(code.splitlines()) + 1))
    changed = ChangedFile(
        path="app.py",
        status=FileStatus.ADDED,
        added_lines=lines,
        content=code.encode(),
        line_provenance=tuple((n, who) for n in sorted(lines)),
    )
    runs = (
        AnalyzerRun("bandit", RunStatus.OK, "1.9", raws),
        AnalyzerRun("semgrep", RunStatus.OK, "1.185", ()),
    )
    findings = build_findings(runs, ChangeSet(ScanMode.RANGE, Path("/repo"), (changed,)))
    return findings, decide(findings, runs, GateConfig(), EMPTY, {})


def _bandit(rule: str, line: int, severity: Severity, cwe: int) -> RawFinding:
    loc = Location("app.py", line)
    return RawFinding("bandit", rule, severity, Confidence.HIGH, f"{rule} says", loc, (cwe,))


ESCAPE_FINDINGS = {
    "exec of base64": ("B102", Severity.MEDIUM, 95),
    "sh -c argv": ("B603", Severity.LOW, 78),
    "pickle from stdin": ("B301", Severity.MEDIUM, 502),
    "shell=True with env var": ("B602", Severity.HIGH, 78),
}


@pytest.mark.parametrize("name", ESCAPE_FINDINGS)
def test_the_named_escapes_block_an_ai_change_when_our_rules_stay_silent(name: str) -> None:
    code, _ = ESCAPES[name]
    rule, severity, cwe = ESCAPE_FINDINGS[name]
    line = len(code.splitlines())
    (finding,), verdict = _scan(code, (_bandit(rule, line, severity, cwe),), Provenance.AI_AUTHORED)
    assert finding.calibration is not None and finding.calibration.blocking
    (decision,) = verdict.decisions
    assert decision.disposition is Disposition.BLOCKING and finding.severity is Severity.HIGH
    assert "not confirmed by data-flow rules; kept:" in decision.reason
    assert calibration_notice((finding,)) is None  # nothing was set aside


@pytest.mark.parametrize("name", ESCAPE_FINDINGS)
def test_the_named_escapes_block_a_human_line_too(name: str) -> None:
    code, _ = ESCAPES[name]
    rule, severity, cwe = ESCAPE_FINDINGS[name]
    raws = (_bandit(rule, len(code.splitlines()), severity, cwe),)
    _findings, verdict = _scan(code, raws, Provenance.HUMAN)
    assert verdict.decisions[0].disposition is Disposition.BLOCKING
    assert verdict.outcome.exit_code == 1


CALLER_DATA = {
    "a public function's url argument in a shell command": (
        'import os\ndef launch(url):\n    args = f\'start "" "{url}"\'\n    os.system(args)\n',
        ("B605", Severity.HIGH, 78),
    ),
    "code a private helper gets from an unseen generator": (
        "def _make(script):\n    return exec(compile(script, '<gen>', 'exec'))\n"
        "def build(names):\n    return _make(_script(names))\n",
        ("B102", Severity.MEDIUM, 95),
    ),
    "a Python file whose path the caller chose (flask's from_pyfile)": (
        "import os\ndef from_pyfile(root, filename):\n    filename = os.path.join(root, filename)\n"
        "    with open(filename, 'rb') as config_file:\n"
        "        exec(compile(config_file.read(), filename, 'exec'), {})\n",
        ("B102", Severity.MEDIUM, 95),
    ),
    "pickle of a file object passed in": (
        "import pickle\ndef load_bytecode(f):\n    return pickle.load(f)\n",
        ("B301", Severity.MEDIUM, 502),
    ),
    "a list another branch hands to a process (click's open_url)": (
        "import os, subprocess, sys\ndef open_url(url):\n    if sys.platform == 'darwin':\n"
        "        args = ['open']\n        args.append(url)\n"
        "        return subprocess.Popen(args).wait()\n"
        '    args = f\'start "" "{url}"\'\n    return os.system(args)\n',
        ("B605", Severity.HIGH, 78),
    ),
    "code built through more names than the analysis follows (attrs' _make)": (
        "def _run(script):\n    exec(compile(script, '<gen>', 'exec'))\n"
        "def build(attrs):\n    v0 = attrs.name\n"
        + "".join(f"    v{i} = v{i - 1} + ','\n" for i in range(1, 20))
        + "    return _run(v19)\n",
        ("B102", Severity.MEDIUM, 95),
    ),
}


def _line_of(code: str, word: str) -> int:
    return next(n for n, text in enumerate(code.splitlines(), 1) if word in text)


@pytest.mark.parametrize("name", CALLER_DATA)
def test_an_escape_of_a_callers_data_blocks_ai_lines_and_warns_on_human_lines(name: str) -> None:
    code, (rule, severity, cwe) = CALLER_DATA[name]
    word = {"B605": "os.system", "B102": "exec(", "B301": "pickle.load"}[rule]
    raws = (_bandit(rule, _line_of(code, word), severity, cwe),)
    (finding,), ai = _scan(code, raws, Provenance.AI_AUTHORED)
    assert finding.severity is Severity.MEDIUM  # no input source is known to reach it
    assert finding.calibration is not None and finding.calibration.blocking
    assert "a caller's argument or program state" in finding.calibration.reason
    assert ai.decisions[0].disposition is Disposition.BLOCKING and ai.outcome.exit_code == 1
    _findings, human = _scan(code, raws, Provenance.HUMAN)
    (decision,) = human.decisions
    assert decision.disposition is Disposition.WARNING  # listed, never dropped
    assert human.outcome.exit_code == 0


@pytest.mark.parametrize(
    "code",
    [
        "import os\ndef launch():\n    os.system(f'start {os.environ[\"U\"]}')\n",
        "import os\ndef launch():\n    os.system(open('/tmp/launch.cmd').read())\n",
        "import os\ndef launch():\n    with open(os.environ['CMD_FILE']) as f:\n"
        "        os.system(f.read())\n",
        "import os, base64\ndef launch(blob):\n    os.system(base64.b64decode(blob))\n",
        "import os, urllib.request\ndef launch(u):\n"
        "    os.system(urllib.request.urlopen(u).read())\n",
        "import os\ndef launch(sock):\n    os.system(sock.recv(100))\n",
        "import os\ndef launch(url):\n    os.system(helper(url, input()))\n",
        "import os\ndef launch(sock):\n    buf = bytearray(100)\n    sock.recv_into(buf)\n"
        "    os.system(buf)\n",
    ],
)
def test_an_escape_that_known_input_reaches_blocks_human_lines(code: str) -> None:
    raws = (_bandit("B605", _line_of(code, "os.system"), Severity.HIGH, 78),)
    (finding,), verdict = _scan(code, raws, Provenance.HUMAN)
    assert finding.severity is Severity.HIGH
    assert verdict.decisions[0].disposition is Disposition.BLOCKING


def test_an_unconfirmed_call_only_finding_is_a_visible_warning() -> None:
    code = 'import subprocess\ncmd = "ls -l"\nsubprocess.run(cmd, shell=True)\n'
    raws = (_bandit("B602", 3, Severity.LOW, 78), _bandit("B404", 1, Severity.LOW, 78))
    findings, verdict = _scan(code, raws, Provenance.AI_AUTHORED)
    assert [d.disposition for d in verdict.decisions] == [Disposition.WARNING] * 2
    assert all("kept as a warning: call-only check" in d.reason for d in verdict.decisions)
    notice = calibration_notice(findings)
    assert notice is not None and "bandit/B404 x1, bandit/B602 x1" in notice
    assert verdict.outcome.exit_code == 0


def test_a_confirmed_call_only_finding_merges_and_is_not_calibrated() -> None:
    code = "import subprocess\nsubprocess.run(input(), shell=True)\n"
    semgrep = RawFinding(
        "semgrep",
        "command-injection-tainted-shell",
        Severity.HIGH,
        Confidence.HIGH,
        "tainted",
        Location("app.py", 2),
        (78,),
    )
    runs = (
        AnalyzerRun("bandit", RunStatus.OK, "1.9", (_bandit("B602", 2, Severity.HIGH, 78),)),
        AnalyzerRun("semgrep", RunStatus.OK, "1.185", (semgrep,)),
    )
    changed = ChangedFile("app.py", FileStatus.ADDED, frozenset({1, 2}), content=code.encode())
    (finding,) = build_findings(runs, ChangeSet(ScanMode.RANGE, Path("/r"), (changed,)))
    assert finding.calibration is None and set(finding.sources) == {
        "semgrep/command-injection-tainted-shell",
        "bandit/B602",
    }


@pytest.mark.parametrize("status", [RunStatus.FAILED, RunStatus.DISABLED])
def test_without_our_rules_the_tools_word_stands(status: RunStatus) -> None:
    changed = ChangedFile("app.py", FileStatus.ADDED, frozenset({1}), content=b"eval(x)\n")
    runs = (
        AnalyzerRun("bandit", RunStatus.OK, "1.9", (_bandit("B307", 1, Severity.MEDIUM, 95),)),
        AnalyzerRun("semgrep", status),
    )
    (finding,) = build_findings(runs, ChangeSet(ScanMode.RANGE, Path("/r"), (changed,)))
    assert finding.calibration is None


def test_a_tool_check_that_follows_data_is_not_calibrated() -> None:
    changed = ChangedFile("app.py", FileStatus.ADDED, frozenset({1}), content=b"x = 1\n")
    runs = (
        AnalyzerRun("bandit", RunStatus.OK, "1.9", (_bandit("B501", 1, Severity.HIGH, 295),)),
        AnalyzerRun("semgrep", RunStatus.OK, "1.185", ()),
    )
    (finding,) = build_findings(runs, ChangeSet(ScanMode.RANGE, Path("/r"), (changed,)))
    assert finding.calibration is None


def test_every_rule_whose_findings_folding_can_refute_is_a_data_flow_rule() -> None:
    # calibrate() keeps a CWE-78 or CWE-601 finding of ours as a warning when the call is
    # literal after folding: right for a taint rule (no outside data can reach a constant),
    # wrong for a pattern rule that flags a constant command as such
    from gate.analyzers.semgrep import bundled_rules_dir, load_rules, rule_files
    from gate.analyzers.summaries import is_taint_rule

    refutable = [
        rule
        for rule in load_rules(rule_files(bundled_rules_dir())).rules
        if any(c.startswith(("CWE-78:", "CWE-601:")) for c in rule["metadata"]["cwe"])
    ]
    assert len(refutable) >= 4
    assert [r["id"] for r in refutable if not is_taint_rule(r)] == []

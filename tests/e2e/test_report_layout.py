"""A report people read: a real pull request through the CLI, each report as a reviewer sees it.

The verdict at the top and the bottom, blockers first, warnings grouped by rule (each one with
--verbose), one finding per imported package, the set-aside findings named with their
locations (text for the high ones, Markdown and JSON for all), and AI/human line totals.
"""

from __future__ import annotations

import json
import re

from gitrepo import GitRepo
from test_scan import aigate

ONLY_BANDIT = (
    "[analyzers.semgrep]\nenabled = false\n[analyzers.pylint]\nenabled = false\n"
    "[analyzers.mypy]\nenabled = false\n"
)
OLD = "import subprocess\n\n\ndef run(c):\n    subprocess.call(c, shell=True)\n"
"""bandit/B602 (high) on line 5, there before the change: out of scope."""
HUMAN_FILE = "import subprocess\n\nimport requests\n\nTIMEOUT = 3\n"
AI_FILE = "import subprocess\n\n\ndef go():\n    subprocess.call(input(), shell=True)\n"
TEST_FILE = "def test_escape():\n    assert open('/tmp/escape')\n"
CLAUDE = "Co-authored-by: Claude <noreply@anthropic.com>"


def _pull_request(repo: GitRepo) -> None:
    repo.commit(
        "base",
        files={
            ".aigate.toml": ONLY_BANDIT,
            "pyproject.toml": '[project]\nname = "demo"\ndependencies = []\n',
            "lib/old.py": OLD,
        },
    )
    repo.checkout("-b", "feature")
    repo.commit(
        "human work",
        files={
            "a.py": HUMAN_FILE,
            "b.py": HUMAN_FILE,
            "c.py": HUMAN_FILE,
            "lib/old.py": OLD + "\n\nLIMIT = 1\n",
        },
    )
    repo.commit(
        f"agent work\n\n{CLAUDE}\n",
        files={"d.py": AI_FILE, "tests/test_x.py": TEST_FILE},
    )


def test_report_layout_for_a_reviewer(repo: GitRepo) -> None:
    _pull_request(repo)
    out = repo.root.parent
    args = ("--base", "main", "--json", str(out / "r.json"), "--summary", str(out / "r.md"))
    proc = aigate(repo, *args, "-q")
    assert proc.returncode == 1, proc.stderr
    text, doc = proc.stdout, json.loads((out / "r.json").read_text())
    summary = (out / "r.md").read_text()
    lines = text.splitlines()
    verdict = "verdict: FAIL (exit 1): 1 blocking finding"
    assert lines[-1].startswith(verdict)
    top = next(n for n, line in enumerate(lines) if line.startswith("verdict: "))
    assert top < 5 and lines[top] == lines[-1]
    # blockers first, in full; then warnings, one line per rule with a count
    assert top < text.index("blocking: 1 finding") < text.index("warnings: ")
    assert "d.py\n     5:5  HIGH     bandit/B602  [blocking]" in text
    warnings = [f for f in doc["findings"] if f["disposition"] == "warning"]
    b404 = [f for f in warnings if f["rule_id"] == "bandit/B404"]
    assert len(b404) == 4
    assert re.search(r"\n +4x  LOW +bandit/B404  first at a\.py:1 \(4 files\)", text)
    assert "[warning]" not in text
    verbose = aigate(repo, "--base", "main", "-q", "--verbose").stdout
    assert verbose.count("[warning]") == len(warnings)
    # one finding per package: requests imported by three files
    imports = [f for f in doc["findings"] if f["rule_id"] == "aigate/undeclared-import"]
    assert len(imports) == 1
    assert all(f"{name}.py:3" in imports[0]["message"] for name in "abc")
    # the out-of-scope high finding and the test-code one are named where they are
    assert "  high at lib/old.py:5: bandit/B602" in text
    set_aside = {(f["path"], f["start_line"], f["disposition"]) for f in doc["findings"]}
    assert ("lib/old.py", 5, "out-of-scope") in set_aside
    assert ("tests/test_x.py", 2, "test-code") in set_aside
    assert "[lib/old.py:5](lib/old.py#L5) | out-of-scope" in summary
    assert "[tests/test\\_x.py:2](tests/test_x.py#L2) | test-code" in summary
    # who wrote the added lines, per file and overall
    by_path = {f["path"]: f for f in doc["lines"]["files"]}
    assert by_path["d.py"]["ai_lines"] == 5 and by_path["d.py"]["human_lines"] == 0
    assert by_path["a.py"]["human_lines"] == 5 and by_path["a.py"]["ai_lines"] == 0
    assert by_path["lib/old.py"]["human_lines"] == 3
    totals = doc["lines"]["totals"]
    assert (totals["ai_lines"], totals["human_lines"], totals["unknown_lines"]) == (7, 18, 0)

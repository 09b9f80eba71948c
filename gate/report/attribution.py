"""The `aigate attribute` report: which commits and added lines an AI wrote, as JSON or a table.

JSON (version 1; sorted keys, indented by 2; version 1 only ever gains keys):

``version``   1.
``commits``   [``{"sha": str (full), "ai": bool, "provenance": "ai-authored|ai-assisted|human",
              "markers": [str], "subject": str}``]: every non-merge commit of the range, oldest
              first.
``files``     [``{"path": str, "ai_lines", "ai_authored_lines", "ai_assisted_lines",
              "human_lines", "unknown_lines": int}``] sorted by path; ``ai_lines`` is authored
              plus assisted.
``totals``    ``{"commits", "ai_commits", "ai_lines", "ai_authored_lines",
              "ai_assisted_lines", "human_lines", "unknown_lines": int}``.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Mapping

from gate.model import AICommit, Provenance

FileLines = Mapping[str, tuple[tuple[int, Provenance], ...]]
"""Path -> (line, provenance) for each added line, as attribute_lines returns it."""

LINE_KEYS = (
    ("ai_authored_lines", Provenance.AI_AUTHORED),
    ("ai_assisted_lines", Provenance.AI_ASSISTED),
    ("human_lines", Provenance.HUMAN),
    ("unknown_lines", Provenance.UNKNOWN),
)
"""The JSON report's per-file line counts and the provenance each counts."""


def line_counts(pairs: Iterable[tuple[int, Provenance]]) -> dict[str, int]:
    """ai_lines, ai_authored_lines, ai_assisted_lines, human_lines, unknown_lines of ``pairs``."""
    counts = Counter(provenance for _, provenance in pairs)
    result = {key: counts[provenance] for key, provenance in LINE_KEYS}
    result["ai_lines"] = result["ai_authored_lines"] + result["ai_assisted_lines"]
    return result


def attribution_document(commits: Iterable[AICommit], files: FileLines) -> dict[str, object]:
    """The JSON document as plain data."""
    commit_list = [
        {
            "sha": commit.sha,
            "ai": commit.provenance.is_ai,
            "provenance": commit.provenance.value,
            "markers": list(commit.markers),
            "subject": commit.subject,
        }
        for commit in commits
    ]
    file_list = [{"path": path, **line_counts(files[path])} for path in sorted(files)]
    totals = line_counts(pair for path in files for pair in files[path])
    totals["commits"] = len(commit_list)
    totals["ai_commits"] = sum(1 for c in commit_list if c["ai"])
    return {"version": 1, "commits": commit_list, "files": file_list, "totals": totals}


def render_attribution_json(commits: Iterable[AICommit], files: FileLines) -> str:
    """The attribution as stable JSON (see the module docstring), ending in a newline."""
    return json.dumps(attribution_document(commits, files), indent=2, sort_keys=True) + "\n"


def render_attribution_text(commits: Iterable[AICommit], files: FileLines) -> str:
    """The attribution as a readable table: commits, then files, then totals."""
    commit_list = list(commits)
    ai = sum(1 for commit in commit_list if commit.provenance.is_ai)
    out = [f"Commits: {len(commit_list)}, {ai} by or with an AI"]
    for commit in commit_list:
        markers = ", ".join(commit.markers) or "-"
        out.append(f"  {commit.sha[:12]}  {commit.provenance.value:<11}  {commit.subject}")
        if commit.markers:
            out.append(f"  {'':12}  {'':11}  markers: {markers}")
    width = max([len(path) for path in files] + [len("path")])
    out.append("")
    out.append(
        f"Added lines by file:\n  {'path':<{width}}  {'ai':>6}  {'human':>6}  {'unknown':>7}"
    )
    for path in sorted(files):
        counts = line_counts(files[path])
        out.append(
            f"  {path:<{width}}  {counts['ai_lines']:>6}  {counts['human_lines']:>6}"
            f"  {counts['unknown_lines']:>7}"
        )
    totals = line_counts(pair for path in files for pair in files[path])
    out.append("")
    out.append(
        f"Totals: {totals['ai_lines']} AI lines ({totals['ai_authored_lines']} authored, "
        f"{totals['ai_assisted_lines']} assisted), {totals['human_lines']} human, "
        f"{totals['unknown_lines']} unknown"
    )
    return "\n".join(out) + "\n"

"""What a ``# type: ignore`` hid from mypy: existence errors are reported all the same.

The scanned code must not switch the gate off (bandit runs with ``--ignore-nosec``, semgrep with
``--disable-nosem``, pylint's suppressed messages are reported). mypy has no switch to ignore
``type: ignore``, but it says what one hid: with ``ignore-without-code`` a bare ignore that
hid errors names their codes, and with ``warn_unused_ignores`` an ignore that names a code it
did not need is reported unused. A hidden ``attr-defined`` or ``name-defined`` is reported as
what it is; a hidden ``call-arg``, ``call-overload`` or ``operator`` may be a made-up keyword or
only a type mismatch (mypy does not say which): low confidence, same severity, since either is
an error mypy found in the changed code that the change chose to hide.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from gate.analyzers.base import strip_dot_slash
from gate.model import Confidence, Location, RawFinding, Severity
from gate.suppressions import _comments as comments

CONFIG_LINES = ("enable_error_code = ignore-without-code", "warn_unused_ignores = True")
"""Our mypy config lines that make mypy say what each ``type: ignore`` hid."""
SURE = frozenset({"attr-defined", "name-defined"})
"""Codes that, hidden, can only be a name or attribute that does not exist."""
_SUGGESTED = re.compile(r'consider "type: ignore\[(?P<codes>[^\]]*)\]" instead')
_UNUSED = re.compile(r'^Unused "type: ignore(?:\[(?P<codes>[^\]]*)\])?" comment')
_CODED = re.compile(r"#\s*type\s*:\s*ignore\[(?P<codes>[^\]]*)\]")


def _codes(text: str | None) -> list[str]:
    return [c.strip() for c in (text or "").split(",") if c.strip()]


def hidden_findings(
    messages: Iterable[Mapping[str, Any]],
    workspace: Path,
    targets: Iterable[str],
    rules: Mapping[str, Any],
) -> list[RawFinding]:
    """A finding per target line whose ``type: ignore`` hid one of ``rules``' codes."""
    bare: dict[tuple[str, int], list[str]] = {}
    unused: dict[tuple[str, int], list[str] | None] = {}
    for m in messages:
        where = (strip_dot_slash(str(m.get("file", ""))), int(m.get("line", 0)))
        text = str(m.get("message", ""))
        if m.get("code") == "ignore-without-code" and (match := _SUGGESTED.search(text)):
            bare[where] = _codes(match.group("codes"))
        elif m.get("code") == "unused-ignore" and (match := _UNUSED.match(text)):
            unused[where] = _codes(match.group("codes")) if match.group("codes") else None
    hidden: dict[tuple[str, int], tuple[list[str], str]] = {
        where: (codes, "a bare `# type: ignore`") for where, codes in bare.items()
    }
    for path in targets:
        try:
            text = (workspace / path).read_text("utf-8", "replace")
        except OSError:
            continue
        for number, comment, _alone in comments(text):
            match = _CODED.search(comment)
            if not match or (path, number) not in unused and (path, number) in bare:
                continue
            named = _codes(match.group("codes"))
            spare = unused.get((path, number), [])
            used = [] if spare is None else [c for c in named if c not in spare]
            hidden[(path, number)] = (used, f"`# type: ignore[{', '.join(named)}]`")
    out = []
    for (path, line), (codes, comment) in sorted(hidden.items()):
        ours = [c for c in codes if c in rules]
        if not ours:
            continue
        code = next((c for c in ours if c in SURE), ours[0])
        sure = code in SURE
        out.append(
            RawFinding(
                analyzer="mypy",
                rule_id=code,
                severity=Severity.MEDIUM,
                confidence=Confidence.HIGH if sure else Confidence.LOW,
                message=f"{comment} hides mypy's {', '.join(ours)} error on this line"
                + (
                    ": a name or attribute the code uses does not exist"
                    if sure
                    else ": maybe a keyword argument that does not exist, maybe a type mismatch"
                ),
                location=Location(path=path, start_line=max(1, line)),
                cwe=rules[code].cwe,
                help_uri=rules[code].help_uri,
                rule_name=rules[code].name,
                fix="remove the ignore and fix what mypy reports (a human may keep it with an "
                "`# aigate: ignore[...]` and a reason)",
            )
        )
    return out

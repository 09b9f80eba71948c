"""Every rule the gate can report, for `aigate rules` and `aigate explain`."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Any

from gate.errors import GateError

BANDIT_DOCS = "https://bandit.readthedocs.io/en/latest/"
CALL_ONLY_NOTE = (
    "the tool flags the call whatever the data: where aigate's data-flow rules for the same "
    "CWE ran and did not confirm the line, it is kept as a warning"
)
ESCAPE_NOTE = (
    "; it stays blocking (at least high) for exec/eval/compile of non-literal code, shell "
    "execution of a non-literal command (shell=True, os.system, sh -c argv, os.exec*/spawn*) "
    "and deserialisation of non-literal data"
)


def _call_only_note(rule_id: str) -> str:
    from gate.calibration import ESCAPE_RULES
    from gate.findings import CALL_ONLY

    if rule_id not in CALL_ONLY:
        return ""
    return CALL_ONLY_NOTE + (ESCAPE_NOTE if rule_id in ESCAPE_RULES else "")


PYLINT_DOCS = "https://pylint.readthedocs.io/en/stable/user_guide/messages/{kind}/{symbol}.html"


@dataclass(frozen=True)
class RuleInfo:
    """What a user needs to know about one rule."""

    id: str
    """Namespaced id as reports show it: semgrep/<id>, bandit/B602, pylint/W0123, aigate/<id>."""
    source: str
    """Who reports it: semgrep (our rules), bandit, pylint, mypy or aigate (our own checks)."""
    severity: str
    """Our severity, or 'varies' where the tool rates each finding."""
    cwe: tuple[int, ...]
    """CWE ids, most precise first."""
    summary: str
    """One line."""
    description: str = ""
    """What is wrong, in full."""
    fix: str = ""
    """How to fix it."""
    help_uri: str = ""
    """Documentation."""
    note: str = ""
    """How aigate treats it, where that differs from the tool's own behaviour."""


def _semgrep_rules() -> list[RuleInfo]:
    from gate.analyzers.semgrep import (
        _cwe_ids,
        _severity,
        bundled_rules_dir,
        load_rules,
        rule_files,
    )

    out = []
    for rule in load_rules(rule_files(bundled_rules_dir())).rules:
        meta: dict[str, Any] = rule.get("metadata") or {}
        refs = meta.get("references") or []
        out.append(
            RuleInfo(
                id=f"semgrep/{rule['id']}",
                source="semgrep",
                severity=_severity(str(rule.get("severity", "")), meta, rule["id"]).value,
                cwe=_cwe_ids(meta.get("cwe")),
                summary=str(meta.get("name") or rule["id"]),
                description=" ".join(str(rule.get("message", "")).split()),
                fix=str(meta.get("fix", "")),
                help_uri=str(refs[0]) if refs else "",
            )
        )
    return out


def _removed_api_rules() -> list[RuleInfo]:
    from gate.removed_apis import removed_apis

    out = []
    for api in removed_apis():
        rule = api.rule()
        out.append(
            RuleInfo(
                id=f"semgrep/{rule['id']}",
                source="semgrep",
                severity="medium",
                cwe=(477,),
                summary=rule["metadata"]["name"],
                description=rule["message"],
                fix=rule["metadata"]["fix"],
                help_uri=api.evidence,
                note=(
                    "generated per scan from gate/data/removed_apis.toml, only when the "
                    f"project's declared {api.library} versions include {api.removed_in} or later"
                ),
            )
        )
    return out


def _aigate_rules() -> list[RuleInfo]:
    from gate.checks import RULES

    return [
        RuleInfo(
            id=f"aigate/{rule.id}",
            source="aigate",
            severity=rule.severity.value,
            cwe=rule.cwe,
            summary=rule.name,
            fix=rule.fix,
        )
        for rule in RULES.values()
    ]


def _pylint_rules() -> list[RuleInfo]:
    from gate.analyzers.pylint import RULES

    return [
        RuleInfo(
            id=f"pylint/{msg_id}",
            source="pylint",
            severity=rule.severity.value,
            cwe=rule.cwe,
            summary=rule.symbol,
            help_uri=PYLINT_DOCS.format(kind=rule.kind, symbol=rule.symbol),
            note=_call_only_note(f"pylint/{msg_id}"),
        )
        for msg_id, rule in RULES.items()
    ]


def _mypy_rules() -> list[RuleInfo]:
    from gate.analyzers.mypy import FIX, RULES, SEVERITY

    return [
        RuleInfo(
            id=f"mypy/{code}",
            source="mypy",
            severity=SEVERITY.value,
            cwe=rule.cwe,
            summary=rule.name,
            description=(
                "The code uses a name, attribute or keyword argument that the module, class or "
                "function does not have (a hallucinated API); it fails at run time. Reported "
                "from mypy --check-untyped-defs run against the project and its declared "
                f"dependencies; only '{code}' messages matching /{rule.pattern.pattern}/ count."
            ),
            fix=FIX,
            help_uri=rule.help_uri,
        )
        for code, rule in RULES.items()
    ]


def _bandit_rules() -> list[RuleInfo]:
    from bandit.core import extension_loader

    from gate.analyzers.bandit import CWE_OVERRIDES

    manager = extension_loader.MANAGER
    # bandit plugins set their CWE per finding; these are the ones they report
    plugin_cwe = {
        "B103": (732,),
        "B108": (377,),
        "B501": (295,),
        "B502": (327,),
        "B503": (327,),
        "B504": (327,),
        "B506": (502,),
        "B507": (295,),
        "B601": (78,),
        "B602": (78,),
        "B603": (78,),
        "B604": (78,),
        "B605": (78,),
        "B606": (78,),
        "B608": (89,),
        "B609": (78,),
        "B610": (89,),
        "B611": (89,),
        "B614": (502,),
        "B703": (79,),
        "B704": (79,),
    }
    entries: dict[str, tuple[str, tuple[int, ...], str]] = {}
    for test_id, plugin in manager.plugins_by_id.items():
        found = CWE_OVERRIDES.get(test_id) or plugin_cwe.get(test_id) or ()
        entries[test_id] = (str(plugin.name), found, "varies")
    for test_id, item in manager.blacklist_by_id.items():
        listed: tuple[int, ...] = (int(item["cwe"]),) if item.get("cwe") else ()
        cwe = CWE_OVERRIDES.get(test_id) or listed
        entries[test_id] = (str(item["name"]), cwe, str(item.get("level", "varies")).lower())
    out = []
    for test_id, (name, cwe, severity) in sorted(entries.items()):
        note = _call_only_note(f"bandit/{test_id}")
        out.append(
            RuleInfo(
                id=f"bandit/{test_id}",
                source="bandit",
                severity=severity,
                cwe=cwe,
                summary=name,
                help_uri=BANDIT_DOCS,
                note=note,
            )
        )
    return out


def all_rules() -> tuple[RuleInfo, ...]:
    """Every rule, ours first, sorted by id within each source."""
    rules = [
        *_semgrep_rules(),
        *_removed_api_rules(),
        *_aigate_rules(),
        *_pylint_rules(),
        *_mypy_rules(),
        *_bandit_rules(),
    ]
    order = {"semgrep": 0, "aigate": 1, "pylint": 2, "mypy": 3, "bandit": 4}
    return tuple(sorted(rules, key=lambda r: (order[r.source], r.id)))


def find_rule(rule_id: str) -> RuleInfo:
    """The rule named ``rule_id`` (namespaced, or a bare id that is unique), or a GateError."""
    rules = all_rules()
    exact = [r for r in rules if r.id == rule_id or r.id.split("/", 1)[1] == rule_id]
    if len(exact) == 1:
        return exact[0]
    if len(exact) > 1:
        raise GateError(f"{rule_id!r} is ambiguous: {', '.join(r.id for r in exact)}")
    close = difflib.get_close_matches(rule_id, [r.id for r in rules], n=3, cutoff=0.6)
    hint = f"; did you mean {', '.join(close)}?" if close else "; `aigate rules` lists them"
    raise GateError(f"unknown rule {rule_id!r}{hint}")


def describe(rule: RuleInfo) -> str:
    """The full text `aigate explain` prints."""
    lines = [rule.id, f"  {rule.summary}", ""]
    lines.append(f"source:   {rule.source}")
    lines.append(f"severity: {rule.severity}")
    if rule.cwe:
        lines.append("cwe:      " + ", ".join(f"CWE-{c}" for c in rule.cwe))
    if rule.description:
        lines += ["", rule.description]
    if rule.fix:
        lines += ["", f"fix: {rule.fix}"]
    if rule.note:
        lines += ["", f"aigate: {rule.note}"]
    if rule.help_uri:
        lines += ["", f"docs: {rule.help_uri}"]
    return "\n".join(lines) + "\n"

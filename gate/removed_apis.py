"""Removed and renamed APIs: the table in gate/data/removed_apis.toml -> semgrep rules per scan.

A rule is generated only when the project's declared version range of the library (its
``requires-python`` for the standard library) includes a version at or after the one that
removed the API; an undeclared library or an unknown Python range counts as "any version".
"""

from __future__ import annotations

import functools
import importlib.resources
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from packaging.specifiers import InvalidSpecifier, SpecifierSet
from packaging.utils import canonicalize_name
from packaging.version import InvalidVersion, Version

from gate.errors import RuleError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on 3.10 only
    import tomli as tomllib

RULE_PREFIX = "removed-api-"
"""Generated rule ids are ``removed-api-<id>`` (reported as ``semgrep/removed-api-<id>``)."""
PYTHON = "python"
"""The ``library`` of standard-library entries."""
OBSOLETE_FUNCTION_CWE = "CWE-477: Use of Obsolete Function"


@dataclass(frozen=True)
class RemovedApi:
    """One row of the table."""

    id: str
    """Stable id; the rule is ``removed-api-<id>``."""
    library: str
    """PEP 503 distribution name, or ``python``."""
    api: str
    """What was removed, as people write it."""
    removed_in: Version
    """The first version without it."""
    replacement: str
    """What to use instead."""
    evidence: str
    """The release notes that say so."""
    patterns: tuple[str, ...] = ()
    """semgrep patterns that match a use (any of them)."""
    method: str = ""
    """A method removed from a class: matched on receivers of that class (below)."""
    receiver_type: tuple[str, ...] = ()
    """Annotations that make a parameter such a receiver."""
    receiver_from: tuple[str, ...] = ()
    """Expressions whose value, assigned to a name, makes it such a receiver."""
    names_regex: str = ""
    """A regex the patterns' ``$NAME`` must match."""
    not_patterns: tuple[str, ...] = ()
    """semgrep patterns that look alike but are fine (semgrep's ``from a import X`` also
    matches ``from a.b import X``)."""

    def applies(self, specifier: str | None) -> bool:
        """True when a version in ``specifier`` (None: unknown, any) lacks the API."""
        if not specifier:
            return True
        try:
            spec = SpecifierSet(specifier.split(";")[0].strip())
        except InvalidSpecifier:
            return True
        probes = {self.removed_in, Version("9999")}
        for item in spec:
            try:
                bound = Version(item.version.rstrip(".*"))
            except InvalidVersion:
                continue
            if bound >= self.removed_in:
                probes.update(_around(bound))
        return any(spec.contains(v, prereleases=True) for v in probes if v >= self.removed_in)

    def rule(self) -> dict[str, Any]:
        """The semgrep rule."""
        either: list[dict[str, Any]] = [{"pattern": p} for p in self.patterns]
        if self.method:
            origins = [
                {"pattern-inside": f"$R = {origin}\n...\n"} for origin in self.receiver_from
            ] + [
                {"pattern-inside": f"def $F(..., $R: {kind}, ...):\n  ...\n"}
                for kind in self.receiver_type
            ]
            either.append(
                {"patterns": [{"pattern-either": origins}, {"pattern": f"$R.{self.method}(...)"}]}
            )
        match: list[dict[str, Any]] = [{"pattern-either": either}]
        match += [{"pattern-not": p} for p in self.not_patterns]
        if self.names_regex:
            match.append(
                {"metavariable-regex": {"metavariable": "$NAME", "regex": self.names_regex}}
            )
        where = "Python" if self.library == PYTHON else self.library
        return {
            "id": RULE_PREFIX + self.id,
            "languages": ["python"],
            "severity": "WARNING",
            "message": (
                f"{self.api} was removed in {where} {self.removed_in}, a version the project "
                f"allows: the call fails at run time. Use {self.replacement}."
            ),
            "patterns": match,
            "metadata": {
                "name": f"removed API: {self.api}",
                "cwe": [OBSOLETE_FUNCTION_CWE],
                "confidence": "high" if not self.method else "medium",
                "aigate-severity": "medium",
                "references": [self.evidence],
                "fix": f"use {self.replacement}",
            },
        }


def _around(version: Version) -> list[Version]:
    """Versions just at and after a specifier's bound (a range's edge)."""
    release = list(version.release) + [0, 0]
    major, minor, micro = release[0], release[1], release[2]
    return [
        version,
        Version(f"{major}.{minor}.{micro + 1}"),
        Version(f"{major}.{minor + 1}"),
        Version(f"{major + 1}.0"),
    ]


@functools.lru_cache(maxsize=1)
def removed_apis() -> tuple[RemovedApi, ...]:
    """The shipped table, validated (a broken table is a broken installation)."""
    text = importlib.resources.files("gate.data").joinpath("removed_apis.toml").read_text("utf-8")
    try:
        rows = tomllib.loads(text)["api"]
        out = tuple(_row(row) for row in rows)
    except (KeyError, TypeError, ValueError, InvalidVersion) as exc:
        raise RuleError(f"gate/data/removed_apis.toml is malformed ({exc}); reinstall") from exc
    ids = [r.id for r in out]
    if len(ids) != len(set(ids)):
        raise RuleError("gate/data/removed_apis.toml repeats an id; reinstall")
    return out


def _row(row: Mapping[str, Any]) -> RemovedApi:
    api = RemovedApi(
        id=str(row["id"]),
        library=canonicalize_name(str(row["library"])),
        api=str(row["api"]),
        removed_in=Version(str(row["removed_in"])),
        replacement=str(row["replacement"]),
        evidence=str(row["evidence"]),
        patterns=tuple(str(p) for p in row.get("patterns", ())),
        method=str(row.get("method", "")),
        receiver_type=tuple(str(p) for p in row.get("receiver_type", ())),
        receiver_from=tuple(str(p) for p in row.get("receiver_from", ())),
        names_regex=str(row.get("names_regex", "")),
        not_patterns=tuple(str(p) for p in row.get("not_patterns", ())),
    )
    if not api.evidence.startswith("https://") or not (api.patterns or api.method):
        raise ValueError(f"{api.id}: needs an https evidence URL and something to match")
    return api


def rules_for(declared: Mapping[str, str], requires_python: str | None) -> list[dict[str, Any]]:
    """The rules that apply to a project: ``declared`` maps distributions to specifiers."""
    out = []
    for api in removed_apis():
        specifier = requires_python if api.library == PYTHON else declared.get(api.library)
        if api.applies(specifier):
            out.append(api.rule())
    return out

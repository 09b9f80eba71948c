"""Checks a SARIF document against the official 2.1.0 schema and GitHub code scanning's rules."""

from __future__ import annotations

import gzip
import json
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import jsonschema

SCHEMA_PATH = Path(__file__).resolve().parent / "data" / "sarif-schema-2.1.0.json"
LEVELS = ("note", "warning", "error")
MAX_RUNS = 1
"""aigate writes one run (GitHub itself accepts up to 20)."""
MAX_RESULTS = 25_000
MAX_RULES = 25_000
MAX_EXTENSIONS = 100
MAX_TAGS = 20
MAX_DESCRIPTION = 1024
MAX_GZIPPED = 10 * 1024 * 1024


@cache
def sarif_validator() -> jsonschema.Draft4Validator:
    """A validator for the official SARIF 2.1.0 schema (draft-04)."""
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    jsonschema.Draft4Validator.check_schema(schema)
    return jsonschema.Draft4Validator(schema)


def assert_valid_sarif(doc: dict[str, Any]) -> None:
    """Fail with every schema error of ``doc``, each with its JSON path."""
    errors = sorted(sarif_validator().iter_errors(doc), key=lambda e: list(e.absolute_path))
    problems = [f"{'/'.join(map(str, e.absolute_path)) or '<root>'}: {e.message}" for e in errors]
    assert not problems, "SARIF schema errors:\n" + "\n".join(problems)


def _relative_uri_problem(uri: Any) -> str | None:
    if not isinstance(uri, str) or not uri:
        return "is missing or empty"
    if uri.startswith("./") or uri.startswith("/") or "\\" in uri:
        return "must be repo-relative posix (no ./, no leading /, no backslash)"
    if urlsplit(uri).scheme or urlsplit(uri).netloc:
        return "must be relative, not absolute"
    if any(part in ("", ".", "..") for part in unquote(uri).split("/")):
        return "has an empty, . or .. segment"
    if any(c in uri for c in " #?"):
        return "has a character that must be percent-encoded"
    return None


def _rule_problems(rule: dict[str, Any]) -> list[str]:
    where = f"rule {rule.get('id')!r}"
    problems: list[str] = []
    if not rule.get("id"):
        problems.append(f"{where}: id missing")
    if not rule.get("shortDescription", {}).get("text"):
        problems.append(f"{where}: shortDescription.text missing")
    full = rule.get("fullDescription", {}).get("text")
    if not full or len(full) > MAX_DESCRIPTION:
        problems.append(f"{where}: fullDescription.text missing or over {MAX_DESCRIPTION} chars")
    help_ = rule.get("help", {})
    if not help_.get("text") or not help_.get("markdown"):
        problems.append(f"{where}: help.text and help.markdown needed")
    if rule.get("defaultConfiguration", {}).get("level") not in LEVELS:
        problems.append(f"{where}: defaultConfiguration.level not one of {LEVELS}")
    properties = rule.get("properties", {})
    tags = properties.get("tags", [])
    if "security" not in tags or len(tags) > MAX_TAGS:
        problems.append(f"{where}: tags must contain 'security' and number at most {MAX_TAGS}")
    severity = properties.get("security-severity")
    try:
        in_range = isinstance(severity, str) and 0.0 < float(severity) <= 10.0
    except ValueError:
        in_range = False
    if not in_range:
        problems.append(f"{where}: security-severity {severity!r} is not a string in (0, 10]")
    if "security_severity" in properties:
        problems.append(f"{where}: security_severity written with an underscore")
    return problems


def _result_problems(n: int, result: dict[str, Any], rules: list[dict[str, Any]]) -> list[str]:
    where = f"result {n} ({result.get('ruleId')})"
    problems: list[str] = []
    rule_ids = [rule.get("id") for rule in rules]
    if result.get("ruleId") not in rule_ids:
        problems.append(f"{where}: ruleId is not among the rules")
    index = result.get("ruleIndex")
    if index is not None and (
        index >= len(rules) or rules[index].get("id") != result.get("ruleId")
    ):
        problems.append(f"{where}: ruleIndex {index} does not point at its rule")
    if result.get("level") not in LEVELS:
        problems.append(f"{where}: level {result.get('level')!r} not one of {LEVELS}")
    if not result.get("message", {}).get("text", "").strip():
        problems.append(f"{where}: message.text empty")
    locations = result.get("locations") or [{}]
    physical = locations[0].get("physicalLocation", {})
    artifact = physical.get("artifactLocation", {})
    uri_problem = _relative_uri_problem(artifact.get("uri"))
    if uri_problem:
        problems.append(f"{where}: artifactLocation.uri {artifact.get('uri')!r} {uri_problem}")
    if artifact.get("uriBaseId") != "%SRCROOT%":
        problems.append(f"{where}: uriBaseId must be %SRCROOT%")
    region = physical.get("region", {})
    start = region.get("startLine")
    if not isinstance(start, int) or start < 1:
        problems.append(f"{where}: region.startLine {start!r} must be >= 1")
    elif region.get("endLine", start) < start:
        problems.append(f"{where}: region.endLine before startLine")
    if not result.get("partialFingerprints", {}).get("primaryLocationLineHash"):
        problems.append(f"{where}: partialFingerprints.primaryLocationLineHash missing")
    return problems


def github_sarif_problems(doc: dict[str, Any]) -> list[str]:
    """Every way ``doc`` breaks GitHub code scanning's upload rules (empty when it meets them)."""
    problems: list[str] = []
    if doc.get("version") != "2.1.0":
        problems.append("version must be 2.1.0")
    runs = doc.get("runs") or []
    if not 1 <= len(runs) <= MAX_RUNS:
        problems.append(f"expected 1 to {MAX_RUNS} runs, got {len(runs)}")
    if len(gzip.compress(json.dumps(doc).encode())) > MAX_GZIPPED:
        problems.append("over 10 MB gzipped")
    for run in runs:
        tool = run.get("tool", {})
        rules = tool.get("driver", {}).get("rules", [])
        results = run.get("results", [])
        if len(results) > MAX_RESULTS or len(rules) > MAX_RULES:
            problems.append("over 25,000 results or rules in a run")
        if len(tool.get("extensions", [])) > MAX_EXTENSIONS:
            problems.append("over 100 tool extensions")
        ids = [rule.get("id") for rule in rules]
        if len(ids) != len(set(ids)):
            problems.append("rule ids repeat")
        automation = run.get("automationDetails", {}).get("id")
        if automation is not None and (not isinstance(automation, str) or "/" not in automation):
            problems.append(f"automationDetails.id {automation!r} is not category/run-id")
        base = run.get("originalUriBaseIds", {}).get("%SRCROOT%")
        if base is not None and not (
            base.get("uri", "").startswith("file://") and base["uri"].endswith("/")
        ):
            problems.append("originalUriBaseIds.%SRCROOT% must be a file:// URI ending in /")
        for rule in rules:
            problems.extend(_rule_problems(rule))
        for n, result in enumerate(results):
            problems.extend(_result_problems(n, result, rules))
    return problems


def assert_github_sarif(doc: dict[str, Any]) -> None:
    """Fail, listing each problem, unless ``doc`` validates and meets GitHub's upload rules."""
    assert_valid_sarif(doc)
    problems = github_sarif_problems(doc)
    assert not problems, "SARIF breaks GitHub's rules:\n" + "\n".join(problems)

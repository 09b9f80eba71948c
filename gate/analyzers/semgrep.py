"""semgrep adapter: our rules merged into one config, one call, every target proven scanned."""

from __future__ import annotations

import ast
import importlib.resources
import json
import re
import time
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import yaml

import gate
from gate.analyzers.base import (
    Analyzer,
    AnalyzerContext,
    ToolFailure,
    invoke,
    one_line,
    parse_json_object,
    require_executable,
    strip_dot_slash,
)
from gate.analyzers.cause import last_line
from gate.analyzers.semgrep_core import (
    core_argv,
    find_core,
    jobs_for,
    json_text,
    normalised,
    trace_lines,
    write_targets,
)
from gate.analyzers.semgrep_retry import (
    MAX_RETRIES,
    RETRY_FACTOR,
    merge_retry,
    timed_out_files,
    timeout_message,
)
from gate.analyzers.summaries import helper_spans, widen
from gate.analyzers.summarize import summarize
from gate.errors import RuleError
from gate.model import AnalyzerRun, Confidence, Location, RawFinding, RunStatus, Severity
from gate.slicing import copy_blanked

SEVERITY: dict[str, Severity] = {
    "INFO": Severity.LOW,
    "WARNING": Severity.MEDIUM,
    "ERROR": Severity.HIGH,
    "LOW": Severity.LOW,
    "MEDIUM": Severity.MEDIUM,
    "HIGH": Severity.HIGH,
    "CRITICAL": Severity.CRITICAL,
    "INVENTORY": Severity.NOTE,
    "EXPERIMENT": Severity.NOTE,
}
"""semgrep's rule severity -> ours, unless ``metadata.aigate-severity`` says otherwise."""

CONFIDENCE: dict[str, Confidence] = {c.value: c for c in Confidence}
"""``metadata.confidence`` (any case) -> ours; MEDIUM when absent."""

_RULE_SUFFIXES = (".yaml", ".yml")
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""libyaml's safe loader where PyYAML has it: 5-8x faster than the pure-Python one."""
_CWE = re.compile(r"CWE-(\d+)", re.IGNORECASE)


@dataclass(frozen=True)
class RuleSet:
    """Rules merged from many YAML files, with where each id came from."""

    rules: tuple[dict[str, Any], ...]
    """Every rule, in file order."""
    origin: dict[str, Path]
    """Rule id -> the file that defines it."""


def bundled_rules_dir() -> Path:
    """Our rules: ``gate/_rules`` in a wheel, else ``rules/`` beside the package in a checkout."""
    shipped = importlib.resources.files("gate") / "_rules"
    if shipped.is_dir():
        return Path(str(shipped))
    source = Path(gate.__file__).resolve().parent.parent / "rules"
    if source.is_dir():
        return source
    raise RuleError(
        f"aigate's semgrep rules are missing (looked in {shipped} and {source}); "
        f"reinstall aigate-scan"
    )


def rule_files(root: Path) -> tuple[Path, ...]:
    """Every rule YAML under ``root`` (the ``.py`` beside each is test data), sorted."""
    if root.is_file():
        return (root,)
    return tuple(sorted(p for p in root.rglob("*") if p.suffix in _RULE_SUFFIXES and p.is_file()))


def load_rules(files: tuple[Path, ...]) -> RuleSet:
    """Read and merge rule files; a broken file or a repeated id raises ``ToolFailure``."""
    rules: list[dict[str, Any]] = []
    origin: dict[str, Path] = {}
    for path in files:
        try:
            doc = yaml.load(path.read_text(encoding="utf-8"), Loader=_LOADER)  # noqa: S506
        except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
            raise ToolFailure(f"semgrep: rule file {path}: cannot read it: {exc}") from exc
        entries = doc.get("rules") if isinstance(doc, dict) else None
        if not isinstance(entries, list):
            raise ToolFailure(f"semgrep: rule file {path}: no top-level 'rules' list")
        for rule in entries:
            rule_id = rule.get("id") if isinstance(rule, dict) else None
            if not isinstance(rule_id, str) or not rule_id:
                raise ToolFailure(f"semgrep: rule file {path}: a rule has no string 'id'")
            if rule_id in origin:
                raise ToolFailure(
                    f"semgrep: rule id {rule_id!r} is defined twice, in {origin[rule_id]} "
                    f"and in {path}; rule ids must be unique"
                )
            _check_metadata(rule, path)
            origin[rule_id] = path
            rules.append(rule)
    return RuleSet(tuple(rules), origin)


def _check_metadata(rule: dict[str, Any], path: Path) -> None:
    """Catch our metadata mistakes before semgrep runs, naming the rule and file."""
    meta = rule.get("metadata") or {}
    if not isinstance(meta, dict):
        raise ToolFailure(f"semgrep: rule {rule['id']!r} in {path}: metadata is not a mapping")
    severity = meta.get("aigate-severity")
    if severity is not None and str(severity).lower() not in {s.value for s in Severity}:
        raise ToolFailure(
            f"semgrep: rule {rule['id']!r} in {path}: unknown aigate-severity {severity!r}"
        )
    confidence = meta.get("confidence")
    if confidence is not None and str(confidence).lower() not in CONFIDENCE:
        raise ToolFailure(
            f"semgrep: rule {rule['id']!r} in {path}: unknown confidence {confidence!r}"
        )


class SemgrepAnalyzer(Analyzer):
    """One semgrep call over all targets with our rules plus the config's extra rules."""

    name = "semgrep"
    executable = "semgrep"
    """The command looked up with ``find_executable``."""

    def __init__(self, rules_dir: Path | None = None) -> None:
        """Use our bundled rules, or ``rules_dir`` instead (tests and rule development)."""
        self.rules_dir = rules_dir
        self._loaded: dict[tuple[Path, ...], RuleSet] = {}

    def _ruleset(self, extra_rules: tuple[Path, ...]) -> RuleSet:
        """The merged rules, read and parsed once for both passes of a scan."""
        if extra_rules not in self._loaded:
            self._loaded[extra_rules] = load_rules(self._rule_files(extra_rules))
        return self._loaded[extra_rules]

    def prepare(self, ctx: AnalyzerContext) -> AnalyzerContext:
        """Summarise the project's functions (pass 1) so the scan follows calls of them
        (unless the config turned that off)."""
        if not ctx.settings.summaries:
            return ctx
        exe = require_executable(self.name, self.executable)
        return replace(ctx, summaries=summarize(ctx, exe, self._ruleset(ctx.extra_rules).rules))

    def scan(self, ctx: AnalyzerContext) -> AnalyzerRun:
        """Merge the rules, run semgrep once, check every target was scanned."""
        ruleset = self._ruleset(ctx.extra_rules)
        exe = require_executable(self.name, self.executable)
        # JSON (a subset of YAML): semgrep parses it several times faster than YAML
        config = ctx.scratch.resolve() / "semgrep-rules.json"
        rules = list(widen(ruleset.rules, ctx.summaries))
        config.write_text(json.dumps({"rules": rules}, default=str), "utf-8")
        focused = _focused(ctx)  # pass 2 may read a slice of each target
        data = self._call(
            exe, config, ctx.settings.rule_timeout, ctx.targets, "semgrep-targets", focused
        )
        timed_out = timed_out_files(data)
        if len(timed_out) > MAX_RETRIES:
            raise ToolFailure(
                *(
                    timeout_message(p, r, ctx.settings.rule_timeout, retried=False)
                    for p, r in timed_out.items()
                ),
                version=_version(data),
            )
        longer = ctx.settings.rule_timeout * RETRY_FACTOR
        measured: dict[str, float] = {}  # a retried file's own call: its time is known
        for number, path in enumerate(timed_out):  # once more, alone: load must not decide
            started = time.monotonic()
            retry = self._call(exe, config, longer, (path,), f"semgrep-retry-{number}", focused)
            measured[path] = time.monotonic() - started
            still = timed_out_files(retry).get(path)
            if still:
                raise ToolFailure(
                    timeout_message(path, still, longer, retried=True), version=_version(retry)
                )
            data = merge_retry(data, path, retry)
        version = _version(data)
        problems = _errors(data) + _coverage(data, ctx.targets) + _skipped_rules(data)
        if problems:
            raise ToolFailure(*problems, version=version)
        results = data.get("results")
        if not isinstance(results, list):
            raise ToolFailure("semgrep: JSON field 'results' is missing", version=version)
        findings = _through_helpers(tuple(_finding(item, ruleset) for item in results), ctx)
        return AnalyzerRun(
            analyzer=self.name,
            status=RunStatus.OK,
            version=version,
            findings=findings,
            file_seconds=tuple(measured.items()),
        )

    def _call(
        self, exe: str, config: Path, rule_timeout: int, targets: tuple[str, ...],
        scratch_name: str, ctx: AnalyzerContext,
    ) -> dict[str, Any]:  # fmt: skip
        """One semgrep-core run over ``targets`` (gate/analyzers/semgrep_core.py): its JSON,
        normalised, or FAILED."""
        core = find_core(exe)
        listed = write_targets(ctx.scratch.resolve() / f"{scratch_name}.json", targets)
        argv = core_argv(core, config, listed, rule_timeout, jobs_for(targets))
        result = invoke("semgrep", argv, ctx)
        text = json_text(result.stdout)
        if result.returncode != 0:
            try:
                data = normalised(parse_json_object("semgrep", text), config)
            except ToolFailure:
                data = {}
            details = [_describe(e) for e in data.get("errors") or [] if isinstance(e, dict)]
            raise ToolFailure(
                *(f"semgrep: exited {result.returncode}: {d}" for d in details),
                *(() if details else (f"semgrep: exited {result.returncode}: "
                                      f"{last_line(result.stderr)}",)),
                version=_version(data),
                executable=None if details else core,
            )  # fmt: skip
        return normalised(parse_json_object("semgrep", text, None, result), config)

    def _rule_files(self, extra_rules: tuple[Path, ...]) -> tuple[Path, ...]:
        """Ours (none is a broken installation), then the config's extra rules."""
        rules_dir = self.rules_dir or bundled_rules_dir()
        ours = rule_files(rules_dir)
        if not ours:
            raise RuleError(f"aigate's rules folder {rules_dir} holds no rule YAML; reinstall")
        extra: list[Path] = []
        for path in extra_rules:
            found = rule_files(path) if path.exists() else ()
            if not found:
                raise ToolFailure(f"semgrep: extra rule path {path} does not exist or is empty")
            extra.extend(found)
        return ours + tuple(extra)


def _through_helpers(
    findings: tuple[RawFinding, ...], ctx: AnalyzerContext
) -> tuple[RawFinding, ...]:
    """Each finding's trace with the same-file summarised helpers it calls (summaries.py
    ``helper_spans``): the helper's lines are on the flow, so a change there is in scope."""
    if not ctx.summaries:
        return findings
    helpers = {s.where.rsplit(":", 1)[0] for s in ctx.summaries}
    trees: dict[str, ast.Module | None] = {}  # each file parsed once
    out = []
    for finding in findings:
        path = finding.location.path
        if path in helpers and path not in trees:
            trees[path] = _parsed(ctx.workspace / path)
        tree = trees.get(path)
        loc = finding.location
        lines = frozenset(range(loc.start_line, (loc.end_line or loc.start_line) + 1)) | {
            n for t in finding.trace for n in range(t.start_line, (t.end_line or t.start_line) + 1)
        }
        spans = helper_spans(finding.rule_id, path, lines, ctx.summaries, tree) if tree else ()
        extra = sorted(set(spans) - lines)
        if extra:
            finding = replace(finding, trace=(*finding.trace, *(Location(path, n) for n in extra)))
        out.append(finding)
    return tuple(out)


def _parsed(path: Path) -> ast.Module | None:
    """``path``'s tree; None when it cannot be read, is empty or does not parse."""
    try:
        source = path.read_bytes()
        return ast.parse(source) if source else None
    except (OSError, SyntaxError, ValueError, RecursionError, MemoryError):
        return None


def _focused(ctx: AnalyzerContext) -> AnalyzerContext:
    """The context pass 2 runs in: when the scan leaves definitions out (``ctx.focus``), a
    copy of the targets with those lines blank (gate/slicing.py), else ``ctx`` itself."""
    wanted = {t: ctx.focus[t] for t in ctx.targets if ctx.focus.get(t)}
    if not wanted:
        return ctx
    try:
        root = copy_blanked(ctx.workspace, ctx.scratch.resolve() / "focus", ctx.targets, wanted)
    except OSError as exc:
        raise ToolFailure(f"semgrep: cannot copy the targets for the scan: {exc}") from exc
    return replace(ctx, workspace=root)


def _version(data: dict[str, Any]) -> str | None:
    return str(data["version"]) if isinstance(data.get("version"), str) else None


def _describe(error: dict[str, Any]) -> str:
    kind = error.get("type", "error")
    if isinstance(kind, list) and kind:
        kind = kind[0]
    where = error.get("path") or (f"rule {error['rule_id']}" if error.get("rule_id") else "")
    where = f"{strip_dot_slash(str(where))}: " if where else ""
    return one_line(f"{where}{kind}: {error.get('message', '')}")


def _errors(data: dict[str, Any]) -> list[str]:
    errors = data.get("errors")
    if not isinstance(errors, list):
        raise ToolFailure("semgrep: JSON field 'errors' is missing or not a list")
    return [f"semgrep: {_describe(e) if isinstance(e, dict) else one_line(str(e))}" for e in errors]


def _coverage(data: dict[str, Any], targets: tuple[str, ...]) -> list[str]:
    paths = data.get("paths")
    if not isinstance(paths, dict) or not isinstance(paths.get("scanned"), list):
        raise ToolFailure("semgrep: JSON field 'paths.scanned' is missing")
    scanned = {strip_dot_slash(str(p)) for p in paths["scanned"]}
    skipped: dict[str, str] = {}
    for entry in paths.get("skipped") or []:
        if isinstance(entry, dict) and "path" in entry:
            skipped[strip_dot_slash(str(entry["path"]))] = str(entry.get("reason", "skipped"))
    problems = []
    for target in targets:
        if target in skipped:
            problems.append(f"semgrep: {target}: skipped ({skipped[target]}); not scanned")
        elif target not in scanned:
            problems.append(f"semgrep: {target}: not scanned (semgrep skipped it silently)")
    return problems


def _skipped_rules(data: dict[str, Any]) -> list[str]:
    skipped = data.get("skipped_rules") or []
    return [
        f"semgrep: rule {r.get('rule_id', r) if isinstance(r, dict) else r} was skipped "
        f"and did not run"
        for r in skipped
    ]


def _rule_id(check_id: str, ruleset: RuleSet) -> str:
    """Undo semgrep's prefix of the config's dotted directory (``tmp.x.cfg.<id>``)."""
    if check_id in ruleset.origin:
        return check_id
    matches = [rid for rid in ruleset.origin if check_id.endswith("." + rid)]
    return max(matches, key=len) if matches else check_id


def _finding(item: dict[str, Any], ruleset: RuleSet) -> RawFinding:
    rule_id = _rule_id(str(item["check_id"]), ruleset)
    path = strip_dot_slash(str(item["path"]))
    extra = item.get("extra") or {}
    meta = extra.get("metadata") or {}
    severity = _severity(str(extra.get("severity", "")), meta, rule_id)
    confidence = CONFIDENCE.get(str(meta.get("confidence", "medium")).lower(), Confidence.MEDIUM)
    start, end = item.get("start") or {}, item.get("end") or {}
    refs = meta.get("references")
    if isinstance(refs, str):
        refs = [refs]
    return RawFinding(
        analyzer="semgrep",
        rule_id=rule_id,
        severity=severity,
        confidence=confidence,
        message=one_line(str(extra.get("message", ""))) or rule_id,
        location=Location(
            path=path,
            start_line=int(start["line"]),
            end_line=int(end["line"]) if "line" in end else None,
            start_column=int(start["col"]) if "col" in start else None,
            end_column=int(end["col"]) if "col" in end else None,
        ),
        cwe=_cwe_ids(meta.get("cwe")),
        help_uri=str(refs[0]) if isinstance(refs, list) and refs else None,
        rule_name=str(meta["name"]) if meta.get("name") else None,
        fix=str(meta["fix"]) if meta.get("fix") else None,
        trace=tuple(Location(path, line) for line in trace_lines(item)),
    )


def _severity(raw: str, meta: dict[str, Any], rule_id: str) -> Severity:
    override = meta.get("aigate-severity")
    if override is not None:
        return Severity(str(override).lower())
    severity = SEVERITY.get(raw.upper())
    if severity is None:
        raise ToolFailure(f"semgrep: rule {rule_id!r}: unknown severity {raw!r}")
    return severity


def _cwe_ids(value: object) -> tuple[int, ...]:
    """``["CWE-89: SQL Injection"]`` or ``"CWE-89"`` -> ``(89,)``, in order, no repeats."""
    items = value if isinstance(value, list) else [value] if value else []
    ids = (int(m.group(1)) for item in items for m in [_CWE.search(str(item))] if m)
    return tuple(dict.fromkeys(ids))

"""mypy adapter: hallucinated APIs (names, attributes, keywords that do not exist), our config only.

mypy runs as a subprocess with a config file we write into the scratch dir (``--config-file``
stops it from reading the scanned repo's ``mypy.ini``, ``setup.cfg`` or ``[tool.mypy]``, whose
``plugins`` would run code). It is asked about the targets only (``follow_imports = silent``:
the rest of the project and the analysis environment are read for types, never reported) and
only the error codes that mean "this does not exist" are kept.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from gate.analyzers.base import (
    Analyzer,
    AnalyzerContext,
    ToolFailure,
    ToolResult,
    dot_slash,
    invoke,
    one_line,
    parse_json_object,
    require_executable,
    strip_dot_slash,
    tool_version,
)
from gate.analyzers.cause import last_line
from gate.analyzers.dynamic import soften_dynamic
from gate.analyzers.mypy_config import beyond_imports, config_text, module_names, search_path_shim
from gate.analyzers.mypy_hidden import hidden_findings
from gate.model import AnalyzerRun, Confidence, Location, RawFinding, RunStatus, Severity

__all__ = [
    "RULES",
    "MypyAnalyzer",
    "beyond_imports",
    "config_text",
    "module_names",
    "search_path_shim",
]

HALLUCINATED_API_CWE = 1357
"""CWE filed on every finding that names an API the code relies on but that does not exist."""
DOCS = "https://mypy.readthedocs.io/en/stable/error_code_list.html"
FIX = (
    "use an API the library really has in the version the project declares (its documentation "
    "or the installed stubs); mypy's message names the closest real names where it knows them"
)


@dataclass(frozen=True)
class MypyRule:
    """How we rate one mypy error code, and which of its messages mean "does not exist"."""

    name: str
    """A short human name."""
    anchor: str
    """The code's anchor in mypy's error code list."""
    pattern: re.Pattern[str]
    """Messages of the code we keep; the others (type mismatches, arity) are not reported."""
    confidence: Confidence
    """How sure a kept message is."""
    cwe: tuple[int, ...] = (HALLUCINATED_API_CWE,)
    """CWE ids, most precise first."""

    @property
    def help_uri(self) -> str:
        """The code's entry in mypy's documentation."""
        return f"{DOCS}#{self.anchor}"


_UNEXPECTED_KEYWORD = re.compile(r"^Unexpected keyword argument ")
RULES: dict[str, MypyRule] = {
    "attr-defined": MypyRule(
        "nonexistent-attribute",
        "check-that-attribute-exists-attr-defined",
        re.compile(r"has no attribute |does not explicitly export attribute "),
        Confidence.HIGH,
    ),
    "name-defined": MypyRule(
        "undefined-name",
        "check-that-name-is-defined-name-defined",
        re.compile(r"^Name \".+\" is not defined"),
        Confidence.HIGH,
    ),
    "call-arg": MypyRule(
        "nonexistent-keyword-argument",
        "check-number-names-and-kinds-of-arguments-call-arg",
        _UNEXPECTED_KEYWORD,
        Confidence.HIGH,
        (628, HALLUCINATED_API_CWE),
    ),
    "call-overload": MypyRule(
        "nonexistent-keyword-argument",
        "check-calls-to-overloaded-functions-call-overload",
        _UNEXPECTED_KEYWORD,
        Confidence.HIGH,
        (628, HALLUCINATED_API_CWE),
    ),
    # pandas' DataFrame.__getattr__ makes an invented method a column: "Series" not callable.
    "operator": MypyRule(
        "call-of-non-callable",
        "check-uses-of-various-operators-operator",
        re.compile(r"^\"[^\"]+\" not callable$"),
        Confidence.MEDIUM,
    ),
}
"""Error code -> our rating. Every other code is dropped (not a hallucinated API)."""

_FAILED_CODES = {"syntax"}
"""Codes that mean a target was not analysed."""
_DUPLICATE = re.compile(r"^Duplicate module named ")
SEVERITY = Severity.MEDIUM
"""Calling what does not exist raises at run time, on the very path the change adds."""


class MypyAnalyzer(Analyzer):
    """mypy --check-untyped-defs over the targets, against the analysis environment if any."""

    name = "mypy"
    executable = "mypy"
    """The command looked up with ``find_executable``."""

    def scan(self, ctx: AnalyzerContext) -> AnalyzerRun:
        """Run mypy once over every target and keep the "does not exist" errors."""
        exe = require_executable(self.name, self.executable)
        version = _version(tool_version(exe, ctx))
        far = beyond_imports(ctx)
        messages, unparsable = self._check_all(exe, ctx, version, far)
        if unparsable:  # project modules (not targets) that do not parse: check without them
            skipped = far + tuple(m for path in unparsable for m in module_names(path))
            messages, unparsable = self._check_all(exe, ctx, version, skipped)
            if unparsable:
                raise ToolFailure(
                    *(f"mypy: {p}: cannot be parsed and not skipped" for p in unparsable),
                    version=version,
                )
        targets = set(ctx.targets)
        findings = tuple(f for f in (_finding(m, targets) for m in messages) if f is not None)
        findings += tuple(hidden_findings(messages, ctx.workspace, ctx.targets, RULES))
        findings = soften_dynamic(findings, ctx.workspace)
        return AnalyzerRun(
            analyzer=self.name, status=RunStatus.OK, version=version, findings=findings
        )

    def _check_all(
        self, exe: str, ctx: AnalyzerContext, version: str | None, skipped: tuple[str, ...]
    ) -> tuple[list[dict[str, Any]], tuple[str, ...]]:
        """Every target checked: one mypy run, more when targets are the same module.

        mypy refuses two files of one module in one run ("Duplicate module named": a package's
        ``__init__.py`` beside its ``__init__.pyi`` stub, two top-level ``app.py`` scripts in
        different example folders); the files it names are checked in a run of their own.
        """
        pending: list[tuple[str, ...]] = [ctx.targets]
        messages: list[dict[str, Any]] = []
        unparsable: set[str] = set()
        while pending:
            batch = pending.pop()
            found, bad, duplicates = self._check(exe, ctx, version, skipped, batch)
            if duplicates:
                if set(duplicates) >= set(batch):  # cannot happen with one file per module
                    raise ToolFailure(
                        *(f"mypy: {path}: not analysed: duplicate module" for path in batch),
                        version=version,
                    )
                pending += [duplicates, tuple(t for t in batch if t not in duplicates)]
                continue
            messages += found
            unparsable.update(bad)
        return messages, tuple(sorted(unparsable))

    def _check(
        self,
        exe: str,
        ctx: AnalyzerContext,
        version: str | None,
        skipped: tuple[str, ...],
        targets: tuple[str, ...],
    ) -> tuple[list[dict[str, Any]], tuple[str, ...], tuple[str, ...]]:
        """One mypy run over ``targets``: its messages, the non-target files it could not
        parse, and the targets it refused as duplicates of another target's module."""
        cache_dir = ctx.cache_dir or (ctx.scratch / "mypy-cache")
        config = ctx.scratch / "mypy.ini"
        config.write_text(config_text(ctx.workspace, cache_dir, skipped), encoding="utf-8")
        if ctx.analysis_site is not None:
            site = (f"--python-executable={search_path_shim(ctx.scratch, ctx.analysis_site)}",)
        else:  # never aigate's own environment: unknown third-party modules are Any
            site = ("--no-site-packages",)
        argv = (
            exe,
            f"--config-file={config}",
            *site,
            "--output=json",
            "--no-error-summary",
            "--",
            *dot_slash(targets),
        )
        result = invoke("mypy", argv, ctx, version=version)
        crashed = result.returncode not in (0, 1) or result.returncode == 1 and not result.stdout
        try:
            messages = _messages(result, version)
        except ToolFailure:
            if not crashed:
                raise
            messages = []
        duplicates = tuple(
            sorted(
                {
                    strip_dot_slash(str(m.get("file")))
                    for m in messages
                    if _DUPLICATE.match(str(m.get("message", ""))) and not m.get("code")
                }
                & set(targets)
            )
        )
        if duplicates:
            return [], (), duplicates
        failures: dict[str, str] = {}  # the first reason per file
        for m in messages:
            if m.get("code") in _FAILED_CODES or m.get("severity") == "error" and not m.get("code"):
                path = strip_dot_slash(str(m.get("file")))
                failures.setdefault(path, f"mypy: {path}: not analysed: {m.get('message')}")
        in_targets = [text for path, text in failures.items() if path in ctx.targets]
        if in_targets:
            raise ToolFailure(*in_targets, version=version)
        if failures:
            return messages, tuple(failures), ()
        if crashed:  # exit 2 without a syntax error or a duplicate module (a crash), no output
            detail = last_line(result.stderr if result.stderr.strip() else result.stdout)
            raise ToolFailure(
                f"mypy: exited {result.returncode}: {detail}", version=version, executable=exe
            )
        return messages, (), ()


def _version(text: str | None) -> str | None:
    if not text:
        return None
    match = re.match(r"mypy (\S+)", text.strip())
    return match.group(1) if match else None


def _messages(result: ToolResult, version: str | None) -> list[dict[str, Any]]:
    """One JSON object per line of its stdout; anything else is garbage and fails the run."""
    out = []
    for line in result.stdout.splitlines():
        if not line.strip():
            continue
        item = parse_json_object("mypy", line, version, result)  # JSON lines: one object per line
        if not isinstance(item.get("file"), str) or not isinstance(item.get("line"), int):
            raise ToolFailure(f"mypy: unexpected JSON: {one_line(line)[:80]!r}", version=version)
        out.append(item)
    return out


def _finding(message: dict[str, Any], targets: set[str]) -> RawFinding | None:
    code = str(message.get("code"))
    rule = RULES.get(code)
    text = str(message.get("message", ""))
    if rule is None or message.get("severity") != "error" or not rule.pattern.search(text):
        return None
    path = strip_dot_slash(str(message["file"]))
    if path not in targets:
        return None
    line = int(message["line"])
    end_line = message.get("end_line")
    column, end_column = message.get("column"), message.get("end_column")
    one_liner = isinstance(end_line, int) and end_line == line
    return RawFinding(
        analyzer="mypy",
        rule_id=code,
        severity=SEVERITY,
        confidence=rule.confidence,
        message=text,
        location=Location(
            path=path,
            start_line=max(1, line),
            end_line=int(end_line) if isinstance(end_line, int) and end_line >= line else None,
            start_column=int(column) + 1 if isinstance(column, int) and column >= 0 else None,
            end_column=int(end_column) + 1
            if one_liner and isinstance(end_column, int) and end_column >= 0
            else None,
        ),
        cwe=rule.cwe,
        help_uri=rule.help_uri,
        rule_name=rule.name,
        fix=FIX,
    )

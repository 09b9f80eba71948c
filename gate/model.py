"""Value types that cross the pipeline's stages: frozen, typed, no behaviour beyond ordering."""

from __future__ import annotations

import enum
import functools
from dataclasses import dataclass, field
from pathlib import Path


class ScanMode(str, enum.Enum):
    """Which change the user asked to scan."""

    RANGE = "range"
    """A pull request's change: merge-base(base, head)..head, contents from git objects at head."""
    STAGED = "staged"
    """The index against HEAD, contents from the index."""
    WORKTREE = "worktree"
    """Uncommitted work-tree changes against HEAD, contents from the work tree."""
    PATHS = "paths"
    """Whole files named by the user; every line counts as changed."""
    ALL = "all"
    """Every tracked Python file of HEAD (a full audit)."""


class Severity(str, enum.Enum):
    """How bad a finding is; ordered note < low < medium < high < critical."""

    NOTE = "note"
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    CRITICAL = "critical"

    @property
    def rank(self) -> int:
        """Position in the order, 0 for note."""
        return _SEVERITY_ORDER.index(self)

    def __ge__(self, other: object) -> bool:
        if not isinstance(other, Severity):
            return NotImplemented
        return self.rank >= other.rank

    def __gt__(self, other: object) -> bool:
        if not isinstance(other, Severity):
            return NotImplemented
        return self.rank > other.rank

    def __le__(self, other: object) -> bool:
        if not isinstance(other, Severity):
            return NotImplemented
        return self.rank <= other.rank

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, Severity):
            return NotImplemented
        return self.rank < other.rank


_SEVERITY_ORDER = (Severity.NOTE, Severity.LOW, Severity.MEDIUM, Severity.HIGH, Severity.CRITICAL)


class Confidence(str, enum.Enum):
    """How sure the analyzer is that the finding is real."""

    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"


class Provenance(str, enum.Enum):
    """Who wrote a line."""

    AI_AUTHORED = "ai-authored"
    """A commit whose author is an AI agent."""
    AI_ASSISTED = "ai-assisted"
    """A human commit that carries an AI co-author trailer or footer."""
    HUMAN = "human"
    """No AI marker matched."""
    UNKNOWN = "unknown"
    """Not attributable (a line outside the changed lines, or no history to blame)."""

    @property
    def is_ai(self) -> bool:
        """True for lines an AI wrote or helped write."""
        return self in (Provenance.AI_AUTHORED, Provenance.AI_ASSISTED)


class FileStatus(str, enum.Enum):
    """How a file changed."""

    ADDED = "A"
    MODIFIED = "M"
    RENAMED = "R"


class RunStatus(str, enum.Enum):
    """How an analyzer run ended."""

    OK = "ok"
    FAILED = "failed"
    TIMED_OUT = "timed-out"
    DISABLED = "disabled"


class Disposition(str, enum.Enum):
    """What the policy made of a finding."""

    BLOCKING = "blocking"
    WARNING = "warning"
    BASELINED = "baselined"
    SUPPRESSED = "suppressed"
    OUT_OF_SCOPE = "out-of-scope"
    TEST_CODE = "test-code"
    """Set aside by the test-code policy (test_paths): counted, listed in JSON and SARIF."""


class Outcome(str, enum.Enum):
    """The gate's verdict."""

    PASS = "pass"  # noqa: S105 - a verdict, not a password
    FAIL = "fail"
    ERROR = "error"

    @property
    def exit_code(self) -> int:
        """0 pass, 1 fail, 2 error."""
        return {Outcome.PASS: 0, Outcome.FAIL: 1, Outcome.ERROR: 2}[self]


@dataclass(frozen=True)
class ScanRequest:
    """What the user asked to scan."""

    mode: ScanMode
    """Which change."""
    repo_root: Path
    """Top of the git work tree (or a directory inside it)."""
    base: str | None = None
    """RANGE only: the target branch or commit."""
    head: str | None = None
    """RANGE only: the change's tip (defaults to HEAD)."""
    paths: tuple[str, ...] = ()
    """PATHS only: files as the user gave them."""
    all_lines: bool = False
    """Judge findings on every line of the scanned files, not only changed lines."""
    assume_ai: bool = False
    """Treat every changed line as AI-written."""
    shard: tuple[int, int] | None = None
    """ALL only: (K, N) audits the K-th of N size-balanced parts of the files (gate/shard.py)."""


@dataclass(frozen=True)
class ChangedFile:
    """One file of the change, as it is at the scanned revision."""

    path: str
    """Repo-relative posix path at the scanned revision."""
    status: FileStatus
    """Added, modified or renamed."""
    added_lines: frozenset[int]
    """1-based line numbers added or modified by the change."""
    content: bytes
    """The file's bytes at the scanned revision."""
    old_path: str | None = None
    """The path before a rename."""
    line_provenance: tuple[tuple[int, Provenance], ...] = ()
    """(line, provenance) for each added line; missing lines are UNKNOWN."""
    blob_id: str | None = None
    """The git blob id of the content, where git has one."""
    python: bytes | None = None
    """What the Python analyzers read, line for line with the file (UTF-8 source; a notebook's
    code lines or a .pth file's import lines at their own line numbers); None when not Python."""
    deleted_after: frozenset[int] = frozenset()
    """New-side positions where the change removed old lines: the removed lines sat after this
    line (0: at the top of the file). A file whose change only deletes lines has these and no
    added lines, and is still analysed (a removed sanitiser changes what reaches a sink)."""

    @functools.cached_property
    def _provenance_by_line(self) -> dict[int, Provenance]:
        return dict(self.line_provenance)

    def provenance_of(self, line: int) -> Provenance:
        """Who wrote ``line``."""
        return self._provenance_by_line.get(line, Provenance.UNKNOWN)


@dataclass(frozen=True)
class SkippedFile:
    """A file of the change that was not scanned, and why (never skipped silently)."""

    path: str
    """Repo-relative posix path."""
    reason: str
    """Why: binary, not UTF-8, too large, excluded by config."""
    unjudged: bool = False
    """True when Python would run the file but the gate could not judge it: never a PASS."""


@dataclass(frozen=True)
class AICommit:
    """A commit of the range and the AI markers that matched it."""

    sha: str
    """Full commit id."""
    markers: tuple[str, ...]
    """Ids of the markers that matched; empty for a human commit."""
    provenance: Provenance
    """AI_AUTHORED, AI_ASSISTED or HUMAN."""
    subject: str = ""
    """First line of the message."""


@dataclass(frozen=True)
class ChangeSet:
    """Everything the analyzers and the policy need to know about the change."""

    mode: ScanMode
    """Which change was collected."""
    repo_root: Path
    """Top of the git work tree."""
    files: tuple[ChangedFile, ...]
    """Files to scan, sorted by path."""
    skipped: tuple[SkippedFile, ...] = ()
    """Files of the change that were not scanned."""
    base_rev: str | None = None
    """RANGE: the merge-base commit; STAGED/WORKTREE: HEAD."""
    head_rev: str | None = None
    """RANGE: the head commit."""
    commits: tuple[AICommit, ...] = ()
    """RANGE: the non-merge commits of the range with their markers."""
    config_rev: str | None = None
    """The revision the config was read from (the base in RANGE mode)."""
    gate_files_changed: tuple[str, ...] = ()
    """Config, baseline or rule files that the range changes (reported, never applied)."""


@dataclass(frozen=True)
class Location:
    """Where a finding is: repo-relative path and 1-based lines and columns."""

    path: str
    """Repo-relative posix path."""
    start_line: int
    """First line, 1-based."""
    end_line: int | None = None
    """Last line, 1-based, inclusive."""
    start_column: int | None = None
    """First column, 1-based."""
    end_column: int | None = None
    """Column after the last character, 1-based."""


@dataclass(frozen=True)
class RawFinding:
    """One finding as one analyzer reported it, before normalisation."""

    analyzer: str
    """Name of the analyzer (bandit, semgrep, pylint, aigate)."""
    rule_id: str
    """The tool's own rule id (B602, sql-injection, W0123)."""
    severity: Severity
    """Severity on our scale."""
    confidence: Confidence
    """Confidence on our scale."""
    message: str
    """What is wrong, in the tool's words."""
    location: Location
    """Where."""
    cwe: tuple[int, ...] = ()
    """CWE ids, most precise first."""
    help_uri: str | None = None
    """Documentation of the rule."""
    rule_name: str | None = None
    """A short human name of the rule."""
    fix: str | None = None
    """How to fix it, where the tool says."""
    trace: tuple[Location, ...] = ()
    """The data-flow trace where the tool gives one (semgrep taint rules): where the tainted
    value comes from, the variables it flows through and the sink, in that order."""


@dataclass(frozen=True)
class AnalyzerRun:
    """The result of running one analyzer: a value, also when the tool failed."""

    analyzer: str
    """Name of the analyzer."""
    status: RunStatus
    """How the run ended."""
    version: str | None = None
    """The tool's version, where it could be read."""
    findings: tuple[RawFinding, ...] = ()
    """What it reported."""
    errors: tuple[str, ...] = ()
    """Why it failed, or files it could not scan: each one line."""
    duration: float = 0.0
    """Wall-clock seconds."""
    prepare: float = 0.0
    """Of ``duration``, the seconds its preparation took (semgrep: the function summaries of
    pass 1, gate/analyzers/summarize.py); 0.0 where there is none."""
    files: int = 0
    """How many files it was asked about (0 when disabled)."""
    cached: int = 0
    """How many of those had their result from the result cache (not scanned again)."""
    file_seconds: tuple[tuple[str, float], ...] = ()
    """(target, seconds) in target order. The tools scan a batch in one process and do not time
    files: each file gets the batch's wall time shared in proportion to its size in bytes (an
    estimate, start-up included), plus the measured seconds of a call on it alone (semgrep's
    retry after a timeout); 0.0 for a file whose result came from the cache. Empty where not
    estimated (aigate's own checks)."""

    @property
    def failed(self) -> bool:
        """True when the run cannot be trusted (the verdict must be ERROR)."""
        return self.status in (RunStatus.FAILED, RunStatus.TIMED_OUT)


@dataclass(frozen=True)
class Calibration:
    """How a call-only tool finding that no data-flow rule confirmed is judged, or a
    command-injection or open-redirect data-flow finding whose call is literal after folding
    (never dropped)."""

    blocking: bool
    """True for an escape class (exec of non-literal code, ...): the normal threshold applies;
    False: kept as a warning."""
    reason: str
    """Why, in one line (shown in every report)."""


@dataclass(frozen=True)
class Finding:
    """A normalised finding: one place, one weakness, every tool that saw it."""

    rule_id: str
    """Namespaced rule id: bandit/B602, semgrep/<id>, pylint/W0123, aigate/<id>."""
    severity: Severity
    """Highest severity among the sources."""
    confidence: Confidence
    """Highest confidence among the sources."""
    message: str
    """What is wrong."""
    location: Location
    """Where."""
    fingerprint: str
    """Stable identity that leaves out the line number (hash of rule, path, line text, index)."""
    provenance: Provenance
    """Who wrote the flagged line."""
    in_changed_lines: bool
    """True when the finding touches a line the change added or modified."""
    cwe: tuple[int, ...] = ()
    """CWE ids."""
    sources: tuple[str, ...] = ()
    """Namespaced rule ids of every tool that reported it (the first is rule_id)."""
    help_uri: str | None = None
    """Documentation of the rule."""
    rule_name: str | None = None
    """A short human name of the rule."""
    fix: str | None = None
    """How to fix it."""
    snippet: str = ""
    """The flagged line's text, stripped."""
    scope_note: str = ""
    """Why the finding is in scope although its own lines did not change (a changed line on its
    statement or data-flow trace, lines deleted in its function); empty otherwise."""
    calibration: Calibration | None = None
    """Set for a call-only tool finding that aigate's data-flow rules did not confirm, and for a
    command-injection or open-redirect data-flow finding on literal data (gate.calibration)."""


@dataclass(frozen=True)
class Decision:
    """What the policy decided about one finding, and why."""

    finding: Finding
    """The finding."""
    disposition: Disposition
    """Blocking, warning, baselined, suppressed or out of scope."""
    reason: str
    """Why, in one line."""


@dataclass(frozen=True)
class Verdict:
    """The gate's answer."""

    outcome: Outcome
    """Pass, fail or error."""
    decisions: tuple[Decision, ...]
    """One per finding, in report order."""
    reasons: tuple[str, ...] = ()
    """Why the outcome is what it is (failed analyzers, blocking counts)."""

    def count(self, disposition: Disposition) -> int:
        """How many findings got ``disposition``."""
        return sum(1 for d in self.decisions if d.disposition is disposition)


@dataclass(frozen=True)
class GateResult:
    """Everything a report needs."""

    request: ScanRequest
    """What was asked."""
    changeset: ChangeSet
    """What was collected."""
    runs: tuple[AnalyzerRun, ...]
    """Every analyzer, in registry order, including disabled ones."""
    verdict: Verdict
    """The answer."""
    config_source: str = "defaults"
    """Where the config came from, e.g. '.aigate.toml at 1a2b3c4' or 'defaults'."""
    notices: tuple[str, ...] = field(default_factory=tuple)
    """What the user should know that has no structured field (e.g. dropped call-only findings);
    skipped files and changed gate files live in the changeset."""
    config_digest: str = ""
    """sha256 of the effective config, so shards of one audit can prove they used the same."""
    cache_dir: Path | None = None
    """The result cache's directory this scan used (None: no cache); a memoised run is kept
    there only (gate/runmemo.py)."""


@dataclass(frozen=True)
class AnalyzerSettings:
    """How one analyzer runs, from config."""

    enabled: bool = True
    """False shows the analyzer as DISABLED in the report."""
    timeout: float = 300.0
    """Seconds before the run is killed and marked TIMED_OUT."""
    rule_timeout: int = 60
    """semgrep only: seconds one rule may spend on one file (its ``--timeout``); a file that
    times out is scanned again alone with four times as much, and only then fails the run."""
    summaries: bool = True
    """semgrep only: follow flows through the project's own functions (a first pass summarises
    them, gate/analyzers/summarize.py); False scans each file on its own."""
    slice: bool = True
    """semgrep only: in a scan of a change, read only the top-level definitions the change can
    reach (gate/slicing.py); False reads every line of every changed file."""


@dataclass(frozen=True)
class CacheSettings:
    """Where and how much the result cache keeps, from config ([cache])."""

    enabled: bool = True
    """False: every scan runs every analyzer on every file."""
    directory: str | None = None
    """Cache directory (relative: to the repository root); None: $XDG_CACHE_HOME/aigate."""
    max_mb: int = 512
    """Bound on the directory's size in MiB; least recently used entries go first."""

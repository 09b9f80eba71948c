"""Which commits an AI wrote: the marker set (markers.toml plus config) and classification."""

from __future__ import annotations

import enum
import functools
import importlib.resources
import re
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from typing import NoReturn

from gate.errors import ConfigError, RuleError
from gate.model import AICommit, Provenance

if sys.version_info >= (3, 11):
    from typing import assert_never

    import tomllib
else:  # pragma: no cover - exercised on 3.10 only
    import tomli as tomllib

    def assert_never(value: NoReturn) -> NoReturn:
        """Fail loudly on an enum member a chain forgot."""
        raise AssertionError(f"unhandled value: {value!r}")


class MarkerField(str, enum.Enum):
    """What part of a commit a marker's pattern is matched against."""

    AUTHOR_NAME = "author_name"
    AUTHOR_EMAIL = "author_email"
    COMMITTER_NAME = "committer_name"
    COMMITTER_EMAIL = "committer_email"
    SUBJECT = "subject"
    """The first line of the message."""
    MESSAGE = "message"
    """Each line of the message, stripped."""
    TRAILER = "trailer"
    """Each trailer of the last paragraph, as '<key in lower case>: <value>', and every
    ``Co-authored-by:`` line of the body wherever it stands (squash merges keep them inside)."""


class MarkerKind(str, enum.Enum):
    """Whether a marker says the agent wrote the commit or helped a human write it."""

    AUTHORED = "authored"
    ASSISTED = "assisted"

    @property
    def provenance(self) -> Provenance:
        """The provenance a commit gets from a marker of this kind."""
        if self is MarkerKind.AUTHORED:
            return Provenance.AI_AUTHORED
        if self is MarkerKind.ASSISTED:
            return Provenance.AI_ASSISTED
        assert_never(self)


@dataclass(frozen=True)
class Marker:
    """One way a commit shows that an AI agent wrote it or helped."""

    id: str
    """Stable identifier, reported with the commit and named by `disable`."""
    tool: str
    """The agent the marker belongs to."""
    field: MarkerField
    """What the pattern is matched against."""
    pattern: str
    """Regex that must match the whole value, case-insensitively (see markers.toml)."""
    kind: MarkerKind
    """Authored or assisted."""
    evidence: str = ""
    """Where the format is documented ('unverified: ...' when only seen in the wild)."""

    @functools.cached_property
    def regex(self) -> re.Pattern[str]:
        """The compiled pattern."""
        return re.compile(self.pattern, re.IGNORECASE)

    def matches(self, values: tuple[str, ...]) -> bool:
        """True when the pattern matches one of ``values`` whole."""
        return any(self.regex.fullmatch(value) for value in values)


@dataclass(frozen=True)
class MarkerSet:
    """The markers in force, and the automation authors that are never AI."""

    markers: tuple[Marker, ...]
    """Markers, defaults first, then config patterns, then config identities."""
    exclude: tuple[str, ...] = ()
    """GitHub logins (e.g. dependabot[bot]) whose commits are never AI."""

    @property
    def ids(self) -> tuple[str, ...]:
        """The ids of the markers, in order."""
        return tuple(m.id for m in self.markers)

    def is_excluded(self, name: str, email: str) -> bool:
        """True when the author is one of the automation identities."""
        for login in self.exclude:
            if name.casefold() == login.casefold():
                return True
            noreply = rf"(?:\d+\+)?{re.escape(login)}@users\.noreply\.github\.com"
            if re.fullmatch(noreply, email, re.IGNORECASE):
                return True
        return False


@dataclass(frozen=True)
class ProvenanceConfig:
    """The `provenance` table of the config."""

    identities: tuple[str, ...] = ()
    """Extra AI author emails or names, matched exactly and case-insensitively (authored)."""
    patterns: tuple[Marker, ...] = ()
    """Extra markers."""
    disable: tuple[str, ...] = ()
    """Ids of markers to switch off."""
    replace: bool = False
    """Use only the config's markers, not the defaults."""
    assume_ai: bool = False
    """Treat every changed line as AI-written (applied by the pipeline)."""


@dataclass(frozen=True)
class CommitMeta:
    """What classification needs to know about one commit: raw identities and message."""

    sha: str
    """Full commit id."""
    author_name: str
    """Raw author name (no .mailmap)."""
    author_email: str
    """Raw author email, without angle brackets."""
    committer_name: str
    """Raw committer name."""
    committer_email: str
    """Raw committer email."""
    message: str
    """The whole message."""
    parents: int = 1
    """How many parents the commit has (2+ for a merge)."""


_TRAILER_LINE = re.compile(r"([A-Za-z0-9][A-Za-z0-9-]*)[ \t]*:[ \t]*(.*)")
_COAUTHOR_LINE = re.compile(r"co-authored-by[ \t]*:[ \t]*(.*\S.*)", re.IGNORECASE)
_GIT_TRAILER_PREFIXES = ("signed-off-by:", "(cherry picked from commit ")


def parse_trailers(message: str) -> tuple[tuple[str, str], ...]:
    """The (key, value) trailers of the message's last paragraph, found the way git does.

    The last paragraph is a trailer block when every line is a trailer (or a continuation
    line), or when a quarter of them are and one is git's own (Signed-off-by, cherry picked).
    The subject paragraph alone never holds trailers.
    """
    lines = [line.rstrip() for line in message.replace("\r\n", "\n").split("\n")]
    while lines and not lines[-1].strip():
        lines.pop()
    start = len(lines)
    while start > 0 and lines[start - 1].strip():
        start -= 1
    if start == 0:
        return ()
    trailers: list[list[str]] = []
    trailer_lines = other_lines = 0
    recognised = False
    for line in lines[start:]:
        found = _TRAILER_LINE.fullmatch(line)
        if line[:1] in (" ", "\t") and trailers:
            trailers[-1][1] += " " + line.strip()
            trailer_lines += 1
        elif found:
            trailers.append([found.group(1), found.group(2).strip()])
            trailer_lines += 1
            recognised = recognised or line.lower().startswith(_GIT_TRAILER_PREFIXES)
        else:
            other_lines += 1
            recognised = recognised or line.lower().startswith(_GIT_TRAILER_PREFIXES)
    total = trailer_lines + other_lines
    if not trailers or (other_lines and not (recognised and trailer_lines * 4 >= total)):
        return ()
    return tuple((key, value) for key, value in trailers)


def coauthor_lines(message: str) -> list[str]:
    """Every ``Co-authored-by:`` line of the body, wherever it stands, as 'co-authored-by: v'.

    GitHub's squash merges keep each squashed commit's co-author lines in the middle of the
    message, not in the last paragraph. Only a line that starts with the key counts: a sentence
    that mentions a co-author is prose, not a trailer.
    """
    body = message.replace("\r\n", "\n").lstrip("\n").split("\n")[1:]
    found = (_COAUTHOR_LINE.fullmatch(line.rstrip()) for line in body)
    return [f"co-authored-by: {m.group(1).strip()}" for m in found if m]


def _field_values(meta: CommitMeta, field: MarkerField) -> tuple[str, ...]:
    if field is MarkerField.AUTHOR_NAME:
        return (meta.author_name.strip(),)
    if field is MarkerField.AUTHOR_EMAIL:
        return (meta.author_email.strip(),)
    if field is MarkerField.COMMITTER_NAME:
        return (meta.committer_name.strip(),)
    if field is MarkerField.COMMITTER_EMAIL:
        return (meta.committer_email.strip(),)
    if field is MarkerField.SUBJECT:
        return (subject_of(meta.message),)
    if field is MarkerField.MESSAGE:
        return tuple(line.strip() for line in meta.message.splitlines() if line.strip())
    if field is MarkerField.TRAILER:
        found = [f"{key.lower()}: {value}" for key, value in parse_trailers(meta.message)]
        return tuple(dict.fromkeys(found + coauthor_lines(meta.message)))
    assert_never(field)


def subject_of(message: str) -> str:
    """The first line of a commit message, stripped."""
    return message.lstrip("\n").split("\n", 1)[0].strip()


def classify_commit(meta: CommitMeta, markers: MarkerSet) -> AICommit:
    """Match every marker against the commit: authored beats assisted beats human.

    An excluded automation author (dependabot[bot], ...) makes the commit human whatever
    its message says.
    """
    subject = subject_of(meta.message)
    if markers.is_excluded(meta.author_name.strip(), meta.author_email.strip()):
        return AICommit(sha=meta.sha, markers=(), provenance=Provenance.HUMAN, subject=subject)
    values = {field: _field_values(meta, field) for field in MarkerField}
    matched = tuple(m for m in markers.markers if m.matches(values[m.field]))
    if any(m.kind is MarkerKind.AUTHORED for m in matched):
        provenance = Provenance.AI_AUTHORED
    elif matched:
        provenance = Provenance.AI_ASSISTED
    else:
        provenance = Provenance.HUMAN
    return AICommit(
        sha=meta.sha,
        markers=tuple(m.id for m in matched),
        provenance=provenance,
        subject=subject,
    )


# --------------------------------------------------------------------------- loading and config

_ID = re.compile(r"[a-z0-9][a-z0-9-]*")
_MARKER_KEYS = frozenset({"id", "tool", "field", "pattern", "kind", "evidence"})
_CONFIG_KEYS = ("identities", "patterns", "disable", "replace", "assume_ai")
_FIELDS = tuple(member.value for member in MarkerField)
_KINDS = tuple(member.value for member in MarkerKind)


def _fail(where: str, key: str, message: str) -> NoReturn:
    raise ConfigError(f"{where}: {key}: {message}")


def _string(value: object, where: str, key: str) -> str:
    if not isinstance(value, str) or not value.strip():
        _fail(where, key, f"expected a non-empty string, got {value!r}")
    return value


def _strings(value: object, where: str, key: str) -> tuple[str, ...]:
    if not isinstance(value, list):
        _fail(where, key, f"expected a list of strings, got {type(value).__name__}")
    return tuple(_string(item, where, f"{key}[{i}]").strip() for i, item in enumerate(value))


def _choice(value: object, names: tuple[str, ...], where: str, key: str) -> str:
    if not isinstance(value, str) or value not in names:
        _fail(where, key, f"expected one of {', '.join(names)}, got {value!r}")
    return value


def parse_marker(entry: object, where: str, key: str, *, need_evidence: bool) -> Marker:
    """Validate one marker table; ``key`` is its dotted key for messages."""
    if not isinstance(entry, Mapping):
        _fail(where, key, f"expected a table, got {type(entry).__name__}")
    for name in entry:
        if name not in _MARKER_KEYS:
            expected = ", ".join(sorted(_MARKER_KEYS))
            _fail(where, f"{key}.{name}", f"unknown key (expected {expected})")
    required = ("id", "tool", "field", "pattern", "kind") + (("evidence",) if need_evidence else ())
    for name in required:
        if name not in entry:
            _fail(where, f"{key}.{name}", "missing")
    marker_id = _string(entry["id"], where, f"{key}.id")
    if not _ID.fullmatch(marker_id):
        _fail(where, f"{key}.id", f"{marker_id!r} is not lower-case letters, digits and '-'")
    pattern = _string(entry["pattern"], where, f"{key}.pattern")
    try:
        regex = re.compile(pattern, re.IGNORECASE)
    except re.error as exc:
        _fail(where, f"{key}.pattern", f"invalid regular expression: {exc}")
    if regex.fullmatch(""):
        _fail(where, f"{key}.pattern", "matches an empty value: name an exact identity")
    evidence = _string(entry["evidence"], where, f"{key}.evidence") if "evidence" in entry else ""
    return Marker(
        id=marker_id,
        tool=_string(entry["tool"], where, f"{key}.tool"),
        field=MarkerField(_choice(entry["field"], _FIELDS, where, f"{key}.field")),
        pattern=pattern,
        kind=MarkerKind(_choice(entry["kind"], _KINDS, where, f"{key}.kind")),
        evidence=evidence,
    )


@functools.lru_cache(maxsize=1)
def default_markers() -> MarkerSet:
    """The marker set shipped in gate/collect/markers.toml."""
    where = "gate/collect/markers.toml"
    try:
        text = (importlib.resources.files("gate.collect") / "markers.toml").read_text("utf-8")
        data = tomllib.loads(text)
        entries = data.get("marker", [])
        if not isinstance(entries, list):
            raise ConfigError(f"{where}: marker: expected an array of tables")
        markers = tuple(
            parse_marker(entry, where, f"marker[{i}]", need_evidence=True)
            for i, entry in enumerate(entries)
        )
        exclude_table = data.get("exclude", {})
        exclude = _strings(exclude_table.get("authors", []), where, "exclude.authors")
    except (OSError, tomllib.TOMLDecodeError, ConfigError, AttributeError) as exc:
        raise RuleError(f"the packaged marker set is broken: {exc}") from exc
    ids = [m.id for m in markers]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise RuleError(f"{where}: duplicate marker ids: {', '.join(duplicates)}")
    return MarkerSet(markers=markers, exclude=exclude)


def parse_provenance_config(
    table: Mapping[str, object], where: str, *, key: str | None = None
) -> ProvenanceConfig:
    """Validate the `provenance` config table strictly.

    ``where`` names the file for messages (".aigate.toml", "pyproject.toml"); ``key`` is the
    table's dotted key, by default `tool.aigate.provenance` in a pyproject.toml and
    `provenance` elsewhere. List indexes in messages are 0-based.
    """
    if key is None:
        key = "tool.aigate.provenance" if "pyproject.toml" in where else "provenance"
    if not isinstance(table, Mapping):
        _fail(where, key, f"expected a table, got {type(table).__name__}")
    for name in table:
        if name not in _CONFIG_KEYS:
            _fail(where, f"{key}.{name}", f"unknown key (expected {', '.join(_CONFIG_KEYS)})")
    flags: dict[str, bool] = {}
    for name in ("replace", "assume_ai"):
        value = table.get(name, False)
        if not isinstance(value, bool):
            _fail(where, f"{key}.{name}", f"expected true or false, got {value!r}")
        flags[name] = value
    identities = _strings(table.get("identities", []), where, f"{key}.identities")
    raw_patterns = table.get("patterns", [])
    if not isinstance(raw_patterns, list):
        _fail(where, f"{key}.patterns", "expected an array of tables ([[...patterns]])")
    patterns = tuple(
        parse_marker(entry, where, f"{key}.patterns[{i}]", need_evidence=False)
        for i, entry in enumerate(raw_patterns)
    )
    defaults = set(default_markers().ids)
    seen: set[str] = set()
    for i, marker in enumerate(patterns):
        if marker.id in seen or (marker.id in defaults and not flags["replace"]):
            _fail(
                where,
                f"{key}.patterns[{i}].id",
                f"duplicate marker id {marker.id!r} (to switch a default off, use disable)",
            )
        seen.add(marker.id)
    disable = _strings(table.get("disable", []), where, f"{key}.disable")
    for i, marker_id in enumerate(disable):
        if marker_id not in defaults and marker_id not in seen:
            _fail(where, f"{key}.disable[{i}]", f"unknown marker id {marker_id!r}")
    return ProvenanceConfig(
        identities=identities,
        patterns=patterns,
        disable=disable,
        replace=flags["replace"],
        assume_ai=flags["assume_ai"],
    )


def load_markers(config: ProvenanceConfig | None = None) -> MarkerSet:
    """The markers in force: the defaults (unless replaced) minus disabled, plus the config's.

    Each configured identity becomes an authored marker `identity:<value>` on the author
    email (when it holds '@') or name, and is taken off the exclude list.
    """
    config = config or ProvenanceConfig()
    defaults = default_markers()
    disabled = set(config.disable)
    base = () if config.replace else defaults.markers
    chosen = tuple(m for m in base + config.patterns if m.id not in disabled)
    identity_markers = tuple(
        Marker(
            id=f"identity:{identity}",
            tool="configured identity",
            field=MarkerField.AUTHOR_EMAIL if "@" in identity else MarkerField.AUTHOR_NAME,
            pattern=re.escape(identity),
            kind=MarkerKind.AUTHORED,
            evidence="config: provenance.identities",
        )
        for identity in config.identities
    )
    exclude = tuple(
        login
        for login in defaults.exclude
        if not any(MarkerSet((), (login,)).is_excluded(i, i) for i in config.identities)
    )
    return MarkerSet(markers=chosen + identity_markers, exclude=exclude)

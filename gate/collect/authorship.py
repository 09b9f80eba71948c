"""Give every added line of a ChangeSet its provenance: blame over a range, or the caller's word."""

from __future__ import annotations

from dataclasses import replace

from gate.collect.changeset import Revisions
from gate.config import GateConfig
from gate.model import ChangedFile, ChangeSet, Provenance, ScanMode, ScanRequest


def _every_line(changed: ChangedFile, who: Provenance) -> ChangedFile:
    return replace(changed, line_provenance=tuple((n, who) for n in sorted(changed.added_lines)))


def apply_provenance(
    changeset: ChangeSet,
    request: ScanRequest,
    revs: Revisions,
    config: GateConfig,
    source: str = ".aigate.toml",
) -> ChangeSet:
    """Range: classify commits and blame added lines; else --assume-ai / AIGATE_AI, or human."""
    from gate.collect import attribution, provenance

    prov_config = provenance.parse_provenance_config(config.provenance, source)
    assume_ai = request.assume_ai or prov_config.assume_ai
    if request.mode is not ScanMode.RANGE:
        who = Provenance.AI_AUTHORED if assume_ai else Provenance.HUMAN
        return replace(changeset, files=tuple(_every_line(f, who) for f in changeset.files))
    assert revs.base is not None and revs.head is not None
    markers = provenance.load_markers(prov_config)
    commits = attribution.list_range_commits(changeset.repo_root, revs.base, revs.head, markers)
    if assume_ai:
        files = tuple(_every_line(f, Provenance.AI_AUTHORED) for f in changeset.files)
        return replace(changeset, files=files, commits=commits)
    lines = attribution.attribute_lines(
        changeset.repo_root,
        revs.base,
        revs.head,
        {f.path: f.added_lines for f in changeset.files},
        {c.sha: c for c in commits},
    )
    files = tuple(replace(f, line_provenance=lines.get(f.path, ())) for f in changeset.files)
    return replace(changeset, files=files, commits=commits)

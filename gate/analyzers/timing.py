"""What each file cost an analyzer: batch time shared by size, plus what was measured per file.

The tools scan a batch of files in one process and do not report per-file times. The seconds a
batch took are therefore shared among its files in proportion to their size in bytes: an
estimate (start-up and rule loading are spread over the files too), not a measurement. Where
aigate does run one file alone (semgrep's retry of a file that timed out), that call's measured
seconds are added to the file's share.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path


def _size(path: Path) -> int:
    try:
        return max(path.stat().st_size, 1)
    except OSError:
        return 1


def file_seconds(
    sizes: Mapping[str, int], seconds: float, measured: Mapping[str, float]
) -> tuple[tuple[str, float], ...]:
    """(path, seconds) for each path of ``sizes`` in order: the batch's ``seconds`` minus what
    was ``measured`` per file, shared by size, plus each file's ``measured`` seconds."""
    total = sum(sizes.values())
    batch = max(seconds - sum(measured.values()), 0.0)
    return tuple(
        (path, batch * size / total + measured.get(path, 0.0) if total else 0.0)
        for path, size in sizes.items()
    )


def target_sizes(workspace: Path, targets: tuple[str, ...]) -> dict[str, int]:
    """Each target's size in bytes in the workspace (1 for an empty or unreadable one)."""
    return {target: _size(workspace / target) for target in targets}

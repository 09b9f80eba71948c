"""Report output: atomic for files, written through for pipes, terminals and other devices."""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path

from gate.errors import OutputError


def write_atomic(path: Path, data: str | bytes) -> None:
    """Write ``data`` to ``path`` so readers never see half a report, and never replace a device.

    A new path or a regular file is written through a temp file in the same directory and
    ``os.replace``. A symbolic link is never replaced by a file: the link is followed and its
    final target is written the same way (atomically when it is a regular file or does not
    exist yet). A FIFO, a character device, an open descriptor (``/dev/stdout``, also when the
    shell redirected it to a file) or any other non-regular target is opened and written
    through, as a shell redirection would.
    """
    payload = data.encode("utf-8") if isinstance(data, str) else data
    try:
        mode = os.stat(path).st_mode  # follows links, also /proc's magic ones (/dev/stdout)
    except FileNotFoundError:
        mode = None
    except OSError as exc:
        raise OutputError(f"cannot write {path}: {exc.strerror or exc}") from exc
    if mode is not None and stat.S_ISDIR(mode):
        raise OutputError(f"cannot write {path}: it is a directory")
    if (mode is not None and not stat.S_ISREG(mode)) or _through_fd(path):
        _write_through(path, payload)
    else:
        target = Path(os.path.realpath(path)) if path.is_symlink() else path
        _replace(path, target, payload)


def _through_fd(path: Path) -> bool:
    """True for an open descriptor or a link to one (``/dev/stdout`` -> ``/proc/self/fd/1``):
    the caller's redirection owns that file, so it is written in place (appended, as ``>>``
    would; a ``>`` redirection has already emptied it), even when it is a regular file."""
    for _ in range(40):
        absolute = Path(os.path.abspath(path))
        if absolute.parts[:2] in (("/", "proc"), ("/", "dev")) and "fd" in absolute.parts:
            return True
        if not path.is_symlink():
            return False
        target = Path(os.readlink(path))
        path = target if target.is_absolute() else path.parent / target
    return False


def _write_through(path: Path, payload: bytes) -> None:
    try:
        with open(path, "ab") as handle:
            handle.write(payload)
    except OSError as exc:
        raise OutputError(f"cannot write {path}: {exc.strerror or exc}") from exc


def _replace(shown: Path, target: Path, payload: bytes) -> None:
    directory = target.parent if str(target.parent) else Path(".")
    try:
        directory.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=directory)
    except OSError as exc:
        raise OutputError(f"cannot write {shown}: {exc.strerror or exc}") from exc
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise OutputError(f"cannot write {shown}: {exc.strerror or exc}") from exc

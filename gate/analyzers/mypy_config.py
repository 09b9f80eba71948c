"""mypy's run set-up: our config file, the search-path shim, a project file's module names."""

from __future__ import annotations

import shlex
from pathlib import Path, PurePosixPath

from gate.analyzers.mypy_hidden import CONFIG_LINES as HIDDEN_CONFIG_LINES


def config_text(root: Path, cache_dir: Path, skipped: tuple[str, ...] = ()) -> str:
    """Our mypy config: untyped defs checked, imports followed silently, no plugins, no repo.

    ``skipped``: modules of the project that do not parse; they are not followed (Any).
    """
    paths = [root]
    if (root / "src").is_dir():
        paths.append(root / "src")
    sections = [f"[mypy-{module}]\nfollow_imports = skip\n" for module in skipped]
    return "\n".join(
        [
            "[mypy]",
            "check_untyped_defs = True",
            "ignore_missing_imports = True",
            "follow_imports = silent",
            "explicit_package_bases = True",
            "namespace_packages = True",
            "warn_unused_configs = False",
            "show_error_codes = True",
            *HIDDEN_CONFIG_LINES,
            "pretty = False",
            f"mypy_path = {','.join(str(p) for p in paths)}",
            f"cache_dir = {cache_dir}",
            "",
            *sections,
        ]
    )


def search_path_shim(scratch: Path, site: Path) -> Path:
    """A stand-in for ``--python-executable``: mypy runs it to learn the search path, and it
    only prints that path, so no interpreter starts with the dependencies as a site dir."""
    answer = scratch / "search-path.txt"
    answer.write_text(repr(([], [str(site.resolve())])), encoding="utf-8")
    shim = scratch / "python-search-path"
    shim.write_text(f"#!/bin/sh\nexec cat {shlex.quote(str(answer))}\n", encoding="utf-8")
    shim.chmod(0o700)
    return shim


def module_names(path: str) -> tuple[str, ...]:
    """The module names mypy may give a project file (from the root, and from ``src/``)."""
    parts = list(PurePosixPath(path).with_suffix("").parts)
    if parts and parts[-1] == "__init__":
        parts.pop()
    names = [".".join(parts)] if parts else []
    if len(parts) > 1 and parts[0] == "src":
        names.append(".".join(parts[1:]))
    return tuple(n for n in names if n and all(p.isidentifier() for p in n.split(".")))

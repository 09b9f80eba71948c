"""mypy's run set-up: our config file, the search-path shim, a project file's module names,
and the project modules it is not to follow."""

from __future__ import annotations

import shlex
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from gate.analyzers.mypy_hidden import CONFIG_LINES as HIDDEN_CONFIG_LINES

if TYPE_CHECKING:
    from gate.analyzers.base import AnalyzerContext


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


def beyond_imports(ctx: AnalyzerContext) -> tuple[str, ...]:
    """The project's modules the targets do not import themselves: not followed (their names
    are Any), so a change costs what it imports, not the whole project's import closure (a
    1-file change in a 2,000-module project made mypy analyse all of them). Packages
    (``__init__``) are always followed, and so is what a followed package imports (a name it
    re-exports). Empty (follow all) when a target does not parse."""
    from gate.cachekey import Workspace  # late: only mypy needs the import index

    workspace = Workspace(ctx.workspace)
    near = set(ctx.targets)
    todo = list(ctx.targets)
    while todo:  # the targets' imports, and what the packages among them re-export
        path = todo.pop()
        if path not in ctx.targets and PurePosixPath(path).stem != "__init__":
            continue  # followed, but its own imports are not
        imported = workspace.imports(path)
        if imported is None:
            if path in ctx.targets:
                return ()
            continue
        todo += sorted(imported - near)
        near |= imported
    far: list[str] = []
    for path in _python_files(ctx):
        if path in near or PurePosixPath(path).stem == "__init__":
            continue
        far.extend(module_names(path))
    return tuple(far)


def _python_files(ctx: AnalyzerContext) -> list[str]:
    return sorted(
        p.relative_to(ctx.workspace).as_posix()
        for p in ctx.workspace.rglob("*.py*")
        if p.suffix in (".py", ".pyi") and p.is_file()
    )

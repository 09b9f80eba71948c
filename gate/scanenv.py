"""Per scan: which analysis environment the type-aware analyzers read, and what to tell about it."""

from __future__ import annotations

import hashlib
import sys
from collections.abc import Iterable
from pathlib import Path, PurePosixPath

import yaml

from gate.analyzers import AnalysisEnv
from gate.checks.base import ProjectView
from gate.config import GateConfig
from gate.deps import DependencyIndex
from gate.depsenv import environment_for
from gate.model import ChangeSet
from gate.removed_apis import rules_for

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on 3.10 only
    import tomli as tomllib


def declared_dependencies(changeset: ChangeSet, project: ProjectView) -> Iterable[tuple[str, str]]:
    """(distribution, specifier) declared by the projects that hold the changed Python files."""
    index = DependencyIndex(project)
    seen: dict[str, str] = {}
    for changed in changeset.files:  # views are memoised per project root
        for dep in index.view(changed.path).dependencies:
            seen.setdefault(dep.name, dep.specifier)
    return sorted(seen.items())


def analysis_environment(
    config: GateConfig, changeset: ChangeSet, project: ProjectView, cache_dir: Path | None
) -> tuple[AnalysisEnv, tuple[str, ...]]:
    """The environment for this scan (built or reused) and the notices about it.

    ``cache_dir``: the result cache's directory (``--cache-dir``, config or the default), None
    when caching is off (``--no-cache``): mypy's own cache then lives in the scan's scratch
    directory and goes with it.
    """
    env = environment_for(
        config.deps_env, changeset.repo_root, lambda: declared_dependencies(changeset, project)
    )
    site = env.site if env is not None else None
    key = hashlib.sha256(str(site).encode()).hexdigest()[:16] if site else "no-env"
    mypy_cache = cache_dir / "mypy" / key if cache_dir is not None else None
    return AnalysisEnv(site=site, cache_dir=mypy_cache), env.notices() if env else ()


def requires_python(changeset: ChangeSet, project: ProjectView) -> str | None:
    """``requires-python`` of the nearest pyproject.toml above the first changed file."""
    for changed in changeset.files[:1]:
        for folder in [*PurePosixPath(changed.path).parents]:
            name = "pyproject.toml" if str(folder) == "." else f"{folder}/pyproject.toml"
            data = project.read(name)
            if data is None:
                continue
            try:
                value = (
                    tomllib.loads(data.decode("utf-8")).get("project", {}).get("requires-python")
                )
            except (UnicodeDecodeError, tomllib.TOMLDecodeError, AttributeError):
                return None
            return value if isinstance(value, str) else None
    return None


def removed_api_rules(
    changeset: ChangeSet, project: ProjectView, scratch: Path
) -> tuple[Path, ...]:
    """A semgrep rule file with the removed-API rules that apply to the declared versions."""
    declared = dict(declared_dependencies(changeset, project))
    rules = rules_for(declared, requires_python(changeset, project))
    if not rules:
        return ()
    path = scratch / "removed-apis.yaml"
    path.write_text(yaml.safe_dump({"rules": rules}, sort_keys=False), encoding="utf-8")
    return (path,)

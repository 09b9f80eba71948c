"""`aigate init`: templates that parse, validate and never clobber a user's files."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from gate.cli import main
from gate.config import parse_config
from gate.errors import GateError
from gate.init import init_repo


def test_writes_templates_that_are_valid(tmp_path: Path) -> None:
    lines = init_repo(tmp_path)
    assert lines == [
        "wrote .aigate.toml",
        "wrote .github/workflows/aigate.yml",
        "wrote .pre-commit-config.yaml",
    ]
    config = parse_config((tmp_path / ".aigate.toml").read_text(), ".aigate.toml")
    assert config is not None and config.fail_on is not None
    workflow = (tmp_path / ".github/workflows/aigate.yml").read_text()
    assert "fetch-depth: 0" in workflow and "security-events: write" in workflow
    assert "id: aigate" in (tmp_path / ".pre-commit-config.yaml").read_text()


def test_never_overwrites_without_force(tmp_path: Path) -> None:
    (tmp_path / ".aigate.toml").write_text('fail_on = "low"\n')
    with pytest.raises(GateError, match=r"\.aigate\.toml: already exists"):
        init_repo(tmp_path)
    assert (tmp_path / ".aigate.toml").read_text() == 'fail_on = "low"\n'
    assert not (tmp_path / ".github").exists()
    init_repo(tmp_path, force=True)
    assert "human_fail_on" in (tmp_path / ".aigate.toml").read_text()


def test_existing_pre_commit_config_is_left_alone(tmp_path: Path) -> None:
    mine = "repos:\n  - repo: local\n    hooks: []\n"
    (tmp_path / ".pre-commit-config.yaml").write_text(mine)
    lines = init_repo(tmp_path, force=True)
    assert (tmp_path / ".pre-commit-config.yaml").read_text() == mine
    assert any(
        "left .pre-commit-config.yaml as it is" in line and "id: aigate" in line for line in lines
    )


def test_cli_init_exit_codes(tmp_path: Path) -> None:
    runner = CliRunner()
    assert runner.invoke(main, ["init", "--repo", str(tmp_path)]).exit_code == 0
    again = runner.invoke(main, ["init", "--repo", str(tmp_path)])
    assert again.exit_code == 2 and "already exists" in again.output

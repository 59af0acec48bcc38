"""What a person at a terminal sees, and what a log or a pipe gets instead."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from bot import __version__
from bot.cli import main

ROOT = Path(__file__).resolve().parents[2]


def test_version() -> None:
    result = CliRunner().invoke(main, ["--version"])
    assert result.exit_code == 0 and __version__ in result.stdout


@pytest.mark.parametrize(("shell", "expected"), [("bash", "complete -o nosort -F"), ("zsh", "#compdef mtpbot")])
def test_shell_completion_scripts(shell: str, expected: str) -> None:
    env = {**os.environ, "_MTPBOT_COMPLETE": f"{shell}_source"}
    done = subprocess.run(["mtpbot"], env=env, capture_output=True, text=True, timeout=60, check=False)
    assert expected in done.stdout


def test_completion_knows_the_commands() -> None:
    env = {**os.environ, "_MTPBOT_COMPLETE": "bash_complete", "COMP_WORDS": "mtpbot sy", "COMP_CWORD": "1"}
    done = subprocess.run(["mtpbot"], env=env, capture_output=True, text=True, timeout=60, check=False)
    assert "plain,sync" in done.stdout


def test_quiet_validate_prints_nothing_when_all_is_well() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "bot", "-q", "validate"], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert (done.returncode, done.stdout, done.stderr) == (0, "", "")

"""The scheduling files run a real mtpbot command, weekly, with secrets kept out of them."""

from __future__ import annotations

import configparser
import re
import shlex
from pathlib import Path

import click
import pytest
import yaml

from bot.cli import main

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"


def mtpbot_arguments(command: str) -> list[str]:
    """The arguments given to mtpbot in a shell command line."""
    words = shlex.split(command.replace("&&", " && "))
    start = next(i for i, w in enumerate(words) if w.endswith("bin/mtpbot") or w == "mtpbot")
    arguments = []
    for word in words[start + 1 :]:
        if word in ("&&", "||", ";") or word.startswith(">") or word.startswith("2>"):
            break
        arguments.append(word)
    return arguments


def assert_is_a_sync_command(arguments: list[str]) -> None:
    """click parses it as `mtpbot … sync …`, without --dry-run: the schedule publishes."""
    assert "sync" in arguments, arguments
    index = arguments.index("sync")
    context = main.make_context("mtpbot", [*arguments[:index], "sync"], resilient_parsing=True)
    command = main.get_command(context, "sync")
    assert isinstance(command, click.Command)
    sub = command.make_context("sync", arguments[index + 1 :], parent=context)
    assert not sub.params["dry_run"]


def test_toolforge_job_runs_sync_weekly_with_secrets_from_envvars() -> None:
    jobs = yaml.safe_load((DEPLOY / "jobs.yaml").read_text())
    (job,) = jobs
    assert job["schedule"] == "@weekly"
    assert job["image"].startswith("python3")
    assert_is_a_sync_command(mtpbot_arguments(job["command"]))
    assert "PASSWORD" not in job["command"]


def test_systemd_timer_starts_the_service_weekly() -> None:
    service = configparser.ConfigParser(strict=False, interpolation=None)
    service.read(DEPLOY / "mtpbot.service")
    assert service["Service"]["Type"] == "oneshot"
    assert service["Service"]["EnvironmentFile"].startswith("/etc/")
    assert_is_a_sync_command(mtpbot_arguments(service["Service"]["ExecStart"]))
    timer = configparser.ConfigParser(strict=False, interpolation=None)
    timer.read(DEPLOY / "mtpbot.timer")
    assert re.match(r"(Mon|weekly)", timer["Timer"]["OnCalendar"])
    assert timer["Timer"]["Persistent"] == "true"


def test_crontab_line_is_weekly() -> None:
    (line,) = [x for x in (DEPLOY / "crontab").read_text().splitlines() if x and not x.startswith("#")]
    minute, hour, day, month, weekday, command = line.split(maxsplit=5)
    assert (day, month) == ("*", "*") and weekday.isdigit() and minute.isdigit() and hour.isdigit()
    assert_is_a_sync_command(mtpbot_arguments(command))


@pytest.mark.parametrize("name", ["jobs.yaml", "mtpbot.service", "crontab"])
def test_the_readme_shows_how_to_install_each_schedule(name: str) -> None:
    assert f"deploy/{name}" in (ROOT / "README.md").read_text()

"""The scheduling files say what docs/operations.md (and the README's exit codes) say: a weekly
`mtpbot sync --pull` (the data update first, then a real run), as the `mtpbot` account in its own clone, with
secrets kept out of the files. Running them as that account is tests/ops/test_schedules.py; this is what can be
checked without root."""

from __future__ import annotations

import configparser
import re
import shlex
from pathlib import Path
from typing import Any

import click
import yaml

from bot.cli import main
from bot.cli.console import Console
from bot.cli.environment import Environment
from bot.cli.invocation import Invocation

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
README = (ROOT / "README.md").read_text(encoding="utf-8")
OPERATIONS = (ROOT / "docs" / "operations.md").read_text(encoding="utf-8")  # how to run it weekly
# The keys `toolforge jobs load` knows (jobs framework, 2026); an unknown one is ignored with a warning.
TOOLFORGE_KEYS = {"name", "command", "image", "schedule", "emails", "mem", "cpu", "retry", "filelog", "no-filelog"}
TOOLFORGE_KEYS |= {"filelog-stdout", "filelog-stderr", "timeout", "mount", "continuous", "wait"}


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


def sync_options(command: str) -> dict[str, Any]:
    """The options of the `mtpbot … sync …` in a command line, as click parses them."""
    arguments = mtpbot_arguments(command)
    assert "sync" in arguments, arguments
    index = arguments.index("sync")
    env = Environment()
    invocation = Invocation(Path("config/mtpbot.yaml"), env, Console(env))  # what the group hands its commands
    context = main.make_context("mtpbot", [*arguments[:index], "sync"], resilient_parsing=True, obj=invocation)
    sync = main.get_command(context, "sync")
    assert isinstance(sync, click.Command)
    return sync.make_context("sync", arguments[index + 1 :], parent=context).params


def assert_updates_then_publishes(command: str) -> None:
    options = sync_options(command)
    assert options["pull"] and not options["dry_run"], options
    assert "PASSWORD" not in command


def unit(name: str) -> configparser.SectionProxy:
    parser = configparser.ConfigParser(strict=False, interpolation=None, delimiters=("=",))
    parser.read(DEPLOY / name)
    return parser["Timer" if name.endswith(".timer") else "Service"]


def test_the_toolforge_job_updates_then_publishes_weekly_with_secrets_from_envvars() -> None:
    (job,) = yaml.safe_load((DEPLOY / "jobs.yaml").read_text())
    assert set(job) <= TOOLFORGE_KEYS, set(job) - TOOLFORGE_KEYS
    assert (job["name"], job["schedule"], job["filelog"]) == ("mtpbot-sync", "@weekly", True)
    assert job["command"].startswith("cd $HOME/mtpbot && ")  # the clone docs/operations.md makes in the tool's home
    assert_updates_then_publishes(job["command"])
    # The venv is made by a one-off job: it must run in the image the weekly job runs in.
    assert f"toolforge jobs run mtpbot-setup --image {job['image']} " in OPERATIONS


def test_the_systemd_unit_runs_as_mtpbot_in_its_clone_and_may_write_only_there_and_its_state() -> None:
    service = unit("mtpbot.service")
    assert (service["Type"], service["User"], service["Group"]) == ("oneshot", "mtpbot", "mtpbot")
    assert (service["WorkingDirectory"], service["EnvironmentFile"]) == ("/srv/mtpbot", "/etc/mtpbot/credentials")
    assert service["ExecStart"].startswith("/srv/mtpbot/.venv/bin/mtpbot ")
    assert_updates_then_publishes(service["ExecStart"])
    assert service["ProtectSystem"] == "strict" and service["ReadWritePaths"].split() == ["/srv/mtpbot"]
    assert service["StateDirectory"] == "mtpbot" and "--home-dir /var/lib/mtpbot " in OPERATIONS
    timer = unit("mtpbot.timer")
    assert re.match(r"(Mon|weekly)", timer["OnCalendar"]) and timer["Persistent"] == "true"


def test_the_crontab_line_is_weekly_and_reads_the_credentials_itself() -> None:
    (line,) = [x for x in (DEPLOY / "crontab").read_text().splitlines() if x and not x.startswith("#")]
    minute, hour, day, month, weekday, command = line.split(maxsplit=5)  # a user's crontab: no user field
    assert (day, month) == ("*", "*") and weekday.isdigit() and minute.isdigit() and hour.isdigit()
    assert command.startswith("cd /srv/mtpbot && set -a && . /etc/mtpbot/credentials && set +a && ")
    assert command.endswith(" >>/var/log/mtpbot/sync.log 2>&1") and "%" not in command
    assert_updates_then_publishes(command)
    assert "crontab -u mtpbot /srv/mtpbot/deploy/crontab" in OPERATIONS


def test_the_operations_guide_installs_each_schedule_and_says_what_to_do_before_the_first_run() -> None:
    start = OPERATIONS.index("## Running weekly")
    end = OPERATIONS.find("\n## ", start + 1)
    section = OPERATIONS[start : end if end > 0 else len(OPERATIONS)]
    for name in ("jobs.yaml", "mtpbot.service", "mtpbot.timer", "crontab"):
        assert f"deploy/{name}" in section, name
    loads = re.findall(r"^toolforge jobs load .*", section, re.MULTILINE)
    assert loads and all("--job mtpbot-sync" in load for load in loads), loads
    assert "deletes every other job of the tool" in section  # what a plain `load` does
    assert "`User:MtpBot/Run`" in section and "with the text `true`" in section
    assert "--dry-run" in section and "dubious ownership" in section
    assert re.search(r"^\| 2 \| .*`sync --pull`.*fast-forward", README, re.MULTILINE)

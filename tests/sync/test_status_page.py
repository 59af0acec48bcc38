"""The status page on a real MediaWiki: one row per managed page, so that a page the bot stopped updating is
visible to the community; an edit only when an outcome or the data commit changes."""

from __future__ import annotations

import json
import re
from datetime import date
from typing import Any

import pytest
from click.testing import CliRunner

from bot.cli import main
from bot.cli.environment import Environment
from bot.errors import ExitStatus
from devwiki import HumanClient
from tests.ops.clones import git
from tests.support.workspace import CREDENTIALS, Workspace, unique

pytestmark = pytest.mark.wiki

MONDAY, NEXT_MONDAY = date(2024, 3, 4), date(2024, 3, 11)
ROW = re.compile(r'^\|- data-mtp="page:(?P<title>[^"]*)"\n\| \[\[:[^\]]*\]\] \|\| (?:style="[^"]*" \| )?(?P<status>.*?)'
                 r" <!-- mtpbot-row [0-9a-f]{8} -->$", re.M)  # fmt: skip


def sync_on(workspace: Workspace, day: date, *args: str) -> tuple[int, dict[str, Any]]:
    """`mtpbot sync --json ARGS` as the bot, on DAY (the run's date, UTC): the exit code and the report."""
    env: dict[str, str | None] = {**dict.fromkeys(CREDENTIALS), **workspace.env}
    command = ["--config", str(workspace.config), "sync", "--site-url", workspace.site_url, "--json", *args]
    result = CliRunner().invoke(main, command, env=env, obj=Environment(today=lambda: day), catch_exceptions=False)
    return result.exit_code, json.loads(result.stdout)


def rows(human: HumanClient, title: str) -> dict[str, str]:
    """What the status page says of each page, as the wiki holds it."""
    text = human.page_text(title)
    assert text is not None, f"{title} does not exist"
    return {match["title"]: match["status"] for match in ROW.finditer(text)}


@pytest.fixture
def status_title(workspace: Workspace) -> str:
    """A status page of the test's own (every test saves as the same bot account)."""
    title = f"User:{workspace.wiki.bot.user_name}/{unique('Status')}"
    workspace.configure(status_page=title)
    return title


def test_the_first_run_creates_it_with_a_row_per_page_and_a_second_run_leaves_it_alone(
    workspace: Workspace, human: HumanClient, status_title: str
) -> None:
    code, report = sync_on(workspace, MONDAY)
    assert code == ExitStatus.OK
    assert (report["status_page"]["title"], report["status_page"]["action"]) == (status_title, "created")
    assert rows(human, status_title) == dict.fromkeys(workspace.titles, "up to date (data commit unknown)")
    created = human.latest_revision(status_title)
    assert created["revid"] == report["status_page"]["revid"]
    assert created["bot"] is True and created["user"] == workspace.wiki.bot.user_name
    assert created["comment"] == "Bot: MTP metrics: first publish (status)"
    assert report["warnings"]  # the workspace is no git clone: the rows say the commit is unknown, as the run does

    code, again = sync_on(workspace, NEXT_MONDAY)
    assert (code, again["status_page"]["action"]) == (ExitStatus.OK, "unchanged")
    assert human.latest_revision(status_title)["revid"] == created["revid"]  # a week later: no edit, no clock

    result = workspace.sync()  # as an operator reads it: a line like any page's, and it counts in `done:`
    assert f"unchanged: {status_title}" in result.stderr and "done: 3 unchanged (exit 0)" in result.stderr


def test_a_page_refused_for_a_hand_edit_shows_since_when_and_keeps_that_date(
    workspace: Workspace, human: HumanClient, status_title: str
) -> None:
    assert sync_on(workspace, MONDAY)[0] == ExitStatus.OK
    text = human.page_text(workspace.metrics_title)
    assert text is not None
    human.edit(workspace.metrics_title, text.replace("| Monthly active editors", "| Monthly editors", 1), "hand edit")

    code, report = sync_on(workspace, NEXT_MONDAY)
    assert code == ExitStatus.PAGE_FAILURES
    assert report["pages"][0]["reason"] == "manual-edit" and report["status_page"]["action"] == "edited"
    assert rows(human, status_title)[workspace.metrics_title] == "refused (manual-edit, since 2024-03-11)"
    edit = human.latest_revision(status_title)
    assert "Status: up to date (data commit unknown) → refused (manual-edit, since 2024-03-11)" in edit["comment"]

    code, later = sync_on(workspace, date(2024, 3, 18))
    assert (code, later["status_page"]["action"]) == (ExitStatus.PAGE_FAILURES, "unchanged")
    assert rows(human, status_title)[workspace.metrics_title] == "refused (manual-edit, since 2024-03-11)"
    assert human.latest_revision(status_title)["revid"] == edit["revid"]

    assert sync_on(workspace, date(2024, 3, 25), "--force")[0] == ExitStatus.OK  # the operator overrides it
    assert rows(human, status_title)[workspace.metrics_title] == "up to date (data commit unknown)"


def test_a_new_data_commit_changes_the_up_to_date_rows(
    workspace: Workspace, human: HumanClient, status_title: str
) -> None:
    git(workspace.folder, "init", "--quiet")
    git(workspace.folder, "add", "metrics")
    git(workspace.folder, "commit", "--quiet", "-m", "the figures")
    first = git(workspace.folder, "log", "-1", "--format=%h")
    assert sync_on(workspace, MONDAY)[1]["data_revision"] == first
    assert rows(human, status_title) == dict.fromkeys(workspace.titles, f"up to date at data {first}")
    published = human.latest_revision(status_title)["revid"]

    workspace.set_monthly_active_editors(84000)
    git(workspace.folder, "commit", "--quiet", "-am", "a new figure")
    second = git(workspace.folder, "log", "-1", "--format=%h")
    code, report = sync_on(workspace, NEXT_MONDAY)
    assert code == ExitStatus.OK
    assert [p["action"] for p in report["pages"]] == ["edited", "unchanged"]
    assert rows(human, status_title) == dict.fromkeys(workspace.titles, f"up to date at data {second}")
    edit = human.latest_revision(status_title)
    assert edit["parentid"] == published and edit["comment"].endswith(f"(data {second})")
    assert f"Status: up to date at data {first} → up to date at data {second}" in edit["comment"]


def test_a_hand_edit_inside_the_status_table_is_refused_and_reported(
    workspace: Workspace, human: HumanClient, status_title: str
) -> None:
    assert sync_on(workspace, MONDAY)[0] == ExitStatus.OK
    text = human.page_text(status_title)
    assert text is not None
    human.edit(status_title, text.replace("up to date (data commit unknown)", "all fine", 1), "hand edit")

    code, report = sync_on(workspace, NEXT_MONDAY)
    assert code == ExitStatus.PAGE_FAILURES  # the pages themselves are fine; the status page is not
    assert {p["action"] for p in report["pages"]} == {"unchanged"}
    assert (report["status_page"]["action"], report["status_page"]["reason"]) == ("refused", "manual-edit")
    assert human.page_text(status_title) == text.replace("up to date (data commit unknown)", "all fine", 1)


def test_dry_runs_and_stopped_runs_do_not_save_it(workspace: Workspace, human: HumanClient, status_title: str) -> None:
    code, report = sync_on(workspace, MONDAY, "--dry-run")
    assert (code, report["status_page"]) == (ExitStatus.OK, None)
    assert human.page_text(status_title) is None

    workspace.configure(run_page=f"User:{workspace.wiki.bot.user_name}/{unique('Run')}")  # missing: stops the bot
    code, report = sync_on(workspace, MONDAY)
    assert (code, report["status_page"]) == (ExitStatus.NOT_ALLOWED, None)
    assert human.page_text(status_title) is None


def test_it_is_user_bot_status_by_default_and_the_setting_turns_it_off(
    workspace: Workspace, human: HumanClient
) -> None:
    workspace.configure(status_page=False)
    code, report = sync_on(workspace, MONDAY)
    assert (code, report["status_page"]) == (ExitStatus.OK, None)

    default = f"User:{workspace.wiki.bot.user_name}/Status"
    workspace.configure(status_page=None)
    code, report = sync_on(workspace, MONDAY)
    assert (code, report["status_page"]["title"]) == (ExitStatus.OK, default)
    assert rows(human, default) == dict.fromkeys(workspace.titles, "up to date (data commit unknown)")

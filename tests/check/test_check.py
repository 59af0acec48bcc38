"""`mtpbot check` against the session's real wiki: each thing that would stop a sync is one problem line with
what to do and a non-zero exit; exit 0 only when a sync then publishes. Runs that need another account than
the bot's run in a separate process (pywikibot's configuration is per process)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result

from bot.errors import ExitStatus
from devwiki import Account, DevWiki, HumanClient
from tests.support.workspace import PageSpec, Workspace, make_workspace, unique

pytestmark = pytest.mark.wiki


def check(workspace: Workspace, *args: str) -> Result:
    """`mtpbot check --site-url SITE ARGS` in this process, as the bot."""
    return workspace.mtpbot("check", "--site-url", workspace.site_url, *args)


def check_json(workspace: Workspace, *args: str) -> tuple[int, dict[str, Any]]:
    result = check(workspace, "--json", *args)
    answer: dict[str, Any] = json.loads(result.stdout)
    return result.exit_code, answer


def problems(result: Result) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.startswith("problem: ")]


def as_account(workspace: Workspace, account: Account, *args: str) -> tuple[int, str, str]:
    """`mtpbot check` in a separate process, logging in as `account`."""
    env = workspace.process_env(MTPBOT_USERNAME=account.username, MTPBOT_PASSWORD=account.password)
    done = workspace.mtpbot_process("check", "--site-url", workspace.site_url, *args, env=env)
    return done.returncode, done.stdout, done.stderr


def test_a_wiki_ready_to_publish_passes_every_check_and_nothing_is_saved(
    workspace: Workspace, human: HumanClient, run_page_on: str
) -> None:
    result = check(workspace)
    assert result.exit_code == ExitStatus.OK, result.output
    assert problems(result) == []
    for name in ("sources", "wiki", "login", "bot-right", "bot-flag", "edit-rights", "run-page", "page"):
        assert f"ok: {name}: " in result.stderr
    assert f'ok: run-page: the run page "{run_page_on}" reads "true"' in result.stderr
    assert f'ok: page: "{workspace.metrics_title}" does not exist yet; the first sync creates it' in result.stderr
    assert "done: 9 ok, 0 problems: a sync could publish (exit 0)" in result.stderr
    assert result.stdout == ""
    assert human.page_text(workspace.metrics_title) is None  # a check saves nothing

    assert workspace.sync().exit_code == ExitStatus.OK  # and a sync then publishes
    again = check(workspace)
    assert again.exit_code == ExitStatus.OK, again.output
    assert f'ok: page: "{workspace.metrics_title}" exists, its markers are in place; up to date' in again.stderr


def test_a_missing_run_page_is_named_with_the_text_to_create(workspace: Workspace, human: HumanClient) -> None:
    run_page = f"User:MtpBot/{unique('Run')}"
    workspace.configure(run_page=run_page)
    result = check(workspace)
    assert result.exit_code == ExitStatus.NOT_ALLOWED, result.output
    assert problems(result) == [
        f'problem: run-page: the run page "{run_page}" does not exist: create it with the text "true"'
    ]
    assert "emergency stop" in result.stderr
    assert "(exit 3)" in result.stderr

    human.edit(run_page, "true", "let the bot run")
    assert check(workspace).exit_code == ExitStatus.OK


def test_a_run_page_that_says_something_else_has_stopped_the_bot(workspace: Workspace, human: HumanClient) -> None:
    run_page = f"User:MtpBot/{unique('Run')}"
    workspace.configure(run_page=run_page)
    human.edit(run_page, "false: checking the Q2 figures", "stop the bot")
    result = check(workspace)
    assert result.exit_code == ExitStatus.NOT_ALLOWED
    assert problems(result) == [
        f'problem: run-page: the run page "{run_page}" reads "false: checking the Q2 figures", not "true": '
        "the bot was stopped there"
    ]


def test_a_page_without_markers_gets_the_marker_lines_to_add(workspace: Workspace, human: HumanClient) -> None:
    human.edit(workspace.metrics_title, "An introduction written by people.", "a page without markers")
    code, answer = check_json(workspace)
    assert code == ExitStatus.PAGE_FAILURES
    (page,) = [c for c in answer["checks"] if not c["ok"]]
    assert (page["name"], page["title"]) == ("page", workspace.metrics_title)
    markers = [line for line in page["message"].splitlines() if line.startswith("<!-- mtpbot:")]
    assert "<!-- mtpbot:begin metrics -->" in markers
    assert "<!-- mtpbot:end metrics -->" in markers
    assert "Edit the page on the wiki to add the marker lines" in page["hint"]

    result = check(workspace)
    assert problems(result)[0].startswith(f'problem: page: Page "{workspace.metrics_title}" has no managed regions')
    assert "  <!-- mtpbot:begin metrics -->" in result.stderr.splitlines()

    # The lines the check gave are all the page needs.
    human.edit(workspace.metrics_title, "An introduction written by people.\n" + "\n".join(markers), "markers")
    result = check(workspace)
    assert result.exit_code == ExitStatus.OK, result.output
    assert f'"{workspace.metrics_title}" exists, its markers are in place; the next sync updates it' in result.stderr


def test_a_page_with_nobots_is_a_problem(workspace: Workspace, human: HumanClient) -> None:
    text = workspace.rendered()[workspace.metrics_title]
    human.edit(workspace.metrics_title, "{{nobots}}\n" + text, "keep bots away")
    result = check(workspace)
    assert result.exit_code == ExitStatus.PAGE_FAILURES
    assert problems(result) == [
        f'problem: page: "{workspace.metrics_title}": the page carries {{{{nobots}}}}, which excludes this bot'
    ]


def test_a_missing_page_that_may_not_be_created_gets_its_marker_lines(
    devwiki: DevWiki, run_page_on: str, tmp_path: Path
) -> None:
    title = f"{unique('Check test')}/Thriving Movement/Metrics"
    space = make_workspace(tmp_path / "no-create", devwiki, pages=[PageSpec(title, create=False)])
    result = check(space)
    assert result.exit_code == ExitStatus.PAGE_FAILURES
    assert problems(result) == [
        f'problem: page: "{title}" does not exist and its settings say not to create it; write it with:'
    ]
    assert "  <!-- mtpbot:begin metrics -->" in result.stderr.splitlines()
    assert "`create: true`" in result.stderr


def test_wrong_credentials_fail_the_login_and_the_rest_is_still_checked(workspace: Workspace) -> None:
    wrong = Account(workspace.wiki.bot.username, "0123456789abcdef0123456789abcdef")
    code, stdout, stderr = as_account(workspace, wrong)
    assert code == ExitStatus.WIKI_UNAVAILABLE, stderr
    assert [line.split(":")[1] for line in stderr.splitlines() if line.startswith("problem: ")] == [" login"]
    assert f"problem: login: Could not log in to {workspace.site_url} as MtpBot@mtpbot" in stderr
    assert "ok: run-page: " in stderr  # reading is public: the run page and the pages are checked anyway
    assert wrong.password not in stdout + stderr


def test_no_credentials_at_all(workspace: Workspace) -> None:
    done = workspace.mtpbot_process(
        "check", "--site-url", workspace.site_url, env=workspace.process_env(credentials=False)
    )
    assert done.returncode == ExitStatus.WIKI_UNAVAILABLE, done.stderr
    assert "problem: login: No account is configured" in done.stderr
    assert "MTPBOT_USERNAME" in done.stderr
    assert "problem: run-page: no run page is known" in done.stderr


def test_an_account_without_the_bot_right(workspace: Workspace) -> None:
    code, _, stderr = as_account(workspace, workspace.wiki.human)
    assert code == ExitStatus.NOT_ALLOWED, stderr
    assert "problem: bot-right: the account Editor does not hold the bot right on this wiki" in stderr
    assert 'to the group "bot"' in stderr


def test_a_bot_password_without_highvolume_does_not_carry_the_bot_flag(
    workspace: Workspace, login_without_bot_flag: Account
) -> None:
    code, stdout, stderr = as_account(workspace, login_without_bot_flag, "--json")
    assert code == ExitStatus.NOT_ALLOWED, stderr
    checks = {c["name"]: c for c in json.loads(stdout)["checks"] if c["name"] != "page"}
    assert checks["bot-right"]["ok"]
    flag = checks["bot-flag"]
    assert not flag["ok"]
    assert "MtpBot@noflag" in flag["message"] and '"High-volume editing" (highvolume)' in flag["message"]
    assert "Special:BotPasswords/noflag" in flag["hint"]
    assert checks["edit-rights"]["ok"]


def test_invalid_sources_are_bad_input_and_the_wiki_is_still_checked(workspace: Workspace) -> None:
    data = workspace.metrics()
    data["outcomes"][0]["deliverables"][0]["status"]["2019-20 Q1"] = "green"
    workspace.write_metrics(data)
    result = check(workspace)
    assert result.exit_code == ExitStatus.BAD_INPUT
    assert problems(result)[0].startswith("problem: sources: 1 problem found:")
    assert "thriving-movement.yaml:" in result.stderr and "unknown value 'green'" in result.stderr
    assert "ok: login: " in result.stderr and "ok: run-page: " in result.stderr


def test_json_is_one_document_of_every_check(workspace: Workspace, run_page_on: str) -> None:
    code, answer = check_json(workspace)
    assert code == ExitStatus.OK
    assert set(answer) == {"ok", "exit_code", "checks"}
    assert (answer["ok"], answer["exit_code"]) == (True, 0)
    names = [c["name"] for c in answer["checks"]]
    assert names == ["sources", "wiki", "login", "bot-right", "bot-flag", "edit-rights", "run-page", "page", "page"]
    for entry in answer["checks"]:
        assert set(entry) == {"name", "ok", "message", "hint", "title"}
        assert entry["ok"] is True and entry["hint"] == ""
    assert [c["title"] for c in answer["checks"][-3:]] == [run_page_on, *workspace.titles]


def test_quiet_shows_only_the_problems(workspace: Workspace) -> None:
    workspace.configure(run_page=f"User:MtpBot/{unique('Run')}")
    result = workspace.mtpbot("-q", "check", "--site-url", workspace.site_url)
    assert result.exit_code == ExitStatus.NOT_ALLOWED
    assert [line.split(":")[0] for line in result.stderr.splitlines() if not line.startswith(" ")] == ["problem"]

"""A blocked bot stops at the first sign of the block, exit 3, and says who blocked it, why and until when.

A block is how administrators stop a bot. Each test blocks an account of its own (a fresh bot account with
its BotPassword and run page, made for the test), never the session's MtpBot, and never with an autoblock
(every client of the session's wiki edits from 127.0.0.1); the block is lifted at the end all the same.
The signs: the userinfo that follows the login (a sitewide block stops the run before any read), and a
save answered `blocked` (a block made while the run is under way: the run stops at that page, nothing
after it is tried). A partial block refuses the pages it covers (reason `blocked`); the others publish.
"""

from __future__ import annotations

import json
import os
import secrets
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from bot.errors import ExitStatus
from devwiki import Account, DevWiki, HumanClient, find_mediawiki
from devwiki.install import run_command
from devwiki.provision import BOT_APP_ID, BOT_GRANTS
from tests.safety.conftest import FaultRecorder
from tests.support.proxy import Seen, WikiProxy
from tests.support.workspace import ONE_TABLE, PageSpec, Workspace, make_workspace, templates_with_one_table, unique

pytestmark = pytest.mark.wiki

REASON = "Malfunctioning bot: see [[User talk:Admin]]"
BEFORE = "bot account blocked before the run"
DURING = "bot account blocked between the read and a save"
PARTIAL = "bot account partially blocked (from the Template namespace)"
OUTCOMES = {  # for FAULTS.md
    BEFORE: "exit 3 before any read, naming who blocked, why and until when; a dry run warns; `check` fails `blocked`",
    DURING: "stopped at the first `blocked` answer, exit 3: the report names the pages saved before it; no other "
    "page tried",
    PARTIAL: "those pages failed (`blocked`, naming who, why and until when); the others published",
}


def _new_bot(wiki: DevWiki) -> Account:
    """A bot account of its own (group bot, a BotPassword with the bot's grants), as devwiki makes MtpBot."""
    mediawiki = find_mediawiki()
    assert mediawiki is not None
    name = f"BlockedBot{secrets.token_hex(3)}"
    login = Account(f"{name}@{BOT_APP_ID}", secrets.token_hex(20))
    env = {**os.environ, "MW_CONFIG_FILE": str(wiki.directory / "LocalSettings.php")}
    for script, *args in (
        ("createAndPromote.php", "--bot", name, secrets.token_hex(12)),
        ("createBotPassword.php", "--appid", BOT_APP_ID, "--grants", ",".join(BOT_GRANTS), name, login.password),
    ):
        command = ["php", str(mediawiki / "maintenance" / script), *args]
        run_command(command, env=env, cwd=mediawiki, timeout=120, what=f"a bot account of its own ({script})")
    return login


@pytest.fixture
def bot(devwiki: DevWiki, admin: HumanClient, human: HumanClient) -> Iterator[Account]:
    """A fresh bot account whose run page reads "true"; unblocked at the end, whatever the test did."""
    account = _new_bot(devwiki)
    human.edit(f"User:{account.user_name}/Run", "true", "let the bot run")
    try:
        yield account
    finally:
        blocks = admin.get(action="query", list="blocks", bkusers=account.user_name)["query"]["blocks"]
        if blocks:
            admin.post(action="unblock", user=account.user_name, reason="end of the test", token=admin.csrf_token())


def _block(admin: HumanClient, account: Account, *, expiry: str = "infinite", **more: str | bool) -> None:
    """A block by the administrator "Admin", without an autoblock of 127.0.0.1 (shared by every test)."""
    admin.post(action="block", user=account.user_name, expiry=expiry, reason=REASON, token=admin.csrf_token(), **more)


def _space(tmp_path: Path, wiki: DevWiki, site: str, account: Account) -> Workspace:
    """Three pages, saved in this order: a status template, then two metrics pages; as `account`."""
    status = unique("MTP status Blocked")
    pages = (
        PageSpec(f"{unique('Blocked')}/Metrics A", ONE_TABLE),
        PageSpec(f"{unique('Blocked')}/Metrics B", ONE_TABLE),
        PageSpec.status(f"Template:{status}"),
    )
    space = make_workspace(
        tmp_path / "space", wiki, site, pages, label="Blocked", templates=templates_with_one_table(tmp_path)
    )
    space.extra_env.update(MTPBOT_USERNAME=account.username, MTPBOT_PASSWORD=account.password)
    return space


def test_a_blocked_bot_saves_nothing_and_says_who_why_and_until_when(
    devwiki: DevWiki, proxy: WikiProxy, admin: HumanClient, bot: Account, tmp_path: Path, faults: FaultRecorder
) -> None:
    space = _space(tmp_path, devwiki, proxy.api_url, bot)
    _block(admin, bot)

    code, report = _sync_json(space)
    assert code == ExitStatus.NOT_ALLOWED, report
    assert report["pages"] == [] and report["exit_code"] == 3
    error = report["error"]
    for words in (f"the account {bot.user_name} is blocked by Admin", "expiry: infinite", REASON, "nothing was saved"):
        assert words in error, error
    assert "User talk:Admin" in report["hint"] and f"User talk:{bot.user_name}" in report["hint"]
    text = space.mtpbot_process("sync", "--site-url", space.site_url)
    assert text.returncode == ExitStatus.NOT_ALLOWED, text.stderr
    assert f"error: not publishing: the account {bot.user_name} is blocked by Admin" in text.stderr
    assert proxy.saves() == [], "a blocked bot tried to save"
    assert all(admin.page_text(title) is None for title in space.titles)

    # A dry run reads anonymously: it still shows what would change, and says the account is blocked.
    dry = space.mtpbot_process("sync", "--site-url", space.site_url, "--dry-run")
    assert dry.returncode == ExitStatus.OK, dry.stderr
    assert f"a real run would publish nothing: the account {bot.user_name} is blocked by Admin" in dry.stderr
    assert dry.stdout.count("+++ ") == 3  # the diff of each page
    code, report = _sync_json(space, "--dry-run")
    assert code == ExitStatus.OK and any("is blocked by Admin" in warning for warning in report["warnings"])

    checked = space.mtpbot_process("check", "--site-url", space.site_url, "--json")
    assert checked.returncode == ExitStatus.NOT_ALLOWED, checked.stderr
    (block,) = [check for check in json.loads(checked.stdout)["checks"] if check["name"] == "blocked"]
    assert not block["ok"] and "blocked by Admin" in block["message"] and REASON in block["message"]
    faults.add(BEFORE, outcome=OUTCOMES[BEFORE])


def test_a_block_during_the_run_stops_it_at_the_first_blocked_answer(
    devwiki: DevWiki, proxy: WikiProxy, admin: HumanClient, bot: Account, tmp_path: Path, faults: FaultRecorder
) -> None:
    space = _space(tmp_path, devwiki, proxy.api_url, bot)
    template, first, second = space.titles[2], space.titles[0], space.titles[1]
    blocked: list[int] = []

    def block_after_the_first_save(seen: Seen, status: int) -> None:
        if seen.is_save and not blocked:
            blocked.append(seen.number)
            _block(admin, bot, expiry="2 days")

    proxy.after(block_after_the_first_save)
    code, report = _sync_json(space)

    assert code == ExitStatus.NOT_ALLOWED, report
    assert [(page["title"], page["action"]) for page in report["pages"]] == [(template, "created")]
    error = report["error"]
    for words in (f"the account {bot.user_name} is blocked by Admin", "until 20", " UTC", REASON):
        assert words in error, error
    assert f"saved 1: {template}; no other page was changed" in error
    assert [seen.title for seen in proxy.saves()] == [template, first]  # stopped at the first `blocked` answer
    assert admin.page_text(first) is None and admin.page_text(second) is None
    faults.add(DURING, outcome=OUTCOMES[DURING])


def test_a_partial_block_refuses_the_pages_it_covers_and_publishes_the_others(
    devwiki: DevWiki, proxy: WikiProxy, admin: HumanClient, bot: Account, tmp_path: Path, faults: FaultRecorder
) -> None:
    space = _space(tmp_path, devwiki, proxy.api_url, bot)
    _block(admin, bot, expiry="1 week", partial=True, namespacerestrictions="10", allowusertalk=True)

    code, report = _sync_json(space)

    assert code == ExitStatus.PAGE_FAILURES, report
    outcomes = {page["title"]: page for page in report["pages"]}
    template = outcomes[space.titles[2]]
    assert (template["action"], template["reason"]) == ("failed", "blocked")
    for words in (f"{bot.user_name} is partially blocked from editing", "by Admin", "until 20", REASON):
        assert words in template["message"], template["message"]
    assert [outcomes[title]["action"] for title in space.titles[:2]] == ["created", "created"]
    faults.add(PARTIAL, outcome=OUTCOMES[PARTIAL])


def _sync_json(space: Workspace, *args: str) -> tuple[int, dict[str, Any]]:
    """`mtpbot sync --json ARGS` in a process of its own, as cron runs it: a login of another BotPassword
    in this process would find the session's own bot logged in (one cookie jar per process)."""
    process = space.mtpbot_process("sync", "--site-url", space.site_url, "--json", *args)
    report: dict[str, Any] = json.loads(process.stdout)
    return process.returncode, report

"""Blocks, as the wiki's answers describe them (bot.mediawiki.blocks), against a stand-in for pywikibot's Site:
the answers the shared local wiki must not produce (an autoblock would block every test's 127.0.0.1). The
blocks themselves are made by an administrator on the real wiki in tests/safety/test_blocked.py."""

from __future__ import annotations

from typing import Any

import pytest

from bot.errors import BlockedError, ExitStatus, PageError
from bot.mediawiki import PageState, Wiki
from bot.mediawiki.blocks import Block, ask, note
from bot.mediawiki.runtime import import_pywikibot
from bot.mediawiki.session import Session
from tests.mediawiki.helpers import offline_settings

INFO = {
    "blockid": 4,
    "blockedby": "Admin",
    "blockreason": 'Autoblocked because your IP address has been recently used by "[[User:Editor|Editor]]".\nvandal',
    "blockexpiry": "2026-12-01T06:57:57Z",
    "blockpartial": False,
}


class _Site:
    def __init__(self, error: Exception | None = None, *, logged_in: bool = True) -> None:
        self.error, self._logged_in = error, logged_in
        self.tokens = {"csrf": "token+\\"}

    def has_right(self, right: str) -> bool:
        return True

    def logged_in(self) -> bool:
        return self._logged_in

    def simple_request(self, **params: Any) -> _Site:
        return self

    def submit(self) -> Any:
        raise self.error or AssertionError("no request expected")


def _session(site: _Site) -> Session:
    settings = offline_settings(put_throttle=0, password="pw", username="mtpBot@mtpbot")
    session = Session(settings, import_pywikibot(settings), family="")
    session.site = site
    return session


def _blocked(code: str, **info: Any) -> Exception:
    from pywikibot.exceptions import APIError

    error: Exception = APIError(code, "You have been blocked from editing.", blockinfo={**INFO, **info})
    return error


def test_an_autoblock_stops_the_run_and_says_whose_block_and_until_when() -> None:
    wiki = Wiki(offline_settings(), _session(_Site(_blocked("autoblocked"))))
    with pytest.raises(BlockedError) as caught:
        wiki.save(PageState("Metrics", True, "old", 41), "new", "summary")
    error = caught.value
    assert error.exit_status == ExitStatus.NOT_ALLOWED
    assert "the IP address the bot edits from is autoblocked (block #4, by Admin), until 2026-12-01 06:57 UTC" in (
        error.message
    )
    assert "recently used by" in error.message and "\n" not in error.message
    assert "IP block exemption" in error.hint and "User talk:Admin" in error.hint and "User talk:MtpBot" in error.hint


def test_a_partial_block_refuses_that_page_only() -> None:
    wiki = Wiki(offline_settings(), _session(_Site(_blocked("blocked", blockpartial=True))))
    with pytest.raises(PageError) as caught:
        wiki.save(PageState("Metrics", True, "old", 41), "new", "summary")
    assert caught.value.reason == "blocked"
    assert "MtpBot is partially blocked from editing Metrics by Admin (block #4)" in caught.value.message


@pytest.mark.parametrize(
    ("expiry", "words"),
    [
        ("infinite", "with no end (expiry: infinite)"),
        ("infinity", "with no end (expiry: infinite)"),
        ("2026-12-03T05:57:57Z", "until 2026-12-03 05:57 UTC"),
    ],
)
def test_the_expiry_in_words(expiry: str, words: str) -> None:
    assert Block("MtpBot", "Admin", "", expiry).until == words
    assert 'the reason given: "no reason given"' in Block("MtpBot", "Admin", "", expiry).describe()


def test_an_anonymous_read_asks_for_the_accounts_block_once_and_keeps_it_in_words() -> None:
    session = _session(_Site(logged_in=False))
    params: dict[str, Any] = {"action": "query", "list": "logevents"}
    ask(session, params)
    assert (params["list"], params["bkusers"]) == ("logevents|blocks", "MtpBot")
    note(session, {"query": {"blocks": [{"id": 5, "by": "Admin", "expiry": "infinity", "reason": "stop"}]}})
    assert (
        session.block_notice
        == 'the account MtpBot is blocked by Admin (block #5), with no end (expiry: infinite); the reason given: "stop"'
    )
    again: dict[str, Any] = {"action": "query"}
    ask(session, again)
    assert "list" not in again
    logged_in = _session(_Site())
    ask(logged_in, again)
    assert "list" not in again  # the login's userinfo already says

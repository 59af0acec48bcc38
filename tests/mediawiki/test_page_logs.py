"""What the deletion and move logs say of a missing page (bot.mediawiki.queries), against a stand-in for the
pywikibot Site that answers as MediaWiki 1.39 did on the local wiki (tests/safety/test_deleted_pages.py runs
the real thing)."""

from __future__ import annotations

from typing import Any

from bot.mediawiki import Wiki
from bot.mediawiki.queries import HIDDEN
from bot.mediawiki.runtime import import_pywikibot
from bot.mediawiki.session import Session
from bot.wikipages import PageRemoval
from tests.mediawiki.helpers import offline_settings

CREATED = {
    "type": "create",
    "action": "create",
    "user": "Editor",
    "timestamp": "2026-11-30T10:00:00Z",
    "comment": "new",
}
DELETED = {
    "type": "delete",
    "action": "delete",
    "user": "Admin",
    "timestamp": "2026-12-01T05:58:56Z",
    "comment": "spam",
}
MOVED = {
    "type": "move",
    "action": "move",
    "user": "Admin",
    "timestamp": "2026-12-02T08:00:00Z",
    "comment": "better name",
    "params": {"target_ns": 0, "target_title": "Moved there", "suppressredirect": True},
}
PROTECTED = {"type": "protect", "action": "protect", "user": "Admin", "timestamp": "2026-12-03T00:00:00Z"}


class _Request:
    def __init__(self, answer: dict[str, Any]) -> None:
        self.answer = answer

    def submit(self) -> dict[str, Any]:
        return self.answer


class _Site:
    """Answers each request with the next of `answers`, and keeps the parameters sent."""

    def __init__(self, answers: list[dict[str, Any]]) -> None:
        self.answers = answers
        self.sent: list[dict[str, Any]] = []

    def simple_request(self, **params: Any) -> _Request:
        self.sent.append(params)
        return _Request(self.answers[len(self.sent) - 1])


def _wiki(*answers: dict[str, Any]) -> tuple[Wiki, _Site]:
    settings = offline_settings(put_throttle=0)
    session = Session(settings, import_pywikibot(settings), family="")
    session.site = site = _Site(list(answers))
    return Wiki(settings, session), site


def _logs(*entries: dict[str, Any], more: bool = False) -> dict[str, Any]:
    answer: dict[str, Any] = {"query": {"logevents": list(entries)}}
    if more:
        answer["continue"] = {"lecontinue": "20261201000000|4", "continue": "-||"}
    return answer


def test_a_title_without_log_entries_never_existed_and_costs_one_request() -> None:
    wiki, site = _wiki(_logs())
    assert wiki.removal("Never was") is None
    assert len(site.sent) == 1
    assert site.sent[0]["list"] == "logevents" and site.sent[0]["letitle"] == "Never was"


def test_the_newest_deletion_or_move_says_how_the_page_went() -> None:
    wiki, _site = _wiki(_logs(PROTECTED, MOVED, DELETED, CREATED))
    assert wiki.removal("Page") == PageRemoval(
        "Page", "moved", "Admin", "2026-12-02T08:00:00Z", "better name", target="Moved there"
    )
    wiki, _site = _wiki(_logs(DELETED, CREATED))
    assert wiki.removal("Page") == PageRemoval("Page", "deleted", "Admin", "2026-12-01T05:58:56Z", "spam")


def test_a_page_whose_removal_is_hidden_still_existed() -> None:
    wiki, site = _wiki(_logs(PROTECTED, more=True), _logs(CREATED))
    assert wiki.removal("Page") == PageRemoval("Page", "existed", "Editor", "2026-11-30T10:00:00Z", "new")
    assert len(site.sent) == 2 and site.sent[1]["lecontinue"] == "20261201000000|4"  # read to the end


def test_a_create_protection_alone_is_no_sign_of_a_page() -> None:
    wiki, _site = _wiki(_logs(PROTECTED))
    assert wiki.removal("Salted") is None


def test_the_parts_an_administrator_hid_read_hidden() -> None:
    hidden = {**MOVED, "userhidden": True, "commenthidden": True, "actionhidden": True, "params": {}}
    del hidden["user"], hidden["comment"]
    wiki, _site = _wiki(_logs(hidden))
    assert wiki.removal("Page") == PageRemoval("Page", "moved", HIDDEN, "2026-12-02T08:00:00Z", HIDDEN, HIDDEN)

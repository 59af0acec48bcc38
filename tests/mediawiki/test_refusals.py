"""Saving against a stand-in for the pywikibot Site: the refusals the local wiki cannot produce, mapped to
stable reasons (bot.mediawiki.refusals), and the parameters of an edit."""

from __future__ import annotations

from typing import Any

import pytest
import requests

from bot.errors import ExitStatus, PageError
from bot.mediawiki import PageState, SaveResult, Wiki
from bot.mediawiki.refusals import OTHER, REFUSALS
from bot.mediawiki.runtime import import_pywikibot
from bot.mediawiki.session import Session
from tests.mediawiki.helpers import offline_settings


class _FakeRequest:
    def __init__(self, outcome: Any) -> None:
        self.outcome = outcome

    def submit(self) -> Any:
        if isinstance(self.outcome, BaseException):
            raise self.outcome
        return self.outcome


class _FakeSite:
    def __init__(self, outcome: Any) -> None:
        self.outcome = outcome
        self.tokens = {"csrf": "token+\\"}
        self.params: dict[str, Any] = {}

    def has_right(self, right: str) -> bool:
        return True

    def logged_in(self) -> bool:
        return True

    def simple_request(self, **params: Any) -> _FakeRequest:
        self.params = params
        return _FakeRequest(self.outcome)


def _wiki_answering(outcome: Any) -> tuple[Wiki, _FakeSite]:
    settings = offline_settings(put_throttle=0, password="pw-not-to-leak", username="MtpBot@mtpbot")
    session = Session(settings, import_pywikibot(settings), family="")
    session.site = site = _FakeSite(outcome)
    return Wiki(settings, session), site


EXISTING = PageState("Metrics", exists=True, text="old", revid=41)


def _api_error(code: str, info: str, **other: Any) -> Exception:
    from pywikibot.exceptions import APIError

    error: Exception = APIError(code, info, **other)
    return error


def test_each_code_and_reason_is_in_the_table_once() -> None:
    codes = [code for refusal in REFUSALS for code in refusal.codes]
    reasons = [refusal.reason for refusal in (*REFUSALS, OTHER)]
    assert len(codes) == len(set(codes))
    assert len(reasons) == len(set(reasons))


@pytest.mark.parametrize(
    ("code", "reason"),
    [
        ("editconflict", "edit-conflict"),
        ("protectedpage", "protected"),
        ("protectedtitle", "protected"),
        ("cascadeprotected", "cascade-protected"),
        ("spamblacklist", "spam-blacklist"),
        ("abusefilter-disallowed", "abuse-filter"),
        ("abusefilter-warning", "abuse-filter"),
        ("titleblacklist-forbidden", "title-blacklist"),
        ("cantcreate", "no-create"),
        ("articleexists", "page-created-meanwhile"),
        ("pagedeleted", "page-deleted-meanwhile"),
        ("missingtitle", "page-deleted-meanwhile"),
        ("readonly", "other"),
    ],
)
def test_api_errors_map_to_stable_reasons(code: str, reason: str) -> None:
    wiki, _site = _wiki_answering(_api_error(code, "The wiki says no."))

    with pytest.raises(PageError) as caught:
        wiki.save(EXISTING, "new", "summary")

    assert caught.value.reason == reason
    assert caught.value.title == "Metrics"
    assert caught.value.exit_status == ExitStatus.PAGE_FAILURES
    assert repr(code) in caught.value.message and "The wiki says no." in caught.value.message
    assert caught.value.hint


def test_missingtitle_for_a_page_that_did_not_exist_is_no_create() -> None:
    wiki, _site = _wiki_answering(_api_error("missingtitle", "The page you specified doesn't exist."))
    with pytest.raises(PageError) as caught:
        wiki.save(PageState.missing("Metrics"), "new", "summary")
    assert caught.value.reason == "no-create"


@pytest.mark.parametrize(
    ("edit", "reason"),
    [
        ({"result": "Failure", "captcha": {"type": "image", "id": "1"}}, "captcha"),
        ({"result": "Failure", "spamblacklist": "example.com"}, "spam-blacklist"),
        ({"result": "Failure", "code": "hookaborted", "info": "A hook aborted it."}, "other"),
    ],
)
def test_failure_results_map_to_reasons(edit: dict[str, Any], reason: str) -> None:
    wiki, _site = _wiki_answering({"edit": edit})
    with pytest.raises(PageError) as caught:
        wiki.save(EXISTING, "new", "summary")
    assert caught.value.reason == reason


def test_maxlag_timeout_and_network_failures() -> None:
    from pywikibot.exceptions import MaxlagTimeoutError

    wiki, _site = _wiki_answering(MaxlagTimeoutError("Maximum retries attempted due to maxlag"))
    with pytest.raises(PageError) as caught:
        wiki.save(EXISTING, "new", "summary")
    assert caught.value.reason == "maxlag"

    wiki, _site = _wiki_answering(requests.ConnectionError("refused pw-not-to-leak"))
    with pytest.raises(PageError) as caught:
        wiki.save(EXISTING, "new", "summary")
    assert caught.value.reason == "other"
    assert "pw-not-to-leak" not in str(caught.value)


def test_save_parameters() -> None:
    wiki, site = _wiki_answering({"edit": {"result": "Success", "title": "Metrics", "newrevid": 42}})

    assert wiki.save(EXISTING, "new text", "Update: x 1 → 2") == SaveResult("Metrics", 42, False, False)
    assert site.params["baserevid"] == 41
    assert site.params["nocreate"] is True
    assert "basetimestamp" not in site.params and "createonly" not in site.params
    assert site.params["bot"] is True and site.params["notminor"] is True
    assert site.params["summary"] == "Update: x 1 → 2"

    wiki.save(PageState.missing("Metrics"), "new text", "Create")
    assert site.params["createonly"] is True
    assert "baserevid" not in site.params and "nocreate" not in site.params
    assert site.params["bot"] is True and site.params["notminor"] is True

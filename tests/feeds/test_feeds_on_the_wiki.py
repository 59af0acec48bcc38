"""A new month that completes a quarter reaches the wiki without anyone copying a number: published with the
analysts' 2020-02-27 file, then with the 2020-04-16 file, the pages gain exactly Q3 FY2019-20."""

from __future__ import annotations

from typing import Any

import pytest

from devwiki import DevWiki, HumanClient
from tests.support.data_wiki import actions, sync_with_data
from tests.support.feeds import FeedServer
from tests.support.workspace import Workspace

pytestmark = pytest.mark.wiki


def _sync(workspace: Workspace, datawiki: DevWiki) -> tuple[int, dict[str, Any]]:
    return sync_with_data(workspace, datawiki.api_url)


def _pages(report: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {page["title"]: page for page in report["pages"]}


def test_a_new_feed_version_adds_exactly_its_new_quarter(
    fed: Workspace, datawiki: DevWiki, server: FeedServer, human: HumanClient
) -> None:
    server.served.version("2020-02-27")
    code, first = _sync(fed, datawiki)
    assert code == 0, first
    text = human.page_text(fed.metrics_title) or ""
    assert "4.4% YoY<br />85K/mo" in text and "7.0%/mo" in text  # Q2, from the feed
    assert "5.1% YoY<br />83K/mo" in text  # Q1 as the deck reported it

    server.served.version("2020-04-16")
    code, second = _sync(fed, datawiki)

    assert code == 0, second
    pages = _pages(second)
    assert pages[fed.metrics_title]["action"] == "edited"
    assert pages[fed.template_title]["action"] == "unchanged"
    summary = pages[fed.metrics_title]["summary"]
    assert "Q3" in summary and "90K/mo" in summary, summary
    assert "movement-metrics 2020-04-16" in summary, summary  # the feed's version beside the data commit
    assert actions(second) == {"tab": "edited", "chart": "unchanged"}
    assert "2019-20 Q3 added (89600)" in second["data_pages"][0]["summary"]
    assert "Q2" not in summary.split("(data")[0]  # Q2 was not restated

    before = len(server.requests)
    code, third = _sync(fed, datawiki)
    assert code == 0 and {p["action"] for p in third["pages"]} == {"unchanged"}, third
    assert actions(third) == {"tab": "unchanged", "chart": "unchanged"}
    asked = server.requests[before:]
    assert len(asked) == 1 and asked[0]["if_none_match"], asked  # one conditional request, answered 304
    assert asked[0]["user_agent"].startswith("mtpbot/")


@pytest.mark.parametrize(
    "fault",
    ["html", "unavailable", "bad cell"],
)
def test_a_bad_feed_holds_the_pages_that_show_its_series_and_blanks_nothing(
    fault: str, fed: Workspace, datawiki: DevWiki, server: FeedServer, human: HumanClient
) -> None:
    server.served.version("2020-02-27")
    assert _sync(fed, datawiki)[0] == 0
    before = human.page_text(fed.metrics_title)
    fed.configure(max_retries=1, retry_wait=0.2)
    if fault == "html":
        server.served.text("<!DOCTYPE html><html><body><h1>Rate limited</h1></body></html>")
    elif fault == "unavailable":
        server.served.status, server.served.body = 503, b"<html>503</html>"
    else:  # a month of the quarter the file adds has a value that is no number
        text = server.served.body.decode()
        server.served.text(text.replace("\n2020-01-01\t", "\n2020-01-01\tn/a", 1) + "2020-02-01\t1\n2020-03-01\t1\n")

    code, report = _sync(fed, datawiki)

    assert code == 1, report
    pages = _pages(report)
    held = pages[fed.metrics_title]
    assert (held["action"], held["reason"]) == ("refused", "feed-failed"), held
    assert "movement-metrics" in held["message"]
    assert pages[fed.template_title]["action"] == "unchanged"  # a page that shows no feed figure goes on
    assert {p["reason"] for p in report["data_pages"] if p["title"].endswith(".tab")} == {"feed-failed"}
    assert human.page_text(fed.metrics_title) == before

"""Faults on the data wiki's pages (issue 13): a person's edit to a data page — before the run or while the
bot saves it — is never overwritten; a deleted data page is not created again unless its page is named with
--force --page; a data page the wiki will not take holds back the page that would show its chart; a data
wiki that cannot be read fails its own pages and nothing else. Every other page of the run goes on."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from devwiki import DevWiki, HumanClient
from tests.safety.conftest import FaultRecorder
from tests.support.data_wiki import actions, charted_stem, draw_one_series, sync_with_data
from tests.support.proxy import Fault, Seen, WikiProxy, matching
from tests.support.workspace import Workspace, make_workspace

pytestmark = pytest.mark.wiki

NEW_QUARTER = {"value": {"count": 85000, "unit": "/mo", "compact": True}}


@pytest.fixture
def charted(tmp_path: Path, devwiki: DevWiki, run_page_on: str, datawiki: DevWiki) -> Workspace:
    """The shipped pages under fresh titles, one series drawn on the data wiki."""
    return draw_one_series(make_workspace(tmp_path, devwiki, label="Data fault"))


@pytest.fixture
def data_proxy(datawiki: DevWiki, faults: FaultRecorder) -> Iterator[WikiProxy]:
    """A fault-injecting proxy in front of the data wiki; its faults are counted for FAULTS.md."""
    with WikiProxy(datawiki.url) as running:
        yield running
        faults.count_proxy(running)


def sync(workspace: Workspace, datawiki: DevWiki, *args: str) -> tuple[int, dict[str, Any]]:
    return sync_with_data(workspace, datawiki.api_url, *args)


def published_table(workspace: Workspace, data_url: str) -> str:
    """The first sync, which publishes everything; the title of the `.tab` page it created."""
    code, first = sync_with_data(workspace, data_url)
    assert code == 0, first
    title: str = first["data_pages"][0]["title"]
    return title


def by_title(report: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {page["title"]: page for page in report["pages"]}


def test_a_human_edit_to_a_table_is_refused_unless_forced(
    charted: Workspace, datawiki: DevWiki, faults: FaultRecorder
) -> None:
    tab = published_table(charted, datawiki.api_url)
    human = HumanClient.logged_in(datawiki.api_url, datawiki.human)
    content = json.loads(human.page_text(tab) or "")
    content["data"][-1][1] = 12345
    human.edit(tab, json.dumps(content), "a correction by hand")
    faults.add("human edit to a data page", outcome="refused (`manual-edit`), never overwritten; --force replaces it")
    faults.human_edit()

    code, report = sync(charted, datawiki)

    assert code == 1
    assert report["data_pages"][0]["action"] == "refused" and report["data_pages"][0]["reason"] == "manual-edit"
    assert "Editor edited this data page" in report["data_pages"][0]["message"]
    assert json.loads(human.page_text(tab) or "")["data"][-1][1] == 12345  # left as it was
    code, forced = sync(charted, datawiki, "--force")
    assert code == 0 and forced["data_pages"][0]["action"] == "edited", forced
    assert "replaced an edit by Editor" in forced["data_pages"][0]["summary"]


def test_a_deleted_table_is_not_created_again_unless_forced(
    charted: Workspace, datawiki: DevWiki, faults: FaultRecorder
) -> None:
    tab = published_table(charted, datawiki.api_url)
    admin = HumanClient.logged_in(datawiki.api_url, datawiki.admin)
    admin.post(action="delete", title=tab, reason="not wanted here", token=admin.csrf_token())
    faults.add(
        "data page deleted by an administrator",
        outcome="refused (`deleted`: who, when, why); created anew only with `--force --page` of the page showing it",
    )

    code, report = sync(charted, datawiki)

    assert code == 1
    assert [(p["action"], p["reason"]) for p in report["data_pages"]] == [("refused", "deleted"), ("unchanged", "")]
    assert "not wanted here" in report["data_pages"][0]["message"]
    assert admin.page_text(tab) is None
    assert f'`mtpbot sync --force --page "{charted.metrics_title}"`' in report["data_pages"][0]["message"]
    assert {page["action"] for page in report["pages"]} == {"unchanged"}  # it embeds the chart already
    code, forced = sync(charted, datawiki, "--force")
    assert code == 1 and forced["data_pages"][0]["reason"] == "deleted", forced  # a plain --force is for hand edits
    code, forced = sync(charted, datawiki, "--force", "--page", charted.metrics_title)
    assert code == 0 and forced["data_pages"][0]["action"] == "created", forced
    assert "re-created after its deletion by Admin" in forced["data_pages"][0]["summary"]


def test_a_page_is_held_back_rather_than_show_a_chart_its_data_wiki_lacks(
    charted: Workspace, datawiki: DevWiki, faults: FaultRecorder
) -> None:
    tab, chart = (f"Data:{charted_stem(charted)}.{kind}" for kind in ("tab", "chart"))
    admin = HumanClient.logged_in(datawiki.api_url, datawiki.admin)
    admin.post(action="protect", title=tab, protections="create=sysop", expiry="infinite", token=admin.csrf_token())
    faults.add(
        "data page the data wiki will not create (protected title)",
        outcome="that data page failed; the page that would show its chart held back (`chart-data-missing`); "
        "the others published",
    )

    code, report = sync(charted, datawiki)

    assert code == 1, report
    assert [(p["action"], p["reason"]) for p in report["data_pages"]] == [
        ("failed", "protected"),
        ("refused", "table-not-saved"),
    ], report["data_pages"]
    pages = {page["title"]: page for page in report["pages"]}
    assert pages[charted.metrics_title]["reason"] == "chart-data-missing"
    assert tab in pages[charted.metrics_title]["message"] and chart in pages[charted.metrics_title]["message"]
    assert pages[charted.template_title]["action"] == "created"  # the other pages go on
    assert HumanClient(charted.site_url, charted.wiki.human).page_text(charted.metrics_title) is None


def _while_the_bot_saves(proxy: WikiProxy, human: HumanClient, tab: str, row: int, value: int) -> list[int]:
    """Once the bot's save of `tab` waits in the proxy, a person changes the value of `row` there (straight
    to the wiki); the revision made, in the list returned."""
    made: list[int] = []

    def human_edit(seen: Seen) -> None:
        if seen.saves(tab) and not made:
            content = json.loads(human.page_text(tab) or "")
            content["data"][row][1] = value
            made.append(human.edit(tab, json.dumps(content, indent=4), "a correction while the bot saves"))

    proxy.before(human_edit)
    return made


def test_a_human_edit_merged_with_the_bot_s_save_is_kept_and_then_protected(
    charted: Workspace, datawiki: DevWiki, data_proxy: WikiProxy, faults: FaultRecorder
) -> None:
    tab = published_table(charted, data_proxy.api_url)
    charted.add_quarter(0, "2019-20 Q2", NEW_QUARTER)
    human = HumanClient.logged_in(datawiki.api_url, datawiki.human)
    made = _while_the_bot_saves(data_proxy, human, tab, 0, 86001)  # the first row: a line the bot leaves alone
    faults.add(
        "concurrent human edit (data page, another row)",
        outcome="merged by MediaWiki, then protected by the checksum in `sources`: refused (`manual-edit`)",
    )
    faults.human_edit()

    code, merged = sync_with_data(charted, data_proxy.api_url)

    assert made and code == 0 and actions(merged)["tab"] == "edited", merged
    saved = json.loads(human.page_text(tab) or "")
    assert saved["data"][0][1] == 86001 and saved["data"][-1][:2] == ["2019-20 Q2", 85000]  # both kept
    code, again = sync_with_data(charted, data_proxy.api_url)
    assert code == 1 and again["data_pages"][0]["reason"] == "manual-edit", again
    assert "no longer matches the checksum" in again["data_pages"][0]["message"]
    assert json.loads(human.page_text(tab) or "")["data"][0][1] == 86001  # never overwritten


def test_a_human_edit_conflicting_with_the_bot_s_save_is_never_overwritten(
    charted: Workspace, datawiki: DevWiki, data_proxy: WikiProxy, faults: FaultRecorder
) -> None:
    tab = published_table(charted, data_proxy.api_url)
    charted.set_monthly_active_editors(84000)  # the bot changes Q1's value…
    human = HumanClient.logged_in(datawiki.api_url, datawiki.human)
    made = _while_the_bot_saves(data_proxy, human, tab, -1, 83001)  # …and so does a person, meanwhile
    faults.add(
        "concurrent human edit (data page, the same cell)",
        outcome="edit conflict: read again, then refused (`manual-edit`), never overwritten",
    )
    faults.human_edit()

    code, report = sync_with_data(charted, data_proxy.api_url)

    assert made and code == 1, report
    edit = report["data_pages"][0]
    assert (edit["action"], edit["reason"]) == ("refused", "manual-edit"), edit
    assert edit["message"].startswith("after an edit conflict: Editor edited this data page"), edit["message"]
    assert json.loads(human.page_text(tab) or "")["data"][-1][1] == 83001  # the human's edit stands
    assert by_title(report)[charted.metrics_title]["action"] == "edited"  # the page goes on: its chart is there


def test_a_data_wiki_that_cannot_be_read_fails_its_pages_only(
    charted: Workspace, datawiki: DevWiki, data_proxy: WikiProxy, faults: FaultRecorder
) -> None:
    assert sync_with_data(charted, data_proxy.api_url)[0] == 0
    charted.add_quarter(0, "2019-20 Q2", NEW_QUARTER)
    charted.configure(max_retries=1, retry_wait=0.2)
    stem = charted_stem(charted)
    data_proxy.faults = matching(lambda seen: stem in seen.params.get("titles", ""), Fault.http(503))

    code, report = sync_with_data(charted, data_proxy.api_url)

    assert code == 1, report
    assert [(p["action"], p["reason"]) for p in report["data_pages"]] == [("failed", "wiki-error")] * 2
    assert "the data wiki could not be read" in report["data_pages"][0]["message"]
    assert by_title(report)[charted.metrics_title]["action"] == "edited"  # it shows the chart already
    data_proxy.faults = None
    code, again = sync_with_data(charted, data_proxy.api_url)
    assert code == 0 and actions(again) == {"tab": "edited", "chart": "unchanged"}, again


def test_a_revert_of_the_bot_s_edit_is_not_redone_unasked(
    charted: Workspace, datawiki: DevWiki, faults: FaultRecorder
) -> None:
    tab = published_table(charted, datawiki.api_url)
    admin = HumanClient.logged_in(datawiki.api_url, datawiki.admin)
    before = admin.page_text(tab) or ""
    charted.add_quarter(0, "2019-20 Q2", NEW_QUARTER)
    assert actions(sync(charted, datawiki)[1])["tab"] == "edited"
    admin.edit(tab, before, "Revert: that quarter is not confirmed yet")  # back to the bot's first revision
    faults.add(
        "revert of the bot's data page edit",
        outcome="refused (`manual-edit`): the page differs from the bot's last revision; not redone unasked",
    )
    faults.human_edit()

    code, report = sync(charted, datawiki)

    assert code == 1 and report["data_pages"][0]["reason"] == "manual-edit", report["data_pages"]
    assert "Admin edited this data page after the bot" in report["data_pages"][0]["message"]
    assert json.loads(admin.page_text(tab) or "")["data"][-1][0] == "2019-20 Q1"  # the revert stands

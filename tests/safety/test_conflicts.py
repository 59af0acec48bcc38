"""A human edits the page at the very moment the bot's save is on its way: the human's edit is never lost.

The proxy holds the bot's action=edit POST while the human (straight to the wiki, not through the proxy)
saves an edit; then the bot's save, still carrying the revision it read as `baserevid`, reaches the wiki.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from bot.errors import ExitStatus
from devwiki import DevWiki, HumanClient
from tests.safety.conftest import FaultRecorder
from tests.support.history import history, users
from tests.support.proxy import Seen, WikiProxy
from tests.support.workspace import Workspace, make_workspace

pytestmark = pytest.mark.wiki

BOT, HUMAN = "MtpBot", "Editor"
INTRO = "This page shows the [[Wikimedia Foundation Medium-term plan 2019|Medium-Term Plan]] metrics"
MAE_ROW = (
    "| Monthly active editors increase YoY || "
    + '<span title="measured in Q4 FY2018-19">86K/mo</span>'
    + (" || 5% YoY || 5.1% YoY<br />")
)
RETENTION_ROW = (
    "| New editor retention rate increases YoY || "
    + '<span title="measured in Q4 FY2018-19">6.6%/mo</span>'
    + " || 5% YoY || 3.8% YoY<br />5.4%/mo*"
)


def _published(tmp_path: Path, devwiki: DevWiki, proxy: WikiProxy) -> Workspace:
    """Both pages published by the bot; then one figure changed in the source (83K → 84K)."""
    workspace = make_workspace(tmp_path, devwiki, proxy.api_url, label="Conflict")
    code, report = workspace.sync_json()
    assert code == ExitStatus.OK, report
    workspace.set_monthly_active_editors(84000)
    return workspace


def _when_bot_saves(proxy: WikiProxy, title: str, human_edit: Callable[[], int]) -> list[int]:
    """Run `human_edit` once, when the bot's first save of `title` is about to reach the wiki."""
    revisions: list[int] = []

    def hook(seen: Seen) -> None:
        if seen.saves(title) and not revisions:
            revisions.append(human_edit())

    proxy.before(hook)
    return revisions


def _human_change(human: HumanClient, title: str, old: str, new: str) -> Callable[[], int]:
    def edit() -> int:
        text = human.page_text(title)
        assert text is not None and text.count(old) == 1, f"{old!r} not once in {title}"
        return human.edit(title, text.replace(old, new), "a human edit while the bot saves")

    return edit


def _page(report: dict[str, object], title: str) -> dict[str, str]:
    pages = report["pages"]
    assert isinstance(pages, list)
    page: dict[str, str] = next(p for p in pages if p["title"] == title)
    return page


def test_a_human_edit_outside_the_tables_is_merged_and_kept(
    tmp_path: Path, devwiki: DevWiki, proxy: WikiProxy, human: HumanClient, faults: FaultRecorder
) -> None:
    workspace = _published(tmp_path, devwiki, proxy)
    title = workspace.titles[0]
    change = (INTRO, "A human rewrote the intro: this page shows the MTP metrics")
    human_revid = _when_bot_saves(proxy, title, _human_change(human, title, *change))

    mark = proxy.mark()
    code, report = workspace.sync_json()
    faults.add("concurrent human edit (outside the tables)")
    faults.human_edit()

    assert code == ExitStatus.OK, report
    assert _page(report, title)["action"] == "edited"
    assert len(proxy.saves(title, since=mark)) == 1  # MediaWiki merged the edits (diff3): no second attempt was needed
    expected = workspace.rendered()[title].replace(*change)
    assert human.page_text(title) == expected  # the human's intro and the bot's new figure, both
    revisions = history(human, title)
    assert users(revisions) == [BOT, HUMAN, BOT]
    assert revisions[1]["revid"] == human_revid[0] and revisions[2]["parentid"] == human_revid[0]


def test_a_human_edit_next_to_a_changed_line_is_an_edit_conflict_that_the_retry_resolves(
    tmp_path: Path, devwiki: DevWiki, proxy: WikiProxy, human: HumanClient, faults: FaultRecorder
) -> None:
    workspace = _published(tmp_path, devwiki, proxy)
    title = workspace.titles[0]
    # A new footnote text changes the checksum in the tables' begin markers, so the bot changes the
    # marker line right after the heading that the human edits: too close for MediaWiki to merge.
    data = workspace.metrics()
    data["footnotes"][0]["text"] = "Seasonal fluctuations: a quarter may be below the Q4 2018-19 baseline."
    workspace.write_metrics(data)
    change = ("== MTP metrics ==", "== MTP metrics (checked by a human) ==")
    human_revid = _when_bot_saves(proxy, title, _human_change(human, title, *change))

    mark = proxy.mark()
    code, report = workspace.sync_json()
    faults.add("concurrent human edit (outside the tables, conflicting)")
    faults.human_edit()

    assert code == ExitStatus.OK, report
    assert _page(report, title)["action"] == "edited"
    assert len(proxy.saves(title, since=mark)) == 2  # refused as a conflict, read again, spliced again, saved
    assert human.page_text(title) == workspace.rendered()[title].replace(*change)
    revisions = history(human, title)
    assert users(revisions) == [BOT, HUMAN, BOT]
    assert revisions[2]["parentid"] == human_revid[0]


def test_a_human_edit_on_the_row_the_bot_changes_is_never_overwritten(
    tmp_path: Path, devwiki: DevWiki, proxy: WikiProxy, human: HumanClient, faults: FaultRecorder
) -> None:
    workspace = _published(tmp_path, devwiki, proxy)
    title, template = workspace.titles
    template_revisions = history(human, template)
    change = (MAE_ROW + "83K/mo*", MAE_ROW + "83.5K/mo* (corrected by hand)")
    _when_bot_saves(proxy, title, _human_change(human, title, *change))

    mark = proxy.mark()
    code, report = workspace.sync_json()
    faults.add("concurrent human edit (same table row)")
    faults.human_edit()

    assert code == ExitStatus.PAGE_FAILURES
    page = _page(report, title)
    assert (page["action"], page["reason"]) == ("refused", "manual-edit")
    assert page["message"].startswith("after an edit conflict: ")
    assert "edited by hand inside the bot's tables" in page["message"]
    assert len(proxy.saves(title, since=mark)) == 1  # the retry read the page, saw the hand edit, and did not save
    text = human.page_text(title)
    assert text is not None and change[1] in text and "84K/mo*" not in text
    assert users(history(human, title)) == [BOT, HUMAN]
    assert history(human, template) == template_revisions  # unchanged, not saved

    code, report = workspace.sync_json()  # the next run too refuses rather than overwrite
    assert (code, _page(report, title)["reason"]) == (ExitStatus.PAGE_FAILURES, "manual-edit")
    assert human.page_text(title) == text


def test_a_human_edit_on_another_row_of_the_same_table_is_merged_and_then_protected(
    tmp_path: Path, devwiki: DevWiki, proxy: WikiProxy, human: HumanClient, faults: FaultRecorder
) -> None:
    workspace = _published(tmp_path, devwiki, proxy)
    title = workspace.titles[0]
    change = (RETENTION_ROW, RETENTION_ROW.replace("5.4%/mo*", "5.5%/mo* (by hand)"))
    _when_bot_saves(proxy, title, _human_change(human, title, *change))

    code, report = workspace.sync_json()
    faults.add("concurrent human edit (another row of the same table)")
    faults.human_edit()

    # MediaWiki merged the two edits line by line: the bot's figure and the human's are both on the page.
    assert code == ExitStatus.OK, report
    assert _page(report, title)["action"] == "edited"
    text = human.page_text(title)
    assert text == workspace.rendered()[title].replace(*change)
    assert users(history(human, title)) == [BOT, HUMAN, BOT]

    # The next run sees that the row no longer matches the checksum the bot left, and refuses the page.
    workspace.set_monthly_active_editors(85000)
    code, report = workspace.sync_json()
    assert code == ExitStatus.PAGE_FAILURES
    page = _page(report, title)
    assert (page["action"], page["reason"]) == ("refused", "manual-edit")
    assert "row metric:new-editor-retention" in page["message"]
    assert human.page_text(title) == text


def test_a_page_a_human_created_after_the_bot_read_it_is_not_overwritten(
    tmp_path: Path, devwiki: DevWiki, proxy: WikiProxy, human: HumanClient, faults: FaultRecorder
) -> None:
    workspace = make_workspace(tmp_path, devwiki, proxy.api_url, label="Conflict")
    title, template = workspace.titles
    human_text = "A human started this page first.\n\n[[Category:Drafts]]"
    human_revid = _when_bot_saves(proxy, title, lambda: human.edit(title, human_text, "a human creates it"))

    code, report = workspace.sync_json()
    faults.add("page created by a human between read and save")
    faults.human_edit()

    assert code == ExitStatus.PAGE_FAILURES
    page = _page(report, title)
    assert (page["action"], page["reason"]) == ("failed", "page-created-meanwhile")
    assert "someone has created it since" in page["message"]
    assert _page(report, template)["action"] == "created"  # the other page was published
    assert human.page_text(title) == human_text
    revisions = history(human, title)
    assert users(revisions) == [HUMAN] and revisions[0]["revid"] == human_revid[0]

    code, report = workspace.sync_json()  # the next run reads the human's page: it has no markers
    page = _page(report, title)
    assert (code, page["action"], page["reason"]) == (ExitStatus.PAGE_FAILURES, "refused", "missing-markers")
    assert human.page_text(title) == human_text

"""Summaries on the real local MediaWiki: its own parser shows every hostile value as typed (no link, no
section link), a long summary is stored whole with its data commit, and a bot edit whose figures are
labelled with hostile names gets a summary that links nothing.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

from bot.wikitext import summaries
from bot.wikitext.summary_text import SUMMARY_LIMIT
from devwiki import DevWiki, HumanClient
from tests.support.workspace import make_workspace
from tests.wikitext.test_summaries import HOSTILE, PREFIX

pytestmark = pytest.mark.wiki

TAG = re.compile(r"<[^>]*>")


def shown(client: HumanClient, summary: str) -> str:
    """The HTML MediaWiki makes of a summary (action=parse&summary=, as page histories show it)."""
    reply = client.post(action="parse", title="Sandbox", summary=summary, prop="")
    parsed: str = reply["parse"]["parsedsummary"]
    return parsed


def assert_inert(client: HumanClient, summary: str) -> None:
    parsed = shown(client, summary)
    assert "<a " not in parsed and "autocomment" not in parsed, f"{summary!r} is shown as {parsed!r}"
    # Nothing else is markup either: the text shown is the summary as sent.
    assert html.unescape(TAG.sub("", parsed)) == summary


@pytest.mark.parametrize("value", HOSTILE)
def test_the_wiki_shows_a_hostile_value_in_a_summary_as_typed(human: HumanClient, value: str) -> None:
    summary = summaries.summary(PREFIX, [f"{value} Q1 FY2019-20: 1 → 2", f"added KPI {value}"], "abc1234")
    assert_inert(human, summary)


def test_a_long_summary_is_stored_whole_with_its_data_commit(human: HumanClient) -> None:
    """60 changes whose labels each need breaks: counted before the breaks, the summary was longer than 500
    code points and MediaWiki cut it, data commit and all."""
    items = [f"[[[User:Admin]]] &#91;&#91;x&#93;&#93; {n}: {n} → {n + 1}" for n in range(60)]
    summary = summaries.summary(PREFIX, items, "abc1234")
    human.edit("Summary length test", "x", summary=summary)
    stored = human.latest_revision("Summary length test")["comment"]
    assert stored == summary and len(stored) <= SUMMARY_LIMIT
    assert stored.endswith("more (data abc1234)")
    assert_inert(human, stored)


def test_a_bot_edit_labelled_with_hostile_names_links_nothing(
    devwiki: DevWiki, run_page_on: str, tmp_path: Path, human: HumanClient
) -> None:
    workspace = make_workspace(tmp_path, devwiki, label="Summary test")
    data = workspace.metrics()
    data["metrics"][0]["name"] = "[[[User:Editor]]]/* s */&#91;&#91;User:X]]"
    workspace.write_metrics(data)
    assert workspace.sync().exit_code == 0
    workspace.set_monthly_active_editors(84000)
    code, report = workspace.sync_json()
    assert code == 0, report
    (entry,) = [page for page in report["pages"] if page["title"] == workspace.metrics_title]
    stored = human.latest_revision(workspace.metrics_title)["comment"]
    assert stored == entry["summary"] and "[[[User:Editor]]]/* s */&#91;&#91;User:X]]" in stored.replace("\u200b", "")
    assert_inert(human, stored)

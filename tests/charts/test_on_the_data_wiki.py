"""The data pages of the shipped metrics, saved to the local data wiki (JsonConfig of the installed MediaWiki:
REL1_39 on 1.39, REL1_43 on 1.43): the wiki takes every `.tab` page as tabular data and every `.chart` page as
JSON, and keeps the data as rendered."""

from __future__ import annotations

import json

import pytest

from bot.charts.pages import data_pages
from bot.source.loading import load_priorities
from devwiki import DevWiki, HumanClient
from tests.support.seed import SEED_SOURCES


@pytest.mark.wiki
def test_the_wiki_accepts_every_data_page_of_the_shipped_metrics(datawiki: DevWiki) -> None:
    bot = HumanClient.logged_in(datawiki.api_url, datawiki.bot)
    priorities = load_priorities(list(SEED_SOURCES))
    pages = [page for priority in priorities.values() for page in data_pages(priority, "1a2b3c4")]
    assert len(pages) == 10
    for page in pages:  # each table before its chart
        bot.edit(page.title, page.text, "mtpbot test: a data page", bot=True)
    reply = bot.get(action="query", prop="info", titles=[page.title for page in pages])
    models = {info["title"]: info.get("contentmodel") for info in reply["query"]["pages"]}
    assert models == {page.title: page.model for page in pages}
    for page in pages:
        saved = bot.page_text(page.title)
        assert saved is not None and json.loads(saved) == page.content, page.title

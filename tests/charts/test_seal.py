"""The bot's checksum in a `.tab` page's `sources`: intact on the bot's own content whatever the wiki's
serialisation, broken by any change to the rest of the page."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from bot.charts.seal import broken, checksum, sealed
from bot.sync.data_changes import same

SOURCES = "Published by mtpbot from the Medium-Term Plan metrics of the Wikimedia Foundation (data commit 1a2b3c4)."
cells = st.one_of(st.none(), st.integers(-(10**9), 10**9), st.floats(allow_nan=False, allow_infinity=False))
rows = st.lists(st.tuples(st.text(min_size=1, max_size=12), cells, cells).map(list), max_size=8)


def page(data: list[list[Any]]) -> dict[str, Any]:
    return sealed({"license": "CC0-1.0", "sources": SOURCES, "data": data})


@given(rows)
def test_the_bot_s_own_page_is_intact_as_the_wiki_stores_it(data: list[list[Any]]) -> None:
    content = page(data)
    assert f"(data commit 1a2b3c4, checksum {checksum(content)})." in content["sources"]
    stored = json.loads(json.dumps(content, indent=4, sort_keys=True))  # another serialisation, same JSON
    assert not broken(stored) and sealed(stored) == content


@given(rows, st.integers(0, 7), cells)
def test_any_change_to_a_cell_breaks_the_seal(data: list[list[Any]], index: int, cell: object) -> None:
    content = page(data)
    if not data or data[index % len(data)][1] == cell:
        return
    changed = json.loads(json.dumps(content))
    changed["data"][index % len(data)][1] = cell
    assert broken(changed)


def test_a_new_data_commit_changes_neither_the_comparison_nor_the_checksum() -> None:
    one = page([["2019-20 Q1", 1, None]])
    other = sealed({**one, "sources": SOURCES.replace("1a2b3c4", "9f8e7d6")})
    assert same(one, other) and checksum(one) == checksum(other)
    assert not broken({**one, "sources": SOURCES})  # unsealed (older pages, or rewritten by hand): not known

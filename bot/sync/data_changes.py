"""What changed between a data page on the wiki and the bot's: compared as parsed JSON (the wiki re-serialises
what it stores), without the data commit in `sources` (a new commit alone makes no edit), and said in words for
the summary: `Monthly active editors: 2019-20 Q2 added (85000)`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any

_COMMIT = re.compile(r"\(data commit [^)]*\)")
MAX_NAMED = 5  # changed quarters named in a summary; more are counted


def parsed(text: str) -> dict[str, Any] | None:
    """The JSON object of a page's text, or None when it holds none (a page broken by hand)."""
    try:
        content = json.loads(text)
    except ValueError:
        return None
    return content if isinstance(content, dict) else None


def comparable(content: Mapping[str, Any]) -> dict[str, Any]:
    """The content as compared: `sources` without its data commit (and the checksum beside it)."""
    sources = content.get("sources")
    if not isinstance(sources, str):
        return dict(content)
    return {**content, "sources": _COMMIT.sub("(data commit)", sources)}


def same(old: Mapping[str, Any] | None, new: Mapping[str, Any]) -> bool:
    return old is not None and comparable(old) == comparable(new)


def rows(content: Mapping[str, Any] | None) -> dict[str, list[Any]]:
    """The rows of a `.tab` page by their first cell (the quarter); {} for a page without rows."""
    data = content.get("data") if content is not None else None
    if not isinstance(data, list):
        return {}
    return {str(row[0]): list(row) for row in data if isinstance(row, list) and row}


def changes(old: Mapping[str, Any] | None, new: Mapping[str, Any]) -> str:
    """The change in words: quarters added, changed and removed (a `.tab`), else what else changed."""
    before, after = rows(old), rows(new)
    said = [f"{period} added ({_cell(row)})" for period, row in after.items() if period not in before]
    said += [
        f"{period} {_cell(before[period])} → {_cell(row)}"
        for period, row in after.items()
        if period in before and before[period] != row
    ]
    said += [f"{period} removed" for period in before if period not in after]
    if len(said) > MAX_NAMED:
        said = [*said[:MAX_NAMED], f"{len(said) - MAX_NAMED} more quarters"]
    if said:
        return ", ".join(said)
    if old is None:
        return "page replaced (its text was not JSON)"
    keys = sorted(key for key in {*old, *new} if comparable(old).get(key) != comparable(new).get(key))
    return f"{', '.join(keys)} updated" if keys else "updated"


def _cell(row: list[Any]) -> str:
    value = row[1] if len(row) > 1 else None
    return "no value" if value is None else json.dumps(value, ensure_ascii=False)


def lost_rows(old: Mapping[str, Any] | None, new: Mapping[str, Any]) -> tuple[int, int]:
    """(rows on the wiki, rows the bot's page keeps of them): the shrink guard's numbers."""
    before, after = rows(old), rows(new)
    return len(before), len(set(before) & set(after))

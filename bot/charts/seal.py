"""The bot's seal on a `.tab` page: a checksum of the page's content, written in its `sources` beside the
data commit ("(data commit abc1234, checksum 1a2b3c4d)"). The page is the bot's wholly, but MediaWiki merges
an edit saved between the bot's read and its save when the two change different values (measured on the
local data wiki: a person's change to one row and the bot's new row were merged), and the bot's revision is
then the latest: without the seal the next run would take the page for its own and
overwrite that edit. With it, any change since the bot's save shows — whoever saved last.

The checksum covers the whole content but the parenthesis of `sources` that carries it and the languages
other than English that translators add (bot.charts.translations); sorted keys, no whitespace: the wiki's
re-serialisation does not change it.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping
from typing import Any, Literal

from bot.charts.translations import english_only

_MARK = re.compile(r"\((data commit [^),]*)(?:, checksum ([0-9a-f]{8}))?\)")


def checksum(content: Mapping[str, Any]) -> str:
    unsealed = english_only({**content, "sources": _MARK.sub("()", str(content.get("sources", "")))})
    canonical = json.dumps(unsealed, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:8]


def sealed(content: Mapping[str, Any]) -> dict[str, Any]:
    """`content` with its checksum in `sources` (whose text must name the data commit in parentheses)."""
    sources = str(content["sources"])
    if not _MARK.search(sources):
        raise ValueError(f"`sources` names no data commit to seal beside: {sources!r}")
    mark = f"(\\1, checksum {checksum(content)})"
    return {**content, "sources": _MARK.sub(mark, sources, count=1)}


Seal = Literal["intact", "broken", "none"]


def seal_of(content: Mapping[str, Any]) -> Seal:
    """`intact`: nothing but translations changed since the bot saved the page; `broken`: something else
    did; `none`: no seal to tell (a page published before seals, or its `sources` rewritten by hand)."""
    found = _MARK.search(str(content.get("sources", "")))
    if found is None or found.group(2) is None:
        return "none"
    return "intact" if found.group(2) == checksum(content) else "broken"


def broken(content: Mapping[str, Any]) -> bool:
    """Whether the page carries a seal its content no longer matches (changed since the bot saved it)."""
    return seal_of(content) == "broken"

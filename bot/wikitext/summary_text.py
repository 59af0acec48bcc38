"""An edit summary as MediaWiki stores and shows it: inert whatever the values in it, and never truncated.

MediaWiki 1.39, read in its source and measured on the local wiki:

- The summary is cleaned like every request parameter (C0 controls and U+FFFE/U+FFFF become U+FFFD, the
  text is put in normal form C) and then cut to 500 code points (CommentStore::COMMENT_CHARACTER_LIMIT,
  Language::truncateForVisual), ending in "..." — which would lose the data commit at the end.
- It is shown through CommentParser: character references are decoded first (`&#91;&#91;User:X&#93;&#93;`
  links as well as `[[User:X]]` does), then `/* … */` becomes a section link and `[[…]]` an internal link;
  Echo pings every user linked with a literal `[[User:…]]`. External links (`[https://… x]`), templates
  and signatures are shown as typed.

So the summary is made of the text as MediaWiki will store it, with a zero-width space after each `&` that
could begin a character reference and inside each `[[`, `{{` and `/*` (every one of a run: `[[[`), and it
is measured after all of that.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from bot.source.characters import as_mediawiki_stores

SUMMARY_LIMIT = 500  # MediaWiki's limit on an edit summary, in code points once cleaned
BREAK = "\u200b"  # ZERO WIDTH SPACE: invisible, and no markup reads across it

_ONE_LINE = re.compile(r"[\t\n\r]")  # CommentParser shows line breaks as spaces
_MARKUP = re.compile(r"&(?=[#\w])|\[(?=\[)|\{(?=\{)|/(?=\*)")


def inert(text: str) -> str:
    """`text` as MediaWiki stores it, on one line, with nothing in it that MediaWiki could read as markup."""
    return _MARKUP.sub(lambda m: m.group() + BREAK, as_mediawiki_stores(_ONE_LINE.sub(" ", text)))


def fit(head: str, items: Sequence[str], tail: str, limit: int = SUMMARY_LIMIT) -> str:
    """`head` + items joined by "; " + `tail`, inert, in at most `limit` code points: as many items as fit,
    then "…and N more". The tail (the data commit) is always kept; the head is shortened when nothing else
    would fit."""
    text = inert(head + "; ".join(items) + tail)
    if len(text) <= limit:
        return text
    kept: list[str] = []
    for count, item in enumerate(items, 1):
        if len(inert(head + "; ".join([*kept, item, _more(len(items) - count)]) + tail)) > limit:
            break
        kept.append(item)
    body = "; ".join([*kept, _more(len(items) - len(kept))])
    text = inert(head + body + tail)
    if len(text) <= limit:
        return text
    return _shorten_head(head, body + tail, limit)


def _more(count: int) -> str:
    return f"…and {count} more"


def _shorten_head(head: str, rest: str, limit: int) -> str:
    """The head cut (with "…") so that the rest fits; the rest alone if even that is too long."""
    cut = len(head)
    while cut > 0:
        cut -= max(1, len(inert(head[:cut] + "… " + rest)) - limit)
        text = inert(head[: max(cut, 0)] + "… " + rest)
        if len(text) <= limit:
            return text
    return inert(rest)[-limit:]  # only a tail longer than the limit gets here: its end is kept

"""A page's latest revisions — who edited it, in which revision, with what summary: one request.

Asked only to explain a page refused for a hand edit inside the bot's tables (bot.sync.drift), never on a
normal run: `prop=revisions` newest first from the revision the bot read (`rvstartid`), with
`rvprop=ids|user|comment|timestamp` and no content, `limit` revisions at most. `last_text_by` reads the text
of the bot's own latest revision of a data page, asked only when someone else saved it since.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bot.mediawiki.reading import query
from bot.mediawiki.session import Session

HIDDEN = "(hidden)"  # a user name or summary an administrator hid (revision deletion)


@dataclass(frozen=True)
class Revision:
    revid: int
    user: str
    comment: str
    timestamp: str


def history(session: Session, title: str, *, start: int | None, limit: int) -> list[Revision]:
    """The page's revisions, newest first from revision `start` (the latest when None), `limit` at most.
    Raises `WikiError` when the wiki does not answer."""
    data = query(session, _revisions(title, "ids|user|comment|timestamp", start, limit))
    pages = data.get("query", {}).get("pages", [])
    revisions = pages[0].get("revisions", []) if pages else []
    return [_revision(item) for item in revisions]


def _revision(item: dict[str, Any]) -> Revision:
    return Revision(
        revid=int(item["revid"]),
        user=HIDDEN if item.get("userhidden") else str(item.get("user", "")),
        comment=HIDDEN if item.get("commenthidden") else str(item.get("comment", "")),
        timestamp=str(item.get("timestamp", "")),
    )


def last_text_by(session: Session, title: str, users: frozenset[str], *, start: int | None) -> str | None:
    """The text of the newest revision of `title` (from `start`) made by one of `users`, however far back
    (`rvuser`: one request per name, the first that has one wins); None when none of them made one, or its
    text is hidden."""
    for user in sorted(users):
        params = _revisions(title, "ids|user|content", start, 1) | {"rvslots": "main", "rvuser": user}
        data = query(session, params, f"the history of {title}")
        pages = data.get("query", {}).get("pages", [])
        revisions = pages[0].get("revisions", []) if pages else []
        if revisions:
            main = revisions[0].get("slots", {}).get("main", {})
            return None if "texthidden" in main or "content" not in main else str(main["content"])
    return None


def _revisions(title: str, properties: str, start: int | None, limit: int) -> dict[str, Any]:
    """The query of `title`'s revisions, newest first from `start` (the latest when None)."""
    params: dict[str, Any] = {
        "action": "query",
        "prop": "revisions",
        "titles": title,
        "rvprop": properties,
        "rvlimit": limit,
        "rvdir": "older",
        "formatversion": 2,
    }
    return params if start is None else params | {"rvstartid": start}

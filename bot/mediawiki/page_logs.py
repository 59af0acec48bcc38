"""What the wiki's logs say of a page that does not exist: deleted, moved away, or never there.

One ``list=logevents`` request per title (the module takes one ``letitle``), made only for a page the bot
is about to create. Every log entry names the page it is about; a move is logged under the title the page
left, with the title it went to. The newest deletion or move explains why the page is gone; an entry of
any other kind that only an existing page gets (its creation, an import, an upload) says it was there once
even when the deletion itself is hidden from the bot (suppressed, or a log entry whose action is hidden).

Measured on MediaWiki 1.39: a page created then deleted has ``create/create`` then ``delete/delete``; a move
without a redirect is ``move/move`` with ``params.target_title`` and ``params.suppressredirect``; a title
that never held a page has no entry at all.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bot.mediawiki.reading import query
from bot.mediawiki.session import Session

#: Log actions that take a page away from its title.
REMOVALS = {
    ("delete", "delete"): "deleted",
    ("delete", "delete_redir"): "deleted",
    ("delete", "delete_redir2"): "deleted",
    ("suppress", "delete"): "deleted",
    ("move", "move"): "moved",
    ("move", "move_redir"): "moved",
}
#: Log types that only a page that existed gets, whatever became of it.
EXISTED = frozenset({"create", "import", "upload", "delete", "suppress", "move", "merge", "patrol", "contentmodel"})
HIDDEN = "(hidden)"


@dataclass(frozen=True)
class PageRemoval:
    """How a page that does not exist left its title, from the newest log entry that says so.

    `kind` is "deleted", "moved" (`target` names where it went) or "existed" (the logs the bot can read
    show the page was there, not how it went: then `user`, `timestamp` and `comment` are those of that
    entry). A part of the entry an administrator hid reads "(hidden)".
    """

    title: str
    kind: str
    user: str
    timestamp: str  # ISO 8601, UTC, as the wiki gives it ("2026-12-01T05:58:56Z")
    comment: str
    target: str = ""


def removal(session: Session, title: str) -> PageRemoval | None:
    """The newest deletion or move of `title` (or an entry showing it existed); None if it never existed.

    Raises `WikiError` when the wiki does not answer.
    """
    params: dict[str, Any] = {
        "action": "query",
        "list": "logevents",
        "letitle": title,
        "leprop": "type|user|timestamp|comment|details",
        "lelimit": "max",
        "formatversion": 2,
    }
    existed: PageRemoval | None = None
    continuation: dict[str, Any] = {}
    while True:
        data = query(session, {**params, **continuation})
        for entry in data.get("query", {}).get("logevents", []):
            found = _removal(title, entry)
            if found is not None and found.kind != "existed":
                return found  # newest first: the latest removal
            existed = existed or found
        if "continue" not in data:
            return existed
        continuation = dict(data["continue"])


def _removal(title: str, entry: dict[str, Any]) -> PageRemoval | None:
    kind_of = (str(entry.get("type", "")), str(entry.get("action", "")))
    kind = REMOVALS.get(kind_of) or ("existed" if kind_of[0] in EXISTED else None)
    if kind is None:
        return None
    params = entry.get("params") or {}
    target = str(params.get("target_title", "")) if kind == "moved" else ""
    return PageRemoval(
        title=title,
        kind=kind,
        user=HIDDEN if entry.get("userhidden") else str(entry.get("user", "")),
        timestamp=str(entry.get("timestamp", "")),
        comment=HIDDEN if entry.get("commenthidden") else str(entry.get("comment", "")),
        target=HIDDEN if kind == "moved" and (entry.get("actionhidden") or not target) else target,
    )

"""What the wiki says beyond a page's text, one request each and asked only when a decision needs it: a
page's latest revisions (who edited inside the bot's tables), what its logs say of a page that is gone, the
content models a data wiki stores, and the rights of the account itself. Each part's own notes follow.
"""

from __future__ import annotations

from typing import Any

from bot.mediawiki.reading import query
from bot.mediawiki.session import Session
from bot.wikipages import PageRemoval, Revision

HIDDEN = "(hidden)"  # a user name, summary or log entry an administrator hid (revision deletion, suppression)


# ---- A page's latest revisions -------------------------------------------------------------------------------------
# A page's latest revisions — who edited it, in which revision, with what summary: one request.
#
# Asked only to explain a page refused for a hand edit inside the bot's tables (bot.sync.drift), never on a
# normal run: `prop=revisions` newest first from the revision the bot read (`rvstartid`), with
# `rvprop=ids|user|comment|timestamp` and no content, `limit` revisions at most. `last_text_by` reads the text
# of the bot's own latest revision of a data page, asked only when someone else saved it since.


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


# ---- Why a page is not there: its logs -----------------------------------------------------------------------------
# What the wiki's logs say of a page that does not exist: deleted, moved away, or never there.
#
# One ``list=logevents`` request per title (the module takes one ``letitle``), made only for a page the bot
# is about to create. Every log entry names the page it is about; a move is logged under the title the page
# left, with the title it went to. The newest deletion or move explains why the page is gone; an entry of
# any other kind that only an existing page gets (its creation, an import, an upload) says it was there once
# even when the deletion itself is hidden from the bot (suppressed, or a log entry whose action is hidden).
#
# Measured on MediaWiki 1.39: a page created then deleted has ``create/create`` then ``delete/delete``; a move
# without a redirect is ``move/move`` with ``params.target_title`` and ``params.suppressredirect``; a title
# that never held a page has no entry at all.


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


# ---- The content models the wiki stores ----------------------------------------------------------------------------
# The content models a wiki can store, as its API says (`action=paraminfo` of `edit`: the values its
# `contentmodel` parameter takes). A data wiki needs JsonConfig's `Tabular.JsonConfig` (and a `Chart.JsonConfig`
# model for the charts); a wiki without them would refuse every data page at its first save.


def content_models(session: Session) -> frozenset[str]:
    """Every content model `action=edit` accepts on this wiki. One request."""
    params: dict[str, Any] = {"action": "paraminfo", "modules": "edit", "formatversion": 2}
    data = query(session, params, "the content models the wiki stores")
    modules = data.get("paraminfo", {}).get("modules", [])
    for parameter in modules[0].get("parameters", []) if modules else []:
        if parameter.get("name") == "contentmodel" and isinstance(parameter.get("type"), list):
            return frozenset(str(model) for model in parameter["type"])
    return frozenset()


# ---- The account's own rights --------------------------------------------------------------------------------------
# The rights of the account itself, as its groups give them, whatever the login's grants let it use.
#
# A BotPassword login holds only the rights its grants allow (`Wiki.has_right` answers for the login); the API
# restricts even ``list=users&usprop=rights`` that way. The groups are not restricted, so the account's own
# rights are read as the rights of its groups (``meta=userinfo`` groups, ``meta=siteinfo`` usergroups): a bot
# account whose BotPassword lacks the grant "highvolume" is in the group ``bot`` (this says "bot") while its
# login has no "bot" right (its edits would not be flagged).


def account_rights(session: Session) -> frozenset[str]:
    """The rights the logged-in account holds through its groups (implicit ones included). One request."""
    params: dict[str, Any] = {
        "action": "query",
        "meta": ["userinfo", "siteinfo"],
        "uiprop": "groups",
        "siprop": "usergroups",
        "formatversion": 2,
    }
    data = query(session, params, "the rights of the account")
    answer = data.get("query", {})
    groups = set(answer.get("userinfo", {}).get("groups", []))
    return frozenset(
        str(right)
        for group in answer.get("usergroups", [])
        if group.get("name") in groups
        for right in group.get("rights", [])
    )

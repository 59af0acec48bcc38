"""Batched reads: the latest revision of many pages, `batch_size` titles per request.

MediaWiki answers at most 50 titles per query (500 for accounts with ``apihighlimits``, bots); the first
read of a logged-in session also brings the edit token, so that the first save needs no request of its own.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from bot.errors import ConfigError, PageError, WikiError
from bot.mediawiki.session import BAD_TITLE_HINT, Session, describe, explain, network_hint

#: Titles per query request: MediaWiki's limit for ``titles`` (and for revision content in one request).
BATCH_SIZE = 50
#: The same limit for accounts with the ``apihighlimits`` right (bots).
BATCH_SIZE_HIGH = 500


@dataclass(frozen=True)
class PageState:
    """A page as read from the wiki: its latest revision, or `exists=False` with empty text."""

    title: str
    exists: bool
    text: str
    revid: int | None

    @classmethod
    def missing(cls, title: str) -> PageState:
        """A page that does not exist (yet)."""
        return cls(title=title, exists=False, text="", revid=None)


def fetch(session: Session, titles: Sequence[str], batch_size: int) -> dict[str, PageState]:
    """Read the latest revision of every page, `batch_size` titles per request.

    The result is keyed by the titles as given; `PageState.title` is the wiki's normalised title
    (the one to save to). Missing pages come back with `exists=False`. Redirects are not followed.
    Raises `ConfigError` for a title the wiki cannot hold (invalid, special page, interwiki),
    `PageError(reason="unreadable")` when a page's latest text is hidden, and `WikiError` when the
    wiki does not answer.
    """
    wanted = list(dict.fromkeys(titles))
    for title in wanted:
        if not title.strip() or "|" in title:
            raise ConfigError(f"{title!r} is not a valid page title.", BAD_TITLE_HINT)
    states: dict[str, PageState] = {}
    for start in range(0, len(wanted), batch_size):
        states.update(_fetch_batch(session, wanted[start : start + batch_size]))
    return {title: states[title] for title in titles}


def query(session: Session, params: dict[str, Any]) -> dict[str, Any]:
    """One API query that reads pages; `WikiError` when the wiki does not answer it."""
    try:
        data = session.post(params)
    except Exception as exc:
        session.drain()
        code = getattr(exc, "code", None)
        detail = describe(str(code), str(getattr(exc, "info", ""))) if code else explain(exc)
        raise WikiError(
            f"Could not read pages from {session.url}: {session.scrub(detail)}",
            network_hint(exc),
        ) from None
    session.drain()
    return dict(data)


class _Answer:
    """A batch's answer, gathered over its continuations: the pages and how the titles were resolved."""

    def __init__(self) -> None:
        self.normalized: dict[str, str] = {}
        self.interwiki: set[str] = set()
        self.pages: dict[str, dict[str, Any]] = {}

    def add(self, part: dict[str, Any]) -> None:
        for item in part.get("normalized", []):
            self.normalized[str(item["from"])] = str(item["to"])
        for item in part.get("interwiki", []):
            self.interwiki.add(str(item["title"]))
        for page in part.get("pages", []):
            known = self.pages.get(page["title"])
            if known is None or ("revisions" in page and "revisions" not in known):
                self.pages[str(page["title"])] = page

    def state(self, asked: str) -> PageState:
        title = self.normalized.get(asked, asked)
        if title in self.interwiki or asked in self.interwiki:
            raise ConfigError(f"{asked!r} is an interwiki link, not a page on this wiki.", BAD_TITLE_HINT)
        page = self.pages.get(title)
        if page is None:
            raise WikiError(f"The wiki's answer did not include the page {asked!r}.")
        return _state(asked, page)


def _fetch_batch(session: Session, batch: list[str]) -> dict[str, PageState]:
    params: dict[str, Any] = {
        "action": "query",
        "prop": "revisions",
        "rvprop": "ids|content",
        "rvslots": "main",
        "titles": batch,
        "formatversion": 2,
    }
    if session.csrf is None and session.site.logged_in():
        # The edit token rides along with the first read: the first save then needs no request of its own.
        params.update(meta="tokens", type="csrf")
    answer = _Answer()
    continuation: dict[str, Any] = {}
    while True:
        data = query(session, {**params, **continuation})
        token = data.get("query", {}).get("tokens", {}).get("csrftoken")
        if token and token != "+\\":  # "+\\" is the token of an anonymous user
            session.csrf = str(token)
        answer.add(data.get("query", {}))
        if "continue" not in data:
            break
        continuation = dict(data["continue"])
    return {asked: answer.state(asked) for asked in batch}


def _state(asked: str, page: dict[str, Any]) -> PageState:
    title = str(page["title"])
    if page.get("invalid"):
        raise ConfigError(
            f"{asked!r} is not a valid page title on this wiki: {page.get('invalidreason', '')}", BAD_TITLE_HINT
        )
    if page.get("special"):
        raise ConfigError(f"{asked!r} is a special page; it cannot be edited.", BAD_TITLE_HINT)
    if page.get("missing"):
        return PageState.missing(title)
    revisions = page.get("revisions") or []
    if not revisions:
        raise WikiError(f"The wiki returned no revision for the existing page {title!r}.")
    slot = revisions[0].get("slots", {}).get("main", {})
    if slot.get("texthidden") or "content" not in slot:
        raise PageError(
            title,
            "unreadable",
            f"The text of the latest revision of {title} is hidden or unavailable.",
            "An administrator hid the revision; the bot will not edit a page it cannot read.",
        )
    return PageState(title=title, exists=True, text=str(slot["content"]), revid=int(revisions[0]["revid"]))

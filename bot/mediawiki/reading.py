"""Batched reads: the latest revision of many pages, `batch_size` titles per request.

MediaWiki answers at most 50 titles per query (500 for accounts with ``apihighlimits``, bots); the first
read of a logged-in session also brings the edit token, so that the first save needs no request of its own.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from bot.errors import ConfigError, WikiError
from bot.mediawiki import blocks
from bot.mediawiki.session import BAD_TITLE_HINT, Session, describe, explain, network_hint
from bot.wikipages import PageState, UnreadablePage

#: Titles per query request: MediaWiki's limit for ``titles`` (and for revision content in one request).
BATCH_SIZE = 50
#: The same limit for accounts with the ``apihighlimits`` right (bots).
BATCH_SIZE_HIGH = 500


HIDDEN_HINT = (
    "an administrator hid the content of that revision: ask them to restore its visibility, or restore an "
    "earlier version of the page from its history; the other pages go on without it"
)
MISSING_HINT = (
    "the wiki could not load that revision's text (a fault of the wiki's storage): tell the wiki's "
    "administrators, or restore an earlier version of the page from its history; the other pages go on without it"
)


def fetch(session: Session, titles: Sequence[str], batch_size: int) -> dict[str, PageState]:
    """Read the latest revision of every page, `batch_size` titles per request.

    The result is keyed by the titles as given; `PageState.title` is the wiki's normalised title
    (the one to save to). Missing pages come back with `exists=False`. Redirects are not followed.
    A page whose latest text the wiki does not give (hidden, missing, left out of the answer) comes back as
    an `UnreadablePage`, whose `text` raises `PageError(reason="unreadable")`: that page fails, not the batch.
    Raises `ConfigError` for a title the wiki cannot hold (invalid, special page, interwiki), and
    `WikiError` when the wiki does not answer.
    """
    wanted = list(dict.fromkeys(titles))
    for title in wanted:
        if not title.strip() or "|" in title:
            raise ConfigError(f"{title!r} is not a valid page title.", BAD_TITLE_HINT)
    states: dict[str, PageState] = {}
    for start in range(0, len(wanted), batch_size):
        states.update(_fetch_batch(session, wanted[start : start + batch_size]))
    return {title: states[title] for title in titles}


def query(session: Session, params: dict[str, Any], what: str = "pages") -> dict[str, Any]:
    """One API query that reads `what` (for the message); `WikiError` when the wiki does not answer it."""
    try:
        data = session.post(params)
    except Exception as exc:
        session.drain()
        code = getattr(exc, "code", None)
        detail = describe(str(code), str(getattr(exc, "info", ""))) if code else explain(exc)
        raise WikiError(
            f"Could not read {what} from {session.url}: {session.scrub(detail)}",
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
            return UnreadablePage(title, None, "the wiki's answer did not include the page")
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
    blocks.ask(session, params)  # a dry run: the block of the account a real run would save as, if any
    answer = _Answer()
    continuation: dict[str, Any] = {}
    while True:
        data = query(session, {**params, **continuation})
        blocks.note(session, data)
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
    return _latest(title, page)


def _latest(title: str, page: dict[str, Any]) -> PageState:
    """The page's latest revision, or an `UnreadablePage` saying what the wiki answered instead of its text."""
    revisions = page.get("revisions") or [None]
    revision = revisions[0] if isinstance(revisions[0], dict) else {}
    revid = revision.get("revid")
    if not isinstance(revid, int):
        said = "the wiki's answer gives no revision for this existing page"
        return UnreadablePage(title, None, said if revid is None else f"{said} (revid {revid!r})")
    slot = revision.get("slots", {}).get("main", {})
    if slot.get("texthidden"):
        said = "the wiki answers `texthidden`: the content of the latest revision is hidden (revision deletion)"
        return UnreadablePage(title, revid, said, HIDDEN_HINT)
    if slot.get("textmissing"):
        said = "the wiki answers `textmissing`: the text of the latest revision could not be loaded"
        return UnreadablePage(title, revid, said, MISSING_HINT)
    if not isinstance(slot.get("content"), str):
        return UnreadablePage(title, revid, "the wiki's answer holds no text for the latest revision")
    return PageState(title=title, exists=True, text=slot["content"], revid=revid)

"""Conflict-safe saves: never overwrite an edit made since the page was read; recover a lost answer."""

from __future__ import annotations

import hashlib
import logging
from typing import Any

from bot.errors import PageError, WikiError
from bot.mediawiki import blocks
from bot.mediawiki.reading import query
from bot.mediawiki.refusals import page_error
from bot.mediawiki.session import Session, describe, explain, network_hint
from bot.wikipages import PageState, SaveResult

log = logging.getLogger(__name__)


# Answers a save re-sent after a lost answer can get although its first sending landed: checked against the
# page history before the page is reported failed.
_AFTER_A_RESEND = frozenset({"articleexists", "ratelimited", "readonly", "internal_api_error_DBQueryError"})


def save(session: Session, state: PageState, text: str, summary: str, *, model: str | None = None) -> SaveResult:
    """Save `text` to the page read as `state`; never overwrite an edit made since.

    An existing page is saved with ``baserevid=state.revid`` and no ``basetimestamp`` (which has
    one-second resolution), plus ``nocreate``; MediaWiki merges an intervening edit on other lines
    and refuses an overlapping one. A page that did not exist is saved with ``createonly``, so a page
    created meanwhile is a conflict. The edit carries the bot flag (when the account has the right),
    ``notminor``, ``maxlag``, an md5 of the text and the summary as given. Every refusal raises `PageError`
    with a stable `reason` (see bot.mediawiki.refusals) and the API error code and text in its message.
    A page created with `model` (a data page: Tabular.JsonConfig) is refused by a wiki that lacks that model.
    """
    if not session.site.logged_in():
        raise WikiError(
            f"The bot is not logged in to {session.url}, so it cannot save {state.title}.",
            session.login_hint(),
        )
    if not summary.strip():
        raise ValueError("an edit summary is required")
    if state.exists and state.revid is None:
        raise ValueError("an existing page needs the revision id it was read at")
    from pywikibot.exceptions import APIError, MaxlagTimeoutError

    try:
        data = _submit(session, _edit(state, text, summary) | ({"contentmodel": model} if model else {}))
    except APIError as exc:
        session.drain()
        if exc.code in blocks.CODES:  # an administrator's block: the run stops (unless it covers some pages only)
            raise blocks.refused(session, state.title, str(exc.code), dict(exc.other)) from None
        refusal = _refused(session, state, str(exc.code), str(exc.info), dict(exc.other))
        # A re-sent save (pywikibot retries a dropped answer) may find that its first sending landed.
        return _landed_or_raise(session, state, text, refusal, check=exc.code in _AFTER_A_RESEND)
    except MaxlagTimeoutError:  # the first attempt may have landed before the lag rose
        session.drain()
        lagging = _refused(session, state, "maxlag", "the database replication lag stayed too high", {})
        return _landed_or_raise(session, state, text, lagging)
    except Exception as exc:  # the answer was lost and not retried: did the save land?
        session.drain()
        message = f"Could not save {state.title} on {session.url}: {session.scrub(explain(exc))}"
        return _landed_or_raise(session, state, text, PageError(state.title, "other", message, network_hint(exc)))
    session.drain()
    return _outcome(session, state, text, dict(data.get("edit", {})))


def _landed_or_raise(session: Session, state: PageState, text: str, error: Exception, check: bool = True) -> SaveResult:
    """The bot's own revision of `text` if the save landed after all (from the page history), else `error`."""
    landed = _own_save(session, state, text) if check else None
    if landed is None:
        raise error from None
    return landed


def _edit(state: PageState, text: str, summary: str) -> dict[str, Any]:
    """The parameters of action=edit, without the bot flag and the token."""
    params: dict[str, Any] = {
        "action": "edit",
        "title": state.title,
        "text": text,
        "summary": summary,
        "md5": hashlib.md5(text.encode("utf-8")).hexdigest(),
        "watchlist": "nochange",
        "formatversion": 2,
    }
    if state.exists:
        params["baserevid"] = state.revid
        params["nocreate"] = True
    else:
        params["createonly"] = True
    params["notminor"] = True
    return params


def _submit(session: Session, params: dict[str, Any]) -> Any:
    """Send the edit with the bot flag (when the account has the right) and the edit token."""
    from pywikibot.exceptions import APIError

    site = session.site
    if site.has_right("bot"):
        params["bot"] = True
    params["token"] = session.csrf or site.tokens["csrf"]
    try:
        return session.post(params)
    except APIError as exc:
        if exc.code != "badtoken" or session.csrf is None:
            raise
        session.csrf = None  # the session changed during the run: a fresh token, once
        params["token"] = site.tokens["csrf"]
        return session.post(params)


def _outcome(session: Session, state: PageState, text: str, edit: dict[str, Any]) -> SaveResult:
    """The wiki's answer to the edit: what was saved, or the refusal it names."""
    if edit.get("result") == "Success":
        nochange = bool(edit.get("nochange"))
        landed = _own_save(session, state, text) if nochange and text != state.text else None
        if landed is not None:
            return landed
        revid = edit.get("newrevid")
        return SaveResult(
            title=str(edit.get("title", state.title)),
            revid=int(revid) if revid is not None else state.revid,
            created=bool(edit.get("new")),
            nochange=nochange,
        )
    if "captcha" in edit:
        raise _refused(session, state, "captcha", "the wiki asks for a CAPTCHA", edit)
    if "spamblacklist" in edit:
        raise _refused(session, state, "spamblacklist", str(edit["spamblacklist"]), edit)
    code = str(edit.get("code") or edit.get("result") or "unknown")
    info = str(edit.get("info") or edit.get("warning") or "")
    raise _refused(session, state, code, info, edit)


def _refused(session: Session, state: PageState, code: str, info: str, other: dict[str, Any]) -> PageError:
    detail = session.scrub(describe(code, info))
    return page_error(state, code, detail, other, maxlag=session.settings.maxlag)


def _own_save(session: Session, state: PageState, text: str) -> SaveResult | None:
    """The save of `text` made by this very call, when the wiki's answer to it was lost.

    pywikibot sends a request again when the connection breaks before the answer arrives. If the
    first attempt had reached the wiki, the second finds the work done: ``articleexists`` for a
    creation, ``nochange`` for an edit. It was this save if the page's latest revision is by this
    account, holds exactly `text` and follows the revision that was read (1 request; None otherwise).
    """
    params = {
        "action": "query",
        "prop": "revisions",
        "titles": state.title,
        "rvprop": "ids|user|sha1",
        "rvlimit": 1,
        "formatversion": 2,
    }
    try:
        pages = query(session, params).get("query", {}).get("pages", [])
    except WikiError:
        return None
    latest = (pages[0].get("revisions") or [{}])[0] if pages else {}
    saved = text.rstrip(" \t\n\r\0\x0b")  # MediaWiki trims the end of a page's text
    if (
        latest.get("user") != session.username
        or latest.get("sha1") != hashlib.sha1(saved.encode("utf-8")).hexdigest()
        or latest.get("parentid") != (state.revid or 0)
    ):
        return None
    log.debug("the answer to saving %s was lost; the save is revision %s", state.title, latest["revid"])
    return SaveResult(str(pages[0]["title"]), int(latest["revid"]), created=not state.exists, nochange=False)

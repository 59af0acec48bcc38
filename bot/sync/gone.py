"""A configured page that is no longer where the bot left it: deleted, moved away, or turned into a redirect.

A missing page is created only if it never existed. Before creating one, a sync asks the wiki's deletion and
move logs about it (`PageLogs.removal`, one request per page about to be created; none when no page is
missing). A page an administrator deleted, or moved without leaving a redirect, is refused with who did it,
when and why (reasons `deleted`, `moved`), unless `--force`, which creates it anew and says so in the
summary. When the logs cannot be read the page is not created (`wiki-error`): the bot never guesses that a
page is new. A page turned into a redirect is refused as such (`redirect`), naming its target, forced or not:
the bot never writes into a redirect. `mtpbot check` reports both as problems of the page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.errors import MtpbotError
from bot.sync.edits import Edit
from bot.sync.pages import RenderedPage
from bot.sync.protocols import PageLogs, Removal
from bot.wikipages import PageState

# How MediaWiki 1.39 reads a redirect (WikitextContent::getRedirectTargetAndText): the magic word, any case,
# at the start of the text, then the first link, an old-style colon allowed in between.
_REDIRECT = re.compile(r"\A\s*#REDIRECT\s*:?\s*\[\[(.*?)(?:\|.*?)?\]\]", re.IGNORECASE)


@dataclass(frozen=True)
class Unverified:
    """The logs could not be read: whether the page existed is unknown (`comment` says why)."""

    comment: str
    kind: str = "unverified"
    user: str = ""
    timestamp: str = ""
    target: str = ""


def removal_of(logs: PageLogs | None, page: RenderedPage, state: PageState) -> Removal | None:
    """What the logs say of a page the plan would create (None: it never existed, or there is nothing to ask)."""
    return logged_removal(logs, state) if page.create else None


def logged_removal(logs: PageLogs | None, state: PageState) -> Removal | None:
    """How a missing page left, as the deletion and move logs say (one request, only for a missing page);
    None when it never existed or there are no logs to ask."""
    if logs is None or state.exists:
        return None
    try:
        return logs.removal(state.title)
    except MtpbotError as exc:
        return Unverified(str(exc))


def redirect_target(text: str) -> str | None:
    """The page a redirect points to, or None when `text` is no redirect."""
    found = _REDIRECT.match(text)
    return found.group(1).strip() if found else None


def redirect_refusal(title: str, text: str) -> Edit | None:
    """A page turned into a redirect, refused naming its target; None for any other page."""
    target = redirect_target(text)
    if target is None:
        return None
    message = (
        f'page "{title}" is a redirect to "{target}"; the bot never writes into a redirect and left it as it '
        f'is. If the page was moved, set its `title:` in the settings to "{target}"; otherwise restore its '
        "previous revision from the page history"
    )
    return Edit(title, "refused", old=text, reason="redirect", message=message)


def removal_refusal(title: str, removal: Removal, *, recreate_with: str | None = "") -> Edit:
    """Why a page that existed is not created again: who removed it, when and why, and what to do. The page
    named with `--force --page` re-creates it: itself, `recreate_with` (the page embedding a data page), or,
    when None, no page does."""
    page = recreate_with or title
    force = (
        f'or run `mtpbot sync --force --page "{page}"` to create it anew'
        + ("" if page == title else " (--force applies to that page too: try it with --dry-run first)")
        if recreate_with is not None
        else "or add a page showing it to the settings"
    )
    if removal.kind == "unverified":
        message = (
            f'page "{title}" does not exist, and the wiki\'s deletion and move logs could not be read to check '
            f"that it never did ({removal.comment}); nothing was created. Run again later"
        )
        return Edit(title, "failed", reason="wiki-error", message=message)
    done = f"by {removal.user} on {when(removal.timestamp)} ({why(removal.comment)})"
    if removal.kind == "moved":
        message = (
            f'page "{title}" was moved to "{removal.target}" {done} without leaving a redirect; nothing was '
            f'created under the old title. Set the page\'s `title:` in the settings to "{removal.target}" to '
            f"follow it, {force} under the old title"
        )
        return Edit(title, "refused", reason="moved", message=message)
    if removal.kind == "deleted":
        happened = f"was deleted {done}"
    else:
        happened = f"existed (its log names {removal.user} on {when(removal.timestamp)}) but not how it went"
    message = (
        f'page "{title}" {happened}; the bot does not re-create a page that once existed. Ask why on the wiki '
        f"(Special:Log has the entry): undelete it, remove it from the settings, {force}"
    )
    return Edit(title, "refused", reason="deleted", message=message)


def recreation_note(removal: Removal | None) -> list[str]:
    """What a forced creation says first in its summary: that the page comes back after a deletion or move."""
    if removal is None or removal.kind == "unverified":
        return []
    day = removal.timestamp[:10]
    if removal.kind == "moved":
        return [f"re-created after its move to {removal.target} by {removal.user} on {day}"]
    return [f"re-created after its deletion by {removal.user} on {day}"]


def when(timestamp: str) -> str:
    """An API timestamp ("2026-12-01T05:58:56Z") as people read it: "2026-12-01 05:58 UTC"."""
    if re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", timestamp):
        return f"{timestamp[:10]} {timestamp[11:16]} UTC"
    return timestamp or "an unknown date"


def why(comment: str) -> str:
    return f'reason: "{comment}"' if comment else "no reason given"

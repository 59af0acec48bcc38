"""The values a wiki gives back, shared by the layer that talks to it (bot.mediawiki, the only importer of
pywikibot) and the layers that decide (bot.sync, bot.check, bot.preview): a page as read, what a save did,
a revision of a page's history, how a missing page left, a page as the parser renders it. Plain frozen data;
it imports nothing of the project but its errors, so that every layer may use it.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.errors import PageError


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


class UnreadablePage(PageState):
    """An existing page whose latest text the wiki did not give (`textmissing`, `texthidden`, an answer without
    its revision). Reading its `text` raises PageError(reason="unreadable"): whatever needs the text fails for
    this page alone (a sync reports it and goes on, bot.sync.isolation), and nothing can take it for empty."""

    said: str  # what the wiki answered, in words
    hint: str  # what to do about it

    def __init__(self, title: str, revid: int | None, said: str, hint: str = "") -> None:
        fields = {"title": title, "exists": True, "revid": revid, "said": said, "hint": hint or UNREADABLE_HINT}
        for name, value in fields.items():
            object.__setattr__(self, name, value)  # frozen, and `text` is not a field here

    @property  # a field of PageState, a refusal here
    def text(self) -> str:
        revision = f" (revision {self.revid})" if self.revid is not None else ""
        message = f"Could not read {self.title}{revision}: {self.said}; the page was left as it is."
        raise PageError(self.title, "unreadable", message, self.hint)

    def __repr__(self) -> str:
        return f"UnreadablePage(title={self.title!r}, revid={self.revid!r}, said={self.said!r})"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, UnreadablePage):
            return NotImplemented
        return (self.title, self.revid, self.said) == (other.title, other.revid, other.said)

    def __hash__(self) -> int:
        return hash((self.title, self.revid, self.said))


UNREADABLE_HINT = (
    "the bot edits only a page it can read: run again, and if the page stays unreadable, tell the wiki's "
    "administrators; the other pages go on without it"
)


@dataclass(frozen=True)
class SaveResult:
    """What a save did. `nochange`: the wiki already had that text; `revid` is then the base revision."""

    title: str
    revid: int | None
    created: bool
    nochange: bool


@dataclass(frozen=True)
class Revision:
    revid: int
    user: str
    comment: str
    timestamp: str


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


@dataclass(frozen=True)
class ParsedPage:
    """Wikitext as the wiki's parser renders it (`Wiki.parse`): nothing is saved."""

    title: str  # the title it was parsed as, normalised by the wiki
    html: str  # the parser output (the page body, without the skin)
    display_title: str  # HTML
    categories: tuple[str, ...]  # names without the namespace, in the parser's order

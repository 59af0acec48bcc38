"""The wiki as a run sees it: the Protocols that bot.mediawiki.Wiki satisfies (and test doubles do), at the one
real boundary of the product, the wiki. The values the wiki gives back are plain data, bot.wikipages.

A run never imports the wiki layer; the CLI connects and hands the wiki in.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Protocol, TypeVar

from bot.wikipages import PageState, ParsedPage, Revision, SaveResult


class Removal(Protocol):
    """How a page that does not exist left its title, as the wiki's logs say: `kind` "deleted", "moved" (to
    `target`) or "existed" (the logs show it was there, not how it went). Two kinds: what the logs say
    (bot.wikipages.PageRemoval), and a removal the bot could not verify (bot.sync.gone)."""

    @property
    def kind(self) -> str: ...
    @property
    def user(self) -> str: ...
    @property
    def timestamp(self) -> str: ...
    @property
    def comment(self) -> str: ...
    @property
    def target(self) -> str: ...


class PageLogs(Protocol):
    """The wiki's deletion and move logs: asked only about a page the bot is about to create."""

    def removal(self, title: str) -> Removal | None: ...


class PageHistory(Protocol):
    """A page's latest revisions, newest first from `start` (the latest when None): asked only to say who
    edited inside the bot's tables (bot.sync.drift), never on a normal run."""

    def history(self, title: str, *, start: int | None, limit: int) -> Sequence[Revision]: ...


class OwnRevisions(Protocol):
    """The text of the bot's own latest revision of a page (bot.mediawiki.Wiki): what a data page was when
    the bot last saved it, asked only when someone else saved it since (bot.sync.data_drift)."""

    def last_text_by(self, title: str, users: frozenset[str], *, start: int | None) -> str | None: ...


State = TypeVar("State", bound=PageState)


class WikiLike(Protocol[State]):
    """What a sync needs of the wiki: it saves the very pages it handed out."""

    def fetch(self, titles: Sequence[str]) -> Mapping[str, State]: ...
    def save(self, state: State, text: str, summary: str) -> SaveResult: ...


class Account(Protocol):
    """The account the bot is logged in as, and what it may do."""

    @property
    def username(self) -> str: ...
    def has_right(self, right: str) -> bool: ...


class Grants(Account, Protocol):
    """The account as a preflight sees it: besides what this login may do (`has_right`, limited by a
    BotPassword's grants), the rights the account itself holds through its groups."""

    def account_rights(self) -> frozenset[str]: ...


class PageReader(Protocol):
    """A wiki to read pages from, logged in or not, and the address of each page."""

    def fetch(self, titles: Sequence[str]) -> Mapping[str, PageState]: ...
    def page_url(self, title: str) -> str: ...


class Publisher(WikiLike[State], Account, PageLogs, Protocol[State]):
    """A wiki the bot is logged in to, to publish."""


class HistoryPublisher(Publisher[State], PageHistory, Protocol[State]):
    """A wiki to publish to whose page histories say who made a hand edit the bot refuses."""


class Revisions(PageHistory, OwnRevisions, Protocol):
    """What a page's history tells: who saved its latest revisions, and the bot's own latest text."""


class ContentModels(Protocol):
    """A wiki that says which content models it stores (a data wiki's include Tabular.JsonConfig)."""

    def content_models(self) -> frozenset[str]: ...


class DataWiki(HistoryPublisher[State], OwnRevisions, ContentModels, Protocol[State]):
    """The data wiki of the charts (Commons): besides publishing, it creates a page with its content model
    (a wiki without JsonConfig then refuses a data page instead of storing it as wikitext), says which models
    it stores, tells who changed a data page since the bot's save, and gives each page's address."""

    def save_as(self, state: State, text: str, summary: str, model: str) -> SaveResult: ...
    def page_url(self, title: str) -> str: ...


class Parser(Protocol):
    """The target wiki, as far as a preview needs it."""

    @property
    def site_name(self) -> str: ...
    @property
    def index_url(self) -> str: ...
    def page_url(self, title: str) -> str: ...
    def parse(self, text: str, title: str) -> ParsedPage: ...


class ConnectedWiki(DataWiki[Any], Parser, Grants, Protocol):
    """A wiki as a command gets it: one to publish to (sync), the data wiki beside it, whose parser renders
    pages (preview) and whose account a preflight inspects (check). Every capability is required: none is
    found at run time, so a rename is a type error, never a check silently skipped."""

    @property
    def block_notice(self) -> str:
        """What an anonymous read (a dry run) learnt of a block of the account a real run would save as: the
        block in words, or "" (bot.mediawiki.blocks)."""
        ...

"""`Wiki`: one wiki, one account, as bot.sync's Protocols see it (the facade over this package's modules).

Requests measured against MediaWiki 1.39 in a fresh process: `connect()` 6 (userinfo at Site creation;
with a BotPassword from the environment: login token, login, userinfo; 2 siteinfo), 1 with an operator's
PYWIKIBOT_DIR that still holds a login cookie and API cache; `fetch()` ceil(P / 500) for a bot (ceil(P / 50)
without apihighlimits), the first one also bringing the edit token; `save()` 1; `removal()` 1;
`history()` 1.
"""

from __future__ import annotations

from collections.abc import Sequence

from bot.mediawiki import blocks, links, parsing, queries, reading, saving
from bot.mediawiki.reading import BATCH_SIZE, BATCH_SIZE_HIGH
from bot.mediawiki.session import Session, connect
from bot.mediawiki.settings import SiteSettings
from bot.wikipages import PageRemoval, PageState, ParsedPage, Revision, SaveResult


class Wiki:
    """One wiki, one account. Construct cheaply; `connect()` does the network and the login."""

    def __init__(self, settings: SiteSettings, session: Session | None = None) -> None:
        """`session`: one already connected (unit tests hand in a stand-in for pywikibot's Site)."""
        self.settings = settings
        self._session = session

    def connect(self, *, login: bool = True) -> None:
        """Configure pywikibot, create the Site and (by default) log in.

        Also loads the site information (namespaces, article path) so that later reads are one request
        per batch. Raises `WikiError` when the wiki cannot be reached or refuses the login, and
        `ConfigError` for an unknown family/code or a broken pywikibot configuration, and `BlockedError`
        when the logged-in account is blocked sitewide.
        """
        self._session = connect(self.settings, login=login)
        if login:  # a blocked account stops here, before any read (bot.mediawiki.blocks; no request)
            blocks.require_unblocked(self._session)

    def _require(self) -> Session:
        if self._session is None:
            raise RuntimeError("Wiki.connect() must be called first")
        self._session.apply_settings()  # pywikibot's config is shared by every Wiki of the process
        return self._session

    # -- account

    @property
    def username(self) -> str:
        """The account the bot is logged in as ("" when not logged in)."""
        return self._require().username

    def has_right(self, right: str) -> bool:
        """Whether the logged-in account (with its BotPassword grants) has `right`, e.g. "bot"."""
        return bool(self._require().site.has_right(right))

    def account_rights(self) -> frozenset[str]:
        """The rights the account holds through its groups, whatever its BotPassword's grants let this login
        use (`has_right`): "bot" here but not there means the BotPassword lacks the grant "highvolume"."""
        return queries.account_rights(self._require())

    def content_models(self) -> frozenset[str]:
        """The content models this wiki stores (bot.mediawiki.queries): a data wiki's include Tabular.JsonConfig."""
        return queries.content_models(self._require())

    @property
    def block_notice(self) -> str:
        """The block of the account a real run would save as, in words, when the login or an anonymous read
        (a dry run's) learnt of one (bot.mediawiki.blocks); "" otherwise."""
        return blocks.notice(self._require())

    @property
    def batch_size(self) -> int:
        """Titles per read request: 500 with apihighlimits (bots), else 50."""
        return BATCH_SIZE_HIGH if self.has_right("apihighlimits") else BATCH_SIZE

    # -- pages

    def fetch(self, titles: Sequence[str]) -> dict[str, PageState]:
        """Read the latest revision of every page, `batch_size` titles per request (see bot.mediawiki.reading)."""
        session = self._require()
        return reading.fetch(session, titles, self.batch_size)

    def removal(self, title: str) -> PageRemoval | None:
        """How a page that does not exist left its title: its latest deletion or move from the wiki's logs
        (None: it never existed). One request (bot.mediawiki.queries)."""
        return queries.removal(self._require(), title)

    def history(self, title: str, *, start: int | None, limit: int) -> list[Revision]:
        """The page's latest revisions (ids, user, summary, time), newest first from `start`. One request, made
        only to say who edited inside the bot's tables (bot.mediawiki.queries)."""
        return queries.history(self._require(), title, start=start, limit=limit)

    def last_text_by(self, title: str, users: frozenset[str], *, start: int | None) -> str | None:
        """The text of the newest revision of `title` by one of `users` (bot.mediawiki.queries)."""
        return queries.last_text_by(self._require(), title, users, start=start)

    def save(self, state: PageState, text: str, summary: str) -> SaveResult:
        """Save `text` to the page read as `state`; never overwrite an edit made since (bot.mediawiki.saving)."""
        return saving.save(self._require(), state, text, summary)

    def save_as(self, state: PageState, text: str, summary: str, model: str) -> SaveResult:
        """`save`, with the content model a new page must have (a data page's; bot.sync.data_pages)."""
        return saving.save(self._require(), state, text, summary, model=None if state.exists else model)

    # -- previews

    def parse(self, text: str, title: str) -> ParsedPage:
        """Render `text` as the page `title` would show it, with the wiki's own parser; save nothing."""
        return parsing.parse(self._require(), text, title)

    @property
    def site_name(self) -> str:
        """The wiki's name (siteinfo ``sitename``), e.g. "Meta"."""
        return links.site_name(self._require().site)

    @property
    def index_url(self) -> str:
        """The absolute address of the wiki's index.php (from its server and script path)."""
        return links.index_url(self._require().site)

    def page_url(self, title: str) -> str:
        """The address of the page on the wiki (from the site's server and article path)."""
        return links.page_url(self._require().site, title)

"""The data wiki of a sync (`data_site:` in the settings; --data-site-url says where it is): its data pages
rendered before any request, one login there with the same account right after the main wiki's, and the
data pages' run (bot.sync.data_pages.DataPagesRun) that bot.sync.run syncs before the pages that embed the charts.
Without `data_site:` a sync has no data pages and the pages embed no chart.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from bot.cli import loading
from bot.cli.invocation import Invocation
from bot.cli.site import site_settings, state_of
from bot.errors import BlockedError, ConfigError, MtpbotError, NotAllowedError

COMMONS_API = "https://commons.wikimedia.org/w/api.php"

if TYPE_CHECKING:
    from bot.mediawiki import SiteSettings
    from bot.source.settings import Settings
    from bot.sync.data_pages import DataPagesRun, SeriesPage
    from bot.sync.pages import RenderedPage


@dataclass(frozen=True)
class DataRun:
    """The data pages of this run and where they go, before any request."""

    site: SiteSettings
    pages: Sequence[SeriesPage]
    settings: Settings
    named: bool = False  # --page: a deleted data page of those pages may be created anew with --force
    listed: tuple[str, ...] = ()  # every configured page's data pages: the status page's rows

    def connect(self, run: Invocation, *, dry_run: bool, force: bool) -> DataPagesRun:
        """Log in to the data wiki with the run's account (a dry run reads anonymously), right after the main
        wiki's; a real run needs the bot right there too. A data wiki that cannot be used (down, no bot flag
        there) fails the data pages, not the run: the pages go on, those that would first show a chart held
        back. A block stops the run wherever it is met, here as at a save."""
        from bot.sync.data_pages import DataPagesRun
        from bot.sync.plan import Safety
        from bot.sync.policy import require_bot_right

        safety = Safety(force=force, shrink_limit=self.settings.shrink_limit, recreate=force and self.named)
        run.console.debug(f"connecting to the data wiki {self.site.target}")
        try:
            wiki = run.env.connect(self.site, login=not dry_run)
            if not dry_run:
                require_bot_right(wiki)
        except BlockedError:
            raise
        except MtpbotError as exc:
            unusable = f"the data wiki {self.site.target} cannot be used: {exc}"
            run.console.err(f"warning: {unusable}; its pages fail, the other pages go on", fg="yellow")
            reason = "not-allowed" if isinstance(exc, NotAllowedError) else "wiki-error"
            return DataPagesRun(self.pages, None, safety, self.site.account, (reason, unusable))
        return DataPagesRun(self.pages, wiki, safety, self.site.account)

    @property
    def interwiki(self) -> str:
        """How Meta-Wiki links to a page of this data wiki: `c:` for Commons; "" for another wiki (a test
        pair: its data pages are named, not linked)."""
        on_commons = self.site.family == "commons" and self.site.api_url in (None, COMMONS_API)
        return "c:" if on_commons else ""


def page_urls(connected: DataPagesRun | None) -> Callable[[str], str]:
    """The address of a data page on the data wiki ("" when it could not be used)."""
    wiki = connected.wiki if connected is not None else None
    return wiki.page_url if wiki is not None else lambda title: ""


def prepare(
    run: Invocation,
    sources: loading.Sources,
    shown: Sequence[RenderedPage],
    urls: tuple[str | None, str | None],
    source: str,
    named: bool,
) -> DataRun | None:
    """The data pages to publish and the data wiki's settings, offline (bad input stops here); None when the
    settings draw no charts (no `data_site:`). Only the data pages of the charts the `shown` pages embed; `named`
    (--page): a deleted one may be created anew with --force. `urls`: --site-url and --data-site-url."""
    site_url, url = urls  # checked by the caller: https, or http to this machine
    config = sources.config
    data = config.settings.data_site
    if data is None:
        if url is not None:
            raise ConfigError(
                f"--data-site-url {url}: the settings draw no charts ({config.path} has no `data_site:`)",
                hint="add `data_site:` to the settings (README, Data pages) to publish the charts' data pages",
            )
        return None
    if site_url is not None and url is None:
        where = data.api_url or f"the {data.family} wiki"
        raise ConfigError(
            f"--site-url sends the pages to {site_url}, but their charts' data pages would go to {where} of "
            "`data_site:`",
            hint="give --data-site-url too (the api.php of the data wiki beside that wiki)",
        )
    if url is not None and site_url is None:
        raise ConfigError(
            f"--data-site-url sends the charts' data pages to {url}, but the pages that show them would go to the "
            "wiki of `site:`, whose charts read the data wiki of `data_site:`",
            hint="give --site-url too (a test pair of wikis), or neither",
        )
    pages = loading.data_pages(sources, shown, source)
    # The status page lists every page's data pages, whatever this run publishes (--page: those of the pages
    # named): its rows of the others stay as they were.
    every = loading.data_pages(sources, loading.every_page(config, sources.priorities), source) if named else pages
    listed = tuple(series.page.title for series in every)
    environ = run.env.environ
    state = state_of(config, environ)
    site = site_settings(config.settings, url or data.api_url, environ, state=state, option="--data-site-url")
    return DataRun(replace(site, family=data.family, code=data.code), pages, config.settings, named, listed)

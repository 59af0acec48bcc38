"""The data wiki of a sync (`data_site:` in the settings; --data-site-url says where it is): its data pages
rendered before any request, one login there with the same account right after the main wiki's, and the
data-page sync of bot.sync.data_pages, which bot.sync.run runs before the pages that embed the charts.
Without `data_site:` a sync has no data pages and the pages embed no chart.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import partial
from typing import TYPE_CHECKING

from bot.cli import loading
from bot.cli.invocation import Invocation
from bot.cli.site import site_settings, state_of
from bot.errors import BlockedError, ConfigError, MtpbotError, NotAllowedError

COMMONS_API = "https://commons.wikimedia.org/w/api.php"

if TYPE_CHECKING:
    from bot.mediawiki import SiteSettings
    from bot.source.model import PriorityFile
    from bot.source.settings import Config, Settings
    from bot.sync.data_pages import SeriesPage
    from bot.sync.edits import Edit
    from bot.sync.pages import RenderedPage
    from bot.sync.protocols import ConnectedWiki


@dataclass
class DataRun:
    """The data pages of this run and where they go; `wiki` once connected (for the report's URLs)."""

    site: SiteSettings
    pages: Sequence[SeriesPage]
    settings: Settings
    named: bool = False  # --page: a deleted data page of those pages may be created anew with --force
    listed: tuple[str, ...] = ()  # every configured page's data pages: the status page's rows
    wiki: ConnectedWiki | None = None
    unusable: str = "the data wiki was not connected"  # why `wiki` is None after connect()
    unusable_reason: str = "wiki-error"  # its reason code: `not-allowed` when the account may not save there

    def connect(self, run: Invocation, *, dry_run: bool) -> None:
        """Log in to the data wiki with the run's account (a dry run reads anonymously); a real run needs the
        bot right there too. A data wiki that cannot be used (down, no bot flag there) fails
        the data pages, not the run: the pages go on, those that would first show a chart held back."""
        from bot.sync.policy import require_bot_right

        run.console.debug(f"connecting to the data wiki {self.site.target}")
        try:
            wiki = run.env.connect(self.site, login=not dry_run)
            if not dry_run:
                require_bot_right(wiki)
        except BlockedError:  # a block stops a run wherever it is met (as at a data page's save)
            raise
        except MtpbotError as exc:
            self.unusable = f"the data wiki {self.site.target} cannot be used: {exc}"
            self.unusable_reason = "not-allowed" if isinstance(exc, NotAllowedError) else "wiki-error"
            run.console.err(f"warning: {self.unusable}; its pages fail, the other pages go on", fg="yellow")
            return
        self.wiki = wiki

    def page_url(self, title: str) -> str:
        return self.wiki.page_url(title) if self.wiki is not None else ""

    @property
    def interwiki(self) -> str:
        """How Meta-Wiki links to a page of this data wiki: `c:` for Commons; "" for another wiki (a test
        pair: its data pages are named, not linked)."""
        on_commons = self.site.family == "commons" and self.site.api_url in (None, COMMONS_API)
        return "c:" if on_commons else ""

    def sync(self, *, dry_run: bool, force: bool, source: str, on_edit: Callable[[Edit], None]) -> tuple[Edit, ...]:
        """Sync the data pages on the data wiki (logged in by `connect`, before any save of the run)."""
        from bot.sync.data_pages import sync_data_pages
        from bot.sync.edits import Edit
        from bot.sync.plan import Safety

        if self.wiki is None:  # could not be used (connect() said why): each data page fails with that
            failed = tuple(
                Edit(series.page.title, "failed", reason=self.unusable_reason, message=self.unusable)
                for series in self.pages
            )
            for edit in failed:
                on_edit(edit)
            return failed
        settings = self.settings
        return sync_data_pages(
            self.pages,
            self.wiki,
            dry_run=dry_run,
            prefix=settings.summary_prefix,
            source=source,
            safety=Safety(force=force, shrink_limit=settings.shrink_limit, recreate=force and self.named),
            account=self.site.account,
            on_edit=on_edit,
        )


def syncing(
    data: DataRun | None,
    *,
    dry_run: bool,
    force: bool,
    source: str,
    on_edit: Callable[[DataRun, Edit], None],
) -> Callable[[], tuple[Edit, ...]] | None:
    """The data pages' sync, for bot.sync.run to run before the pages that embed their charts; None
    when the run has no data pages. `on_edit` hears each data page's outcome, with the run (its URLs)."""
    if data is None:
        return None
    report = partial(on_edit, data)
    return partial(data.sync, dry_run=dry_run, force=force, source=source, on_edit=report)


def connect(data: DataRun | None, run: Invocation, *, dry_run: bool) -> None:
    """The data wiki's login, right after the main wiki's: a block there stops the run
    before its first save (nothing when there are no data pages)."""
    if data is not None:
        data.connect(run, dry_run=dry_run)


def prepare(
    run: Invocation,
    config: Config,
    priorities: Mapping[str, PriorityFile],
    shown: Sequence[RenderedPage],
    urls: tuple[str | None, str | None],
    source: str,
    named: bool,
) -> DataRun | None:
    """The data pages to publish and the data wiki's settings, offline (bad input stops here); None when the
    settings draw no charts (no `data_site:`). Only the data pages of the charts the `shown` pages embed; `named`
    (--page): a deleted one may be created anew with --force. `urls`: --site-url and --data-site-url."""
    site_url, url = urls  # checked by the caller: https, or http to this machine
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
    pages = loading.data_pages(config, priorities, shown, source)
    # The status page lists every page's data pages, whatever this run publishes (--page: those of the pages
    # named): its rows of the others stay as they were.
    every = loading.data_pages(config, priorities, loading.every_page(config, priorities), source) if named else pages
    listed = tuple(series.page.title for series in every)
    environ = run.env.environ
    state = state_of(config, environ)
    site = site_settings(config.settings, url or data.api_url, environ, state=state, option="--data-site-url")
    return DataRun(replace(site, family=data.family, code=data.code), pages, config.settings, named, listed)

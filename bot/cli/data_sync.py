"""The data wiki of a sync (`data_site:` in the settings, or --data-site-url): its data pages rendered before
any request, then, after the pages of the main wiki, one login there with the same account and the data-page
sync of bot.publish.data_pages. Without either, a sync has no data pages.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from bot.cli.invocation import Invocation
from bot.cli.site import check_site_url, site_settings, state_of

if TYPE_CHECKING:
    from bot.mediawiki import SiteSettings
    from bot.publish.data_pages import SeriesPage
    from bot.publish.edits import Edit
    from bot.publish.protocols import ConnectedWiki
    from bot.publish.sync import SyncResult
    from bot.source.settings import Config, Settings


@dataclass
class DataRun:
    """The data pages of this run and where they go; `wiki` once connected (for the report's URLs)."""

    site: SiteSettings
    pages: Sequence[SeriesPage]
    settings: Settings
    wiki: ConnectedWiki | None = None

    def connect(self, run: Invocation, *, dry_run: bool) -> ConnectedWiki:
        """Log in to the data wiki with the run's account (a dry run reads anonymously); a real run needs the
        bot right there too."""
        from bot.publish.policy import require_bot_right

        run.console.debug(f"connecting to the data wiki {self.site.target}")
        self.wiki = run.env.connect(self.site, login=not dry_run)
        if not dry_run:
            require_bot_right(self.wiki)
        return self.wiki

    def page_url(self, title: str) -> str:
        return self.wiki.page_url(title) if self.wiki is not None else ""

    def sync(
        self, run: Invocation, result: SyncResult, *, force: bool, source: str, on_edit: Callable[[Edit], None]
    ) -> SyncResult:
        """Sync the data pages on the data wiki (connected first); the result with them."""
        from bot.publish.data_pages import sync_data_pages
        from bot.publish.plan import Safety

        settings = self.settings
        wiki = self.wiki if self.wiki is not None else self.connect(run, dry_run=result.dry_run)
        edits = sync_data_pages(
            self.pages,
            wiki,
            dry_run=result.dry_run,
            prefix=settings.summary_prefix,
            source=source,
            safety=Safety(force=force, shrink_limit=settings.shrink_limit),
            account=self.site.account,
            on_edit=on_edit,
        )
        return replace(result, data_pages=edits)


def publish(
    data: DataRun | None,
    run: Invocation,
    result: SyncResult,
    *,
    force: bool,
    source: str,
    report: Callable[[DataRun], Callable[[Edit], None]],
) -> SyncResult:
    """The run's result with the data pages synced after the others; as it was when there are none."""
    return result if data is None else data.sync(run, result, force=force, source=source, on_edit=report(data))


def connect(data: DataRun | None, run: Invocation, *, dry_run: bool) -> None:
    """The data wiki's login, right after the main wiki's: a wrong password or a block there stops the run
    before its first save (nothing when there are no data pages)."""
    if data is not None:
        data.connect(run, dry_run=dry_run)


def prepare(
    run: Invocation, config: Config, url: str | None, allow_insecure: bool, source: str, titles: Sequence[str]
) -> DataRun | None:
    """The data pages to publish and the data wiki's settings, offline (bad input stops here); None when no
    data site is configured or given, or when --page names pages (a run of those pages only)."""
    from bot.publish.data_pages import render_data_pages
    from bot.source.loading import load_priorities
    from bot.source.settings import DataSite

    check_site_url(url, allow_insecure, "--data-site-url")
    data = config.settings.data_site
    if (data is None and url is None) or titles:
        return None
    data = data or DataSite()
    priorities = load_priorities(config.source_paths)  # checked with the settings by loading.render already
    pages = render_data_pages(priorities, source, charts=config.settings.charts, prefix=data.prefix)
    environ = run.env.environ
    site = site_settings(config.settings, url or data.api_url, environ, state=state_of(config, environ))
    return DataRun(replace(site, family=data.family, code=data.code), pages, config.settings)

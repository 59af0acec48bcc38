"""The source of truth, loaded and rendered for a command: bad input stops here, before any request.

Imports of the library happen inside the functions, so that `mtpbot --help` loads nothing and
`mtpbot validate` loads neither Jinja2 nor pywikibot.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.cli.invocation import Invocation
    from bot.source.model import PriorityFile
    from bot.source.reconcile import FeedRead, FeedReport
    from bot.source.settings import Config
    from bot.sync.data_pages import SeriesPage
    from bot.sync.pages import RenderedPage


@dataclass(frozen=True)
class FeedRequest:
    """How a command reads the data feeds: fetch them (sync, check, preview) or not (validate, render), and
    the `--feed` replacements."""

    online: bool = False
    overrides: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Sources:
    """The settings and the metrics files, with the feeds' quarters merged in, and what the feeds said."""

    config: Config
    priorities: dict[str, PriorityFile]
    feeds: Mapping[str, FeedRead]
    report: FeedReport


def load(config_path: Path) -> tuple[Config, dict[str, PriorityFile]]:
    """The settings and the metrics files as written (no feed read)."""
    from bot.charts.settings_checks import chart_setting_problems
    from bot.source.loading import load_priorities
    from bot.source.settings import load_config
    from bot.source.settings_checks import check_settings

    config = load_config(config_path)
    priorities = load_priorities(config.source_paths)
    check_settings(config, priorities, chart_setting_problems(config, priorities))
    return config, priorities


def load_sources(run: Invocation, request: FeedRequest = FeedRequest()) -> Sources:
    """The settings and metrics files of the run, with each feed read once and merged (bot.source.reconcile)."""
    from bot.source.reconcile import FeedReport, with_feeds

    config, priorities = load(run.config_path)
    if not config.settings.feeds:
        return Sources(config, priorities, {}, FeedReport())
    used = {m.from_feed.feed for p in priorities.values() for m in (*p.metrics, *p.kpis) if m.from_feed is not None}
    reads = _read_feeds(run, config, request, used)  # a feed no series reads is not fetched
    merged, report = with_feeds(priorities, reads, config.settings.fiscal_year_start)
    return Sources(config, merged, reads, report)


def _read_feeds(run: Invocation, config: Config, request: FeedRequest, used: set[str]) -> dict[str, FeedRead]:
    from bot import __version__
    from bot.cli.site import is_loopback, state_of
    from bot.feeds import FeedOptions, read_feeds

    unknown = sorted(set(request.overrides) - {feed.name for feed in config.settings.feeds})
    if unknown:
        from bot.errors import ConfigError

        known = ", ".join(feed.name for feed in config.settings.feeds)
        raise ConfigError(f"--feed names no feed of {config.path}: {', '.join(unknown)}", hint=f"feeds: {known}")
    settings = config.settings
    options = FeedOptions(
        online=request.online,
        overrides=request.overrides,
        state_dir=state_of(config, run.env.environ),
        user_agent=f"mtpbot/{__version__} ({settings.contact})",
        retries=settings.max_retries,
        retry_wait=settings.retry_wait,
        is_loopback=is_loopback,
    )
    return read_feeds(config, options, used)


def render(run: Invocation, titles: Sequence[str], request: FeedRequest = FeedRequest()) -> list[RenderedPage]:
    """Every configured page (or `titles`), rendered and sealed as `sync` publishes them."""
    _, pages = render_sources(run, titles, request)
    return pages


def render_sources(
    run: Invocation, titles: Sequence[str], request: FeedRequest = FeedRequest()
) -> tuple[Sources, list[RenderedPage]]:
    """As `render`, with the sources it read (for the charts' data pages: read once per command)."""
    from bot.sync.feed_holds import hold_pages
    from bot.sync.pages import render_pages
    from bot.wikitext.render import Renderer

    sources = load_sources(run, request)
    config = sources.config
    pages = render_pages(config, sources.priorities, Renderer.for_config(config), titles)
    return sources, hold_pages(config, sources.priorities, sources.report, pages)


def data_pages(sources: Sources, shown: Sequence[RenderedPage], commit: str) -> list[SeriesPage]:
    """The data pages of the charts the `shown` pages embed (none without `data_site:`), each with the page
    that embeds it: a series no page shows has none; those of a series whose feed failed are held. Bad input
    stops here too."""
    from bot.sync.data_pages import render_data_pages, shown_on
    from bot.sync.feed_holds import hold_data_pages

    config = sources.config
    data = config.settings.data_site
    if data is None:
        return []
    pages = render_data_pages(sources.priorities, commit, charts=config.settings.charts, prefix=data.prefix)
    return hold_data_pages(sources.report, shown_on(pages, shown))


def source_label(sources: Sources, commit: str) -> str:
    """What summaries name as the data: the commit, and each feed that gave figures with its version
    (`1a2b3c4, movement-metrics 2020-04-16`)."""
    feeds = [sources.feeds[name].label for name in sources.report.filled]
    return ", ".join([commit or "unknown", *feeds]) if feeds else commit


def reported_label(run: Invocation, sources: Sources, commit: str) -> str:
    """What the feeds said, said (`report_feeds`); the label of the data the summaries name (`source_label`)."""
    report_feeds(run, sources)
    return source_label(sources, commit)


def report_feeds(run: Invocation, sources: Sources) -> None:
    """Say on stderr what the feeds gave and where they disagree with the metrics files (warnings, exit 0)."""
    from bot.check.feeds import describe

    for read in sources.feeds.values():
        if read.unread:
            run.console.info(f"note: {read.unread}")  # not a problem: -q keeps it quiet
        elif read.error:
            run.console.warn(f"{read.error}; its series' pages are held this run")
        else:
            filled = sources.report.filled.get(read.name, [])
            quarters = ", ".join(q.label for q in dict.fromkeys(filled)) or "no quarter the metrics files leave open"
            last = read.table.last_month if read.table is not None else None
            until = f", months until {last:%Y-%m}" if last else ""
            run.console.info(f"feed {read.label}{until}: fills {quarters}")
            hidden = sources.report.hidden.get(read.name, 0)
            if hidden:
                run.console.info(
                    f"feed {read.name}: {hidden} quarters of its series are in fiscal years no metrics file "
                    "lists (`fiscal_years:`); they are not shown"
                )
    for (priority, metric), hold in sources.report.held.items():
        if not sources.feeds[hold.feed].error:  # a feed that could not be read was said above, once
            run.console.warn(f"{priority}/{metric}: {hold.why}; the pages that show it are held this run")
    for found in sources.report.disagreements:
        run.console.warn(describe(found))


def every_page(config: Config, priorities: Mapping[str, PriorityFile]) -> list[RenderedPage]:
    """Every configured page, from metrics files already read."""
    from bot.sync.pages import render_pages
    from bot.wikitext.render import Renderer

    return render_pages(config, priorities, Renderer.for_config(config))

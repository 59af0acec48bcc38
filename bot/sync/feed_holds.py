"""A series whose feed failed is not published this run: each page and data page that shows it is held (refused
`feed-failed`, nothing on it changed), so that a broken feed never blanks or shrinks a page; the others go on.

Which pages show a series is read off the pages themselves: each page is rendered again with the series'
name and goals replaced by a marker, and a page whose text changes shows it (a priority's page, the overview).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace

from bot.source.figures import Figure
from bot.source.model import PriorityFile
from bot.source.reconcile import FeedReport
from bot.source.settings import Config
from bot.sync.data_pages import SeriesPage
from bot.sync.pages import RenderedPage, render_pages
from bot.wikitext.render import Renderer

_MARK = "mtpbot-feed-check"


def hold_pages(
    config: Config, priorities: Mapping[str, PriorityFile], report: FeedReport, pages: Sequence[RenderedPage]
) -> list[RenderedPage]:
    """`pages`, those that show a held series marked `held` with the reason."""
    if not report.held:
        return list(pages)
    renderer = Renderer.for_config(config)
    titles = [page.title for page in pages]
    held: dict[str, str] = {}
    for (priority_id, metric_id), hold in report.held.items():
        marked = _marked(priorities, priority_id, metric_id)
        for page, again in zip(pages, render_pages(config, marked, renderer, titles), strict=True):
            if page.text != again.text:
                held.setdefault(page.title, _message(metric_id, hold.why))
    return [replace(page, held=held[page.title]) if page.title in held else page for page in pages]


def hold_data_pages(report: FeedReport, pages: Sequence[SeriesPage]) -> list[SeriesPage]:
    """The data pages of a held series marked `held` (their names end in /<metric id>.tab or .chart)."""
    held = {f"/{priority}/{metric}": (metric, hold.why) for (priority, metric), hold in report.held.items()}
    found = []
    for series in pages:
        stem = series.page.title.rsplit(".", 1)[0]
        match = next((value for key, value in held.items() if stem.endswith(key)), None)
        found.append(replace(series, held=_message(*match)) if match else series)
    return found


def _message(metric: str, why: str) -> str:
    return (
        f"the figures of {metric} come from a feed that failed: {why}. Nothing was changed here, so that the page "
        "loses none of its figures; fix the feed (or read a good copy with --feed NAME=FILE) and run again"
    )


def _marked(priorities: Mapping[str, PriorityFile], priority_id: str, metric_id: str) -> dict[str, PriorityFile]:
    """The metrics files with one series' name and goals replaced by the marker."""
    priority = priorities[priority_id]
    mark = (Figure(text=_MARK),)
    update = {}
    for group in ("metrics", "kpis"):
        update[group] = tuple(
            m.model_copy(update={"name": _MARK, "goals": dict.fromkeys(priority.fiscal_years, mark)})
            if m.id == metric_id
            else m
            for m in getattr(priority, group)
        )
    return {**priorities, priority_id: priority.model_copy(update=update)}

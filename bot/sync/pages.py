"""The pages to publish: each configured page rendered from its priority's figures, its regions sealed.

A rendered page is the whole text as created when the page does not exist yet, plus the sealed content
of each managed region (what an existing page's regions become) and their checksums (bot.wikitext.regions.seals).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from bot.charts.names import DATA_NAMESPACE
from bot.charts.pages import chart_names
from bot.errors import ConfigError
from bot.source.model import PriorityFile
from bot.source.origins import SourceLines
from bot.source.settings import Config, PageSettings
from bot.wikitext.cell_origins import CellOrigins
from bot.wikitext.embeds import embedded_charts
from bot.wikitext.regions import seals
from bot.wikitext.render import Renderer
from bot.wikitext.rendered import find_rendered_regions, splice_rendered
from bot.wikitext.tables import YearView


@dataclass(frozen=True)
class RenderedPage:
    title: str
    text: str  # the whole page, as it is created when it does not exist
    regions: Mapping[str, str]  # managed region name -> its sealed content (see bot.wikitext.regions.seals)
    create: bool
    checksums: Mapping[str, str] = field(default_factory=dict)  # region name -> begin-marker checksum
    origins: CellOrigins | None = None  # the source file:line of each cell, by row key and column
    # The charts its managed regions embed ({{#chart:…}}): names of `.chart` pages on the data wiki. One a
    # person wrote outside the regions is theirs, not the bot's to publish or wait for.
    charts: tuple[str, ...] = ()
    held: str = ""  # why it is not published this run (a feed of a series it shows failed: bot.sync.feed_holds)

    @property
    def data_titles(self) -> tuple[str, ...]:
        """The data pages its charts draw from, `.tab` before `.chart`: they must exist before it is saved."""
        return tuple(title for name in self.charts for title in data_titles_of(name))


def data_titles_of(chart: str) -> tuple[str, str]:
    """The `.tab` and `.chart` page (with `Data:`) of the chart `chart` embeds (bot.charts.names)."""
    stem = chart.removesuffix(".chart")
    return f"{DATA_NAMESPACE}:{stem}.tab", f"{DATA_NAMESPACE}:{stem}.chart"


def render_pages(
    config: Config, priorities: Mapping[str, PriorityFile], renderer: Renderer, titles: Sequence[str] = ()
) -> list[RenderedPage]:
    """Render every configured page (or only `titles`, as the wiki writes them or not), in config order."""
    unknown = [t for t in titles if config.page(t) is None]
    if unknown:
        known = "; ".join(p.title for p in config.settings.pages)
        raise ConfigError(f"page not in {config.path}: {', '.join(unknown)}", hint=f"configured pages: {known}")
    wanted = {page.title for t in titles if (page := config.page(t)) is not None}
    lines = SourceLines(config.source_paths)  # read only to explain a hand edit (bot.sync.drift)
    return [
        render_page(page, page_context(page, config, priorities, renderer), renderer, lines)
        for page in config.settings.pages
        if not titles or page.title in wanted
    ]


def render_page(
    page: PageSettings, context: Mapping[str, Any], renderer: Renderer, lines: SourceLines | None = None
) -> RenderedPage:
    text = renderer.render(page.template, **context)
    found = find_rendered_regions(text, title=f"{page.template} (rendered)")
    sealed = {name: seals.seal(region.content) for name, region in found.items()}
    contents = {name: s.content for name, s in sealed.items()}
    attributes = {name: s.attributes for name, s in sealed.items()}
    text = splice_rendered(text, contents, attributes, title=page.title)
    checksums = {name: s.checksum for name, s in sealed.items()}
    origins = _origins(context, lines)
    charts = tuple(dict.fromkeys(chart for content in contents.values() for chart in embedded_charts(content)))
    return RenderedPage(page.title, text, contents, page.create, checksums, origins, charts)


def _origins(context: Mapping[str, Any], lines: SourceLines | None) -> CellOrigins | None:
    """The way back from the page's cells to the metrics files: its priority's, and an overview's."""
    if lines is None:
        return None
    priorities = [view.source for view in context.get("overview", ())]
    priority = context.get("priority")
    if not isinstance(priority, PriorityFile):
        return CellOrigins(lines, priorities, None)
    return CellOrigins(lines, [*priorities, priority], (priority.priority.id, str(context["year"])))


def page_context(
    page: PageSettings, config: Config, priorities: Mapping[str, PriorityFile], renderer: Renderer
) -> dict[str, Any]:
    """What a page's template sees: its priority and year with their tables (`view`), and for an overview
    every priority (`overview`: a view of each one's latest year, in the order of the metrics files) and
    the page that shows it (`pages`); `charts`: the chart name of each series of the priority drawn on the
    data wiki (none without `data_site:`), for `{{ chart(charts[id]) }}`."""
    overview = [YearView(p, p.latest_year(), renderer.status, page.columns) for p in priorities.values()]
    context: dict[str, Any] = {"overview": overview, "pages": _priority_pages(config), "charts": {}}
    if page.priority is not None:
        priority = _priority_of(page, config, priorities)
        year = page.year or priority.latest_year()
        if year not in priority.fiscal_years:
            raise ConfigError(
                f"page '{page.title}' shows fiscal year {year}, which {page.priority} does not report "
                f"({', '.join(priority.fiscal_years)})",
                hint=f"fix `year:` of the page in {config.path}",
            )
        context.update(priority=priority, year=year, view=YearView(priority, year, renderer.status, page.columns))
        context.update(charts=_charts(config, priority))
    return context


def _charts(config: Config, priority: PriorityFile) -> dict[str, str]:
    """The chart names of the series of `priority` drawn on the data wiki, by series id."""
    data = config.settings.data_site
    if data is None:
        return {}
    return {series: names.chart for series, names in chart_names(priority, config.settings.charts, data.prefix).items()}


def _priority_pages(config: Config) -> dict[str, str]:
    """The page of each priority that follows its latest year (the one without a `year:`), for links."""
    pages: dict[str, str] = {}
    for page in config.settings.pages:
        if page.priority is not None and (page.year is None or page.priority not in pages):
            pages[page.priority] = page.title
    return pages


def _priority_of(page: PageSettings, config: Config, priorities: Mapping[str, PriorityFile]) -> PriorityFile:
    assert page.priority is not None
    if page.priority not in priorities:
        raise ConfigError(
            f"page '{page.title}' shows priority '{page.priority}', which no metrics file defines",
            hint=f"metrics files define: {', '.join(priorities) or 'none'}; fix `priority:` in {config.path}",
        )
    return priorities[page.priority]

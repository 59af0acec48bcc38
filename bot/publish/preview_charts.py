"""The charts of the preview: each data page pair (`.tab` and `.chart`) of the priorities previewed, drawn
in the page's "Charts" section with Apache ECharts — the library Extension:Chart renders with — from the
very JSON the bot saves on the data wiki (bot.charts.pages.data_pages), so a maintainer sees the chart as
readers will before anything is published.

ECharts comes from npm at the version Chart vendors (package.json, package-lock.json; `npm ci`, which
scripts/setup runs) and is copied next to the HTML files with the page's script, so the preview works
offline and its Content-Security-Policy lets only those two local files run. Where ECharts is not
installed the preview still works: the Charts section says how to install it and shows each chart's
table instead, and the command warns on stderr (`warning`).

A page shows the charts of its priority (`priority:` in the configuration); an overview page has none.
"""

from __future__ import annotations

import html
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bot.charts.pages import CHART_MODEL, TABULAR_MODEL, DataPage, data_pages
from bot.publish.echarts_option import DrawnChart, draw_chart, text_of
from bot.publish.pages import RenderedPage
from bot.publish.preview_script import SCRIPT, SCRIPT_NAME
from bot.source.model import PriorityFile
from bot.source.settings import Config

ECHARTS_VERSION = "5.5.1"  # as package.json pins it, and as Extension:Chart vendors it
ECHARTS_BUILD = "echarts.common.min.js"  # the build Chart loads (lines, bars, pies; SVG and canvas)
LIBRARY_SETTING = "MTPBOT_ECHARTS"  # environment: another ECharts build to use, a .js file
REPOSITORY = Path(__file__).resolve().parents[2]
INSTALLED_LIBRARY = REPOSITORY / "node_modules" / "echarts" / "dist" / ECHARTS_BUILD


def install_hint() -> str:
    return (
        f"install it with `npm ci` in {REPOSITORY} (scripts/setup does it; npm comes with Debian's "
        f"`apt-get install nodejs npm`), or set {LIBRARY_SETTING} to an ECharts {ECHARTS_VERSION} build "
        f"({ECHARTS_BUILD})"
    )


@dataclass(frozen=True)
class ChartFigure:
    """One chart of a page: its `.tab` and `.chart` data pages and what ECharts draws of them."""

    table: DataPage
    chart: DataPage
    drawn: DrawnChart

    @property
    def embed(self) -> str:
        """The parser function the metrics page will carry for this chart."""
        return f"{{{{#chart:{self.chart.title.removeprefix('Data:')}}}}}"


@dataclass(frozen=True)
class PreviewCharts:
    """The charts of each previewed page, and the ECharts build found (None: not installed)."""

    figures: Mapping[str, Sequence[ChartFigure]] = field(default_factory=dict)
    library: Path | None = None
    searched: Path = INSTALLED_LIBRARY

    @property
    def any(self) -> bool:
        return any(self.figures.values())

    @property
    def warning(self) -> str:
        """What stderr says when there are charts to draw and no ECharts to draw them; "" otherwise."""
        if self.library is not None or not self.any:
            return ""
        return f"the charts are not drawn: Apache ECharts is not installed (no {self.searched}); {install_hint()}"

    def scripts(self, title: str) -> list[str]:
        """The local script files the page loads, in order: none when it has no chart to draw."""
        return [ECHARTS_BUILD, SCRIPT_NAME] if self.figures.get(title) and self.library is not None else []

    def assets(self) -> dict[str, bytes]:
        """The files to write next to the previews: the ECharts build and the page script."""
        if self.library is None or not self.any:
            return {}
        return {ECHARTS_BUILD: self.library.read_bytes(), SCRIPT_NAME: SCRIPT.encode("utf-8")}

    def section(self, title: str) -> str:
        """The page's Charts section (HTML), "" when its priority has no series to draw."""
        figures = self.figures.get(title, ())
        return charts_section(figures, drawn=self.library is not None) if figures else ""


def find_library(setting: str | None) -> tuple[Path | None, Path]:
    """The ECharts build to use (`setting` when given, else the one npm installed), or None when that file
    is missing; and the path looked at."""
    path = Path(setting).expanduser() if setting else INSTALLED_LIBRARY
    return (path if path.is_file() else None), path


def preview_charts(
    config: Config,
    priorities: Mapping[str, PriorityFile],
    pages: Sequence[RenderedPage],
    *,
    commit: str = "",
    library_setting: str | None = None,
) -> PreviewCharts:
    """The charts of each page (of its priority), built and validated before any request."""
    library, searched = find_library(library_setting)
    figures: dict[str, list[ChartFigure]] = {}
    drawn: dict[str, list[ChartFigure]] = {}  # a priority shown on several pages is drawn once
    for page in pages:
        settings = config.page(page.title)
        priority = settings.priority if settings is not None else None
        if priority is None or priority not in priorities:
            continue
        if priority not in drawn:
            drawn[priority] = figures_of(data_pages(priorities[priority], commit))
        figures[page.title] = drawn[priority]
    return PreviewCharts(figures, library, searched)


def figures_of(pages: Sequence[DataPage]) -> list[ChartFigure]:
    """Pair each `.tab` page with the `.chart` page after it (the order data_pages gives) and draw it."""
    tables = {page.title.removeprefix("Data:"): page for page in pages if page.model == TABULAR_MODEL}
    figures = []
    for chart in (page for page in pages if page.model == CHART_MODEL):
        table = tables[str(chart.content["source"]).removeprefix("Data:")]
        figures.append(ChartFigure(table, chart, draw_chart(chart.content, table.content)))
    return figures


# --- HTML ----------------------------------------------------------------------------------------------------


def charts_section(figures: Sequence[ChartFigure], *, drawn: bool) -> str:
    """The Charts section: a note, then each chart (or, without ECharts, a warning and each chart's table)."""
    parts = [
        '<section id="mtpbot-charts" class="mtpbot-charts">\n<h2 id="Charts">Charts</h2>\n',
        _intro(len(figures)) if drawn else _missing(),
        *(_figure(number, figure, drawn=drawn) for number, figure in enumerate(figures, start=1)),
        "</section>\n",
    ]
    return "".join(parts)


def _intro(count: int) -> str:
    return (
        f'<p class="mtpbot-charts-note">{count} chart{"s" if count != 1 else ""} as Extension:Chart will draw '
        f"{'them' if count != 1 else 'it'} from the data pages the bot saves on the data wiki, with Apache "
        f"ECharts {ECHARTS_VERSION}. The page will show each one where it carries its "
        f"<code>{code_text('{{#chart:…}}')}</code>.</p>\n"
    )


def _missing() -> str:
    return (
        '<p class="mtpbot-charts-missing" role="alert"><strong>The charts are not drawn:</strong> Apache ECharts '
        f"is not installed; {html.escape(install_hint())}. Then run the preview again. "
        "Each chart's data is shown below.</p>\n"
    )


def _figure(number: int, figure: ChartFigure, *, drawn: bool) -> str:
    title = text_of(figure.chart.content.get("title")) or figure.chart.title
    canvas = (
        f'<div class="mtpbot-chart" id="mtpbot-chart-{number}" role="img" aria-label="{html.escape(title)}" '
        f'data-chart="{html.escape(figure.chart.title)}" data-number-format="{figure.drawn.number_format}" '
        f'data-option="{html.escape(json.dumps(figure.drawn.option, ensure_ascii=False))}"></div>\n'
        if drawn
        else f"<h3>{html.escape(title)}</h3>\n"
    )
    caption = (
        f"<figcaption><code>{code_text(figure.embed)}</code> — drawn from {html.escape(figure.table.title)} "
        f"({_rows(figure.table.content)})</figcaption>\n"
    )
    return (
        f'<figure class="mtpbot-chart-figure">\n{canvas}{caption}'
        f"<details{'' if drawn else ' open'}><summary>The data</summary>\n{data_table(figure.table.content)}"
        "</details>\n</figure>\n"
    )


def code_text(text: str) -> str:
    """Wikitext shown as text: escaped, its braces as character references, so that the preview holds no
    literal "{{" (which would mean a template the wiki did not expand)."""
    return html.escape(text).replace("{", "&#123;").replace("}", "&#125;")


def _rows(table: Mapping[str, Any]) -> str:
    count = len(table.get("data", ()))
    return f"{count} row{'s' if count != 1 else ''}"


def data_table(table: Mapping[str, Any]) -> str:
    """A `.tab` page's rows as a wikitable: the field titles, then one row per data row ("—" for null)."""
    fields = table["schema"]["fields"]
    head = "".join(f"<th>{html.escape(text_of(f.get('title')) or str(f['name']))}</th>" for f in fields)
    rows = "".join(
        "<tr>" + "".join(f"<td>{html.escape(_cell(cell))}</td>" for cell in row) + "</tr>\n" for row in table["data"]
    )
    return f'<table class="wikitable mtpbot-chart-data">\n<tr>{head}</tr>\n{rows}</table>\n'


def _cell(cell: object) -> str:
    if cell is None:
        return "—"
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return text_of(cell) if isinstance(cell, Mapping) else str(cell)

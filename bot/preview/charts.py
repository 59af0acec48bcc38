"""The charts of the preview: each chart a page embeds (`{{#chart:…}}`), drawn where the embed sits with
Apache ECharts — the library Extension:Chart renders with — from the very JSON of the `.tab` and `.chart`
pages the bot saves on the data wiki (bot.sync.data_pages), so a maintainer sees the chart as readers
will before anything is published. The parser of a wiki without Extension:Chart would print the embed as
text: each embed line is sent as an empty `<div>` slot instead, and the chart is put in its place.

ECharts comes from npm at the version Chart vendors (package.json, package-lock.json; `npm ci`, which
scripts/setup runs) and is copied next to the HTML files with the page's script, so the preview works
offline and its Content-Security-Policy lets only those two local files run. Where ECharts is not
installed the preview still works: the first chart's place says how to install it, each chart's table is
shown instead, and the command warns on stderr (`warning`).
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bot.charts.pages import CHART_MODEL, TABULAR_MODEL, DataPage
from bot.preview.echarts import DrawnChart, draw_chart, text_of
from bot.preview.script import SCRIPT, SCRIPT_NAME
from bot.source.model import PriorityFile
from bot.source.settings import Config
from bot.sync.data_pages import render_data_pages
from bot.sync.pages import RenderedPage, data_titles_of

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
    """The charts each previewed page embeds, in page order, and the ECharts build found (None: not installed)."""

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

    def with_slots(self, title: str, text: str) -> str:
        """The page's wikitext for the parser, each `{{#chart:…}}` line an empty `<div>` the parser keeps (a
        wiki without Extension:Chart would print the parser function as text)."""
        numbers = {figure.embed: number for number, figure in enumerate(self.figures.get(title, ()), start=1)}
        return _EMBED_LINE.sub(
            lambda line: _slot(numbers[line.group(0)]) if line.group(0) in numbers else line.group(0), text
        )

    def placed(self, title: str, parsed_html: str) -> str:
        """The parser's HTML with each chart drawn where its slot is (and, without ECharts, the warning at the
        first one and each chart's data)."""
        figures = self.figures.get(title, ())
        drawn = self.library is not None

        def figure(slot: re.Match[str]) -> str:
            number = int(slot.group(1))
            warning = "" if drawn or number != 1 else _missing()
            return warning + _figure(number, figures[number - 1], drawn=drawn)

        return _SLOT.sub(figure, parsed_html)


_EMBED_LINE = re.compile(r"^\{\{#chart:[^{}|\n]+\.chart\}\}$", re.MULTILINE)
_SLOT = re.compile(r'<div class="mtpbot-chart-slot" data-mtpbot-chart="(\d+)">\s*</div>')


def _slot(number: int) -> str:
    return f'<div class="mtpbot-chart-slot" data-mtpbot-chart="{number}"></div>'


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
    """The charts each page embeds, from the data pages sync would save, built and validated before any
    request (none without `data_site:`: the pages then embed none)."""
    library, searched = find_library(library_setting)
    data = config.settings.data_site
    if data is None:
        return PreviewCharts({}, library, searched)
    series = render_data_pages(priorities, commit, charts=config.settings.charts, prefix=data.prefix)
    by_chart = {figure.chart.title: figure for figure in figures_of([page.page for page in series])}
    figures = {page.title: [by_chart[data_titles_of(name)[1]] for name in page.charts] for page in pages}
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


def _missing() -> str:
    return (
        '<p class="mtpbot-charts-missing" role="alert"><strong>The charts are not drawn:</strong> Apache ECharts '
        f"is not installed; {html.escape(install_hint())}. Then run the preview again. "
        "Each chart's data is shown instead.</p>\n"
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
        f"<figcaption><code>{code_text(figure.embed)}</code> — as Extension:Chart will draw it from "
        f"{html.escape(figure.table.title)} ({_rows(figure.table.content)}), with Apache ECharts "
        f"{ECHARTS_VERSION}</figcaption>\n"
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

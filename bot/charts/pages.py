"""The data pages of a priority: for each series that can be drawn (all its metrics and KPIs, or those
named), its `.tab` and `.chart` page, each checked against the rules of the data wiki before it is
returned — a page that breaks them is a DataPageError, and nothing of the priority is returned.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import Any

from bot.charts.chart import chart_content
from bot.charts.chart_rules import chart_problems
from bot.charts.jsonconfig_rules import tabular_problems
from bot.charts.names import DEFAULT_PREFIX, DataPageNames, name_problems, names_for
from bot.charts.problems import DataPageError
from bot.charts.series_rows import drawing_problem
from bot.charts.tabular import tabular_content
from bot.source.model import Metric, PriorityFile

TABULAR_MODEL = "Tabular.JsonConfig"
CHART_MODEL = "Chart.JsonConfig"
MAX_PAGE_BYTES = 2048 * 1024  # $wgMaxArticleSize of Commons (2048 KiB)


@dataclass(frozen=True)
class DataPage:
    """One data page as it would be saved: its title (with `Data:`), content model and JSON content."""

    title: str
    model: str
    content: Mapping[str, Any]
    series: str  # the id of the metric or KPI it shows

    @property
    def text(self) -> str:
        """The JSON as sent: keys in the order written, non-ASCII as is, one value (one row of `data`) a
        line. The wiki stores its own serialisation of it: compare parsed JSON, never this text."""
        return json_text(self.content)


def json_text(content: Mapping[str, Any]) -> str:
    """Indented JSON with each row of a `data` list on one line, so that a changed figure is one line."""
    rows = content.get("data")
    if not isinstance(rows, list):
        return json.dumps(content, ensure_ascii=False, indent=4) + "\n"
    marks = [f"\x00row{index}\x00" for index in range(len(rows))]
    text = json.dumps({**content, "data": marks}, ensure_ascii=False, indent=4)
    for mark, row in zip(marks, rows, strict=True):
        text = text.replace(json.dumps(mark), json.dumps(row, ensure_ascii=False), 1)
    return text + "\n"


def drawable_series(priority: PriorityFile, only: Collection[str] | None = None) -> list[Metric]:
    """The metrics and KPIs to draw, in file order: every one that can be drawn, or exactly those named
    in `only` (a DataPageError names those that do not exist or cannot be drawn)."""
    series = [*priority.metrics, *priority.kpis]
    if only is None:
        return [metric for metric in series if drawing_problem(metric) is None]
    known = {metric.id: metric for metric in series}
    problems = [f"{name}: no metric or KPI of {priority.priority.id} has this id" for name in only if name not in known]
    blank = [(m.id, drawing_problem(m)) for m in series if m.id in only]
    problems += [f"{name}: cannot be drawn: {why}" for name, why in blank if why]
    if problems:
        raise DataPageError(
            f"The charts of {priority.priority.id}", problems, "name only metrics and KPIs with numbers to draw"
        )
    return [metric for metric in series if metric.id in only]


def charted_series(priority: PriorityFile, charts: Collection[str] | None) -> list[Metric]:
    """The series of `priority` the `charts:` setting draws: those of its ids that are this priority's
    (ids of other priorities are theirs), or every drawable one when the setting is absent."""
    ids = {metric.id for metric in (*priority.metrics, *priority.kpis)}
    return drawable_series(priority, None if charts is None else [name for name in charts if name in ids])


def chart_names(priority: PriorityFile, charts: Collection[str] | None, prefix: str) -> dict[str, DataPageNames]:
    """The data page names of each series drawn, by series id, checked as MediaWiki would take them."""
    names = {
        metric.id: names_for(priority.priority.id, metric.id, prefix) for metric in charted_series(priority, charts)
    }
    problems = [
        f"{name}: {problem}" for n in names.values() for name in (n.tab, n.chart) for problem in name_problems(name)
    ]
    if problems:
        raise DataPageError(
            f"The chart titles of {priority.priority.id}", problems, "shorten or fix `data_site: prefix:`"
        )
    return names


def data_pages(
    priority: PriorityFile, commit: str, *, only: Collection[str] | None = None, prefix: str = DEFAULT_PREFIX
) -> list[DataPage]:
    """The `.tab` then `.chart` page of each series to draw, validated."""
    pages = []
    for metric in drawable_series(priority, only):
        names = names_for(priority.priority.id, metric.id, prefix)
        pages += series_pages(metric, priority.priority.name, names, commit)
    return pages


def series_pages(metric: Metric, priority_name: str, names: DataPageNames, commit: str) -> list[DataPage]:
    table = DataPage(names.tab_title, TABULAR_MODEL, tabular_content(metric, priority_name, commit), metric.id)
    chart = DataPage(names.chart_title, CHART_MODEL, chart_content(metric, names.tab), metric.id)
    check(table, name_problems(names.tab) + tabular_problems(table.content))
    check(chart, name_problems(names.chart) + chart_problems(chart.content))
    return [table, chart]


def check(page: DataPage, problems: list[str]) -> None:
    """Raise a DataPageError with every problem of the page, its size included; nothing when it has none."""
    size = len(page.text.encode("utf-8"))
    if size > MAX_PAGE_BYTES:
        problems = [*problems, f"/: the page is {size} bytes; the wiki takes {MAX_PAGE_BYTES} at most"]
    if problems:
        raise DataPageError(page.title, problems)

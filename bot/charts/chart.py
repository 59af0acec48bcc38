"""The `.chart` page of a series (Extension:Chart): version 1, a line chart of its `.tab` page, with a
title (the series' name) and axis titles, each a localized object (`{"en": …}`) that translators can add
languages to."""

from __future__ import annotations

from typing import Any

from bot.charts.series_rows import kind_of, unit_of
from bot.charts.tabular import LICENSE
from bot.charts.texts import localized
from bot.source.kinds import FIGURE_KINDS, TEXT_AXIS_TITLE, Kind
from bot.source.model import Metric

CHART_VERSION = 1
CHART_TYPE = "line"
X_TITLE = "Quarter"


def chart_content(metric: Metric, table: str) -> dict[str, Any]:
    """The JSON of the series' `.chart` page drawing `table` (a `.tab` page name without `Data:`)."""
    return {
        "license": LICENSE,
        "version": CHART_VERSION,
        "type": CHART_TYPE,
        "source": table,
        "title": localized(metric.name),
        "xAxis": {"title": localized(X_TITLE)},
        "yAxis": {"title": localized(y_title(kind_of(metric), unit_of(metric)))},
    }


def y_title(kind: Kind, unit: str) -> str:
    """What the values are: "Count (/mo)", "Percent", "US dollars"…"""
    words = TEXT_AXIS_TITLE if kind == "text" else FIGURE_KINDS[kind].axis_title
    return f"{words} ({unit.strip()})" if unit.strip() else words

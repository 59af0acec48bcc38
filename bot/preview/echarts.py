"""The Apache ECharts option that draws a `.chart` page from its `.tab` page, the way Extension:Chart
draws a `line` chart: the first field of the table along the x axis (a category axis: the quarters), one
line per other field of type number, named by the field's title, and the chart's title and axis titles.

Extension:Chart builds its ECharts option in its Node render service, which is not at hand; what is known
of it (its client, resources/ext.chart/render.js) is followed: the SVG renderer, a tooltip per x value
(`trigger: axis`), numbers on the value axis and in the tooltip in the reader's language, compact from
1000 up ("86K") unless the axis says `format: none` — functions that JSON cannot carry, so the page's
script (bot.preview.script) adds them from `number_format`. Texts are read in English, falling back
to any language given, as JsonConfig falls back. A missing value (null) is a gap in its line, never a zero.

The option is plain JSON data; nothing here knows HTML or the wiki.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

LANGUAGE = "en"
NUMBER_TYPES = ("number",)


@dataclass(frozen=True)
class DrawnChart:
    """What the preview draws for one `.chart` page: the ECharts option, and how to format its numbers."""

    option: dict[str, Any]
    number_format: str  # "auto" (Chart's number formatting) or "none" (numbers as they are)

    @property
    def series_names(self) -> list[str]:
        return [str(series["name"]) for series in self.option["series"]]

    @property
    def categories(self) -> list[str]:
        return list(self.option["xAxis"]["data"])


def text_of(value: object, language: str = LANGUAGE) -> str:
    """A switchable string of JsonConfig and Chart: a plain string, or a localized object read in
    `language`, else English, else its first language; "" when there is none."""
    if isinstance(value, str):
        return value
    if isinstance(value, Mapping) and value:
        for code in (language, LANGUAGE):
            if isinstance(value.get(code), str):
                return str(value[code])
        return str(next(iter(value.values())))
    return ""


def draw_chart(chart: Mapping[str, Any], table: Mapping[str, Any], language: str = LANGUAGE) -> DrawnChart:
    """The ECharts option of a `line` chart (`chart`: a `.chart` page's JSON) of `table` (its `.tab` JSON)."""
    if chart.get("type") != "line":
        raise ValueError(f"the preview draws line charts; this chart's type is {chart.get('type')!r}")
    fields: Sequence[Mapping[str, Any]] = table["schema"]["fields"]
    rows: Sequence[Sequence[Any]] = table["data"]
    if not fields:
        raise ValueError("the table has no fields to draw")
    x_axis, y_axis = _axis(chart, "xAxis"), _axis(chart, "yAxis")
    series = [
        _line(text_of(field.get("title"), language) or str(field["name"]), [row[index] for row in rows])
        for index, field in enumerate(fields)
        if index > 0 and field.get("type") in NUMBER_TYPES
    ]
    option: dict[str, Any] = {
        "animation": False,  # the final picture at once: a preview, and a screenshot, see it drawn
        "title": _title(chart, language),
        "tooltip": {"trigger": "axis"},
        "grid": {"left": 16, "right": 32, "top": 72, "bottom": 64, "containLabel": True},
        "xAxis": {
            "type": "category",
            "data": [_category(row[0]) for row in rows],
            "name": text_of(x_axis.get("title"), language),
            "nameLocation": "middle",
            "nameGap": 32,
        },
        "yAxis": {
            "type": "value",
            "name": text_of(y_axis.get("title"), language),
            "nameLocation": "end",
            "nameTextStyle": {"align": "left"},
        },
        "series": series,
    }
    if len(series) > 1 or "legend" in chart:
        option["legend"] = {"type": "scroll", "left": 0, "bottom": 0, "align": "left"}  # as Chart's client places it
    return DrawnChart(option, "none" if y_axis.get("format") == "none" else "auto")


def _axis(chart: Mapping[str, Any], name: str) -> Mapping[str, Any]:
    axis = chart.get(name)
    return axis if isinstance(axis, Mapping) else {}


def _title(chart: Mapping[str, Any], language: str) -> dict[str, Any]:
    title: dict[str, Any] = {"text": text_of(chart.get("title"), language), "textStyle": {"overflow": "break"}}
    subtitle = text_of(chart.get("subtitle"), language)
    if subtitle:
        title["subtext"] = subtitle
    return title


def _line(name: str, values: list[Any]) -> dict[str, Any]:
    data = [value if isinstance(value, int | float) and not isinstance(value, bool) else None for value in values]
    return {"type": "line", "name": name, "data": data, "connectNulls": False, "showSymbol": True}


def _category(cell: object) -> str:
    return "" if cell is None else str(cell)

"""The `.tab` page of a series (JsonConfig's Tabular.JsonConfig): license CC0-1.0, a description, the
sources (mtpbot, the data commit and the bot's checksum of the page), and a row per quarter with a number:
period (`2019-20 Q1`), value and goal — numbers as JSON numbers, null where the year has no goal with a
value (see bot.charts.goals); a series that never has a goal (a KPI) has no goal column, so its chart
draws no empty Goal line.
"""

from __future__ import annotations

from typing import Any

from bot.charts.numbers import json_number
from bot.charts.seal import sealed
from bot.charts.series_rows import Row, rows_of
from bot.charts.texts import localized, one_line, sources_text
from bot.source.model import Metric

LICENSE = "CC0-1.0"
FIELDS = (
    ("period", "string", "Quarter"),
    ("value", "number", "Value"),
    ("goal", "number", "Goal"),
)


def tabular_content(metric: Metric, priority_name: str, commit: str) -> dict[str, Any]:
    """The JSON of the series' `.tab` page (call `drawing_problem` first: the series must be drawable), sealed
    with its checksum (bot.charts.seal)."""
    rows = [row_cells(row) for row in rows_of(metric)]
    fields = FIELDS if any(row[2] is not None for row in rows) else FIELDS[:2]  # never a goal: no Goal line
    return sealed(
        {
            "license": LICENSE,
            "description": {"en": description(metric.name, priority_name)},
            "sources": sources_text(commit),
            "schema": {"fields": [{"name": n, "type": t, "title": localized(title)} for n, t, title in fields]},
            "data": [row[: len(fields)] for row in rows],
        }
    )


def description(name: str, priority_name: str) -> str:
    tail = (
        f" — {one_line(priority_name, 100)}, Wikimedia Foundation Medium-Term Plan: each quarter's value, "
        "and the value that meets its fiscal year's goal."
    )
    return one_line(name, 400 - len(tail)) + tail


def row_cells(row: Row) -> list[str | int | float | None]:
    goal = json_number(row.goal, row.goal_places) if row.goal is not None else None
    return [str(row.period), json_number(row.value, row.value_places), goal]

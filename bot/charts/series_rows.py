"""Which series can be drawn, and the rows a chart draws: one per quarter with a number — the baseline's
quarter first, when the baseline says when it was measured — with the value and the value that meets the
goal of that quarter's fiscal year.

A series can be drawn when its numbers are all of one kind (counts, percents, amounts, changes or points)
and at least one quarter has one. Quarters in words ("In progress") or with a status alone have no row.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from bot.charts.goals import goal_level, value_at
from bot.source.figures import Figure
from bot.source.kinds import Kind
from bot.source.periods import Quarter
from bot.source.series import Series


@dataclass(frozen=True)
class Row:
    period: Quarter
    value: Decimal
    goal: Decimal | None
    goal_places: int | None = None  # the decimals a worked-out goal is rounded to; None: as written
    value_places: int | None = None  # the decimals the value is stored with (`data_places`); None: as written


def numbers_of(series: Series) -> list[tuple[Quarter | None, Figure]]:
    """The series' figures with a number, with their quarter: the baseline's (its period, if any), then
    each quarter's first figure, in the order of the quarters."""
    found: list[tuple[Quarter | None, Figure]] = []
    if series.baseline is not None and series.baseline.value[0].number is not None:
        found.append((series.baseline.period, series.baseline.value[0]))
    for quarter in sorted(series.quarters):
        figure = series.quarters[quarter].number
        if figure is not None and figure.number is not None:
            found.append((quarter, figure))
    return found


def drawing_problem(series: Series) -> str | None:
    """Why the series cannot be drawn, or None when it can."""
    numbers = numbers_of(series)
    kinds = sorted({figure.kind for _, figure in numbers})
    if len(kinds) > 1:
        return f"its figures mix {' and '.join(kinds)}, which one chart cannot draw on one axis"
    if not any(quarter in series.quarters for quarter, _ in numbers):
        return "no quarter has a number (only words or statuses)"
    return None


def kind_of(series: Series) -> Kind:
    """The kind of the series' numbers (call `drawing_problem` first)."""
    return numbers_of(series)[0][1].kind


def unit_of(series: Series) -> str:
    """The unit of the series' latest number ("/mo"), "" when it has none."""
    numbers = numbers_of(series)
    return numbers[-1][1].unit if numbers else ""


def data_places(series: Series) -> int | None:
    """What a data page holds of a value: one decimal more than the page shows (83K: hundreds, 85400; 7.0%:
    6.98), so that a chart's tooltip is as exact as the page and a difference below that is no edit; as written
    where the series sets no precision. Whole thousands and such are exact in JSON (JsonConfig keeps them)."""
    places = series.shown_places
    if places is None:
        return None
    compact = any(figure.compact for _, figure in numbers_of(series))
    return places + 1 - (3 if compact else 0)


def rows_of(series: Series) -> list[Row]:
    """One row per quarter with a number, oldest first."""
    kind = kind_of(series)
    places = data_places(series)
    periods = {quarter for quarter, _ in numbers_of(series) if quarter is not None}
    rows = []
    for quarter in sorted(periods):
        value = value_at(series, quarter, kind)
        if value is None:
            continue
        goal = goal_level(series, quarter, kind)
        level, goal_places = goal if goal is not None else (None, None)
        rows.append(Row(quarter, value, level, goal_places, places))
    return rows

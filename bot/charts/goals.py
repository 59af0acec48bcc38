"""The value that meets the year's goal, for each quarter: what the goal line of a chart shows.

A goal of the series' own kind (90K/mo for a count of editors, 50% for a share) is that value. A goal that
is a change — `{change: 5, unit: YoY}`, `{points: 2}` — is measured year over year, as the bot measures
progress: the quarter meets it when it is the value of the same quarter a year earlier grown by the goal.
That earlier value is the series' own (a quarter, or the baseline measured in that quarter); where the
series does not hold it, it is worked back from the year-over-year change the source reported (83K/mo at
5.1% YoY was 79K/mo a year earlier). A goal in words ("Determine baseline") has no value: the row's goal
is left empty.
"""

from __future__ import annotations

from decimal import Decimal

from bot.source.kinds import FIGURE_KINDS, Kind
from bot.source.periods import Quarter
from bot.source.series import Series

DERIVED_PLACES = 2  # decimals of a worked-out goal of a kind that is not whole (percents)


def value_at(series: Series, quarter: Quarter, kind: Kind) -> Decimal | None:
    """The series' number of `kind` in `quarter`: its quarter's value, else a baseline measured then."""
    entry = series.quarters.get(quarter)
    figure = entry.number if entry is not None else None
    if figure is None and series.baseline is not None and series.baseline.period == quarter:
        figure = series.baseline.value[0]
    return figure.number if figure is not None and figure.kind == kind else None


def goal_level(series: Series, quarter: Quarter, kind: Kind) -> tuple[Decimal, int | None] | None:
    """The value that meets the goal of the quarter's fiscal year, and the decimals to round it to (None:
    as written); None when the year has no goal with a value."""
    goal = series.goals.get(quarter.year)
    target = goal[0] if goal else None
    if target is None or target.number is None:
        return None
    if target.kind == kind:
        return target.number, None
    if target.kind == "text" or kind == "text" or kind not in FIGURE_KINDS[target.kind].change_of:
        return None
    earlier = year_earlier(series, quarter, kind)
    if earlier is None:
        return None
    level = earlier * (1 + target.number / 100) if target.kind == "change" else earlier + target.number
    return level, 0 if FIGURE_KINDS[kind].whole else DERIVED_PLACES


def year_earlier(series: Series, quarter: Quarter, kind: Kind) -> Decimal | None:
    """The value of the same quarter a year earlier: the series' own, else worked back from the reported
    year-over-year change."""
    held = value_at(series, quarter.year_earlier(), kind)
    if held is not None:
        return held
    current, change = value_at(series, quarter, kind), series.change(quarter, "yoy")
    if current is None or change is None or change.number is None:
        return None
    if change.kind == "change":
        factor = 1 + change.number / 100
        return current / factor if factor > 0 else None
    if change.kind == "points" and kind == "percent":
        return current - change.number
    return None

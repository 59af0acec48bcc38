"""The derived columns a page's tables may add (the settings' `columns:`), one entry each with everything about
it: its key in the settings, its header, whether the header names the quarter, how its cell is computed, and
which field of the source a cell comes from (for drift reports, marked computed).

Summaries never name a derived cell: its change is already said by the figure it is computed from. Adding a
column is one entry here, its key in `bot.source.settings.Derived`, and its tests (tests/wikitext/
test_derived_columns.py fails while an entry or a key is missing).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from bot.source.figures import Figure
from bot.source.periods import Quarter
from bot.source.series import CHANGE_UNITS, Change, Series
from bot.source.settings import Derived
from bot.source.yaml_lines import Loc
from bot.wikitext.escape import Wikitext
from bot.wikitext.formatting import EMPTY, progress_bar

ShowFigure = Callable[[Series, Figure], Wikitext]  # a figure in its series' style (YearView's cells)
Origin = tuple[Loc, bool] | None  # a field path of the source, and whether the cell is computed from it


@dataclass(frozen=True)
class DerivedColumn:
    key: Derived  # as the settings name it
    label: str  # the header, as the deck heads it; also the column's name in summaries and cell origins
    names_quarter: bool  # the header says whose quarter its figures are: "Q over Q (Q1)"
    # The cell of a series in a fiscal year, given the table's latest quarter with data (None: none yet).
    cell: Callable[[Series, str, Quarter | None, ShowFigure], Wikitext]
    # Where a cell comes from: given the path of its series in the source, the series and the fiscal year.
    origin: Callable[[Loc, Series, str], Origin]


def _change_cell(which: Change) -> Callable[[Series, str, Quarter | None, ShowFigure], Wikitext]:
    def cell(series: Series, year: str, quarter: Quarter | None, show: ShowFigure) -> Wikitext:
        change = series.change(quarter, which) if quarter is not None else None
        if change is None:
            return EMPTY
        unit = "" if change.unit in CHANGE_UNITS.values() else change.unit  # the header says what it compares
        return show(series, change.model_copy(update={"unit": unit}))

    return cell


def _change_origin(which: Change) -> Callable[[Loc, Series, str], Origin]:
    """The change the source reported for the latest quarter, else that quarter's value it is computed from."""

    def origin(loc: Loc, series: Series, year: str) -> Origin:
        latest = series.latest(year)
        if latest is None:
            return None
        if getattr(series.quarters[latest], which) is not None:
            return (*loc, "quarters", str(latest), which), False
        return (*loc, "quarters", str(latest), "value"), True

    return origin


def _progress_cell(series: Series, year: str, quarter: Quarter | None, show: ShowFigure) -> Wikitext:
    """The progress toward the year's goal as of the latest quarter that tells (not the table's quarter)."""
    found = series.progress(year)
    return progress_bar(found[1], found[0].short) if found is not None else EMPTY


def _progress_origin(loc: Loc, series: Series, year: str) -> Origin:
    return (*loc, "goals", year), True


DERIVED: dict[Derived, DerivedColumn] = {
    column.key: column
    for column in (
        DerivedColumn("qoq", "Q over Q", True, _change_cell("qoq"), _change_origin("qoq")),
        DerivedColumn("yoy", "Y over Y", True, _change_cell("yoy"), _change_origin("yoy")),
        DerivedColumn("progress", "Progress", False, _progress_cell, _progress_origin),
    )
}
BY_LABEL = {column.label: column for column in DERIVED.values()}  # headers' plain names (`title=`) to columns

"""A series: one measured figure through the plan — its baseline, a goal per fiscal year, a value per quarter.

A metric, a KPI and a key result that is not a metric all hold a series. Each quarter's entry is a cell
(one figure, or a few), optionally with the changes the source reported (`qoq`, `yoy`) and a status colour.
The bot computes quarter-over-quarter and year-over-year changes itself where the series allows — the
quarter before, the same quarter a year earlier, of the same kind — and a reported change must agree
with the computed one; a reported change is published as reported where nothing can be computed.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Literal

from pydantic import Field, StrictBool, model_validator

from bot.source.base import Frozen
from bot.source.figures import Cell, Figure, agrees, compute_change
from bot.source.kinds import FIGURE_KINDS, Kind
from bot.source.periods import FiscalYear, Quarter, QuarterKey
from bot.source.progress import toward
from bot.source.status import StatusMark

Change = Literal["qoq", "yoy"]
CHANGE_UNITS: dict[Change, str] = {"qoq": "QoQ", "yoy": "YoY"}  # how a computed change says what it compares
CellPart = Literal["qoq", "yoy", "value"]


class Baseline(Frozen):
    value: Cell
    period: QuarterKey | None = Field(None, description="the quarter the baseline was measured in, e.g. 2018-19 Q4")

    @model_validator(mode="before")
    @classmethod
    def _from_cell(cls, data: Any) -> Any:
        """`baseline: 0` or `baseline: {count: …}` is a baseline without its period."""
        return data if isinstance(data, dict) and "value" in data else {"value": data}


class QuarterEntry(Frozen):
    value: Cell | None = Field(None, description="the quarter's figures; may be left out when it has a status")
    qoq: Figure | None = Field(None, description="the change from the quarter before, as the source reported it")
    yoy: Figure | None = Field(None, description="the change from a year earlier, as the source reported it")
    status: StatusMark | None = Field(None, description="the colour the source gave this quarter, if any")

    @model_validator(mode="before")
    @classmethod
    def _from_cell(cls, data: Any) -> Any:
        """A quarter written as a figure (or a list of them) is its value alone."""
        keys = {"value", "qoq", "yoy", "status"}
        structured = isinstance(data, dict) and ("value" in data or (data and set(data) <= keys))
        return data if structured else {"value": data}

    @model_validator(mode="after")
    def _something(self) -> QuarterEntry:
        if self.value is None and self.status is None:
            raise ValueError("a quarter needs its `value:` (its figures), or at least a `status:`")
        return self

    @property
    def number(self) -> Figure | None:
        """The figure the series computes with: the first of the cell (None for a status alone)."""
        return self.value[0] if self.value else None


class Series(Frozen):
    """The figures of one measured thing. Subclasses add what it is (a metric's name, a key result's text)."""

    baseline: Baseline | None = Field(None, description="the value before the plan, and when it was measured")
    goals: dict[FiscalYear, Cell] = Field(default_factory=dict, description="the goal of each fiscal year")
    quarters: dict[QuarterKey, QuarterEntry] = Field(default_factory=dict, description="each quarter's value")
    cell: tuple[CellPart, ...] = Field(
        ("value",), description="what a quarter's cell shows, in order: the value and the changes (qoq, yoy)"
    )
    signed_changes: StrictBool = Field(False, description="show changes with their sign, +8.9% and +/-0%")
    percent_changes: Literal["points", "relative"] = Field(
        "points",
        description="a change between two percents in percentage points (6.6% to 5.4%: -1.2 pp), or relative "
        "to the earlier one (-18.2%), as the source measures it",
    )
    places: int | None = Field(
        None,
        ge=0,
        le=6,
        description="decimals each value is shown with, after K for a compact count (0: 83K; 1: 5.4%); "
        "default: as written, and for a feed the kind's (counts 0, percents 1)",
    )

    @property
    def shown_places(self) -> int | None:
        """The decimals its values are shown with (None: as written)."""
        return self.places

    def previous(self, quarter: Quarter, which: Change) -> QuarterEntry | None:
        return self.quarters.get(quarter.previous() if which == "qoq" else quarter.year_earlier())

    def computed_change(self, quarter: Quarter, which: Change) -> Figure | None:
        """The change the series gives (None where it cannot: no earlier value, or of another kind)."""
        entry, before = self.quarters.get(quarter), self.previous(quarter, which)
        old = before.number if before is not None else None
        new = entry.number if entry is not None else None
        if old is None or new is None or old.number is None or new.number is None or old.kind != new.kind:
            return None
        try:
            change = compute_change(old, new, relative=self.percent_changes == "relative")
        except (ValueError, ArithmeticError):  # from zero, or magnitudes too far apart to mean anything
            return None
        return change.model_copy(update={"unit": CHANGE_UNITS[which]})

    def change(self, quarter: Quarter, which: Change) -> Figure | None:
        """The change as published: reported where the source gave one, else computed."""
        entry = self.quarters.get(quarter)
        reported = getattr(entry, which) if entry is not None else None
        return reported if reported is not None else self.computed_change(quarter, which)

    def progress(self, year: str) -> tuple[Quarter, Decimal] | None:
        """How far the series has come toward its goal of `year`, in %, as of the latest quarter of the year
        that tells: see `progress.toward`. None when no quarter does."""
        goal = self.goals.get(year)
        if goal is None:
            return None
        baseline = self.baseline.value[0] if self.baseline is not None else None
        for quarter in sorted((q for q in self.quarters if q.year == year), reverse=True):
            entry = self.quarters[quarter]
            share = toward(goal[0], entry.number, self.change(quarter, "yoy"), baseline)
            if share is not None:
                return quarter, share
        return None

    def latest(self, year: str | None = None) -> Quarter | None:
        """The last quarter with a value or a status (of `year`, if given)."""
        quarters = [q for q in self.quarters if year is None or q.year == year]
        return max(quarters, default=None)


def contradictions(series: Series) -> list[tuple[Quarter, Change, str]]:
    """Each reported change that the series' own values contradict, with what to write instead."""
    found = []
    changes: tuple[Change, ...] = ("qoq", "yoy")
    for quarter, entry in series.quarters.items():
        for which in changes:
            problem = _contradiction(getattr(entry, which), series.computed_change(quarter, which))
            if problem:
                found.append((quarter, which, problem))
    return found


def _contradiction(reported: Figure | None, computed: Figure | None) -> str:
    if reported is None or computed is None:
        return ""
    if reported.kind != computed.kind:
        other = "relative" if computed.kind == "points" else "points"
        return (
            f"is reported as {_words(reported.kind)} but the series gives "
            f"{_words(computed.kind)}; write it as {{{computed.kind}: {computed.number}}}, or, if the source "
            f"measures changes between percents that way, set `percent_changes: {other}` on the series"
        )
    if not agrees(reported, computed):
        unit = "%" if computed.kind == "change" else " percentage points"
        return (
            f"is reported as {reported.number}{unit} but the series gives {computed.number}{unit}; "
            "correct the reported change or a value of the series"
        )
    return ""


def _words(kind: Kind) -> str:
    return "text" if kind == "text" else FIGURE_KINDS[kind].words

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
from bot.source.periods import FiscalYear, Quarter, QuarterKey
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
    value: Cell
    qoq: Figure | None = Field(None, description="the change from the quarter before, as the source reported it")
    yoy: Figure | None = Field(None, description="the change from a year earlier, as the source reported it")
    status: StatusMark | None = Field(None, description="the colour the source gave this quarter, if any")

    @model_validator(mode="before")
    @classmethod
    def _from_cell(cls, data: Any) -> Any:
        """A quarter written as a figure (or a list of them) is its value alone."""
        return data if isinstance(data, dict) and "value" in data else {"value": data}

    @property
    def number(self) -> Figure:
        """The figure the series computes with: the first of the cell."""
        return self.value[0]


class Series(Frozen):
    """The figures of one measured thing. Subclasses add what it is (a metric's name, a key result's text)."""

    baseline: Baseline | None = Field(None, description="the value before the plan, and when it was measured")
    goals: dict[FiscalYear, Cell] = Field(default_factory=dict, description="the goal of each fiscal year")
    quarters: dict[QuarterKey, QuarterEntry] = Field(default_factory=dict, description="each quarter's value")
    cell: tuple[CellPart, ...] = Field(
        ("value",), description="what a quarter's cell shows, in order: the value and the changes (qoq, yoy)"
    )
    signed_changes: StrictBool = Field(False, description="show changes with their sign, +8.9% and +/-0%")

    def previous(self, quarter: Quarter, which: Change) -> QuarterEntry | None:
        return self.quarters.get(quarter.previous() if which == "qoq" else quarter.year_earlier())

    def computed_change(self, quarter: Quarter, which: Change) -> Figure | None:
        """The change the series gives (None where it cannot: no earlier value, or of another kind)."""
        entry, before = self.quarters.get(quarter), self.previous(quarter, which)
        if entry is None or before is None:
            return None
        old, new = before.number, entry.number
        if (
            old.number is None
            or new.number is None
            or old.kind != new.kind
            or (old.kind != "percent" and old.number == 0)
        ):
            return None
        try:
            change = compute_change(old, new)
        except ArithmeticError:  # magnitudes too far apart to give a change a reader could use
            return None
        return change.model_copy(update={"unit": CHANGE_UNITS[which]})

    def change(self, quarter: Quarter, which: Change) -> Figure | None:
        """The change as published: reported where the source gave one, else computed."""
        entry = self.quarters.get(quarter)
        reported = getattr(entry, which) if entry is not None else None
        return reported if reported is not None else self.computed_change(quarter, which)

    def progress(self, quarter: Quarter) -> Decimal | None:
        """How far the quarter is toward its year's goal, in %: the value against a goal of the same kind,
        or the year-over-year change against a goal that is a change."""
        entry, goal = self.quarters.get(quarter), self.goals.get(quarter.year)
        if entry is None or goal is None or goal[0].number in (None, 0):
            return None
        target = goal[0]
        reached = self.change(quarter, "yoy") if target.kind in ("change", "points") else entry.number
        if reached is None or reached.number is None or reached.kind != target.kind:
            return None
        if reached.unit and target.unit and reached.unit != target.unit:
            return None  # "5 Vacant" is no progress toward "5 new hires"
        return (reached.number / target.number * 100).quantize(Decimal("1"))  # type: ignore[operator]

    def latest(self, year: str | None = None) -> Quarter | None:
        """The last quarter with a value (of `year`, if given)."""
        quarters = [q for q in self.quarters if year is None or q.year == year]
        return max(quarters, default=None)


def contradictions(series: Series) -> list[tuple[Quarter, Change, str]]:
    """Each reported change that the series' own values contradict, with what to write instead."""
    found = []
    for quarter, entry in series.quarters.items():
        for which in ("qoq", "yoy"):
            problem = _contradiction(getattr(entry, which), series.computed_change(quarter, which))
            if problem:
                found.append((quarter, which, problem))
    return found  # type: ignore[return-value]


def _contradiction(reported: Figure | None, computed: Figure | None) -> str:
    if reported is None or computed is None:
        return ""
    if reported.kind != computed.kind:
        return (
            f"is reported as {_KIND_WORDS.get(reported.kind, reported.kind)} but the series gives "
            f"{_KIND_WORDS[computed.kind]}; write it as {{{computed.kind}: {computed.number}}}"
        )
    if not agrees(reported, computed):
        unit = "%" if computed.kind == "change" else " percentage points"
        return (
            f"is reported as {reported.number}{unit} but the series gives {computed.number}{unit}; "
            "correct the reported change or a value of the series"
        )
    return ""


_KIND_WORDS = {"change": "a relative change (%)", "points": "percentage points"}

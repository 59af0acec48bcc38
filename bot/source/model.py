"""The domain: one priority of the Medium-Term Plan as reported for one quarter.

Every class is a frozen pydantic model that forbids unknown keys, so the YAML source of truth is checked
field by field; `bot.source.loading` turns pydantic's errors into `file:line: field.path: message` problems.
Cross-record rules (duplicate ids, footnote references) live in `bot.source.checks`, which checks them on
the raw document so that they are reported together with the field errors.
"""

from __future__ import annotations

import typing
from collections.abc import Iterator
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import Field, StrictInt, StringConstraints, model_validator

from bot.source.base import Frozen, Id, Text
from bot.source.figures import Cell, Figure, GoalCell, agrees, compute_change

Status = Literal["on track", "at risk", "at standstill", "not reported"]
STATUSES: tuple[Status, ...] = typing.get_args(Status)


class Footnote(Frozen):
    id: Id
    marker: Annotated[str, StringConstraints(min_length=1, max_length=3)]
    text: Text


class Period(Frozen):
    fiscal_year: Annotated[str, StringConstraints(pattern=r"^\d{4}-\d{2}$")] = Field(
        description="e.g. 2019-20 (July 2019 to June 2020)"
    )
    quarter: Literal["Q1", "Q2", "Q3", "Q4"]
    reported_at: Text = Field(description="where the figures were reported, e.g. the tuning session")

    @property
    def label(self) -> str:
        return f"{self.quarter} FY {self.fiscal_year}"


class Priority(Frozen):
    id: Id
    name: Text
    departments: tuple[Text, ...] = ()


class KeyResult(Frozen):
    id: Id
    text: Text
    baseline: Cell
    goal: GoalCell
    status: Cell | None = Field(None, description="the quarter's status; omit when the deck gives none")

    @property
    def progress(self) -> Decimal | None:
        """The share complete, when the data gives one: a percent status against a goal of 100%."""
        if self.status is None:
            return None
        for goal, status in zip(self.goal, self.status, strict=False):
            if goal.kind == "percent" and goal.number == 100 and status.kind == "percent":
                return status.number
        return None


class Deliverable(Frozen):
    id: Id
    name: Text
    short_name: str = ""
    status: Status
    department: str = ""
    objective: str = ""
    key_results: tuple[KeyResult, ...] = ()


class Outcome(Frozen):
    id: Id
    text: Text
    deliverables: tuple[Deliverable, ...] = Field(min_length=1)


class Metric(Frozen):
    id: Id
    name: Text
    baseline: Cell
    goal: GoalCell
    status: Cell | None = None


class Kpi(Frozen):
    """A Trust & Safety KPI: a percent with changes quarter over quarter and year over year.

    A change may be reported (`qoq`, `yoy`) or computed from the series (`previous_quarter`,
    `previous_year`); when both are given they must agree to the reported precision.
    """

    id: Id
    name: Text
    baseline: Cell
    value: Figure
    qoq: Figure | None = None
    yoy: Figure | None = None
    previous_quarter: Figure | None = None
    previous_year: Figure | None = None

    @model_validator(mode="after")
    def _changes_agree(self) -> Kpi:
        for reported, previous, label in (
            (self.qoq, self.previous_quarter, "qoq"),
            (self.yoy, self.previous_year, "yoy"),
        ):
            if previous is None:
                continue
            computed = compute_change(previous, self.value)
            if reported is not None and reported.kind != computed.kind:
                unit = (
                    "percentage points, {points: …}" if computed.kind == "points" else "a relative change, {change: …}"
                )
                raise ValueError(
                    f"{label} is reported as {reported.kind} but the series gives {unit}; write it that way"
                )
            if reported is not None and not agrees(reported, computed):
                raise ValueError(
                    f"{label} is reported as {reported.number} but the series gives {computed.number} "
                    f"({computed.kind}); correct the reported figure or the previous value"
                )
        return self

    def change(self, which: Literal["qoq", "yoy"]) -> Figure | None:
        reported = self.qoq if which == "qoq" else self.yoy
        previous = self.previous_quarter if which == "qoq" else self.previous_year
        if reported is not None:
            return reported
        return compute_change(previous, self.value) if previous is not None else None


class GrantProgram(Frozen):
    program: Text
    grants: StrictInt = Field(ge=0)
    usd: StrictInt = Field(ge=0)


class GrantTotals(Frozen):
    grants: StrictInt
    usd: StrictInt


class Grants(Frozen):
    programs: tuple[GrantProgram, ...] = Field(min_length=1)
    reported_totals: GrantTotals | None = Field(
        None, description="the totals row as the deck prints it; checked against the computed sum"
    )
    note: str = ""

    @property
    def totals(self) -> GrantTotals:
        return GrantTotals(grants=sum(p.grants for p in self.programs), usd=sum(p.usd for p in self.programs))

    @model_validator(mode="after")
    def _totals_agree(self) -> Grants:
        reported, computed = self.reported_totals, self.totals
        if reported is not None and reported != computed:
            raise ValueError(
                f"reported_totals ({reported.grants} grants, ${reported.usd:,}) disagree with the sum of "
                f"the programs ({computed.grants} grants, ${computed.usd:,}); correct a program or the totals"
            )
        return self


class Report(Frozen):
    """One metrics file: a priority's figures for one quarter."""

    period: Period
    priority: Priority
    footnotes: tuple[Footnote, ...] = ()
    outcomes: tuple[Outcome, ...] = Field(min_length=1)
    metrics: tuple[Metric, ...] = ()
    kpis: tuple[Kpi, ...] = ()
    grants: Grants | None = None

    @property
    def deliverables(self) -> Iterator[Deliverable]:
        for outcome in self.outcomes:
            yield from outcome.deliverables

    def footnote(self, footnote_id: str) -> Footnote:
        return next(f for f in self.footnotes if f.id == footnote_id)

    def used_footnotes(self, cells: list[tuple[Figure, ...] | None]) -> list[Footnote]:
        """The footnotes referenced from the given cells, in the order of this file's footnote list."""
        used = {f.footnote for cell in cells if cell for f in cell if f.footnote}
        return [f for f in self.footnotes if f.id in used]

"""The domain: one priority of the Medium-Term Plan as reported for one quarter.

Every class is a frozen pydantic model that forbids unknown keys, so the YAML source of truth is checked
field by field; `bot.source` turns pydantic's errors into `file:line: field.path: message` problems.
Figures are typed (count, percent, currency, change) rather than strings so that the bot can check and
compute them; free-text statuses such as "In progress" stay text.

Cross-record rules (duplicate ids, footnote references) live in `bot.source`, which checks them on the
raw document so that they are reported together with the field errors.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StrictBool,
    StrictFloat,
    StrictInt,
    StringConstraints,
    model_validator,
)

Number = StrictInt | StrictFloat
Id = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]*$")]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]

STATUSES = ("on track", "at risk", "at standstill", "not reported")
Status = Literal["on track", "at risk", "at standstill", "not reported"]

# The kinds of number a figure can hold, in the order they are documented.
KINDS = ("count", "percent", "usd", "change", "points")
Kind = Literal["text", "count", "percent", "usd", "change", "points"]

# A free-text figure that starts like a number is almost certainly a number typed as text.
_LOOKS_NUMERIC = re.compile(r"^\s*[-+±~]?\s*[$€£]?\s*\{?\d")


class Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Figure(Frozen):
    """One value in a table cell: free text, or a number of one kind with its unit.

    In YAML a figure is written as text (`In progress`), as a bare number (a count without unit), or as a
    mapping with exactly one kind key: `{count: 86000, unit: /mo, compact: true}`, `{percent: 6.6}`,
    `{usd: 249000}`, `{change: 5.1, unit: YoY}` (a relative change in %), `{points: -1.9}` (a change in
    percentage points).
    """

    text: Text | None = None
    count: Number | None = None
    percent: Number | None = None
    usd: Number | None = None
    change: Number | None = None
    points: Number | None = None
    unit: str = Field("", description="what is counted or measured: /mo, YoY, streams, complete …")
    compact: StrictBool = Field(False, description="show thousands as K: 86000 -> 86K")
    at_least: StrictBool = Field(False, description="the figure is a lower bound: 30+")
    note: str = Field("", description="shown in parentheses after the figure")
    footnote: str = Field("", description="id of a footnote of this file; its marker follows the figure")

    @model_validator(mode="before")
    @classmethod
    def _from_scalar(cls, data: Any) -> Any:
        if isinstance(data, str):
            return {"text": data}
        if isinstance(data, int | float) and not isinstance(data, bool):
            return {"count": data}
        return data

    @model_validator(mode="after")
    def _one_kind(self) -> Figure:
        given = [kind for kind in ("text", *KINDS) if getattr(self, kind) is not None]
        if len(given) != 1:
            found = ", ".join(given) if given else "none"
            raise ValueError(
                f"a figure needs exactly one of text, {', '.join(KINDS)} (found: {found}); "
                "write e.g. {count: 86000, unit: /mo} or {percent: 5, unit: YoY}"
            )
        if self.text is not None:
            if _LOOKS_NUMERIC.match(self.text):
                raise ValueError(
                    f"{self.text!r} looks like a number written as text; write it typed, "
                    "e.g. {percent: 5, unit: YoY}, {count: 30, at_least: true} or {usd: 249000}"
                )
            if self.unit or self.compact or self.at_least:
                raise ValueError("unit, compact and at_least belong to numbers, not to text")
        return self

    @property
    def kind(self) -> Kind:
        for kind in ("text", *KINDS):
            if getattr(self, kind) is not None:
                return kind  # type: ignore[return-value]
        raise AssertionError("validated figures have a kind")

    @property
    def number(self) -> Decimal | None:
        """The numeric value, exact as written in YAML (6.6 stays 6.6), or None for text."""
        value = getattr(self, self.kind)
        return None if self.kind == "text" else Decimal(str(value))


def _as_tuple(value: Any) -> Any:
    """A cell holds one figure or a list of figures; YAML may write a single one without a list."""
    if value is None or isinstance(value, list | tuple):
        return value
    return [value]


def _goal_has_unit(cell: tuple[Figure, ...]) -> tuple[Figure, ...]:
    for figure in cell:
        if figure.kind == "count" and not figure.unit:
            raise ValueError(
                f"the goal {figure.count} has no unit; say what is counted, "
                f"e.g. {{count: {figure.count}, unit: milestones}}"
            )
    return cell


Cell = Annotated[tuple[Figure, ...], BeforeValidator(_as_tuple), Field(min_length=1)]
GoalCell = Annotated[Cell, AfterValidator(_goal_has_unit)]


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


def compute_change(previous: Figure, current: Figure) -> Figure:
    """Percentage points between two percents, relative % between two counts or amounts."""
    old, new = previous.number, current.number
    if old is None or new is None or previous.kind != current.kind:
        raise ValueError(f"cannot compute a change from {previous.kind} to {current.kind}")
    if current.kind == "percent":
        return Figure(points=float(new - old))
    if old == 0:
        raise ValueError("cannot compute a relative change from zero")
    return Figure(change=float(((new - old) / old * 100).quantize(Decimal("0.1"))))


def agrees(reported: Figure, computed: Figure) -> bool:
    """True when the computed change rounds to the reported one (at the reported precision)."""
    if reported.number is None or computed.number is None:
        return False
    exponent = reported.number.as_tuple().exponent
    step = Decimal(1).scaleb(exponent if isinstance(exponent, int) else 0)
    return abs(computed.number - reported.number) <= step / 2


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

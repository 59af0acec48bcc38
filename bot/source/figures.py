"""A figure: the value in one table cell, typed so that the bot can check and compute it.

Figures are typed (count, percent, currency, change) rather than strings; free-text statuses such as
"In progress" stay text. A cell holds one figure or a list of them (the deck's "5.1% YoY 83K/mo*").
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Annotated, Any

from pydantic import AllowInfNan, BeforeValidator, Field, Strict, StrictBool, StrictFloat, StrictInt, model_validator
from pydantic.json_schema import SkipJsonSchema

from bot.source.base import Frozen, Text
from bot.source.kinds import FIGURE_KINDS, KINDS, Kind
from bot.source.typing_hint import typed_form

# .nan and .inf are no figures; a Decimal comes only from the bot itself (a feed's exact mean), never from YAML
Number = StrictInt | Annotated[StrictFloat, AllowInfNan(False)] | SkipJsonSchema[Annotated[Decimal, Strict()]]

# A free-text figure that starts like a number is almost certainly a number typed as text.
_LOOKS_NUMERIC = re.compile(r"^\s*[-+±~]?\s*[$€£]?\s*\{?\d")


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
                typed = typed_form(self.text)
                instead = (
                    f"write it typed: {typed}"
                    if typed
                    else "write it typed, e.g. {percent: 5, unit: YoY}, {count: 30, at_least: true} or {usd: 249000}"
                )
                raise ValueError(f"{self.text!r} looks like a number written as text; {instead}")
            if self.unit or self.compact or self.at_least:
                raise ValueError("unit, compact and at_least belong to numbers, not to text")
        elif self.compact and not FIGURE_KINDS[self.kind].compacts:
            raise ValueError(f"compact belongs to counts ({{count: 86000, compact: true}}), not to {self.kind}")
        return self

    @property
    def kind(self) -> Kind:
        for kind in ("text", *KINDS):
            if getattr(self, kind) is not None:
                return kind
        raise AssertionError("validated figures have a kind")

    @property
    def number(self) -> Decimal | None:
        """The numeric value, exact as written in YAML (6.6 stays 6.6), or None for text."""
        value = getattr(self, self.kind)
        if self.kind == "text":
            return None
        return value if isinstance(value, Decimal) else Decimal(str(value))


def _as_tuple(value: Any) -> Any:
    """A cell holds one figure or a list of figures; YAML may write a single one without a list."""
    if value is None or isinstance(value, list | tuple):
        return value
    return [value]


Cell = Annotated[tuple[Figure, ...], BeforeValidator(_as_tuple), Field(min_length=1)]


def compute_change(previous: Figure, current: Figure, *, relative: bool = False) -> Figure:
    """Percentage points between two percents (unless `relative`), relative % between two counts or amounts.

    Points keep the precision of the figures (6.6% to 5.4% is -1.2 pp, not -1.2000000000000002); a relative
    change is given to a tenth of a percent.
    """
    old, new = previous.number, current.number
    if old is None or new is None or previous.kind != current.kind:
        raise ValueError(f"cannot compute a change from {previous.kind} to {current.kind}")
    if current.kind == "percent" and not relative:
        places = min(_exponent(old), _exponent(new))
        return Figure(points=float((new - old).quantize(Decimal(1).scaleb(places))))
    if old == 0:
        raise ValueError("cannot compute a relative change from zero")
    return Figure(change=float(((new - old) / old * 100).quantize(Decimal("0.1"))))


def _exponent(number: Decimal) -> int:
    exponent = number.as_tuple().exponent
    return exponent if isinstance(exponent, int) else 0


def agrees(reported: Figure, computed: Figure) -> bool:
    """True when the computed change rounds to the reported one (at the reported precision)."""
    if reported.number is None or computed.number is None:
        return False
    exponent = reported.number.as_tuple().exponent
    step = Decimal(1).scaleb(exponent if isinstance(exponent, int) else 0)
    return abs(computed.number - reported.number) <= step / 2

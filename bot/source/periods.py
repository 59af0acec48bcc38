"""Fiscal years and their quarters, as the Wikimedia Foundation counts them.

A fiscal year runs July to June and is written `2019-20`; its quarters are `2019-20 Q1` (July to
September 2019) to `2019-20 Q4` (April to June 2020). Quarters order across years, so a series can find
the quarter before (2019-20 Q4 is before 2020-21 Q1) and the same quarter a year earlier.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import total_ordering
from typing import Annotated, Any

from pydantic import AfterValidator, BeforeValidator, PlainSerializer, WithJsonSchema

_YEAR = re.compile(r"^(\d{4})-(\d{2})$")
_QUARTER = re.compile(r"^(\d{4}-\d{2}) Q([1-4])$")


def check_year(text: str) -> str:
    """`2019-20`, the second part the year after the first; ValueError otherwise."""
    match = _YEAR.match(text)
    if match is None or (int(match[1]) + 1) % 100 != int(match[2]):
        raise ValueError(f"{text!r} is not a fiscal year; write it as 2019-20 (July 2019 to June 2020)")
    return text


def previous_year(year: str) -> str:
    start = int(year[:4]) - 1
    return f"{start}-{(start + 1) % 100:02d}"


@total_ordering
@dataclass(frozen=True)
class Quarter:
    """One quarter of a fiscal year: `Quarter("2019-20", 1)`, written `2019-20 Q1`."""

    year: str
    number: int

    @classmethod
    def parse(cls, text: str) -> Quarter:
        match = _QUARTER.match(text) if isinstance(text, str) else None
        if match is None:
            raise ValueError(f"{text!r} is not a quarter; write it as 2019-20 Q1 (fiscal year, then Q1 to Q4)")
        return cls(check_year(match[1]), int(match[2]))

    def __str__(self) -> str:
        return f"{self.year} Q{self.number}"

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, Quarter):
            return NotImplemented
        return (self.year, self.number) < (other.year, other.number)

    @property
    def label(self) -> str:
        """As pages and summaries say it: `Q1 FY2019-20`."""
        return f"Q{self.number} FY{self.year}"

    @property
    def short(self) -> str:
        """`Q1`: a column of a table that shows one fiscal year."""
        return f"Q{self.number}"

    def previous(self) -> Quarter:
        if self.number == 1:
            return Quarter(previous_year(self.year), 4)
        return Quarter(self.year, self.number - 1)

    def year_earlier(self) -> Quarter:
        return Quarter(previous_year(self.year), self.number)


def quarters_of(year: str) -> tuple[Quarter, ...]:
    return tuple(Quarter(year, number) for number in range(1, 5))


def _parse_quarter(value: Any) -> Any:
    return Quarter.parse(value) if isinstance(value, str) else value


# Field types for the models: a fiscal year is text checked on the way in; a quarter is parsed from text.
FiscalYear = Annotated[str, AfterValidator(check_year)]
QuarterKey = Annotated[
    Quarter,
    BeforeValidator(_parse_quarter),
    PlainSerializer(str),
    WithJsonSchema({"type": "string", "pattern": r"^\d{4}-\d{2} Q[1-4]$", "examples": ["2019-20 Q1"]}),
]

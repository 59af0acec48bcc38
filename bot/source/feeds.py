"""A data feed: the analysts' published table of months (TSV or CSV, a header row, columns found by name), and
the quarters a series makes of one of its columns. Offline: the text comes from bot.feeds (fetched, or the
copy kept in the state directory, or a file).

A quarter is made only from all three of its months (the mean, as the analysts do; or the sum, or the last
month), scaled (0.066 of a fraction column is 6.6%). A fault is kept with the months it touches, so that a
fault in a month no page shows never blocks one that is shown — the real files have old faults:

- a cell that is not a number, or a month given twice with different values: that month's quarter;
- a month missing between months the feed has: that month's quarter (a quarter whose months have not all
  been published yet is simply not there yet);
- a missing period or value column, or an answer that is not a table (HTML, JSON): the whole feed.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Literal

from pydantic import Field, StrictBool, StrictFloat, StrictInt

from bot.source.base import Frozen, Id, Text
from bot.source.periods import Quarter

FeedFormat = Literal["tsv", "csv"]
SEPARATORS: dict[FeedFormat, str] = {"tsv": "\t", "csv": ","}
Aggregate = Literal["mean", "sum", "last"]
_MONTH = re.compile(r"^(\d{4})-(\d{2})-01$")
_NUMBER = re.compile(r"^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$")


class FeedSeries(Frozen):
    """`from_feed:` of a metric: the feed column its quarters come from, and how they are shown."""

    feed: Id = Field(description="name of a feed of the settings (`feeds:`)")
    column: Text = Field(description="the feed's column, by its header: active_editors")
    quarter: Aggregate = Field("mean", description="how a quarter is made of its three months")
    scale: StrictInt | StrictFloat = Field(1, gt=0, description="multiplies each month: 100 for a fraction as %")
    kind: Literal["count", "percent", "usd"] = Field("count", description="the kind of the figures it gives")
    unit: str = Field("", description="the unit of its figures: /mo")
    compact: StrictBool = Field(False, description="show thousands as K: 85392 -> 85K")


class FeedError(Exception):
    """The feed as a whole cannot be read (nothing of it is used)."""


@dataclass(frozen=True)
class Month:
    line: int
    cells: Mapping[str, str]


@dataclass(frozen=True)
class FeedTable:
    """A feed's table: its columns and, for each month, the rows that give it (a month may be repeated)."""

    origin: str  # the URL or file, as messages name it
    columns: tuple[str, ...]
    months: Mapping[date, tuple[Month, ...]]  # a row whose period is no month gives nothing: a month it
    # should have given is then missing, and named so where a shown quarter needs it

    @property
    def last_month(self) -> date | None:
        return max(self.months, default=None)


def parse_feed(text: str, origin: str, format: FeedFormat, period_column: str) -> FeedTable:
    """The table of a feed's text; FeedError when the text is no table with the period column."""
    stripped = text.lstrip("\ufeff \t\r\n")
    if stripped[:1] in ("<", "{", "["):
        what = "HTML" if stripped[:1] == "<" else "JSON"
        raise FeedError(f"{origin}: the answer is {what}, not a {format.upper()} table with a header row")
    lines = text.lstrip("\ufeff").splitlines()
    separator = SEPARATORS[format]
    header = [name.strip() for name in (lines[0] if lines else "").split(separator)]
    if period_column not in header:
        names = ", ".join(header[:8]) or "nothing"
        raise FeedError(f"{origin}:1: no column {period_column!r} (the header row has {names}, …)")
    at = header.index(period_column)
    months: dict[date, list[Month]] = {}
    for number, line in enumerate(lines[1:], 2):
        if not line.strip():
            continue
        cells = line.split(separator)
        period = cells[at].strip() if at < len(cells) else ""
        found = _MONTH.match(period)
        if found is None or not 1 <= int(found[2]) <= 12:
            continue
        row = {name: cells[i].strip() for i, name in enumerate(header) if i < len(cells)}
        months.setdefault(date(int(found[1]), int(found[2]), 1), []).append(Month(number, row))
    return FeedTable(origin, tuple(header), {m: tuple(rows) for m, rows in months.items()})


@dataclass(frozen=True)
class FeedQuarters:
    """What one column of a feed gives a series: each complete quarter, each month, and the faults by quarter."""

    values: dict[Quarter, Decimal] = field(default_factory=dict)
    months: dict[date, Decimal] = field(default_factory=dict)
    faults: dict[Quarter, str] = field(default_factory=dict)


def quarter_of(month: date, first_month: int) -> Quarter:
    """The fiscal quarter of a month, for a fiscal year that starts in `first_month` (7: July)."""
    start = month.year if month.month >= first_month else month.year - 1
    offset = (month.month - first_month) % 12
    return Quarter(f"{start}-{(start + 1) % 100:02d}", offset // 3 + 1)


def months_of(quarter: Quarter, first_month: int) -> tuple[date, date, date]:
    start = int(quarter.year[:4])
    found = []
    for offset in range((quarter.number - 1) * 3, quarter.number * 3):
        month = first_month + offset
        found.append(date(start + (month - 1) // 12, (month - 1) % 12 + 1, 1))
    return found[0], found[1], found[2]


def feed_quarters(table: FeedTable, series: FeedSeries, first_month: int) -> FeedQuarters:
    """The quarters (and months) `series` makes of its column of `table`; FeedError without the column."""
    if series.column not in table.columns:
        raise FeedError(f"{table.origin}:1: no column {series.column!r} (the series' `from_feed: column:`)")
    result = FeedQuarters()
    for month, value, fault in _column(table, series.column, Decimal(str(series.scale))):
        if fault:
            result.faults.setdefault(quarter_of(month, first_month), fault)
        elif value is not None:
            result.months[month] = value
    first, last = min(result.months, default=None), max(result.months, default=None)
    for quarter in sorted({quarter_of(month, first_month) for month in result.months}):
        months = months_of(quarter, first_month)
        values = [result.months.get(month) for month in months]
        if quarter in result.faults or first is None or last is None or months[-1] > last or months[0] < first:
            continue  # faulty, or not all published yet (or before the column's first value)
        missing = [month for month, value in zip(months, values, strict=True) if value is None]
        if missing:
            result.faults[quarter] = (
                f"{table.origin}: column {series.column!r} has no value for {missing[0]:%Y-%m-%d}, "
                f"a month before the feed's last ({last:%Y-%m-%d})"
            )
            continue
        result.values[quarter] = _aggregate([v for v in values if v is not None], series.quarter)
    return result


def _column(table: FeedTable, column: str, scale: Decimal) -> Iterator[tuple[date, Decimal | None, str]]:
    """Each month's value of `column` (None: empty), or the fault that makes it unusable."""
    for month, rows in sorted(table.months.items()):
        values: dict[Decimal | None, int] = {}
        for row in rows:
            text = row.cells.get(column, "")
            if text and not _NUMBER.match(text):  # the pattern admits what Decimal reads, and no nan or inf
                yield month, None, f"{table.origin}:{row.line}: column {column!r}: {text[:40]!r} is not a number"
                break
            values.setdefault(Decimal(text) * scale if text else None, row.line)
        else:
            if len(values) > 1:
                lines = " and ".join(str(line) for line in values.values())
                yield month, None, f"{table.origin}:{lines}: {month:%Y-%m-%d} is given twice with different {column!r}"
            else:
                yield month, next(iter(values)), ""


def _aggregate(values: list[Decimal], how: Aggregate) -> Decimal:
    if how == "sum":
        return sum(values, Decimal(0))
    if how == "last":
        return values[-1]
    return sum(values, Decimal(0)) / len(values)

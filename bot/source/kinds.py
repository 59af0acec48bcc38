"""The kinds of number a figure holds — one entry each, with everything the bot does differently per kind.

A figure in YAML is `{<kind>: <number>, …}`; the kind decides how it is shown on the page (86K, 6.6%, $249,000,
5.1%, -1.9 pp), what a chart's value axis calls it, whether a goal of it is a level or a change (and a change of
which kinds), and the decimals a worked-out level of it is rounded to. Adding a kind is one entry here, its field
on `bot.source.figures.Figure` and its name in `Kind`; tests/source/test_figure_kinds.py fails until all three
agree and the entry's example reads back as written.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Kind = Literal["text", "count", "percent", "usd", "change", "points"]


@dataclass(frozen=True)
class FigureKind:
    key: Kind  # the YAML key: {count: 86000}
    words: str  # in messages: "is reported as a relative change (%)"
    axis_title: str  # a chart's value axis: "Count"
    prefix: str = ""  # before the number on the page: "$"
    suffix: str = ""  # after it: "%", " pp"
    change_of: frozenset[Kind] = frozenset()  # a change measures the kinds listed; empty: a level
    whole: bool = False  # a worked-out level of this kind is rounded to a whole number (a goal line's point)
    compacts: bool = False  # `compact: true` shows thousands as K
    places: int = 0  # decimals a computed figure of this kind is shown with (a feed's mean, a change)
    example: str = ""  # as the deck writes one; `typed_form` reads it back as this kind

    @property
    def is_change(self) -> bool:
        """A goal of this kind is reached by the quarter's change (5% YoY), not by its value."""
        return bool(self.change_of)


FIGURE_KINDS: dict[Kind, FigureKind] = {
    kind.key: kind
    for kind in (
        FigureKind("count", "a count", "Count", whole=True, compacts=True, example="86K/mo"),
        FigureKind("percent", "a percent", "Percent", suffix="%", places=1, example="6.6%/mo"),
        FigureKind("usd", "an amount in US dollars", "US dollars", prefix="$", whole=True, example="$249,000"),
        FigureKind(
            "change",
            "a relative change (%)",
            "Change (%)",
            suffix="%",
            change_of=frozenset({"count", "percent", "usd"}),
            places=1,
            example="5.1% YoY",
        ),
        FigureKind(
            "points",
            "percentage points",
            "Percentage points",
            suffix=" pp",
            change_of=frozenset({"percent"}),
            example="-1.9 pp",
        ),
    )
}

# The number kinds, in the order they are documented; "text" is a figure without a number.
KINDS: tuple[Kind, ...] = tuple(FIGURE_KINDS)
TEXT_AXIS_TITLE = "Value"

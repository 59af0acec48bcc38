"""Figures as a reader sees them, in the source's own words: 86K/mo, 6.6%, $249,000, 5.1% YoY, -1.9 pp, 30+.

Plain text here; the caller escapes it. Numbers keep the precision written in YAML (8.0 stays 8.0) unless the
series sets `places`: then each value (not a change) is shown at that many decimals, after K for a compact
count (85,392 at 0 places is 85K), rounded half-up — figures from a feed are exact means of months. A change
shows a "+" only where its series asks for signed changes (+8.9%, +/-0%), as the deck prints them.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from bot.source.figures import Figure
from bot.source.kinds import FIGURE_KINDS
from bot.source.model import PriorityFile
from bot.wikitext.escape import Wikitext, escape


def format_number(number: Decimal) -> str:
    """1234 -> 1,234; 8.0 stays 8.0 (a reported precision); never scientific notation."""
    return format(number, ",f")


def format_figure(
    figure: Figure, source: PriorityFile | None = None, *, signed: bool = False, places: int | None = None
) -> str:
    """The figure as a reader sees it (plain text; escaped by the caller); `source` gives footnote markers,
    `places` the decimals a value is shown with (None: as written)."""
    number = figure.number
    text = str(figure.text) if number is None else _number_with_unit(figure, number, signed, places)
    if figure.note:
        text += f" ({figure.note})"
    if figure.footnote and source is not None:
        text += source.footnote(figure.footnote).marker
    return text


def _number_with_unit(figure: Figure, number: Decimal, signed: bool, places: int | None) -> str:
    kind = FIGURE_KINDS[figure.kind]
    thousands = figure.compact and abs(number) >= 1000
    shown = abs(number) / 1000 if thousands else abs(number)
    if places is not None and not kind.is_change:
        shown = rounded(shown, places)
    sign = _sign(number, signed) if kind.is_change else "-" if number < 0 and shown else ""
    text = f"{sign}{kind.prefix}{format_number(shown)}{'K' if thousands else ''}{kind.suffix}"
    if figure.at_least:
        text += "+"
    if figure.unit:
        text += figure.unit if figure.unit.startswith("/") else f" {figure.unit}"
    return text


def rounded(number: Decimal, places: int) -> Decimal:
    """NUMBER at PLACES decimals, half-up (2.45 is 2.5), as the deck rounds."""
    return number.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def _sign(number: Decimal, signed: bool) -> str:
    if number < 0:
        return "-"
    if not signed:
        return ""
    return "+" if number > 0 else "+/-"


EMPTY = Wikitext('<span title="no data">—</span>')  # a cell without data (a quarter yet to come, say)


def cell(
    figures: tuple[Figure, ...] | Figure | None,
    source: PriorityFile | None = None,
    *,
    signed: bool = False,
    places: int | None = None,
) -> Wikitext:
    """A table cell: its figures one per line, or a dash with a tooltip when the data gives none."""
    if isinstance(figures, Figure):
        figures = (figures,)
    if not figures:
        return EMPTY
    return Wikitext("<br />".join(escape(format_figure(f, source, signed=signed, places=places)) for f in figures))


def progress_bar(share: Decimal, quarter: str = "") -> Wikitext:
    """A bar and the percentage, for a share complete, and the quarter it is as of."""
    width = max(Decimal(0), min(Decimal(100), share))
    label = f"{format_number(share)}%" + (f" ({quarter})" if quarter else "")
    bar = (
        '<span style="display:inline-block;width:5em;height:0.7em;background:#eaecf0;vertical-align:middle">'
        f'<span style="display:block;height:100%;width:{format_number(width)}%;background:#36c"></span></span>'
    )
    return Wikitext(f"{bar} {escape(label)}")

"""Figures as a reader sees them, in the source's own words: 86K/mo, 6.6%, $249,000, 5.1% YoY, -1.9 pp, 30+.

Plain text here; the caller escapes it. Numbers keep the precision written in YAML (8.0 stays 8.0). A change
shows a "+" only where its series asks for signed changes (+8.9%, +/-0%), as the deck prints them.
"""

from __future__ import annotations

from decimal import Decimal

from bot.source.figures import Figure
from bot.source.kinds import FIGURE_KINDS
from bot.source.model import PriorityFile
from bot.wikitext.escape import Wikitext, escape


def format_number(number: Decimal) -> str:
    """1234 -> 1,234; 8.0 stays 8.0 (a reported precision); never scientific notation."""
    return format(number, ",f")


def format_figure(figure: Figure, source: PriorityFile | None = None, *, signed: bool = False) -> str:
    """The figure as a reader sees it (plain text; escaped by the caller); `source` gives footnote markers."""
    number = figure.number
    text = str(figure.text) if number is None else _number_with_unit(figure, number, signed)
    if figure.note:
        text += f" ({figure.note})"
    if figure.footnote and source is not None:
        text += source.footnote(figure.footnote).marker
    return text


def _number_with_unit(figure: Figure, number: Decimal, signed: bool) -> str:
    kind = FIGURE_KINDS[figure.kind]
    sign = _sign(number, signed) if kind.is_change else "-" if number < 0 else ""
    if figure.compact and abs(number) >= 1000:
        digits = f"{format_number(abs(number) / 1000)}K"
    else:
        digits = format_number(abs(number))
    text = f"{sign}{kind.prefix}{digits}{kind.suffix}"
    if figure.at_least:
        text += "+"
    if figure.unit:
        text += figure.unit if figure.unit.startswith("/") else f" {figure.unit}"
    return text


def _sign(number: Decimal, signed: bool) -> str:
    if number < 0:
        return "-"
    if not signed:
        return ""
    return "+" if number > 0 else "+/-"


EMPTY = Wikitext('<span title="no data">—</span>')  # a cell without data (a quarter yet to come, say)


def cell(
    figures: tuple[Figure, ...] | Figure | None, source: PriorityFile | None = None, *, signed: bool = False
) -> Wikitext:
    """A table cell: its figures one per line, or a dash with a tooltip when the data gives none."""
    if isinstance(figures, Figure):
        figures = (figures,)
    if not figures:
        return EMPTY
    return Wikitext("<br />".join(escape(format_figure(f, source, signed=signed)) for f in figures))


def progress_bar(share: Decimal, quarter: str = "") -> Wikitext:
    """A bar and the percentage, for a share complete, and the quarter it is as of."""
    width = max(Decimal(0), min(Decimal(100), share))
    label = f"{format_number(share)}%" + (f" ({quarter})" if quarter else "")
    bar = (
        '<span style="display:inline-block;width:5em;height:0.7em;background:#eaecf0;vertical-align:middle">'
        f'<span style="display:block;height:100%;width:{format_number(width)}%;background:#36c"></span></span>'
    )
    return Wikitext(f"{bar} {escape(label)}")

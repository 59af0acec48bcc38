"""The row format of the bot's tables, which templates write and summaries and seals read back.

Every table row the bot writes is two lines: a row mark naming the record the row shows, then the row's
cells on one line, so that one changed value changes one line of the page::

    |- data-mtp="metric:monthly-active-editors"
    | Monthly active editors increase YoY || 86K/mo || 5% YoY || 5.1% YoY<br />83K/mo* || — || — || —

Header rows are one line of ` !! `-separated cells. A cell may carry attributes before ` | ` (the bot
escapes `|` in values, so the last part is the value); a header cell's `title` attribute names its column
in full (`title="Q2 FY2019-20" | Q2`). Reading the rows back by record needs no state outside the wiki.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

ROW_MARK = re.compile(r'^\|-\s+data-mtp="([^"]*)"\s*$')
_TEMPLATE = re.compile(r"\{\{[^{}|]*\|([^{}]*)\}\}")
_TAG = re.compile(r"<[^>]*>")
_SPACES = re.compile(r"\s+")
_TITLE = re.compile(r'(?:^|\s)title="([^"]*)"')


def row_mark(kind: str, record_id: str) -> str:
    """The line that opens a row of record KIND:ID (templates call it)."""
    return f'|- data-mtp="{kind}:{record_id}"'


def row_key(line: str) -> str | None:
    """The record key ("metric:ID") of a row mark line; None for any other line."""
    match = ROW_MARK.match(line)
    return match.group(1) if match else None


def is_cells_line(lines: list[str], index: int) -> bool:
    """Whether lines[index] holds the cells of a row (it follows a row mark)."""
    return index > 0 and ROW_MARK.match(lines[index - 1]) is not None


@dataclass(frozen=True)
class Row:
    key: str  # the record, e.g. "metric:monthly-active-editors"
    cells: tuple[str, ...]  # display text of each cell, as a reader sees it
    columns: tuple[str, ...]  # the header of each cell ("" when the table gives none)


def plain(cell: str) -> str:
    """A cell's wikitext as plain words: statuses unwrapped, tags dropped, entities decoded."""
    text = cell.replace("<br />", " ")
    text = _TEMPLATE.sub(r"\1", text)
    text = _TAG.sub("", text)
    return _SPACES.sub(" ", html.unescape(text)).strip()


def cells(line: str) -> list[str]:
    """The plain text of each cell of a row or header line."""
    separator = " !! " if line.startswith("!") else " || "
    return [plain(raw.rsplit(" | ", 1)[-1]) for raw in line[1:].split(separator)]


def column_names(line: str) -> list[str]:
    """The name of each column of a header line: its `title` where it has one, else its text."""
    names = []
    for raw in line[1:].split(" !! "):
        attributes, _, value = raw.rpartition(" | ")
        title = _TITLE.search(attributes)
        names.append(html.unescape(title.group(1)) if title else plain(value))
    return names


def table_rows(content: str) -> dict[str, Row]:
    """The bot's rows in a region, keyed by record; each row carries the headers of its table."""
    rows: dict[str, Row] = {}
    headers: list[str] = []
    lines = content.split("\n")
    for index, line in enumerate(lines):
        if line.startswith("! ") and " !! " in line:
            headers = column_names(line)
            continue
        key = row_key(line)
        if key is None or index + 1 >= len(lines):
            continue
        values = cells(lines[index + 1])
        columns = tuple(headers) if len(headers) == len(values) else ("",) * len(values)
        rows[key] = Row(key, tuple(values), columns)
    return rows


_YEAR_MARK = re.compile(r' data-mtp-year="(\d{4}-\d{2})"')


def fiscal_year(content: str) -> str | None:
    """The fiscal year a region shows (`FY2019-20`), from the mark its tables carry (`data-mtp-year`)."""
    found = _YEAR_MARK.search(content)
    return f"FY{found.group(1)}" if found else None


def other_lines(content: str) -> list[str]:
    """Lines that are not table rows: captions, headers, footnotes, objectives, notes."""
    lines = content.split("\n")
    return [line for i, line in enumerate(lines) if not is_cells_line(lines, i) and row_key(line) is None]

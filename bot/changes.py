"""What changed between the published tables and the new ones, in words for the edit summary.

The bot's own tables mark every row with its record's identity (`|- data-mtp="metric:ID"`), and each
row is one line of cells. So the values on the wiki can be read back per record and per column, and
compared with the new ones: the summary names each changed figure, old → new, and each row added or
removed. Nothing here compares lines of text, and nothing needs state kept outside the wiki.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

SUMMARY_LIMIT = 500  # MediaWiki's limit on an edit summary, in characters
LABEL_LIMIT = 48
VALUE_LIMIT = 60

ROW_MARK = re.compile(r'^\|-\s+data-mtp="([^"]*)"\s*$')
_TEMPLATE = re.compile(r"\{\{[^{}|]*\|([^{}]*)\}\}")
_TAG = re.compile(r"<[^>]*>")
_SPACES = re.compile(r"\s+")
# Columns computed from others: their change is already said by the figure they come from.
DERIVED_COLUMNS = frozenset({"Progress"})
KIND_NAMES = {"key-result": "key result", "kpi": "KPI"}


@dataclass(frozen=True)
class Row:
    key: str
    cells: tuple[str, ...]  # display text of each cell, as a reader sees it
    columns: tuple[str, ...]  # the header of each cell ("" when the table gives none)

    @property
    def kind(self) -> str:
        prefix = self.key.split(":", 1)[0]
        return KIND_NAMES.get(prefix, prefix)

    @property
    def label(self) -> str:
        return shorten(self.cells[0], LABEL_LIMIT) if self.cells else self.key


def plain(cell: str) -> str:
    """A cell's wikitext as plain words: statuses unwrapped, tags dropped, entities decoded."""
    text = cell.replace("<br />", " ")
    text = _TEMPLATE.sub(r"\1", text)
    text = _TAG.sub("", text)
    return _SPACES.sub(" ", html.unescape(text)).strip()


def shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip(" ,;.") + "…"


def _cells(line: str) -> list[str]:
    separator = " !! " if line.startswith("!") else " || "
    cells = []
    for raw in line[1:].split(separator):
        # `style="…" | value`: the bot escapes `|` in values, so the last part is the value.
        cells.append(plain(raw.rsplit(" | ", 1)[-1]))
    return cells


def table_rows(content: str) -> dict[str, Row]:
    """The bot's rows in a region, keyed by record; each row carries the headers of its table."""
    rows: dict[str, Row] = {}
    headers: list[str] = []
    lines = content.split("\n")
    for index, line in enumerate(lines):
        if line.startswith("! ") and " !! " in line:
            headers = _cells(line)
            continue
        match = ROW_MARK.match(line)
        if match is None or index + 1 >= len(lines):
            continue
        cells = _cells(lines[index + 1])
        columns = tuple(headers) if len(headers) == len(cells) else ("",) * len(cells)
        rows[match.group(1)] = Row(match.group(1), tuple(cells), columns)
    return rows


def _other_lines(content: str) -> list[str]:
    """Lines that are not table rows: captions, footnotes, objectives, notes."""
    lines = content.split("\n")
    row_lines = {i + 1 for i, line in enumerate(lines) if ROW_MARK.match(line)}
    return [line for i, line in enumerate(lines) if i not in row_lines and not ROW_MARK.match(line)]


def describe_region(name: str, old: str, new: str) -> list[str]:
    """Each change of one region, in words, in the order of the new table."""
    if old == new:
        return []
    old_rows, new_rows = table_rows(old), table_rows(new)
    if not old_rows and not old.strip():
        # Markers a human just added: the whole region is new, row by row would say nothing more.
        return [f"first publish of {name}" + (f" ({len(new_rows)} rows)" if new_rows else "")]
    items: list[str] = []
    for key, row in new_rows.items():
        before = old_rows.get(key)
        if before is None:
            items.append(f"added {row.kind} {row.label}")
            continue
        if len(before.cells) != len(row.cells):
            items.append(f"{row.label}: columns changed")
            continue
        for column, was, now in zip(row.columns, before.cells, row.cells, strict=True):
            if was != now and column not in DERIVED_COLUMNS:
                where = f"{row.label} {column}".rstrip()
                items.append(f"{where}: {shorten(was, VALUE_LIMIT)} → {shorten(now, VALUE_LIMIT)}")
    items.extend(f"removed {row.kind} {row.label}" for key, row in old_rows.items() if key not in new_rows)
    if _other_lines(old) != _other_lines(new):
        items.append(f"{name}: layout or notes updated" if items or new_rows else f"{name} updated")
    return items


def describe(old_regions: Mapping[str, str], new_regions: Mapping[str, str]) -> list[str]:
    items: list[str] = []
    for name, new in new_regions.items():
        items.extend(describe_region(name, old_regions.get(name, ""), new))
    return items


def summary(prefix: str, items: Sequence[str], source: str = "", limit: int = SUMMARY_LIMIT) -> str:
    """`prefix: item; item; …and N more (data abc1234)`, within MediaWiki's length limit."""
    tail = f" (data {source})" if source else ""
    head = f"{prefix}: " if prefix else ""
    text = head + "; ".join(items) + tail
    if len(text) <= limit:
        return _inert(text)
    kept: list[str] = []
    for count, item in enumerate(items):
        more = f"; …and {len(items) - count} more"
        candidate = head + "; ".join([*kept, item]) + f"; …and {len(items) - count - 1} more" + tail
        if len(candidate) > limit:
            return _inert(head + "; ".join(kept) + more + tail)
        kept.append(item)
    return _inert(text)


def _inert(text: str) -> str:
    # Summaries are not wikitext, but MediaWiki still links [[…]] and turns /* … */ into section links.
    return text.replace("[[", "[\u200b[").replace("/*", "/\u200b*")

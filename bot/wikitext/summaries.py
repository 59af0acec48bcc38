"""What changed between the published tables and the new ones, in words for the edit summary.

The bot's rows are read back per record and per column (bot.wikitext.rows) and compared with the new
ones: the summary names each changed figure, old → new, and each row added or removed. Nothing here
compares lines of text, and nothing needs state kept outside the wiki.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from bot.wikitext.derived import BY_LABEL
from bot.wikitext.embeds import embedded_charts
from bot.wikitext.rows import Row, fiscal_year, other_lines, table_rows
from bot.wikitext.summary_text import SUMMARY_LIMIT, fit

__all__ = ["SUMMARY_LIMIT", "describe", "describe_region", "shorten", "summary"]
LABEL_LIMIT = 48
VALUE_LIMIT = 60

EMPTY = "—"  # a cell without data
KIND_NAMES = {"key-result": "key result", "kpi": "KPI"}


def shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip(" ,;.") + "…"


def _kind(row: Row) -> str:
    prefix = row.key.split(":", 1)[0]
    return KIND_NAMES.get(prefix, prefix)


def _label(row: Row) -> str:
    return shorten(row.cells[0], LABEL_LIMIT) if row.cells else row.key


def _changed_cells(before: Row, row: Row) -> list[str]:
    if len(before.cells) != len(row.cells):
        return [f"{_label(row)}: columns changed"]
    items = []
    for column, was, now in zip(row.columns, before.cells, row.cells, strict=True):
        if was != now and column not in BY_LABEL:  # derived: said by the figure it comes from
            items.append(f"{_label(row)} {column}".rstrip() + ": " + _change(was, now))
    return items


def _change(was: str, now: str) -> str:
    if was == EMPTY:
        return f"added {shorten(now, VALUE_LIMIT)}"
    if now == EMPTY:
        return f"removed {shorten(was, VALUE_LIMIT)}"
    return f"{shorten(was, VALUE_LIMIT)} → {shorten(now, VALUE_LIMIT)}"


def describe_region(name: str, old: str, new: str) -> list[str]:
    """Each change of one region, in words, in the order of the new table."""
    if old == new:
        return []
    old_rows, new_rows = table_rows(old), table_rows(new)
    if not old_rows and not old.strip():
        # Markers a human just added: the whole region is new, row by row would say nothing more.
        return [f"first publish of {name}" + (f" ({len(new_rows)} rows)" if new_rows else "")]
    # A page moving on to the next fiscal year, or other columns: cell by cell would compare unlike cells.
    year = fiscal_year(new)
    if year != fiscal_year(old):
        return [f"{name}: now {year}" if year else f"{name}: rewritten"]
    other = next((r.columns for k, r in new_rows.items() if k in old_rows and r.columns != old_rows[k].columns), None)
    if other is not None:
        return [f"{name}: columns now {', '.join(column for column in other if column)}"]
    items: list[str] = []
    for key, row in new_rows.items():
        before = old_rows.get(key)
        items.extend(_changed_cells(before, row) if before is not None else [f"added {_kind(row)} {_label(row)}"])
    items.extend(f"removed {_kind(row)} {_label(row)}" for key, row in old_rows.items() if key not in new_rows)
    items.extend(_chart_changes(old, new))
    if _other_lines(old) != _other_lines(new):
        items.append(f"{name}: layout or notes updated" if items or new_rows else f"{name} updated")
    return items


def describe(old_regions: Mapping[str, str], new_regions: Mapping[str, str]) -> list[str]:
    items: list[str] = []
    for name, new in new_regions.items():
        items.extend(describe_region(name, old_regions.get(name, ""), new))
    return items


def summary(prefix: str, items: Sequence[str], source: str = "", limit: int = SUMMARY_LIMIT) -> str:
    """`prefix: item; item; …and N more (data abc1234)`, inert and within MediaWiki's length limit once
    MediaWiki has cleaned it (bot.wikitext.summary_text)."""
    return fit(f"{prefix}: " if prefix else "", items, f" (data {source})" if source else "", limit)


def _chart_changes(old: str, new: str) -> list[str]:
    """Charts (`{{#chart:…}}`) added or removed, by the series they draw: the last part of their name."""
    before, after = embedded_charts(old), embedded_charts(new)
    added = [f"added chart {_series(name)}" for name in after if name not in before]
    return added + [f"removed chart {_series(name)}" for name in before if name not in after]


def _series(chart: str) -> str:
    return shorten(chart.removesuffix(".chart").rsplit("/", 1)[-1], LABEL_LIMIT)


def _other_lines(content: str) -> list[str]:
    """Lines that are neither table rows nor charts (those are said by name)."""
    charts = {f"{{{{#chart:{name}}}}}" for name in embedded_charts(content)}
    return [line for line in other_lines(content) if line not in charts]

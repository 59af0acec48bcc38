"""Rules across records, on the raw document, so that they are reported in the same run as the field errors:
ids unique, footnotes and metrics that are referred to exist, every quarter in the plan's fiscal years.
(The rules that need typed figures are in bot.source.rules.)

Each check yields (path, message) pairs; the loader turns a path into the line it was written on.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

from bot.source.base import ID_PATTERN
from bot.source.periods import Quarter, check_year
from bot.source.yaml_lines import KEY, Loc

RawCheck = Callable[[Any], Iterator[tuple[Loc, str]]]

# Which lists hold records whose `id` must be unique within the file, by the path of the list.
# Metrics and KPIs share one scope: a key result refers to either by its id.
_ID_SCOPES: dict[str, tuple[tuple[str, ...], ...]] = {
    "footnotes": (("footnotes",),),
    "outcomes": (("outcomes",),),
    "deliverables": (("outcomes", "*", "deliverables"),),
    "key results": (("outcomes", "*", "deliverables", "*", "key_results"),),
    "metrics and KPIs": (("metrics",), ("kpis",)),
}


def check_unique_ids(data: Any) -> Iterator[tuple[Loc, str]]:
    for scope, patterns in _ID_SCOPES.items():
        first: dict[str, Loc] = {}
        records = (found for pattern in patterns for found in _records(data, pattern))
        for loc, record in records:
            record_id = record.get("id")
            if not isinstance(record_id, str):
                continue
            if record_id in first:
                earlier = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in first[record_id])
                yield (
                    (*loc, "id"),
                    f"duplicate id '{record_id}' (already used by {earlier.lstrip('.')}); ids of {scope} must be "
                    "unique in the file: rename one",
                )
            else:
                first[record_id] = loc


def check_footnote_references(data: Any) -> Iterator[tuple[Loc, str]]:
    if not isinstance(data, dict):
        return
    notes = data.get("footnotes")
    if not isinstance(notes, list):
        notes = []
    defined = {n["id"] for n in notes if isinstance(n, dict) and isinstance(n.get("id"), str)}
    for loc, value in _walk(data, ()):
        if loc and loc[-1] == "footnote" and isinstance(value, str) and value and value not in defined:
            known = ", ".join(sorted(str(d) for d in defined if d)) or "none yet"
            yield (
                loc,
                f"footnote '{value}' is not defined (defined: {known}); add it under `footnotes:` with an "
                "id, a marker and its text, or remove the reference",
            )


def _records(data: Any, pattern: tuple[str, ...], loc: Loc = ()) -> Iterator[tuple[Loc, dict[str, Any]]]:
    if not pattern:
        if isinstance(data, list):
            for index, item in enumerate(data):
                if isinstance(item, dict):
                    yield (*loc, index), item
        return
    head, rest = pattern[0], pattern[1:]
    if head == "*":
        if isinstance(data, list):
            for index, item in enumerate(data):
                yield from _records(item, rest, (*loc, index))
    elif isinstance(data, dict) and head in data:
        yield from _records(data[head], rest, (*loc, head))


def _walk(data: Any, loc: Loc) -> Iterator[tuple[Loc, Any]]:
    yield loc, data
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _walk(value, (*loc, str(key)))
    elif isinstance(data, list):
        for index, item in enumerate(data):
            yield from _walk(item, (*loc, index))


_ID = re.compile(ID_PATTERN)  # an id as the model types it; another gets the field's own error
_MEASURED = (("metrics",), ("kpis",))
_KEY_RESULTS = ("outcomes", "*", "deliverables", "*", "key_results")
_SERIES = (*_MEASURED, _KEY_RESULTS)


def check_metric_references(data: Any) -> Iterator[tuple[Loc, str]]:
    metrics = [record for pattern in _MEASURED for _, record in _records(data, pattern)]
    known = [record["id"] for record in metrics if isinstance(record.get("id"), str)]
    listed = ", ".join(known) or "none yet"
    for loc, record in _records(data, _KEY_RESULTS):
        metric = record.get("metric")
        if isinstance(metric, str) and _ID.match(metric) and metric not in known:
            yield (*loc, "metric"), f"no metric or KPI has the id '{metric}' (ids: {listed}); fix the id or add it"


def check_quarters_in_plan(data: Any) -> Iterator[tuple[Loc, str]]:
    years = data.get("fiscal_years") if isinstance(data, dict) else None
    if not isinstance(years, list):
        return  # the field error says what to write
    plan = ", ".join(str(year) for year in years)
    for loc, written, year in _periods(data):
        if year not in years:
            what = "is not a fiscal year" if written == year else "is outside the fiscal years"
            yield (*loc, KEY), f"{written} {what} of this file ({plan}); fix it, or add its year to `fiscal_years:`"


def _periods(data: Any) -> Iterator[tuple[Loc, str, str]]:
    """Every fiscal year (goals) and quarter the file gives figures for: path, as written, its fiscal year.
    What is neither is left to the field's own error."""
    keyed: list[tuple[Loc, dict[str, Any], str, bool]] = [
        (loc, record, field, field == "goals")
        for pattern in _SERIES
        for loc, record in _records(data, pattern)
        for field in ("goals", "quarters")
    ]
    keyed += [(loc, d, "status", False) for loc, d in _records(data, ("outcomes", "*", "deliverables"))]
    keyed += [((), data, field, False) for field in ("sources", "grants")] if isinstance(data, dict) else []
    for loc, record, field, by_year in keyed:
        periods = record.get(field)
        for key in periods if isinstance(periods, dict) else ():
            year = _year_of(str(key), by_year)
            if year is not None:
                yield (*loc, field, str(key)), str(key), year


def _year_of(written: str, by_year: bool) -> str | None:
    try:
        return check_year(written) if by_year else Quarter.parse(written).year
    except ValueError:
        return None


RAW_CHECKS: tuple[RawCheck, ...] = (
    check_unique_ids,
    check_footnote_references,
    check_metric_references,
    check_quarters_in_plan,
)

"""Rules across records, checked on the raw document so that they are reported in the same run as the
field errors: ids unique within their list, every footnote reference defined.

Each check yields (path, message) pairs; the loader turns a path into the line it was written on.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from bot.source.yaml_lines import Loc

RawCheck = Callable[[Any], Iterator[tuple[Loc, str]]]

# Which lists hold records whose `id` must be unique within the file, by the path of the list.
_ID_SCOPES = {
    "footnotes": ("footnotes",),
    "outcomes": ("outcomes",),
    "deliverables": ("outcomes", "*", "deliverables"),
    "key results": ("outcomes", "*", "deliverables", "*", "key_results"),
    "metrics": ("metrics",),
    "kpis": ("kpis",),
}


def check_unique_ids(data: Any) -> Iterator[tuple[Loc, str]]:
    for scope, pattern in _ID_SCOPES.items():
        first: dict[str, Loc] = {}
        for loc, record in _records(data, pattern):
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


REPORT_CHECKS: tuple[RawCheck, ...] = (check_unique_ids, check_footnote_references)

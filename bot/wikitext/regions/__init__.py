"""A page's managed regions: its markers, paired by name (this module), and how the bot reads and writes them:

    markers.py    the marker comments and their names        tree.py       the markers as mwparserfromhell sees them
    placement.py  where a multi-line table can stand          structure.py  a region's content keeps its shape
    splice.py     new content into the regions, the rest kept  seals.py      checksums of regions and rows
    errors.py     the errors of a page's markers and regions

A begin marker and its end marker must be siblings in the same node list (both inside the same template
argument, tag or link, or both outside it); otherwise replacing the text between them could cut a template
or tag in half. Both must also stand where the bot's multi-line table can (bot.wikitext.regions.placement): not inside a
template, link, heading, table or inline tag, and with nothing after the end marker on its line. Each rule below
raises the error of the first marker in page order that breaks it.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.wikitext.regions import errors as region_errors
from bot.wikitext.regions.markers import Marker
from bot.wikitext.regions.placement import check_placement
from bot.wikitext.regions.tree import read_markers

__all__ = ["PageRegions", "Region", "find_regions", "read_regions"]


@dataclass(frozen=True)
class Region:
    """One managed region of a page."""

    name: str
    attributes: str  # raw text after NAME in the begin marker, stripped; "" when none
    content: str  # the exact text between the begin comment and the end comment
    start: int  # offset in the page of the content (just after the begin comment)
    end: int  # offset in the page just after the content (where the end comment starts)
    line: int  # 1-based line of the begin marker


@dataclass(frozen=True)
class PageRegions:
    """What reading a page gives: its regions in page order, and the begin marker of each by name."""

    regions: list[Region]
    begins: dict[str, Marker]


def find_regions(text: str, *, title: str = "") -> dict[str, Region]:
    """Every managed region of TEXT, in page order. Raises MarkerError on any marker problem."""
    return {region.name: region for region in read_regions(text, title).regions}


def read_regions(text: str, title: str) -> PageRegions:
    """Parse TEXT, check every marker, and pair them into regions."""
    markers = read_markers(text, title)
    begins, ends = _unique(title, markers)
    _paired(title, markers, begins, ends)
    for name, begin in begins.items():
        _siblings_in_order(title, begin, ends[name])
    for name, begin in begins.items():
        _not_nested(title, markers, begin, ends[name])
    check_placement(text, title, markers, begins)
    regions = [
        Region(name, begin.attributes, text[begin.end : ends[name].start], begin.end, ends[name].start, begin.line)
        for name, begin in begins.items()
    ]
    return PageRegions(sorted(regions, key=lambda region: region.start), begins)


def _unique(title: str, markers: list[Marker]) -> tuple[dict[str, Marker], dict[str, Marker]]:
    """The begin and the end markers by name; a region has at most one of each."""
    begins: dict[str, Marker] = {}
    ends: dict[str, Marker] = {}
    for marker in markers:
        seen = begins if marker.kind == "begin" else ends
        if marker.name in seen:
            raise region_errors.duplicate(title, marker, seen[marker.name])
        seen[marker.name] = marker
    return begins, ends


def _paired(title: str, markers: list[Marker], begins: dict[str, Marker], ends: dict[str, Marker]) -> None:
    """Every begin marker has an end marker and every end marker a begin marker."""
    for marker in markers:
        if marker.kind == "begin" and marker.name not in ends:
            raise region_errors.missing_end(title, marker)
        if marker.kind == "end" and marker.name not in begins:
            raise region_errors.missing_begin(title, marker)


def _siblings_in_order(title: str, begin: Marker, end: Marker) -> None:
    """The two markers of a region are siblings, the begin marker first."""
    if begin.path[:-1] != end.path[:-1]:
        raise region_errors.unbalanced(title, begin, end)
    if end.start < begin.start:
        raise region_errors.end_before_begin(title, begin, end)


def _not_nested(title: str, markers: list[Marker], begin: Marker, end: Marker) -> None:
    """No marker sits between the two markers of a region, however deep in the tree."""
    depth = len(begin.path) - 1
    for other in markers:
        inside = (
            len(other.path) > depth
            and other.path[:depth] == begin.path[:-1]
            and begin.path[-1] < other.path[depth] < end.path[-1]
        )
        if inside:
            raise region_errors.nested(title, other, begin, end)

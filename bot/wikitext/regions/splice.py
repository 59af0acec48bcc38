"""Writing a page: new contents (and begin-marker attributes) spliced into its managed regions.

Every byte outside the replaced contents is kept: splicing joins slices of the original text at offsets
measured on the parse tree, and the result is read back to prove the markers are where they were.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping

from bot.wikitext.regions import Region, find_regions, read_regions
from bot.wikitext.regions.errors import ContentError, MarkerError, MissingRegionsError
from bot.wikitext.regions.markers import Marker, begin_marker, check_name
from bot.wikitext.regions.structure import check_structure, probe

__all__ = ["apply_edits", "splice"]


def splice(
    text: str, contents: Mapping[str, str], *, attributes: Mapping[str, str] | None = None, title: str = ""
) -> str:
    """Replace the content of each region named in CONTENTS; everything else stays byte-identical.

    With ATTRIBUTES, the begin markers of those regions are rewritten to carry them, in the same pass (one
    parse and one read-back for the whole page, however many regions); a begin marker that already carries
    exactly these attributes is left as it is, so that a marker a human spaced differently does not cause an
    edit of its own. Raises MarkerError if the page's markers are broken, MissingRegionsError if a named
    region is not on the page, and ContentError if the new content would change where the markers are.
    Raises ValueError for a name no marker could carry.
    """
    attributes = attributes or {}
    for name in (*contents, *attributes):
        check_name(name)
    page = read_regions(text, title)
    regions = {region.name: region for region in page.regions}
    missing = [name for name in dict.fromkeys((*contents, *attributes)) if name not in regions]
    if missing:
        raise MissingRegionsError(title, missing)
    markers = {
        name: begin_marker(name, value)
        for name, value in attributes.items()
        if regions[name].attributes != value.strip()
    }
    result = _replace(text, regions, contents, {name: (page.begins[name], m) for name, m in markers.items()})
    expected = _expected(regions, contents)
    for name in markers:
        expected[name] = dataclasses.replace(expected[name], attributes=attributes[name].strip())
    try:
        _verify(result, expected, [*contents, *markers], title)
    except ContentError as error:
        if len(contents) <= 1:
            raise
        raise ContentError(title, _culprits(text, regions, contents, title), error.reason) from error
    changed = [name for name in regions if name in contents and contents[name] != regions[name].content]
    if changed:  # the page outside the regions must parse as it did (bot.wikitext.regions.structure)
        nested = {name: probe(contents[name]) for name in changed if len(page.begins[name].path) > 1}
        probed = [_replace(text, regions, nested)] if nested else []  # inside a node, "|" may split it
        check_structure(text, (result, *probed), title, changed, regions[changed[0]].line)
    return result


def apply_edits(text: str, edits: list[tuple[int, int, str]]) -> str:
    """TEXT with each (start, end) span replaced; the spans do not overlap. Untouched bytes are slices."""
    parts: list[str] = []
    cursor = 0
    for start, end, new in sorted(edits):
        parts += [text[cursor:start], new]
        cursor = end
    parts.append(text[cursor:])
    return "".join(parts)


def _replace(
    text: str,
    regions: Mapping[str, Region],
    contents: Mapping[str, str],
    markers: Mapping[str, tuple[Marker, str]] | None = None,
) -> str:
    """TEXT with the named regions' contents (and begin markers) replaced: slices of the original joined."""
    edits = [(regions[name].start, regions[name].end, new) for name, new in contents.items()]
    edits += [(begin.start, begin.end, marker) for begin, marker in (markers or {}).values()]
    return apply_edits(text, edits)


def _expected(regions: Mapping[str, Region], contents: Mapping[str, str]) -> dict[str, Region]:
    return {
        name: dataclasses.replace(region, content=contents.get(name, region.content))
        for name, region in regions.items()
    }


def _verify(result: str, expected: Mapping[str, Region], names: Iterable[str], title: str) -> None:
    """Read the new page back: the same regions in the same order, each holding what was written.

    The new text differs only inside the replaced contents, but those can change how the rest parses (an
    unclosed "{{" swallows the end marker), so the result is checked rather than trusted.
    """
    try:
        after = find_regions(result, title=title)
    except MarkerError as error:
        raise ContentError(title, names, error.message) from error
    want = [(region.name, region.attributes, region.content) for region in expected.values()]
    got = [(region.name, region.attributes, region.content) for region in after.values()]
    if got != want:
        raise ContentError(title, names, "the regions read back from the new page differ from those written.")


def _culprits(text: str, regions: Mapping[str, Region], contents: Mapping[str, str], title: str) -> list[str]:
    """The names whose new content breaks the page on its own (all of them if they do so only together)."""
    alone = []
    for name, new in contents.items():
        try:
            _verify(_replace(text, regions, {name: new}), _expected(regions, {name: new}), [name], title)
        except ContentError:
            alone.append(name)
    return alone or list(contents)

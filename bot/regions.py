"""Find and splice the bot's managed regions in a wiki page.

A page belongs to humans except between markers the bot owns::

    <!-- mtpbot:begin NAME [attributes] -->
    ...content the bot writes...
    <!-- mtpbot:end NAME -->

Markers are HTML comments as mwparserfromhell sees them, so a marker shown inside <nowiki>, <pre>,
<syntaxhighlight>... is plain text, not a marker. A begin marker and its end marker must be siblings in the
same node list (both inside the same template argument, tag or link, or both outside it); otherwise
replacing the text between them could cut a template or tag in half.

Nothing is guessed: a missing, duplicated, nested, unbalanced or malformed marker raises a RegionError that
names the page, the region and the line, and says what to fix. Every byte outside the replaced contents is
kept: splicing joins slices of the original text at offsets measured on the parse tree, and the result is
read back to prove the markers are where they were.

This is the only module that imports mwparserfromhell.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Literal

import mwparserfromhell
from mwparserfromhell.definitions import PARSER_BLACKLIST, is_parsable
from mwparserfromhell.nodes import (
    Argument,
    Comment,
    ExternalLink,
    Heading,
    Node,
    Tag,
    Template,
    Text,
    Wikilink,
)
from mwparserfromhell.wikicode import Wikicode

from bot.errors import RegionError

__all__ = [
    "NAME_PATTERN",
    "ContentError",
    "MarkerError",
    "MissingRegionsError",
    "Region",
    "begin_marker",
    "bots_exclusion",
    "end_marker",
    "find_regions",
    "find_rendered_regions",
    "is_valid_name",
    "missing_regions",
    "set_attributes",
    "splice",
    "splice_rendered",
]

NAME_PATTERN = r"[A-Za-z0-9][A-Za-z0-9_.-]*"
_NAME = re.compile(NAME_PATTERN)
_BEGIN = re.compile(rf"\s*mtpbot:begin\s+(?P<name>{NAME_PATTERN})(?:\s+(?P<attributes>.*?))?\s*", re.DOTALL)
_END = re.compile(rf"\s*mtpbot:end\s+(?P<name>{NAME_PATTERN})\s*", re.DOTALL)
# What a human meant as a marker, however mistyped. "mtpbot:" alone stays allowed in notes such as
# "<!-- mtpbot: do not edit below -->", hence begin/end must follow.
_MENTION = re.compile(r"mtpbot\s*:\s*(?P<word>begin|end)\b\s*(?P<name>\S*)", re.IGNORECASE)
# A marker mwparserfromhell left as text: an unclosed "<!--" (MediaWiki hides the rest of the page), or a
# comment where mwparserfromhell parses none, such as in an HTML tag's attributes.
_UNPARSED = re.compile(r"<!--\s*mtpbot\s*:", re.IGNORECASE)
_TOP = "at the top level of the page"

Kind = Literal["begin", "end"]


def is_valid_name(name: str) -> bool:
    """Whether NAME can be a region name (configuration validation uses this)."""
    return _NAME.fullmatch(name) is not None


def begin_marker(name: str, attributes: str = "") -> str:
    """The begin-marker comment of region NAME, e.g. ``<!-- mtpbot:begin metrics sha=1a2b -->``.

    Raises ValueError for an invalid name, or for attributes that span lines or contain "--" (which could
    close the comment early, and is not allowed in an HTML comment).
    """
    _check_name(name)
    attributes = attributes.strip()
    if "--" in attributes or "\n" in attributes or "\r" in attributes:
        raise ValueError(f"marker attributes must be one line without '--': {attributes!r}")
    return f"<!-- mtpbot:begin {name} {attributes} -->" if attributes else f"<!-- mtpbot:begin {name} -->"


def end_marker(name: str) -> str:
    """The end-marker comment of region NAME, e.g. ``<!-- mtpbot:end metrics -->``."""
    _check_name(name)
    return f"<!-- mtpbot:end {name} -->"


@dataclass(frozen=True)
class Region:
    """One managed region of a page."""

    name: str
    attributes: str  # raw text after NAME in the begin marker, stripped; "" when none
    content: str  # the exact text between the begin comment and the end comment
    start: int  # offset in the page of the content (just after the begin comment)
    end: int  # offset in the page just after the content (where the end comment starts)
    line: int  # 1-based line of the begin marker


class MarkerError(RegionError):
    """A page's markers are malformed, duplicated, unpaired, nested or unbalanced.

    `kind` is a stable code: "malformed", "unparsed", "duplicate", "missing-end", "missing-begin",
    "end-before-begin", "unbalanced", "nested" or "unreadable". `line` is 1-based (0: no line).
    """

    def __init__(self, kind: str, message: str, hint: str, *, name: str, line: int) -> None:
        super().__init__(message, hint)
        self.kind = kind
        self.name = name
        self.line = line


class MissingRegionsError(RegionError):
    """The page lacks regions the bot was asked to write; `names` lists them."""

    kind = "missing"

    def __init__(self, title: str, names: Iterable[str]) -> None:
        self.names = tuple(names)
        quoted = _and(f'"{name}"' for name in self.names)
        if len(self.names) == 1:
            heading = (
                f"{_page(title)} has no managed region {quoted}. Add these two lines where the bot should write it:"
            )
        else:
            heading = (
                f"{_page(title)} has no managed regions {quoted}. "
                "Add each pair of lines where the bot should write that region:"
            )
        lines = [line for name in self.names for line in (begin_marker(name), end_marker(name))]
        super().__init__(
            "\n".join([heading, *lines]),
            "Edit the page on the wiki to add the marker lines (the bot never adds markers to human text), "
            "then run the bot again.",
        )


class ContentError(RegionError):
    """New content for a region would break the page's markers: a rendering bug, not a page problem."""

    kind = "content"

    def __init__(self, title: str, names: Iterable[str], reason: str) -> None:
        self.names = tuple(names)
        self.reason = reason
        quoted = _and(f'"{name}"' for name in self.names)
        super().__init__(
            f"{_page(title)}: the new content for region {quoted} would change the page's markers: {reason}",
            f"This is a bug in what the bot rendered for {quoted}, not in the page: rendered content must "
            'not contain mtpbot markers, an unclosed "<!--", or markup that closes a template, link or tag '
            "it did not open.",
        )


def find_regions(text: str, *, title: str = "") -> dict[str, Region]:
    """Every managed region of TEXT, in page order. Raises MarkerError on any marker problem."""
    return {region.name: region for region in _read(text, title).regions}


def missing_regions(text: str, names: Iterable[str], *, title: str = "") -> list[str]:
    """The NAMES (deduplicated, in the given order) that have no region on the page."""
    regions = find_regions(text, title=title)
    return [name for name in dict.fromkeys(names) if name not in regions]


def splice(
    text: str, contents: Mapping[str, str], *, attributes: Mapping[str, str] | None = None, title: str = ""
) -> str:
    """Replace the content of each region named in CONTENTS; everything else stays byte-identical.

    With ATTRIBUTES, the begin markers of those regions are rewritten to carry them, in the same pass (one
    parse and one read-back for the whole page, however many regions). Raises MarkerError if the page's
    markers are broken, MissingRegionsError if a named region is not on the page, and ContentError if the
    new content would change where the markers are. Raises ValueError for a name no marker could carry.
    """
    attributes = attributes or {}
    for name in (*contents, *attributes):
        _check_name(name)
    page = _read(text, title)
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
    return result


# --- the bot's own output: markers found without the parser --------------------------------------------

_COMMENT = re.compile(r"<!--(.*?)-->", re.DOTALL)
_UNPARSED_TAG = re.compile(r"<\s*(?:" + "|".join(map(re.escape, PARSER_BLACKLIST)) + r")\b", re.IGNORECASE)


def find_rendered_regions(text: str, *, title: str = "") -> dict[str, Region]:
    """find_regions() for text the bot rendered itself, where every value went through the escaper (no
    `<` survives from YAML), so comments come from the templates only. A regular expression finds the
    markers in a fraction of the parser's time; anything unusual (an unclosed comment, a <nowiki>/<pre>
    tag, a malformed, nested or unpaired marker) falls back to find_regions() and its messages.
    """
    if _UNPARSED_TAG.search(text) or text.count("<!--") != len(_COMMENT.findall(text)):
        return find_regions(text, title=title)
    found: dict[str, Region] = {}
    opened: tuple[str, str, re.Match[str]] | None = None
    for match in _COMMENT.finditer(text):
        if begin := _BEGIN.fullmatch(match.group(1)):
            if opened is not None or begin["name"] in found:
                return find_regions(text, title=title)
            opened = (begin["name"], (begin["attributes"] or "").strip(), match)
        elif end := _END.fullmatch(match.group(1)):
            if opened is None or end["name"] != opened[0]:
                return find_regions(text, title=title)
            name, attributes, start = opened
            line = text.count("\n", 0, start.start()) + 1
            found[name] = Region(name, attributes, text[start.end() : match.start()], start.end(), match.start(), line)
            opened = None
        elif _MENTION.search(match.group(1)):
            return find_regions(text, title=title)
    return found if opened is None else find_regions(text, title=title)


def splice_rendered(text: str, contents: Mapping[str, str], attributes: Mapping[str, str], *, title: str = "") -> str:
    """splice(…, attributes=…) for the bot's own rendered text, whose markers find_rendered_regions() reads.

    No read-back: the new contents are the bot's own (sealed) output too. tests/regions proves, over every
    template's output, that the result is what splice() gives.
    """
    found = find_rendered_regions(text, title=title)
    missing = [name for name in contents if name not in found]
    if missing:
        raise MissingRegionsError(title, missing)
    edits: list[tuple[int, int, str]] = []
    for name, content in contents.items():
        region = found[name]
        begin = text.rfind("<!--", 0, region.start)
        marker = begin_marker(name, attributes.get(name, region.attributes))
        edits.append((begin, region.end, marker + content))
    return _apply(text, edits)


def set_attributes(text: str, name: str, attributes: str, *, title: str = "") -> str:
    """Rewrite the begin marker of region NAME to carry ATTRIBUTES; everything else stays byte-identical.

    The page comes back unchanged when the region already carries exactly these attributes, so that a
    marker a human spaced differently does not cause an edit of its own.
    """
    marker = begin_marker(name, attributes)
    page = _read(text, title)
    regions = {region.name: region for region in page.regions}
    if name not in regions:
        raise MissingRegionsError(title, [name])
    if regions[name].attributes == attributes.strip():
        return text
    begin = page.begins[name]
    result = text[: begin.start] + marker + text[begin.end :]
    expected = {**regions, name: dataclasses.replace(regions[name], attributes=attributes.strip())}
    _verify(result, expected, [name], title)
    return result


# --- reading a page ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Marker:
    kind: Kind
    name: str
    attributes: str
    path: tuple[int, ...]  # node index at each level of the tree; path[:-1] identifies the sibling list
    where: str  # for messages: "inside the template {{x}}", "at the top level of the page"
    start: int  # offset of the comment in the page
    end: int  # offset just after the comment
    line: int


@dataclass(frozen=True, eq=False)
class _Found:
    """A node of interest met while walking the tree, before its offset is known."""

    code: Wikicode
    index: int
    path: tuple[int, ...]
    where: str
    in_attribute: bool


@dataclass(frozen=True)
class _Read:
    regions: list[Region]
    begins: dict[str, _Marker]


def _read(text: str, title: str) -> _Read:
    """Parse TEXT, check every marker, and pair them into regions."""
    # mwparserfromhell's C tokenizer stops reading at a NUL character; a stand-in that is just as inert,
    # one character for one, keeps every offset where it was.
    readable = text.replace("\x00", _absent(text)) if "\x00" in text else text
    # Style tags off: MediaWiki handles '' and ''' after comments, so they are no boundary for markers.
    root = mwparserfromhell.parse(readable, skip_style_tags=True)
    if str(root) != readable:  # every offset below relies on the parser's round-trip guarantee
        raise MarkerError(
            "unreadable",
            f"{_page(title)} could not be read back byte for byte by the wikitext parser (mwparserfromhell).",
            "The bot will not edit this page; report it to the mtpbot maintainers.",
            name="",
            line=0,
        )
    comments: list[_Found] = []
    texts: list[_Found] = []
    _walk(root, (), _TOP, False, comments, texts)
    markers = _markers(text, readable, title, root, comments, texts)
    return _pair(text, title, markers)


def _absent(text: str) -> str:
    """A private-use character that TEXT does not contain."""
    return next(chr(code) for code in range(0xF0000, 0x110000) if chr(code) not in text)


def _walk(
    code: Wikicode,
    path: tuple[int, ...],
    where: str,
    in_attribute: bool,
    comments: list[_Found],
    texts: list[_Found],
) -> None:
    for index, node in enumerate(code.nodes):
        here = (*path, index)
        if isinstance(node, Comment):
            comments.append(_Found(code, index, here, where, in_attribute))
        elif isinstance(node, Text):
            if _UNPARSED.search(node.value):
                texts.append(_Found(code, index, here, where, in_attribute))
        else:
            tag = node if isinstance(node, Tag) else None
            for child_index, child in enumerate(node.__children__()):
                attribute = in_attribute
                if tag is not None:
                    if child is tag.contents and not is_parsable(_tag_name(tag)):
                        continue  # <nowiki>, <pre>...: what looks like a marker there is shown as text
                    attribute = all(child is not part for part in (tag.tag, tag.contents, tag.closing_tag))
                _walk(child, (*here, child_index), _describe(node), attribute, comments, texts)


def _markers(
    text: str, readable: str, title: str, root: Wikicode, comments: list[_Found], texts: list[_Found]
) -> list[_Marker]:
    """Classify the comments, measure offsets, and reject anything that only looks like a marker."""
    parsed: list[tuple[_Found, Kind, str]] = []
    problems: list[_Found] = []
    for found in comments:
        contents = _comment(found).contents
        if match := _BEGIN.fullmatch(contents):
            parsed.append((found, "begin", match["name"]))
        elif match := _END.fullmatch(contents):
            parsed.append((found, "end", match["name"]))
        elif _MENTION.search(contents):
            problems.append(found)
    problems += texts
    offsets = _offsets(readable, root, [found for found, *_ in parsed] + problems)
    if problems:
        first = min(problems, key=lambda found: offsets[id(found)][0])
        raise _syntax_error(text, title, first, *offsets[id(first)])
    markers = []
    for found, kind, name in parsed:
        start, end = offsets[id(found)]
        # Attributes come from the page itself, not the tree (which may hold the NUL stand-in).
        begin = _BEGIN.fullmatch(text, start + len("<!--"), end - len("-->"))
        attributes = (begin["attributes"] or "").strip() if begin else ""
        markers.append(_Marker(kind, name, attributes, found.path, found.where, start, end, _line(text, start)))
    return sorted(markers, key=lambda marker: marker.start)


def _offsets(text: str, root: Wikicode, found: list[_Found]) -> dict[int, tuple[int, int]]:
    """Where the given nodes are in TEXT, keyed by id(found): (start, end).

    mwparserfromhell keeps no positions, but str(tree) == text. Each node is swapped for a one-character
    sentinel absent from the page; where the sentinels land in str(tree) gives every offset in one pass.
    """
    if not found:
        return {}
    present = set(text)
    sentinels = (chr(code) for code in range(0xF0000, 0x110000) if chr(code) not in present)
    owner: dict[str, tuple[_Found, int]] = {}
    originals: list[Node] = []
    for item in found:
        node = item.code.nodes[item.index]
        sentinel = next(sentinels)
        owner[sentinel] = (item, len(str(node)))
        originals.append(node)
        item.code.nodes[item.index] = Text(sentinel)
    marked = str(root)
    for item, node in zip(found, originals, strict=True):
        item.code.nodes[item.index] = node  # the caller still reads these nodes
    result: dict[int, tuple[int, int]] = {}
    shift = 0  # how much longer the page is than the marked text, up to here
    for match in re.finditer("[" + "".join(owner) + "]", marked):
        item, length = owner[match.group()]
        start = match.start() + shift
        result[id(item)] = (start, start + length)
        shift += length - 1
    return result


def _syntax_error(text: str, title: str, found: _Found, start: int, end: int) -> MarkerError:
    """The error for a comment or text that looks like a marker but is not one."""
    raw = text[start:end]
    node = found.code.nodes[found.index]
    if isinstance(node, Text):
        match = _UNPARSED.search(raw)
        assert match is not None
        line = _line(text, start + match.start())
        shown = _shorten(raw[match.start() :].split("\n", 1)[0])
        mention = _MENTION.search(raw, match.start())
        name = mention["name"] if mention else ""
        if found.in_attribute:
            message = (
                f"{_at(title, line)}: {shown} sits in an HTML tag's attributes, where the bot's parser "
                "does not read comments, so it cannot be a marker."
            )
            hint = "Move the marker out of the tag's attributes, to a place between tags."
        else:
            message = (
                f'{_at(title, line)}: {shown} opens a comment that is never closed with "-->"; MediaWiki '
                "would hide the rest of the page."
            )
            hint = f'End the marker with " -->" on the same line: {_example(mention)}'
        return MarkerError("unparsed", message, hint, name=name, line=line)
    line = _line(text, start)
    contents = _comment(found).contents
    mention = _MENTION.search(contents)
    assert mention is not None
    word, name = mention["word"].lower(), mention["name"]
    if contents[: mention.start()].strip():
        why = "a marker comment must contain nothing but the marker"
    elif not re.match(r"mtpbot:(begin|end)\b", contents[mention.start() :]):
        why = 'markers are written in lower case, "mtpbot:begin" or "mtpbot:end", with no spaces'
    elif not name:
        why = f'"mtpbot:{word}" must be followed by the region name'
    elif not _NAME.fullmatch(name):
        why = (
            f'"{_shorten(name, 40)}" is not a valid region name (letters, digits, "_", "." and "-", '
            "starting with a letter or digit)"
        )
    else:
        why = "an end marker carries only the region name, nothing after it"
    return MarkerError(
        "malformed",
        f"{_at(title, line)}: the comment {_shorten(raw)} looks like an mtpbot marker but is not one: {why}.",
        f"Write it exactly as {_example(mention)}, with nothing else in the comment; or, if it is only a "
        'note, reword it so that it does not say "mtpbot:begin" or "mtpbot:end".',
        name=name,
        line=line,
    )


def _pair(text: str, title: str, markers: list[_Marker]) -> _Read:
    """Pair begin and end markers by name; markers come in page order, so the first problem is reported."""
    begins: dict[str, _Marker] = {}
    ends: dict[str, _Marker] = {}
    for marker in markers:
        seen = begins if marker.kind == "begin" else ends
        if marker.name in seen:
            raise MarkerError(
                "duplicate",
                f'{_at(title, marker.line)}: region "{marker.name}" has a second {marker.kind} marker (the '
                f"first is on line {seen[marker.name].line}).",
                f"Delete one of the two {_marker_text(marker)} lines, so that each region has exactly one "
                "begin and one end marker.",
                name=marker.name,
                line=marker.line,
            )
        seen[marker.name] = marker
    for marker in markers:
        if marker.kind == "begin" and marker.name not in ends:
            raise MarkerError(
                "missing-end",
                f'{_at(title, marker.line)}: region "{marker.name}" has a begin marker but no end marker.',
                f"Add the line {end_marker(marker.name)} where the region should end: after the begin marker "
                f"and, like it, {marker.where}.",
                name=marker.name,
                line=marker.line,
            )
        if marker.kind == "end" and marker.name not in begins:
            raise MarkerError(
                "missing-begin",
                f'{_at(title, marker.line)}: region "{marker.name}" has an end marker but no begin marker.',
                f"Add the line {begin_marker(marker.name)} where the region should begin: before the end "
                f"marker and, like it, {marker.where}.",
                name=marker.name,
                line=marker.line,
            )
    for name, begin in begins.items():
        end = ends[name]
        if begin.path[:-1] != end.path[:-1]:
            different = " (a different one)" if begin.where == end.where else ""
            raise MarkerError(
                "unbalanced",
                f'{_page(title)}: region "{name}" is unbalanced: its begin marker (line {begin.line}) is '
                f"{begin.where} but its end marker (line {end.line}) is {end.where}{different}.",
                "Move the markers so that both sit at the same level: both inside the same template "
                "argument, tag, link or table cell, or both outside it (e.g. around the whole template or "
                "table).",
                name=name,
                line=begin.line,
            )
        if end.start < begin.start:
            raise MarkerError(
                "end-before-begin",
                f'{_at(title, end.line)}: the end marker of region "{name}" comes before its begin marker '
                f"(line {begin.line}).",
                f"Swap the two lines: {_marker_text(begin)} must come first, then {end_marker(name)}.",
                name=name,
                line=end.line,
            )
    for name, begin in begins.items():
        end = ends[name]
        depth = len(begin.path) - 1
        for other in markers:
            inside = (
                len(other.path) > depth
                and other.path[:depth] == begin.path[:-1]
                and begin.path[-1] < other.path[depth] < end.path[-1]
            )
            if inside:
                raise MarkerError(
                    "nested",
                    f'{_at(title, other.line)}: the {other.kind} marker of region "{other.name}" is inside '
                    f'region "{name}" (lines {begin.line}-{end.line}); regions cannot be nested or overlap.',
                    f'Move the "{other.name}" markers out of region "{name}" (the bot rewrites everything '
                    f'between the "{name}" markers), or delete them.',
                    name=other.name,
                    line=other.line,
                )
    regions = [
        Region(
            name,
            begin.attributes,
            text[begin.end : ends[name].start],
            begin.end,
            ends[name].start,
            begin.line,
        )
        for name, begin in begins.items()
    ]
    return _Read(sorted(regions, key=lambda region: region.start), begins)


# --- writing a page ----------------------------------------------------------------------------------


def _replace(
    text: str,
    regions: Mapping[str, Region],
    contents: Mapping[str, str],
    markers: Mapping[str, tuple[_Marker, str]] | None = None,
) -> str:
    """TEXT with the named regions' contents (and begin markers) replaced: slices of the original joined."""
    edits = [(regions[name].start, regions[name].end, new) for name, new in contents.items()]
    edits += [(begin.start, begin.end, marker) for begin, marker in (markers or {}).values()]
    return _apply(text, edits)


def _apply(text: str, edits: list[tuple[int, int, str]]) -> str:
    """TEXT with each (start, end) span replaced; the spans do not overlap. Untouched bytes are slices."""
    parts: list[str] = []
    cursor = 0
    for start, end, new in sorted(edits):
        parts += [text[cursor:start], new]
        cursor = end
    parts.append(text[cursor:])
    return "".join(parts)


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


# --- small helpers -----------------------------------------------------------------------------------


def _describe(node: Node) -> str:
    """Where a marker inside NODE sits, for messages."""
    if isinstance(node, Template):
        return "inside the template {{" + _shorten(str(node.name).strip(), 40) + "}}"
    if isinstance(node, Argument):
        return "inside the parameter {{{" + _shorten(str(node.name).strip(), 40) + "}}}"
    if isinstance(node, Wikilink):
        return "inside the link [[" + _shorten(str(node.title).strip(), 40) + "]]"
    if isinstance(node, ExternalLink):
        return "inside the external link " + _shorten(str(node.url).strip(), 40)
    if isinstance(node, Heading):
        return "inside the heading " + _shorten(str(node.title).strip(), 40)
    if isinstance(node, Tag):
        name = _tag_name(node)
        table = {"table": "a table", "tr": "a table row", "td": "a table cell", "th": "a table header cell"}
        if node.wiki_markup and name in table:
            return "inside " + table[name]
        return f"inside the <{_shorten(name, 40)}> tag"
    return "inside a " + type(node).__name__.lower()


def _tag_name(tag: Tag) -> str:
    return str(tag.tag).strip().lower()


def _comment(found: _Found) -> Comment:
    node = found.code.nodes[found.index]
    assert isinstance(node, Comment)
    return node


def _check_name(name: str) -> None:
    if not is_valid_name(name):
        raise ValueError(f"invalid region name {name!r}: it must match {NAME_PATTERN}")


def _line(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def _page(title: str) -> str:
    return f'Page "{title}"' if title else "The page"


def _at(title: str, line: int) -> str:
    return f"{_page(title)}, line {line}"


def _marker_text(marker: _Marker) -> str:
    return begin_marker(marker.name, marker.attributes) if marker.kind == "begin" else end_marker(marker.name)


def _example(mention: re.Match[str] | None) -> str:
    """The well-formed marker a human most likely meant."""
    if mention and _NAME.fullmatch(mention["name"]):
        if mention["word"].lower() == "begin":
            return begin_marker(mention["name"])
        return end_marker(mention["name"])
    return "<!-- mtpbot:begin NAME --> or <!-- mtpbot:end NAME -->"


def _shorten(text: str, limit: int = 80) -> str:
    text = text.replace("\n", "\\n")
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _and(items: Iterable[str]) -> str:
    words = list(items)
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def bots_exclusion(text: str, names: Iterable[str]) -> str | None:
    """Why {{nobots}} / {{bots|allow=…|deny=…}} on the page excludes a bot called by any of `names`.

    None when the bot may edit. Follows the convention of en:Template:Bots: `{{nobots}}` denies every bot,
    `deny=` lists denied bots (`all` for every bot), `allow=` lists the only allowed ones (`none` for none).
    The text is the one already fetched: honouring the templates costs no request.
    """
    if "bots" not in text.lower():  # every {{bots}} / {{nobots}} has it in its name: no parse needed
        return None
    wanted = {name.strip().lower() for name in names if name.strip()}
    for template in mwparserfromhell.parse(text).ifilter_templates(recursive=True):
        name = str(template.name).strip().lower()
        if name == "nobots":
            return "the page carries {{nobots}}"
        if name != "bots":
            continue
        for key, verdict in (("deny", True), ("allow", False)):
            if not template.has(key):
                continue
            listed = {part.strip().lower() for part in str(template.get(key).value).split(",")}
            if verdict and ("all" in listed or listed & wanted):
                return f"the page carries {{{{bots|deny={template.get(key).value.strip()}}}}}"
            if not verdict and ("none" in listed or not ("all" in listed or listed & wanted)):
                return f"the page carries {{{{bots|allow={template.get(key).value.strip()}}}}}"
    return None

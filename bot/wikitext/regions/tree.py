"""Where a page's markers are: mwparserfromhell's parse tree, walked, with exact offsets.

Markers are HTML comments as mwparserfromhell sees them, so a marker shown inside <nowiki>, <pre>,
<syntaxhighlight>... is plain text, not a marker. Each marker found carries its path in the tree, so that
bot.wikitext.regions can require a begin marker and its end marker to be siblings.

Anything that only looks like a marker (a malformed comment, an unclosed "<!--", a comment in an HTML tag's
attributes) is refused here, with the first such problem in page order.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import mwparserfromhell
from mwparserfromhell.definitions import is_parsable
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

from bot.wikitext.regions import errors as region_errors
from bot.wikitext.regions import placement
from bot.wikitext.regions.errors import MarkerError, one_line
from bot.wikitext.regions.markers import BEGIN, END, MENTION, UNPARSED, Kind, Marker, line_number

__all__ = ["describe", "read_markers"]

_TOP = "at the top level of the page"


@dataclass(frozen=True, eq=False)
class _Found:
    """A node of interest met while walking the tree, before its offset is known."""

    code: Wikicode
    index: int
    path: tuple[int, ...]
    where: str
    enclosure: str  # the innermost node around it that is no wrapper (bot.wikitext.regions.placement), and why
    in_attribute: bool


def read_markers(text: str, title: str) -> list[Marker]:
    """Every marker of TEXT, in page order. Raises MarkerError for anything that only looks like one."""
    # mwparserfromhell's C tokenizer stops reading at a NUL character; a stand-in that is just as inert,
    # one character for one, keeps every offset where it was.
    readable = text.replace("\x00", _absent(text)) if "\x00" in text else text
    # Style tags off: MediaWiki handles '' and ''' after comments, so they are no boundary for markers.
    root = mwparserfromhell.parse(readable, skip_style_tags=True)
    if str(root) != readable:  # every offset below relies on the parser's round-trip guarantee
        raise region_errors.unreadable(title)
    comments: list[_Found] = []
    texts: list[_Found] = []
    _walk(root, (), (_TOP, ""), False, comments, texts)
    return _markers(text, readable, title, root, comments, texts)


def _absent(text: str) -> str:
    """A private-use character that TEXT does not contain."""
    return next(chr(code) for code in range(0xF0000, 0x110000) if chr(code) not in text)


def _walk(
    code: Wikicode,
    path: tuple[int, ...],
    around: tuple[str, str],
    in_attribute: bool,
    comments: list[_Found],
    texts: list[_Found],
) -> None:
    """Collect the comments and marker-like texts of CODE; AROUND: (where, enclosure) of CODE's nodes."""
    for index, node in enumerate(code.nodes):
        here = (*path, index)
        if isinstance(node, Comment):
            comments.append(_Found(code, index, here, *around, in_attribute))
        elif isinstance(node, Text):
            if UNPARSED.search(node.value):
                texts.append(_Found(code, index, here, *around, in_attribute))
        else:
            tag = node if isinstance(node, Tag) else None
            where = describe(node)
            wrapper = tag is not None and placement.is_wrapper(tag)
            inner = (where, around[1] if wrapper else placement.enclosure(node, where))
            for child_index, child in enumerate(node.__children__()):
                attribute = in_attribute
                if tag is not None:
                    if child is tag.contents and not is_parsable(_tag_name(tag)):
                        continue  # <nowiki>, <pre>...: what looks like a marker there is shown as text
                    attribute = all(child is not part for part in (tag.tag, tag.contents, tag.closing_tag))
                _walk(child, (*here, child_index), inner, attribute, comments, texts)


def _markers(
    text: str, readable: str, title: str, root: Wikicode, comments: list[_Found], texts: list[_Found]
) -> list[Marker]:
    """Classify the comments, measure offsets, and reject anything that only looks like a marker."""
    parsed: list[tuple[_Found, Kind, str]] = []
    problems: list[_Found] = []
    for found in comments:
        contents = _comment(found).contents
        if match := BEGIN.fullmatch(contents):
            parsed.append((found, "begin", match["name"]))
        elif match := END.fullmatch(contents):
            parsed.append((found, "end", match["name"]))
        elif MENTION.search(contents):
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
        begin = BEGIN.fullmatch(text, start + len("<!--"), end - len("-->"))
        attributes = (begin["attributes"] or "").strip() if begin else ""
        line = line_number(text, start)
        markers.append(Marker(kind, name, attributes, found.path, found.where, start, end, line, found.enclosure))
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
    if isinstance(found.code.nodes[found.index], Text):
        return region_errors.unparsed(text, title, start, end, in_attribute=found.in_attribute)
    return region_errors.malformed(text, title, start, end, _comment(found).contents)


def describe(node: Node) -> str:
    """Where a marker inside NODE sits, for messages."""
    if isinstance(node, Template):
        return "inside the template {{" + one_line(str(node.name).strip(), 40) + "}}"
    if isinstance(node, Argument):
        return "inside the parameter {{{" + one_line(str(node.name).strip(), 40) + "}}}"
    if isinstance(node, Wikilink):
        return "inside the link [[" + one_line(str(node.title).strip(), 40) + "]]"
    if isinstance(node, ExternalLink):
        return "inside the external link " + one_line(str(node.url).strip(), 40)
    if isinstance(node, Heading):
        return "inside the heading " + one_line(str(node.title).strip(), 40)
    if isinstance(node, Tag):
        name = _tag_name(node)
        table = {"table": "a table", "tr": "a table row", "td": "a table cell", "th": "a table header cell"}
        if node.wiki_markup and name in table:
            return "inside " + table[name]
        return f"inside the <{one_line(name, 40)}> tag"
    return "inside a " + type(node).__name__.lower()


def _tag_name(tag: Tag) -> str:
    return str(tag.tag).strip().lower()


def _comment(found: _Found) -> Comment:
    node = found.code.nodes[found.index]
    assert isinstance(node, Comment)
    return node

"""The bot's own output: its markers found, and its regions spliced, without the parser.

Every rendered page is read for its regions and sealed (their contents and checksums spliced back in)
before it is compared with the wiki. The full reading (bot.wikitext.regions) parses the whole page with
mwparserfromhell; the bot's own text does not need it, and tests/wikitext/regions/test_rendered.py proves,
over every template's output, that both ways agree.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from mwparserfromhell.definitions import PARSER_BLACKLIST

from bot.wikitext.regions import Region, find_regions
from bot.wikitext.regions.errors import MissingRegionsError
from bot.wikitext.regions.markers import BEGIN, END, MENTION, begin_marker, line_number
from bot.wikitext.regions.splice import apply_edits

__all__ = ["find_rendered_regions", "splice_rendered"]

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
        if begin := BEGIN.fullmatch(match.group(1)):
            if opened is not None or begin["name"] in found:
                return find_regions(text, title=title)
            opened = (begin["name"], (begin["attributes"] or "").strip(), match)
        elif end := END.fullmatch(match.group(1)):
            if opened is None or end["name"] != opened[0]:
                return find_regions(text, title=title)
            name, attributes, start = opened
            line = line_number(text, start.start())
            found[name] = Region(name, attributes, text[start.end() : match.start()], start.end(), match.start(), line)
            opened = None
        elif MENTION.search(match.group(1)):
            return find_regions(text, title=title)
    return found if opened is None else find_regions(text, title=title)


def splice_rendered(text: str, contents: Mapping[str, str], attributes: Mapping[str, str], *, title: str = "") -> str:
    """splice(…, attributes=…) for the bot's own rendered text, whose markers find_rendered_regions() reads.

    No read-back: the new contents are the bot's own (sealed) output too. tests/wikitext/regions proves,
    over every template's output, that the result is what splice() gives.
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
    return apply_edits(text, edits)

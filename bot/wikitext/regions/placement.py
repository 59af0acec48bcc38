"""Where a region's markers may stand: where MediaWiki can show the multi-line table the bot writes there.

Measured on MediaWiki 1.39 (action=parse of a table between markers in each place):

- at the top level of the page, each marker on a line of its own, the table shows as written;
- a <div> (with any attributes) holds the table as the page does, and <noinclude>, <includeonly> and
  <onlyinclude> are gone before MediaWiki reads tables: markers may sit directly inside them;
- inside a template or parser-function argument, the table's "|" split the arguments (`{{#if:1|…}}` shows "{");
- inside a link MediaWiki cuts the link in two around the table; an external link ends at the line's end;
- inside a heading, the heading becomes plain text and its closing "==" a preformatted block;
- inside a table the bot's rows would mix with the human table's; inside <span>, <small>, <p> the table is
  moved out of the tag (or the tag split in three); inside <gallery> it is no table at all, inside <ref> it
  would show in the references list;
- text after the end marker on its line follows the table's last newline: MediaWiki shows it as a
  preformatted block (" outro" becomes <pre>outro</pre>);
- text before the begin marker on its line is harmless: the bot's tables start on a line of their own
  ("Intro <!-- mtpbot:begin a -->" then the table shows "Intro", then the table), and a heading or list item
  before the marker ("== H ==<!-- mtpbot:begin a -->") stays what it was.

So a region's markers must sit at the top level of the page or inside those wrappers only (bot.wikitext.regions.tree
records the innermost other node around each marker), and nothing may follow the end marker on its line but
whitespace, comments, other regions' markers and the wrappers' tags. Splicing checks the result as well
(bot.wikitext.regions.structure): a page whose structure outside its regions would change is never written.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from mwparserfromhell.nodes import Argument, ExternalLink, Heading, Node, Tag, Template, Wikilink

from bot.wikitext.regions.errors import MarkerError, one_line, page_name
from bot.wikitext.regions.markers import Marker

__all__ = ["WRAPPERS", "check_placement", "enclosure", "is_wrapper"]

WRAPPERS = ("div", "noinclude", "includeonly", "onlyinclude")
# What a marker's line may hold besides the marker: whitespace, comments, and the wrappers' tags.
_FILLER = re.compile(r"(?:\s|<!--.*?-->|</?(?:" + "|".join(WRAPPERS) + r")(?:\s[^<>]*)?>)*", re.IGNORECASE | re.DOTALL)
_WHERE = (
    "each marker on a line of its own, at the top level of the page or directly inside a <div>, <noinclude>, "
    "<includeonly> or <onlyinclude>; not inside a template or parser function, a link, a heading, a table, "
    "a <ref> or any other tag"
)
HINT = (
    f"Move the two markers to where a table can stand: {_WHERE}. Nothing was changed; run the bot again once "
    "they are moved."
)


def is_wrapper(tag: Tag) -> bool:
    """Whether markers may sit directly inside TAG: an HTML <div> or an inclusion tag, never wiki markup."""
    return not tag.wiki_markup and str(tag.tag).strip().lower() in WRAPPERS


def enclosure(node: Node, described: str) -> str:
    """Why the bot's table cannot stand inside NODE, which `described` names ("inside the heading X")."""
    if isinstance(node, Template):
        what = "parser function" if str(node.name).lstrip().startswith("#") else "template"
        why = f"the table's \"|\" would split the {what}'s arguments and break it"
    elif isinstance(node, Argument):
        why = "the table's \"|\" would end the parameter's default value"
    elif isinstance(node, Wikilink):
        why = "MediaWiki would cut the link in two around the table"
    elif isinstance(node, ExternalLink):
        why = "an external link ends at the end of its line, so the table would break it"
    elif isinstance(node, Heading):
        why = "a heading holds one line, so the table would turn it into plain text"
    elif isinstance(node, Tag) and node.wiki_markup:
        why = "the bot's rows would mix with the rows of the table around them"
    elif isinstance(node, Tag) and str(node.tag).strip().lower() == "ref":
        why = "the table would show in the references list, not here"
    else:
        why = "MediaWiki would move the table out of the tag, or not show it as a table"
    return f"{described}: {why}"


def check_placement(text: str, title: str, markers: list[Marker], begins: Mapping[str, Marker]) -> None:
    """Raise a "misplaced" MarkerError for the first region (in page order) whose markers sit where a table
    cannot stand. MARKERS are every marker of TEXT in page order, paired (BEGINS by name, and their ends)."""
    index = {id(marker): number for number, marker in enumerate(markers)}
    ends = {marker.name: marker for marker in markers if marker.kind == "end"}
    for begin in sorted(begins.values(), key=lambda marker: marker.start):
        if begin.enclosure:  # its end marker is its sibling, in the same place
            raise _misplaced(title, begin, begin, f"sits {begin.enclosure}")
        end = ends[begin.name]
        following = index[id(end)] + 1
        limit = markers[following].start if following < len(markers) else len(text)
        line_end = text.find("\n", end.end)
        after = text[end.end : min(limit, len(text) if line_end < 0 else line_end)]
        if not _FILLER.fullmatch(after):
            shown = one_line(after.strip(), 40)
            why = "MediaWiki would show that text as a preformatted block after the table"
            raise _misplaced(title, begin, end, f'has text after its end marker on its line ("{shown}"): {why}')


def _misplaced(title: str, begin: Marker, at: Marker, problem: str) -> MarkerError:
    return MarkerError(
        "misplaced",
        f'{page_name(title)}, line {at.line}: region "{begin.name}" {problem}.',
        HINT,
        name=begin.name,
        line=at.line,
    )

"""The second guard of every splice: the page's parse structure outside its regions stays what it was.

bot.wikitext.regions.placement refuses markers where a table cannot stand; this module proves the result instead of
trusting the rule. The page before and after splicing are parsed with mwparserfromhell and compared node by
node, outside the regions: a node that holds no marker must come back with the same type and the same text, a
node that holds a region (a <div> around it, say) with the same type and the same children, the region's
content left out. A heading turned into text, a template or parser function whose arguments the table split
(seen through probe()), an external link or a human table broken: each changes a node outside the region, and
the page is refused before anything is written. mwparserfromhell is more lenient than MediaWiki, so some damage
is the first check's alone to see: a link cut in two, a table moved out of a <span> or into the references list,
text after the end marker shown as a preformatted block (tests/wikitext/regions/test_structure.py).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TypeAlias

import mwparserfromhell
from mwparserfromhell.nodes import Comment
from mwparserfromhell.wikicode import Wikicode

from bot.wikitext.regions.errors import MarkerError, one_line, page_name
from bot.wikitext.regions.markers import BEGIN, END
from bot.wikitext.regions.placement import HINT
from bot.wikitext.regions.tree import describe

__all__ = ["Shape", "check_structure", "outside_regions", "probe"]

# One node outside the regions: ("region", NAME) for a whole region, (type, text) for a node that holds no
# marker, (what it is, children) for a node that holds one.
Shape: TypeAlias = "tuple[str, str | tuple[tuple[Shape, ...], ...]]"
_MARKED = "mtpbot:"


def outside_regions(text: str) -> tuple[Shape, ...]:
    """The parse structure of TEXT outside its regions (whose markers bot.wikitext.regions has checked)."""
    readable = text.replace("\x00", "\ufffd")  # the C tokenizer stops at NUL; both are inert
    return _shape(mwparserfromhell.parse(readable, skip_style_tags=True))


def probe(content: str) -> str:
    """CONTENT as MediaWiki's preprocessor reads it inside a template: no table, so every "|" a separator.

    mwparserfromhell parses a table inside a template argument as a table; MediaWiki splits the argument at
    each of its "|" first. Splicing this instead shows mwparserfromhell the split."""
    return content.replace("{|", "{ |")


def check_structure(before: str, afters: Iterable[str], title: str, names: Sequence[str], line: int) -> None:
    """Raise a "misplaced" MarkerError if one of AFTERS (BEFORE with the regions NAMES spliced, as written and
    as probe() shows them) parses differently from BEFORE anywhere outside its regions. LINE: the begin
    marker of the first region named."""
    old = outside_regions(before)
    for after in afters:
        new = outside_regions(after)
        if new != old:
            quoted = ", ".join(f'"{name}"' for name in names)
            raise MarkerError(
                "misplaced",
                f"{page_name(title)}, line {line}: writing region {quoted} "
                f"would change how the page reads outside the bot's regions ({_first_difference(old, new)} "
                "would not stay as it is): the markers are not where a table can stand.",
                HINT + " If they already stand there, report the page to the mtpbot maintainers.",
                name=names[0],
                line=line,
            )


def _shape(code: Wikicode) -> tuple[Shape, ...]:
    shape: list[Shape] = []
    inside = ""  # the region open in this node list: its content is the bot's, left out
    for node in code.nodes:
        if isinstance(node, Comment):
            if begin := BEGIN.fullmatch(node.contents):
                inside = begin["name"]
                shape.append(("region", inside))
                continue
            if (end := END.fullmatch(node.contents)) and end["name"] == inside:
                inside = ""
                continue
        if inside:
            continue
        if _MARKED in str(node):  # named as in messages: "the template {{Infobox}}"
            named = describe(node).removeprefix("inside ")
            shape.append((named, tuple(_shape(child) for child in node.__children__())))
        else:
            shape.append((type(node).__name__.lower(), str(node)))
    return tuple(shape)


def _first_difference(old: tuple[Shape, ...], new: tuple[Shape, ...]) -> str:
    """The outermost node of OLD that NEW does not keep as it was, in words: 'the heading Figures'."""
    for number, (was, now) in enumerate(zip(old, new, strict=False)):
        if was == now:
            continue
        merged = isinstance(was[1], str) and isinstance(now[1], str) and now[1].startswith(was[1])
        if merged and number + 1 < len(old):  # the text ran on into what followed it: that node is the one
            return _named(old[number + 1])
        return _named(was)
    if len(old) > len(new):
        return _named(old[len(new)])
    return "the end of the page"


def _named(shape: Shape) -> str:
    kind, body = shape
    if kind == "region":
        return f'region "{body}"'
    if isinstance(body, str):
        return f'the {kind} "{one_line(body.strip(), 40)}"'
    return kind

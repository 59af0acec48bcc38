"""The marker grammar: how the bot's managed regions are marked in a wiki page.

A page belongs to humans except between markers the bot owns::

    <!-- mtpbot:begin NAME [attributes] -->
    ...content the bot writes...
    <!-- mtpbot:end NAME -->

This module knows the text of a marker only (names, attributes, the regular expressions that recognise a
marker or a human's attempt at one); where markers sit in a page is for bot.wikitext.regions.tree to find.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

__all__ = [
    "BEGIN",
    "END",
    "MENTION",
    "NAME",
    "NAME_PATTERN",
    "UNPARSED",
    "Kind",
    "Marker",
    "begin_marker",
    "check_name",
    "end_marker",
    "is_valid_name",
    "line_number",
    "marker_text",
]

NAME_PATTERN = r"[A-Za-z0-9][A-Za-z0-9_.-]*"
NAME = re.compile(NAME_PATTERN)
# The contents of a marker comment, between "<!--" and "-->".
BEGIN = re.compile(rf"\s*mtpbot:begin\s+(?P<name>{NAME_PATTERN})(?:\s+(?P<attributes>.*?))?\s*", re.DOTALL)
END = re.compile(rf"\s*mtpbot:end\s+(?P<name>{NAME_PATTERN})\s*", re.DOTALL)
# What a human meant as a marker, however mistyped. "mtpbot:" alone stays allowed in notes such as
# "<!-- mtpbot: do not edit below -->", hence begin/end must follow.
MENTION = re.compile(r"mtpbot\s*:\s*(?P<word>begin|end)\b\s*(?P<name>\S*)", re.IGNORECASE)
# A marker mwparserfromhell left as text: an unclosed "<!--" (MediaWiki hides the rest of the page), or a
# comment where mwparserfromhell parses none, such as in an HTML tag's attributes.
UNPARSED = re.compile(r"<!--\s*mtpbot\s*:", re.IGNORECASE)

Kind = Literal["begin", "end"]


@dataclass(frozen=True)
class Marker:
    """A well-formed marker found on a page."""

    kind: Kind
    name: str
    attributes: str
    path: tuple[int, ...]  # node index at each level of the tree; path[:-1] identifies the sibling list
    where: str  # for messages: "inside the template {{x}}", "at the top level of the page"
    start: int  # offset of the comment in the page
    end: int  # offset just after the comment
    line: int
    # "" at the top level of the page or directly inside a wrapper (bot.wikitext.regions.placement); else where the
    # marker sits and why a table cannot stand there: 'inside the heading X: a heading holds one line, …'
    enclosure: str = ""


def is_valid_name(name: str) -> bool:
    """Whether NAME can be a region name (configuration validation uses this)."""
    return NAME.fullmatch(name) is not None


def check_name(name: str) -> None:
    """Raise ValueError for a name no marker could carry."""
    if not is_valid_name(name):
        raise ValueError(f"invalid region name {name!r}: it must match {NAME_PATTERN}")


def begin_marker(name: str, attributes: str = "") -> str:
    """The begin-marker comment of region NAME, e.g. ``<!-- mtpbot:begin metrics sha=1a2b -->``.

    Raises ValueError for an invalid name, or for attributes that span lines or contain "--" (which could
    close the comment early, and is not allowed in an HTML comment).
    """
    check_name(name)
    attributes = attributes.strip()
    if "--" in attributes or "\n" in attributes or "\r" in attributes:
        raise ValueError(f"marker attributes must be one line without '--': {attributes!r}")
    return f"<!-- mtpbot:begin {name} {attributes} -->" if attributes else f"<!-- mtpbot:begin {name} -->"


def end_marker(name: str) -> str:
    """The end-marker comment of region NAME, e.g. ``<!-- mtpbot:end metrics -->``."""
    check_name(name)
    return f"<!-- mtpbot:end {name} -->"


def marker_text(marker: Marker) -> str:
    """The marker as the bot would write it (for messages)."""
    return begin_marker(marker.name, marker.attributes) if marker.kind == "begin" else end_marker(marker.name)


def line_number(text: str, offset: int) -> int:
    """The 1-based line of OFFSET in TEXT."""
    return text.count("\n", 0, offset) + 1

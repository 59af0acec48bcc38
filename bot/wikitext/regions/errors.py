"""What can be wrong with a page's regions, and the messages that say what to fix.

Nothing is guessed: a missing, duplicated, nested, unbalanced or malformed marker raises a RegionError that
names the page, the region and the line, and says what to fix. Each function below builds the error of one
problem; the code that finds the problem raises it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from bot.errors import RegionError
from bot.wikitext.regions.markers import (
    MENTION,
    NAME,
    UNPARSED,
    Marker,
    begin_marker,
    end_marker,
    line_number,
    marker_text,
)

__all__ = [
    "ContentError",
    "MarkerError",
    "MissingRegionsError",
    "duplicate",
    "end_before_begin",
    "malformed",
    "missing_begin",
    "missing_end",
    "nested",
    "one_line",
    "page_name",
    "unbalanced",
    "unparsed",
    "unreadable",
]


class MarkerError(RegionError):
    """A page's markers are malformed, duplicated, unpaired, nested, unbalanced or misplaced.

    `kind` is a stable code: "malformed", "unparsed", "duplicate", "missing-end", "missing-begin",
    "end-before-begin", "unbalanced", "nested", "misplaced" (where the bot's table cannot stand:
    bot.wikitext.regions.placement, bot.wikitext.regions.structure) or "unreadable". `line` is 1-based (0: no line).
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
                f"{page_name(title)} has no managed region {quoted}. Add these two lines where the bot should write it:"
            )
        else:
            heading = (
                f"{page_name(title)} has no managed regions {quoted}. "
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
            f"{page_name(title)}: the new content for region {quoted} would change the page's markers: {reason}",
            f"This is a bug in what the bot rendered for {quoted}, not in the page: rendered content must "
            'not contain mtpbot markers, an unclosed "<!--", or markup that closes a template, link or tag '
            "it did not open.",
        )


# --- a page the parser cannot read, or a marker that is not one ------------------------------------


def unreadable(title: str) -> MarkerError:
    """The page does not survive mwparserfromhell's round trip, on which every offset relies."""
    return MarkerError(
        "unreadable",
        f"{page_name(title)} could not be read back byte for byte by the wikitext parser (mwparserfromhell).",
        "The bot will not edit this page; report it to the mtpbot maintainers.",
        name="",
        line=0,
    )


def unparsed(text: str, title: str, start: int, end: int, *, in_attribute: bool) -> MarkerError:
    """A marker the parser left as text, TEXT[START:END]: an unclosed comment, or one in tag attributes."""
    raw = text[start:end]
    match = UNPARSED.search(raw)
    assert match is not None
    line = line_number(text, start + match.start())
    shown = one_line(raw[match.start() :].split("\n", 1)[0])
    mention = MENTION.search(raw, match.start())
    name = mention["name"] if mention else ""
    if in_attribute:
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


def malformed(text: str, title: str, start: int, end: int, contents: str) -> MarkerError:
    """The comment TEXT[START:END] (CONTENTS between "<!--" and "-->") looks like a marker but is not one."""
    line = line_number(text, start)
    mention = MENTION.search(contents)
    assert mention is not None
    return MarkerError(
        "malformed",
        f"{_at(title, line)}: the comment {one_line(text[start:end])} looks like an mtpbot marker but is not "
        f"one: {_why_malformed(contents, mention)}.",
        f"Write it exactly as {_example(mention)}, with nothing else in the comment; or, if it is only a "
        'note, reword it so that it does not say "mtpbot:begin" or "mtpbot:end".',
        name=mention["name"],
        line=line,
    )


def _why_malformed(contents: str, mention: re.Match[str]) -> str:
    word, name = mention["word"].lower(), mention["name"]
    if contents[: mention.start()].strip():
        return "a marker comment must contain nothing but the marker"
    if not re.match(r"mtpbot:(begin|end)\b", contents[mention.start() :]):
        return 'markers are written in lower case, "mtpbot:begin" or "mtpbot:end", with no spaces'
    if not name:
        return f'"mtpbot:{word}" must be followed by the region name'
    if not NAME.fullmatch(name):
        return (
            f'"{one_line(name, 40)}" is not a valid region name (letters, digits, "_", "." and "-", '
            "starting with a letter or digit)"
        )
    return "an end marker carries only the region name, nothing after it"


# --- markers that do not pair ----------------------------------------------------------------------


def duplicate(title: str, marker: Marker, first: Marker) -> MarkerError:
    return MarkerError(
        "duplicate",
        f'{_at(title, marker.line)}: region "{marker.name}" has a second {marker.kind} marker (the '
        f"first is on line {first.line}).",
        f"Delete one of the two {marker_text(marker)} lines, so that each region has exactly one "
        "begin and one end marker.",
        name=marker.name,
        line=marker.line,
    )


def missing_end(title: str, begin: Marker) -> MarkerError:
    return MarkerError(
        "missing-end",
        f'{_at(title, begin.line)}: region "{begin.name}" has a begin marker but no end marker.',
        f"Add the line {end_marker(begin.name)} where the region should end: after the begin marker "
        f"and, like it, {begin.where}.",
        name=begin.name,
        line=begin.line,
    )


def missing_begin(title: str, end: Marker) -> MarkerError:
    return MarkerError(
        "missing-begin",
        f'{_at(title, end.line)}: region "{end.name}" has an end marker but no begin marker.',
        f"Add the line {begin_marker(end.name)} where the region should begin: before the end "
        f"marker and, like it, {end.where}.",
        name=end.name,
        line=end.line,
    )


def unbalanced(title: str, begin: Marker, end: Marker) -> MarkerError:
    different = " (a different one)" if begin.where == end.where else ""
    return MarkerError(
        "unbalanced",
        f'{page_name(title)}: region "{begin.name}" is unbalanced: its begin marker (line {begin.line}) is '
        f"{begin.where} but its end marker (line {end.line}) is {end.where}{different}.",
        "Move the markers so that both sit at the same level: both inside the same template "
        "argument, tag, link or table cell, or both outside it (e.g. around the whole template or "
        "table).",
        name=begin.name,
        line=begin.line,
    )


def end_before_begin(title: str, begin: Marker, end: Marker) -> MarkerError:
    return MarkerError(
        "end-before-begin",
        f'{_at(title, end.line)}: the end marker of region "{begin.name}" comes before its begin marker '
        f"(line {begin.line}).",
        f"Swap the two lines: {marker_text(begin)} must come first, then {end_marker(begin.name)}.",
        name=begin.name,
        line=end.line,
    )


def nested(title: str, other: Marker, begin: Marker, end: Marker) -> MarkerError:
    """OTHER sits between BEGIN and END, the markers of another region."""
    name = begin.name
    return MarkerError(
        "nested",
        f'{_at(title, other.line)}: the {other.kind} marker of region "{other.name}" is inside '
        f'region "{name}" (lines {begin.line}-{end.line}); regions cannot be nested or overlap.',
        f'Move the "{other.name}" markers out of region "{name}" (the bot rewrites everything '
        f'between the "{name}" markers), or delete them.',
        name=other.name,
        line=other.line,
    )


# --- small helpers ---------------------------------------------------------------------------------


def page_name(title: str) -> str:
    return f'Page "{title}"' if title else "The page"


def _at(title: str, line: int) -> str:
    return f"{page_name(title)}, line {line}"


def _example(mention: re.Match[str] | None) -> str:
    """The well-formed marker a human most likely meant."""
    if mention and NAME.fullmatch(mention["name"]):
        if mention["word"].lower() == "begin":
            return begin_marker(mention["name"])
        return end_marker(mention["name"])
    return "<!-- mtpbot:begin NAME --> or <!-- mtpbot:end NAME -->"


def one_line(text: str, limit: int = 80) -> str:
    """TEXT on one line and at most LIMIT characters, for messages."""
    text = text.replace("\n", "\\n")
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _and(items: Iterable[str]) -> str:
    words = list(items)
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]

"""Every value from YAML is untrusted text: escape it into inert wikitext that shows the same characters.

A value can never open or close a table, cell, template, link, tag, comment or heading, nor add a signature,
a magic word or `subst:`. Escaping uses character references, which keep ordinary text readable in the
page source and in diffs. Markup the bot builds itself from escaped parts is `Wikitext` and passes as is.
"""

from __future__ import annotations

import re


class Wikitext(str):
    """Markup built by the bot from escaped parts: printed by templates as is."""

    __slots__ = ()


# Characters that can start wiki markup anywhere in a line, as numeric character references.
_ALWAYS = {c: f"&#{ord(c)};" for c in "<>[]{}|="}
# Characters harmful only when doubled: '' (bold/italic), __ (magic words), !! (header cells),
# ~~~ (signatures). Escaping all but the last of a run keeps lone ones readable.
_RUNS = re.compile(r"'(?=')|_(?=_)|!(?=!)|~(?=~)")
_ENTITY = re.compile(r"&(?=[#A-Za-z0-9])")  # anything that could read as a character reference
# Free links (https://…, mailto:…) and the old magic links (ISBN 123…, RFC 123, PMID 123).
_SCHEMES = (
    "bitcoin|ftp|ftps|geo|git|gopher|http|https|irc|ircs|magnet|mailto|mms|news|nntp|redis|sftp|sip|sips"
    "|sms|ssh|svn|tel|telnet|urn|worldwind|xmpp"
)
_FREE_LINK = re.compile(rf"(?i)\b({_SCHEMES}):")
_MAGIC_LINK = re.compile(r"\b(ISBN|RFC|PMID)(\s)")
_LINE_START = frozenset("*#:;!")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_LINE_BREAKS = re.compile(r"\r\n|[\r\n\u2028\u2029\x85]")


def escape(value: object) -> Wikitext:
    """Make any value inert wikitext that displays as the same characters, on a single line."""
    if isinstance(value, Wikitext):
        return value
    text = _LINE_BREAKS.sub(" ", str(value))
    text = _CONTROL.sub("\ufffd", text)
    text = _ENTITY.sub("&amp;", text)
    text = "".join(_ALWAYS.get(c, c) for c in text)
    text = _RUNS.sub(lambda m: f"&#{ord(m.group())};", text)
    text = _FREE_LINK.sub(r"\1&#58;", text)
    text = _MAGIC_LINK.sub(r"\1&#32;", text)
    # A leading or trailing space is trimmed by MediaWiki anyway; stripping keeps the bytes stable.
    text = text.strip()
    # Safe even where a template puts the value at the start of a line (list, indent, rule, header cell).
    if text[:1] in _LINE_START or text.startswith("--"):
        text = f"&#{ord(text[0])};{text[1:]}"
    return Wikitext(text)

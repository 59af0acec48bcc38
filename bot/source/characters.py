"""Characters MediaWiki rewrites when it receives text, so that a value holding one is refused by `validate`.

MediaWiki 1.39 cleans every request parameter (WebRequest::getVal -> Language::normalize ->
UtfNormal\\Validator::cleanUp) before anything else sees it:

- the C0 controls other than tab, line feed and carriage return (U+0000-U+0008, U+000B, U+000C,
  U+000E-U+001F) become U+FFFD;
- U+FFFE and U+FFFF become U+FFFD (the other noncharacters, U+FDD0-U+FDEF and U+xFFFE/U+xFFFF of the other
  planes, are kept, as are U+007F and the C1 controls);
- ill-formed UTF-8 becomes U+FFFD (in Python: a lone surrogate, which cannot even be encoded);
- the text is put in Unicode normal form C.

Measured on the local wiki: each of these makes a save with the md5 of the text sent fail with `badmd5`,
every run; every other character saves as sent. A value is also refused when it begins with a character
that joins the one before it (a combining mark): on the page it follows text the bot writes, and the page
would no longer be in normal form C.

Refusing rather than normalising: U+FFFD destroys what was meant, which only the maintainer knows, and the
source of truth should hold the very characters the wiki shows, so that what is on the page can be found
in the YAML. Each message names the character and says what to write instead.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from typing import Any

from bot.source.yaml_lines import KEY, Loc

REPLACEMENT = "\ufffd"
_REPLACED = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")

# Characters of combining class 0 that still compose with the character before them (the second character
# of a canonical decomposition), besides the Hangul vowels and final consonants (U+1161-U+1175,
# U+11A8-U+11C2). tests/source/test_characters.py derives this list from unicodedata.
COMPOSING_STARTERS = frozenset(
    {0x09BE, 0x09D7, 0x0B3E, 0x0B56, 0x0B57, 0x0BBE, 0x0BD7, 0x0CC2, 0x0CD5, 0x0CD6, 0x0D3E, 0x0D57, 0x0DCF, 0x0DDF}
    | {0x102E, 0x1B35, 0x11127, 0x1133E, 0x11357, 0x114B0, 0x114BA, 0x114BD, 0x115AF, 0x11930}
)
_HANGUL_JOINING = (range(0x1161, 0x1176), range(0x11A8, 0x11C3))

_C0_NAMES = (
    "NULL",
    "START OF HEADING",
    "START OF TEXT",
    "END OF TEXT",
    "END OF TRANSMISSION",
    "ENQUIRY",
    "ACKNOWLEDGE",
    "BELL",
    "BACKSPACE",
    "CHARACTER TABULATION",
    "LINE FEED",
    "LINE TABULATION",
    "FORM FEED",
    "CARRIAGE RETURN",
    "SHIFT OUT",
    "SHIFT IN",
    "DATA LINK ESCAPE",
    "DEVICE CONTROL ONE",
    "DEVICE CONTROL TWO",
    "DEVICE CONTROL THREE",
    "DEVICE CONTROL FOUR",
    "NEGATIVE ACKNOWLEDGE",
    "SYNCHRONOUS IDLE",
    "END OF TRANSMISSION BLOCK",
    "CANCEL",
    "END OF MEDIUM",
    "SUBSTITUTE",
    "ESCAPE",
    "INFORMATION SEPARATOR FOUR",
    "INFORMATION SEPARATOR THREE",
    "INFORMATION SEPARATOR TWO",
    "INFORMATION SEPARATOR ONE",
)


def as_mediawiki_stores(text: str) -> str:
    """The text as MediaWiki 1.39 keeps it once received (UtfNormal\\Validator::cleanUp, with intl)."""
    cleaned = _REPLACED.sub(REPLACEMENT, text)
    return cleaned if unicodedata.is_normalized("NFC", cleaned) else unicodedata.normalize("NFC", cleaned)


def character(char: str) -> str:
    """`U+FFFE <noncharacter-FFFE>`, `U+0301 COMBINING ACUTE ACCENT`: a character as Unicode names it."""
    code = ord(char)
    name = unicodedata.name(char, "")
    if not name:
        if code < 0x20:
            name = f"<control> {_C0_NAMES[code]}"
        elif 0xD800 <= code <= 0xDFFF:
            name = f"<surrogate-{code:04X}>"
        elif code & 0xFFFE == 0xFFFE or 0xFDD0 <= code <= 0xFDEF:
            name = f"<noncharacter-{code:04X}>"
        else:
            name = "<unnamed>"
    return f"U+{code:04X} {name}"


def _characters(text: str) -> str:
    return " + ".join(character(c) for c in text)


def _escaped(text: str) -> str:
    """The YAML escapes of `text`, which hold in double quotes: "\\u00E9"."""
    return '"' + "".join(f"\\u{ord(c):04X}" if ord(c) <= 0xFFFF else f"\\U{ord(c):08X}" for c in text) + '"'


def joins_the_one_before(char: str) -> bool:
    """Whether a character composes with, or reorders against, the character before it under NFC."""
    code = ord(char)
    return (
        unicodedata.combining(char) != 0
        or code in COMPOSING_STARTERS
        or any(code in joining for joining in _HANGUL_JOINING)
    )


def problem(text: str) -> str | None:
    """Why MediaWiki would not keep `text` as written, and what to write instead; None when it would."""
    replaced = _REPLACED.search(text)
    if replaced is not None:
        return _replaced(text, replaced.start())
    if not unicodedata.is_normalized("NFC", text):
        return _not_normal(text)
    lead = text.strip()[:1]
    if lead and joins_the_one_before(lead):
        return (
            f"starts with {character(lead)}, which joins the character before it: on the page that character is "
            "one the bot writes, MediaWiki would store the two as one and every save would fail; delete it, or "
            "write it after the letter it belongs to"
        )
    return None


def _replaced(text: str, index: int) -> str:
    char = text[index]
    code = ord(char)
    where = f"{character(char)} (character {index + 1} of the text)"
    outcome = "MediaWiki replaces it with U+FFFD REPLACEMENT CHARACTER, so every save of the page would fail"
    if 0xD800 <= code <= 0xDFFF:
        instead = "write the character itself, or one escape for it such as \\U0001F600"
    elif code in (0xFFFE, 0xFFFF):
        instead = "delete it (it is no character: often a byte-order mark read the wrong way round)"
    else:
        instead = "delete it, or write a space (a control character is invisible: often pasted from a terminal)"
    return f"{where}: {outcome}; {instead}"


def _not_normal(text: str) -> str:
    """The first run of characters (a character and those that join it) that normal form C writes otherwise."""
    start = 0
    for end in range(1, len(text) + 1):
        if end < len(text) and joins_the_one_before(text[end]):
            continue
        written, start = text[start:end], end
        normal = unicodedata.normalize("NFC", written)
        if normal != written:
            return (
                f"{_characters(written)} is stored by MediaWiki as {_characters(normal)} (Unicode normal form C), "
                f"so every save would fail; write that instead (retype it, or write {_escaped(normal)} in double "
                "quotes)"
            )
    normal = unicodedata.normalize("NFC", text)
    return f"MediaWiki stores this text in Unicode normal form C, so every save would fail; write {normal!r} instead"


def check_characters(data: Any) -> Iterator[tuple[Loc, str]]:
    """Every text of a YAML document (keys too) that MediaWiki would not keep as written."""
    for loc, text in _texts(data, ()):
        found = problem(text)
        if found is not None:
            yield loc, found


def _texts(data: Any, loc: Loc) -> Iterator[tuple[Loc, str]]:
    if isinstance(data, str):
        yield loc, data
    elif isinstance(data, dict):
        for key, value in data.items():
            if isinstance(key, str):
                yield (*loc, key, KEY), key
            yield from _texts(value, (*loc, str(key)))
    elif isinstance(data, list):
        for index, item in enumerate(data):
            yield from _texts(item, (*loc, index))

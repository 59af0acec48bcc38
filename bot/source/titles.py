"""Page titles as MediaWiki reads them, offline: which titles cannot exist, and the one form of each title.

`normalise` gives the form MediaWiki stores (`template:MTP_status` is `Template:MTP status`): underscores are
spaces, runs of spaces one, a known namespace in its canonical case, the first letter of the page name upper
case (as on every Wikimedia wiki). `problem` says why a title cannot be a page, or "" when it can.
"""

from __future__ import annotations

import re

# The canonical namespaces of every MediaWiki (and the one alias still in wide use), by their lower-case name.
NAMESPACES = {
    name.lower(): name
    for name in (
        "Media", "Special", "Talk", "User", "User talk", "Project", "Project talk", "File", "File talk",
        "MediaWiki", "MediaWiki talk", "Template", "Template talk", "Help", "Help talk", "Category",
        "Category talk", "Module", "Module talk",
    )
}  # fmt: skip
NAMESPACES["image"] = "File"
NAMESPACES["image talk"] = "File talk"
# Namespaces whose pages cannot be edited.
NOT_EDITABLE = frozenset({"Media", "Special"})
TEMPLATE_NAMESPACES = frozenset({"Template", "Module"})  # pages other pages transclude

_ILLEGAL = re.compile(r"[#<>\[\]|{}\x00-\x1f\x7f\ufffd]")
_PERCENT = re.compile(r"%[0-9A-Fa-f]{2}")
_ENTITY = re.compile(r"&[A-Za-z0-9#]+;")
_SPACES = re.compile(r"[ _\s]+")
MAX_BYTES = 255


def split(title: str) -> tuple[str, str]:
    """(namespace, page name) of a normalised title; the namespace is "" for the main one."""
    prefix, colon, rest = title.partition(":")
    if colon and prefix in NAMESPACES.values():
        return prefix, rest
    return "", title


def normalise(title: str) -> str:
    text = _SPACES.sub(" ", title).strip()
    prefix, colon, rest = text.partition(":")
    namespace = NAMESPACES.get(prefix.strip().lower()) if colon else None
    if namespace is not None:
        rest = rest.strip()
        return f"{namespace}:{rest[:1].upper()}{rest[1:]}"
    return text[:1].upper() + text[1:]


def problem(title: str) -> str:
    """Why TITLE cannot be a page the bot edits ("" when it can)."""
    found = _ILLEGAL.search(title)
    if found:
        shown = repr(found.group())
        why = "a section link" if found.group() == "#" else f"the character {shown}"
        return f"{title!r} cannot be a page title: it contains {why}; MediaWiki does not allow it in titles"
    normal = normalise(title)
    namespace, name = split(normal)
    if not name.strip():
        return f"{title!r} names no page"
    if namespace in NOT_EDITABLE:
        return f"{title!r} is a {namespace} page, which cannot be edited"
    if _PERCENT.search(normal) or _ENTITY.search(normal):
        return f"{title!r} holds %-escapes or HTML entities; write the characters themselves"
    if len(normal.encode("utf-8")) > MAX_BYTES:
        return f"{title!r} is longer than MediaWiki's {MAX_BYTES} bytes"
    if name.startswith(("./", "../")) or "/./" in name or "/../" in name or name in (".", ".."):
        return f"{title!r} cannot be a page title: relative paths (./, ../) are not allowed"
    return ""

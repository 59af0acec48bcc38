"""The languages others add to a data page. The bot writes each text of its data pages in English only
(`{"en": …}`: a description, a title, an axis or column title); Commons' translators add other languages
beside it. Those are theirs: the bot keeps them in what it saves, and its checksum (bot.charts.seal) leaves
them out, so a translation is neither a change to undo nor someone else's edit to refuse.

A text is recognised as a JSON object whose keys are all language codes and whose values are all strings,
"en" among them — the shape JsonConfig gives localisable strings.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

_LANGUAGE = re.compile(r"^[a-z]{2,3}(?:-[a-z0-9]{1,8})*$")
ENGLISH = "en"


def is_text(value: object) -> bool:
    """Whether `value` is a localisable text: {"en": "…", "de": "…", …}."""
    return (
        isinstance(value, Mapping)
        and ENGLISH in value
        and all(isinstance(key, str) and _LANGUAGE.match(key) for key in value)
        and all(isinstance(text, str) for text in value.values())
    )


def english_only(content: Any) -> Any:
    """`content` with each localisable text cut down to its English."""
    if is_text(content):
        return {ENGLISH: content[ENGLISH]}
    if isinstance(content, Mapping):
        return {key: english_only(value) for key, value in content.items()}
    if isinstance(content, list):
        return [english_only(value) for value in content]
    return content


def with_translations(new: Any, old: Any) -> Any:
    """The bot's `new` content with the other languages of each of its texts kept from `old` (the page on the
    wiki), where `old` has a text at the same place; English stays the bot's."""
    if is_text(new):
        kept = {key: text for key, text in old.items() if key != ENGLISH} if is_text(old) else {}
        return {**new, **kept, ENGLISH: new[ENGLISH]}
    if isinstance(new, Mapping):
        olds = old if isinstance(old, Mapping) else {}
        return {key: with_translations(value, olds.get(key)) for key, value in new.items()}
    if isinstance(new, list):
        return [with_translations(value, before) for value, before in zip(new, _counterparts(new, old), strict=True)]
    return new


def _counterparts(new: list[Any], old: Any) -> list[Any]:
    """The item of `old` at the place of each item of `new`: by `name` for named items (the columns of a
    table, which a new Goal column shifts), else by position in a list of the same length."""
    if not isinstance(old, list):
        return [None] * len(new)
    named = {item["name"]: item for item in old if isinstance(item, Mapping) and isinstance(item.get("name"), str)}
    if named and all(isinstance(item, Mapping) and isinstance(item.get("name"), str) for item in new):
        return [named.get(item["name"]) for item in new]
    return list(old) if len(old) == len(new) else [None] * len(new)

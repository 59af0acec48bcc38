"""Characters MediaWiki rewrites (bot/source/characters.py): `validate` refuses exactly the texts MediaWiki
would not store as written, so that no save can fail with `badmd5`. The file-level messages are in
tests/source/bad/character-*.yaml; the last test holds the model to the local MediaWiki.
"""

from __future__ import annotations

import sys
import unicodedata

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from bot.source.characters import COMPOSING_STARTERS, as_mediawiki_stores, problem
from devwiki import HumanClient


def _composing_starters() -> set[int]:
    """Second characters of canonical pairs that compose again under NFC, with combining class 0."""
    found = set()
    for code in range(sys.maxunicode + 1):
        decomposition = unicodedata.decomposition(chr(code))
        if not decomposition or decomposition.startswith("<") or len(decomposition.split()) != 2:
            continue
        second = int(decomposition.split()[1], 16)
        pair = "".join(chr(int(part, 16)) for part in decomposition.split())
        if unicodedata.combining(chr(second)) == 0 and unicodedata.normalize("NFC", pair) == chr(code):
            found.add(second)
    return {code for code in found if not (0x1161 <= code <= 0x1175 or 0x11A8 <= code <= 0x11C2)}


def test_the_list_of_composing_starters_is_the_one_unicode_gives() -> None:
    assert set(COMPOSING_STARTERS) == _composing_starters()


TEXT = st.text(
    st.one_of(
        st.characters(codec="utf-8"),
        st.sampled_from("\x00\x07\x0b\x1f\ufffe\uffff\u0301\u0308\u09be\u1161\u2126\u212b\ufb01e\u00e9"),
    )
)


@given(TEXT)
@example("Caf\u0065\u0301")  # e + combining acute: NFC writes é
@example("\u2126 ohms")  # OHM SIGN: NFC writes GREEK CAPITAL LETTER OMEGA
@example("83K\ufffe")
def test_validate_refuses_every_text_mediawiki_would_change(text: str) -> None:
    if as_mediawiki_stores(text) != text:
        assert problem(text) is not None


@given(TEXT)
def test_a_text_validate_passes_is_stored_as_written(text: str) -> None:
    if problem(text) is None:
        assert as_mediawiki_stores(text) == text


def test_what_mediawiki_keeps_passes() -> None:
    for kept in ["5.1% YoY", "Wikimania ★", "\U0001f600", "\x7f\x85", "\ufdd0", "tab\tand\nline", "Ölçü ≥ 5"]:
        assert problem(kept) is None, kept


def test_each_message_names_the_character_and_what_to_write() -> None:
    assert "U+FFFF <noncharacter-FFFF>" in (problem("x\uffff") or "")
    assert "U+0007 <control> BELL" in (problem("a\x07") or "")
    assert "write that instead" in (problem("\u2126") or "")
    assert "joins the character before it" in (problem("\u0301a") or "")


@pytest.mark.wiki
def test_the_local_wiki_stores_text_as_the_model_says(human: HumanClient) -> None:
    """The model behind `validate` against MediaWiki 1.39 itself: each character class it refuses comes back
    changed from a save, and what it keeps comes back as sent."""
    samples = [
        "a\x07b",
        "a\x1fb",
        "a\ufffeb",
        "a\uffffb",
        "Cafe\u0301",
        "\u2126",
        "\u212b",
        "\x7f\u0085",
        "\ufdd0",
        "é★",
    ]
    for sample in samples:
        human.edit("Characters test", f"<nowiki>{sample}</nowiki>", summary="characters")
        stored = (human.page_text("Characters test") or "").removeprefix("<nowiki>").removesuffix("</nowiki>")
        assert stored == as_mediawiki_stores(sample), f"{sample!r} stored as {stored!r}"
        assert (stored == sample) == (problem(sample) is None), sample

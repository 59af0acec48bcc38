"""The languages translators add to the bot's data pages stay, and are not someone else's edit."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from bot.charts.seal import seal_of, sealed
from bot.charts.translations import english_only, is_text, with_translations

SOURCES = "Published by mtpbot (data commit 1a2b3c4)."
languages = st.sampled_from(["de", "fr", "es", "zh-hans", "pt-br"])
texts = st.dictionaries(languages, st.text(max_size=20), max_size=3)


def page(title: str = "Monthly active editors", rows: list[list[Any]] | None = None) -> dict[str, Any]:
    return sealed(
        {
            "license": "CC0-1.0",
            "description": {"en": title},
            "sources": SOURCES,
            "schema": {"fields": [{"name": "period", "type": "string", "title": {"en": "Quarter"}}]},
            "data": rows or [["2019-20 Q1"]],
        }
    )


@given(texts, texts)
def test_a_translation_is_kept_and_english_stays_the_bot_s(description: dict[str, str], field: dict[str, str]) -> None:
    on_wiki = page()
    on_wiki["description"] = {"en": "an English title changed by hand", **description}
    on_wiki["schema"]["fields"][0]["title"] = {**field, "en": "Quarter"}
    new = with_translations(page(rows=[["2019-20 Q1"], ["2019-20 Q2"]]), on_wiki)
    assert new["description"] == {"en": "Monthly active editors", **description}
    assert new["schema"]["fields"][0]["title"] == {"en": "Quarter", **field}
    assert english_only(new) == english_only(page(rows=[["2019-20 Q1"], ["2019-20 Q2"]]))


def test_a_translation_leaves_the_seal_intact_and_anything_else_breaks_it() -> None:
    translated = json.loads(json.dumps(page()))
    translated["description"]["de"] = "Monatlich aktive Bearbeiter"
    assert seal_of(translated) == "intact"
    translated["description"]["en"] = "Edited by hand"
    assert seal_of(translated) == "broken"


def test_only_objects_of_language_codes_and_strings_are_texts() -> None:
    assert is_text({"en": "a", "de": "b"}) and is_text({"en": ""})
    assert not is_text({"de": "b"})  # no English: not one of the bot's texts
    assert not is_text({"en": "a", "fields": "b"}) and not is_text({"en": 1})


def test_a_column_s_translation_follows_it_when_a_column_is_added() -> None:
    on_wiki = page()
    on_wiki["schema"]["fields"][0]["title"] = {"en": "Quarter", "de": "Quartal"}
    new = page()
    new["schema"]["fields"] = [{"name": "value", "type": "number", "title": {"en": "Value"}}, *new["schema"]["fields"]]
    kept = with_translations(new, on_wiki)["schema"]["fields"]
    assert kept[0]["title"] == {"en": "Value"} and kept[1]["title"] == {"en": "Quarter", "de": "Quartal"}


def test_a_column_named_by_something_other_than_text_breaks_nothing() -> None:
    on_wiki = page()
    on_wiki["schema"]["fields"][0]["name"] = ["not", "a", "name"]
    assert with_translations(page(), on_wiki)["schema"]["fields"] == page()["schema"]["fields"]

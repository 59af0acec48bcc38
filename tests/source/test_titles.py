"""Page titles as the wiki reads them: one form per title, and the titles no page can have."""

from __future__ import annotations

import pytest

from bot.source import titles


@pytest.mark.parametrize(
    ("written", "stored"),
    [
        ("Template:MTP_status", "Template:MTP status"),
        ("template:MTP status", "Template:MTP status"),
        ("  Template :  mTP   status ", "Template:MTP status"),
        ("user_talk:MtpBot", "User talk:MtpBot"),
        ("Image:Logo.png", "File:Logo.png"),
        ("wikimedia Foundation Medium-term plan 2019/Metrics", "Wikimedia Foundation Medium-term plan 2019/Metrics"),
        ("Project:Foo: bar", "Project:Foo: bar"),
        ("Not a namespace: title", "Not a namespace: title"),
    ],
)
def test_titles_are_normalised_as_mediawiki_stores_them(written: str, stored: str) -> None:
    assert titles.normalise(written) == stored
    assert titles.normalise(stored) == stored


@pytest.mark.parametrize(
    ("title", "why"),
    [
        ("Foo#section", "a section link"),
        ("Foo|bar", "'|'"),
        ("Foo[bar]", "'['"),
        ("Special:RecentChanges", "a Special page"),
        ("media:Logo.png", "a Media page"),
        ("Template:", "names no page"),
        ("Foo%20bar", "%-escapes"),
        ("Foo &amp; bar", "HTML entities"),
        ("../Foo", "relative paths"),
        ("x" * 256, "255 bytes"),
    ],
)
def test_titles_no_page_can_have_are_named(title: str, why: str) -> None:
    assert why in titles.problem(title)


@pytest.mark.parametrize(
    "title", ["Template:MTP status", "User:MtpBot/Run", "Wikimedia Foundation Medium-term plan 2019/Metrics"]
)
def test_ordinary_titles_are_fine(title: str) -> None:
    assert titles.problem(title) == ""

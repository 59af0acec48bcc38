"""The order of a sync run, with a wiki stand-in that records every call (pure code, no network)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import pytest

from bot.errors import NotAllowedError, PageError
from bot.sync.pages import RenderedPage
from bot.sync.policy import RunPolicy
from bot.sync.run import sync
from bot.wikipages import PageState, SaveResult
from tests.sync.test_plan import Page, metrics_page


@dataclass
class RecordingWiki:
    pages: dict[str, Page]
    fetches: list[list[str]] = field(default_factory=list)
    saves: list[str] = field(default_factory=list)
    conflicts: int = 0  # how many saves answer "edit conflict" before one succeeds

    def fetch(self, titles: Sequence[str]) -> Mapping[str, PageState]:
        self.fetches.append(list(titles))
        return {t: self.pages.get(t, Page(t, False, "", None)) for t in titles}

    def save(self, state: PageState, text: str, summary: str) -> SaveResult:
        self.saves.append(state.title)
        if self.conflicts:
            self.conflicts -= 1
            raise PageError(state.title, "edit-conflict", "edit conflict")
        self.pages[state.title] = Page(state.title, True, text, len(self.saves))
        return SaveResult(state.title, len(self.saves), created=not state.exists, nochange=False)


RUN = RunPolicy(run_page="User:MtpBot/Run", bot_names=("MtpBot",))


def wiki_with_run_page(text: str) -> RecordingWiki:
    return RecordingWiki({RUN.run_page or "": Page("User:MtpBot/Run", True, text, 1)})


def pages() -> list[RenderedPage]:
    return [metrics_page()]


def test_the_run_page_is_read_in_the_same_batch_as_the_pages() -> None:
    wiki = wiki_with_run_page("true")
    result = sync(pages(), wiki, dry_run=False, prefix="p", policy=RUN)
    assert wiki.fetches == [[pages()[0].title, "User:MtpBot/Run"]]
    assert [e.action for e in result.edits] == ["created"]


@pytest.mark.parametrize("text", ["false", "", "stop", "true please"])
def test_anything_but_true_stops_the_run_before_any_save(text: str) -> None:
    wiki = wiki_with_run_page(text)
    with pytest.raises(NotAllowedError) as caught:
        sync(pages(), wiki, dry_run=False, prefix="p", policy=RUN)
    assert wiki.saves == []
    assert "talk page" in caught.value.hint  # the community stopped it: ask why


def test_a_missing_run_page_stops_the_run_too() -> None:
    wiki = RecordingWiki({})
    with pytest.raises(NotAllowedError, match="does not exist") as caught:
        sync(pages(), wiki, dry_run=False, prefix="p", policy=RUN)
    assert "create the page" in caught.value.hint and "talk page" not in caught.value.hint  # nobody stopped it


def test_an_edit_conflict_is_retried_once_after_reading_the_page_again() -> None:
    wiki = wiki_with_run_page("true")
    wiki.conflicts = 1
    result = sync(pages(), wiki, dry_run=False, prefix="p", policy=RUN)
    assert [e.action for e in result.edits] == ["created"]
    assert len(wiki.fetches) == 2 and wiki.fetches[1] == [pages()[0].title]
    assert len(wiki.saves) == 2


def test_a_second_conflict_is_reported_not_retried_again() -> None:
    wiki = wiki_with_run_page("true")
    wiki.conflicts = 2
    result = sync(pages(), wiki, dry_run=False, prefix="p", policy=RUN)
    (edit,) = result.edits
    assert (edit.action, edit.reason) == ("failed", "edit-conflict")
    assert "failed again after an edit conflict" in edit.message
    assert len(wiki.saves) == 2


def test_templates_are_saved_before_the_pages_that_call_them() -> None:
    from bot.sync.pages import RenderedPage as Page_

    template = Page_("Template:MTP status", "<includeonly>x</includeonly>", {}, create=True)
    wiki = wiki_with_run_page("true")
    result = sync([*pages(), template], wiki, dry_run=False, prefix="p", policy=RUN)
    assert wiki.saves == ["Template:MTP status", pages()[0].title]  # the template first
    assert [e.title for e in result.edits] == [pages()[0].title, "Template:MTP status"]  # reported in config order

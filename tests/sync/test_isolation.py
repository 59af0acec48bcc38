"""One page's fault stays that page's (issue 12, item 12), with a stand-in wiki (pure code, no network).

A failure is injected at each stage of one page of three — read (the wiki's `UnreadablePage`), plan, save —
as a PageError, another MtpbotError or an exception nobody foresaw; the other two pages are published and
the run's result holds all three, in config order. What concerns the whole run still stops it: a
NotAllowedError (a blocked account), Ctrl-C, SIGTERM. tests/safety/test_isolation.py does the same on a
real wiki for the faults a wiki can cause.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace

import pytest

from bot.cli.signals import Terminated
from bot.errors import ExitStatus, MtpbotError, NotAllowedError, PageError, WikiError
from bot.mediawiki.reading import MISSING_HINT
from bot.sync import plan
from bot.sync import run as sync_module
from bot.sync.isolation import UNEXPECTED
from bot.sync.pages import RenderedPage
from bot.sync.run import SyncResult, sync
from bot.wikipages import PageState, SaveResult, UnreadablePage
from tests.sync.test_plan import PREFIX, Page, metrics_page
from tests.sync.test_status_page_rows import STATUS, status_page
from tests.sync.test_sync_run import RUN, RecordingWiki

TITLES = ("Isolation/One", "Isolation/Two", "Isolation/Three")
MISSING_TEXT = "the wiki answers `textmissing`: the text of the latest revision could not be loaded"


def three_pages() -> list[RenderedPage]:
    page = metrics_page()
    return [replace(page, title=title) for title in TITLES]


@dataclass
class FaultyWiki(RecordingWiki):
    """A RecordingWiki whose reads answer `unreadable` titles as the wiki does for a text it cannot give,
    and whose saves of a title in `save_faults` raise that exception."""

    unreadable: set[str] = field(default_factory=set)
    save_faults: dict[str, BaseException] = field(default_factory=dict)

    def fetch(self, titles: Sequence[str]) -> Mapping[str, PageState]:
        read = dict(super().fetch(titles))
        for title in self.unreadable & set(titles):
            read[title] = UnreadablePage(title, 7, MISSING_TEXT, MISSING_HINT)
        return read

    def save(self, state: PageState, text: str, summary: str) -> SaveResult:
        fault = self.save_faults.get(state.title)
        if fault is not None:
            self.saves.append(state.title)
            raise fault
        return super().save(state, text, summary)


def faulty_wiki() -> FaultyWiki:
    return FaultyWiki({RUN.run_page or "": Page(RUN.run_page or "", True, "true", 1)})


def run(wiki: FaultyWiki, *, dry_run: bool = False) -> SyncResult:
    return sync(three_pages(), wiki, dry_run=dry_run, prefix=PREFIX, policy=RUN)


def assert_isolated(result: SyncResult, failing: str, reason: str, *words: str, published: str = "created") -> None:
    """`failing` failed for `reason` (its message says `words`); the two others were published."""
    assert [e.title for e in result.edits] == list(TITLES)  # the report is whole, in config order
    outcomes = {e.title: e for e in result.edits}
    failed = outcomes.pop(failing)
    assert (failed.action, failed.reason) == ("failed", reason), failed
    for word in words:
        assert word in failed.message, failed.message
    assert [e.action for e in outcomes.values()] == [published, published]
    assert result.exit_status() == ExitStatus.PAGE_FAILURES


ERRORS: list[tuple[BaseException, str, tuple[str, ...]]] = [
    (PageError("", "protected", "the page is protected"), "protected", ("protected",)),
    (WikiError("the connection dropped for good"), "wiki-error", ("dropped",)),
    (ValueError("invalid literal for int() with base 10: 'soon'"), UNEXPECTED, ("ValueError", "'soon'", "Isolation/")),
    (KeyError("edit"), UNEXPECTED, ("KeyError", "Isolation/")),
]
IDS = ["page-error", "wiki-error", "value-error", "key-error"]


@pytest.mark.parametrize("failing", TITLES)
@pytest.mark.parametrize("dry_run", [False, True], ids=["real", "dry-run"])
def test_read_an_unreadable_page_fails_alone(failing: str, dry_run: bool) -> None:
    wiki = faulty_wiki()
    wiki.unreadable = {failing}
    result = run(wiki, dry_run=dry_run)
    published = "would-create" if dry_run else "created"
    assert_isolated(result, failing, "unreadable", failing, "textmissing", "restore", published=published)
    assert failing not in wiki.saves
    assert next(e for e in result.edits if e.title == failing).base_revid == 7  # the revision it could not read


@pytest.mark.parametrize("failing", TITLES)
@pytest.mark.parametrize(("error", "reason", "words"), ERRORS, ids=IDS)
def test_plan_a_page_whose_plan_raises_fails_alone(
    monkeypatch: pytest.MonkeyPatch, failing: str, error: BaseException, reason: str, words: tuple[str, ...]
) -> None:
    planned = plan.plan_page

    def plan_page(page: RenderedPage, state: PageState, *args: object) -> object:
        if page.title == failing:
            raise error
        return planned(page, state, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(sync_module, "plan_page", plan_page)
    wiki = faulty_wiki()
    result = run(wiki)
    assert_isolated(result, failing, reason, *words)
    assert failing not in wiki.saves


@pytest.mark.parametrize("failing", TITLES)
@pytest.mark.parametrize(("error", "reason", "words"), ERRORS, ids=IDS)
def test_save_a_page_whose_save_raises_fails_alone(
    failing: str, error: BaseException, reason: str, words: tuple[str, ...]
) -> None:
    wiki = faulty_wiki()
    wiki.save_faults = {failing: error}
    result = run(wiki)
    assert_isolated(result, failing, reason, *words)
    failed = next(e for e in result.edits if e.title == failing)
    assert failed.summary and failed.new  # the planned edit, as far as it went


def test_an_unexpected_save_error_says_its_outcome_is_unknown() -> None:
    wiki = faulty_wiki()
    wiki.save_faults = {TITLES[1]: ValueError("soon")}
    failed = run(wiki).edits[1]
    assert "Unexpected error while saving Isolation/Two (ValueError: soon)" in failed.message
    assert "see the page's history" in failed.message and "hint: " in failed.message


def test_a_page_unreadable_when_read_again_after_an_edit_conflict_fails_alone() -> None:
    wiki = faulty_wiki()

    class Conflicted(FaultyWiki):
        def save(self, state: PageState, text: str, summary: str) -> SaveResult:
            if state.title == TITLES[1] and not isinstance(state, UnreadablePage) and TITLES[1] not in self.unreadable:
                self.unreadable.add(TITLES[1])  # someone hid the revision that conflicts
                raise PageError(state.title, "edit-conflict", "edit conflict")
            return super().save(state, text, summary)

    wiki = Conflicted(wiki.pages)
    result = run(wiki)
    assert_isolated(result, TITLES[1], "unreadable", TITLES[1], "textmissing")


@pytest.mark.parametrize("stop", [NotAllowedError("the account is blocked"), KeyboardInterrupt(), Terminated()])
def test_what_concerns_the_whole_run_still_stops_it(stop: BaseException) -> None:
    wiki = faulty_wiki()
    wiki.save_faults = {TITLES[0]: stop}
    with pytest.raises(type(stop)):
        run(wiki)
    assert wiki.saves == [TITLES[0]]  # no other page was tried


def test_an_unreadable_run_page_lets_nothing_be_published() -> None:
    wiki = faulty_wiki()
    wiki.unreadable = {RUN.run_page or ""}
    with pytest.raises(NotAllowedError, match="cannot be read"):
        run(wiki)
    assert wiki.saves == []
    dry = run(wiki, dry_run=True)
    assert "cannot be read" in dry.run_page_off and "textmissing" in dry.run_page_off


def test_an_unreadable_status_page_fails_alone_after_the_pages() -> None:
    wiki = faulty_wiki()
    wiki.unreadable = {STATUS}
    result = sync(three_pages(), wiki, dry_run=False, prefix=PREFIX, policy=RUN, status=status_page(pages=TITLES))
    assert [e.action for e in result.edits] == ["created"] * 3
    assert result.status_page is not None
    assert (result.status_page.action, result.status_page.reason) == ("failed", "unreadable")
    assert result.exit_status() == ExitStatus.PAGE_FAILURES


def test_the_isolation_catches_exceptions_not_base_exceptions() -> None:
    """A stop is a BaseException: no `except Exception` in the isolation can swallow it."""
    assert not issubclass(Terminated, Exception) and not issubclass(KeyboardInterrupt, Exception)
    assert issubclass(NotAllowedError, MtpbotError)  # and this one the isolation lets through by name


@dataclass
class Reader:
    """A wiki to read from, as `mtpbot check` sees it, whose pages `unreadable` cannot be read."""

    wiki: FaultyWiki

    def fetch(self, titles: Sequence[str]) -> Mapping[str, PageState]:
        return self.wiki.fetch(titles)

    def page_url(self, title: str) -> str:
        return f"https://wiki.example/{title}"

    def removal(self, title: str) -> None:
        return None  # no page here was ever deleted or moved


def test_check_reports_an_unreadable_page_and_goes_on_with_the_others() -> None:
    from bot.check.preflight import _on_the_wiki
    from bot.sync.plan import Safety

    wiki = faulty_wiki()
    wiki.unreadable = {TITLES[1], RUN.run_page or ""}
    checks = _on_the_wiki(Reader(wiki), three_pages(), RUN, True, Safety())
    assert [(c.name, c.ok, c.title) for c in checks] == [
        ("run-page", False, RUN.run_page),
        ("page", True, TITLES[0]),
        ("page", False, TITLES[1]),
        ("page", True, TITLES[2]),
    ]
    assert checks[0].status == ExitStatus.NOT_ALLOWED and "textmissing" in checks[0].message
    assert TITLES[1] in checks[2].message and "restore" in checks[2].hint

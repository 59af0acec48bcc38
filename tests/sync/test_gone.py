"""Pages that are no longer where the bot left them (bot.sync.gone), planned offline: a page deleted or
moved away is not created again, a redirect is never written into, and the logs are asked only about a page
that would be created."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import pytest

from bot.errors import WikiError
from bot.sync.gone import redirect_target, when
from bot.sync.plan import Safety, plan_page
from bot.sync.run import sync
from tests.sync.test_plan import HUMAN_PAGE, PREFIX, Page, metrics_page
from tests.sync.test_sync_run import RecordingWiki


@dataclass(frozen=True)
class Removed:
    kind: str
    user: str = "Admin"
    timestamp: str = "2026-12-01T05:58:56Z"
    comment: str = "Out of scope"
    target: str = ""


@dataclass
class Logs:
    """The wiki's logs: what they say of each title, and which titles were asked about."""

    said: dict[str, Removed | WikiError] = field(default_factory=dict)
    asked: list[str] = field(default_factory=list)

    def removal(self, title: str) -> Removed | None:
        self.asked.append(title)
        found = self.said.get(title)
        if isinstance(found, WikiError):
            raise found
        return found


@pytest.mark.parametrize(
    ("text", "target"),
    [
        ("#REDIRECT [[Elsewhere]]", "Elsewhere"),
        ("  #redirect: [[Elsewhere#Section|shown]]\n[[Category:Redirects]]", "Elsewhere#Section"),
        ("#Redirect[[ Elsewhere ]]", "Elsewhere"),
        ("Text first\n#REDIRECT [[Elsewhere]]", None),
        ("#REDIRECT to [[Elsewhere]]", None),
        (HUMAN_PAGE, None),
    ],
)
def test_a_redirect_is_read_as_mediawiki_reads_it(text: str, target: str | None) -> None:
    assert redirect_target(text) == target


def test_a_redirect_is_refused_naming_its_target_even_when_forced() -> None:
    page = metrics_page()
    redirect = f"#REDIRECT [[Elsewhere]]\n{HUMAN_PAGE}"  # markers below a redirect are never filled
    for safety in (Safety(), Safety(force=True)):
        edit = plan_page(page, Page(page.title, True, redirect, 3), PREFIX, safety=safety)
        assert (edit.action, edit.reason) == ("refused", "redirect")
        assert 'is a redirect to "Elsewhere"' in edit.message


def test_a_deleted_page_is_refused_with_who_when_and_why() -> None:
    page = metrics_page()
    edit = plan_page(page, Page(page.title, False, "", None), PREFIX, removal=Removed("deleted"))
    assert (edit.action, edit.reason) == ("refused", "deleted")
    assert 'was deleted by Admin on 2026-12-01 05:58 UTC (reason: "Out of scope")' in edit.message


def test_a_moved_page_is_refused_naming_where_it_went() -> None:
    page = metrics_page()
    removal = Removed("moved", comment="", target="New name")
    edit = plan_page(page, Page(page.title, False, "", None), PREFIX, removal=removal)
    assert (edit.action, edit.reason) == ("refused", "moved")
    assert 'was moved to "New name" by Admin on 2026-12-01 05:58 UTC (no reason given)' in edit.message


def test_a_forced_creation_says_it_re_creates_the_page() -> None:
    page = metrics_page()
    missing = Page(page.title, False, "", None)
    # A plain --force (meant for a hand edit on another page) does not bring a deleted page back.
    edit = plan_page(page, missing, PREFIX, safety=Safety(force=True), removal=Removed("deleted"))
    assert (edit.action, edit.reason) == ("refused", "deleted")
    edit = plan_page(page, missing, PREFIX, safety=Safety(force=True, recreate=True), removal=Removed("deleted"))
    assert edit.action == "would-create"
    assert edit.summary.startswith(f"{PREFIX}: re-created after its deletion by Admin on 2026-12-01; first publish")


def test_the_logs_are_asked_only_about_pages_the_bot_would_create() -> None:
    kept, created, forbidden = (metrics_page(), *(replace(metrics_page(), title=f"P{i}") for i in (1, 2)))
    forbidden = replace(forbidden, create=False)
    wiki = RecordingWiki({kept.title: Page(kept.title, True, HUMAN_PAGE, 1)})
    logs = Logs({created.title: Removed("deleted")})
    result = sync([kept, created, forbidden], wiki, dry_run=True, prefix=PREFIX, logs=logs)
    assert logs.asked == [created.title]
    assert [(e.action, e.reason) for e in result.edits] == [
        ("would-edit", ""),
        ("refused", "deleted"),
        ("refused", "missing-page"),
    ]


def test_a_page_whose_logs_cannot_be_read_is_not_created() -> None:
    page = metrics_page()
    wiki = RecordingWiki({})
    logs = Logs({page.title: WikiError("Could not read pages from the wiki: HTTP 503")})
    result = sync([page], wiki, dry_run=False, prefix=PREFIX, logs=logs)
    assert [(e.action, e.reason) for e in result.edits] == [("failed", "wiki-error")]
    assert "HTTP 503" in result.edits[0].message and wiki.saves == []


@pytest.mark.parametrize(
    ("timestamp", "shown"), [("2026-12-01T05:58:56Z", "2026-12-01 05:58 UTC"), ("", "an unknown date"), ("x", "x")]
)
def test_log_timestamps_read_as_people_read_them(timestamp: str, shown: str) -> None:
    assert when(timestamp) == shown

"""The status page offline: what each row says, how long a "since" date lives, and that the page changes only
when an outcome or the data commit does (pure code; tests/sync/test_status_page.py runs it on a real wiki)."""

from __future__ import annotations

import re
import shutil
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from bot.errors import ConfigError, ExitStatus, NotAllowedError
from bot.sync.edits import Edit
from bot.sync.pages import RenderedPage
from bot.sync.plan import plan_page
from bot.sync.run import sync
from bot.sync.status_page import NOT_CHECKED, StatusPage, previous_statuses, status_title
from bot.wikitext.render import Renderer
from tests.support.workspace import ROOT, make_workspace
from tests.sync.test_plan import CONFIG, PREFIX, Page
from tests.sync.test_sync_run import RUN, wiki_with_run_page

STATUS = "User:MtpBot/Status"
METRICS = "Priority/Metrics"
TEMPLATE = "Template:MTP status"
MONDAY, NEXT_MONDAY = date(2024, 3, 4), date(2024, 3, 11)
RENDERER = Renderer.for_config(CONFIG)


def status_page(
    today: date = MONDAY, data: str = "abc1234", pages: tuple[str, ...] = (METRICS, TEMPLATE)
) -> StatusPage:
    return StatusPage(STATUS, pages, data, today, RENDERER, RUN.run_page)


def ok(title: str, action: str = "unchanged") -> Edit:
    return Edit(title, action)  # type: ignore[arg-type]


def refused(title: str, reason: str = "manual-edit") -> Edit:
    return Edit(title, "refused", reason=reason, message=f"page {title!r} was refused")


MISSING = Page(STATUS, False, "", None)


def saved(page: RenderedPage, revid: int = 1) -> Page:
    """The status page as the wiki holds it after the bot created it (MediaWiki trims the last newline)."""
    return Page(page.title, True, page.text.rstrip(), revid)


def statuses(page: Page) -> dict[str, str]:
    return previous_statuses(page, (METRICS, TEMPLATE))


def test_one_row_per_page_up_to_date_at_the_data_commit_or_refused_since_the_run() -> None:
    page = status_page().render(MISSING, [ok(METRICS, "edited"), refused(TEMPLATE)])
    assert statuses(saved(page)) == {
        METRICS: "up to date at data abc1234",
        TEMPLATE: "refused (manual-edit, since 2024-03-04)",
    }
    assert '|- data-mtp="page:Template:MTP status"' in page.text and "| [[:Priority/Metrics]] || " in page.text
    assert "[[User:MtpBot/Run]]" in page.text  # the text around the table says how to stop the bot


@pytest.mark.parametrize("action", ["unchanged", "edited", "created"])
def test_every_page_that_was_saved_or_needed_nothing_is_up_to_date(action: str) -> None:
    page = status_page().render(MISSING, [ok(METRICS, action), ok(TEMPLATE)])
    assert statuses(saved(page))[METRICS] == "up to date at data abc1234"


def test_an_unknown_data_commit_is_said() -> None:
    page = status_page(data="").render(MISSING, [ok(METRICS), ok(TEMPLATE)])
    assert statuses(saved(page))[METRICS] == "up to date (data commit unknown)"


def test_a_refusal_keeps_its_date_while_it_lasts_and_the_page_is_not_edited() -> None:
    first = saved(status_page(MONDAY).render(MISSING, [ok(METRICS), refused(TEMPLATE)]))
    again = status_page(NEXT_MONDAY).render(first, [ok(METRICS), refused(TEMPLATE)])
    assert statuses(saved(again))[TEMPLATE] == "refused (manual-edit, since 2024-03-04)"
    assert plan_page(again, first, PREFIX).action == "unchanged"  # a week later, nothing to save: no clock


def test_a_failure_keeps_its_date_too() -> None:
    failed = Edit(TEMPLATE, "failed", reason="protected")
    first = saved(status_page(MONDAY).render(MISSING, [ok(METRICS), failed]))
    again = status_page(NEXT_MONDAY).render(first, [ok(METRICS), failed])
    assert statuses(saved(again))[TEMPLATE] == "failed (protected, since 2024-03-04)"


@pytest.mark.parametrize(
    "later",
    [refused(TEMPLATE, "missing-markers"), Edit(TEMPLATE, "failed", reason="manual-edit"), ok(TEMPLATE)],
    ids=["another reason", "failed for the same code", "up to date"],
)
def test_a_changed_outcome_is_dated_from_the_run_that_saw_it(later: Edit) -> None:
    first = saved(status_page(MONDAY).render(MISSING, [ok(METRICS), refused(TEMPLATE)]))
    again = status_page(NEXT_MONDAY).render(first, [ok(METRICS), later])
    now = statuses(saved(again))[TEMPLATE]
    expected = "up to date at data abc1234" if later.ok else f"{later.action} ({later.reason}, since 2024-03-11)"
    assert now == expected
    edit = plan_page(again, first, PREFIX, "abc1234")
    assert edit.action == "would-edit"
    assert edit.summary == (
        f"{PREFIX}: [\u200b[:Template:MTP status]] Status: refused (manual-edit, since 2024-03-04) → {now} "
        "(data abc1234)"
    )


def test_a_refusal_that_ends_and_comes_back_starts_a_new_date() -> None:
    first = saved(status_page(MONDAY).render(MISSING, [ok(METRICS), refused(TEMPLATE)]))
    cleared = saved(status_page(NEXT_MONDAY).render(first, [ok(METRICS), ok(TEMPLATE)]), revid=2)
    back = status_page(date(2024, 3, 18)).render(cleared, [ok(METRICS), refused(TEMPLATE)])
    assert statuses(saved(back))[TEMPLATE] == "refused (manual-edit, since 2024-03-18)"


def test_a_new_data_commit_changes_the_up_to_date_rows_only() -> None:
    first = saved(status_page(data="abc1234").render(MISSING, [ok(METRICS), refused(TEMPLATE)]))
    page = status_page(NEXT_MONDAY, data="def5678").render(first, [ok(METRICS, "edited"), refused(TEMPLATE)])
    assert statuses(saved(page)) == {
        METRICS: "up to date at data def5678",
        TEMPLATE: "refused (manual-edit, since 2024-03-04)",
    }
    edit = plan_page(page, first, PREFIX, "def5678")
    changed = [line for line in edit.diff().splitlines() if line[:1] in "+-" and line[:3] not in ("+++", "---")]
    assert len(changed) == 2 and all("Priority/Metrics" in line for line in changed)  # one line of the page


def test_a_run_of_some_pages_keeps_the_rows_of_the_others() -> None:
    first = saved(status_page().render(MISSING, [ok(METRICS), refused(TEMPLATE)]))
    page = status_page(NEXT_MONDAY, data="def5678").render(first, [ok(METRICS, "edited")])  # `--page METRICS`
    assert statuses(saved(page))[TEMPLATE] == "refused (manual-edit, since 2024-03-04)"


def test_a_page_no_run_has_handled_yet_says_so_and_a_page_no_longer_configured_goes() -> None:
    first = saved(status_page().render(MISSING, [ok(METRICS), ok(TEMPLATE)]))
    page = status_page(pages=(METRICS, "New page")).render(first, [ok(METRICS)])
    assert previous_statuses(saved(page), (METRICS, TEMPLATE, "New page")) == {
        METRICS: "up to date at data abc1234",
        "New page": NOT_CHECKED,
    }
    assert "removed page [\u200b[:Template:MTP status]]" in plan_page(page, first, PREFIX).summary


def test_titles_with_markup_characters_read_back_as_they_were_written() -> None:
    odd = 'A "quoted" = page & co\'s'
    page = status_page(pages=(odd,)).render(MISSING, [refused(odd)])
    assert previous_statuses(saved(page), (odd,)) == {odd: "refused (manual-edit, since 2024-03-04)"}


def test_a_hand_edit_inside_the_table_refuses_the_status_page() -> None:
    first = saved(status_page().render(MISSING, [ok(METRICS), refused(TEMPLATE)]))
    edited = replace(first, text=first.text.replace("since 2024-03-04", "since 2020-01-01"))
    page = status_page(NEXT_MONDAY).render(edited, [ok(METRICS), refused(TEMPLATE)])
    edit = plan_page(page, edited, PREFIX)
    assert (edit.action, edit.reason) == ("refused", "manual-edit")


def test_the_title_is_the_accounts_unless_configured_and_false_turns_it_off() -> None:
    settings = CONFIG.settings
    assert status_title(settings, "MtpBot", "User:MtpBot/Run") == "User:MtpBot/Status"
    assert status_title(settings.model_copy(update={"status_page": True}), "MtpBot", None) == "User:MtpBot/Status"
    assert status_title(settings.model_copy(update={"status_page": "Project:Bot status"}), "", None) == (
        "Project:Bot status"
    )
    assert status_title(settings.model_copy(update={"status_page": False}), "MtpBot", None) is None
    assert status_title(settings, "", None) is None  # no account to name it after (an anonymous dry run)


@pytest.mark.parametrize(
    ("title", "clash"), [("user:MtpBot/Run", "the run page"), ("Template:MTP_status", "a managed")]
)
def test_a_status_page_that_is_another_page_of_the_bot_is_refused(title: str, clash: str) -> None:
    settings = CONFIG.settings.model_copy(update={"status_page": title})
    with pytest.raises(ConfigError, match=clash):
        status_title(settings, "MtpBot", "User:MtpBot/Run")


TEMPLATE_PAGE = RenderedPage(TEMPLATE, "<includeonly>x</includeonly>", {}, create=True)


def test_a_run_reads_the_status_page_in_its_one_batch_and_saves_it_after_the_pages() -> None:
    wiki = wiki_with_run_page("true")
    result = sync([TEMPLATE_PAGE], wiki, dry_run=False, prefix=PREFIX, policy=RUN, status=status_page())
    assert wiki.fetches == [[TEMPLATE, "User:MtpBot/Run", STATUS]]
    assert wiki.saves == [TEMPLATE, STATUS]
    assert result.status_page is not None and result.status_page.action == "created"
    assert statuses(wiki.pages[STATUS]) == {METRICS: NOT_CHECKED, TEMPLATE: "up to date at data abc1234"}

    again = sync([TEMPLATE_PAGE], wiki, dry_run=False, prefix=PREFIX, policy=RUN, status=status_page(NEXT_MONDAY))
    assert again.status_page is not None and again.status_page.action == "unchanged"
    assert wiki.saves == [TEMPLATE, STATUS]  # nothing changed: no edit, not even of the status page


def test_a_dry_run_does_not_save_it_and_a_stopped_run_does_not_either() -> None:
    wiki = wiki_with_run_page("true")
    result = sync([TEMPLATE_PAGE], wiki, dry_run=True, prefix=PREFIX, policy=RUN, status=status_page())
    assert (wiki.saves, result.status_page) == ([], None)
    stopped = wiki_with_run_page("false")
    with pytest.raises(NotAllowedError):
        sync([TEMPLATE_PAGE], stopped, dry_run=False, prefix=PREFIX, policy=RUN, status=status_page())
    assert stopped.saves == []


def test_a_refused_status_page_fails_the_run_like_any_page() -> None:
    wiki = wiki_with_run_page("true")
    sync([TEMPLATE_PAGE], wiki, dry_run=False, prefix=PREFIX, policy=RUN, status=status_page())
    held = wiki.pages[STATUS]
    wiki.pages[STATUS] = replace(held, text=held.text.replace("up to date at", "fine at"))
    result = sync([TEMPLATE_PAGE], wiki, dry_run=False, prefix=PREFIX, policy=RUN, status=status_page())
    assert result.status_page is not None and result.status_page.reason == "manual-edit"
    assert [e.action for e in result.edits] == ["unchanged"]
    assert result.exit_status() == ExitStatus.PAGE_FAILURES


def test_validate_checks_the_status_page_title_and_template_unless_it_is_off(tmp_path: Path) -> None:
    templates = tmp_path / "templates"
    shutil.copytree(ROOT / "templates", templates)
    (templates / "run-status.wiki.j2").unlink()  # an operator's own templates folder, from before the status page
    workspace = make_workspace(tmp_path / "workspace", None, templates=templates, logs_in=False)
    workspace.configure(status_page=None)  # the default: on
    result = workspace.mtpbot("validate")
    assert result.exit_code == ExitStatus.BAD_INPUT
    assert re.search(r"mtpbot\.yaml:\d+: status_page: no template run-status\.wiki\.j2 in ", result.stderr)
    assert "or set `status_page: false`" in result.stderr

    shutil.copy(ROOT / "templates" / "run-status.wiki.j2", templates)
    for title, problem in [("Status#now", "a section link"), (workspace.metrics_title, "also a managed page")]:
        workspace.configure(status_page=title)
        result = workspace.mtpbot("validate")
        assert result.exit_code == ExitStatus.BAD_INPUT and problem in result.stderr, result.stderr

    workspace.configure(status_page=False)
    (templates / "run-status.wiki.j2").unlink()
    assert workspace.mtpbot("validate").exit_code == ExitStatus.OK

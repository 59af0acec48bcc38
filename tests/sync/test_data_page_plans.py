"""The data-page sync's decisions, offline: parsed JSON compared without the data commit, the owner of the
latest revision, the shrink guard, the summary's words, and the `data_site:` / `charts:` settings."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest

from bot.charts.pages import DataPage
from bot.charts.problems import DataPageError
from bot.charts.seal import seal_of, sealed
from bot.source.loading import load_priorities
from bot.sync.data_changes import changes, comparable
from bot.sync.data_drift import DataDrift
from bot.sync.data_pages import SeriesPage, plan_data_page, render_data_pages, sync_data_pages
from bot.sync.edits import Edit
from bot.sync.plan import Safety
from bot.sync.protocols import Removal
from bot.wikipages import PageState, Revision, SaveResult
from tests.support.seed import SEED_SOURCES
from tests.support.workspace import make_workspace

TITLE = "Data:Plan/thriving-movement/monthly-active-editors.tab"


State = PageState  # the wiki's own value


def table(rows: Sequence[Sequence[object]], commit: str = "1a2b3c4") -> dict[str, object]:
    return {"license": "CC0-1.0", "sources": f"Published by mtpbot (data commit {commit}).", "data": rows}


def series(content: dict[str, object]) -> SeriesPage:
    page = DataPage(TITLE, "Tabular.JsonConfig", content, "monthly-active-editors")
    return SeriesPage(page, "Monthly active editors")


@dataclass
class History:
    """The data wiki's answers about a page's revisions: who saved the latest, and the bot's latest text."""

    editor: str = "MtpBot"
    bot_text: str | None = None

    def history(self, title: str, *, start: int | None, limit: int) -> list[Revision]:
        return [Revision(7, self.editor, "", "2026-11-02T10:00:00Z")]

    def last_text_by(self, title: str, users: frozenset[str], *, start: int | None) -> str | None:
        return self.bot_text


def plan(
    page: SeriesPage, wiki_text: str | None, editor: str = "MtpBot", force: bool = False, bot_text: str | None = None
) -> Edit:
    state = State(TITLE, wiki_text is not None, wiki_text or "", 7 if wiki_text is not None else None)
    return plan_data_page(
        page,
        state,
        prefix="Bot: MTP metrics",
        source="9f8e7d6",
        safety=Safety(force=force),
        drift=DataDrift(History(editor, bot_text), frozenset({"MtpBot"})),
    )


ROWS = [["2018-19 Q4", 86000, None], ["2019-20 Q1", 83000, 90300]]


def test_the_wiki_s_own_serialisation_and_a_new_data_commit_make_no_edit() -> None:
    on_wiki = json.dumps(table(ROWS, "0000000"), separators=(",", ":"))  # compact, as the wiki re-serialises
    assert plan(series(table(ROWS)), on_wiki).action == "unchanged"
    assert comparable(table(ROWS, "0000000")) == comparable(table(ROWS, "1111111+"))


def test_a_new_quarter_is_named_in_the_summary_with_its_value() -> None:
    edit = plan(series(table([*ROWS, ["2019-20 Q2", 85000, 90300]])), json.dumps(table(ROWS)))
    assert edit.action == "would-edit"
    assert edit.summary == "Bot: MTP metrics: Monthly active editors: 2019-20 Q2 added (85000) (data 9f8e7d6)"
    assert '+        ["2019-20 Q2", 85000, 90300]' in edit.diff()


def test_changed_and_removed_quarters_are_named() -> None:
    old = table([["2019-20 Q1", 1, None], ["2019-20 Q2", 2, None]])
    assert changes(old, table([["2019-20 Q1", 3, None]])) == "2019-20 Q1 1 → 3, 2019-20 Q2 removed"
    assert changes(table(ROWS), {**table(ROWS), "license": "CC-BY-4.0"}) == "license updated"


def test_a_missing_page_is_created() -> None:
    edit = plan(series(table(ROWS)), None)
    assert edit.action == "would-create" and edit.summary.endswith("Monthly active editors: created (data 9f8e7d6)")


def test_a_page_last_edited_by_someone_else_is_refused_unless_forced() -> None:
    wiki_text = json.dumps(table([["2018-19 Q4", 1, None], ["2019-20 Q1", 83000, 90300]]))
    refused = plan(series(table(ROWS)), wiki_text, editor="Editor")
    assert (refused.action, refused.reason) == ("refused", "manual-edit") and "Editor" in refused.message
    forced = plan(series(table(ROWS)), wiki_text, editor="Editor", force=True)
    assert forced.action == "would-edit" and "replaced an edit by Editor" in forced.summary


def test_a_table_losing_most_rows_is_refused_by_the_shrink_guard_unless_forced() -> None:
    many = [[f"20{y}-{y + 1} Q{q}", y * 10 + q, None] for y in range(10, 15) for q in range(1, 5)]
    wiki_text = json.dumps(table(many))
    refused = plan(series(table(many[:2])), wiki_text)
    assert (refused.action, refused.reason) == ("refused", "shrink") and "keep 2 of its 20 rows" in refused.message
    assert plan(series(table(many[:2])), wiki_text, force=True).action == "would-edit"
    assert plan(series(table(many[:17])), wiki_text).action == "would-edit"  # 15% lost: within the limit


def test_charts_names_which_series_are_drawn() -> None:
    priorities = load_priorities(list(SEED_SOURCES))
    every = render_data_pages(priorities, "1a2b3c4", charts=None, prefix="P")
    assert len(every) == 10 and every[0].page.title.endswith(".tab") and every[1].page.title.endswith(".chart")
    one = render_data_pages(priorities, "1a2b3c4", charts=["monthly-active-editors"], prefix="P")
    assert [s.page.title for s in one] == [
        "Data:P/thriving-movement/monthly-active-editors.tab",
        "Data:P/thriving-movement/monthly-active-editors.chart",
    ]
    with pytest.raises(DataPageError, match="no-such-series"):
        render_data_pages(priorities, "1a2b3c4", charts=["no-such-series"], prefix="P")


def test_validate_refuses_an_unknown_chart_and_a_data_site_url_that_is_no_api(tmp_path: Path) -> None:
    space = make_workspace(tmp_path, None, logs_in=False)
    space.configure(charts=["monthly-active-editors", "no-such-series"])
    result = space.mtpbot("validate")
    assert result.exit_code == 2 and "no metric or KPI has the id 'no-such-series'" in result.output
    space.configure(charts=None, data_site={"api_url": "https://commons.wikimedia.org/wiki/Main_Page"})
    result = space.mtpbot("validate")
    assert result.exit_code == 2 and "data_site" in result.output
    space.configure(data_site={"api_url": "https://commons.wikimedia.org/w/api.php"})
    assert space.mtpbot("validate").exit_code == 0


def test_a_plain_http_data_site_elsewhere_is_refused_before_any_request(tmp_path: Path) -> None:
    space = make_workspace(tmp_path, None, logs_in=False)
    result = space.mtpbot("sync", "--dry-run", "--data-site-url", "http://data.example.org/w/api.php")
    assert result.exit_code == 2 and "--data-site-url http://data.example.org/w/api.php is plain http" in result.output


class ReadOnlyWiki:
    """A data wiki read anonymously: one `.tab` page, last edited by Editor."""

    username = ""

    def __init__(self, text: str) -> None:
        self.text = text

    def fetch(self, titles: Sequence[str]) -> dict[str, State]:
        return {t: State(t, True, self.text, 7) if t == TITLE else State(t, False, "", None) for t in titles}

    def save(self, state: State, text: str, summary: str) -> SaveResult:
        raise AssertionError("a dry run saves nothing")

    def has_right(self, right: str) -> bool:
        return False

    def removal(self, title: str) -> Removal | None:
        return None

    def history(self, title: str, *, start: int | None, limit: int) -> list[Revision]:
        return [Revision(7, "Editor", "", "2026-11-02T10:00:00Z")]

    def last_text_by(self, title: str, users: frozenset[str], *, start: int | None) -> str | None:
        return None  # the bot never saved it

    def save_as(self, state: State, text: str, summary: str, model: str) -> SaveResult:
        raise AssertionError("a dry run saves nothing")

    def content_models(self) -> frozenset[str]:
        return frozenset({"Tabular.JsonConfig", "Chart.JsonConfig"})

    def page_url(self, title: str) -> str:
        return f"https://data.example.org/wiki/{title}"


def test_a_dry_run_knows_the_bot_by_its_credentials_and_without_them_refuses_nothing_for_drift() -> None:
    wiki = ReadOnlyWiki(json.dumps(table(ROWS[:1])))
    pages = [series(table(ROWS))]
    (named,) = sync_data_pages(pages, wiki, dry_run=True, prefix="Bot", account="MtpBot")
    assert (named.action, named.reason) == ("refused", "manual-edit")
    (unknown,) = sync_data_pages(pages, wiki, dry_run=True, prefix="Bot")
    assert unknown.action == "would-edit" and unknown.summary == "Bot: Monthly active editors: 2019-20 Q1 added (83000)"


def test_a_revert_to_an_older_revision_of_the_bot_is_not_redone_unasked() -> None:
    older, newer = table(ROWS[:1]), table(ROWS)
    reverted = plan(series(newer), json.dumps(older), editor="Admin", bot_text=json.dumps(newer))
    assert reverted.action == "refused" and reverted.reason == "manual-edit"
    assert reverted.message.startswith("Admin edited this data page after the bot")


def test_a_translation_since_the_bot_s_revision_is_no_drift() -> None:
    ours = sealed({**table(ROWS), "description": {"en": "Monthly active editors"}})
    translated = {**ours, "description": {"en": "Monthly active editors", "de": "Monatlich aktive Bearbeiter"}}
    new = sealed({**table([*ROWS, ["2019-20 Q2", 85000, 90300]]), "description": {"en": "Monthly active editors"}})
    edit = plan(series(new), json.dumps(translated), editor="Translator", bot_text=json.dumps(ours))
    assert edit.action == "would-edit", edit.message
    assert json.loads(edit.new)["description"]["de"] == "Monatlich aktive Bearbeiter"


def test_an_edit_the_metrics_now_say_too_renews_the_checksum_once() -> None:
    ours = sealed(table(ROWS))
    corrected = [ROWS[0], ["2019-20 Q1", 84000, 90300]]
    by_hand = {**ours, "data": corrected}  # the seal no longer matches
    edit = plan(series(sealed(table(corrected))), json.dumps(by_hand))
    assert edit.action == "would-edit" and "checksum renewed" in edit.summary
    assert seal_of(json.loads(edit.new)) == "intact"


def test_an_anonymous_dry_run_still_sees_a_broken_checksum() -> None:
    ours = sealed(table(ROWS))
    by_hand = {**ours, "data": [ROWS[0], ["2019-20 Q1", 1, 90300]]}
    state = State(TITLE, True, json.dumps(by_hand), 7)
    new = sealed(table([*ROWS, ["2019-20 Q2", 85000, 90300]]))
    edit = plan_data_page(
        series(new), state, prefix="Bot", source="", safety=Safety(), drift=DataDrift(History(), frozenset())
    )
    assert edit.action == "refused" and edit.reason == "manual-edit"

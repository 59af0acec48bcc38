"""The data pages of issue 13 on a real data wiki: one `mtpbot sync` publishes the Meta-like wiki's pages and,
logged in to the local JsonConfig data wiki with the same account, each series' `.tab` and `.chart` page."""

from __future__ import annotations

import json
from typing import Any

import pytest

from devwiki import DevWiki, HumanClient
from tests.support.data_wiki import MAE, actions, charted_stem, draw_one_series, sync_with_data
from tests.support.workspace import Workspace

pytestmark = pytest.mark.wiki


@pytest.fixture
def charted(workspace: Workspace, datawiki: DevWiki) -> Workspace:
    """The workspace drawing one series (Monthly active editors) under a fresh prefix."""
    return draw_one_series(workspace)


def sync(workspace: Workspace, datawiki: DevWiki, *args: str) -> tuple[int, dict[str, Any]]:
    return sync_with_data(workspace, datawiki.api_url, *args)


def models(datawiki: DevWiki, titles: list[str]) -> dict[str, str]:
    reply = HumanClient(datawiki.api_url, datawiki.human).get(action="query", prop="info", titles=titles)
    return {page["title"]: page.get("contentmodel", "missing") for page in reply["query"]["pages"]}


def test_a_sync_creates_the_data_pages_then_makes_no_edit(charted: Workspace, datawiki: DevWiki) -> None:
    code, report = sync(charted, datawiki)
    assert code == 0, report
    assert actions(report) == {"tab": "created", "chart": "created"}
    assert {page["site"] for page in report["data_pages"]} == {datawiki.api_url}
    titles = [page["title"] for page in report["data_pages"]]
    assert titles[0].endswith(f"/{MAE}.tab") and titles[1].endswith(f"/{MAE}.chart")  # the table first
    assert models(datawiki, titles) == {titles[0]: "Tabular.JsonConfig", titles[1]: "Chart.JsonConfig"}
    assert all(page["summary"].startswith("Bot: MTP metrics: Monthly active editors") for page in report["data_pages"])

    chart = titles[1].removeprefix("Data:")
    page = HumanClient(charted.site_url, charted.wiki.human).page_text(charted.metrics_title) or ""
    assert f"\n{{{{#chart:{chart}}}}}\n<!-- mtpbot:end metrics -->" in page  # under the metrics table

    code, again = sync(charted, datawiki)
    assert code == 0 and actions(again) == {"tab": "unchanged", "chart": "unchanged"}, again
    assert all(page["action"] == "unchanged" for page in again["pages"])


def test_the_data_pages_are_saved_before_the_page_that_embeds_them(charted: Workspace, datawiki: DevWiki) -> None:
    result = charted.sync("--data-site-url", datawiki.api_url)

    assert result.exit_code == 0, result.output
    lines = result.stderr.splitlines()
    stem = charted_stem(charted)

    def first(text: str) -> int:
        return next(number for number, line in enumerate(lines) if text in line)

    assert first(f"{stem}.tab") < first(f"{stem}.chart") < first(charted.metrics_title), result.stderr


def test_a_new_quarter_is_one_edit_on_the_table_and_one_on_the_page(charted: Workspace, datawiki: DevWiki) -> None:
    assert sync(charted, datawiki)[0] == 0
    charted.add_quarter(0, "2019-20 Q2", {"value": {"count": 85000, "unit": "/mo", "compact": True}})

    code, report = sync(charted, datawiki)

    assert code == 0, report
    assert actions(report) == {"tab": "edited", "chart": "unchanged"}
    assert {page["title"]: page["action"] for page in report["pages"]} == {
        charted.metrics_title: "edited",
        charted.template_title: "unchanged",
    }
    tab = report["data_pages"][0]
    assert "Monthly active editors increase YoY: 2019-20 Q2 added (85000)" in tab["summary"]
    saved = HumanClient(datawiki.api_url, datawiki.human).page_text(tab["title"])
    assert saved is not None and json.loads(saved)["data"][-1][:2] == ["2019-20 Q2", 85000]


def test_a_dry_run_shows_the_json_diff_and_saves_nothing(charted: Workspace, datawiki: DevWiki) -> None:
    assert sync(charted, datawiki)[0] == 0
    charted.add_quarter(0, "2019-20 Q2", {"value": {"count": 85000, "unit": "/mo", "compact": True}})

    result = charted.sync("--data-site-url", datawiki.api_url, "--dry-run")

    assert result.exit_code == 0, result.output
    assert '+        ["2019-20 Q2", 85000, ' in result.stdout
    assert "would-edit: Data:" in result.stderr


def test_a_wiki_without_jsonconfig_fails_the_data_pages_and_says_so_in_a_dry_run_too(charted: Workspace) -> None:
    for dry_run in (("--dry-run",), ()):
        code, report = charted.sync_json("--data-site-url", charted.site_url, *dry_run)  # the Meta-like wiki

        assert code == 1, report
        edits = report["data_pages"]
        assert [(p["action"], p["reason"]) for p in edits] == [("failed", "no-content-model")] * 2, edits
        assert "the data wiki does not store Tabular.JsonConfig pages" in edits[0]["message"]
        assert "Chart.JsonConfig" in edits[1]["message"]
        assert HumanClient(charted.site_url, charted.wiki.human).page_text(edits[0]["title"]) is None
        page = next(p for p in report["pages"] if p["title"] == charted.metrics_title)
        assert page["reason"] == "chart-data-missing"  # not created with a chart that cannot be drawn


def test_a_data_wiki_that_cannot_be_reached_fails_its_pages_and_the_others_go_on(charted: Workspace) -> None:
    code, report = charted.sync_json("--data-site-url", "http://127.0.0.1:9/api.php")  # nothing listens there

    assert code == 1, report
    assert [(p["action"], p["reason"]) for p in report["data_pages"]] == [("failed", "wiki-error")] * 2
    assert "the data wiki http://127.0.0.1:9/api.php cannot be used" in report["data_pages"][0]["message"]
    pages = {page["title"]: page for page in report["pages"]}
    assert pages[charted.metrics_title]["reason"] == "chart-data-missing"  # it would show a chart it cannot
    assert pages[charted.template_title]["action"] == "created"  # the Meta-like wiki's other pages go on
    human = HumanClient(charted.site_url, charted.wiki.human)
    assert human.page_text(charted.metrics_title) is None


def test_a_page_of_its_own_syncs_no_data_page_and_a_priority_page_only_its_own(
    charted: Workspace, datawiki: DevWiki
) -> None:
    code, report = sync(charted, datawiki, "--page", charted.template_title)
    assert code == 0 and report["data_pages"] == [], report
    code, report = sync(charted, datawiki, "--page", charted.metrics_title)
    assert code == 0 and actions(report) == {"tab": "created", "chart": "created"}, report


def test_a_translator_s_languages_stay_and_do_not_stop_the_weekly_edit(charted: Workspace, datawiki: DevWiki) -> None:
    code, first = sync(charted, datawiki)
    assert code == 0, first
    tab, chart = (page["title"] for page in first["data_pages"])
    translator = HumanClient.logged_in(datawiki.api_url, datawiki.human)
    table = json.loads(translator.page_text(tab) or "")
    table["description"]["de"] = "Monatlich aktive Bearbeiter"
    translator.edit(tab, json.dumps(table), "de")
    drawing = json.loads(translator.page_text(chart) or "")
    drawing["title"]["fr"] = "Contributeurs actifs par mois"
    translator.edit(chart, json.dumps(drawing), "fr")

    code, again = sync(charted, datawiki)
    assert code == 0 and actions(again) == {"tab": "unchanged", "chart": "unchanged"}, again

    charted.add_quarter(0, "2019-20 Q2", {"value": {"count": 85000, "unit": "/mo", "compact": True}})
    code, report = sync(charted, datawiki)

    assert code == 0 and actions(report) == {"tab": "edited", "chart": "unchanged"}, report
    saved = json.loads(translator.page_text(tab) or "")
    assert saved["description"]["de"] == "Monatlich aktive Bearbeiter" and saved["data"][-1][0] == "2019-20 Q2"
    assert json.loads(translator.page_text(chart) or "")["title"]["fr"] == "Contributeurs actifs par mois"


def test_the_status_page_has_a_row_for_each_data_page(charted: Workspace, datawiki: DevWiki) -> None:
    status = f"User:MtpBot/Status {charted_stem(charted).split('/')[0]}"
    charted.configure(status_page=status)
    code, first = sync(charted, datawiki)
    assert code == 0, first
    tab = first["data_pages"][0]["title"]
    human = HumanClient.logged_in(datawiki.api_url, datawiki.human)
    content = json.loads(human.page_text(tab) or "")
    content["data"][0][1] = 1
    human.edit(tab, json.dumps(content), "by hand")
    charted.add_quarter(0, "2019-20 Q2", {"value": {"count": 85000, "unit": "/mo", "compact": True}})

    code, report = sync(charted, datawiki)

    assert code == 1 and report["status_page"]["action"] == "edited", report["status_page"]
    text = HumanClient(charted.site_url, charted.wiki.human).page_text(status) or ""
    tab_row = next(line for line in text.splitlines() if line.startswith(f"| {tab} || "))  # named: not on Commons
    assert "refused (manual-edit, since " in tab_row  # a stale chart is not silent
    chart_row = next(line for line in text.splitlines() if line.startswith(f"| {tab[:-4]}.chart || "))
    assert "up to date" in chart_row

    code, one = sync(charted, datawiki, "--page", charted.template_title)  # a run that publishes no data page
    assert code == 0 and one["data_pages"] == [] and one["status_page"]["action"] == "unchanged", one


def test_a_translated_chart_still_follows_its_series(charted: Workspace, datawiki: DevWiki) -> None:
    code, first = sync(charted, datawiki)
    assert code == 0, first
    chart = first["data_pages"][1]["title"]
    translator = HumanClient.logged_in(datawiki.api_url, datawiki.human)
    drawing = json.loads(translator.page_text(chart) or "")
    drawing["title"]["fr"] = "Contributeurs actifs par mois"
    translator.edit(chart, json.dumps(drawing), "fr")
    metrics = charted.metrics()
    metrics["metrics"][0]["name"] = "Monthly active editors, year over year"
    charted.write_metrics(metrics)

    code, report = sync(charted, datawiki)

    assert code == 0 and actions(report) == {"tab": "edited", "chart": "edited"}, report
    saved = json.loads(translator.page_text(chart) or "")
    assert saved["title"] == {"en": "Monthly active editors, year over year", "fr": "Contributeurs actifs par mois"}

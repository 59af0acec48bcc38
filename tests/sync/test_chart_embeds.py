"""The charts on the pages, offline: `{{#chart:…}}` under each table whose series the data wiki draws, what
`mtpbot render` shows of them (the embed, then each `.tab` and `.chart` page), the settings that must agree
(`data_site:`, --site-url and --data-site-url), and the rule that a page never gains a chart whose data
pages are not on the data wiki."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from bot.preview import pages as preview
from bot.preview.charts import preview_charts
from bot.source.loading import load_priorities
from bot.source.settings import load_config
from bot.sync.chart_embeds import held_for_charts, on_the_data_wiki
from bot.sync.edits import Edit
from bot.sync.pages import RenderedPage
from bot.wikipages import PageState
from bot.wikitext.embeds import chart_embed, embedded_charts
from bot.wikitext.summaries import describe_region
from tests.support.seed import SEED_CONFIG
from tests.support.workspace import Workspace, make_workspace

ROOT = Path(__file__).resolve().parents[2]
MAE = "monthly-active-editors"
CHART = f"Plan/thriving-movement/{MAE}.chart"
TAB, CHART_PAGE = f"Data:Plan/thriving-movement/{MAE}.tab", f"Data:{CHART}"


@pytest.fixture
def space(tmp_path: Path) -> Workspace:
    """The shipped pages, drawing Monthly active editors on a data wiki; never connected."""
    workspace = make_workspace(tmp_path, None, logs_in=False)
    workspace.configure(data_site={"prefix": "Plan"}, charts=[MAE])
    return workspace


def test_render_shows_the_embed_under_its_table_then_the_data_pages(space: Workspace) -> None:
    result = space.mtpbot("render")

    assert result.exit_code == 0, result.output
    page = result.stdout.split("==> ")[1]
    assert "|}\n<small>" in page and f"{{{{#chart:{CHART}}}}}\n<!-- mtpbot:end metrics -->" in page
    assert page.count("{{#chart:") == 1  # only the series `charts:` names
    headers = [line for line in result.stdout.splitlines() if line.startswith("==> Data:")]
    assert headers == [f"==> {TAB} (Tabular.JsonConfig) <==", f"==> {CHART_PAGE} (Chart.JsonConfig) <=="]
    table = json.loads(result.stdout.split(headers[0])[1].split("==> ")[0])
    assert table["license"] == "CC0-1.0" and table["data"][0][:2] == ["2018-19 Q4", 86000]


def test_render_json_has_the_data_pages_with_their_models(space: Workspace) -> None:
    result = space.mtpbot("render", "--json")

    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert [(p["title"], p["model"]) for p in document["data_pages"]] == [
        (TAB, "Tabular.JsonConfig"),
        (CHART_PAGE, "Chart.JsonConfig"),
    ]
    chart = json.loads(document["data_pages"][1]["text"])
    assert chart["type"] == "line" and chart["source"] == TAB.removeprefix("Data:")


def test_render_of_a_page_without_charts_shows_no_data_page(space: Workspace) -> None:
    result = space.mtpbot("render", "--json", "--page", space.template_title)

    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["data_pages"] == []


def test_a_test_wiki_never_sends_the_data_pages_to_commons(space: Workspace) -> None:
    result = space.mtpbot("sync", "--dry-run", "--site-url", "http://127.0.0.1:9/api.php")

    assert result.exit_code == 2, result.output
    assert "data pages would go to the commons wiki of `data_site:`" in result.stderr
    assert "give --data-site-url too" in result.stderr


def test_the_data_pages_and_the_pages_go_to_a_pair_of_wikis_or_to_the_settings_wikis(space: Workspace) -> None:
    alone = space.mtpbot("sync", "--dry-run", "--data-site-url", "http://127.0.0.1:9/api.php")
    assert alone.exit_code == 2 and "give --site-url too" in alone.stderr, alone.output
    space.configure(data_site={"prefix": "Plan", "api_url": "https://commons.wikimedia.org/w/api.php"})
    test_wiki = space.mtpbot("sync", "--dry-run", "--site-url", "http://127.0.0.1:9/api.php")
    assert test_wiki.exit_code == 2 and "give --data-site-url too" in test_wiki.stderr, test_wiki.output
    assert "would go to https://commons.wikimedia.org/w/api.php" in test_wiki.stderr


def test_a_chart_a_person_embeds_outside_the_regions_is_theirs(tmp_path: Path) -> None:
    templates = tmp_path / "templates"
    shutil.copytree(ROOT / "templates", templates)
    page = templates / "priority-metrics.wiki.j2"
    page.write_text(
        page.read_text(encoding="utf-8") + "{% raw %}{{#chart:Editors by region.chart}}{% endraw %}\n", encoding="utf-8"
    )
    space = make_workspace(tmp_path / "space", None, templates=templates, logs_in=False)
    space.configure(data_site={"prefix": "Plan"}, charts=[MAE])
    config = load_config(space.config)
    priorities = load_priorities(config.source_paths)
    pages = preview.render_for_preview(config, priorities)
    assert pages[0].charts == (CHART,) and "{{#chart:Editors by region.chart}}" in pages[0].text
    charts = preview_charts(config, priorities, pages, library_setting=str(tmp_path / "none.js"))
    assert [figure.chart.title for figure in charts.figures[pages[0].title]] == [CHART_PAGE]


def test_a_data_site_url_without_data_site_is_refused(tmp_path: Path) -> None:
    space = make_workspace(tmp_path, None, logs_in=False)  # no data_site:

    result = space.mtpbot("sync", "--dry-run", "--data-site-url", "http://127.0.0.1:9/api.php")

    assert result.exit_code == 2, result.output
    assert "the settings draw no charts" in result.stderr and "add `data_site:`" in result.stderr


# --- a page never gains a chart its data wiki lacks ----------------------------------------------------------


State = PageState  # the wiki's own value


PAGE = RenderedPage("P", f"text\n{chart_embed(CHART)}\n", {}, True, charts=(CHART,))
WOULD = Edit("P", "would-edit", old="text\n", new=PAGE.text)


def test_a_page_that_would_gain_a_chart_waits_for_its_data_pages() -> None:
    held = held_for_charts(WOULD, PAGE, State("P", True, "text\n", 3), ready={CHART_PAGE})

    assert held.action == "refused" and held.reason == "chart-data-missing"
    assert f"({TAB}: see their own lines of this run)" in held.message  # the .chart page is there


def test_a_chart_already_on_the_page_or_whose_pages_are_there_does_not_hold_it() -> None:
    assert held_for_charts(WOULD, PAGE, State("P", True, PAGE.text, 3), ready=set()) == WOULD
    assert held_for_charts(WOULD, PAGE, State("P", True, "text\n", 3), ready={TAB, CHART_PAGE}) == WOULD


def test_the_data_pages_on_the_wiki_after_their_sync() -> None:
    edits = [
        Edit("Data:a.tab", "created"),
        Edit("Data:b.tab", "would-create"),
        Edit("Data:c.tab", "refused", reason="manual-edit", base_revid=4),  # there, someone else's
        Edit("Data:d.tab", "refused", reason="deleted"),  # gone
        Edit("Data:e.tab", "failed", reason="protected"),  # never created
        Edit("Data:f.tab", "unchanged", base_revid=9),
    ]
    assert on_the_data_wiki(edits) == {"Data:a.tab", "Data:b.tab", "Data:c.tab", "Data:f.tab"}


def test_a_chart_added_or_removed_is_named_in_the_summary() -> None:
    table = "{|\n|}\n"
    with_chart = f"{table}{chart_embed(CHART)}\n"
    assert describe_region("metrics", table, with_chart) == [f"added chart {MAE}"]
    assert describe_region("metrics", with_chart, table) == [f"removed chart {MAE}"]
    assert embedded_charts(with_chart * 2) == [CHART]
    with pytest.raises(ValueError, match="not a chart name"):
        chart_embed("x}}{{evil|.chart")


def test_a_data_page_s_row_on_the_status_page_links_to_commons_or_names_it() -> None:
    from datetime import date

    from bot.source.settings import load_config
    from bot.sync.status_page import StatusPage
    from bot.wikitext.render import Renderer

    config = load_config(SEED_CONFIG)
    renderer = Renderer.for_config(config)
    missing = State("User:MtpBot/Status", False, "", None)
    for interwiki, expected in (("c:", f"| [[:c:{TAB}|{TAB}]] || "), ("", f"| {TAB} || ")):
        page = StatusPage("User:MtpBot/Status", ("P",), "abc1234", date(2026, 12, 1), renderer, None, (TAB,), interwiki)
        text = page.render(missing, [Edit(TAB, "unchanged", base_revid=3)]).text
        assert expected + "up to date at data abc1234" in text
        assert "| [[:P]] || not checked yet" in text

"""The charts of `mtpbot preview`, offline: the ECharts option of every golden `.chart`/`.tab` pair
(tests/charts/golden), the Charts section with and without ECharts installed, the page's scripts and
Content-Security-Policy, and the pinned ECharts package."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.charts.pages import data_pages
from bot.preview import html as preview_html
from bot.preview import pages as preview
from bot.preview.charts import (
    ECHARTS_BUILD,
    ECHARTS_VERSION,
    INSTALLED_LIBRARY,
    PreviewCharts,
    code_text,
    data_table,
    figures_of,
    find_library,
    preview_charts,
)
from bot.preview.echarts import draw_chart, text_of
from bot.preview.script import SCRIPT, SCRIPT_NAME
from bot.source.loading import load_priorities
from bot.source.settings import load_config
from tests.preview.test_preview import FakeParsed, FakeWiki
from tests.support.seed import SEED_CONFIG
from tests.support.workspace import ROOT

GOLDEN = ROOT / "tests" / "charts" / "golden"
PAIRS = sorted(path.name.removesuffix(".chart.json") for path in GOLDEN.glob("*.chart.json"))


def golden(name: str) -> tuple[dict[str, Any], dict[str, Any]]:
    chart = json.loads((GOLDEN / f"{name}.chart.json").read_text(encoding="utf-8"))
    table = json.loads((GOLDEN / f"{name}.tab.json").read_text(encoding="utf-8"))
    return chart, table


# --- the ECharts option --------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", PAIRS)
def test_the_option_of_each_golden_chart_draws_its_table(name: str) -> None:
    chart, table = golden(name)
    drawn = draw_chart(chart, table)
    option = drawn.option
    assert json.loads(json.dumps(option)) == option  # plain JSON: it goes into the page as data
    assert option["title"]["text"] == chart["title"]["en"]
    # x: the first field (the period), a category per row, in the table's order
    assert option["xAxis"]["type"] == "category"
    assert option["xAxis"]["data"] == [row[0] for row in table["data"]]
    assert option["xAxis"]["name"] == chart["xAxis"]["title"]["en"] == "Quarter"
    assert option["yAxis"] == {**option["yAxis"], "type": "value", "name": chart["yAxis"]["title"]["en"]}
    # one line per number field, named by its title, with the column's values; a null stays a gap
    fields = [field["title"]["en"] for field in table["schema"]["fields"][1:]]
    assert fields in (["Value", "Goal"], ["Value"])  # a series that never has a goal has no Goal column
    assert [s["name"] for s in option["series"]] == fields == drawn.series_names
    for index, series in enumerate(option["series"], start=1):
        assert series["type"] == "line"
        assert series["data"] == [row[index] for row in table["data"]]
        assert series["connectNulls"] is False
    assert option["tooltip"] == {"trigger": "axis"}
    assert option["animation"] is False
    assert ("legend" in option) == (len(fields) == 2)  # two lines: the reader needs to tell them apart
    assert drawn.number_format == "auto"


def test_a_missing_goal_is_a_gap_not_a_zero() -> None:
    chart, table = golden("thriving-movement-monthly-active-editors")
    assert table["data"][0][2] is None
    assert draw_chart(chart, table).option["series"][1]["data"][0] is None


def test_only_number_fields_are_lines_and_titles_fall_back() -> None:
    chart, table = golden("alpha-share")
    table["schema"]["fields"].insert(1, {"name": "note", "type": "string"})
    table["schema"]["fields"][2].pop("title")  # "value" without a title: named by its field name
    table["data"] = [[row[0], "x", *row[1:]] for row in table["data"]]
    chart["title"] = {"fr": "Part", "de": "Anteil"}  # no English: the first language given
    chart["yAxis"] = {"title": "Prozent", "format": "none"}  # the older plain-string form
    drawn = draw_chart(chart, table)
    assert drawn.series_names == ["value", "Goal"]
    assert drawn.option["series"][0]["data"] == [42.5, 45]
    assert drawn.option["title"]["text"] == "Part"
    assert drawn.option["yAxis"]["name"] == "Prozent"
    assert drawn.number_format == "none"


def test_text_of_reads_english_then_any_language() -> None:
    assert text_of({"de": "Quartal", "en": "Quarter"}) == "Quarter"
    assert text_of({"de": "Quartal", "en": "Quarter"}, "de") == "Quartal"
    assert text_of({"de": "Quartal"}, "fr") == "Quartal"
    assert text_of("Quarter") == "Quarter"
    assert text_of(None) == text_of({}) == ""


def test_only_line_charts_are_drawn() -> None:
    chart, table = golden("alpha-share")
    with pytest.raises(ValueError, match="line charts"):
        draw_chart({**chart, "type": "pie"}, table)


# --- the charts of the shipped pages -------------------------------------------------------------------------


def shipped_charts(library_setting: str | None = None) -> tuple[Any, PreviewCharts]:
    config = load_config(SEED_CONFIG)
    priorities = load_priorities(config.source_paths)
    pages = preview.render_for_preview(config, priorities)
    return pages, preview_charts(config, priorities, pages, commit="1a2b3c4", library_setting=library_setting)


def placed(charts: PreviewCharts, page: Any) -> str:
    """The page's charts put in place in the HTML a parser would make of its slots (a line each)."""
    return charts.placed(page.title, charts.with_slots(page.title, page.text))


def test_each_priority_page_gets_the_charts_it_embeds_in_their_places(tmp_path: Path) -> None:
    library = tmp_path / "echarts.js"
    library.write_text("/* ECharts */")
    pages, charts = shipped_charts(str(library))
    metrics, overview, template = pages
    priority = load_priorities(load_config(SEED_CONFIG).source_paths)["thriving-movement"]
    expected = figures_of(data_pages(priority, "1a2b3c4"))
    assert [f.chart.title for f in charts.figures[metrics.title]] == [f.chart.title for f in expected]
    assert len(expected) == 5 and not charts.figures.get(overview.title) and not charts.figures.get(template.title)
    assert charts.scripts(metrics.title) == [ECHARTS_BUILD, SCRIPT_NAME] and charts.scripts(template.title) == []
    assert charts.assets() == {ECHARTS_BUILD: b"/* ECharts */", SCRIPT_NAME: SCRIPT.encode()}
    assert charts.warning == "" and placed(charts, template) == template.text
    first = expected[0]
    assert first.embed == (
        "{{#chart:Wikimedia Foundation Medium-term plan 2019/thriving-movement/monthly-active-editors.chart}}"
    )
    assert metrics.text.count("{{#chart:") == 5
    page = placed(charts, metrics)
    assert page.count('class="mtpbot-chart"') == 5 and 'role="alert"' not in page and "{{#chart:" not in page
    options = [json.loads(html.unescape(m)) for m in re.findall(r'data-option="([^"]*)"', page)]
    assert options == [figure.drawn.option for figure in expected]
    assert code_text(first.embed) in page  # shown in the caption, not a template call
    assert page.index("<!-- mtpbot:end metrics") > page.index(f'data-chart="{first.chart.title}"')  # in its place
    assert "<details>" in page  # the data, folded


def test_without_a_data_site_the_pages_embed_and_preview_no_chart(tmp_path: Path) -> None:
    settings = yaml.safe_load(SEED_CONFIG.read_text(encoding="utf-8"))
    del settings["data_site"]
    settings["sources"] = [str(SEED_CONFIG.parent / source) for source in settings["sources"]]
    settings["templates"] = str(ROOT / "templates")
    (tmp_path / "mtpbot.yaml").write_text(yaml.safe_dump(settings), encoding="utf-8")
    config = load_config(tmp_path / "mtpbot.yaml")
    priorities = load_priorities(config.source_paths)
    pages = preview.render_for_preview(config, priorities)
    charts = preview_charts(config, priorities, pages, library_setting=str(tmp_path / "none.js"))
    assert not charts.any and charts.warning == "" and all("{{#chart:" not in page.text for page in pages)


def test_a_page_with_charts_loads_only_its_local_scripts() -> None:
    parsed = FakeParsed("A", '<div class="mw-parser-output">x</div>', "", ())
    document = preview_html.page_document("A", parsed, FakeWiki(), ["a b.js", "c.js"], body="<p>charts</p>")
    assert "default-src 'none'; style-src 'unsafe-inline'; img-src data: http: https:; script-src 'self'" in document
    assert '<script src="a%20b.js"></script>\n<script src="c.js"></script>\n</head>' in document
    assert "<p>charts</p>\n</div>" in document and "parser-output" not in document
    plain = preview_html.page_document("A", parsed, FakeWiki())
    assert "<script" not in plain and "script-src" not in plain


def test_without_echarts_the_first_chart_says_how_to_install_it_and_each_shows_its_data(tmp_path: Path) -> None:
    missing = tmp_path / "no-echarts.js"
    pages, charts = shipped_charts(str(missing))
    metrics = pages[0]
    assert charts.library is None and charts.assets() == {} and charts.scripts(metrics.title) == []
    assert f"(no {missing})" in charts.warning and "`npm ci`" in charts.warning
    page = placed(charts, metrics)
    assert page.count('role="alert"><strong>The charts are not drawn:</strong> Apache ECharts is not installed') == 1
    assert "npm ci" in page and "data-option" not in page
    assert page.count("<details open>") == 5
    assert "<td>2018-19 Q4</td><td>86000</td><td>—</td>" in page  # the values, readable without a chart


def test_data_table_escapes_and_shows_nulls() -> None:
    table = {
        "schema": {"fields": [{"name": "period", "title": {"en": "Q <&>"}}, {"name": "value"}]},
        "data": [["<b>", None], ["x", 2.0], ["y", 2.5]],
    }
    assert data_table(table) == (
        '<table class="wikitable mtpbot-chart-data">\n<tr><th>Q &lt;&amp;&gt;</th><th>value</th></tr>\n'
        "<tr><td>&lt;b&gt;</td><td>—</td></tr>\n<tr><td>x</td><td>2</td></tr>\n<tr><td>y</td><td>2.5</td></tr>\n"
        "</table>\n"
    )


def test_assets_are_written_beside_the_previews_and_not_listed(tmp_path: Path) -> None:
    written = preview.write_previews([], tmp_path, "Meta", {"x.js": b"1"})
    assert [p.name for p in written] == ["index.html"]
    assert (tmp_path / "x.js").read_bytes() == b"1"


# --- the pinned package --------------------------------------------------------------------------------------


def test_echarts_is_pinned_at_the_version_extension_chart_vendors() -> None:
    """Extension:Chart's lib/foreign-resources.yaml: echarts 5.5.1, dist/echarts.common.js, this integrity."""
    package = json.loads((ROOT / "package.json").read_text(encoding="utf-8"))
    assert package["dependencies"] == {"echarts": ECHARTS_VERSION} == {"echarts": "5.5.1"}
    lock = json.loads((ROOT / "package-lock.json").read_text(encoding="utf-8"))
    echarts = lock["packages"]["node_modules/echarts"]
    assert echarts["version"] == ECHARTS_VERSION
    assert echarts["integrity"] == (
        "sha512-Fce8upazaAXUVUVsjgV6mBnGuqgO+JNDlcgF79Dksy4+wgGpQB2lmYoO4TSweFg/mZITdpGHomw/cNBJZj1icA=="
    )
    assert "node_modules/" in (ROOT / ".gitignore").read_text(encoding="utf-8").split()
    assert INSTALLED_LIBRARY == ROOT / "node_modules" / "echarts" / "dist" / "echarts.common.min.js"
    assert find_library(None)[1] == INSTALLED_LIBRARY


def test_the_setup_installs_node_and_echarts() -> None:
    setup = (ROOT / "scripts" / "setup").read_text(encoding="utf-8")
    assert re.search(r"APT_PACKAGES=\([^)]*\bnodejs\b", setup)
    assert "APT_PACKAGES+=(npm)" in setup  # Debian's npm, unless the Node.js installed brings its own
    assert "npm ci" in setup

"""Planning edits offline: what each page becomes, and the summary a reviewer reads."""

from __future__ import annotations

import copy
import re
from typing import Any

import yaml

from bot.source.loading import load_priorities
from bot.source.model import PriorityFile
from bot.source.settings import load_config
from bot.sync.pages import RenderedPage, render_pages
from bot.sync.plan import Safety, plan_page
from bot.wikipages import PageState
from bot.wikitext import summaries
from bot.wikitext.render import Renderer
from tests.support.seed import SEED_CONFIG, SEED_METRICS

CONFIG = load_config(SEED_CONFIG)
SEED_DATA: dict[str, Any] = yaml.safe_load(SEED_METRICS.read_text())
PREFIX = "Bot: MTP metrics"


Page = PageState  # the wiki's own value


def pages_for(document: dict[str, Any]) -> list[RenderedPage]:
    priority = PriorityFile.model_validate(document)
    return render_pages(CONFIG, {priority.priority.id: priority}, Renderer.for_config(CONFIG))


def metrics_page(document: dict[str, Any] | None = None) -> RenderedPage:
    return pages_for(document or SEED_DATA)[0]


HUMAN_PAGE = """Intro written by a human, with a [[link]] and {{a template}}.

== Outcomes ==
<!-- mtpbot:begin deliverables -->
<!-- mtpbot:end deliverables -->
Human remark between tables.
== Metrics ==
<!-- mtpbot:begin metrics -->
<!-- mtpbot:end metrics -->
<!-- mtpbot:begin key-results -->
<!-- mtpbot:end key-results -->
<!-- mtpbot:begin kpis --><!-- mtpbot:end kpis -->
{| class="wikitable"
| a human table || 1
|}
<!-- mtpbot:begin grants -->
<!-- mtpbot:end grants -->
[[Category:Human category]]"""


def published(page: RenderedPage) -> Page:
    edit = plan_page(page, Page(page.title, True, HUMAN_PAGE, 1), PREFIX)
    return Page(page.title, True, edit.new, 2)


def test_a_missing_page_is_created_from_its_full_render() -> None:
    page = metrics_page()
    edit = plan_page(page, Page(page.title, False, "", None), PREFIX)
    assert edit.action == "would-create"
    assert edit.new == page.text
    assert edit.summary.startswith(f"{PREFIX}: first publish (deliverables, metrics, key-results, kpis, grants)")


def test_a_missing_page_that_may_not_be_created_is_refused() -> None:
    page = metrics_page()
    page = RenderedPage(page.title, page.text, page.regions, create=False)
    edit = plan_page(page, Page(page.title, False, "", None), PREFIX)
    assert (edit.action, edit.reason) == ("refused", "missing-page")


def test_only_the_regions_change_and_human_text_stays() -> None:
    page = metrics_page()
    edit = plan_page(page, Page(page.title, True, HUMAN_PAGE, 7), PREFIX)
    assert edit.action == "would-edit" and edit.base_revid == 7
    for human_line in HUMAN_PAGE.splitlines():
        if "mtpbot:" not in human_line:
            assert human_line in edit.new.splitlines()
    assert edit.new.endswith("[[Category:Human category]]")
    assert "Monthly active editors increase YoY" in edit.new


def test_an_up_to_date_page_is_unchanged() -> None:
    page = metrics_page()
    edit = plan_page(page, published(page), PREFIX)
    assert edit.action == "unchanged" and not edit.pending


def changed_lines(diff: str) -> list[str]:
    """The changed lines of a diff, without the row checksums."""
    changed = [line for line in diff.splitlines() if line[:1] in "+-" and line[:3] not in ("+++", "---")]
    return [re.sub(r" <!-- mtpbot-row [0-9a-f]{8} -->$", "", line) for line in changed]


MAE = "monthly-active-editors"
MAE_ROW = (
    '| Monthly active editors increase YoY || <span title="measured in Q4 FY2018-19">86K/mo</span> || 5% YoY || '
    "5.1% YoY<br />{value}* || {q2} || {empty} || {empty}"
)
MAE_KR_ROW = "| We will increase average monthly active editors, in both emerging markets and established"
EMPTY = '<span title="no data">—</span>'


def test_one_changed_figure_changes_one_line_of_each_table_that_shows_it() -> None:
    """The figure is written once (the metric); the MTP metrics table and ARMDEB's key results show it."""
    current = published(metrics_page())
    document = copy.deepcopy(SEED_DATA)
    document["metrics"][0]["quarters"]["2019-20 Q1"]["value"]["count"] = 84000
    edit = plan_page(metrics_page(document), current, PREFIX, source="abc1234")
    assert edit.action == "would-edit"
    changed = changed_lines(edit.diff())
    assert changed[:2] == [
        "-" + MAE_ROW.format(value="83K/mo", q2=EMPTY, empty=EMPTY),
        "+" + MAE_ROW.format(value="84K/mo", q2=EMPTY, empty=EMPTY),
    ]
    assert len(changed) == 4 and changed[2].startswith("-" + MAE_KR_ROW) and changed[3].startswith("+" + MAE_KR_ROW)
    assert edit.summary == (
        f"{PREFIX}: Monthly active editors increase YoY Q1 FY2019-20: 5.1% YoY 83K/mo* → 5.1% YoY 84K/mo*; "
        "We will increase average monthly active editors… Q1 FY2019-20: 5.1% YoY 83K/mo* → 5.1% YoY 84K/mo* "
        "(data abc1234)"
    )


def test_a_new_quarter_is_one_entry_and_one_line_per_table() -> None:
    current = published(metrics_page())
    document = copy.deepcopy(SEED_DATA)
    document["metrics"][0]["quarters"]["2019-20 Q2"] = {"count": 85000, "unit": "/mo", "compact": True}
    edit = plan_page(metrics_page(document), current, PREFIX)
    changed = changed_lines(edit.diff())
    assert changed[:2] == [
        "-" + MAE_ROW.format(value="83K/mo", q2=EMPTY, empty=EMPTY),
        "+" + MAE_ROW.format(value="83K/mo", q2="85K/mo", empty=EMPTY),
    ]
    assert len(changed) == 4  # and the key result that shows the metric
    assert edit.summary.startswith(f"{PREFIX}: Monthly active editors increase YoY Q2 FY2019-20: added 85K/mo; ")


def test_a_changed_goal_reads_old_to_new() -> None:
    current = published(metrics_page())
    document = copy.deepcopy(SEED_DATA)
    document["metrics"][0]["goals"]["2019-20"] = {"change": 6, "unit": "YoY"}
    edit = plan_page(metrics_page(document), current, PREFIX)
    assert edit.summary.startswith(f"{PREFIX}: Monthly active editors increase YoY Y1 goal: 5% YoY → 6% YoY; ")


def test_a_status_change_reads_old_to_new() -> None:
    current = published(metrics_page())
    document = copy.deepcopy(SEED_DATA)
    document["outcomes"][2]["deliverables"][1]["status"]["2019-20 Q1"] = "at risk"
    edit = plan_page(metrics_page(document), current, PREFIX)
    assert edit.summary == f"{PREFIX}: IP Masking Q1 FY2019-20: unknown† → at risk"


def test_rows_added_and_removed_are_named() -> None:
    current = published(metrics_page())
    document = copy.deepcopy(SEED_DATA)
    removed = document["metrics"].pop(3)
    document["kpis"].append(
        {
            "id": "new-kpi",
            "name": "Answer press@ within a day.",
            "baseline": {"percent": 50},
            "quarters": {"2019-20 Q1": {"percent": 60}},
        }
    )
    edit = plan_page(metrics_page(document), current, PREFIX)
    assert "added KPI Answer press@ within a day." in edit.summary
    assert f"removed metric {removed['name']}" in edit.summary


def test_missing_markers_are_refused_with_the_lines_to_add() -> None:
    page = metrics_page()
    text = HUMAN_PAGE.replace("<!-- mtpbot:begin grants -->\n<!-- mtpbot:end grants -->\n", "")
    edit = plan_page(page, Page(page.title, True, text, 3), PREFIX)
    assert (edit.action, edit.reason) == ("refused", "missing-markers")
    assert "<!-- mtpbot:begin grants -->" in edit.message and "<!-- mtpbot:end grants -->" in edit.message
    assert edit.new == ""


def test_broken_markers_are_refused_untouched() -> None:
    page = metrics_page()
    text = HUMAN_PAGE.replace("<!-- mtpbot:end metrics -->\n", "")
    edit = plan_page(page, Page(page.title, True, text, 3), PREFIX)
    assert (edit.action, edit.reason) == ("refused", "bad-markers")


def test_a_long_summary_stays_within_the_limit_and_says_how_many_more() -> None:
    items = [f"Metric number {n} Q1 status: {n}% → {n + 1}%" for n in range(60)]
    text = summaries.summary(PREFIX, items, "abc1234")
    assert len(text) <= summaries.SUMMARY_LIMIT
    assert text.endswith("more (data abc1234)")
    kept = text.count("→")
    assert f"…and {60 - kept} more" in text


def test_summaries_cannot_link_or_add_section_comments() -> None:
    text = summaries.summary(PREFIX, ["[[Category:X]] /* y */"])
    assert "[[" not in text and "/*" not in text


def test_the_shipped_priorities_load() -> None:
    assert "thriving-movement" in load_priorities(CONFIG.source_paths)


def hand_edit(text: str, old: str, new: str) -> str:
    assert old in text
    return text.replace(old, new, 1)


def test_a_hand_edit_inside_a_table_is_refused_and_named() -> None:
    current = published(metrics_page())
    edited = hand_edit(current.text, "| 95% || 90.6% ||", "| 95% || 91% ||")
    document = copy.deepcopy(SEED_DATA)
    document["metrics"][0]["quarters"]["2019-20 Q1"]["value"]["count"] = 84000
    edit = plan_page(metrics_page(document), Page(current.title, True, edited, 3), PREFIX)
    assert (edit.action, edit.reason) == ("refused", "manual-edit")
    assert "kpis: row kpi:ca-inquiries" in edit.message and "--force" in edit.message


def test_rows_added_or_captions_edited_by_hand_are_seen_too() -> None:
    current = published(metrics_page())
    for old, new in [
        ("|+ Trust & Safety KPIs", "|+ Trust and Safety KPIs"),
        ("|}\n<small>†", "|-\n| a row added by hand || 1\n|}\n<small>†"),
    ]:
        edit = plan_page(metrics_page(), Page(current.title, True, hand_edit(current.text, old, new), 3), PREFIX)
        assert (edit.action, edit.reason) == ("refused", "manual-edit"), old


def test_force_replaces_the_hand_edit_and_says_so() -> None:
    current = published(metrics_page())
    edited = hand_edit(current.text, "| 95% || 90.6% ||", "| 95% || 91% ||")
    edit = plan_page(metrics_page(), Page(current.title, True, edited, 3), PREFIX, safety=Safety(force=True))
    assert edit.action == "would-edit"
    assert edit.summary.startswith(f"{PREFIX}: replaced a manual edit in kpis; ")
    assert "| 95% || 90.6% ||" in edit.new


def test_markers_without_checksum_are_filled_normally() -> None:
    page = metrics_page()
    edit = plan_page(page, Page(page.title, True, HUMAN_PAGE, 1), PREFIX)
    assert edit.action == "would-edit"
    assert "<!-- mtpbot:begin metrics checksum=" in edit.new


def test_a_table_that_loses_many_rows_is_refused_unless_forced() -> None:
    current = published(metrics_page())
    document = copy.deepcopy(SEED_DATA)
    document["metrics"] = document["metrics"][:7]  # 10 -> 7 rows: 30% gone
    edit = plan_page(metrics_page(document), current, PREFIX)
    assert (edit.action, edit.reason) == ("refused", "shrink")
    assert "metrics would go from 10 to 7 rows" in edit.message
    forced = plan_page(metrics_page(document), current, PREFIX, safety=Safety(force=True))
    assert forced.action == "would-edit" and "removed rows on purpose" in forced.summary
    document["metrics"] = SEED_DATA["metrics"][:8]  # 20%: within the limit
    assert plan_page(metrics_page(document), current, PREFIX).action == "would-edit"


def test_rendering_is_unicode_normalised_like_mediawiki() -> None:
    document = copy.deepcopy(SEED_DATA)
    document["metrics"][0]["name"] = "Cafe\u0301 editors"  # decomposed é
    assert "Caf\u00e9 editors" in metrics_page(document).text


def test_the_first_figure_of_a_new_fiscal_year_moves_the_page_on_and_says_so() -> None:
    current = published(metrics_page())
    document = copy.deepcopy(SEED_DATA)
    document["fiscal_years"].append("2020-21")
    document["metrics"][0]["goals"]["2020-21"] = {"change": 5, "unit": "YoY"}
    document["metrics"][0]["quarters"]["2020-21 Q1"] = {"count": 87000, "unit": "/mo", "compact": True}
    edit = plan_page(metrics_page(document), current, PREFIX)
    assert "Y2 goal" in edit.new and 'title="Q1 FY2020-21" | Q1' in edit.new
    assert edit.summary == (
        f"{PREFIX}: deliverables: now FY2020-21; metrics: now FY2020-21; key-results: now FY2020-21; "
        "kpis: now FY2020-21; grants: now FY2020-21"
    )  # no cell of one year compared with a cell of the other


def test_a_rate_whose_source_measures_relative_changes_is_checked_that_way() -> None:
    """The deck's "3.8% YoY" on a 5.4%/mo retention rate is relative, so next year's is computed so too."""
    current = published(metrics_page())
    document = copy.deepcopy(SEED_DATA)
    document["fiscal_years"] = ["2019-20", "2020-21"]
    document["metrics"][1]["goals"]["2020-21"] = {"change": 5, "unit": "YoY"}
    document["metrics"][1]["quarters"]["2020-21 Q1"] = {"percent": 5.6, "unit": "/mo"}
    edit = plan_page(metrics_page(document), current, PREFIX)
    assert "3.7% YoY<br />5.6%/mo" in edit.new  # (5.6 - 5.4) / 5.4, computed: no reported change needed


NEW_PRIORITY = """
priority: {id: knowledge-equity, name: Knowledge Equity}
fiscal_years: [2019-20]
outcomes:
  - id: content-gaps
    text: We will close content gaps.
    deliverables:
      - id: gap-tools
        name: Content gap tools
        status: {2019-20 Q1: on track}
metrics:
  - id: articles-about-women
    name: Articles about women
    baseline: {count: 1500000, compact: true}
    goals: {2019-20: {change: 3, unit: YoY}}
"""  # the README's "Add a priority" example


def test_a_new_priority_is_added_to_the_overview_row_by_row() -> None:
    shipped = PriorityFile.model_validate(SEED_DATA)
    added = PriorityFile.model_validate(yaml.safe_load(NEW_PRIORITY))
    renderer = Renderer.for_config(CONFIG)
    overview = "Wikimedia Foundation Medium-term plan 2019/Metrics"
    (before,) = [p for p in render_pages(CONFIG, {"thriving-movement": shipped}, renderer) if p.title == overview]
    both = {"thriving-movement": shipped, "knowledge-equity": added}
    (after,) = [p for p in render_pages(CONFIG, both, renderer) if p.title == before.title]
    edit = plan_page(after, Page(before.title, True, before.text, 1), PREFIX)  # the overview as first created
    assert edit.summary.startswith(
        f"{PREFIX}: added deliverable Content gap tools; added metric Articles about women; overview: layout or notes"
    )

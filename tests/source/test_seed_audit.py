"""An audit of the seed data against the deck it was transcribed from, figure by figure.

The deck is the Thriving Movement tuning session of November 2019; its tables are in tests/source/deck.py,
word for word. The seed data is the transcription as it was shipped for that deck, frozen in tests/seed/
(config/ moves on every quarter; what must hold of it whatever its figures is in tests/config/). The audit
reads the seed's files three ways:

1. the settings and metrics validate, with the pages and priorities configured;
2. the model holds each figure of the deck typed, as (kind, number, unit) — ("count", "86000", "/mo") for
   the deck's "86K/mo" — or as its text, in the quarter 2019-20 Q1 of the fiscal year 2019-20;
3. the pages `mtpbot render --json` prints show each figure in its cell exactly as the deck writes it:
   no "+" or unit the deck does not print, no "not reported" for a status whose colour was lost.

Then the two rules of the time-series data: every measured figure is written once, and every ambiguous
reading of the deck carries a `transcription:` note next to the figure it explains. Where the seed data
departs from the deck's words on purpose ("86K/month" is shown "86K/mo"), that note must say so.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator

import pytest
import yaml
from click.testing import CliRunner

from bot.cli.app import main
from bot.cli.environment import Environment
from bot.mediawiki import SiteSettings
from bot.source.figures import Figure
from bot.source.loading import load_priorities, read_text, validate_priority_text
from bot.source.model import Deliverable, KeyResult, Metric, PriorityFile
from bot.source.periods import Quarter
from bot.source.series import QuarterEntry, Series
from bot.source.settings import load_config
from bot.source.status import StatusMark
from bot.sync.pages import render_pages
from bot.sync.protocols import ConnectedWiki
from bot.wikitext.render import Renderer
from bot.wikitext.rows import Row, plain, table_rows
from tests.source import deck
from tests.support.seed import SEED, SEED_CONFIG, SEED_METRICS

PRIORITY_PAGE = "Wikimedia Foundation Medium-term plan 2019/Thriving Movement/Metrics"
OVERVIEW_PAGE = "Wikimedia Foundation Medium-term plan 2019/Metrics"
STATUS_PAGE = "Template:MTP status"

YEAR = "2019-20"
Q1 = Quarter(YEAR, 1)
Q1_COLUMN = "Q1 FY2019-20"  # the title of the Q1 column's header cell
NO_DATA = "—"

FigureView = str | tuple[str, str, str]


def value_of(entry: QuarterEntry) -> tuple[Figure, ...]:
    """A quarter's figures (every quarter of the deck has some)."""
    assert entry.value is not None
    return entry.value


def view(figure: Figure) -> FigureView:
    if figure.number is None:
        return str(figure.text)
    return (figure.kind, str(figure.number), figure.unit)


def views(figures: tuple[Figure, ...] | None) -> list[FigureView] | None:
    return None if figures is None else [view(f) for f in figures]


@pytest.fixture(scope="module")
def priority() -> PriorityFile:
    return load_priorities(load_config(SEED_CONFIG).source_paths)["thriving-movement"]


def _refuse(settings: SiteSettings, *, login: bool) -> ConnectedWiki:
    raise AssertionError(f"rendering tried to connect to a wiki: {settings.target}")


@pytest.fixture(scope="module")
def pages() -> dict[str, str]:
    """Each seed page's text, exactly as `mtpbot render --json` prints it."""
    args = ["--config", str(SEED_CONFIG), "render", "--json"]
    result = CliRunner().invoke(main, args, obj=Environment(environ={}, connect=_refuse))
    assert result.exit_code == 0, result.output
    return {page["title"]: page["text"] for page in json.loads(result.stdout)["pages"]}


# --- 1. the seed settings and metrics --------------------------------------------------------------------------


def test_the_seed_settings_name_the_metrics_and_the_pages() -> None:
    config = load_config(SEED_CONFIG)
    assert config.source_paths == (SEED_METRICS,)
    pages = config.settings.pages
    assert [(p.title, p.template, p.priority, p.year) for p in pages] == [
        (PRIORITY_PAGE, "priority-metrics.wiki.j2", "thriving-movement", None),
        (OVERVIEW_PAGE, "overview.wiki.j2", None, None),
        (STATUS_PAGE, "mtp-status.wiki.j2", None, None),
    ]
    assert pages[0].columns == {"key-results": ("progress",), "kpis": ("qoq", "yoy")}


def test_the_seed_metrics_have_no_problem_at_all() -> None:
    priority, problems = validate_priority_text(read_text(SEED_METRICS), str(SEED_METRICS))
    assert problems == []
    assert priority is not None


def test_mtpbot_validate_passes_the_seed_data() -> None:
    result = CliRunner().invoke(main, ["--config", str(SEED_CONFIG), "validate"], obj=Environment(connect=_refuse))
    assert result.exit_code == 0, result.output


def test_one_priority_reporting_one_quarter_of_one_fiscal_year(priority: PriorityFile) -> None:
    assert list(load_priorities(load_config(SEED_CONFIG).source_paths)) == ["thriving-movement"]
    assert (priority.priority.name, priority.priority.departments) == (deck.PRIORITY, deck.DEPARTMENTS)
    assert priority.fiscal_years == (YEAR,)
    assert priority.latest_year() == YEAR
    assert priority.quarters_with_data() == {Q1}
    assert str(Q1) == "2019-20 Q1"


# --- 2. every figure of the deck, typed ----------------------------------------------------------------------

DETERMINE, IN_PROGRESS = deck.DETERMINE, deck.IN_PROGRESS

# The two "MTP Metrics" tables of the "MTP Outcomes" slides. Each metric: its baseline and the quarter it
# was measured in, the Y1 goal, the Q1 value and the year-over-year change the deck reported.
TypedMetric = tuple[list[FigureView], str | None, list[FigureView], list[FigureView], FigureView | None]
MTP_METRICS: dict[str, TypedMetric] = {
    # "Baseline: 86K/mo | 5% YoY | 5.1% YoY 83K/mo*"
    "monthly-active-editors": (
        [("count", "86000", "/mo")],
        "2018-19 Q4",  # "lower than our Q4 2018-19 baseline" (the seasonal footnote)
        [("change", "5", "YoY")],
        [("count", "83000", "/mo")],
        ("change", "5.1", "YoY"),
    ),
    # "Baseline: 6.6%/mo | 5% YoY | 3.8% YoY 5.4%/mo*"
    "new-editor-retention": (
        [("percent", "6.6", "/mo")],
        "2018-19 Q4",
        [("change", "5", "YoY")],
        [("percent", "5.4", "/mo")],
        ("change", "3.8", "YoY"),
    ),
    "youth-gender-participation": (["Collecting baseline"], None, [DETERMINE], [IN_PROGRESS], None),
    "reported-threats": (["Collecting baseline"], None, [DETERMINE], [IN_PROGRESS], None),
    "documentation-languages": (["Preparing for baselining"], None, [DETERMINE], [IN_PROGRESS], None),
    # second "MTP Outcomes" slide
    "newcomer-empowerment": (["Collecting baseline"], None, [DETERMINE], [IN_PROGRESS], None),
    "leader-diversity": (["Collecting baseline"], None, [DETERMINE], [IN_PROGRESS], None),
    "leaders-supported": (["Collecting baseline"], None, [DETERMINE], [IN_PROGRESS], None),
    "large-scale-contribution": (["Planning baseline collection"], None, [DETERMINE], [IN_PROGRESS], None),
    "underrepresented-knowledge": (["Planning baseline collection"], None, [DETERMINE], [IN_PROGRESS], None),
}


def typed_metric(metric: Metric) -> TypedMetric:
    assert metric.baseline is not None and set(metric.goals) == {YEAR} and set(metric.quarters) == {Q1}
    entry = metric.quarters[Q1]
    assert entry.qoq is None and entry.status is None
    period = str(metric.baseline.period) if metric.baseline.period else None
    yoy = view(entry.yoy) if entry.yoy else None
    return (views(metric.baseline.value) or [], period, views(metric.goals[YEAR]) or [], views(entry.value) or [], yoy)


def test_the_ten_mtp_metrics_in_the_decks_order(priority: PriorityFile) -> None:
    assert [m.name for m in priority.metrics] == [row.text for row in deck.MTP_METRICS]
    assert {m.id: typed_metric(m) for m in priority.metrics} == MTP_METRICS
    assert [m.id for m in priority.metrics] == list(MTP_METRICS)


def test_the_measured_metrics_are_shown_as_the_deck_prints_them(priority: PriorityFile) -> None:
    # "5.1% YoY 83K/mo*": the change, then the value in thousands with the seasonal footnote's marker
    editors, retention = priority.metrics[0], priority.metrics[1]
    assert editors.cell == retention.cell == ("yoy", "value")
    assert editors.baseline is not None and editors.baseline.value[0].compact
    (actual,) = value_of(editors.quarters[Q1])
    assert (actual.compact, actual.footnote) == (True, "seasonal")
    assert value_of(retention.quarters[Q1])[0].footnote == "seasonal"
    assert priority.footnote("seasonal").marker + " " + priority.footnote("seasonal").text == deck.SEASONAL_FOOTNOTE


# The "Key Results" table of each key deliverable slide: baseline, Y1 goal, Q1 figures (as the cell lists
# them). ARMDEB's first two key results show the MTP metrics above, by id.
TypedKeyResult = tuple[list[FigureView] | None, list[FigureView] | None, list[FigureView] | None]
NONE: list[FigureView] = [("count", "0", "")]  # a baseline "0" (or "{0}", see the transcription notes)
KEY_RESULTS: dict[str, dict[str, TypedKeyResult]] = {
    # slide "Attract and Retain a Larger and More Diverse Editor Base"
    "armdeb": {
        "monthly-active-editors": (
            [("count", "86000", "/mo")],
            [("change", "5", "YoY")],
            [("change", "5.1", "YoY"), ("count", "83000", "/mo")],
        ),
        "new-editor-retention": (
            [("percent", "6.6", "/mo")],
            [("change", "5", "YoY")],
            [("change", "3.8", "YoY"), ("percent", "5.4", "/mo")],
        ),
        "program-milestones": (NONE, [("count", "15", "")], [("count", "0", "")]),
    },
    # slide "Movement Diversity"
    "movement-diversity": {
        "youth-advisory-council": (NONE, [("percent", "100", "complete")], [("percent", "5", "complete")]),
        "affiliates-underrepresented-languages": (
            NONE,
            [("percent", "100", "complete")],
            [("percent", "20", "complete")],
        ),
        "gender-regional-hires": (
            [("count", "5", "vacancies")],
            [("count", "5", "new hires")],
            [("count", "5", "Vacant")],
        ),
    },
    # slide "Safe & Secure Spaces"
    "safe-secure-spaces": {
        "code-of-conduct": (["Non-endorsed Code of Conduct"], ["Endorsed Code of Conduct"], None),
        "event-risk-protocol": (["No risk assessments"], [("percent", "100", "")], [("percent", "10", "")]),
        "crisis-response-protocol": (["Regular operations"], [("percent", "100", "")], [("percent", "10", "")]),
    },
    # slide "IP Masking": goal "8 (2 as of Q1)"
    "ip-masking": {
        "ip-masking-milestones": ([("count", "0", "milestones completed")], [("count", "8", "")], [("count", "2", "")]),
    },
    # slide "Community Leadership Development"
    "community-leadership": {
        "online-learning-experience": (NONE, [("count", "15", "communities")], [("count", "1", "")]),
        "greenhouse-leadership-skills": (
            ["Collecting baseline"],
            [("percent", "75", "of participants improve")],
            [IN_PROGRESS],
        ),
        "leadership-framework-organizers": (NONE, [("count", "150", "organizers")], [("count", "30", "")]),  # 30+
    },
    # slide "Address Knowledge Gaps": "{0}" baselines, goals and statuses "3 | 0.5" and "100% | 20%"
    "knowledge-gaps": {
        "knowledge-gap-taxonomies": (NONE, [("count", "3", "")], [("count", "0.5", "")]),
        "taxonomies-write-up": (NONE, [("percent", "100", "")], [("percent", "20", "")]),
    },
    # slide "Diverse Content": one column of goals and one of statuses, spread over the three key results
    "diverse-content": {
        "wmse-partnership": (
            NONE,
            [("percent", "100", "complete"), ("count", "5", "streams")],
            [("percent", "10", ""), ("count", "2", "streams initiated")],
        ),
        "campaign-in-a-box": (NONE, [("count", "4", "experiments")], [("count", "3", "initiated")]),
        "digitization-needs-plan": (
            NONE,
            [("percent", "100", "complete"), ("count", "3", "regional stakeholders")],
            [("percent", "10", ""), ("count", "0", "")],
        ),
    },
}


def q1_figures(series: Series) -> list[FigureView] | None:
    """The Q1 figures in the order the cell lists them; a change as the deck reported it."""
    entry = series.quarters.get(Q1)
    if entry is None:
        return None
    shown: list[FigureView] = []
    for part in series.cell:
        if part == "value":
            shown += [view(f) for f in value_of(entry)]
        elif (change := getattr(entry, part)) is not None:
            shown.append(view(change))
    return shown


def typed_key_result(priority: PriorityFile, key_result: KeyResult) -> TypedKeyResult:
    series = priority.series_of(key_result)
    assert set(series.goals) == {YEAR} and set(series.quarters) <= {Q1}
    baseline = views(series.baseline.value) if series.baseline else None
    return baseline, views(series.goals[YEAR]), q1_figures(series)


def deliverable(priority: PriorityFile, deliverable_id: str) -> Deliverable:
    (found,) = (d for d in priority.deliverables if d.id == deliverable_id)
    return found


def test_seven_deliverables_under_their_outcomes(priority: PriorityFile) -> None:
    names = [(o.text, tuple(_deck_name(d) for d in o.deliverables)) for o in priority.outcomes]
    assert names == list(deck.OUTCOMES)
    assert [d.id for d in priority.deliverables] == list(KEY_RESULTS)
    departments = {_deck_name(d): d.department for d in priority.deliverables if d.department}
    assert departments == deck.DELIVERABLE_DEPARTMENTS


def _deck_name(d: Deliverable) -> str:
    return f"{d.name} ({d.short_name})" if d.short_name else d.name


@pytest.mark.parametrize("deliverable_id", list(KEY_RESULTS))
def test_the_key_results_of_each_deliverable(priority: PriorityFile, deliverable_id: str) -> None:
    found = deliverable(priority, deliverable_id)
    assert {kr.id: typed_key_result(priority, kr) for kr in found.key_results} == KEY_RESULTS[deliverable_id]
    assert [kr.id for kr in found.key_results] == list(KEY_RESULTS[deliverable_id])
    deck_rows = deck.KEY_RESULTS[found.name]
    assert [same_text(kr.text) for kr in found.key_results] == [same_text(row.text) for row in deck_rows]


def test_the_qualifiers_the_deck_prints_with_a_figure(priority: PriorityFile) -> None:
    results = {kr.id: kr for d in priority.deliverables for kr in d.key_results}
    # IP Masking: Y1-Goal "8 (2 as of Q1)"
    assert results["ip-masking-milestones"].goals[YEAR][0].note == "2 as of Q1"
    # Community Leadership Development: Q1-Status "30+"
    assert value_of(results["leadership-framework-organizers"].quarters[Q1])[0].at_least


def test_the_lost_statuses_are_unknown_and_campaign_in_a_box_is_on_track(priority: PriorityFile) -> None:
    lost = StatusMark(status="unknown", footnote="colour-lost")
    assert {d.id: d.status for d in priority.deliverables} == {d: {Q1: lost} for d in KEY_RESULTS}
    assert "could not be recovered" in priority.footnote("colour-lost").text
    # slide "Drill Down: Diverse Content": "The “Campaign in a Box” program is on track (green)"
    campaign = next(kr for kr in deliverable(priority, "diverse-content").key_results if kr.id == "campaign-in-a-box")
    assert campaign.quarters[Q1].status == StatusMark(status="on track", footnote="drill-down")
    assert "drill-down slide" in priority.footnote("drill-down").text


# slide "Trust & Safety", table "KPIs": baseline, Q1, Q over Q, Y over Y — the changes as relative %
KPIS: dict[str, tuple[FigureView, FigureView, FigureView, FigureView]] = {
    "emergency-reports": (("percent", "95", ""), ("percent", "100", ""), ("change", "0", ""), ("change", "0", "")),
    "ca-inquiries": (("percent", "95", ""), ("percent", "90.6", ""), ("change", "8.9", ""), ("change", "-1.9", "")),
    "conduct-investigations": (
        ("percent", "75", ""),
        ("percent", "62.5", ""),
        ("change", "8.0", ""),  # "+8.0%": a tenth kept, not 8
        ("change", "46.6", ""),
    ),
}


def test_three_kpis_with_the_changes_the_deck_reported(priority: PriorityFile) -> None:
    typed = {}
    for kpi in priority.kpis:
        assert kpi.baseline is not None and set(kpi.quarters) == {Q1} and kpi.signed_changes
        entry = kpi.quarters[Q1]
        assert entry.qoq is not None and entry.yoy is not None
        (baseline,), (value,) = kpi.baseline.value, value_of(entry)
        typed[kpi.id] = (view(baseline), view(value), view(entry.qoq), view(entry.yoy))
        # nothing earlier in the series: the page shows the changes as reported
        assert kpi.change(Q1, "qoq") == entry.qoq and kpi.computed_change(Q1, "qoq") is None
    assert typed == KPIS
    assert [k.name for k in priority.kpis] == [row.text for row in deck.KPIS]


# slide "Grants": program, # of grants, total $
GRANTS = [
    ("Simple Annual Plan Grants", 1, 249_000),
    ("Conference Grants", 1, 84_895),
    ("Rapid Grants", 23, 28_378),
    ("Wikimania 2019 Scholarships", 123, 165_550),
]


def test_the_grants_of_the_quarter_and_their_totals(priority: PriorityFile) -> None:
    assert list(priority.grants) == [Q1]
    grants = priority.grants[Q1]
    assert [(p.program, p.grants, p.usd) for p in grants.programs] == GRANTS
    assert (grants.totals.grants, grants.totals.usd) == (148, 527_823)
    assert grants.reported_totals == grants.totals
    assert grants.note.rstrip(".") == deck.GRANTS_NOTE.removeprefix("Note: ")


# --- 3. the deck's own words on the rendered pages -----------------------------------------------------------


# How to find the record whose `transcription:` note explains a reading of the deck.
def _metric(metric_id: str) -> Callable[[PriorityFile], str]:
    return lambda p: next(m for m in (*p.metrics, *p.kpis) if m.id == metric_id).transcription


def _deliverable(deliverable_id: str) -> Callable[[PriorityFile], str]:
    return lambda p: deliverable(p, deliverable_id).transcription


# Where the page shows a figure in other words than the deck, on purpose: the deck's words, the page's, and
# the record whose `transcription:` note must quote the deck's words (test_a_departure_…_is_recorded).
DEPARTURES: dict[str, tuple[str, Callable[[PriorityFile], str]]] = {
    # ARMDEB slide; the outcome slide prints "86K/mo", and one metric shows both tables
    "86K/month": ("86K/mo", _metric("monthly-active-editors")),
    # ARMDEB slide; the outcome slide prints "6.6%/mo"
    "6.6%/month": ("6.6%/mo", _metric("new-editor-retention")),
    # slide "Address Knowledge Gaps": "Baseline: {0}"
    "{0}": ("0", _deliverable("knowledge-gaps")),
}


def on_page(cell: deck.Cell) -> str:
    """The plain text the deck's cell should have on the page: its figures one after the other."""
    if cell is None:
        return NO_DATA
    figures = cell if isinstance(cell, tuple) else (cell,)
    return " ".join(DEPARTURES[f][0] if f in DEPARTURES else f for f in figures)


def same_text(text: str) -> str:
    """A text compared across deck and YAML: straight quotes, no full stop at its end or before ")"."""
    text = text.replace("“", '"').replace("”", '"')
    return re.sub(r"\.(?=\)|$)", "", text)


def cell(row: Row, column: str) -> str:
    return row.cells[row.columns.index(column)]


def sections(text: str) -> dict[str, str]:
    """A page's text under each `=== heading ===` (one per deliverable's key results)."""
    found: dict[str, str] = {}
    heading = None
    for line in text.split("\n"):
        if line.startswith("="):
            heading = line.strip("= ") if line.startswith("=== ") else None
        elif heading is not None:
            found.setdefault(heading, "")
            found[heading] += line + "\n"
    return found


class Mismatches:
    """Every cell whose text is not the deck's, collected so that one run lists them all."""

    def __init__(self) -> None:
        self.found: list[str] = []

    def check(self, where: str, deck_words: str, page: str) -> None:
        if page != deck_words:
            self.found.append(f"{where}: the deck says {deck_words!r}, the page shows {page!r}")

    def __bool__(self) -> bool:
        return bool(self.found)

    def __str__(self) -> str:
        return "\n".join(self.found)


def test_the_outcomes_and_deliverables_table(pages: dict[str, str]) -> None:
    rows = list(table_rows(pages[PRIORITY_PAGE]).values())
    outcomes = [r.cells[0] for r in rows if r.key.startswith("outcome:")]
    assert outcomes == [text for text, _ in deck.OUTCOMES]
    deliverables = [r for r in rows if r.key.startswith("deliverable:")]
    assert [r.cells[0] for r in deliverables] == [name for _, names in deck.OUTCOMES for name in names]
    for row in deliverables:
        assert cell(row, "Department") == deck.DELIVERABLE_DEPARTMENTS.get(row.cells[0], NO_DATA)
        assert cell(row, Q1_COLUMN) == "unknown†", row  # never "not reported": the colour was lost
    assert plain(_small("†", pages[PRIORITY_PAGE])).startswith(
        "† The status colours of the deck could not be recovered"
    )


def _small(marker: str, text: str) -> str:
    """The footnote line under a table that starts with `marker`."""
    return next(line for line in text.split("\n") if plain(line).startswith(f"{marker} "))


def test_the_mtp_metrics_table(pages: dict[str, str]) -> None:
    rows = [r for r in table_rows(pages[PRIORITY_PAGE]).values() if r.key.startswith("metric:")]
    mismatches = Mismatches()
    assert [r.cells[0] for r in rows] == [m.text for m in deck.MTP_METRICS]
    for row, metric in zip(rows, deck.MTP_METRICS, strict=True):
        mismatches.check(f"{row.key} Baseline", on_page(metric.baseline), cell(row, "Baseline"))
        mismatches.check(f"{row.key} Y1 goal", on_page(metric.goal), cell(row, "Y1 goal"))
        mismatches.check(f"{row.key} Q1", on_page(metric.q1), cell(row, Q1_COLUMN))
        assert [cell(row, f"Q{n} FY{YEAR}") for n in (2, 3, 4)] == [NO_DATA] * 3
    assert not mismatches, mismatches
    assert plain(_small("*", pages[PRIORITY_PAGE])) == deck.SEASONAL_FOOTNOTE


@pytest.mark.parametrize("name", list(deck.KEY_RESULTS))
def test_the_key_results_table_of_each_deliverable(pages: dict[str, str], name: str) -> None:
    rows = list(table_rows(sections(pages[PRIORITY_PAGE])[name]).values())
    expected = deck.KEY_RESULTS[name]
    assert [same_text(r.cells[0]) for r in rows] == [same_text(kr.text) for kr in expected]
    mismatches = Mismatches()
    for row, key_result in zip(rows, expected, strict=True):
        q1 = on_page(key_result.q1)
        if key_result.text.startswith(deck.ON_TRACK):
            q1 += " on track§"  # slide "Drill Down: Diverse Content": the status, after the figures
        mismatches.check(f"{row.key} Baseline", on_page(key_result.baseline), cell(row, "Baseline"))
        mismatches.check(f"{row.key} Y1 goal", on_page(key_result.goal), cell(row, "Y1 goal"))
        mismatches.check(f"{row.key} Q1", q1, cell(row, Q1_COLUMN))
    assert not mismatches, mismatches


def test_diverse_content_reads_as_the_decks_two_columns(pages: dict[str, str]) -> None:
    """However the figures are spread over the three key results, read down, they are the deck's columns."""
    rows = list(table_rows(sections(pages[PRIORITY_PAGE])["Diverse content"]).values())
    assert " ".join(cell(r, "Y1 goal") for r in rows) == " ".join(deck.DIVERSE_CONTENT_GOALS)
    statuses = " ".join(cell(r, Q1_COLUMN).removesuffix(" on track§") for r in rows)
    assert statuses == " ".join(deck.DIVERSE_CONTENT_STATUSES)


def test_the_trust_and_safety_kpis_table(pages: dict[str, str]) -> None:
    rows = [r for r in table_rows(pages[PRIORITY_PAGE]).values() if r.key.startswith("kpi:")]
    assert [r.cells[0] for r in rows] == [k.text for k in deck.KPIS]
    mismatches = Mismatches()
    for row, kpi in zip(rows, deck.KPIS, strict=True):
        for column, words in (("Baseline", kpi.baseline), (Q1_COLUMN, kpi.q1), ("Q over Q", kpi.qoq)):
            mismatches.check(f"{row.key} {column}", words, cell(row, column))
        mismatches.check(f"{row.key} Y over Y", kpi.yoy, cell(row, "Y over Y"))
    assert not mismatches, mismatches


def test_the_grants_table(pages: dict[str, str]) -> None:
    rows = [r for r in table_rows(pages[PRIORITY_PAGE]).values() if r.key.startswith("grant:")]
    assert [r.cells for r in rows] == [*deck.GRANTS, deck.GRANT_TOTALS]
    assert {r.columns for r in rows} == {("Program", "Number of grants", "Total")}
    assert plain(_small("Note:", pages[PRIORITY_PAGE])).rstrip(".") == deck.GRANTS_NOTE


def test_the_overview_shows_the_decks_words(pages: dict[str, str]) -> None:
    rows = list(table_rows(pages[OVERVIEW_PAGE]).values())
    metrics = [r for r in rows if r.key.startswith("metric:")]
    mismatches = Mismatches()
    assert [r.cells[0] for r in metrics] == [m.text for m in deck.MTP_METRICS]
    for row, metric in zip(metrics, deck.MTP_METRICS, strict=True):
        mismatches.check(f"{row.key} Goal", on_page(metric.goal), cell(row, "Goal"))
        mismatches.check(f"{row.key} Latest", f"{on_page(metric.q1)} ({Q1.label})", cell(row, "Latest"))
    assert not mismatches, mismatches
    statuses = [cell(r, "Latest status") for r in rows if r.key.startswith("deliverable:")]
    assert statuses == [f"unknown† ({Q1.label})"] * 7
    assert "could not be recovered" in _small("†", pages[OVERVIEW_PAGE])


def figure_cells(pages: dict[str, str]) -> Iterator[tuple[str, str]]:
    """Every cell of every page but the first of a row (a metric's name, a key result's text…)."""
    for title, text in pages.items():
        for row in table_rows(text).values():
            yield from ((f"{title}: {row.key}", c) for c in row.cells[1:])


# The figures the deck prints with a "+": the KPIs' changes and "30+".
DECK_PLUS = {"+/-0%", "+8.9%", "+8.0%", "+46.6%", "30+"}


def test_no_plus_the_deck_does_not_print(pages: dict[str, str]) -> None:
    plus = [(where, c) for where, c in figure_cells(pages) if "+" in c and c not in DECK_PLUS]
    assert plus == []
    assert {c for _, c in figure_cells(pages) if "+" in c} == DECK_PLUS


@pytest.mark.parametrize("deck_words", list(DEPARTURES))
def test_a_departure_from_the_decks_words_is_recorded(priority: PriorityFile, deck_words: str) -> None:
    shown, note_of = DEPARTURES[deck_words]
    note = note_of(priority)
    assert f'"{deck_words}"' in note, f"no transcription note says the deck prints {deck_words!r}, shown {shown!r}"


# --- 4. one figure, one place --------------------------------------------------------------------------------

# The measured figures of the deck: the two MTP metrics' values (which ARMDEB's key results also show) and
# the KPIs' — each must be written once in the seed's files, comments aside.
MEASURED = ["86000", "6.6", "83000", "5.1", "5.4", "3.8", "90.6", "8.9", "-1.9", "62.5", "8.0", "46.6"]


def yaml_scalars() -> list[str]:
    """Every scalar written in the seed's YAML files (keys and values; not the comments)."""
    found = []
    for path in sorted(SEED.rglob("*.yaml")):
        tokens = yaml.scan(path.read_text(encoding="utf-8"))
        found += [t.value for t in tokens if isinstance(t, yaml.ScalarToken)]
    return found


@pytest.mark.parametrize("number", MEASURED)
def test_a_measured_figure_is_written_once_in_the_seed(number: str) -> None:
    assert yaml_scalars().count(number) == 1


def test_the_armdeb_key_results_refer_to_the_metrics_by_id(priority: PriorityFile) -> None:
    armdeb = deliverable(priority, "armdeb")
    references = {kr.id: kr.metric for kr in armdeb.key_results if kr.metric}
    assert references == {
        "monthly-active-editors": "monthly-active-editors",
        "new-editor-retention": "new-editor-retention",
    }
    own = [kr for d in priority.deliverables for kr in d.key_results if kr.metric is None]
    for series in (*priority.metrics, *priority.kpis):
        copies = [
            kr.id
            for kr in own
            if (kr.baseline, kr.goals, kr.quarters) == (series.baseline, series.goals, series.quarters)
        ]
        assert copies == [], f"key results that copy the figures of {series.id}"


def test_changing_83000_once_changes_every_table_that_shows_it() -> None:
    text = read_text(SEED_METRICS)
    assert text.count("count: 83000") == 1
    changed, problems = validate_priority_text(text.replace("count: 83000", "count: 84000"), str(SEED_METRICS))
    assert problems == [] and changed is not None
    config = load_config(SEED_CONFIG)
    rendered = render_pages(config, {"thriving-movement": changed}, Renderer.for_config(config))
    shown = {}
    for page in rendered[:2]:
        for row in table_rows(page.text).values():
            if row.key.endswith(":monthly-active-editors"):
                shown[row.key] = cell(row, Q1_COLUMN if Q1_COLUMN in row.columns else "Latest")
    assert shown == {
        "metric:monthly-active-editors": "5.1% YoY 84K/mo*",
        "key-result:monthly-active-editors": "5.1% YoY 84K/mo*",
        "metric:thriving-movement:monthly-active-editors": f"5.1% YoY 84K/mo* ({Q1.label})",
    }
    assert not any("83K" in page.text for page in rendered)


# --- 5. every ambiguous transcription is noted next to its figures ---------------------------------------------

TRANSCRIPTIONS: dict[str, tuple[Callable[[PriorityFile], str], tuple[str, ...]]] = {
    # slide "Diverse Content": one column of goals, one of statuses, spread over three key results
    "diverse content's goals over three key results": (
        _deliverable("diverse-content"),
        ("5 streams", "4 experiments", "3 regional stakeholders", "2 streams initiated", "3 initiated"),
    ),
    # slide "Address Knowledge Gaps"
    'knowledge gaps "3 / 0.5" and "100% / 20%"': (_deliverable("knowledge-gaps"), ("3 | 0.5", "100% | 20%")),
    'knowledge gaps "{0}" baselines': (_deliverable("knowledge-gaps"), ('"{0}"', "read as 0")),
    # slide "IP Masking"
    'IP Masking "8 (2 as of Q1)"': (
        lambda p: next(kr for kr in deliverable(p, "ip-masking").key_results).transcription,
        ('"8 (2 as of Q1)"',),
    ),
    # slide "Trust & Safety": "+8.9%" read as a relative change, not percentage points
    "emergency@ changes as relative %": (_metric("emergency-reports"), ("relative", "percentage points")),
    "ca@ changes as relative %": (_metric("ca-inquiries"), ("relative", "percentage points")),
    "conduct changes as relative %": (_metric("conduct-investigations"), ("relative", "percentage points")),
    # slides "Grants" (123 Wikimania 2019 Scholarships) and "Events" ("125 scholarships granted")
    "123 scholarships vs 125": (lambda p: p.grants[Q1].transcription, ("123", deck.EVENTS_SCHOLARSHIPS)),
}


@pytest.mark.parametrize("reading", list(TRANSCRIPTIONS))
def test_an_ambiguous_reading_has_its_transcription_note(priority: PriorityFile, reading: str) -> None:
    note_of, words = TRANSCRIPTIONS[reading]
    note = note_of(priority)
    assert [w for w in words if w not in note] == [], note

"""The shipped settings and metrics are valid and hold every figure of the deck's tables.

The deck is the Thriving Movement tuning session of November 2019. Each expected value below is copied
from a table of the deck (slide named in the comment); a figure lost or mistyped while editing
config/metrics/ fails here before it reaches Meta-Wiki.

A figure is compared as (kind, number, unit) — e.g. ("count", "86000", "/mo") for the deck's "86K/mo" —
or as its text for a text figure.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from bot.source.figures import Figure
from bot.source.loading import load_reports, read_text, validate_report_text
from bot.source.model import Report
from bot.source.settings import load_config

REPO = Path(__file__).resolve().parents[2]
CONFIG = REPO / "config" / "mtpbot.yaml"
METRICS = REPO / "config" / "metrics" / "thriving-movement.yaml"

FigureView = str | tuple[str, str, str]


def view(figure: Figure) -> FigureView:
    if figure.number is None:
        return str(figure.text)
    return (figure.kind, str(figure.number), figure.unit)


def cell(figures: tuple[Figure, ...] | None) -> list[FigureView] | None:
    return None if figures is None else [view(f) for f in figures]


@pytest.fixture(scope="module")
def report() -> Report:
    config = load_config(CONFIG)
    reports = load_reports(config.source_paths)
    return reports["thriving-movement"]


def test_the_shipped_settings_and_metrics_validate() -> None:
    config = load_config(CONFIG)
    assert config.source_paths == (METRICS,)
    assert [p.title for p in config.settings.pages] == [
        "Wikimedia Foundation Medium-term plan 2019/Thriving Movement/Metrics",
        "Template:MTP status",
    ]
    assert list(load_reports(config.source_paths)) == ["thriving-movement"]


def test_the_shipped_metrics_have_no_problem_at_all() -> None:
    report, problems = validate_report_text(read_text(METRICS), str(METRICS))
    assert problems == []
    assert report is not None


def test_period_and_priority(report: Report) -> None:
    assert report.period.label == "Q1 FY 2019-20"
    assert report.priority.name == "Thriving Movement"
    # "Department: Community Engagement, Product, Technology" (MTP outcomes slides)
    assert report.priority.departments == ("Community Engagement", "Product", "Technology")


def test_the_seasonal_footnote(report: Report) -> None:
    (note,) = report.footnotes
    assert note.marker == "*"
    assert note.text == ("Due to seasonal fluctuations, actuals per quarter may be lower than our Q4 2018-19 baseline.")


# --- MTP metrics (the two "MTP Metrics" slides: baseline, Y1-goal, Q1-status) ---------------------------

DETERMINE = "Determine baseline"
MTP_METRICS: list[tuple[str, list[FigureView], list[FigureView], list[FigureView]]] = [
    (
        "Monthly active editors increase YoY",
        [("count", "86000", "/mo")],
        [("change", "5", "YoY")],
        [("change", "5.1", "YoY"), ("count", "83000", "/mo")],
    ),
    (
        "New editor retention rate increases YoY",
        [("percent", "6.6", "/mo")],
        [("change", "5", "YoY")],
        [("change", "3.8", "YoY"), ("percent", "5.4", "/mo")],
    ),
    (
        "Increase participation of youth, diverse genders, and diverse sexual orientations",
        ["Collecting baseline"],
        [DETERMINE],
        ["In progress"],
    ),
    ("Decrease in reported threats to safety", ["Collecting baseline"], [DETERMINE], ["In progress"]),
    (
        "Documentation and announcements available in 10 most spoken languages",
        ["Preparing for baselining"],
        [DETERMINE],
        ["In progress"],
    ),
    ("Improve newcomer empowerment and belonging", ["Collecting baseline"], [DETERMINE], ["In progress"]),
    ("Increase diversity of movement leaders", ["Collecting baseline"], [DETERMINE], ["In progress"]),
    ("Movement leaders feel supported", ["Collecting baseline"], [DETERMINE], ["In progress"]),
    (
        "Movement leaders satisfied with environment for large-scale contribution",
        ["Planning baseline collection"],
        [DETERMINE],
        ["In progress"],
    ),
    (
        "Increased presence of underrepresented forms of knowledge",
        ["Planning baseline collection"],
        [DETERMINE],
        ["In progress"],
    ),
]


def test_all_ten_mtp_metrics_in_the_decks_order(report: Report) -> None:
    assert [(m.name, cell(m.baseline), cell(m.goal), cell(m.status)) for m in report.metrics] == MTP_METRICS


def test_the_seasonal_actuals_carry_the_footnote_and_show_in_thousands(report: Report) -> None:
    # "83K/mo*" and "5.4%/mo*"; the baseline "86K/mo" is also written in thousands
    editors, retention = report.metrics[0], report.metrics[1]
    assert editors.status is not None and retention.status is not None
    assert [(f.footnote, f.compact) for f in editors.status] == [("", False), ("seasonal", True)]
    assert [f.footnote for f in retention.status] == ["", "seasonal"]
    assert editors.baseline[0].compact


# --- key deliverables and their key results (one slide per deliverable) ---------------------------------

DELIVERABLES = {
    "We will welcome and support newcomers.": ["Attract and retain a larger and more diverse editor base"],
    "We will have strong, diverse, and innovative communities that represent the world.": ["Movement Diversity"],
    "We will have safe, secure spaces and equitable, efficient processes for all participants.": [
        "Safe and Secure Spaces",
        "IP Masking",
    ],
    "We will have strong and empowered movement leaders and affiliates.": ["Community leadership development"],
    "We will support diverse content creation.": ["Address knowledge gaps", "Diverse content"],
}

# deliverable -> [(start of the key result's text, baseline, Y1-goal, Q1-status)]
KeyResultRow = tuple[str, list[FigureView], list[FigureView], list[FigureView] | None]
KEY_RESULTS: dict[str, list[KeyResultRow]] = {
    "Attract and retain a larger and more diverse editor base": [
        (
            "We will increase average monthly active editors",
            [("count", "86000", "/mo")],
            [("change", "5", "YoY")],
            [("change", "5.1", "YoY"), ("count", "83000", "/mo")],
        ),
        (
            "We will increase average one-month retention by 5%",
            [("percent", "6.6", "/mo")],
            [("change", "5", "YoY")],
            [("change", "3.8", "YoY"), ("percent", "5.4", "/mo")],
        ),
        (
            "Deliver on 15 program milestones",
            [("count", "0", "milestones")],
            [("count", "15", "milestones")],
            [("count", "0", "milestones")],
        ),
    ],
    "Movement Diversity": [
        (
            "Prepare for the development of a Youth Advisory Council",
            [("count", "0", "")],
            [("percent", "100", "complete")],
            [("percent", "5", "complete")],
        ),
        (
            "Grow the capacity of at least 3 affiliates",
            [("count", "0", "")],
            [("percent", "100", "complete")],
            [("percent", "20", "complete")],
        ),
        (
            "Hire a Gender program manager",
            [("count", "5", "vacancies")],
            [("count", "5", "new hires")],
            [("count", "5", "vacant")],
        ),
    ],
    "Safe and Secure Spaces": [
        (
            "Board will have endorsed the universal Code of Conduct",
            ["Non-endorsed Code of Conduct"],
            ["Endorsed Code of Conduct"],
            None,  # the deck gives no Q1 status for this one
        ),
        (
            "100% of relevant Foundation stakeholders",
            ["No risk assessments"],
            [("percent", "100", "")],
            [("percent", "10", "")],
        ),
        (
            "The Foundation will be responding to 100% of qualifying major events",
            ["Regular operations"],
            [("percent", "100", "")],
            [("percent", "10", "")],
        ),
    ],
    "IP Masking": [
        (
            "Deliver on 8 program milestones (2 per quarter starting Q2)",
            [("count", "0", "milestones completed")],
            [("count", "8", "milestones")],
            [("count", "2", "milestones")],
        ),
    ],
    "Community leadership development": [
        (
            "Design an online learning experience",
            [("count", "0", "")],
            [("count", "15", "communities")],
            [("count", "1", "community")],
        ),
        (
            "Participants in the Wikimedia Education Greenhouse pilot",
            ["Collecting baseline"],
            [("percent", "75", "of participants improve")],
            ["In progress"],
        ),
        (
            "CE will test and refine the Leadership Development Framework",
            [("count", "0", "")],
            [("count", "150", "organizers")],
            [("count", "30", "organizers")],
        ),
    ],
    "Address knowledge gaps": [
        (
            "Build three or more taxonomies of knowledge gaps",
            [("count", "0", "taxonomies")],
            [("count", "3", "taxonomies")],
            [("count", "0.5", "taxonomies")],
        ),
        (
            "Provide a comprehensive write-up of the taxonomies",
            [("percent", "0", "")],
            [("percent", "100", "")],
            [("percent", "20", "")],
        ),
    ],
    "Diverse content": [
        (
            "Develop partnership agreement with Wikimedia Sverige",
            [("count", "0", "")],
            [("percent", "100", "complete"), ("count", "5", "streams")],
            [("percent", "10", ""), ("count", "2", "streams initiated")],
        ),
        (
            'Design a curriculum and strategy for a holistic "Campaign in a Box"',
            [("count", "0", "")],
            [("count", "4", "experiments")],
            [("count", "3", "initiated")],
        ),
        (
            "Develop a plan with external partners and stakeholders in at least 3 regions",
            [("count", "0", "")],
            [("percent", "100", "complete"), ("count", "3", "regional stakeholders")],
            [("percent", "10", ""), ("count", "0", "regional stakeholders")],
        ),
    ],
}


def test_seven_deliverables_under_their_outcomes(report: Report) -> None:
    assert {o.text: [d.name for d in o.deliverables] for o in report.outcomes} == DELIVERABLES
    assert len(list(report.deliverables)) == 7


@pytest.mark.parametrize("name", list(KEY_RESULTS))
def test_key_results_of_each_deliverable(report: Report, name: str) -> None:
    (deliverable,) = (d for d in report.deliverables if d.name == name)
    rows = [(kr.text, cell(kr.baseline), cell(kr.goal), cell(kr.status)) for kr in deliverable.key_results]
    expected = KEY_RESULTS[name]
    assert [row[1:] for row in rows] == [row[1:] for row in expected]
    for (text, *_), (start, *_) in zip(rows, expected, strict=True):
        assert text.startswith(start)


def test_key_result_qualifiers_from_the_deck(report: Report) -> None:
    results = {kr.id: kr for d in report.deliverables for kr in d.key_results}
    # IP Masking: goal "8 (2 as of Q1)"; leadership framework: status "30+"
    assert results["ip-masking-milestones"].goal[0].note == "2 as of Q1"
    status = results["leadership-framework-organizers"].status
    assert status is not None and status[0].at_least
    # Movement Diversity: "5% complete" of a 100% goal is the progress a reader sees
    assert results["youth-advisory-council"].progress == Decimal("5")
    assert results["affiliates-underrepresented-languages"].progress == Decimal("20")
    assert results["gender-regional-hires"].progress is None


def test_the_armdeb_deliverable_details(report: Report) -> None:
    armdeb = next(iter(report.deliverables))
    assert (armdeb.short_name, armdeb.department) == ("ARMDEB", "Product")
    knowledge_gaps = next(d for d in report.deliverables if d.name == "Address knowledge gaps")
    assert knowledge_gaps.department == "Technology"


# --- Trust & Safety KPIs (slide "KPIs": Q1, Q over Q, Y over Y) -----------------------------------------

KPIS = [
    ("Resolve legitimate emergency@ reports within three hours.", "95", "100", "0", "0"),
    ("Resolve ca@ inquiries within two business days.", "95", "90.6", "8.9", "-1.9"),
    ("Close conduct investigations that reached resolution within 4 business weeks.", "75", "62.5", "8.0", "46.6"),
]


def test_three_kpis_with_their_changes(report: Report) -> None:
    rows = []
    for kpi in report.kpis:
        qoq, yoy = kpi.change("qoq"), kpi.change("yoy")
        assert qoq is not None and yoy is not None
        assert [f.kind for f in (*kpi.baseline, kpi.value)] == ["percent", "percent"]
        rows.append((kpi.name, str(kpi.baseline[0].number), str(kpi.value.number), str(qoq.number), str(yoy.number)))
    assert rows == KPIS


def test_a_kpi_change_keeps_the_decks_precision(report: Report) -> None:
    # "+8.0%" is reported to a tenth: written 8.0 in YAML, it must not become 8
    conduct = report.kpis[2].change("qoq")
    assert conduct is not None and conduct.number is not None
    assert conduct.number.as_tuple().exponent == -1


# --- Grants (slide "Grants": program, # of grants, total $) ----------------------------------------------

GRANTS = [
    ("Simple Annual Plan Grants", 1, 249_000),
    ("Conference Grants", 1, 84_895),
    ("Rapid Grants", 23, 28_378),
    ("Wikimania 2019 Scholarships", 123, 165_550),
]


def test_grants_table_and_its_computed_totals(report: Report) -> None:
    assert report.grants is not None
    assert [(p.program, p.grants, p.usd) for p in report.grants.programs] == GRANTS
    assert (report.grants.totals.grants, report.grants.totals.usd) == (148, 527_823)
    assert report.grants.reported_totals == report.grants.totals
    assert report.grants.note == "There is only 1 APG because they are administered in Q2 and Q4."

"""The tables of the deck, word for word: every figure exactly as the deck prints it.

The deck is "Community Engagement Department / Thriving Movement: Tuning Session Nov 2019", the source of
config/metrics/thriving-movement.yaml. Each table below is copied from one slide (named in the comment),
in the deck's order and with the deck's spelling: "86K/month" on the ARMDEB slide stays "86K/month" here
even though the page shows "86K/mo"; where the shipped data departs from these words on purpose, the test
that compares them says so and checks that a `transcription:` note in the YAML records it.

A cell is one string, a tuple of strings when the deck prints several figures in one cell (one per line on
the key deliverable slides, on one line on the outcome slides: "5.1% YoY 83K/mo*"), or None where the deck
leaves the cell blank. Only the deck's tables are here: its narrative figures (879 attendees, Europe (65)…)
are not published.
"""

from __future__ import annotations

from dataclasses import dataclass

Cell = str | tuple[str, ...] | None


@dataclass(frozen=True)
class DeckRow:
    """One row of a Baseline / Y1-Goal / Q1-Status table."""

    text: str  # the metric or key result, as the deck words it
    baseline: str
    goal: Cell
    q1: Cell


@dataclass(frozen=True)
class KpiRow:
    """One row of the Trust & Safety KPIs table (the baseline is printed after the KPI's text)."""

    text: str
    baseline: str
    q1: str
    qoq: str
    yoy: str


PRIORITY = "Thriving Movement"
# "Department: Community Engagement, Product, Technology" (both "MTP Outcomes" slides)
DEPARTMENTS = ("Community Engagement", "Product", "Technology")

# The two "MTP Outcomes" slides: each outcome and its key deliverables.
OUTCOMES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("We will welcome and support newcomers.", ("Attract and retain a larger and more diverse editor base (ARMDEB)",)),
    ("We will have strong, diverse, and innovative communities that represent the world.", ("Movement Diversity",)),
    (
        "We will have safe, secure spaces and equitable, efficient processes for all participants.",
        ("Safe and Secure Spaces", "IP Masking"),
    ),
    ("We will have strong and empowered movement leaders and affiliates.", ("Community leadership development",)),
    ("We will support diverse content creation.", ("Address knowledge gaps", "Diverse content")),
)
# "Department: Product" (ARMDEB slides), "Department: Technology" (Address Knowledge Gaps); the other
# deliverable slides name no department.
DELIVERABLE_DEPARTMENTS = {
    "Attract and retain a larger and more diverse editor base (ARMDEB)": "Product",
    "Address knowledge gaps": "Technology",
}

SEASONAL_FOOTNOTE = "* Due to seasonal fluctuations, actuals per quarter may be lower than our Q4 2018-19 baseline."
DETERMINE = "Determine baseline"
IN_PROGRESS = "In progress"

# The two "MTP Metrics" tables of the "MTP Outcomes" slides: metric, Baseline, Y1-Goal, Q1-Status.
MTP_METRICS = (
    DeckRow("Monthly active editors increase YoY", "86K/mo", "5% YoY", ("5.1% YoY", "83K/mo*")),
    DeckRow("New editor retention rate increases YoY", "6.6%/mo", "5% YoY", ("3.8% YoY", "5.4%/mo*")),
    DeckRow(
        "Increase participation of youth, diverse genders, and diverse sexual orientations",
        "Collecting baseline",
        DETERMINE,
        IN_PROGRESS,
    ),
    DeckRow("Decrease in reported threats to safety", "Collecting baseline", DETERMINE, IN_PROGRESS),
    DeckRow(
        "Documentation and announcements available in 10 most spoken languages",
        "Preparing for baselining",
        DETERMINE,
        IN_PROGRESS,
    ),
    # second "MTP Outcomes" slide
    DeckRow("Improve newcomer empowerment and belonging", "Collecting baseline", DETERMINE, IN_PROGRESS),
    DeckRow("Increase diversity of movement leaders", "Collecting baseline", DETERMINE, IN_PROGRESS),
    DeckRow("Movement leaders feel supported", "Collecting baseline", DETERMINE, IN_PROGRESS),
    DeckRow(
        "Movement leaders satisfied with environment for large-scale contribution",
        "Planning baseline collection",
        DETERMINE,
        IN_PROGRESS,
    ),
    DeckRow(
        "Increased presence of underrepresented forms of knowledge",
        "Planning baseline collection",
        DETERMINE,
        IN_PROGRESS,
    ),
)

# The "Key Results" table of each key deliverable slide, keyed by the deliverable's name on the outcome
# slides (without "(ARMDEB)").
KEY_RESULTS: dict[str, tuple[DeckRow, ...]] = {
    # slide "Attract and Retain a Larger and More Diverse Editor Base"
    "Attract and retain a larger and more diverse editor base": (
        DeckRow(
            "We will increase average monthly active editors, in both emerging markets and established markets, "
            "and among new registered editors and returning registered editors.",
            "86K/month",
            "5% YoY",
            ("5.1% YoY", "83K/mo*"),
        ),
        DeckRow(
            "We will increase average one-month retention by 5% for new registered editors in both emerging and "
            "established markets.",
            "6.6%/month",
            "5% YoY",
            ("3.8% YoY", "5.4%/mo*"),
        ),
        DeckRow("Deliver on 15 program milestones.", "0", "15", "0"),  # "[15 program milestones](#)": a link
    ),
    # slide "Movement Diversity"
    "Movement Diversity": (
        DeckRow(
            "Prepare for the development of a Youth Advisory Council to co-develop a youth engagement strategy",
            "0",
            "100% complete",
            "5% complete",
        ),
        DeckRow(
            "Grow the capacity of at least 3 affiliates to engage students speaking underrepresented languages",
            "0",
            "100% complete",
            "20% complete",
        ),
        DeckRow(
            "Hire a Gender program manager, and a regional liaison in at least 4 of 6 prioritized regions, "
            "by 6/30/2020",
            "5 vacancies",
            "5 new hires",
            "5 Vacant",
        ),
    ),
    # slide "Safe & Secure Spaces"
    "Safe and Secure Spaces": (
        DeckRow(
            "Board will have endorsed the universal Code of Conduct",
            "Non-endorsed Code of Conduct",
            "Endorsed Code of Conduct",
            None,  # the slide gives this key result no Q1 status
        ),
        DeckRow(
            "100% of relevant Foundation stakeholders will be engaged in a risk protocol for funded events",
            "No risk assessments",
            "100%",
            "10%",
        ),
        DeckRow(
            "The Foundation will be responding to 100% of qualifying major events through the fully operational "
            "crisis response protocol.",
            "Regular operations",
            "100%",
            "10%",
        ),
    ),
    # slide "IP Masking"
    "IP Masking": (
        DeckRow(
            "Deliver on 8 program milestones (2 per quarter starting Q2.)",
            "0 milestones completed",
            "8 (2 as of Q1)",
            "2",
        ),
    ),
    # slide "Community Leadership Development"
    "Community leadership development": (
        DeckRow(
            "Design an online learning experience utilizing pilot data from 15+ thematic/regional communities",
            "0",
            "15 communities",
            "1",
        ),
        DeckRow(
            "Participants in the Wikimedia Education Greenhouse pilot report improved leadership skills for the "
            "Wikimedia movement.",
            "Collecting baseline",
            "75% of participants improve",
            "In progress",
        ),
        DeckRow(
            "CE will test and refine the Leadership Development Framework by engaging at least 150 new/existing "
            "movement organizers and affiliate leaders",
            "0",
            "150 organizers",
            "30+",
        ),
    ),
    # slide "Address Knowledge Gaps": both baselines printed "{0}"; the goals and statuses are one small
    # table below both texts, "3 | 0.5" and "100% | 20%", one row per key result in the order of the texts
    "Address knowledge gaps": (
        DeckRow(
            "Build three or more taxonomies of knowledge gaps (the list of taxonomies: content, readership, "
            "contributorship, usage, and primary causes)",
            "{0}",
            "3",
            "0.5",
        ),
        DeckRow(
            "Provide a comprehensive write-up of the taxonomies developed during the year and present internally.",
            "{0}",
            "100%",
            "20%",
        ),
    ),
    # slide "Diverse Content": the goals and statuses are printed as one column each (DIVERSE_CONTENT_*
    # below); the rows spread them over the key results by what each one counts
    "Diverse content": (
        DeckRow(
            "Develop partnership agreement with Wikimedia Sverige based on 5 streams of research",
            "0",
            ("100% complete", "5 streams"),
            ("10%", "2 streams initiated"),
        ),
        DeckRow(
            "Design a curriculum and strategy for a holistic “Campaign in a Box” framework based on at least "
            "4 experiments",
            "0",
            "4 experiments",
            "3 initiated",
        ),
        DeckRow(
            "Develop a plan with external partners and stakeholders in at least 3 regions beyond Europe and North "
            "America for researching global heritage digitization needs.",
            "0",
            ("100% complete", "3 regional stakeholders"),
            ("10%", "0"),
        ),
    ),
}
DIVERSE_CONTENT_GOALS = ("100% complete", "5 streams", "4 experiments", "100% complete", "3 regional stakeholders")
DIVERSE_CONTENT_STATUSES = ("10%", "2 streams initiated", "3 initiated", "10%", "0")
# slide "Drill Down: Diverse Content": the one status colour the deck's text kept
ON_TRACK = "Design a curriculum and strategy for a holistic “Campaign in a Box” framework"

# slide "Trust & Safety", table "KPIs": KPI (Baseline), Q1, Q over Q, Y over Y
KPIS = (
    KpiRow("Resolve legitimate emergency@ reports within three hours.", "95%", "100%", "+/-0%", "+/-0%"),
    KpiRow("Resolve ca@ inquiries within two business days.", "95%", "90.6%", "+8.9%", "-1.9%"),
    KpiRow(
        "Close conduct investigations that reached resolution within 4 business weeks.",
        "75%",
        "62.5%",
        "+8.0%",
        "+46.6%",
    ),
)

# slide "Grants": Program, # of grants, Total $
GRANTS = (
    ("Simple Annual Plan Grants", "1", "$249,000"),
    ("Conference Grants", "1", "$84,895"),
    ("Rapid Grants", "23", "$28,378"),
    ("Wikimania 2019 Scholarships", "123", "$165,550"),
)
GRANT_TOTALS = ("Totals", "148", "$527,823")
GRANTS_NOTE = "Note: There is only 1 APG because they are administered in Q2 and Q4"
# slide "Events" counts the same scholarships differently
EVENTS_SCHOLARSHIPS = "125 scholarships granted"

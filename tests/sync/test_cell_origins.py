"""Every cell of the shipped pages leads back to the line of the metrics file that fills it (or that it is
computed from): what a refusal for a hand edit names (bot.sync.drift, tests/safety/test_drift.py)."""

from __future__ import annotations

import pytest

from bot.cli.loading import every_page, load
from bot.sync.pages import RenderedPage
from bot.wikitext.rows import table_rows
from tests.support.seed import SEED_CONFIG, SEED_METRICS


@pytest.fixture(scope="module")
def pages() -> dict[str, RenderedPage]:
    rendered = every_page(*load(SEED_CONFIG))
    return {page.title: page for page in rendered}


def _line(number: int) -> str:
    return SEED_METRICS.read_text(encoding="utf-8").splitlines()[number - 1]


def test_every_cell_of_every_table_has_a_source_line(pages: dict[str, RenderedPage]) -> None:
    cells = 0
    for page in pages.values():
        for name, content in page.regions.items():
            for key, row in table_rows(content).items():
                for index, column in enumerate(row.columns):
                    origin = page.origins.locate(key, column, index) if page.origins is not None else None
                    assert origin is not None or page.title == "Template:MTP status", (page.title, name, key, column)
                    cells += origin is not None
                    assert origin is None or origin.file == str(SEED_METRICS.resolve())
    assert cells > 300


@pytest.mark.parametrize(
    ("title", "key", "column", "index", "path", "computed", "seen"),
    [
        (
            "Thriving Movement/Metrics",
            "kpi:ca-inquiries",
            "Q1 FY2019-20",
            3,
            "kpis[1].quarters.2019-20 Q1.value",
            False,
            "percent: 90.6",
        ),
        (
            "Thriving Movement/Metrics",
            "kpi:ca-inquiries",
            "Q over Q",
            7,
            "kpis[1].quarters.2019-20 Q1.qoq",
            False,
            "qoq: {change: 8.9}",
        ),
        (
            "Thriving Movement/Metrics",
            "key-result:monthly-active-editors",
            "Baseline",
            1,
            "metrics[0].baseline",
            False,
            "baseline:",
        ),
        (
            "Thriving Movement/Metrics",
            "grant:Q1:Rapid Grants",
            "Total",
            2,
            "grants.2019-20 Q1.programs[2].usd",
            False,
            "usd: 28378",
        ),
        (
            "Thriving Movement/Metrics",
            "metric:monthly-active-editors",
            "Progress",
            8,
            "metrics[0].goals.2019-20",
            True,
            "2019-20:",
        ),
        (
            "plan 2019/Metrics",
            "metric:thriving-movement:monthly-active-editors",
            "Latest",
            1,
            "metrics[0].quarters.2019-20 Q1.value",
            False,
            "count: 83000",
        ),
    ],
)
def test_a_cell_leads_to_the_value_it_shows(
    pages: dict[str, RenderedPage], title: str, key: str, column: str, index: int, path: str, computed: bool, seen: str
) -> None:
    page = next(page for full, page in pages.items() if full.endswith(title))
    assert page.origins is not None
    origin = page.origins.locate(key, column, index)
    assert origin is not None
    assert (origin.path, origin.computed) == (path, computed)
    assert seen in _line(origin.line)
    assert page.origins.locate(key, "no such column", 5) is None
    assert page.origins.locate("metric:no-such-record", column, index) is None

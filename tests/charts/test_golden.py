"""The data pages of the seed metrics (tests/seed/), and of the synthetic plan of two fiscal years
(tests/wikitext/fixtures/), render to exactly the checked-in JSON (golden files).

After an intended change, regenerate with `MTPBOT_UPDATE_GOLDEN=1 python -m pytest tests/charts/test_golden.py`
and review the diff.
"""

from __future__ import annotations

import functools
import json
import os
import re
from pathlib import Path

import pytest

from bot.charts.names import DEFAULT_PREFIX
from bot.charts.pages import DataPage, data_pages
from bot.source.loading import load_priorities
from tests.support.seed import SEED_SOURCES

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = Path(__file__).parent / "golden"
SYNTHETIC = sorted((ROOT / "tests" / "wikitext" / "fixtures" / "metrics").glob("*.yaml"))
COMMIT = "1a2b3c4"


@functools.cache
def pages_of(*paths: Path) -> list[DataPage]:
    return [page for priority in load_priorities(paths).values() for page in data_pages(priority, COMMIT)]


def shipped_pages() -> list[DataPage]:
    return pages_of(*SEED_SOURCES)


def all_pages() -> list[DataPage]:
    return [*shipped_pages(), *pages_of(*SYNTHETIC)]


def golden_name(title: str) -> str:
    stem, suffix = title.removeprefix(f"Data:{DEFAULT_PREFIX}/").rsplit(".", 1)
    return re.sub(r"[^A-Za-z0-9]+", "-", stem).strip("-") + f".{suffix}.json"


@pytest.mark.parametrize("page", all_pages(), ids=lambda p: p.title)
def test_page_matches_golden_file(page: DataPage) -> None:
    path = GOLDEN / golden_name(page.title)
    if os.environ.get("MTPBOT_UPDATE_GOLDEN"):
        path.write_text(page.text, encoding="utf-8")
    assert path.exists(), f"no golden file {path}; run with MTPBOT_UPDATE_GOLDEN=1 and review it"
    assert page.text == path.read_text(encoding="utf-8")
    assert json.loads(page.text) == page.content


def test_the_golden_files_are_all_in_use() -> None:
    assert {p.name for p in GOLDEN.glob("*.json")} == {golden_name(page.title) for page in all_pages()}


def test_every_numeric_series_of_the_shipped_data_is_drawn() -> None:
    """The two MTP metrics with numbers and the three Trust & Safety KPIs; the metrics in words are not."""
    drawn = [page.series for page in shipped_pages() if page.title.endswith(".tab")]
    assert drawn == [
        "monthly-active-editors",
        "new-editor-retention",
        "emergency-reports",
        "ca-inquiries",
        "conduct-investigations",
    ]


def test_a_table_is_followed_by_its_chart_which_draws_it() -> None:
    pages = shipped_pages()
    for table, chart in zip(pages[::2], pages[1::2], strict=True):
        assert (table.model, chart.model) == ("Tabular.JsonConfig", "Chart.JsonConfig")
        assert chart.content["source"] == table.title.removeprefix("Data:")
        assert chart.title == table.title.removesuffix(".tab") + ".chart"

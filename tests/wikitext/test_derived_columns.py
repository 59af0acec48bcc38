"""The derived columns are one registry (bot.wikitext.derived): every key the settings accept has an entry, and
every entry is whole — a header, a cell for a series with data, the source field a cell comes from — and is
left out of summaries. A column added to the settings but not to the registry (or the other way) fails here."""

from __future__ import annotations

from typing import get_args

import pytest

from bot.source.loading import load_priorities
from bot.source.model import Metric, PriorityFile
from bot.source.settings import Derived, load_config
from bot.wikitext.derived import BY_LABEL, DERIVED, DerivedColumn
from bot.wikitext.escape import Wikitext
from bot.wikitext.formatting import EMPTY
from bot.wikitext.rows import row_mark
from bot.wikitext.summaries import describe_region
from tests.support.seed import SEED_CONFIG

YEAR = "2019-20"


@pytest.fixture(scope="module")
def priority() -> PriorityFile:
    return load_priorities(load_config(SEED_CONFIG).source_paths)["thriving-movement"]


def _metric(priority: PriorityFile, metric_id: str) -> Metric:
    metric = priority.metric(metric_id)
    assert metric is not None
    return metric


def test_every_key_the_settings_accept_has_one_entry() -> None:
    assert list(DERIVED) == list(get_args(Derived))
    assert all(key == column.key for key, column in DERIVED.items())
    assert len(BY_LABEL) == len(DERIVED)  # each header names one column


@pytest.mark.parametrize("column", DERIVED.values(), ids=lambda c: c.key)
def test_each_entry_computes_a_cell_and_names_its_source(column: DerivedColumn, priority: PriorityFile) -> None:
    """On the seed's KPI (whose Q1 reports both changes) and its metric with a goal: a cell, and a field."""
    series = _metric(priority, "ca-inquiries" if column.names_quarter else "monthly-active-editors")
    quarter = series.latest(YEAR)
    assert quarter is not None
    shown = column.cell(series, YEAR, quarter, lambda _, figure: Wikitext(f"<{figure.number}>"))
    assert shown != EMPTY and shown.strip()
    found = column.origin(("kpis", 1), series, YEAR)
    assert found is not None and found[0][:2] == ("kpis", 1)


def _kpi_region(value: str, derived: str, label: str) -> str:
    return "\n".join(
        [
            '{| class="wikitable"',
            f'! KPI !! title="Q1 FY2019-20" | Q1 !! title="{label}" | {label}',
            row_mark("kpi", "ca-inquiries"),
            f"| CA inquiries || {value} || {derived}",
            "|}",
        ]
    )


@pytest.mark.parametrize("column", DERIVED.values(), ids=lambda c: c.key)
def test_a_derived_cell_that_changes_is_not_named_in_a_summary(column: DerivedColumn) -> None:
    before = _kpi_region("90.6%", "+8.9%", column.label)
    after = _kpi_region("91.6%", "+10.1%", column.label)
    assert describe_region("kpis", before, after) == ["CA inquiries Q1 FY2019-20: 90.6% → 91.6%"]

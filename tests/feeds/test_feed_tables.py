"""A feed's table and the quarters a series makes of it (bot.source.feeds), on the analysts' real files in
../shared/feeds/ and on small files of our own for what no real file shows (CSV, reordered columns, other
number formatting, faults)."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

import pytest

from bot.source.feeds import FeedError, FeedSeries, FeedTable, feed_quarters, months_of, parse_feed, quarter_of
from bot.source.periods import Quarter
from tests.support.feeds import VERSIONS

ACTIVE = FeedSeries(feed="movement-metrics", column="active_editors")
RETENTION = FeedSeries(feed="movement-metrics", column="new_editor_retention", scale=100, kind="percent")
Q = Quarter.parse


def _real(day: str) -> FeedTable:
    return parse_feed(VERSIONS[day].read_text(encoding="utf-8"), VERSIONS[day].name, "tsv", "month")


def test_the_mean_of_a_quarters_months_reproduces_the_decks_figures() -> None:
    """86,037 is the deck's 86K/mo baseline, 82,702 its 83K/mo Q1; 0.0657 and 0.0530 its 6.6% and (printed
    5.4%) retention; Q2 and Q3 as the later files give them."""
    quarters = feed_quarters(_real("2020-04-16"), ACTIVE, 7).values
    assert round(quarters[Q("2018-19 Q4")]) == 86037
    assert round(quarters[Q("2019-20 Q1")]) == 82702
    assert round(quarters[Q("2019-20 Q2")]) == 85392
    assert round(quarters[Q("2019-20 Q3")]) == 89635
    retention = feed_quarters(_real("2020-04-16"), RETENTION, 7).values
    assert round(retention[Q("2018-19 Q4")], 2) == Decimal("6.57")
    assert round(retention[Q("2019-20 Q1")], 2) == Decimal("5.30")
    assert round(retention[Q("2019-20 Q2")], 2) == Decimal("6.98")


def test_a_quarter_is_there_only_once_all_its_months_are() -> None:
    """The 2020-02-27 file ends with January 2020: Q3 FY2019-20 (January–March) is not there yet."""
    values = feed_quarters(_real("2020-02-27"), ACTIVE, 7).values
    assert max(values) == Q("2019-20 Q2")
    assert max(feed_quarters(_real("2019-10-11"), ACTIVE, 7).values) == Q("2019-20 Q1")


def test_the_real_files_old_faults_stay_with_their_quarters() -> None:
    """June 2005 is given twice with different retention: that quarter is faulty, none of the recent ones."""
    found = feed_quarters(_real("2020-04-16"), RETENTION, 7)
    assert "2005-06-01 is given twice" in found.faults[Q("2004-05 Q4")]
    assert "metrics-2020-04-16.tsv:55 and 56" in found.faults[Q("2004-05 Q4")]
    assert not [q for q in found.faults if q.year >= "2018-19"]


@pytest.mark.parametrize("first_month", [1, 4, 7, 10])
def test_each_month_is_in_one_quarter_of_its_fiscal_year(first_month: int) -> None:
    for month in range(1, 13):
        day = date(2020, month, 1)
        quarter = quarter_of(day, first_month)
        assert day in months_of(quarter, first_month)
    assert quarter_of(date(2019, 7, 1), 7) == Q("2019-20 Q1") and quarter_of(date(2020, 6, 1), 7) == Q("2019-20 Q4")


def _table(text: str, format: str = "tsv") -> FeedTable:
    return parse_feed(text, "feed.tsv", format, "month")  # type: ignore[arg-type]


def test_columns_are_found_by_name_in_csv_with_other_number_formatting() -> None:
    text = "active_editors,month\n80000,2019-07-01\n8.1e4,2019-08-01\n82000.50,2019-09-01\n"
    values = feed_quarters(_table(text, "csv"), ACTIVE, 7).values
    assert values == {Q("2019-20 Q1"): (Decimal(80000) + Decimal(81000) + Decimal("82000.50")) / 3}


@pytest.mark.parametrize(
    ("how", "expected"), [("mean", Decimal(2)), ("sum", Decimal(6)), ("last", Decimal(3))], ids=str
)
def test_a_quarter_is_made_as_the_series_says(how: str, expected: Decimal) -> None:
    text = "month\tactive_editors\n2019-07-01\t1\n2019-08-01\t2\n2019-09-01\t3\n"
    series = ACTIVE.model_copy(update={"quarter": how})
    assert feed_quarters(_table(text), series, 7).values == {Q("2019-20 Q1"): expected}


def test_a_month_repeated_with_the_same_value_is_no_fault() -> None:
    text = "month\tactive_editors\n2019-07-01\t1\n2019-07-01\t1.0\n2019-08-01\t2\n2019-09-01\t3\n"
    assert feed_quarters(_table(text), ACTIVE, 7).values == {Q("2019-20 Q1"): Decimal(2)}


@pytest.mark.parametrize(
    ("rows", "fault"),
    [
        (
            "2019-07-01\t1\n2019-08-01\tn/a\n2019-09-01\t3\n",
            "feed.tsv:3: column 'active_editors': 'n/a' is not a number",
        ),
        ("2019-07-01\t1\n2019-07-01\t5\n2019-08-01\t2\n2019-09-01\t3\n", "feed.tsv:2 and 3: 2019-07-01 is given twice"),
        (
            "2019-07-01\t1\n2019-09-01\t3\n2019-10-01\t3\n",
            "has no value for 2019-08-01, a month before the feed's last",
        ),
    ],
    ids=["not a number", "given twice", "missing month"],
)
def test_a_fault_is_named_with_the_file_line_and_column_and_keeps_its_quarter_out(rows: str, fault: str) -> None:
    found = feed_quarters(_table("month\tactive_editors\n" + rows), ACTIVE, 7)
    assert Q("2019-20 Q1") not in found.values
    assert fault in found.faults[Q("2019-20 Q1")]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("<!DOCTYPE html><html><body>Not Found</body></html>", "feed.tsv: the answer is HTML, not a TSV table"),
        ('{"message": "Not Found"}', "feed.tsv: the answer is JSON, not a TSV table"),
        ("period\tactive_editors\n2019-07-01\t1\n", "feed.tsv:1: no column 'month' (the header row has period"),
    ],
    ids=["HTML", "JSON", "no period column"],
)
def test_an_answer_that_is_no_table_is_refused_as_a_whole(text: str, message: str) -> None:
    with pytest.raises(FeedError, match=message.replace("(", r"\(")):
        _table(text)


def test_a_missing_value_column_is_named() -> None:
    table = _table("month\tother\n2019-07-01\t1\n")
    with pytest.raises(FeedError, match=re.escape("feed.tsv:1: no column 'active_editors'")):
        feed_quarters(table, ACTIVE, 7)

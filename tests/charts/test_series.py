"""Which series are drawn, their rows, and the goal line: the value that meets the year's goal."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from bot.charts.goals import goal_level
from bot.charts.names import name_problems, names_for
from bot.charts.numbers import json_number
from bot.charts.pages import data_pages, drawable_series
from bot.charts.problems import DataPageError
from bot.charts.series_rows import drawing_problem, rows_of
from bot.charts.texts import one_line, sources_text
from bot.source.model import Metric, PriorityFile
from bot.source.periods import Quarter

Q1 = Quarter("2019-20", 1)


def metric(**fields: Any) -> Metric:
    return Metric.model_validate({"id": "m", "name": "A metric", **fields})


def priority(*metrics: Metric) -> PriorityFile:
    deliverable = {"id": "d", "name": "D"}
    return PriorityFile.model_validate(
        {
            "priority": {"id": "p", "name": "P"},
            "fiscal_years": ["2019-20", "2020-21"],
            "outcomes": [{"id": "o", "text": "O", "deliverables": [deliverable]}],
            "metrics": [m.model_dump(exclude_defaults=True, mode="json") for m in metrics],
        }
    )


def test_a_goal_of_the_series_kind_is_drawn_as_written() -> None:
    series = metric(goals={"2019-20": {"percent": 50}}, quarters={"2019-20 Q1": {"percent": 42.5}})
    assert goal_level(series, Q1, "percent") == (Decimal("50"), None)


def test_a_goal_of_growth_grows_the_value_of_a_year_earlier_held_by_the_series() -> None:
    series = metric(
        baseline={"value": {"count": 86000}, "period": "2018-19 Q1"},
        goals={"2019-20": {"change": 5, "unit": "YoY"}},
        quarters={"2019-20 Q1": {"count": 88000}},
    )
    assert rows_of(series)[-1].goal == Decimal("90300")


def test_a_goal_of_growth_works_back_from_the_reported_change() -> None:
    """The deck: 83K/mo at 5.1% YoY, goal 5% YoY: a year earlier 78,972, the goal 82,921 (rounded)."""
    series = metric(
        goals={"2019-20": {"change": 5, "unit": "YoY"}},
        quarters={"2019-20 Q1": {"value": {"count": 83000}, "yoy": {"change": 5.1, "unit": "YoY"}}},
    )
    (row,) = rows_of(series)
    assert row.goal is not None and json_number(row.goal, row.goal_places) == 82921


def test_a_goal_in_points_adds_to_a_percent_of_a_year_earlier() -> None:
    series = metric(
        goals={"2020-21": {"points": 2}},
        quarters={"2019-20 Q1": {"percent": 40}, "2020-21 Q1": {"percent": 41}},
    )
    assert [row.goal for row in rows_of(series)] == [None, Decimal("42")]


def test_a_goal_in_words_or_without_a_year_earlier_leaves_the_goal_empty() -> None:
    words = metric(goals={"2019-20": "Determine baseline"}, quarters={"2019-20 Q1": 5})
    growth = metric(goals={"2019-20": {"change": 5}}, quarters={"2019-20 Q1": 5})
    assert rows_of(words)[0].goal is None and rows_of(growth)[0].goal is None


def test_rows_skip_quarters_in_words_and_start_with_the_baseline_quarter() -> None:
    series = metric(
        baseline={"value": 10, "period": "2018-19 Q4"},
        quarters={"2019-20 Q1": "In progress", "2019-20 Q2": 12},
    )
    assert [(str(r.period), int(r.value)) for r in rows_of(series)] == [("2018-19 Q4", 10), ("2019-20 Q2", 12)]


@pytest.mark.parametrize(
    ("fields", "why"),
    [
        ({"baseline": "Collecting baseline", "quarters": {"2019-20 Q1": "In progress"}}, "no quarter has a number"),
        ({"baseline": 5}, "no quarter has a number"),
        ({"quarters": {"2019-20 Q1": 5, "2019-20 Q2": {"percent": 5}}}, "mix count and percent"),
    ],
)
def test_series_that_cannot_be_drawn_say_why(fields: dict[str, Any], why: str) -> None:
    assert why in (drawing_problem(metric(**fields)) or "")


def test_naming_a_series_that_cannot_be_drawn_or_does_not_exist_is_an_error() -> None:
    words = metric(id="words", quarters={"2019-20 Q1": "In progress"})
    plan = priority(metric(quarters={"2019-20 Q1": 5}), words)
    assert [m.id for m in drawable_series(plan)] == ["m"]
    assert [m.id for m in drawable_series(plan, only=["m"])] == ["m"]
    with pytest.raises(DataPageError) as error:
        drawable_series(plan, only=["words", "nothing"])
    assert "nothing: no metric or KPI of p has this id" in error.value.problems
    assert any(problem.startswith("words: cannot be drawn") for problem in error.value.problems)


def test_a_name_too_long_for_a_title_is_refused_before_anything_is_saved() -> None:
    plan = priority(metric(quarters={"2019-20 Q1": 5}))
    with pytest.raises(DataPageError, match="bytes long"):
        data_pages(plan, "abc1234", prefix="x" * 300)


@pytest.mark.parametrize(
    "name",
    ["a/b.tab", "Thing [1].tab", "Thing|x.tab", "A  b.tab", "A_b.tab", " A.tab", "A/../b.tab", "A.json", ".tab"],
)
def test_titles_mediawiki_would_change_or_refuse_are_problems(name: str) -> None:
    assert name_problems(name)


def test_the_names_of_a_series() -> None:
    names = names_for("thriving-movement", "monthly-active-editors", "MTP")
    assert names.tab_title == "Data:MTP/thriving-movement/monthly-active-editors.tab"
    assert names.chart == "MTP/thriving-movement/monthly-active-editors.chart"
    assert not name_problems(names.tab) and not name_problems(names.chart)


def test_texts_fit_on_one_line_and_name_the_data_commit() -> None:
    assert one_line(" a\n b\tc ") == "a b c"
    assert one_line("x" * 500) == "x" * 399 + "…"
    assert "(data commit abc1234+)" in sources_text("abc1234+")
    assert "(data commit unknown)" in sources_text("")
    with pytest.raises(ValueError):
        sources_text("[[evil]]")


def test_numbers_are_json_numbers() -> None:
    assert json_number(Decimal("83000")) == 83000 and isinstance(json_number(Decimal("83000.0")), int)
    assert json_number(Decimal("6.93")) == 6.93
    assert json_number(Decimal("5.4624"), 2) == 5.46 and json_number(Decimal("82921.03"), 0) == 82921

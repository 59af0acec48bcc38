"""The validator against the rules of JsonConfig (tabular data) and Extension:Chart (JCChartContent), case by
case. The chart cases take the shapes of Chart's own test samples (tests/phpunit/chart-integration,
tests/jest/…/fixtures of wikimedia/mediawiki-extensions-Chart): a legacy chart with a plain-string title,
multilingual titles, a subtitle, `mediawikiCategories`, a transform, an axis format.
"""

from __future__ import annotations

from typing import Any

import pytest

from bot.charts.chart_rules import chart_problems
from bot.charts.jsonconfig_rules import is_header, is_line, tabular_problems

TABLE: dict[str, Any] = {
    "license": "CC0-1.0",
    "description": {"en": "Example data", "de": "Beispieldaten"},
    "sources": "Example\nwith [[wikitext]] over several lines",  # any string
    "schema": {
        "fields": [
            {"name": "date", "type": "string", "title": {"en": "Date"}},
            {"name": "elves", "type": "number"},
            {"name": "flag", "type": "boolean"},
            {"name": "label", "type": "localized"},
        ]
    },
    "data": [["1993/09/09", 35, True, {"en": "a"}], [None, 3.5, None, None]],
}


def test_a_valid_table_has_no_problem() -> None:
    assert tabular_problems(TABLE) == []


@pytest.mark.parametrize(
    ("change", "path"),
    [
        ({"license": None}, "license"),
        ({"license": "MIT"}, "license"),
        ({"description": {}}, "description"),
        ({"description": {"EN": "x"}}, "description"),
        ({"description": "plain"}, "description"),
        ({"sources": 5}, "sources"),
        ({"mediawikiCategories": []}, "/"),
        ({"schema": {"fields": [{"name": "1st", "type": "string"}]}, "data": []}, "schema/fields[0]/name"),
        ({"schema": {"fields": [{"name": "a b", "type": "string"}]}, "data": []}, "schema/fields[0]/name"),
        ({"schema": {"fields": [{"name": "a", "type": "date"}]}, "data": []}, "schema/fields[0]/type"),
        ({"schema": {"fields": [{"name": "a", "type": "string", "width": 3}]}, "data": []}, "schema/fields[0]"),
        ({"schema": {"fields": [{"name": "a", "type": "string"}] * 2}, "data": []}, "schema/fields[1]/name"),
        ({"schema": {"fields": [], "extra": 1}, "data": []}, "schema"),
        ({"data": [["x", 1, True]]}, "data[0]"),
        ({"data": [["x", "1", True, None]]}, "data[0][1]"),
        ({"data": [["x", 1, 1, None]]}, "data[0][2]"),
        ({"data": [["x", True, None, None]]}, "data[0][1]"),
        ({"data": [["x" * 401, 1, None, None]]}, "data[0][0]"),
        ({"data": [[" x", 1, None, None]]}, "data[0][0]"),
        ({"data": [["a\tb", 1, None, None]]}, "data[0][0]"),
        ({"data": [["x", 1, None, {"en": "two\nlines"}]]}, "data[0][3]"),
        ({"data": {"0": []}}, "data"),
    ],
)
def test_each_rule_of_tabular_data(change: dict[str, Any], path: str) -> None:
    problems = tabular_problems({**TABLE, **change})
    assert problems and all(p.startswith(f"{path}:") or p.startswith(f"{path}/") for p in problems), problems


def test_required_parts_of_a_table() -> None:
    for key in ("license", "schema", "data"):
        assert tabular_problems({k: v for k, v in TABLE.items() if k != key})
    assert tabular_problems([1, 2]) == ["/: JSON data should be an object, surrounded by the {...} braces"]


def test_string_lines_as_php_reads_them() -> None:
    assert is_line("x" * 400) and not is_line("x" * 401)
    assert is_line("é" * 400)  # characters, not bytes
    assert not is_line("x\r") and not is_line("a\nb") and not is_line("\x0bx")
    assert is_line("\u00a0x\u00a0")  # PHP's \s without the u flag is ASCII whitespace only


def test_field_names_of_any_script() -> None:
    assert is_header("_x1") and is_header("Elben") and is_header("données") and is_header("数据2")
    assert not is_header("2x") and not is_header("a-b") and not is_header("")


LEGACY = {
    "license": "CC0-1.0",
    "version": 1,
    "type": "bar",
    "title": "Legacy chart",
    "xAxis": {"title": {"en": "Day"}},
    "yAxis": {"title": {"en": "Temperature (C)"}},
    "source": "Chart input.tab",
}
FULL = {
    "license": "CC0-1.0",
    "mediawikiCategories": [{"name": "Example charts", "sort": "Line"}],
    "version": 1,
    "type": "line",
    "title": {"de": "Beispiel", "en": "Example", "uk": "Приклад"},
    "subtitle": {"en": "Example subtitle"},
    "xAxis": {"title": {"en": "Date"}, "type": "date", "format": "auto"},
    "yAxis": {"title": {"en": "%support", "fr": "%soutien"}, "format": "none"},
    "legend": "Parties",
    "source": "Data:Chart Example Data.tab",
    "transform": {"module": "Foo", "function": "bar", "args": {"qux": "quux"}},
}


@pytest.mark.parametrize("chart", [LEGACY, FULL], ids=["legacy", "full"])
def test_charts_in_the_shapes_of_charts_samples_are_valid(chart: dict[str, Any]) -> None:
    assert chart_problems(chart) == []


@pytest.mark.parametrize(
    ("change", "path"),
    [
        ({"version": 2}, "version"),
        ({"version": "1"}, "version"),
        ({"version": True}, "version"),
        ({"type": "scatter"}, "type"),
        ({"source": None}, "source"),
        ({"source": "Chart input.csv"}, "source"),
        ({"source": 5}, "source"),
        ({"title": {}}, "title"),
        ({"title": " padded"}, "title"),
        ({"subtitle": "plain"}, "subtitle"),
        ({"xAxis": {"format": "log"}}, "xAxis/format"),
        ({"yAxis": {"title": {"En": "x"}}}, "yAxis/title"),
        ({"yAxis": "Percent"}, "yAxis"),
        ({"legend": ["a"]}, "legend"),
        ({"transform": {"module": "Foo"}}, "transform/function"),
        ({"transform": {"module": "Foo", "function": "bar", "args": {"baz": 5}}}, "transform/args/baz"),
        ({"license": "CC-BY-SA-5.0"}, "license"),
    ],
)
def test_each_rule_of_charts(change: dict[str, Any], path: str) -> None:
    problems = chart_problems({**FULL, **change})
    assert problems and all(p.startswith(f"{path}:") for p in problems), problems


def test_a_chart_needs_version_type_and_source() -> None:
    for key in ("license", "version", "type", "source"):
        assert chart_problems({k: v for k, v in LEGACY.items() if k != key})

"""Property tests of the data pages and their validator.

- Whatever a drawable series holds (names of any text and length, counts, percents, goals of every kind,
  quarters over several years), its pages render and pass the validator, rows complete and in order.
- Any one breaking change to a valid table is found by the validator.
- Differential, on the real data wiki: for tables near the edges of JsonConfig's rules, the validator
  accepts exactly what the wiki (JsonConfig REL1_39 or REL1_43, by the installed MediaWiki) accepts.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.charts.jsonconfig_rules import tabular_problems
from bot.charts.pages import data_pages
from bot.source.model import Metric, PriorityFile
from devwiki import DevWiki, HumanClient
from devwiki.client import ApiError

YEARS = ("2018-19", "2019-20", "2020-21")
QUARTERS = [f"{year} Q{n}" for year in YEARS for n in range(1, 5)]

names = st.text(st.characters(exclude_categories=["Cs"]), min_size=1, max_size=600).filter(lambda s: s.strip())


@st.composite
def drawable_metrics(draw: st.DrawFn) -> dict[str, Any]:
    kind = draw(st.sampled_from(["count", "percent", "usd"]))
    number = (
        st.integers(0, 10**12)
        if kind != "percent"
        else st.decimals(0, 100, places=2).map(lambda d: int(d) if d == int(d) else float(d))
    )
    quarters = draw(st.dictionaries(st.sampled_from(QUARTERS), number.map(lambda n: {kind: n}), min_size=1))
    goal_kinds = [{kind: draw(number)}, {"change": draw(st.integers(-50, 50))}, "Determine baseline"]
    if kind == "percent":
        goal_kinds.append({"points": draw(st.integers(-5, 5))})
    goals = draw(st.dictionaries(st.sampled_from(YEARS), st.sampled_from(goal_kinds)))
    baseline = {"value": {kind: draw(number)}, "period": draw(st.sampled_from([None, *QUARTERS]))}
    return {"id": "m", "name": draw(names), "baseline": baseline, "goals": goals, "quarters": quarters}


@given(drawable_metrics(), names)
@settings(max_examples=150, deadline=None)
def test_every_drawable_series_renders_valid_pages(fields: dict[str, Any], priority_name: str) -> None:
    metric = Metric.model_validate(fields)
    plan = PriorityFile.model_validate(
        {
            "priority": {"id": "p", "name": priority_name},
            "fiscal_years": list(YEARS),
            "outcomes": [{"id": "o", "text": "O", "deliverables": [{"id": "d", "name": "D"}]}],
            "metrics": [metric.model_dump(exclude_defaults=True, mode="json")],
        }
    )
    table, chart = data_pages(plan, "abc1234")  # raises DataPageError on any problem
    rows = table.content["data"]
    assert [row[0] for row in rows] == sorted({row[0] for row in rows})
    columns = len(table.content["schema"]["fields"])  # 3, or 2 when the series never has a goal
    assert columns == 3 or all(len(row) == 2 for row in rows)
    assert all(len(row) == columns and isinstance(row[1], int | float) for row in rows)
    assert columns == 2 or any(row[2] is not None for row in rows)
    assert json.loads(table.text) == table.content and json.loads(chart.text) == chart.content


cells = {
    "string": st.text(max_size=20).map(lambda s: s.strip()).filter(lambda s: not set(s) & set("\t\n\r")),
    "number": st.integers(-(10**6), 10**6) | st.floats(allow_nan=False, allow_infinity=False),
    "boolean": st.booleans(),
}


@st.composite
def valid_tables(draw: st.DrawFn) -> dict[str, Any]:
    types = draw(st.lists(st.sampled_from(sorted(cells)), min_size=1, max_size=4))
    fields = [{"name": f"f{index}", "type": kind} for index, kind in enumerate(types)]
    row = st.tuples(*(cells[kind] | st.none() for kind in types)).map(list)
    return {"license": "CC0-1.0", "schema": {"fields": fields}, "data": draw(st.lists(row, max_size=5))}


BREAKS = {
    "longer row": lambda t: t["data"].append([None] * (len(t["schema"]["fields"]) + 1)),
    "shorter row": lambda t: t["data"].append([None] * (len(t["schema"]["fields"]) - 1)),
    "bad field type": lambda t: t["schema"]["fields"][0].update(type="integer"),
    "field name with a digit first": lambda t: t["schema"]["fields"][0].update(name="1st"),
    "duplicate field": lambda t: t["schema"]["fields"].append(dict(t["schema"]["fields"][0])),
    "no license": lambda t: t.pop("license"),
    "unknown key": lambda t: t.update(notes="x"),
    "cell of another type": lambda t: t["data"].append(
        [[] for _ in t["schema"]["fields"]]  # a list is no cell of any type
    ),
    "tab in a string": lambda t: t["data"].append(
        ["a\tb" if f["type"] == "string" else [] for f in t["schema"]["fields"]]
    ),
}


@given(valid_tables(), st.sampled_from(sorted(BREAKS)))
@settings(max_examples=200, deadline=None)
def test_any_breaking_change_to_a_valid_table_is_found(table: dict[str, Any], breaking: str) -> None:
    assert tabular_problems(table) == []
    BREAKS[breaking](table)
    assert tabular_problems(table), breaking


edge_strings = st.sampled_from(
    ["ok", " lead", "trail ", "\u00a0nbsp\u00a0", "a\tb", "a\nb", "\x0bvt", "é" * 400, "é" * 401, "x" * 400, ""]
)
edge_cells = edge_strings | st.integers(-5, 5) | st.sampled_from([1.5, True, None, "5", {"en": "x"}, {}])
edge_names = st.sampled_from(["a", "_x", "données", "数据", "2x", "a-b", "", "Ab_9"])


@st.composite
def edge_tables(draw: st.DrawFn) -> dict[str, Any]:
    types = draw(st.lists(st.sampled_from(["string", "number", "boolean", "localized", "int"]), min_size=1, max_size=3))
    fields: list[dict[str, Any]] = [{"name": draw(edge_names), "type": kind} for kind in types]
    if draw(st.booleans()):
        fields[0]["title"] = {draw(st.sampled_from(["en", "EN", "de-at"])): draw(edge_strings)}
    rows = draw(st.lists(st.lists(edge_cells, min_size=len(types) - 1, max_size=len(types) + 1), max_size=3))
    table: dict[str, Any] = {"license": draw(st.sampled_from(["CC0-1.0", "CC-BY-4.0", "MIT"]))}
    if draw(st.booleans()):
        table["description"] = {"en": draw(edge_strings)}
    return {**table, "schema": {"fields": fields}, "data": rows}


@pytest.fixture(scope="module")
def data_editor(datawiki: DevWiki) -> HumanClient:
    return HumanClient.logged_in(datawiki.api_url, datawiki.human)


@pytest.mark.wiki
@given(table=edge_tables())
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_the_validator_accepts_what_the_wiki_accepts(data_editor: HumanClient, table: dict[str, Any]) -> None:
    problems = tabular_problems(table)
    try:
        data_editor.edit("Data:Differential.tab", json.dumps(table), "differential test")
        saved = True
    except ApiError as refusal:
        saved, reason = False, refusal.info
    assert saved == (problems == []), f"validator: {problems}; wiki: {'saved' if saved else reason}"

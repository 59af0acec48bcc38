"""The JSON Schemas editors use are generated from the model and accept exactly what ships."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from bot.source.schema import SCHEMAS, json_schema, render_schema

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("path", SCHEMAS)
def test_checked_in_schema_matches_the_model(path: str) -> None:
    assert (ROOT / path).read_text(encoding="utf-8") == render_schema(SCHEMAS[path]), (
        f"{path} is out of date: run `python -m bot.source.schema` and commit the result"
    )


def metrics() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load((ROOT / "config/metrics/thriving-movement.yaml").read_text())
    return data


def check(document: Any, path: str = "config/metrics.schema.json") -> None:
    jsonschema.validate(document, json_schema(SCHEMAS[path]))


def test_the_shipped_files_satisfy_their_schemas() -> None:
    check(metrics())
    check(yaml.safe_load((ROOT / "config/mtpbot.yaml").read_text()), "config/mtpbot.schema.json")


def test_the_files_name_their_schema_for_editors() -> None:
    assert (
        (ROOT / "config/metrics/thriving-movement.yaml")
        .read_text()
        .startswith("# yaml-language-server: $schema=../metrics.schema.json\n")
    )
    assert (ROOT / "config/mtpbot.yaml").read_text().startswith("# yaml-language-server: $schema=mtpbot.schema.json\n")


@pytest.mark.parametrize(
    "mutate",
    [
        lambda d: d["metrics"][0].update(colour="red"),
        lambda d: d["outcomes"][0]["deliverables"][0]["status"].update({"2019-20 Q1": "green"}),
        lambda d: d["metrics"][0].update(baseline={"count": "many"}),
        lambda d: d["grants"]["2019-20 Q1"]["programs"][0].update(grants=1.5),
        lambda d: d.pop("fiscal_years"),
        lambda d: d["metrics"][0]["quarters"].update({"Q2 2019-20": 1}),
    ],
    ids=[
        "unknown key",
        "unknown status",
        "text as a number",
        "fractional grant count",
        "no fiscal years",
        "bad quarter",
    ],
)
def test_the_schema_flags_what_an_editor_would_get_wrong(mutate: Any) -> None:
    document = copy.deepcopy(metrics())
    mutate(document)
    with pytest.raises(jsonschema.ValidationError):
        check(document)


def test_figures_may_be_text_numbers_mappings_or_lists() -> None:
    document = copy.deepcopy(metrics())
    document["metrics"][0]["baseline"] = "Collecting baseline"
    document["metrics"][1]["baseline"] = 0
    document["metrics"][2]["baseline"] = [{"percent": 5}, "text"]
    check(document)

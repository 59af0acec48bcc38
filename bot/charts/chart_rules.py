"""Extension:Chart's rules for a `.chart` page (JCChartContent::validateContent), checked here because the
local data wiki cannot run Chart (it needs MediaWiki >= 1.43 and a Node renderer).

On top of every data page's rules (license, description, sources): `version` an integer from 1 to 1;
`type` one of bar, rect, line, area, pie; `source` the name of a `.tab` page (Chart also checks that it
exists and is valid tabular data: the bot saves the table before its chart); optional `title` and `legend`
a string line or a localized string; optional `subtitle` a localized string; optional `xAxis` and `yAxis`
objects whose `title` is a string line or a localized string and whose `format` is auto or none; an
optional `transform` with string lines `module` and `function` and an `args` object of strings. Chart
accepts other keys (its samples carry `mediawikiCategories`, an axis `type`); so does this check.

Where Chart (on JsonConfig master) and JsonConfig REL1_39 differ, the stricter rule is kept: an empty
localized object (`"title": {}`) is refused here.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from bot.charts.jsonconfig_rules import (
    data_page_problems,
    is_line,
    line_problems,
    localized_problems,
)

CHART_VERSIONS = (1, 1)  # MIN_CHART_VERSION, MAX_CHART_VERSION
CHART_TYPES = ("bar", "rect", "line", "area", "pie")
FORMAT_TYPES = ("auto", "none")


def chart_problems(content: object) -> list[str]:
    """Everything Chart would refuse in a `.chart` page's JSON (decoded); [] when it would save."""
    if not isinstance(content, Mapping):
        return ["/: JSON data should be an object, surrounded by the {...} braces"]
    problems = data_page_problems(content)
    version = content.get("version")
    low, high = CHART_VERSIONS
    if not (isinstance(version, int) and not isinstance(version, bool) and low <= version <= high):
        problems.append(f"version: must be an integer from {low} to {high}")
    if content.get("type") not in CHART_TYPES:
        problems.append(f"type: must be one of {', '.join(CHART_TYPES)}")
    problems += source_problems(content.get("source"))
    for key in ("title", "legend"):
        if key in content:
            problems += switchable_problems(key, content[key])
    if "subtitle" in content:
        problems += localized_problems("subtitle", content["subtitle"])
    for axis in ("xAxis", "yAxis"):
        if axis in content:
            problems += _axis_problems(axis, content[axis])
    if "transform" in content:
        problems += _transform_problems(content["transform"])
    return problems


def source_problems(source: object) -> list[str]:
    """The chart's table: a `.tab` page of the Data: namespace, named with or without `Data:`."""
    if not isinstance(source, str):
        return ["source: must be the name of a .tab page"]
    name = source.removeprefix("Data:")
    if not is_line(source) or len(name) < 5 or not name.endswith(".tab"):
        return [f"source: {source!r} is not the name of a .tab page on one line"]
    return []


def switchable_problems(path: str, value: object) -> list[str]:
    """Chart's "switchable" string: a localized object, or (its older form) a string line."""
    if isinstance(value, Mapping):
        return localized_problems(path, value)
    return line_problems(path, value)


def _axis_problems(axis: str, value: object) -> list[str]:
    if not isinstance(value, Mapping):
        return [f"{axis}: must be an object"]
    problems = switchable_problems(f"{axis}/title", value["title"]) if "title" in value else []
    if "format" in value and value["format"] not in FORMAT_TYPES:
        problems.append(f"{axis}/format: must be one of {', '.join(FORMAT_TYPES)}")
    return problems


def _transform_problems(transform: object) -> list[str]:
    if not isinstance(transform, Mapping):
        return ["transform: must be an object"]
    problems = line_problems("transform/module", transform.get("module"))
    problems += line_problems("transform/function", transform.get("function"))
    args: Any = transform.get("args", {})
    if not isinstance(args, Mapping):
        return [*problems, "transform/args: must be an object"]
    problems += [f"transform/args/{key}: must be a string" for key, arg in args.items() if not isinstance(arg, str)]
    return problems

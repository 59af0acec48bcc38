"""The charts' settings against what they name, for `mtpbot validate`: each `charts:` id a series that can be
drawn, and a `data_site: prefix:` that makes titles the data wiki takes — each problem once, at its line of
the settings (bot.source.settings_checks gathers them with the others)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from bot.charts.names import MAX_TITLE_BYTES, name_problems, names_for
from bot.charts.pages import drawable_series
from bot.charts.series_rows import drawing_problem
from bot.source.model import PriorityFile
from bot.source.settings import Config
from bot.source.yaml_lines import Loc


def chart_setting_problems(config: Config, priorities: Mapping[str, PriorityFile]) -> Iterator[tuple[Loc, str]]:
    series = {metric.id: metric for p in priorities.values() for metric in (*p.metrics, *p.kpis)}
    for index, name in enumerate(config.settings.charts or ()):
        why = drawing_problem(series[name]) if name in series else None
        if why:
            yield ("charts", index), f"'{name}' cannot be drawn: {why}; leave it out of `charts:`"
    data = config.settings.data_site
    if data is not None:
        yield from (
            ((("data_site", "prefix")), problem) for problem in _prefix_problems(data.prefix, config, priorities)
        )


def _prefix_problems(prefix: str, config: Config, priorities: Mapping[str, PriorityFile]) -> list[str]:
    problems = []
    if prefix.casefold().startswith("data:"):
        problems.append("leave out `Data:`: the bot puts the data pages in the Data namespace itself")
    titles = [
        names_for(p.priority.id, series, prefix).chart for p in priorities.values() for series in _drawn(p, config)
    ]
    found = dict.fromkeys(problem for title in titles for problem in name_problems(title) if _LENGTH not in problem)
    problems += [f"the data pages' titles would be refused: {problem}" for problem in found]
    longest = max(titles, key=lambda title: len(title.encode("utf-8")), default="")
    if len(longest.encode("utf-8")) > MAX_TITLE_BYTES:
        size = len(longest.encode("utf-8"))
        problems.append(
            f"the longest data page title would be {size} bytes; MediaWiki allows {MAX_TITLE_BYTES}: shorten it"
        )
    return problems


_LENGTH = "bytes long"  # said once, of the longest title, rather than of each


def _drawn(priority: PriorityFile, config: Config) -> list[str]:
    """The ids of the series of `priority` the settings draw (those of `charts:` that can be drawn)."""
    charts = config.settings.charts
    return [m.id for m in drawable_series(priority) if charts is None or m.id in charts]

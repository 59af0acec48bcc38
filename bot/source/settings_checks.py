"""The settings against what they name, offline, so that `mtpbot validate` is the gate: every page a title
MediaWiki can hold (and no two the same page), a template file that exists, a priority some metrics file
defines and a fiscal year it reports; the run page a title too, and the status page a title with its
template. Each problem at its line of the settings.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping

from bot.errors import SourceError
from bot.source import titles
from bot.source.loading import read_text
from bot.source.model import PriorityFile
from bot.source.problems import Problem
from bot.source.settings import STATUS_PAGE_TEMPLATE, Config, PageSettings
from bot.source.yaml_lines import Loc, format_path, line_of, parse_yaml


def check_settings(
    config: Config, priorities: Mapping[str, PriorityFile], more: Iterable[tuple[Loc, str]] = ()
) -> None:
    """Raise SourceError with every problem of the settings against the metrics files and templates, and
    `more` of them found elsewhere (the charts' settings: bot.charts.settings_checks)."""
    found = [*_problems(config, priorities), *more]
    if found:
        _, root, _ = parse_yaml(read_text(config.path), str(config.path))
        problems = [Problem(str(config.path), line_of(root, loc), format_path(loc, root), m) for loc, m in found]
        raise SourceError(
            [str(p) for p in sorted(problems, key=lambda p: p.line)],
            hint=f"fix {config.path} and run `mtpbot validate` again; nothing was published",
        )


def _problems(config: Config, priorities: Mapping[str, PriorityFile]) -> Iterator[tuple[Loc, str]]:
    seen: dict[str, int] = {}
    for index, page in enumerate(config.settings.pages):
        loc: Loc = ("pages", index)
        yield from _title(page.title, (*loc, "title"))
        same = seen.setdefault(titles.normalise(page.title), index)
        if same != index:
            first = config.settings.pages[same].title
            yield (*loc, "title"), f"'{page.title}' is the same page as '{first}' (pages[{same}]); keep one entry"
        yield from _template(config, page, (*loc, "template"))
        yield from _priority(page, priorities, loc)
    if config.settings.run_page is not None:
        yield from _title(config.settings.run_page, ("run_page",))
    yield from _status_page(config)
    yield from _charts(config, priorities)
    yield from _feeds(config, priorities)


def _feeds(config: Config, priorities: Mapping[str, PriorityFile]) -> Iterator[tuple[Loc, str]]:
    """Each feed named once, and each feed a metric reads defined."""
    names = [feed.name for feed in config.settings.feeds]
    for index, name in enumerate(names):
        if name in names[:index]:
            yield ("feeds", index, "name"), f"the feed '{name}' is defined twice; keep one entry"
    for priority in priorities.values():
        for metric in (*priority.metrics, *priority.kpis):
            wanted = metric.from_feed.feed if metric.from_feed is not None else None
            if wanted is not None and wanted not in names:
                known = ", ".join(names) or "none"
                yield (
                    ("feeds",),
                    (
                        f"{priority.priority.id}'s metric '{metric.id}' reads the feed '{wanted}', which `feeds:` does "
                        f"not define (defined: {known}); add it here or fix `from_feed: feed:`"
                    ),
                )


def _charts(config: Config, priorities: Mapping[str, PriorityFile]) -> Iterator[tuple[Loc, str]]:
    """Each id of `charts:` a metric or KPI of some metrics file (which can be drawn: checked when rendered)."""
    known = {series.id for p in priorities.values() for series in (*p.metrics, *p.kpis)}
    for index, name in enumerate(config.settings.charts or ()):
        if name not in known:
            yield ("charts", index), f"no metric or KPI has the id '{name}'; name one of the metrics files' ids"


def _status_page(config: Config) -> Iterator[tuple[Loc, str]]:
    """The status page (on unless `status_page: false`): a title, and its template in the templates folder."""
    setting = config.settings.status_page
    if isinstance(setting, str):
        yield from _title(setting, ("status_page",))
        others = [page.title for page in config.settings.pages] + [config.settings.run_page or ""]
        if titles.normalise(setting) in {titles.normalise(other) for other in others}:
            yield ("status_page",), f"'{setting}' is also a managed page or the run page; give it a title of its own"
    folder = config.templates_dir
    if setting is not False and not (folder / STATUS_PAGE_TEMPLATE).is_file():
        message = f"no template {STATUS_PAGE_TEMPLATE} in {folder} for the status page; copy it from mtpbot's "
        yield ("status_page",), message + "templates/, or set `status_page: false`"


def _title(title: str, loc: Loc) -> Iterator[tuple[Loc, str]]:
    problem = titles.problem(title)
    if problem:
        yield loc, f"{problem}; write the title of the page as the wiki shows it"


def _template(config: Config, page: PageSettings, loc: Loc) -> Iterator[tuple[Loc, str]]:
    folder = config.templates_dir
    if not (folder / page.template).is_file():
        known = ", ".join(sorted(p.name for p in folder.glob("*.wiki.j2"))) or "none"
        yield loc, f"no template {page.template} in {folder} (there: {known})"


def _priority(page: PageSettings, priorities: Mapping[str, PriorityFile], loc: Loc) -> Iterator[tuple[Loc, str]]:
    if page.priority is None:
        return
    priority = priorities.get(page.priority)
    if priority is None:
        known = ", ".join(priorities) or "none"
        yield (*loc, "priority"), f"no metrics file defines the priority '{page.priority}' (defined: {known})"
    elif page.year is not None and page.year not in priority.fiscal_years:
        years = ", ".join(priority.fiscal_years)
        yield (*loc, "year"), f"{page.priority} does not report fiscal year {page.year} (it reports {years})"

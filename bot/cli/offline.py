"""The offline commands: `validate` and `render` read the source of truth and never reach a wiki."""

from __future__ import annotations

import json

from bot.cli import loading, options
from bot.cli.invocation import Invocation, command
from bot.errors import ExitStatus


@command
@options.feeds
def validate(run: Invocation, feeds: dict[str, str]) -> ExitStatus:
    """Check the settings and every metrics file, offline; list ALL problems as file:line: field: message.

    A data feed is read from the copy kept by the last sync or check (or from --feed); where it disagrees with
    a metrics file, a warning says so. Exit 0 when valid, 2 otherwise.
    """
    sources = loading.load_sources(run, loading.FeedRequest(overrides=feeds))
    config, priorities = sources.config, sources.priorities
    loading.report_feeds(run, sources)
    for priority in priorities.values():
        latest = max(priority.quarters_with_data(), default=None)
        counts = ", ".join(
            _count(n, what)
            for n, what in (
                (sum(1 for _ in priority.deliverables), "deliverable"),
                (len(priority.metrics), "metric"),
                (len(priority.kpis), "KPI"),
            )
        )
        until = f", data until {latest.label}" if latest else ", no data yet"
        run.console.info(f"ok: {priority.priority.name} (FY{', FY'.join(priority.fiscal_years)}{until}): {counts}")
    run.console.info(f"ok: {config.path} ({len(config.settings.pages)} pages)")
    return ExitStatus.OK


def _count(number: int, what: str) -> str:
    return f"{number} {what}{'' if number == 1 else 's'}"


@command
@options.pages
@options.feeds
@options.as_json('Print {"pages": [{"title", "text"}], "data_pages": [{"title", "model", "text"}]} on stdout.')
def render(run: Invocation, titles: tuple[str, ...], feeds: dict[str, str], as_json: bool) -> ExitStatus:
    """Print the wikitext of every managed page, offline, as it would be created, then the JSON of the
    charts' data pages (`data_site:`): each series' `.tab` and `.chart` page, as saved on the data wiki."""
    from bot.ops.provenance import find_data_revision

    sources, pages = loading.render_sources(run, titles, loading.FeedRequest(overrides=feeds))
    loading.report_feeds(run, sources)
    commit = find_data_revision(sources.config.source_paths).label  # the .tab pages name it, as sync's will
    label = loading.source_label(sources, commit)
    data = [series.page for series in loading.data_pages(sources, pages, label)]
    if as_json:
        document = {
            "pages": [{"title": p.title, "text": p.text} for p in pages],
            "data_pages": [{"title": p.title, "model": p.model, "text": p.text} for p in data],
        }
        run.console.out(json.dumps(document, ensure_ascii=False))
        return ExitStatus.OK
    shown = [(page.title, page.text) for page in pages] + [(f"{p.title} ({p.model})", p.text) for p in data]
    for title, text in shown:
        if len(shown) > 1:
            run.console.out(f"==> {title} <==", bold=True)  # as head(1) separates files
        run.console.out(text, nl=False)
    return ExitStatus.OK

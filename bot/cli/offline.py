"""The offline commands: `validate` and `render` read the source of truth and never reach a wiki."""

from __future__ import annotations

import json

from bot.cli import loading, options
from bot.cli.invocation import Invocation, command
from bot.errors import ExitStatus


@command
def validate(run: Invocation) -> ExitStatus:
    """Check the settings and every metrics file, offline; list ALL problems as file:line: field: message.

    Exit 0 when valid, 2 otherwise.
    """
    config, priorities = loading.load(run.config_path)
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
@options.as_json('Print {"pages": [{"title", "text"}]} on stdout.')
def render(run: Invocation, titles: tuple[str, ...], as_json: bool) -> ExitStatus:
    """Print the wikitext of every managed page, offline, as it would be created."""
    _, pages = loading.render(run.config_path, titles)
    if as_json:
        run.console.out(json.dumps({"pages": [{"title": p.title, "text": p.text} for p in pages]}, ensure_ascii=False))
        return ExitStatus.OK
    for page in pages:
        if len(pages) > 1:
            run.console.out(f"==> {page.title} <==", bold=True)  # as head(1) separates files
        run.console.out(page.text, nl=False)
    return ExitStatus.OK

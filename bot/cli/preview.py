"""`mtpbot preview`: every page rendered by the wiki's own parser into standalone HTML files."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import click

from bot.cli import loading, options
from bot.cli.invocation import Invocation, command
from bot.cli.site import check_site_url, site_settings, state_of
from bot.errors import ExitStatus


@command
@options.pages
@click.option(
    "--out",
    "out",
    required=True,
    type=click.Path(path_type=Path, file_okay=False),
    metavar="DIR",
    help="Folder for the HTML files (created if missing): one per page, and index.html.",
)
@options.site("the wiki whose parser renders the pages")
@options.feeds
def preview(
    run: Invocation,
    titles: tuple[str, ...],
    out: Path,
    site_url: str | None,
    allow_insecure: bool,
    feeds: dict[str, str],
) -> ExitStatus:
    """Render every page with the wiki's own parser into standalone HTML files; nothing is saved.

    Each page is sent as `sync` would create it to the wiki's action=parse (anonymously, no login),
    with the status template resolved inline, so the colours show even before the template is
    published. Each chart a page embeds is drawn where it sits, with Apache ECharts (`npm ci` installs it).
    Open DIR/index.html in a browser.
    """
    from bot.ops.provenance import find_data_revision
    from bot.preview import pages as previewing
    from bot.preview.charts import LIBRARY_SETTING, preview_charts

    check_site_url(site_url, allow_insecure)
    sources = loading.load_sources(run, loading.FeedRequest(online=True, overrides=feeds))
    config, priorities = sources.config, sources.priorities
    loading.report_feeds(run, sources)
    pages = previewing.render_for_preview(config, priorities, titles)  # bad input stops here, before any request
    commit = find_data_revision(config.source_paths).label  # the .tab pages name it, as sync's will
    library = run.env.environ.get(LIBRARY_SETTING)  # another ECharts build; else the one npm installed
    charts = preview_charts(config, priorities, pages, commit=commit, library_setting=library)
    if charts.warning:
        run.console.err(f"warning: {charts.warning}", fg="yellow")
    # Nothing is saved, so no throttle; a person is waiting: one retry, then say the wiki is unreachable.
    site = site_settings(config.settings, site_url, state=state_of(config, run.env.environ))
    site = replace(site, put_throttle=0.0, max_retries=1, retry_wait=2)
    run.console.debug(f"connecting to {site.target} (anonymously)")
    wiki = run.env.connect(site, login=False)
    previews = previewing.preview_pages(pages, wiki, charts)
    for path in previewing.write_previews(previews, out, wiki.site_name, charts.assets()):
        run.console.info(str(path))
    return ExitStatus.OK

"""`mtpbot sync`: compare each page with the wiki and save the managed regions that changed."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from typing import TYPE_CHECKING

import click

from bot.cli import data_sync, loading, options
from bot.cli.console import Console
from bot.cli.invocation import Invocation, command
from bot.cli.report import print_blocked, print_edit, print_result, print_stopped
from bot.cli.signals import STOPS
from bot.cli.site import check_site_url, site_settings, state_of
from bot.errors import BlockedError, ExitStatus

if TYPE_CHECKING:
    from bot.cli.data_sync import DataRun
    from bot.mediawiki import SiteSettings
    from bot.ops.provenance import DataRevision
    from bot.source.settings import Config
    from bot.sync.edits import Edit
    from bot.sync.pages import RenderedPage
    from bot.sync.protocols import ConnectedWiki
    from bot.sync.run import SyncResult
    from bot.sync.status_page import StatusWriter


@command
@click.option("--dry-run", is_flag=True, help="Show the diff and summary of each edit; save nothing.")
@options.pages
@options.as_json("Print one JSON report on stdout.")
@options.site("any MediaWiki, e.g. http://127.0.0.1:8080/api.php")
@click.option("--data-site-url", metavar="URL", help="api.php of the data wiki of the charts (default: data_site:).")
@options.feeds
@click.option("--exit-code", is_flag=True, help="With --dry-run: exit 5 when any page would change.")
@click.option(
    "--force",
    is_flag=True,
    help="Overwrite hand edits inside the bot's tables and publish tables that lose many rows; with --page, also "
    "create anew a page that was deleted or moved.",
)
@click.option(
    "--pull",
    is_flag=True,
    help="First fast-forward the git clone holding the config to its upstream; refuse a dirty or diverged clone.",
)
def sync(
    run: Invocation,
    dry_run: bool,
    titles: tuple[str, ...],
    as_json: bool,
    site_url: str | None,
    data_site_url: str | None,
    allow_insecure: bool,
    feeds: dict[str, str],
    exit_code: bool,
    force: bool,
    pull: bool,
) -> ExitStatus:
    """Compare each page with the wiki and save the managed regions that changed.

    Credentials: MTPBOT_USERNAME (a BotPassword login such as MtpBot@mtpbot) and MTPBOT_PASSWORD, or
    pywikibot's own user-config.py in PYWIKIBOT_DIR.
    """
    from bot.sync.run import run_sync

    _before_reading(run, (site_url, data_site_url), allow_insecure, pull=pull)
    sources, pages, revision, label = _read(run, titles, feeds)  # bad input stops here, before any wiki request
    config = sources.config
    data = data_sync.prepare(run, sources, pages, (site_url, data_site_url), label, bool(titles))
    run.console.show_progress = not as_json and not run.console.quiet and run.env.stderr_is_terminal
    done: list[Edit] = []  # the pages handled so far, for the last line when the run is stopped
    try:
        with _lock(run, config, dry_run):
            site, wiki = _connect(run, config, site_url, dry_run)
            connected = data.connect(run, dry_run=dry_run, force=force) if data is not None else None
            data_urls = data_sync.page_urls(connected)
            reporter = _Reporter(run.console, pages, wiki, done, data_urls, show_edits=not as_json).start()
            result = run_sync(
                pages,
                wiki,
                config.settings,
                dry_run=dry_run,
                force=force,
                recreate=force and bool(titles),  # a deleted or moved page only when named: --force --page
                source=label,
                account=site.account,
                on_edit=reporter,
                status_page=_status_page(run, config, data),
                data=connected,  # synced before the pages that embed their charts
                on_data_edit=reporter.data,
            )
    except (*STOPS, BlockedError) as stop:  # a block, at the login or at a save: stop there too
        return _stopped(run, stop, done, as_json=as_json)
    data_site = (data.site.target, data_urls) if data is not None else None
    return _finished(run, result, wiki, revision, fail_on_pending=exit_code, as_json=as_json, data_site=data_site)


def _read(
    run: Invocation, titles: tuple[str, ...], feeds: dict[str, str]
) -> tuple[loading.Sources, list[RenderedPage], DataRevision, str]:
    """The sources with the feeds fetched, the pages, the data commit and the label summaries name (the commit
    and each feed's version)."""
    from bot.ops.provenance import find_data_revision

    sources, pages = loading.render_sources(run, titles, loading.FeedRequest(online=True, overrides=feeds))
    revision = find_data_revision(sources.config.source_paths)  # read with the files: a later update is not named
    return sources, pages, revision, loading.reported_label(run, sources, revision.label)


def _connect(
    run: Invocation, config: Config, site_url: str | None, dry_run: bool
) -> tuple[SiteSettings, ConnectedWiki]:
    """The wiki of the pages, logged in (reading is public: a dry run does not log in; metrics editors have no
    bot password)."""
    site = site_settings(config.settings, site_url, run.env.environ, state=state_of(config, run.env.environ))
    run.console.debug(f"connecting to {site.target}")
    wiki = run.env.connect(site, login=not dry_run)
    run.console.debug(f"logged in as {wiki.username}" if wiki.username else "reading anonymously")
    return site, wiki


def _finished(
    run: Invocation,
    result: SyncResult,
    wiki: ConnectedWiki,
    revision: DataRevision,
    *,
    fail_on_pending: bool,
    as_json: bool,
    data_site: tuple[str, Callable[[str], str]] | None = None,
) -> ExitStatus:
    """The report of a run that went to its end (a dry run says too that the account is blocked, if it knows)."""
    status = result.exit_status(fail_on_pending=fail_on_pending)
    print_result(
        run.console,
        result,
        wiki.page_url,
        status,
        as_json=as_json,
        revision=revision,
        blocked=wiki.block_notice,
        data_site=data_site,
    )
    return status


def _stopped(run: Invocation, stop: BaseException, done: list[Edit], *, as_json: bool) -> ExitStatus:
    """The last words of a run stopped by Ctrl-C, SIGTERM or a block: which pages were saved before it."""
    if isinstance(stop, BlockedError):
        return print_blocked(run.console, stop, edits=done, as_json=as_json)
    return print_stopped(run.console, stop, edits=done, as_json=as_json)


def _status_page(run: Invocation, config: Config, data: DataRun | None) -> StatusWriter:
    """What a real run needs to record its outcomes on the status page, after the pages: the templates, the
    run's date (UTC), and the data pages with how the wiki links to them (Commons: `c:`)."""
    from bot.sync.status_page import StatusWriter
    from bot.wikitext.render import Renderer

    if data is None:
        return StatusWriter(Renderer.for_config(config), run.env.today())
    return StatusWriter(Renderer.for_config(config), run.env.today(), data.listed, data.interwiki)


def _before_reading(run: Invocation, urls: tuple[str | None, str | None], allow_insecure: bool, *, pull: bool) -> None:
    """A wrong --site-url or --data-site-url refused, and with --pull the clone updated, before the settings
    are read."""
    check_site_url(urls[0], allow_insecure)
    check_site_url(urls[1], allow_insecure, "--data-site-url")
    if pull:
        _pull(run)


def _pull(run: Invocation) -> None:
    """--pull: the clone holding the settings, fast-forwarded to its upstream before anything is read."""
    from bot.ops.update import fast_forward, restart

    update = fast_forward(run.config_path.parent)
    run.console.info(update.describe() + ("; starting again on it" if update.moved else ""))
    if update.moved:
        restart()  # the new commit may bring new code too: run it whole, in a new process


def _lock(run: Invocation, config: Config, dry_run: bool) -> AbstractContextManager[None]:
    """One real run at a time per configuration; a dry run saves nothing and needs no lock."""
    from bot.ops.lock import default_lock_path, run_lock

    return nullcontext() if dry_run else run_lock(default_lock_path(config.path, state_of(config, run.env.environ)))


class _Reporter:
    """Prints each page's outcome as it comes, and moves the progress line on."""

    def __init__(
        self,
        console: Console,
        pages: list[RenderedPage],
        wiki: ConnectedWiki,
        done: list[Edit],
        data_urls: Callable[[str], str],
        *,
        show_edits: bool,
    ) -> None:
        self.console, self.pages, self.wiki, self.show_edits = console, pages, wiki, show_edits
        self.data_urls = data_urls
        self.done = done
        self.titles = {page.title for page in pages}

    def start(self) -> _Reporter:
        self.console.progress(0, len(self.pages), "reading the pages")
        return self

    def __call__(self, edit: Edit) -> None:
        self.done.append(edit)
        if self.show_edits:
            print_edit(self.console, edit, self.wiki.page_url(edit.title))
        handled = sum(1 for done in self.done if done.title in self.titles)
        if edit.title in self.titles and handled < len(self.pages):
            self.console.progress(handled, len(self.pages), self.pages[handled].title)

    def data(self, edit: Edit) -> None:
        """A data page's outcome: its line names the data wiki's address."""
        self.done.append(edit)
        if self.show_edits:
            print_edit(self.console, edit, self.data_urls(edit.title))

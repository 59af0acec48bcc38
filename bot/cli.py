"""The `mtpbot` command: parse options, call the core, turn MtpbotError into a message and an exit code.

Imports of the core happen inside the commands so that `mtpbot validate` loads neither Jinja2 nor
pywikibot, and `--help` loads nothing at all. Content (wikitext, diffs, JSON) goes to stdout; messages
go to stderr, and with --json stdout carries one JSON document and nothing else.
"""

from __future__ import annotations

import ipaddress
import json
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar
from urllib.parse import urlsplit

import click

from bot import __version__
from bot.errors import ConfigError, ExitCode, MtpbotError, NotAllowedError

if TYPE_CHECKING:
    from bot.config import Config
    from bot.plan import Edit, RenderedPage
    from bot.sync import SyncResult
    from bot.wiki import SiteSettings, Wiki

F = TypeVar("F", bound=Callable[..., Any])


def stderr_is_terminal() -> bool:
    return sys.stderr.isatty()


class State:
    def __init__(self, config_path: Path, verbose: int, quiet: bool) -> None:
        self.config_path = config_path
        self.verbose = verbose
        self.quiet = quiet
        self.show_progress = False  # set by commands that work page by page
        self._progress_shown = False

    def progress(self, done: int, total: int, title: str) -> None:
        """A one-line progress indicator on stderr, only for a person at a terminal."""
        if self.show_progress:
            click.echo(f"\r\033[K[{done}/{total}] {title}", nl=False, err=True)
            self._progress_shown = True

    def progress_clear(self) -> None:
        if self._progress_shown:
            click.echo("\r\033[K", nl=False, err=True)
            self._progress_shown = False

    def info(self, message: str) -> None:
        if not self.quiet:
            click.echo(message, err=True)

    def debug(self, message: str) -> None:
        if self.verbose and not self.quiet:
            click.echo(message, err=True)


def _fail(error: MtpbotError, as_json: bool = False) -> None:
    if as_json:  # a cron job reading --json gets a JSON answer even when the run could not start
        document = {"error": error.message, "hint": error.hint, "exit_code": int(error.exit_code), "pages": []}
        click.echo(json.dumps(document, ensure_ascii=False, indent=2))
    click.secho(f"error: {error.message}", fg="red", err=True)
    if error.hint:
        click.echo(f"hint: {error.hint}", err=True)
    sys.exit(int(error.exit_code))


def handle_errors(command: F) -> F:
    """Every MtpbotError becomes its message, its hint and its exit code; never a traceback."""

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except MtpbotError as exc:
            _fail(exc, as_json=bool(kwargs.get("as_json")))

    wrapper.__name__ = command.__name__
    wrapper.__doc__ = command.__doc__
    return wrapper  # type: ignore[return-value]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="mtpbot")
@click.option(
    "--config",
    "config_path",
    type=click.Path(path_type=Path, dir_okay=False),
    default=Path("config/mtpbot.yaml"),
    show_default=True,
    envvar="MTPBOT_CONFIG",
    help="Bot settings file; the metrics files it names are found relative to it.",
)
@click.option("-v", "--verbose", count=True, help="Say more about what is done (stderr).")
@click.option("-q", "--quiet", is_flag=True, help="Only errors on stderr.")
@click.pass_context
def main(ctx: click.Context, config_path: Path, verbose: int, quiet: bool) -> None:
    """mtpbot publishes the Medium-Term Plan metrics to Meta-Wiki.

    Edit the YAML source of truth, run `mtpbot validate`, preview the edit with
    `mtpbot sync --dry-run`, then publish with `mtpbot sync`.
    """
    ctx.obj = State(config_path, verbose, quiet)


def _load(state: State) -> tuple[Config, dict[str, Any]]:
    from bot.config import load_config
    from bot.source import load_reports

    config = load_config(state.config_path)
    reports = load_reports(config.source_paths)
    return config, reports


def _render(state: State, titles: tuple[str, ...]) -> tuple[Config, list[RenderedPage]]:
    from bot.plan import render_pages
    from bot.render import Renderer, StatusStyle

    config, reports = _load(state)
    status = config.settings.status
    renderer = Renderer(config.templates_dir, StatusStyle(status.template, status.style == "inline"))
    return config, render_pages(config, reports, renderer, titles)


@main.command()
@click.pass_obj
@handle_errors
def validate(state: State) -> None:
    """Check the settings and every metrics file, offline; list ALL problems as file:line: field: message.

    Exit 0 when valid, 2 otherwise.
    """
    config, reports = _load(state)
    for report in reports.values():
        counts = (
            f"{sum(1 for _ in report.deliverables)} deliverables, {len(report.metrics)} metrics, "
            f"{len(report.kpis)} KPIs"
        )
        state.info(f"ok: {report.priority.name} {report.period.label}: {counts}")
    state.info(f"ok: {config.path} ({len(config.settings.pages)} pages)")


@main.command()
@click.option("--page", "titles", multiple=True, metavar="TITLE", help="Only this page (repeatable).")
@click.option("--json", "as_json", is_flag=True, help='Print {"pages": [{"title", "text"}]} on stdout.')
@click.pass_obj
@handle_errors
def render(state: State, titles: tuple[str, ...], as_json: bool) -> None:
    """Print the wikitext of every managed page, offline, as it would be created."""
    _, pages = _render(state, titles)
    if as_json:
        click.echo(json.dumps({"pages": [{"title": p.title, "text": p.text} for p in pages]}, ensure_ascii=False))
        return
    for page in pages:
        if len(pages) > 1:
            click.secho(f"==> {page.title} <==", bold=True)  # as head(1) separates files
        click.echo(page.text, nl=False)


@main.command()
@click.option("--dry-run", is_flag=True, help="Show the diff and summary of each edit; save nothing.")
@click.option("--page", "titles", multiple=True, metavar="TITLE", help="Only this page (repeatable).")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON report on stdout.")
@click.option(
    "--site-url",
    metavar="URL",
    help="api.php of any MediaWiki, e.g. http://127.0.0.1:8080/api.php (default: Meta-Wiki from the config).",
)
@click.option("--allow-insecure", is_flag=True, help="Allow a plain http:// site URL that is not on this machine.")
@click.option("--exit-code", is_flag=True, help="With --dry-run: exit 5 when any page would change.")
@click.option(
    "--force",
    is_flag=True,
    help="Overwrite hand edits inside the bot's tables and publish tables that lose many rows.",
)
@click.pass_obj
@handle_errors
def sync(
    state: State,
    dry_run: bool,
    titles: tuple[str, ...],
    as_json: bool,
    site_url: str | None,
    allow_insecure: bool,
    exit_code: bool,
    force: bool,
) -> None:
    """Compare each page with the wiki and save the managed regions that changed.

    Credentials: MTPBOT_USERNAME (a BotPassword login such as MtpBot@mtpbot) and MTPBOT_PASSWORD, or
    pywikibot's own user-config.py in PYWIKIBOT_DIR.
    """
    from bot import sync as syncing
    from bot.lock import default_lock_path, run_lock
    from bot.plan import Safety
    from bot.provenance import data_revision

    if site_url is not None:
        check_site_url(site_url, allow_insecure)
    config, pages = _render(state, titles)  # bad input stops here, before any request to the wiki
    state.show_progress = not as_json and not state.quiet and stderr_is_terminal()
    lock: AbstractContextManager[None] = nullcontext() if dry_run else run_lock(default_lock_path(config.path))
    with _exit_on_sigterm(), lock:
        wiki = _connect(state, config, site_url)
        if not dry_run and not wiki.has_right("bot"):
            raise NotAllowedError(
                f"the account {wiki.username} does not hold the bot right on this wiki",
                hint="ask a bureaucrat to grant the bot flag, or run with --dry-run",
            )
        policy = syncing.RunPolicy(
            run_page=config.settings.run_page or f"User:{wiki.username}/Run",
            bot_names=(wiki.username, "mtpbot"),
        )

        done = 0

        def report(edit: Edit) -> None:
            nonlocal done
            done += 1
            if not as_json:
                _print_edit(state, edit, wiki.page_url(edit.title))
            if done < len(pages):
                state.progress(done, len(pages), pages[done].title)

        state.progress(0, len(pages), "reading the pages")

        result = syncing.sync(
            pages,
            wiki,
            dry_run=dry_run,
            prefix=config.settings.summary_prefix,
            source=data_revision(config.source_paths),
            safety=Safety(force=force, shrink_limit=config.settings.shrink_limit),
            policy=policy,
            on_edit=report,
        )
    code = result.exit_code
    if code == ExitCode.OK and dry_run and exit_code and result.pending:
        code = ExitCode.CHANGES_PENDING
    state.progress_clear()
    if result.run_page_off:
        state.info(f"note: a real run would publish nothing: {result.run_page_off}")
    if as_json:
        click.echo(json.dumps(_json_report(result, wiki.page_url, code), ensure_ascii=False, indent=2))
    else:
        counts: dict[str, int] = {}
        for edit in result.edits:
            counts[edit.action] = counts.get(edit.action, 0) + 1
        state.info("done: " + ", ".join(f"{n} {action}" for action, n in counts.items()) + f" (exit {int(code)})")
    sys.exit(int(code))


@main.command()
@click.option("--page", "titles", multiple=True, metavar="TITLE", help="Only this page (repeatable).")
@click.option(
    "--out",
    "out",
    required=True,
    type=click.Path(path_type=Path, file_okay=False),
    metavar="DIR",
    help="Folder for the HTML files (created if missing): one per page, and index.html.",
)
@click.option(
    "--site-url",
    metavar="URL",
    help="api.php of the wiki whose parser renders the pages (default: Meta-Wiki from the config).",
)
@click.option("--allow-insecure", is_flag=True, help="Allow a plain http:// site URL that is not on this machine.")
@click.pass_obj
@handle_errors
def preview(state: State, titles: tuple[str, ...], out: Path, site_url: str | None, allow_insecure: bool) -> None:
    """Render every page with the wiki's own parser into standalone HTML files; nothing is saved.

    Each page is sent as `sync` would create it to the wiki's action=parse (anonymously, no login),
    with the status template resolved inline, so the colours show even before the template is
    published. Open DIR/index.html in a browser.
    """
    from bot import preview as previewing
    from bot.wiki import Wiki

    if site_url is not None:
        check_site_url(site_url, allow_insecure)
    config, reports = _load(state)
    pages = previewing.render_for_preview(config, reports, titles)  # bad input stops here, before any request
    # Nothing is saved, so no throttle; a person is waiting: one retry, then say the wiki is unreachable.
    settings = replace(_site_settings(config, site_url), put_throttle=0.0, max_retries=1, retry_wait=2)
    wiki = Wiki(settings)
    state.debug(f"connecting to {settings.target} (anonymously)")
    wiki.connect(login=False)
    written = previewing.write_previews(previewing.preview_pages(pages, wiki), out, wiki.site_name)
    for path in written:
        state.info(str(path))


@contextmanager
def _exit_on_sigterm() -> Iterator[None]:
    """SIGTERM ends the run like sys.exit(143), so `finally` blocks and atexit handlers run: the lock is
    released and the private pywikibot folder (password file, login cookies) removed. A save already
    sent still completes on the wiki, whole: MediaWiki saves a revision atomically."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def check_site_url(url: str, allow_insecure: bool) -> None:
    """Refuse a --site-url that is no api.php, or plain http to another machine (the password would be
    readable on the way), unless the user explicitly allows it."""
    from bot.wiki import SiteSettings

    SiteSettings(api_url=url)  # raises ConfigError for anything but an http(s) address of an api.php
    parts = urlsplit(url)
    if parts.scheme == "http" and not _is_loopback(parts.hostname or "") and not allow_insecure:
        raise ConfigError(
            f"--site-url {url} is plain http on another machine: the password would cross the network in clear",
            hint="use https://, or pass --allow-insecure if you really mean it",
        )


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:  # a name such as 127.example.org is not this machine, whatever it starts with
        return False


def _site_settings(config: Config, site_url: str | None) -> SiteSettings:
    """The wiki of the configuration (or of --site-url), as every command that talks to it sees it."""
    from bot.wiki import SiteSettings

    return SiteSettings(
        family=config.settings.site.family,
        code=config.settings.site.code,
        api_url=site_url,
        user_agent=f"mtpbot/{__version__} ({config.settings.contact})",
        put_throttle=config.settings.put_throttle if site_url is None else 0.0,
        max_retries=config.settings.max_retries,
        retry_wait=config.settings.retry_wait,
    )


def _connect(state: State, config: Config, site_url: str | None) -> Wiki:
    from bot.wiki import Wiki

    settings = _site_settings(config, site_url).with_credentials_from(os.environ)
    wiki = Wiki(settings)
    state.debug(f"connecting to {settings.target}")
    wiki.connect()
    state.debug(f"logged in as {wiki.username}")
    return wiki


def _print_edit(state: State, edit: Edit, url: str) -> None:
    """One line per page on stderr (what a cron log keeps), then details for a person at a terminal."""
    state.progress_clear()
    if state.quiet and edit.ok:
        return
    colour = {"unchanged": None, "refused": "red", "failed": "red"}.get(edit.action, "green")
    line = f"{edit.action}: {edit.title}"
    if edit.revid is not None and edit.action in ("edited", "created"):
        line += f" (revision {edit.revid})"
    if edit.summary and edit.action != "unchanged":
        line += f" — {edit.summary}"
    if edit.reason:
        line += f" [{edit.reason}] {edit.message.splitlines()[0] if edit.message else ''}"
    click.secho(line, fg=colour, err=True)
    if edit.pending:
        for diff_line in edit.diff().splitlines():
            click.secho(diff_line, fg=_diff_colour(diff_line))
    if edit.action in ("edited", "created"):
        state.debug(f"  {url}")
    for detail in edit.message.splitlines()[1:]:
        click.echo(f"  {detail}", err=True)


def _diff_colour(line: str) -> str | None:
    if line.startswith(("+++", "---")):
        return None
    if line.startswith("+"):
        return "green"
    if line.startswith("-"):
        return "red"
    return "cyan" if line.startswith("@@") else None


def _json_report(result: SyncResult, page_url: Callable[[str], str], code: ExitCode) -> dict[str, Any]:
    return {
        "dry_run": result.dry_run,
        "exit_code": int(code),
        "run_page_off": result.run_page_off,
        "pages": [
            {
                "title": e.title,
                "action": e.action,
                "revid": e.revid if e.revid is not None else e.base_revid,
                "summary": e.summary,
                "reason": e.reason,
                "message": e.message,
                "url": page_url(e.title),
            }
            for e in result.edits
        ],
    }

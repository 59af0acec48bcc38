"""The `mtpbot` command: parse options, call the core, turn MtpbotError into a message and an exit code.

Imports of the core happen inside the commands so that `mtpbot validate` loads neither Jinja2 nor
pywikibot, and `--help` loads nothing at all. Content (wikitext, diffs, JSON) goes to stdout; messages
go to stderr, and with --json stdout carries one JSON document and nothing else.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar
from urllib.parse import urlsplit

import click

from bot import __version__
from bot.errors import ConfigError, ExitCode, MtpbotError, NotAllowedError

if TYPE_CHECKING:
    from bot.config import Config
    from bot.plan import Edit, RenderedPage

F = TypeVar("F", bound=Callable[..., Any])


class State:
    def __init__(self, config_path: Path, verbose: int, quiet: bool) -> None:
        self.config_path = config_path
        self.verbose = verbose
        self.quiet = quiet

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
            click.secho(f"=== {page.title} ===", bold=True)
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
    lock: AbstractContextManager[None] = nullcontext() if dry_run else run_lock(default_lock_path(config.path))
    with lock:
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

        def report(edit: Edit) -> None:
            if not as_json:
                _print_edit(state, edit, wiki.page_url(edit.title))

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
    if result.run_page_off:
        state.info(f"note: a real run would publish nothing: {result.run_page_off}")
    if as_json:
        click.echo(json.dumps(_json_report(result, wiki.page_url), ensure_ascii=False, indent=2))
    else:
        counts: dict[str, int] = {}
        for edit in result.edits:
            counts[edit.action] = counts.get(edit.action, 0) + 1
        state.info("done: " + ", ".join(f"{n} {action}" for action, n in counts.items()))
    code = result.exit_code
    if code == ExitCode.OK and dry_run and exit_code and result.pending:
        code = ExitCode.CHANGES_PENDING
    sys.exit(int(code))


def check_site_url(url: str, allow_insecure: bool) -> None:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc or not parts.path.endswith("api.php"):
        raise ConfigError(
            f"--site-url {url!r} is not the address of a MediaWiki api.php",
            hint="give the full address, e.g. https://meta.wikimedia.org/w/api.php",
        )
    loopback = parts.hostname in ("localhost", "::1") or (parts.hostname or "").startswith("127.")
    if parts.scheme == "http" and not loopback and not allow_insecure:
        raise ConfigError(
            f"--site-url {url} is plain http on another machine: the password would cross the network in clear",
            hint="use https://, or pass --allow-insecure if you really mean it",
        )


def _connect(state: State, config: Config, site_url: str | None) -> Any:
    from bot.wiki import SiteSettings, Wiki

    settings = SiteSettings(
        family=config.settings.site.family,
        code=config.settings.site.code,
        api_url=site_url,
        username=os.environ.get("MTPBOT_USERNAME") or None,
        password=os.environ.get("MTPBOT_PASSWORD") or None,
        user_agent=f"mtpbot/{__version__} ({config.settings.contact})",
        put_throttle=config.settings.put_throttle if site_url is None else 0.0,
    )
    wiki = Wiki(settings)
    state.debug(f"connecting to {site_url or f'{settings.family}:{settings.code}'}")
    wiki.connect()
    state.debug(f"logged in as {wiki.username}")
    return wiki


def _print_edit(state: State, edit: Edit, url: str) -> None:
    if state.quiet and edit.ok:
        return
    colour = {"unchanged": None, "refused": "red", "failed": "red"}.get(edit.action, "green")
    click.secho(f"{edit.action}: {edit.title}", fg=colour, bold=True, err=True)
    if edit.pending or edit.action in ("edited", "created"):
        if edit.pending:
            for line in edit.diff().splitlines():
                click.secho(line, fg=_diff_colour(line))
        click.echo(f"  summary: {edit.summary}", err=True)
    if edit.revid is not None and edit.action in ("edited", "created"):
        click.echo(f"  revision {edit.revid}: {url}", err=True)
    if edit.message:
        click.echo("  " + edit.message.replace("\n", "\n  "), err=True)


def _diff_colour(line: str) -> str | None:
    if line.startswith(("+++", "---")):
        return None
    if line.startswith("+"):
        return "green"
    if line.startswith("-"):
        return "red"
    return "cyan" if line.startswith("@@") else None


def _json_report(result: Any, page_url: Callable[[str], str]) -> dict[str, Any]:
    return {
        "dry_run": result.dry_run,
        "exit_code": int(result.exit_code),
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

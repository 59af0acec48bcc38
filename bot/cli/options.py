"""Options shared by several commands, declared once."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any, TypeVar

import click

from bot.source import DEFAULT_CONFIG

F = TypeVar("F", bound=Callable[..., Any])

CONFIG_HELP = "Bot settings file; the metrics files it names are found relative to it."
VERBOSE_HELP = "Say more about what is done (stderr)."
QUIET_HELP = "Only errors on stderr."


def global_options(command: F) -> F:
    """--config, -v and -q on the group, where they set the run's defaults."""
    command = click.option("-q", "--quiet", is_flag=True, help=QUIET_HELP)(command)
    command = click.option("-v", "--verbose", count=True, help=VERBOSE_HELP)(command)
    config = click.option(
        "--config",
        "config_path",
        type=click.Path(path_type=Path, dir_okay=False),
        default=DEFAULT_CONFIG,
        show_default=True,
        envvar="MTPBOT_CONFIG",
        help=CONFIG_HELP,
    )
    return config(command)


def global_options_again(command: F) -> F:
    """The same options on every command, so that `mtpbot validate -v` and `mtpbot sync --config X` work as
    well as `mtpbot -v validate`: given after the command, they override what the group set."""
    command = click.option("-q", "--quiet", is_flag=True, expose_value=False, callback=_set_quiet, help=QUIET_HELP)(
        command
    )
    command = click.option("-v", "--verbose", count=True, expose_value=False, callback=_add_verbose, help=VERBOSE_HELP)(
        command
    )
    return click.option(
        "--config",
        "config_path",
        type=click.Path(path_type=Path, dir_okay=False),
        expose_value=False,
        callback=_set_config,
        help=CONFIG_HELP,
    )(command)


def _set_config(ctx: click.Context, param: click.Parameter, value: Path | None) -> None:
    if value is not None:
        ctx.obj = replace(ctx.obj, config_path=value)


def _add_verbose(ctx: click.Context, param: click.Parameter, value: int) -> None:
    ctx.obj.console.verbose += value


def _set_quiet(ctx: click.Context, param: click.Parameter, value: bool) -> None:
    if value:
        ctx.obj.console.quiet = True


pages = click.option("--page", "titles", multiple=True, metavar="TITLE", help="Only this page (repeatable).")


def as_json(help: str) -> Callable[[F], F]:
    return click.option("--json", "as_json", is_flag=True, help=help)


def site(what: str) -> Callable[[F], F]:
    """--site-url (any MediaWiki instead of the configured wiki) and --allow-insecure."""

    def decorate(command: F) -> F:
        command = click.option(
            "--allow-insecure", is_flag=True, help="Allow a plain http:// site URL that is not on this machine."
        )(command)
        return click.option(
            "--site-url", metavar="URL", help=f"api.php of {what} (default: Meta-Wiki from the config)."
        )(command)

    return decorate


def _feed_pairs(ctx: click.Context, param: click.Parameter, values: tuple[str, ...]) -> dict[str, str]:
    found: dict[str, str] = {}
    for value in values:
        name, equals, location = value.partition("=")
        if not equals or not name or not location:
            raise click.BadParameter(f"{value!r}: write NAME=URL_OR_PATH, e.g. movement-metrics=metrics.tsv")
        found[name] = location
    return found


feeds = click.option(
    "--feed",
    "feeds",
    multiple=True,
    metavar="NAME=URL_OR_PATH",
    callback=_feed_pairs,
    help="Read the feed NAME from this file or URL for this run (repeatable).",
)

"""The `mtpbot` command group: global options, the commands, and the one place that exits.

Every command returns an ExitStatus (bot.cli.invocation translates its errors); the group's result
callback exits with it. The environment comes from `ctx.obj` when a caller (a test) passes one.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from bot import __version__
from bot.cli import check, offline, options, preview, sync
from bot.cli.console import Console
from bot.cli.environment import Environment
from bot.cli.invocation import Invocation
from bot.cli.logs import show_wiki_log
from bot.errors import ExitStatus


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="mtpbot")
@options.global_options
@click.pass_context
def main(ctx: click.Context, config_path: Path, verbose: int, quiet: bool) -> None:
    """mtpbot publishes the Medium-Term Plan metrics to Meta-Wiki.

    Edit the YAML source of truth, run `mtpbot validate`, preview the edit with
    `mtpbot sync --dry-run`, then publish with `mtpbot sync`.
    """
    # A caller may hand in the Environment as click's `obj`; the commands get the Invocation built on it.
    env = ctx.obj if isinstance(ctx.obj, Environment) else Environment()
    ctx.obj = Invocation(config_path, env, Console(env, verbose, quiet))
    ctx.call_on_close(show_wiki_log(ctx.obj.console))  # -v: retries of failed requests, as they happen


@main.result_callback()
@click.pass_context
def _exit(ctx: click.Context, /, status: ExitStatus, **_: Any) -> None:
    ctx.exit(int(status))


for command in (offline.validate, offline.render, sync.sync, preview.preview, check.check):
    main.add_command(command)

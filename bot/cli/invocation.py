"""One run of the command as every command sees it, and the translation of errors into exit statuses."""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import click

from bot.cli import report
from bot.cli.console import Console
from bot.cli.environment import Environment
from bot.cli.options import global_options_again
from bot.cli.signals import STOPS, raise_on_stop_signals
from bot.errors import ExitStatus, MtpbotError

F = TypeVar("F", bound=Callable[..., ExitStatus])


@dataclass(frozen=True)
class Invocation:
    """One run of the command: the global options and the world it runs in."""

    config_path: Path
    env: Environment
    console: Console


def reports_errors(command: F) -> F:
    """Every MtpbotError becomes its message, its hint and its exit status; never a traceback. With --json the
    answer is a JSON document of the usual shape too, so that a job reading it gets one even when the run
    could not start. Ctrl-C and SIGTERM say that nothing was saved (a command that saves says more itself)."""

    @functools.wraps(command)
    def wrapper(invocation: Invocation, *args: Any, **kwargs: Any) -> ExitStatus:
        try:
            with raise_on_stop_signals():
                return command(invocation, *args, **kwargs)
        except MtpbotError as exc:
            if kwargs.get("as_json"):
                report.print_json(invocation.console, report.document(exc.exit_status, error=exc))
            invocation.console.fail(exc)
            return exc.exit_status
        except STOPS as stop:
            return report.print_stopped(invocation.console, stop, as_json=bool(kwargs.get("as_json")))

    return wrapper  # type: ignore[return-value]


def command(function: F) -> click.Command:
    """A command of the group: handed the Invocation, its errors reported, its exit status returned; the
    global options are accepted after it too."""
    return click.command()(global_options_again(click.pass_obj(reports_errors(function))))

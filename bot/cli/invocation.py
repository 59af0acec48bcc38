"""One run of the command as every command sees it, and the translation of errors into exit statuses."""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import click

from bot.cli.console import Console
from bot.cli.environment import Environment
from bot.errors import ExitStatus, MtpbotError

F = TypeVar("F", bound=Callable[..., ExitStatus])


@dataclass(frozen=True)
class Invocation:
    """One run of the command: the global options and the world it runs in."""

    config_path: Path
    env: Environment
    console: Console


def reports_errors(command: F) -> F:
    """Every MtpbotError becomes its message, its hint and its exit status; never a traceback."""

    @functools.wraps(command)
    def wrapper(invocation: Invocation, *args: Any, **kwargs: Any) -> ExitStatus:
        try:
            return command(invocation, *args, **kwargs)
        except MtpbotError as exc:
            invocation.console.fail(exc, as_json=bool(kwargs.get("as_json")))
            return exc.exit_status

    return wrapper  # type: ignore[return-value]


def command(function: F) -> click.Command:
    """A command of the group: handed the Invocation, its errors reported, its exit status returned."""
    return click.command()(click.pass_obj(reports_errors(function)))

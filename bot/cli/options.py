"""Options shared by several commands, declared once."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import click

F = TypeVar("F", bound=Callable[..., Any])

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

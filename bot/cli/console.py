"""Where the CLI writes: content (wikitext, diffs, JSON) to stdout, messages to stderr.

`-q` keeps only problems, `-v` adds detail; a progress line shows only to a person at a terminal.
"""

from __future__ import annotations

from typing import Any

import click

from bot.cli.environment import Environment
from bot.errors import MtpbotError


class Console:
    def __init__(self, env: Environment, verbose: int = 0, quiet: bool = False) -> None:
        self.env = env
        self.verbose = verbose
        self.quiet = quiet
        self.show_progress = False  # set by commands that work page by page
        self._progress_shown = False

    def out(self, text: str, *, nl: bool = True, **style: Any) -> None:
        """Content, on stdout."""
        self._write(text, nl=nl, err=False, style=style)

    def err(self, text: str, *, nl: bool = True, **style: Any) -> None:
        """A message, on stderr."""
        self._write(text, nl=nl, err=True, style=style)

    def _write(self, text: str, *, nl: bool, err: bool, style: dict[str, Any]) -> None:
        stream = self.env.stderr if err else self.env.stdout
        # Unstyled text goes out as is: click.style() would end it with a reset code even when nothing was
        # styled, and a JSON document captured from a terminal would no longer parse.
        if any(value is not None for value in style.values()):
            text = click.style(text, **style)
        click.echo(text, file=stream, nl=nl, err=err)

    def info(self, message: str) -> None:
        if not self.quiet:
            self.err(message)

    def warn(self, message: str) -> None:
        """A warning: said even with -q (something a person should look at), but not an error."""
        self.progress_clear()
        self.err(f"warning: {message}", fg="yellow")

    def debug(self, message: str) -> None:
        if self.verbose and not self.quiet:
            self.err(message)

    def progress(self, done: int, total: int, title: str) -> None:
        """A one-line progress indicator on stderr, only for a person at a terminal."""
        if self.show_progress:
            self.err(f"\r\033[K[{done}/{total}] {title}", nl=False)
            self._progress_shown = True

    def progress_clear(self) -> None:
        if self._progress_shown:
            self.err("\r\033[K", nl=False)
            self._progress_shown = False

    def fail(self, error: MtpbotError) -> None:
        """The error's message and hint on stderr."""
        self.progress_clear()
        self.err(f"error: {error.message}", fg="red")
        if error.hint:
            self.err(f"hint: {error.hint}")

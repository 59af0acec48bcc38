"""The wiki layer's log on stderr while it happens: `-v` shows its INFO records (each retry of a failed
request, "retrying 2/5 in 10 s: HTTP 503 from URL"), `-vv` its DEBUG records too (pywikibot's own messages).

bot.mediawiki logs with Python's `logging` under "bot.mediawiki" and never prints; the CLI owns the terminal.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from bot.cli.console import Console

WIKI_LOGGER = "bot.mediawiki"


class _ToConsole(logging.Handler):
    """Writes a record to the console's stderr when its verbosity (read at each record: `-v` may come after
    the subcommand) asks for it."""

    def __init__(self, console: Console) -> None:
        super().__init__()
        self.console = console

    def emit(self, record: logging.LogRecord) -> None:
        console = self.console
        wanted = logging.INFO if console.verbose == 1 else logging.DEBUG
        if console.verbose and not console.quiet and record.levelno >= wanted:
            console.progress_clear()
            console.err(self.format(record))


def show_wiki_log(console: Console) -> Callable[[], None]:
    """Route the wiki layer's log records to `console` until the returned function is called."""
    handler = _ToConsole(console)
    logger = logging.getLogger(WIKI_LOGGER)
    level = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)

    def stop() -> None:
        logger.removeHandler(handler)
        logger.setLevel(level)

    return stop

"""What the CLI takes from the world, injected so that tests drive every command without monkeypatching
(httpie's `Environment` is the model): the output streams, whether stderr is a terminal, the process
environment (credentials, lock file), the connector that hands a command its wiki, and today's date.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Protocol, TextIO

if TYPE_CHECKING:
    from bot.mediawiki import SiteSettings
    from bot.sync.protocols import ConnectedWiki


class Connector(Protocol):
    """Hands a command its wiki, connected (and logged in when asked); raises WikiError when it cannot."""

    def __call__(self, settings: SiteSettings, *, login: bool) -> ConnectedWiki: ...


def connect_wiki(settings: SiteSettings, *, login: bool) -> ConnectedWiki:
    """The production connector: pywikibot, through bot.mediawiki (loaded only when a command needs it)."""
    from bot.mediawiki import Wiki

    wiki = Wiki(settings)
    wiki.connect(login=login)
    return wiki


@dataclass(frozen=True)
class Environment:
    """Streams default to the process's at the time of writing (so click's CliRunner captures them)."""

    stdout: TextIO | None = None
    stderr: TextIO | None = None
    stderr_isatty: bool | None = None  # None: ask stderr itself
    environ: Mapping[str, str] = field(default_factory=lambda: os.environ)
    connect: Connector = connect_wiki
    today: Callable[[], date] = lambda: datetime.now(UTC).date()  # the run's date, UTC (the status page's "since")

    @property
    def stderr_is_terminal(self) -> bool:
        if self.stderr_isatty is not None:
            return self.stderr_isatty
        return (self.stderr or sys.stderr).isatty()

"""A started local wiki as its users see it: where it lives and listens, and who can log in."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

from devwiki.releases import MediaWikiRelease
from devwiki.server import count_api_requests


@dataclass(frozen=True)
class Account:
    """A login on the wiki. For a BotPassword the username is "User@appid"."""

    username: str
    password: str = field(repr=False)

    @property
    def user_name(self) -> str:
        """The wiki user the login acts as (what page histories show): "MtpBot" for "MtpBot@mtpbot"."""
        return self.username.split("@", 1)[0]


@dataclass(frozen=True)
class DevWiki:
    """A started local wiki: where it lives, where it listens and who can log in."""

    directory: Path
    port: int
    admin: Account  # "Admin", in groups sysop and bureaucrat
    bot: Account  # "MtpBot@mtpbot", a BotPassword of "MtpBot" (group bot) with the grant highvolume
    human: Account  # "Editor", an ordinary registered user
    request_log: Path  # the `php -S` log: one line per HTTP request
    release: MediaWikiRelease  # the MediaWiki branch it runs (1.39 on Debian 12, 1.43 on Debian 13)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def api_url(self) -> str:
        return f"{self.url}/api.php"

    def page_url(self, title: str) -> str:
        """index.php?title=... for a page, encoded the way MediaWiki encodes its own links."""
        return f"{self.url}/index.php?title={quote(title.replace(' ', '_'), safe=';@$!*(),/~:')}"

    def count_requests(self) -> int:
        """How many api.php requests (any method, any client, including failed ones) the server has answered.

        start() made one of them (its readiness check), so compare counts rather than expect zero.
        index.php, load.php and static files are not counted. PHP logs a request once it has been answered,
        which can be a moment after the client has its response (MediaWiki finishes deferred work after
        sending); so this waits up to a second for connections that are still open to finish.
        """
        return count_api_requests(self.request_log)

"""A real, throwaway MediaWiki on 127.0.0.1 for the tests, the demo and the benchmark.

`RunningWiki` installs an independent SQLite wiki into a fresh directory, creates three accounts (an admin,
the bot with a BotPassword, an ordinary human editor) and serves it with PHP's built-in web server:

    with RunningWiki() as wiki:
        client = HumanClient(wiki.api_url, wiki.human)
        client.login()
        client.edit("Sandbox", "hello", "a test edit")

Nothing global is touched: the MediaWiki code is shared read-only, everything else (LocalSettings.php, the
SQLite files, the server log) lives in the wiki's directory. `python -m devwiki serve` runs one for
humans. This package never imports pywikibot; `HumanClient` is a small `requests` client for people in tests
and demos, not the bot's own path to the wiki.

Directory layout: LocalSettings.php, data/ (SQLite databases), server.log (one line per HTTP request).

It lives beside bot/ and is not installed with mtpbot: the tests, the benchmark and scripts/demo import it
from the repository. It may import bot (its errors and version); bot never imports it.

    install.py    find MediaWiki and PHP, install them with apt-get, run their commands
    releases.py   what differs between the MediaWiki releases Debian installs (1.39, 1.43): one row each
    server.py     `php -S` in a process group of its own: start, readiness, request log, stop
    provision.py  install.php, LocalSettings.php, bundled extensions, the three accounts; an AbuseFilter filter
    wiki.py       Account and DevWiki: a started wiki as its users see it
    running.py    RunningWiki: start and stop one wiki (a context manager)
    datawiki.py   RunningDataWiki: a data wiki as Commons is (JsonConfig, unpacked from ../shared/vendor/)
    client.py     HumanClient: a person on the wiki through the action API (requests)
    __main__.py   `python -m devwiki serve`
    demo.py       `python -m devwiki.demo`, behind scripts/demo
"""

from devwiki.client import ApiError, HumanClient, Revision
from devwiki.install import (
    INSTALL_COMMAND,
    MEDIAWIKI_DIR_ENV,
    ensure_mediawiki,
    find_mediawiki,
    install_mediawiki,
    mediawiki_problem,
)
from devwiki.provision import add_abuse_filter
from devwiki.releases import RELEASES, MediaWikiRelease, installed_release
from devwiki.running import RunningWiki
from devwiki.server import SERVER_WORKERS, free_port, live_group_members
from devwiki.wiki import Account, DevWiki

__all__ = [
    "INSTALL_COMMAND",
    "MEDIAWIKI_DIR_ENV",
    "RELEASES",
    "SERVER_WORKERS",
    "Account",
    "ApiError",
    "DevWiki",
    "HumanClient",
    "MediaWikiRelease",
    "Revision",
    "RunningWiki",
    "add_abuse_filter",
    "ensure_mediawiki",
    "find_mediawiki",
    "free_port",
    "install_mediawiki",
    "installed_release",
    "live_group_members",
    "mediawiki_problem",
]

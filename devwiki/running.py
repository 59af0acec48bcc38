"""Starting and stopping one independent local wiki: its directory, its server, its install, its end."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path
from types import TracebackType

from bot.errors import WikiError
from devwiki.install import ensure_mediawiki
from devwiki.provision import install_wiki
from devwiki.releases import installed_release
from devwiki.server import (
    LOG_NAME,
    free_port,
    log_tail,
    start_server,
    stop_process_group,
    wait_until_listening,
    wait_until_ready,
)
from devwiki.wiki import DevWiki


class RunningWiki:
    """Starts and stops one independent local wiki. Use it as a context manager; it yields the DevWiki.

    `directory` is created if needed and must not hold a wiki yet; by default a temporary directory is
    used and removed on stop. `port` defaults to a free one. `install` allows `apt-get install` when
    MediaWiki is missing (root only).

    `extensions` loads more of the bundled extensions (e.g. "SpamBlacklist", "TitleBlacklist",
    "AbuseFilter", "ConfirmEdit"), kept offline (the blacklists read only their local MediaWiki: pages);
    `update.php --quick` then creates the tables of those that need some (about 2 s more). `settings`
    is PHP appended to LocalSettings.php after them (e.g. captcha triggers). The default wiki loads
    neither and starts as fast as ever.
    """

    def __init__(
        self,
        directory: Path | None = None,
        port: int | None = None,
        *,
        install: bool = False,
        extensions: Sequence[str] = (),
        settings: str = "",
        bot_password: str | None = None,
    ) -> None:
        self._bot_password = bot_password  # the same BotPassword as another wiki's bot (None: a new one)
        self._directory = directory
        self._port = port
        self._install = install
        self._extensions = tuple(extensions)
        self._settings = settings
        self._process: subprocess.Popen[bytes] | None = None
        self._temporary: Path | None = None
        self._wiki: DevWiki | None = None

    @property
    def wiki(self) -> DevWiki:
        if self._wiki is None:
            raise WikiError("The local wiki is not running.", "call start() first")
        return self._wiki

    @property
    def pid(self) -> int | None:
        """The server's process id, which is also its process group id; None when stopped."""
        return self._process.pid if self._process is not None else None

    def start(self) -> DevWiki:
        """Install and serve a fresh wiki (about 1.2 s). On failure everything started is cleaned up."""
        if self._process is not None:
            raise WikiError("This local wiki is already running.", "call stop() before starting it again")
        try:
            directory = self._prepare_directory()
            mediawiki = ensure_mediawiki(install=self._install)
            release = installed_release(mediawiki)  # before anything starts: an unknown release is refused
            self._process, port = self._serve(mediawiki, directory)
            accounts = install_wiki(
                mediawiki, directory, port, self._extensions, self._settings, bot_password=self._bot_password
            )
            wiki = DevWiki(directory, port, *accounts, request_log=directory / LOG_NAME, release=release)
            wait_until_ready(wiki.api_url, wiki.directory, self._process)
        except BaseException:
            self.stop()
            raise
        self._wiki = wiki
        return wiki

    def stop(self) -> None:
        """Stop the server and all its workers; remove the directory if it was a temporary one. Idempotent."""
        process, self._process = self._process, None
        self._wiki = None
        if process is not None:
            stop_process_group(process)
        if self._temporary is not None:
            shutil.rmtree(self._temporary, ignore_errors=True)
            self._temporary = None

    def __enter__(self) -> DevWiki:
        return self.start()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()

    def _prepare_directory(self) -> Path:
        if self._directory is None:
            self._temporary = Path(tempfile.mkdtemp(prefix="mtpbot-devwiki-"))
            return self._temporary
        directory = self._directory.resolve()
        if (directory / "LocalSettings.php").exists() or (directory / "data").exists():
            raise WikiError(
                f"{directory} already holds a wiki.",
                "choose a new directory, or delete this one (it is throwaway by design)",
            )
        directory.mkdir(parents=True, exist_ok=True)
        return directory

    def _serve(self, mediawiki: Path, directory: Path) -> tuple[subprocess.Popen[bytes], int]:
        """Start `php -S` before installing, so that a port taken in the meantime is found (and, when we
        chose it, replaced) before it has been written into LocalSettings.php."""
        attempts = 1 if self._port is not None else 5
        for attempt in range(attempts):
            port = self._port if self._port is not None else free_port()
            process = start_server(mediawiki, directory, port)
            if wait_until_listening(process, directory / LOG_NAME, port):
                return process, port
            stop_process_group(process)
            if attempt + 1 == attempts:
                raise WikiError(
                    f"PHP's web server could not listen on 127.0.0.1:{port}.\n{log_tail(directory)}",
                    "pick another --port, or leave it out to use a free one",
                )
        raise AssertionError("unreachable")

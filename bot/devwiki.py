"""A real, throwaway MediaWiki on 127.0.0.1 for the tests, the demo and the benchmark.

`RunningWiki` installs an independent SQLite wiki into a fresh directory, creates three accounts (an admin,
the bot with a BotPassword, an ordinary human editor) and serves it with PHP's built-in web server:

    with RunningWiki() as wiki:
        client = HumanClient(wiki.api_url, wiki.human)
        client.login()
        client.edit("Sandbox", "hello", "a test edit")

Nothing global is touched: the MediaWiki code is shared read-only, everything else (LocalSettings.php, the
SQLite files, the server log) lives in the wiki's directory. `python -m bot.devwiki serve` runs one for
humans. This module never imports pywikibot; `HumanClient` is a small `requests` client for people in tests
and demos, not the bot's own path to the wiki.

Directory layout: LocalSettings.php, data/ (SQLite databases), server.log (one line per HTTP request).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import Any, TypedDict
from urllib.parse import quote

import requests

from bot import __version__
from bot.errors import WikiError

MEDIAWIKI_DIR_ENV = "MTPBOT_MEDIAWIKI_DIR"
DEBIAN_MEDIAWIKI_DIR = Path("/usr/share/mediawiki")
APT_PACKAGES = ("mediawiki", "php-cli", "php-sqlite3", "php-intl", "php-mbstring", "php-xml")
INSTALL_COMMAND = "apt-get update && apt-get install -y --no-install-recommends " + " ".join(APT_PACKAGES)

ADMIN_USER = "Admin"
BOT_USER = "MtpBot"
BOT_APP_ID = "mtpbot"
# "highvolume" is the grant that carries the bot flag and apihighlimits through a BotPassword login.
BOT_GRANTS = ("basic", "highvolume", "editpage", "createeditmovepage")
HUMAN_USER = "Editor"

SERVER_WORKERS = 4  # parallel requests in `php -S`; SQLite serialises the writes
READY_TIMEOUT = 20.0  # seconds until api.php must answer
SCRIPT_TIMEOUT = 120.0  # seconds for one maintenance script
STOP_TIMEOUT = 5.0  # seconds for the server's processes to exit after SIGTERM

# One line per finished request, e.g.
# "[4242] [Mon Nov 23 23:12:31 2026] 127.0.0.1:47638 [200]: GET /api.php?action=query&meta=siteinfo"
# (POST bodies are not logged). "Accepted" / "Closing" lines bracket each connection.
_API_REQUEST_LINE = re.compile(rb"\[\d{3}\]: [A-Z]+ /api\.php")
_ACCEPTED_LINE = re.compile(rb" Accepted$", re.MULTILINE)
_CLOSING_LINE = re.compile(rb" Closing$", re.MULTILINE)


# --------------------------------------------------------------------------------------------------------
# Finding and installing MediaWiki


def find_mediawiki() -> Path | None:
    """The MediaWiki code directory: $MTPBOT_MEDIAWIKI_DIR if set, else Debian's /usr/share/mediawiki.

    A directory counts only if it has maintenance/install.php. A set but unusable $MTPBOT_MEDIAWIKI_DIR
    gives None rather than silently falling back to another MediaWiki.
    """
    configured = os.environ.get(MEDIAWIKI_DIR_ENV)
    candidate = Path(configured) if configured else DEBIAN_MEDIAWIKI_DIR
    return candidate if (candidate / "maintenance" / "install.php").is_file() else None


def mediawiki_problem() -> str | None:
    """None if a wiki can be started here, else what is missing and how to fix it (one sentence)."""
    configured = os.environ.get(MEDIAWIKI_DIR_ENV)
    if find_mediawiki() is None:
        if configured:
            return f"{MEDIAWIKI_DIR_ENV}={configured} has no maintenance/install.php; point it at MediaWiki"
        return f"MediaWiki is not installed in {DEBIAN_MEDIAWIKI_DIR}; install it with: {INSTALL_COMMAND}"
    if shutil.which("php") is None:
        return f"PHP is not on PATH; install it with: {INSTALL_COMMAND}"
    return None


def install_mediawiki() -> Path:
    """Install MediaWiki and PHP with apt-get (needs root); return the MediaWiki code directory."""
    if shutil.which("apt-get") is None:
        raise WikiError(
            "MediaWiki is not installed and this system has no apt-get to install it with.",
            f"install MediaWiki 1.39+ and PHP 8 (pdo_sqlite, intl, mbstring, xml), then set "
            f"{MEDIAWIKI_DIR_ENV} to the MediaWiki directory",
        )
    if os.geteuid() != 0:
        raise WikiError(
            "MediaWiki is not installed, and installing it needs root.",
            f"run: sudo sh -c '{INSTALL_COMMAND}'",
        )
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    for command in (
        ["apt-get", "update"],
        ["apt-get", "install", "-y", "--no-install-recommends", *APT_PACKAGES],
    ):
        _run(command, env=env, timeout=900.0, what="installing MediaWiki")
    found = find_mediawiki()
    if found is None:
        raise WikiError(
            f"apt-get installed MediaWiki, but {DEBIAN_MEDIAWIKI_DIR}/maintenance/install.php is missing.",
            f"check the mediawiki package, or set {MEDIAWIKI_DIR_ENV} to a MediaWiki directory",
        )
    return found


def ensure_mediawiki(*, install: bool) -> Path:
    """The MediaWiki code directory; install it first if it is missing and `install` allows it."""
    problem, found = mediawiki_problem(), find_mediawiki()
    if problem is None and found is not None:
        return found
    message = problem or "MediaWiki is missing"
    if os.environ.get(MEDIAWIKI_DIR_ENV):
        raise WikiError(message, f"fix {MEDIAWIKI_DIR_ENV}, or unset it to use {DEBIAN_MEDIAWIKI_DIR}")
    if install:
        return install_mediawiki()
    raise WikiError(message, "or pass install=True (`serve --install`) to let mtpbot run apt-get as root")


# --------------------------------------------------------------------------------------------------------
# The wiki


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
        deadline = time.monotonic() + 1.0
        while True:
            log = self.request_log.read_bytes()
            open_connections = len(_ACCEPTED_LINE.findall(log)) - len(_CLOSING_LINE.findall(log))
            if open_connections <= 0 or time.monotonic() > deadline:
                return len(_API_REQUEST_LINE.findall(log))
            time.sleep(0.01)


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
    ) -> None:
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
            self._process, port = self._serve(mediawiki, directory)
            accounts = _install_wiki(mediawiki, directory, port, self._extensions, self._settings)
            wiki = DevWiki(directory, port, *accounts, request_log=directory / "server.log")
            _wait_until_ready(wiki, self._process)
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
            _stop_process_group(process)
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
            process = _start_server(mediawiki, directory, port)
            if _wait_until_listening(process, directory / "server.log", port):
                return process, port
            _stop_process_group(process)
            if attempt + 1 == attempts:
                raise WikiError(
                    f"PHP's web server could not listen on 127.0.0.1:{port}.\n{_log_tail(directory)}",
                    "pick another --port, or leave it out to use a free one",
                )
        raise AssertionError("unreachable")


def free_port() -> int:
    """A TCP port on 127.0.0.1 that was free a moment ago."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def live_group_members(pgid: int) -> list[int]:
    """Process ids of the live (not zombie) processes in a process group, read from Linux's /proc."""
    members = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:  # the process ended while we looked
            continue
        # Fields after the parenthesised command name: state, ppid, pgrp, ...
        state, _ppid, pgrp = stat.rsplit(")", 1)[1].split()[:3]
        if int(pgrp) == pgid and state not in ("Z", "X"):
            members.append(int(entry.name))
    return members


def _start_server(mediawiki: Path, directory: Path, port: int) -> subprocess.Popen[bytes]:
    # MW_CONFIG_FILE works for the web server too (wfDetectLocalSettingsFile reads it with getenv), so the
    # docroot is the shared MediaWiki code and Debian's /usr/share/mediawiki/LocalSettings.php symlink into
    # /etc/mediawiki is never read.
    env = {
        **os.environ,
        "MW_CONFIG_FILE": str(directory / "LocalSettings.php"),
        "PHP_CLI_SERVER_WORKERS": str(SERVER_WORKERS),
    }
    router = mediawiki / "maintenance" / "dev" / "includes" / "router.php"
    command = ["php", "-S", f"127.0.0.1:{port}", "-t", str(mediawiki), str(router)]
    # Append mode: the master and every worker write to the same file, and O_APPEND keeps lines whole.
    with (directory / "server.log").open("ab") as log:
        # A session of its own, so that stop() can signal the master and its workers as one group: the
        # master does not pass SIGTERM on, and orphaned workers would go on listening.
        return subprocess.Popen(
            command,
            cwd=mediawiki,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


def _wait_until_listening(process: subprocess.Popen[bytes], log: Path, port: int) -> bool:
    """True once PHP says it listens; False if it exited (typically: the port is taken)."""
    started = f"(http://127.0.0.1:{port}) started".encode()
    deadline = time.monotonic() + READY_TIMEOUT
    while time.monotonic() < deadline:
        if started in log.read_bytes():
            return True
        if process.poll() is not None:
            return False
        time.sleep(0.01)
    return False


def _install_wiki(
    mediawiki: Path, directory: Path, port: int, extensions: Sequence[str] = (), extra_settings: str = ""
) -> tuple[Account, Account, Account]:
    """Run install.php and create the accounts; return (admin, bot, human)."""
    for name in extensions:
        if not (mediawiki / "extensions-core" / name / "extension.json").is_file():
            raise WikiError(
                f"The extension {name!r} is not among the bundled extensions in {mediawiki / 'extensions-core'}.",
                "use one of the folders there (e.g. SpamBlacklist, TitleBlacklist, AbuseFilter, ConfirmEdit)",
            )
    # Hex passwords: a leading "-" would be read as an option by the maintenance scripts, and action=login
    # only treats a password as a BotPassword if it matches ^[0-9a-w]{32,}$ (else it tries the main account).
    admin = Account(ADMIN_USER, secrets.token_hex(12))
    bot = Account(f"{BOT_USER}@{BOT_APP_ID}", secrets.token_hex(20))
    human = Account(HUMAN_USER, secrets.token_hex(12))
    env = {**os.environ, "MW_CONFIG_FILE": str(directory / "LocalSettings.php")}

    def maintenance(script: str, *args: str) -> None:
        command = ["php", str(mediawiki / "maintenance" / script), *args]
        _run(command, env=env, cwd=mediawiki, timeout=SCRIPT_TIMEOUT, what=f"setting up the wiki ({script})")

    # install.php refuses to run if MW_CONFIG_FILE exists and writes LocalSettings.php to --confpath.
    maintenance(
        "install.php",
        *("--dbtype", "sqlite", "--dbpath", str(directory / "data"), "--dbname", "devwiki"),
        *("--server", f"http://127.0.0.1:{port}", "--scriptpath", "", "--confpath", str(directory)),
        *("--lang", "en", "--pass", admin.password, "DevWiki", admin.username),
    )
    with (directory / "LocalSettings.php").open("a", encoding="utf-8") as settings:
        settings.write(_local_settings(port))
        if extensions or extra_settings:
            settings.write(_extension_settings(extensions) + extra_settings + "\n")
    if any(name in _EXTENSIONS_WITH_TABLES for name in extensions):
        maintenance("update.php", "--quick")  # before the accounts: the extensions' hooks need their tables
    maintenance("createAndPromote.php", "--bot", BOT_USER, secrets.token_hex(12))
    maintenance(
        "createBotPassword.php",
        *("--appid", BOT_APP_ID, "--grants", ",".join(BOT_GRANTS), BOT_USER, bot.password),
    )
    maintenance("createAndPromote.php", human.username, human.password)
    return admin, bot, human


def _local_settings(port: int) -> str:
    return f"""
# ---- added by mtpbot's bot/devwiki.py: a throwaway wiki for tests ----
$wgExtensionDirectory = "$IP/extensions-core";  # Debian's bundled extensions
wfLoadExtension( 'ParserFunctions' );
# Two wikis on 127.0.0.1 share one cookie jar (cookies ignore the port): keep their sessions apart.
$wgCookiePrefix = "devwiki{port}";
$wgEnableEmail = false;
$wgEnableUploads = false;
$wgEnableBotPasswords = true;
# Stays CACHE_NONE: APCu would be per worker process, and sessions must be shared by all workers (they
# fall back to the SQLite object cache in data/).
$wgMainCacheType = CACHE_NONE;
# Without this the bot's 91st edit in a minute is rate-limited.
$wgGroupPermissions['bot']['noratelimit'] = true;
# Tests make many human edits and logins, all from 127.0.0.1: lift the limits without changing rights.
$wgRateLimits['edit']['user'] = [ 10000, 60 ];
$wgRateLimits['edit']['newbie'] = [ 10000, 60 ];
$wgPasswordAttemptThrottle = [];
$wgShowExceptionDetails = true;
"""


# Bundled extensions that need tables of their own (created by update.php).
_EXTENSIONS_WITH_TABLES = frozenset({"AbuseFilter", "OATHAuth"})
# What keeps an extension offline in a throwaway wiki: by default SpamBlacklist downloads Meta-Wiki's list.
_OFFLINE_SETTINGS = {
    "SpamBlacklist": "$wgBlacklistSettings = [ 'spam' => [ 'files' => [] ] ];  # MediaWiki:Spam-blacklist only",
    "TitleBlacklist": "$wgTitleBlacklistSources = [];  # MediaWiki:Titleblacklist only",
}


def _extension_settings(extensions: Sequence[str]) -> str:
    lines = ["# ---- extensions asked for by the test (RunningWiki(extensions=...)) ----"]
    for name in extensions:
        lines.append(f"wfLoadExtension( {name!r} );")
        if name in _OFFLINE_SETTINGS:
            lines.append(_OFFLINE_SETTINGS[name])
    return "\n".join(lines) + "\n"


def _wait_until_ready(wiki: DevWiki, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + READY_TIMEOUT
    params = {"action": "query", "meta": "siteinfo", "format": "json"}
    last_problem = "no answer yet"
    while time.monotonic() < deadline:
        if process.poll() is not None:
            last_problem = f"the server exited with status {process.returncode}"
            break
        try:
            reply = requests.get(wiki.api_url, params=params, timeout=5)
            if "general" in reply.json().get("query", {}):
                return
            last_problem = f"unexpected answer: {reply.text[:300]}"
        except (requests.RequestException, ValueError) as error:
            last_problem = str(error)
        time.sleep(0.05)
    raise WikiError(
        f"The local wiki at {wiki.api_url} did not answer siteinfo within {READY_TIMEOUT:.0f} s "
        f"({last_problem}).\n{_log_tail(wiki.directory)}",
        "check PHP and its extensions (pdo_sqlite, intl, mbstring, xml); `python -m bot.devwiki serve "
        "--dir DIR` keeps the wiki's files and full log in DIR",
    )


def _stop_process_group(process: subprocess.Popen[bytes]) -> None:
    pgid = process.pid  # start_new_session made the master the leader of its own group
    with contextlib.suppress(ProcessLookupError):
        os.killpg(pgid, signal.SIGTERM)
    try:
        process.wait(timeout=STOP_TIMEOUT)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(pgid, signal.SIGKILL)
        process.wait()
    # The workers are not our children, so we cannot reap them; wait until none is alive (the init
    # process reaps the zombies within about a second).
    deadline = time.monotonic() + STOP_TIMEOUT
    while live_group_members(pgid):
        if time.monotonic() > deadline:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(pgid, signal.SIGKILL)
            break
        time.sleep(0.01)


def _run(command: Sequence[str], *, env: Mapping[str, str], timeout: float, what: str, cwd: Path | None = None) -> None:
    try:
        result = subprocess.run(
            command,
            env=env,
            cwd=cwd,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired as error:
        raise WikiError(f"{what}: `{' '.join(command)}` took more than {timeout:.0f} s.", "retry") from error
    except OSError as error:
        raise WikiError(f"{what}: could not run {command[0]}: {error}", f"install it: {INSTALL_COMMAND}") from error
    if result.returncode != 0:
        output = (result.stdout + result.stderr).strip().splitlines()[-15:]
        raise WikiError(
            f"{what}: `{' '.join(command)}` failed with status {result.returncode}:\n" + "\n".join(output),
            "run the command by hand to see the full output",
        )


def _log_tail(directory: Path, lines: int = 15) -> str:
    try:
        text = (directory / "server.log").read_text(errors="replace")
    except OSError:
        return "(no server log)"
    return "server log tail:\n" + "\n".join(text.splitlines()[-lines:])


# --------------------------------------------------------------------------------------------------------
# A small API client for humans in tests and demos


class ApiError(WikiError):
    """The API answered with an error; `code` is MediaWiki's error code (e.g. "editconflict")."""

    def __init__(self, code: str, info: str, hint: str = "") -> None:
        super().__init__(f"{code}: {info}", hint)
        self.code = code
        self.info = info


class Revision(TypedDict):
    """The latest revision of a page, as `HumanClient.latest_revision` returns it."""

    revid: int
    parentid: int
    user: str
    comment: str
    timestamp: str
    minor: bool
    bot: bool  # flagged as a bot edit in recent changes
    tags: list[str]


ParamValue = str | int | bool | Sequence[str] | None


class HumanClient:
    """A logged-in person on a local wiki, through the action API with a plain requests.Session.

    Pass one `session` to several clients to share a cookie jar, as a browser would.
    """

    def __init__(self, api_url: str, account: Account, *, session: requests.Session | None = None) -> None:
        self.api_url = api_url
        self.account = account
        self.session = session if session is not None else requests.Session()
        self.session.headers.setdefault("User-Agent", f"mtpbot-devwiki/{__version__} (local test client)")
        self._csrf_token: str | None = None

    def get(self, **params: ParamValue) -> dict[str, Any]:
        return self._call("GET", params)

    def post(self, **params: ParamValue) -> dict[str, Any]:
        return self._call("POST", params)

    @classmethod
    def logged_in(cls, api_url: str, account: Account) -> HumanClient:
        """A client for `account`, already logged in."""
        client = cls(api_url, account)
        client.login()
        return client

    def login(self) -> None:
        """Log in: action=login for a BotPassword ("User@app"), action=clientlogin for a main account
        (action=login with a main-account password is deprecated in 1.39)."""
        token = self.get(action="query", meta="tokens", type="login")["query"]["tokens"]["logintoken"]
        name, password = self.account.username, self.account.password
        if "@" in name:
            reply = self.post(action="login", lgname=name, lgpassword=password, lgtoken=token)["login"]
            ok, reason = reply.get("result") == "Success", reply.get("reason", reply.get("result"))
        else:
            reply = self.post(
                action="clientlogin",
                username=name,
                password=password,
                logintoken=token,
                loginreturnurl=self.api_url,
            )["clientlogin"]
            ok, reason = reply.get("status") == "PASS", reply.get("message", reply.get("status"))
        if not ok:
            raise WikiError(f"Login as {name} at {self.api_url} failed: {reason}", "check the account's password")
        self._csrf_token = None

    def csrf_token(self) -> str:
        if self._csrf_token is None:
            token: str = self.get(action="query", meta="tokens", type="csrf")["query"]["tokens"]["csrftoken"]
            self._csrf_token = token
        return self._csrf_token

    def userinfo(self) -> dict[str, Any]:
        """meta=userinfo with groups and rights: {"id", "name", "groups", "rights", ...}."""
        info: dict[str, Any] = self.get(action="query", meta="userinfo", uiprop=["rights", "groups"])["query"][
            "userinfo"
        ]
        return info

    def edit(self, title: str, text: str, summary: str = "", **params: ParamValue) -> int:
        """Save `text` as the page's new content and return the new revision id (the current one if the
        text was unchanged). Extra API parameters pass through (bot=True, minor=True, baserevid=...)."""
        params = {"assert": "user", **params}
        reply = self.post(action="edit", title=title, text=text, summary=summary, token=self.csrf_token(), **params)
        result: dict[str, Any] = reply["edit"]
        if result.get("result") != "Success":
            raise ApiError(str(result.get("result", "editfailed")), json.dumps(result))
        if result.get("nochange"):
            return self.latest_revision(title)["revid"]
        revid: int = result["newrevid"]
        return revid

    def page_text(self, title: str) -> str | None:
        """The page's current wikitext, or None if it does not exist."""
        page = self._page(title, rvprop=["content"], rvslots="main")
        if page is None:
            return None
        text: str = page["revisions"][0]["slots"]["main"]["content"]
        return text

    def latest_revision(self, title: str) -> Revision:
        """Who made the page's latest revision, with what summary, and whether it is flagged minor / bot."""
        # Revisions do not record the bot flag; recent changes do. Their row may be written a moment after
        # the edit's response (a deferred update), hence the short retry.
        revid = 0
        for _ in range(50):
            reply = self.get(
                action="query",
                prop="revisions",
                titles=title,
                rvprop=["ids", "user", "comment", "flags", "timestamp", "tags"],
                list="recentchanges",
                rctitle=title,
                rcprop=["ids", "flags"],
                rclimit=50,
            )
            page = reply["query"]["pages"][0]
            if page.get("missing") or page.get("invalid"):
                raise ApiError("missingtitle", f"{title} does not exist")
            revision = page["revisions"][0]
            revid = revision["revid"]
            changes = {change["revid"]: change for change in reply["query"]["recentchanges"]}
            change = changes.get(revid)
            if change is not None:
                return Revision(
                    revid=revid,
                    parentid=revision["parentid"],
                    user=revision["user"],
                    comment=revision["comment"],
                    timestamp=revision["timestamp"],
                    minor=bool(revision["minor"]),
                    bot=bool(change["bot"]),
                    tags=list(revision["tags"]),
                )
            time.sleep(0.02)
        raise WikiError(
            f"Revision {revid} of {title} did not appear in recent changes within a second.",
            "the wiki's deferred updates may be failing; look at its server.log",
        )

    def compare(self, fromrev: int, torev: int) -> str:
        """The HTML diff table rows (action=compare) between two revisions."""
        body: str = self.get(action="compare", fromrev=fromrev, torev=torev)["compare"]["body"]
        return body

    def protect(self, title: str, level: str = "sysop", expiry: str = "infinite", reason: str = "") -> None:
        """Protect a page against edits and moves below `level` (needs the admin account)."""
        self.post(
            action="protect",
            title=title,
            protections=f"edit={level}|move={level}",
            expiry=expiry,
            reason=reason,
            token=self.csrf_token(),
        )

    def _page(self, title: str, **params: ParamValue) -> dict[str, Any] | None:
        page: dict[str, Any] = self.get(action="query", prop="revisions", titles=title, **params)["query"]["pages"][0]
        return None if page.get("missing") or page.get("invalid") else page

    def _call(self, method: str, params: Mapping[str, ParamValue]) -> dict[str, Any]:
        data = {"format": "json", "formatversion": "2", **_encode(params)}
        try:
            if method == "GET":
                response = self.session.get(self.api_url, params=data, timeout=60)
            else:
                response = self.session.post(self.api_url, data=data, timeout=60)
            response.raise_for_status()
            reply: dict[str, Any] = response.json()
        except (requests.RequestException, ValueError) as error:
            raise WikiError(f"{method} {self.api_url} failed: {error}", "is the local wiki running?") from error
        if "error" in reply:
            error_info = reply["error"]
            raise ApiError(str(error_info.get("code")), str(error_info.get("info", "")))
        return reply


def _encode(params: Mapping[str, ParamValue]) -> dict[str, str]:
    """API conventions: a boolean is true when present, lists are joined with "|"."""
    encoded = {}
    for key, value in params.items():
        if value is None or value is False:
            continue
        if value is True:
            encoded[key] = "1"
        elif isinstance(value, str | int):
            encoded[key] = str(value)
        else:
            encoded[key] = "|".join(value)
    return encoded


# --------------------------------------------------------------------------------------------------------
# Command line: python -m bot.devwiki serve


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot.devwiki", description="A throwaway local MediaWiki.")
    commands = parser.add_subparsers(dest="command", required=True)
    serve = commands.add_parser("serve", help="start a wiki and keep it running until Ctrl-C")
    serve.add_argument("--dir", type=Path, help="directory for the new wiki (default: a temporary one)")
    serve.add_argument("--port", type=int, help="port on 127.0.0.1 (default: a free one)")
    serve.add_argument("--install", action="store_true", help="apt-get install MediaWiki if missing (root)")
    serve.add_argument("--json", action="store_true", help="print the wiki's details as one JSON line")
    args = parser.parse_args(argv)

    # Stop cleanly on SIGTERM (as from a demo script) and on SIGINT even where it was inherited as ignored
    # (a background job of a non-interactive shell).
    signal.signal(signal.SIGTERM, _raise_keyboard_interrupt)
    signal.signal(signal.SIGINT, _raise_keyboard_interrupt)
    try:
        with RunningWiki(args.dir, args.port, install=args.install) as wiki:
            print(_describe(wiki, as_json=args.json), flush=True)
            with contextlib.suppress(KeyboardInterrupt):
                while True:
                    time.sleep(3600)
    except WikiError as error:
        print(f"error: {error}", file=sys.stderr)
        return int(error.exit_code)
    except KeyboardInterrupt:
        return 130
    return 0


def _raise_keyboard_interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def _describe(wiki: DevWiki, *, as_json: bool) -> str:
    if as_json:
        accounts = {role: {"username": a.username, "password": a.password} for role, a in _roles(wiki)}
        return json.dumps(
            {
                "url": wiki.page_url("Main Page"),
                "api_url": wiki.api_url,
                "directory": str(wiki.directory),
                "request_log": str(wiki.request_log),
                "accounts": accounts,
            }
        )
    lines = [
        f"A throwaway local MediaWiki is running in {wiki.directory}",
        f"  wiki:  {wiki.page_url('Main Page')}",
        f"  api:   {wiki.api_url}",
        "  accounts (local throwaway credentials, valid only on this wiki, gone when it stops):",
        *(f"    {role:<6} {a.username}  {a.password}" for role, a in _roles(wiki)),
        "  publish to it:",
        f"    MTPBOT_USERNAME='{wiki.bot.username}' MTPBOT_PASSWORD='{wiki.bot.password}' "
        f"mtpbot sync --site-url {wiki.api_url}",
        f"  request log: {wiki.request_log}",
        "Press Ctrl-C to stop it.",
    ]
    return "\n".join(lines)


def _roles(wiki: DevWiki) -> Iterator[tuple[str, Account]]:
    yield "admin", wiki.admin
    yield "bot", wiki.bot
    yield "human", wiki.human


if __name__ == "__main__":
    sys.exit(main())

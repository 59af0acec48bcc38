"""The wiki: batched reads and conflict-safe saves, through pywikibot.

This is the only module of mtpbot that imports pywikibot, and it does so lazily (inside
`Wiki.connect()`), so that `import bot.wiki` costs nothing and the offline commands (`validate`,
`render`) never load it.

pywikibot reads its configuration once per process, at its first import, from the directory named by
``PYWIKIBOT_DIR``. `Wiki.connect()` therefore prepares that directory before the first import:

- if ``PYWIKIBOT_DIR`` names a directory holding a ``user-config.py``, it is used as is (the production
  path: the operator's family, code, usernames, password file and login cookies);
- otherwise a private temporary directory (mode 0700, removed at exit) is created with a generated
  ``user-config.py``, and ``PYWIKIBOT_DIR`` points at it. pywikibot's throttle file, API cache and login
  cookies then live there, never in the working directory.

On top of either, the values of `SiteSettings` are applied to ``pywikibot.config`` at run time: the
user agent, ``put_throttle``, ``write_maxlag``, the retry policy, ``solve_captcha = False``, the wiki at
`SiteSettings.api_url` (registered as an AutoFamily through ``family_files``) and, when a username and
password are given (``MTPBOT_USERNAME`` / ``MTPBOT_PASSWORD``), a password file in the private directory
(mode 0600; a BotPassword line for a login name such as ``MtpBot@mtpbot``). pywikibot's console output is
routed into its non-interactive "buffer" interface (it never prompts, and never writes to the terminal
the CLI owns); the buffered messages go to this module's `logging` logger at DEBUG level and into error
messages where they help.

Limitation: pywikibot's configuration is process-global. The first `connect()` of a process fixes the
configuration directory for the life of the process; a `Wiki` re-applies its own settings to the global
config before each operation. Several wikis can be used in one process (each ``api_url`` becomes its own
family, the password file holds one line per site and account), but two `Wiki` objects for the same site
and account share one pywikibot Site and its login session: the second `connect()` does not log in again
(nor check its password) when the first is still logged in.

Requests measured against MediaWiki 1.39 in a fresh process: `connect()` 6 (userinfo at Site creation;
with a BotPassword from the environment: login token, login, userinfo; 2 siteinfo), 1 with an operator's
PYWIKIBOT_DIR that still holds a login cookie and API cache; `fetch()` ceil(P / 500) for a bot (ceil(P / 50)
without apihighlimits), the first one also bringing the edit token; `save()` 1.
"""

from __future__ import annotations

import atexit
import hashlib
import logging
import os
import shutil
import sys
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from types import ModuleType
from typing import Any
from urllib.parse import quote, urlsplit

from bot.errors import ConfigError, PageError, WikiError

__all__ = [
    "ENV_PASSWORD",
    "ENV_USERNAME",
    "PageState",
    "ParsedPage",
    "SaveResult",
    "SiteSettings",
    "Wiki",
]

log = logging.getLogger(__name__)

ENV_USERNAME = "MTPBOT_USERNAME"
ENV_PASSWORD = "MTPBOT_PASSWORD"

#: Titles per query request: MediaWiki's limit for ``titles`` (and for revision content in one request).
BATCH_SIZE = 50
#: The same limit for accounts with the ``apihighlimits`` right (bots).
BATCH_SIZE_HIGH = 500


# --------------------------------------------------------------------------------------------------
# Public value types


@dataclass(frozen=True)
class SiteSettings:
    """Where and how to connect. Built by the CLI from the configuration and the environment.

    `api_url` (any MediaWiki ``api.php``) overrides `family` / `code`. With `username` and `password`
    the bot logs in with them (a BotPassword login name such as ``MtpBot@mtpbot``, or a main-account
    name); with neither, pywikibot's own ``user-config.py`` / password file / cookies decide. The
    password never appears in `repr()`.
    """

    family: str = "meta"
    code: str = "meta"
    api_url: str | None = None
    username: str | None = None
    password: str | None = field(default=None, repr=False)
    user_agent: str = ""
    put_throttle: float = 10.0
    maxlag: int = 5
    max_retries: int = 5
    retry_wait: int = 5

    def __post_init__(self) -> None:
        if self.api_url is not None:
            parts = urlsplit(self.api_url)
            if parts.scheme not in ("http", "https") or not parts.netloc or not parts.path.endswith("api.php"):
                raise ConfigError(
                    f"The site URL {self.api_url!r} is not the address of a MediaWiki api.php.",
                    "Give the full URL of the wiki's API, e.g. https://meta.wikimedia.org/w/api.php.",
                )
        if self.password is not None and not self.username:
            raise ConfigError(
                f"A password is set but no username ({ENV_PASSWORD} without {ENV_USERNAME}).",
                f"Set {ENV_USERNAME} to the bot's login name, e.g. MtpBot@mtpbot.",
            )
        if self.put_throttle < 0 or self.maxlag < 0 or self.max_retries < 0 or self.retry_wait < 0:
            raise ConfigError(
                "put_throttle, maxlag, max_retries and retry_wait must not be negative.",
                "Fix the site settings in the configuration.",
            )

    def with_credentials_from(self, environ: Mapping[str, str]) -> SiteSettings:
        """Return a copy with username/password taken from MTPBOT_USERNAME / MTPBOT_PASSWORD, if set."""
        username = environ.get(ENV_USERNAME) or None
        password = environ.get(ENV_PASSWORD) or None
        if username is None and password is None:
            return self
        return replace(self, username=username, password=password)

    @property
    def target(self) -> str:
        """The wiki in words, for messages: the API URL or family:code."""
        return self.api_url or f"{self.family}:{self.code}"


@dataclass(frozen=True)
class PageState:
    """A page as read from the wiki: its latest revision, or `exists=False` with empty text."""

    title: str
    exists: bool
    text: str
    revid: int | None
    timestamp: str | None
    last_user: str | None

    @classmethod
    def missing(cls, title: str) -> PageState:
        """A page that does not exist (yet)."""
        return cls(title=title, exists=False, text="", revid=None, timestamp=None, last_user=None)


@dataclass(frozen=True)
class SaveResult:
    """What a save did. `nochange`: the wiki already had that text; `revid` is then the base revision."""

    title: str
    revid: int | None
    created: bool
    nochange: bool


@dataclass(frozen=True)
class ParsedPage:
    """Wikitext as the wiki's parser renders it (`Wiki.parse`): nothing is saved."""

    title: str  # the title it was parsed as, normalised by the wiki
    html: str  # the parser output (the page body, without the skin)
    display_title: str  # HTML
    categories: tuple[str, ...]  # names without the namespace, in the parser's order


# --------------------------------------------------------------------------------------------------
# Error mapping (MediaWiki API error code -> stable reason code)

_REASONS: dict[str, str] = {
    "editconflict": "edit-conflict",
    "protectedpage": "protected",
    "protectedtitle": "protected",
    "protectednamespace": "protected",
    "protectednamespace-interface": "protected",
    "customcssprotected": "protected",
    "customjsprotected": "protected",
    "customjsonprotected": "protected",
    "sitecssprotected": "protected",
    "sitejsprotected": "protected",
    "sitejsonprotected": "protected",
    "cascadeprotected": "cascade-protected",
    "spamblacklist": "spam-blacklist",
    "abusefilter-disallowed": "abuse-filter",
    "abusefilter-warning": "abuse-filter",
    "abusefilter-blocked": "abuse-filter",
    "titleblacklist-forbidden": "title-blacklist",
    "titleblacklist-forbidden-edit": "title-blacklist",
    "titleblacklist-forbidden-create": "title-blacklist",
    "cantcreate": "no-create",
    "cantcreate-anon": "no-create",
    "nocreate-missing": "no-create",
    "articleexists": "page-created-meanwhile",
    "pagedeleted": "page-deleted-meanwhile",
    "captcha": "captcha",
    "maxlag": "maxlag",
}

_HINTS: dict[str, str] = {
    "edit-conflict": "Nothing was saved. The next run reads the new text and tries again; the human edit is kept.",
    "protected": "Ask an administrator to lift the protection or give the bot account the right to edit it, "
    "or remove the page from the configuration.",
    "cascade-protected": "The page is transcluded in a cascade-protected page; ask an administrator to "
    "remove it from there or lift the cascade protection.",
    "spam-blacklist": "Remove or change the blocked link in the metric source, or ask for a whitelist entry.",
    "abuse-filter": "Read the filter's message; if the edit is legitimate, ask an edit filter manager to "
    "exempt the bot.",
    "title-blacklist": "Choose another title, or ask an administrator for an exemption.",
    "no-create": "Create the page by hand (with the mtpbot markers), or give the bot the right to create "
    "pages (BotPassword grant 'createeditmovepage').",
    "page-created-meanwhile": "Nothing was saved. The next run reads the new page and fills its managed regions.",
    "page-deleted-meanwhile": "Nothing was saved. Check the deletion log before publishing the page again.",
    "captcha": "Give the bot account the 'skipcaptcha' right (the bot group has it on Wikimedia wikis).",
    "maxlag": "The wiki is under load; run again later.",
    "other": "Check the error above; run again when it is fixed.",
}


def _describe(code: str, info: str) -> str:
    info = " ".join(info.split())
    return f"API error {code!r}: {info}" if info else f"API error {code!r}"


# --------------------------------------------------------------------------------------------------
# The process-wide pywikibot setup


class _Runtime:
    """pywikibot's process-global state as mtpbot prepared it (one per process)."""

    def __init__(self, private_dir: Path, config_dir: Path, generated: bool) -> None:
        self.private_dir = private_dir
        self.config_dir = config_dir
        self.generated = generated
        self.password_lines: dict[tuple[str, str, str], str] = {}
        self.user_agent_format = ""  # pywikibot's own, restored for settings without a user agent
        self.password_file_before: Any = None  # the user-config's, restored for settings without a password

    @property
    def password_file(self) -> Path:
        return self.private_dir / "passwords"

    def write_passwords(self) -> None:
        data = "".join(line + "\n" for line in self.password_lines.values())
        fd = os.open(self.password_file, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(data)
        os.chmod(self.password_file, 0o600)


_runtime: _Runtime | None = None


def _user_config(settings: SiteSettings, family: str, code: str) -> str:
    """The generated user-config.py (for reading by a person; run-time values are set again later)."""
    lines = [
        "# Generated by mtpbot (bot/wiki.py) for one run; removed when the run ends.",
        f"family = {family!r}",
        f"mylang = {code!r}",
    ]
    if settings.api_url:
        lines.append(f"family_files[{family!r}] = {settings.api_url!r}")
    # put_throttle (a float) is set at run time only: pywikibot warns about a float in user-config.py.
    lines += [
        f"write_maxlag = {settings.maxlag!r}",
        f"max_retries = {settings.max_retries!r}",
        f"retry_wait = {settings.retry_wait!r}",
        "solve_captcha = False",
        "userinterface = 'buffer'",
        "log = []",
        "verbose_output = 0",
    ]
    return "\n".join(lines) + "\n"


def _family_for(settings: SiteSettings) -> tuple[str, str]:
    """pywikibot (family, code) of the target wiki; an api_url gets a family named after its hash."""
    if settings.api_url is None:
        return settings.family, settings.code
    digest = hashlib.sha256(settings.api_url.encode("utf-8")).hexdigest()[:10]
    name = f"mtpbot{digest}"
    return name, name


def _import_pywikibot(settings: SiteSettings) -> ModuleType:
    """Prepare PYWIKIBOT_DIR (first call only), import pywikibot and silence its console output."""
    global _runtime
    if _runtime is None:
        private_dir = Path(tempfile.mkdtemp(prefix="mtpbot-pywikibot-"))  # mode 0700
        # Registered before pywikibot's own exit handlers, so it runs after them (atexit is LIFO).
        atexit.register(shutil.rmtree, private_dir, True)
        user_dir = os.environ.get("PYWIKIBOT_DIR")
        if "pywikibot" in sys.modules:
            config_dir = Path(sys.modules["pywikibot"].config.base_dir)
            generated = False
        elif user_dir and (Path(user_dir) / "user-config.py").is_file():
            config_dir = Path(user_dir)
            generated = False
        else:
            family, code = _family_for(settings)
            (private_dir / "user-config.py").write_text(_user_config(settings, family, code), "utf-8")
            os.environ["PYWIKIBOT_DIR"] = str(private_dir)
            config_dir = private_dir
            generated = True
        _runtime = _Runtime(private_dir, config_dir, generated)
        log.debug("pywikibot configuration directory: %s", config_dir)
    try:
        import pywikibot
        import pywikibot.bot
        from pywikibot import config
    except Exception as exc:  # a broken user-config.py raises anything
        raise ConfigError(
            f"pywikibot could not load its configuration from {_runtime.config_dir}: {exc}",
            "Fix user-config.py there, or unset PYWIKIBOT_DIR to let mtpbot configure pywikibot.",
        ) from None
    if not _runtime.user_agent_format:
        _runtime.user_agent_format = str(config.user_agent_format)
        _runtime.password_file_before = config.password_file
    if config.userinterface != "buffer" or not _is_buffer_ui(pywikibot.bot.ui):
        config.userinterface = "buffer"
        pywikibot.bot.set_interface("buffer")
    module: ModuleType = pywikibot
    return module


def _post(site: Any, params: dict[str, Any]) -> Any:
    """Submit an API request as a POST. pywikibot would otherwise, on https, first ask the wiki for the
    module's parameter info to decide between GET and POST: one more request per module per run."""
    request = site.simple_request(**params)
    request.use_get = False
    return request.submit()


def _require_private(password_file: str | None, base_dir: Path) -> None:
    """Refuse a password file other users can read: the BotPassword would leak to anyone on the host."""
    if not password_file:
        return
    path = Path(password_file) if os.path.isabs(password_file) else base_dir / password_file
    try:
        mode = path.stat().st_mode
    except OSError:
        return  # pywikibot reports a missing file itself, when it needs it
    if mode & 0o077:
        raise ConfigError(
            f"the password file {path} can be read by other users (mode {oct(mode & 0o777)})",
            f"make it private with `chmod 600 {path}`, then run again",
        )


def _configured_user(config: Any, family: str, code: str) -> str | None:
    """The username pywikibot's configuration gives for a site (the lookup LoginManager does)."""
    names: Mapping[str, str] = config.usernames.get(family) or config.usernames.get("*") or {}
    name = names.get(code) or names.get("*")
    return str(name) if name else None


def _is_buffer_ui(ui: Any) -> bool:
    return type(ui).__module__.endswith("buffer_interface")


def _drain(pywikibot: Any) -> list[str]:
    """Take pywikibot's buffered console output; log it at DEBUG level and return it."""
    ui = getattr(pywikibot.bot, "ui", None)
    if ui is None or not hasattr(ui, "pop_output"):
        return []
    messages = [str(message) for message in ui.pop_output()]
    for message in messages:
        log.debug("pywikibot: %s", message)
    return messages


# --------------------------------------------------------------------------------------------------
# The wiki


class Wiki:
    """One wiki, one account. Construct cheaply; `connect()` does the network and the login."""

    def __init__(self, settings: SiteSettings) -> None:
        self.settings = settings
        self._site: Any = None
        self._pywikibot: Any = None
        self._family = ""
        self._csrf: str | None = None  # fetched with the first batched read

    # -- connection -------------------------------------------------------------------------------

    def connect(self, *, login: bool = True) -> None:
        """Configure pywikibot, create the Site and (by default) log in.

        Also loads the site information (namespaces, article path) so that later reads are one request
        per batch. Raises `WikiError` when the wiki cannot be reached or refuses the login, and
        `ConfigError` for an unknown family/code or a broken pywikibot configuration.
        """
        settings = self.settings
        pywikibot = _import_pywikibot(settings)
        self._pywikibot = pywikibot
        from pywikibot import config
        from pywikibot.exceptions import (
            NoUsernameError,
            SiteDefinitionError,
        )
        from pywikibot.tools import normalize_username

        family, code = _family_for(settings)
        self._family = family
        self._apply_settings()

        account: str | None = None
        if settings.username:
            login_name = settings.username.strip()
            account_part, _, suffix = login_name.partition("@")
            account = normalize_username(account_part)
            if not account:
                raise ConfigError(
                    f"{ENV_USERNAME} ({login_name!r}) is not a valid user name.",
                    "Use the BotPassword login name shown by Special:BotPasswords, e.g. MtpBot@mtpbot.",
                )
            config.usernames[family][code] = account
            if settings.password is not None:
                self._store_password(config, family, code, account, suffix, settings.password)
        if settings.password is None:
            assert _runtime is not None
            config.password_file = _runtime.password_file_before
            _require_private(config.password_file, Path(config.base_dir))
        if login and account is None and not _configured_user(config, family, code):
            raise WikiError(f"No account is configured to log in to {settings.target}.", self._login_hint())

        try:
            site = pywikibot.Site(code, family, user=account)
            site.throttle.set_delays(writedelay=settings.put_throttle or None)
            if login:
                self._login(site)
                if not site.logged_in():
                    messages = [m for m in _drain(pywikibot) if "Logging in" not in m]
                    detail = f" ({self._scrub(messages[-1])})" if messages else ""
                    raise WikiError(
                        f"Could not log in to {settings.target} as {account or site.username()}{detail}.",
                        self._login_hint(),
                    )
            # Site information, loaded once now (2 requests) rather than inside the first fetch.
            site.siteinfo.get("general")
            site.has_extension("ProofreadPage")
        except WikiError:
            raise
        except NoUsernameError as exc:
            _drain(pywikibot)
            as_whom = f" as {settings.username}" if settings.username else ""
            raise WikiError(
                f"Could not log in to {settings.target}{as_whom}: {self._scrub(str(exc))}",
                self._login_hint(),
            ) from None
        except SiteDefinitionError as exc:
            _drain(pywikibot)
            raise ConfigError(
                f"pywikibot does not know the wiki {settings.target}: {self._scrub(str(exc))}",
                "Check the site's family and code in the configuration, or use --site-url.",
            ) from None
        except Exception as exc:
            _drain(pywikibot)
            raise WikiError(
                f"Could not reach the wiki {settings.target}: {self._scrub(self._explain(exc))}",
                "Check the address and the network; if the wiki is down or read-only, run again later.",
            ) from None
        _drain(pywikibot)
        self._site = site
        log.debug("connected to %s as %s", settings.target, self.username or "(anonymous)")

    def _login(self, site: Any) -> None:
        """Log in; with a BotPassword from the environment in 2 requests (a login token, action=login),
        plus the userinfo that follows any login.

        pywikibot's own login first asks for the userinfo again, then the parameter info of two modules
        to learn the token types, then every kind of token: 4 requests more on each cold run. Cookies, a
        main-account password or OAuth from an operator's configuration still go through pywikibot.
        """
        settings = self.settings
        if site.logged_in() or not (settings.username and settings.password and "@" in settings.username):
            site.login()
            return
        from pywikibot import login
        from pywikibot.exceptions import APIError

        try:
            tokens = _post(site, {"action": "query", "meta": "tokens", "type": "login"})
            token = tokens["query"]["tokens"]["logintoken"]
            reply = _post(
                site,
                {
                    "action": "login",
                    "lgname": settings.username.strip(),
                    "lgpassword": settings.password,
                    "lgtoken": token,
                },
            )
        except APIError as exc:
            raise WikiError(
                f"Could not log in to {settings.target} as {settings.username}: "
                f"{self._scrub(f'{exc.code}: {exc.info}')}",
                self._login_hint(),
            ) from None
        result = reply.get("login", {})
        if result.get("result") != "Success":
            reason = self._scrub(str(result.get("reason") or result.get("result") or "refused"))
            raise WikiError(
                f"Could not log in to {settings.target} as {settings.username}: {reason}.", self._login_hint()
            )
        del site.userinfo  # the logged-in account, its groups and rights: one request
        if site.userinfo.get("name") == site.username():
            site._loginstatus = login.LoginStatus.AS_USER
            from pywikibot.comms import http

            if http.cookie_jar.filename:  # as pywikibot's own login does: the next run reuses the session
                http.cookie_jar.save(ignore_discard=True)

    def _apply_settings(self) -> None:
        """Set this Wiki's values in pywikibot's global config (before each operation: it is shared)."""
        assert _runtime is not None
        config = self._pywikibot.config
        settings = self.settings
        config.put_throttle = settings.put_throttle
        config.write_maxlag = settings.maxlag
        config.max_retries = settings.max_retries
        config.retry_wait = settings.retry_wait
        config.retry_max = max(settings.retry_wait, 120)
        config.solve_captcha = False
        if settings.user_agent:
            escaped = settings.user_agent.replace("{", "{{").replace("}", "}}")
            config.user_agent_format = escaped + " {pwb} {python} {http_backend}"
        else:
            config.user_agent_format = _runtime.user_agent_format
        if settings.api_url is not None:
            config.family_files[self._family] = settings.api_url

    def _store_password(self, config: Any, family: str, code: str, account: str, suffix: str, password: str) -> None:
        """Write the credentials into the private password file pywikibot reads at login."""
        assert _runtime is not None
        entry = f"BotPassword({suffix!r},{password!r})" if suffix else repr(password)
        # pywikibot parses each line with ast.literal_eval after removing the word "BotPassword".
        line = f"({code!r},{family!r},{account!r},{entry})"
        _runtime.password_lines[(code, family, account)] = line
        _runtime.write_passwords()
        config.password_file = str(_runtime.password_file)

    def _login_hint(self) -> str:
        if self.settings.username:
            return (
                f"Check {ENV_USERNAME} (the BotPassword login name, e.g. MtpBot@mtpbot) and {ENV_PASSWORD}; "
                "the BotPassword needs the grants 'basic', 'highvolume', 'editpage' and "
                "'createeditmovepage' (Special:BotPasswords)."
            )
        return (
            f"Set {ENV_USERNAME} and {ENV_PASSWORD} (a BotPassword), or point PYWIKIBOT_DIR at a "
            "pywikibot directory whose user-config.py names the account and a password_file."
        )

    def _scrub(self, text: str) -> str:
        """Text for a message: never the password; the wiki's URL instead of a generated family name."""
        password = self.settings.password
        if password:
            text = text.replace(password, "***")
        if self.settings.api_url is not None and self._family:
            text = text.replace(f"{self._family}:{self._family}", self.settings.api_url)
        return text

    @staticmethod
    def _explain(exc: BaseException) -> str:
        text = " ".join(str(exc).split())
        return f"{type(exc).__name__}: {text}" if text else type(exc).__name__

    def _require_site(self) -> Any:
        if self._site is None:
            raise RuntimeError("Wiki.connect() must be called first")
        self._apply_settings()
        return self._site

    # -- account ----------------------------------------------------------------------------------

    @property
    def username(self) -> str:
        """The account the bot is logged in as ("" when not logged in)."""
        site = self._require_site()
        name = site.user()
        return str(name) if name else ""

    def has_right(self, right: str) -> bool:
        """Whether the logged-in account (with its BotPassword grants) has `right`, e.g. "bot"."""
        return bool(self._require_site().has_right(right))

    @property
    def batch_size(self) -> int:
        """Titles per read request: 500 with apihighlimits (bots), else 50."""
        return BATCH_SIZE_HIGH if self.has_right("apihighlimits") else BATCH_SIZE

    # -- reading ----------------------------------------------------------------------------------

    def fetch(self, titles: Sequence[str]) -> dict[str, PageState]:
        """Read the latest revision of every page, `batch_size` titles per request.

        The result is keyed by the titles as given; `PageState.title` is the wiki's normalised title
        (the one to save to). Missing pages come back with `exists=False`. Redirects are not followed.
        Raises `ConfigError` for a title the wiki cannot hold (invalid, special page, interwiki),
        `PageError(reason="unreadable")` when a page's latest text is hidden, and `WikiError` when the
        wiki does not answer.
        """
        site = self._require_site()
        wanted = list(dict.fromkeys(titles))
        for title in wanted:
            if not title.strip() or "|" in title:
                raise ConfigError(
                    f"{title!r} is not a valid page title.",
                    "Fix the page titles in the configuration.",
                )
        states: dict[str, PageState] = {}
        size = self.batch_size
        for start in range(0, len(wanted), size):
            states.update(self._fetch_batch(site, wanted[start : start + size]))
        return {title: states[title] for title in titles}

    def _fetch_batch(self, site: Any, batch: list[str]) -> dict[str, PageState]:
        params: dict[str, Any] = {
            "action": "query",
            "prop": "revisions",
            "rvprop": "ids|timestamp|user|content",
            "rvslots": "main",
            "titles": batch,
            "formatversion": 2,
        }
        if self._csrf is None and site.logged_in():
            # The edit token rides along with the first read: the first save then needs no request of its own.
            params.update(meta="tokens", type="csrf")
        normalized: dict[str, str] = {}
        interwiki: set[str] = set()
        pages: dict[str, dict[str, Any]] = {}
        continuation: dict[str, Any] = {}
        while True:
            data = self._query(site, {**params, **continuation})
            query = data.get("query", {})
            token = query.get("tokens", {}).get("csrftoken")
            if token and token != "+\\":  # "+\\" is the token of an anonymous user
                self._csrf = str(token)
            for item in query.get("normalized", []):
                normalized[str(item["from"])] = str(item["to"])
            for item in query.get("interwiki", []):
                interwiki.add(str(item["title"]))
            for page in query.get("pages", []):
                known = pages.get(page["title"])
                if known is None or ("revisions" in page and "revisions" not in known):
                    pages[str(page["title"])] = page
            if "continue" not in data:
                break
            continuation = dict(data["continue"])

        states: dict[str, PageState] = {}
        for asked in batch:
            title = normalized.get(asked, asked)
            if title in interwiki or asked in interwiki:
                raise ConfigError(
                    f"{asked!r} is an interwiki link, not a page on this wiki.",
                    "Fix the page titles in the configuration.",
                )
            page = pages.get(title)
            if page is None:
                raise WikiError(f"The wiki's answer did not include the page {asked!r}.")
            states[asked] = self._state(asked, page)
        return states

    def _query(self, site: Any, params: dict[str, Any]) -> dict[str, Any]:
        pywikibot = self._pywikibot
        try:
            data = _post(site, params)
        except Exception as exc:
            _drain(pywikibot)
            code = getattr(exc, "code", None)
            detail = _describe(str(code), str(getattr(exc, "info", ""))) if code else self._explain(exc)
            raise WikiError(
                f"Could not read pages from {self.settings.target}: {self._scrub(detail)}",
                "Check the network and the wiki's status; run again later.",
            ) from None
        _drain(pywikibot)
        return dict(data)

    @staticmethod
    def _state(asked: str, page: dict[str, Any]) -> PageState:
        title = str(page["title"])
        if page.get("invalid"):
            raise ConfigError(
                f"{asked!r} is not a valid page title on this wiki: {page.get('invalidreason', '')}",
                "Fix the page titles in the configuration.",
            )
        if page.get("special"):
            raise ConfigError(
                f"{asked!r} is a special page; it cannot be edited.",
                "Fix the page titles in the configuration.",
            )
        if page.get("missing"):
            return PageState.missing(title)
        revisions = page.get("revisions") or []
        if not revisions:
            raise WikiError(f"The wiki returned no revision for the existing page {title!r}.")
        revision = revisions[0]
        slot = revision.get("slots", {}).get("main", {})
        if slot.get("texthidden") or "content" not in slot:
            raise PageError(
                title,
                "unreadable",
                f"The text of the latest revision of {title} is hidden or unavailable.",
                "An administrator hid the revision; the bot will not edit a page it cannot read.",
            )
        user = revision.get("user")
        return PageState(
            title=title,
            exists=True,
            text=str(slot["content"]),
            revid=int(revision["revid"]),
            timestamp=str(revision["timestamp"]),
            last_user=str(user) if user is not None and not revision.get("userhidden") else None,
        )

    # -- parsing (previews; nothing is saved) ------------------------------------------------------

    @property
    def site_name(self) -> str:
        """The wiki's name (siteinfo ``sitename``), e.g. "Meta"."""
        return str(self._require_site().siteinfo["general"]["sitename"])

    @property
    def index_url(self) -> str:
        """The absolute address of the wiki's index.php (from its server and script path)."""
        general = self._require_site().siteinfo["general"]
        server = str(general["server"])
        if server.startswith("//"):
            server = "https:" + server
        return server + str(general["script"])

    def parse(self, text: str, title: str) -> ParsedPage:
        """Render `text` as the page `title` would show it, with the wiki's own parser; save nothing.

        One ``action=parse`` request, always POSTed (page texts are long): ``contentmodel=wikitext``,
        ``prop=text|categories|displaytitle``, no limit report and no section edit links. Works without
        a login. Raises `ConfigError` for a title the wiki cannot hold and `WikiError` otherwise.
        """
        site = self._require_site()
        pywikibot = self._pywikibot
        params: dict[str, Any] = {
            "action": "parse",
            "title": title,
            "text": text,
            "contentmodel": "wikitext",
            "prop": ["text", "categories", "displaytitle"],
            "disablelimitreport": True,
            "disableeditsection": True,
            "formatversion": 2,
        }
        from pywikibot.exceptions import APIError

        try:
            request = site.simple_request(**params)
            request.use_get = False  # a POST: a page's text does not fit in a URL
            data = request.submit()
        except APIError as exc:
            _drain(pywikibot)
            detail = self._scrub(_describe(str(exc.code), str(exc.info)))
            if exc.code in ("invalidtitle", "missingtitle", "pagecannotexist"):
                raise ConfigError(
                    f"The wiki cannot render the page {title!r}: {detail}",
                    "Fix the page titles in the configuration.",
                ) from None
            raise WikiError(
                f"{self.settings.target} could not render {title}: {detail}",
                "Check the wiki's status; run again later.",
            ) from None
        except Exception as exc:
            _drain(pywikibot)
            raise WikiError(
                f"Could not render {title} on {self.settings.target}: {self._scrub(self._explain(exc))}",
                "Check the network and the wiki's status; run again later.",
            ) from None
        _drain(pywikibot)
        parsed = dict(data.get("parse", {}))
        if "text" not in parsed:
            raise WikiError(f"The wiki's answer to parsing {title} holds no text.")
        categories = tuple(str(c.get("category", "")).replace("_", " ") for c in parsed.get("categories", []))
        return ParsedPage(
            title=str(parsed.get("title", title)),
            html=str(parsed["text"]),
            display_title=str(parsed.get("displaytitle", "")),
            categories=categories,
        )

    # -- writing ----------------------------------------------------------------------------------

    def save(
        self,
        state: PageState,
        text: str,
        summary: str,
        *,
        bot: bool = True,
        minor: bool = False,
    ) -> SaveResult:
        """Save `text` to the page read as `state`; never overwrite an edit made since.

        An existing page is saved with ``baserevid=state.revid`` and no ``basetimestamp`` (which has
        one-second resolution), plus ``nocreate``; MediaWiki merges an intervening edit on other lines
        and refuses an overlapping one. A page that did not exist is saved with ``createonly``, so a page
        created meanwhile is a conflict. The edit carries the bot flag (when the account has the right),
        ``maxlag``, an md5 of the text and the summary as given. Every refusal raises `PageError` with a
        stable `reason` (see the module's table) and the API error code and text in its message.
        """
        site = self._require_site()
        if not site.logged_in():
            raise WikiError(
                f"The bot is not logged in to {self.settings.target}, so it cannot save {state.title}.",
                self._login_hint(),
            )
        if not summary.strip():
            raise ValueError("an edit summary is required")
        if state.exists and state.revid is None:
            raise ValueError("an existing page needs the revision id it was read at")
        params: dict[str, Any] = {
            "action": "edit",
            "title": state.title,
            "text": text,
            "summary": summary,
            "md5": hashlib.md5(text.encode("utf-8")).hexdigest(),
            "watchlist": "nochange",
            "formatversion": 2,
        }
        if state.exists:
            params["baserevid"] = state.revid
            params["nocreate"] = True
        else:
            params["createonly"] = True
        params["minor" if minor else "notminor"] = True
        pywikibot = self._pywikibot
        from pywikibot.exceptions import APIError, MaxlagTimeoutError

        try:
            if bot and site.has_right("bot"):
                params["bot"] = True
            params["token"] = self._csrf or site.tokens["csrf"]
            try:
                data = _post(site, params)
            except APIError as exc:
                if exc.code != "badtoken" or self._csrf is None:
                    raise
                self._csrf = None  # the session changed during the run: a fresh token, once
                params["token"] = site.tokens["csrf"]
                data = _post(site, params)
        except APIError as exc:
            _drain(pywikibot)
            landed = self._own_save(site, state, text) if exc.code == "articleexists" else None
            if landed is not None:
                return landed
            raise self._page_error(state, str(exc.code), str(exc.info), dict(exc.other)) from None
        except MaxlagTimeoutError:
            _drain(pywikibot)
            raise self._page_error(state, "maxlag", "the database replication lag stayed too high", {}) from None
        except Exception as exc:
            _drain(pywikibot)
            raise PageError(
                state.title,
                "other",
                f"Could not save {state.title}: {self._scrub(self._explain(exc))}",
                "Check the network and the wiki's status; run again later.",
            ) from None
        _drain(pywikibot)
        edit = dict(data.get("edit", {}))
        if edit.get("result") == "Success":
            nochange = bool(edit.get("nochange"))
            landed = self._own_save(site, state, text) if nochange and text != state.text else None
            if landed is not None:
                return landed
            revid = edit.get("newrevid")
            return SaveResult(
                title=str(edit.get("title", state.title)),
                revid=int(revid) if revid is not None else state.revid,
                created=bool(edit.get("new")),
                nochange=nochange,
            )
        if "captcha" in edit:
            raise self._page_error(state, "captcha", "the wiki asks for a CAPTCHA", edit)
        if "spamblacklist" in edit:
            raise self._page_error(state, "spamblacklist", str(edit["spamblacklist"]), edit)
        code = str(edit.get("code") or edit.get("result") or "unknown")
        info = str(edit.get("info") or edit.get("warning") or "")
        raise self._page_error(state, code, info, edit)

    def _own_save(self, site: Any, state: PageState, text: str) -> SaveResult | None:
        """The save of `text` made by this very call, when the wiki's answer to it was lost.

        pywikibot sends a request again when the connection breaks before the answer arrives. If the
        first attempt had reached the wiki, the second finds the work done: ``articleexists`` for a
        creation, ``nochange`` for an edit. It was this save if the page's latest revision is by this
        account, holds exactly `text` and follows the revision that was read (1 request; None otherwise).
        """
        params = {
            "action": "query",
            "prop": "revisions",
            "titles": state.title,
            "rvprop": "ids|user|sha1",
            "rvlimit": 1,
            "formatversion": 2,
        }
        try:
            pages = self._query(site, params).get("query", {}).get("pages", [])
        except WikiError:
            return None
        latest = (pages[0].get("revisions") or [{}])[0] if pages else {}
        saved = text.rstrip(" \t\n\r\0\x0b")  # MediaWiki trims the end of a page's text
        if (
            latest.get("user") != self.username
            or latest.get("sha1") != hashlib.sha1(saved.encode("utf-8")).hexdigest()
            or latest.get("parentid") != (state.revid or 0)
        ):
            return None
        log.debug("the answer to saving %s was lost; the save is revision %s", state.title, latest["revid"])
        return SaveResult(str(pages[0]["title"]), int(latest["revid"]), created=not state.exists, nochange=False)

    def _page_error(self, state: PageState, code: str, info: str, other: dict[str, Any]) -> PageError:
        title = state.title
        reason = _REASONS.get(code, "other")
        if code == "missingtitle":
            reason = "page-deleted-meanwhile" if state.exists else "no-create"
        detail = self._scrub(_describe(code, info))
        if reason == "edit-conflict":
            message = (
                f"{title} was edited after the bot read revision {state.revid}, and the edits overlap; "
                f"MediaWiki refused to save ({detail})."
            )
        elif reason == "protected":
            message = f"{title} is protected against edits by the bot account ({detail})."
        elif reason == "cascade-protected":
            message = f"{title} is protected because a cascade-protected page transcludes it ({detail})."
        elif reason == "spam-blacklist":
            matches = other.get(code, {}).get("matches") if isinstance(other.get(code), dict) else None
            blocked = f" Blocked: {', '.join(map(str, matches))}." if matches else ""
            message = f"The new text of {title} contains a link on the spam blacklist ({detail}).{blocked}"
        elif reason == "abuse-filter":
            message = f"An abuse filter stopped the edit to {title} ({detail})."
        elif reason == "title-blacklist":
            message = f"The title {title} is on the title blacklist ({detail})."
        elif reason == "no-create":
            message = f"The bot account may not create {title} ({detail})."
        elif reason == "page-created-meanwhile":
            message = f"{title} did not exist when the bot read it, but someone has created it since ({detail})."
        elif reason == "page-deleted-meanwhile":
            message = f"{title} was deleted after the bot read it ({detail})."
        elif reason == "captcha":
            message = f"The wiki asked for a CAPTCHA to save {title}; the bot cannot solve it ({detail})."
        elif reason == "maxlag":
            message = (
                f"{title} was not saved: the wiki's database lag stayed above {self.settings.maxlag} s ({detail})."
            )
        else:
            message = f"The wiki refused to save {title} ({detail})."
        return PageError(title, reason, message, _HINTS[reason])

    # -- links ------------------------------------------------------------------------------------

    def page_url(self, title: str) -> str:
        """The address of the page on the wiki (from the site's server and article path)."""
        general = self._require_site().siteinfo["general"]
        server = str(general["server"])
        if server.startswith("//"):
            server = "https:" + server
        article_path = str(general["articlepath"])
        encoded = quote(title.strip().replace(" ", "_"), safe=";@$!*(),/~:")
        return server + article_path.replace("$1", encoded)

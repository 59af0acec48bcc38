"""Connecting to the wiki: the pywikibot Site, the login, and what every request of a connection shares.

The values of `SiteSettings` are applied to ``pywikibot.config`` at run time, before each operation (the
config is process-global, see bot.mediawiki.runtime): the user agent, ``put_throttle``, ``write_maxlag``, the
retry policy, ``solve_captcha = False``, the wiki at `SiteSettings.api_url` (registered as an AutoFamily
through ``family_files``) and, when a username and password are given (``MTPBOT_USERNAME`` /
``MTPBOT_PASSWORD``), the credentials, held in memory and never written to a file (bot.mediawiki.runtime; a
BotPassword for a login name such as ``MtpBot@mtpbot``).

Several wikis can be used in one process (each ``api_url`` becomes its own family, the credentials are kept
per site and account), but two sessions for the same site and account share one pywikibot Site and
its login session: the second `connect()` does not log in again (nor check its password) when the first is
still logged in.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from bot.errors import ConfigError, MtpbotError, WikiError
from bot.mediawiki import retries
from bot.mediawiki.links import api_address
from bot.mediawiki.retries import RetriesFailed, Retrying, UnusableAnswer, WikiUnreachable
from bot.mediawiki.runtime import current_runtime, drain, family_for, import_pywikibot, require_private
from bot.mediawiki.settings import ENV_PASSWORD, ENV_USERNAME, SETTING_OF, SITE_OPTION, SiteSettings

log = logging.getLogger(__name__)

# Hints shared by the reads, saves and parses of this package.
NETWORK_HINT = "Check the network and the wiki's status; run again later."
BAD_TITLE_HINT = "Fix the page titles in the configuration."


class Session:
    """One connection: the pywikibot Site for one `SiteSettings`, and what the operations on it share."""

    def __init__(self, settings: SiteSettings, pywikibot: Any, family: str, url: str | None = None) -> None:
        self.settings = settings
        self.pywikibot = pywikibot
        self.family = family  # pywikibot's family name for the wiki (generated for an api_url)
        self.url = url or settings.target  # the wiki's api.php (see links.api_address): how messages name it
        self.retrying = Retrying(self.url, settings.retry_budget, scrub=self.scrub)  # the run's retries, budget
        self.site: Any = None  # set by connect()
        self.csrf: str | None = None  # the edit token, fetched with the first batched read
        self.block_notice: str | None = None  # an anonymous read's word on the account's block (bot.mediawiki.blocks)

    @property
    def username(self) -> str:
        """The account the bot is logged in as ("" when not logged in)."""
        name = self.site.user()
        return str(name) if name else ""

    def apply_settings(self) -> None:
        """Set these settings in pywikibot's global config (before each operation: it is shared)."""
        config = self.pywikibot.config
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
            config.user_agent_format = current_runtime().user_agent_format
        if settings.api_url is not None:
            config.family_files[self.family] = settings.api_url
        retries.activate(self.retrying)

    def post(self, params: dict[str, Any]) -> Any:
        """Submit an API request as a POST. pywikibot would otherwise, on https, first ask the wiki for the
        module's parameter info to decide between GET and POST: one more request per module per run."""
        request = self.site.simple_request(**params)
        request.use_get = False
        return request.submit()

    def drain(self) -> list[str]:
        """pywikibot's console output since the last call (scrubbed, logged at DEBUG level)."""
        return drain(self.pywikibot, self.scrub)

    def scrub(self, text: str) -> str:
        """Text for a message: never the password; the wiki's URL instead of a generated family name."""
        password = self.settings.password
        if password:
            text = text.replace(password, "***")
        if self.settings.api_url is not None and self.family:
            text = text.replace(f"{self.family}:{self.family}", self.url).replace(self.family, self.url)
        return text

    def login_hint(self) -> str:
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


def describe(code: str, info: str) -> str:
    """An API error in words: its code and text."""
    info = " ".join(info.split())
    return f"API error {code!r}: {info}" if info else f"API error {code!r}"


def explain(exc: BaseException) -> str:
    """Any other exception in words: its type and text (only the text of mtpbot's own retry errors)."""
    text = " ".join(str(exc).split())
    if isinstance(exc, RetriesFailed | WikiUnreachable | UnusableAnswer):
        return text
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def connect(settings: SiteSettings, *, login: bool = True) -> Session:
    """Configure pywikibot, create the Site and (by default) log in.

    Also loads the site information (namespaces, article path) so that later reads are one request
    per batch. Raises `WikiError` when the wiki cannot be reached or refuses the login, and
    `ConfigError` for an unknown family/code or a broken pywikibot configuration.
    """
    pywikibot = import_pywikibot(settings)
    retries.install()
    family, code = family_for(settings)
    session = Session(settings, pywikibot, family, api_address(settings, family, code))
    session.apply_settings()
    account = _account(session, code)
    if login and account is None and not _configured_user(pywikibot.config, family, code):
        raise WikiError(f"No account is configured to log in to {session.url}.", session.login_hint())
    try:
        _open(session, code, account, login=login)
    except WikiError:
        raise
    except Exception as exc:
        session.drain()
        raise _connect_error(session, exc) from None
    session.drain()
    log.debug("connected to %s as %s", session.url, session.username or "(anonymous)")
    return session


def _account(session: Session, code: str) -> str | None:
    """The account to log in as (None: pywikibot's configuration decides); credentials into the config."""
    from pywikibot.tools import normalize_username

    settings, config, family = session.settings, session.pywikibot.config, session.family
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
            config.password_file = current_runtime().store_password(family, code, account, suffix, settings.password)
    if settings.password is None:
        config.password_file = current_runtime().password_file_before
        require_private(config.password_file, Path(config.base_dir))
    return account


def _configured_user(config: Any, family: str, code: str) -> str | None:
    """The username pywikibot's configuration gives for a site (the lookup LoginManager does)."""
    names: Mapping[str, str] = config.usernames.get(family) or config.usernames.get("*") or {}
    name = names.get(code) or names.get("*")
    return str(name) if name else None


def _open(session: Session, code: str, account: str | None, *, login: bool) -> None:
    """Create the Site, log in, load the site information."""
    settings = session.settings
    site = session.site = session.pywikibot.Site(code, session.family, user=account)
    site.throttle.set_delays(writedelay=settings.put_throttle or None)
    if login:
        _login(session)
        if not site.logged_in():
            messages = [m for m in session.drain() if "Logging in" not in m]
            detail = f" ({session.scrub(messages[-1])})" if messages else ""
            raise WikiError(
                f"Could not log in to {session.url} as {account or site.username()}{detail}.",
                session.login_hint(),
            )
    # Site information, loaded once now (2 requests) rather than inside the first fetch.
    site.siteinfo.get("general")
    site.has_extension("ProofreadPage")


def _connect_error(session: Session, exc: Exception) -> MtpbotError:
    from pywikibot.exceptions import NoUsernameError, SiteDefinitionError

    settings = session.settings
    if isinstance(exc, NoUsernameError):
        as_whom = f" as {settings.username}" if settings.username else ""
        return WikiError(
            f"Could not log in to {session.url}{as_whom}: {session.scrub(str(exc))}",
            session.login_hint(),
        )
    if isinstance(exc, SiteDefinitionError | UnusableAnswer) and settings.api_url is not None:  # answered, no API
        return ConfigError(
            f"{session.url} is not a MediaWiki API: it answered {session.retrying.last}",
            f"Check {settings.option}: it must be the wiki's api.php, e.g. https://meta.wikimedia.org/w/api.php.",
        )
    if isinstance(exc, SiteDefinitionError):
        return ConfigError(
            f"pywikibot does not know the wiki {session.url}: {session.scrub(str(exc))}",
            "Check the site's family and code in the configuration, or use --site-url.",
        )
    return WikiError(
        f"Could not reach the wiki at {session.url}: {session.scrub(explain(exc))}",
        network_hint(
            exc,
            "Check the address and the network; if the wiki is down or read-only, run again later.",
            settings.option,
        ),
    )


def network_hint(exc: BaseException, default: str = NETWORK_HINT, option: str = SITE_OPTION) -> str:
    """What to do about a request that failed: check the address (given as `option`), wait for the wiki, or
    `default`."""
    if isinstance(exc, WikiUnreachable):
        return retries.unreachable_hint(option, SETTING_OF.get(option, "site:"))
    return retries.BUDGET_HINT if isinstance(exc, RetriesFailed) else default


def _login(session: Session) -> None:
    """Log in; with a BotPassword from the environment in 2 requests (a login token, action=login),
    plus the userinfo that follows any login.

    pywikibot's own login first asks for the userinfo again, then the parameter info of two modules
    to learn the token types, then every kind of token: 4 requests more on each cold run. Cookies, a
    main-account password or OAuth from an operator's configuration still go through pywikibot.
    """
    settings, site = session.settings, session.site
    if site.logged_in() or not (settings.username and settings.password and "@" in settings.username):
        site.login()
        return
    from pywikibot import login
    from pywikibot.exceptions import APIError

    try:
        tokens = session.post({"action": "query", "meta": "tokens", "type": "login"})
        token = tokens["query"]["tokens"]["logintoken"]
        login_params = {"lgname": settings.username.strip(), "lgpassword": settings.password, "lgtoken": token}
        reply = session.post({"action": "login", **login_params})
    except APIError as exc:
        detail = session.scrub(f"{exc.code}: {exc.info}")
        raise WikiError(
            f"Could not log in to {session.url} as {settings.username}: {detail}", session.login_hint()
        ) from None
    result = reply.get("login", {})
    if result.get("result") != "Success":
        reason = session.scrub(str(result.get("reason") or result.get("result") or "refused"))
        raise WikiError(f"Could not log in to {session.url} as {settings.username}: {reason}.", session.login_hint())
    del site.userinfo  # the logged-in account, its groups and rights: one request
    if site.userinfo.get("name") == site.username():
        site._loginstatus = login.LoginStatus.AS_USER
        from pywikibot.comms import http

        if http.cookie_jar.filename:  # as pywikibot's own login does: the next run reuses the session
            http.cookie_jar.save(ignore_discard=True)

"""Where and how to connect to the wiki: `SiteSettings`, and the environment variables of the credentials.

The CLI builds the settings once, from config/mtpbot.yaml (and --site-url, and the environment); nothing here
repeats the configuration's defaults, so the fields the configuration sets have none.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from urllib.parse import urlsplit

from bot.errors import ConfigError

ENV_USERNAME = "MTPBOT_USERNAME"
ENV_PASSWORD = "MTPBOT_PASSWORD"


SITE_OPTION, DATA_SITE_OPTION = "--site-url", "--data-site-url"
SETTING_OF = {SITE_OPTION: "site:", DATA_SITE_OPTION: "data_site:"}  # where the settings file names that wiki


def check_api_url(url: str, option: str = SITE_OPTION) -> None:
    """Raise `ConfigError` unless `url` (given as `option`) is the http(s) address of a MediaWiki ``api.php``."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc or not parts.path.endswith("api.php"):
        raise ConfigError(
            f"{option} {url!r} is not the address of a MediaWiki api.php.",
            "Give the full URL of the wiki's API, e.g. https://meta.wikimedia.org/w/api.php.",
        )


@dataclass(frozen=True, kw_only=True)
class SiteSettings:
    """Where and how to connect. Built by the CLI from the configuration and the environment.

    `api_url` (any MediaWiki ``api.php``) overrides `family` / `code`. With `username` and `password`
    the bot logs in with them (a BotPassword login name such as ``MtpBot@mtpbot``, or a main-account
    name); with neither, pywikibot's own ``user-config.py`` / password file / cookies decide. The
    password never appears in `repr()`. `maxlag` is the only setting the configuration does not hold.
    `retry_budget`: the seconds a run may lose to failed requests and the pauses before their retries, in
    all (see bot.mediawiki.retries); None: `max_retries` alone limits the retries.
    """

    family: str
    code: str
    put_throttle: float
    max_retries: int
    retry_wait: float
    api_url: str | None = None
    username: str | None = None
    password: str | None = field(default=None, repr=False)
    user_agent: str = ""
    maxlag: int = 5
    state_dir: Path | None = None  # keeps pywikibot's login session and API cache between runs (bot.ops.state)
    retry_budget: float | None = None
    option: str = SITE_OPTION  # how the operator gives this wiki's address, for messages: or --data-site-url

    def __post_init__(self) -> None:
        if self.api_url is not None:
            check_api_url(self.api_url, self.option)
        if self.password is not None and not self.username:
            raise ConfigError(
                f"A password is set but no username ({ENV_PASSWORD} without {ENV_USERNAME}).",
                f"Set {ENV_USERNAME} to the bot's login name, e.g. MtpBot@mtpbot.",
            )
        numbers = (self.put_throttle, self.maxlag, self.max_retries, self.retry_wait, self.retry_budget or 0)
        if min(numbers) < 0:
            raise ConfigError(
                "put_throttle, maxlag, max_retries, retry_wait and retry_budget must not be negative.",
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
    def account(self) -> str:
        """The wiki account of the credentials ("MtpBot" for the BotPassword login "MtpBot@mtpbot"); "" when
        none is given here (pywikibot's own configuration may still name one)."""
        return (self.username or "").partition("@")[0].strip()

    @property
    def target(self) -> str:
        """The wiki in words before pywikibot knows it: the API URL or family:code (a connected Session's
        `url` is the api.php address in both cases)."""
        return self.api_url or f"{self.family}:{self.code}"

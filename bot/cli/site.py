"""Which wiki, and how: the connection settings built once, from the settings file, --site-url and the
environment's credentials (bot.mediawiki.SiteSettings keeps no defaults of its own for what the file sets).
"""

from __future__ import annotations

import ipaddress
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from bot import __version__
from bot.errors import ConfigError

if TYPE_CHECKING:
    from bot.mediawiki import SiteSettings
    from bot.source.settings import Config, Settings


def check_site_url(url: str | None, allow_insecure: bool, option: str = "--site-url") -> None:
    """Refuse a --site-url that is no api.php, or plain http to another machine (the password would be
    readable on the way), unless the user explicitly allows it."""
    if url is None:
        return
    from bot.mediawiki import check_api_url

    check_api_url(url, option)  # raises ConfigError for anything but an http(s) address of an api.php
    parts = urlsplit(url)
    if parts.scheme == "http" and not is_loopback(parts.hostname or "") and not allow_insecure:
        raise ConfigError(
            f"{option} {url} is plain http on another machine: the password would cross the network in clear",
            hint="use https://, or pass --allow-insecure if you really mean it",
        )


def state_of(config: Config, environ: Mapping[str, str]) -> Path:
    """The private state directory of this configuration (bot.ops.state)."""
    from bot.ops.state import state_dir

    return state_dir(config.state_dir, environ)


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:  # a name such as 127.example.org is not this machine, whatever it starts with
        return False


def site_settings(
    settings: Settings,
    site_url: str | None,
    environ: Mapping[str, str] | None = None,
    *,
    state: Path | None = None,
    option: str = "--site-url",
) -> SiteSettings:
    """The wiki of the configuration (or of --site-url), as every command that talks to it sees it; with
    `environ`, the credentials MTPBOT_USERNAME / MTPBOT_PASSWORD it holds; with `state`, the state directory
    that keeps pywikibot's login session and cache between runs."""
    from bot.mediawiki import SiteSettings

    site = SiteSettings(
        family=settings.site.family,
        code=settings.site.code,
        api_url=site_url,
        user_agent=f"mtpbot/{__version__} ({settings.contact})",
        # Bot policy on every real wiki; a throwaway test wiki on this machine need not wait between saves.
        put_throttle=0.0 if site_url and is_loopback(urlsplit(site_url).hostname or "") else settings.put_throttle,
        max_retries=settings.max_retries,
        retry_wait=settings.retry_wait,
        retry_budget=settings.retry_budget,
        state_dir=state,
        option=option,  # the messages about its address name it
    )
    return site if environ is None else site.with_credentials_from(environ)

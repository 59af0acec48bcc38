"""What the tests of bot.mediawiki share: settings for the session's wiki (or none), fresh page titles."""

from __future__ import annotations

import secrets
from pathlib import Path
from typing import Any

from bot.mediawiki import SiteSettings
from devwiki import DevWiki

REPO = Path(__file__).resolve().parents[2]
USER_AGENT = "mtpbot-tests/0.1.0 (https://example.org/mtpbot; ops@example.org)"


def unique(label: str) -> str:
    """A page title no other test uses."""
    return f"Wiki layer {label} {secrets.token_hex(4)}"


def offline_settings(**changes: Any) -> SiteSettings:
    """Settings as the CLI builds them from the shipped configuration (Meta-Wiki), with `changes`."""
    values: dict[str, Any] = {"family": "meta", "code": "meta", "put_throttle": 10.0, "max_retries": 5, "retry_wait": 5}
    values.update(changes)
    return SiteSettings(**values)


def bot_settings(devwiki: DevWiki, **changes: Any) -> SiteSettings:
    """The bot on the session's wiki, logging in with its BotPassword (as MTPBOT_USERNAME/PASSWORD give)."""
    values: dict[str, Any] = {
        "api_url": devwiki.api_url,
        "username": devwiki.bot.username,
        "password": devwiki.bot.password,
        "user_agent": USER_AGENT,
        "put_throttle": 0,
        "max_retries": 1,
        "retry_wait": 0.2,
    }
    values.update(changes)
    return offline_settings(**values)

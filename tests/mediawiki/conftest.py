"""Fixtures of the bot.mediawiki tests: the bot connected to the session's wiki, and the requests it sends."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qs

import pytest
import requests

from bot.mediawiki import Wiki
from devwiki import DevWiki
from tests.mediawiki.helpers import bot_settings


@pytest.fixture(scope="module")
def wiki(devwiki: DevWiki) -> Wiki:
    """The bot, connected and logged in with its BotPassword (as MTPBOT_USERNAME/PASSWORD would give)."""
    connected = Wiki(bot_settings(devwiki))
    connected.connect()
    return connected


@pytest.fixture
def sent(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[tuple[dict[str, list[str]], str]]]:
    """Every request pywikibot sends in this test: (form parameters, User-Agent)."""
    seen: list[tuple[dict[str, list[str]], str]] = []
    original = requests.Session.send

    def send(self: requests.Session, request: requests.PreparedRequest, **kwargs: Any) -> requests.Response:
        body = request.body or ""
        if isinstance(body, bytes):
            body = body.decode("utf-8")
        query = (request.url or "").partition("?")[2]
        seen.append((parse_qs(body or query, keep_blank_values=True), str(request.headers.get("User-Agent"))))
        return original(self, request, **kwargs)

    monkeypatch.setattr(requests.Session, "send", send)
    yield seen

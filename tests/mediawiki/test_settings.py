"""bot.mediawiki offline: importing it is free, its settings check themselves, a Wiki needs connect(), messages
name the wiki by its api.php."""

from __future__ import annotations

import os
import subprocess
import sys
from typing import Any

import pytest

from bot.errors import ConfigError
from bot.mediawiki import SiteSettings, Wiki, retries
from bot.mediawiki.links import api_address
from bot.mediawiki.runtime import family_for, import_pywikibot
from bot.mediawiki.session import Session
from tests.mediawiki.helpers import REPO, offline_settings


def test_importing_bot_mediawiki_does_not_import_pywikibot() -> None:
    code = "import sys, bot.mediawiki; print(sorted(m for m in sys.modules if m.split('.')[0] == 'pywikibot'))"
    result = subprocess.run(
        [sys.executable, "-c", code],
        env={**os.environ, "PYTHONPATH": str(REPO)},
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.strip() == "[]"


def test_settings_hide_the_password_and_read_the_environment() -> None:
    settings = offline_settings().with_credentials_from(
        {"MTPBOT_USERNAME": "MtpBot@mtpbot", "MTPBOT_PASSWORD": "s3cret-value"}
    )
    assert (settings.username, settings.password) == ("MtpBot@mtpbot", "s3cret-value")
    assert "s3cret-value" not in repr(settings)
    assert offline_settings().with_credentials_from({}) == offline_settings()
    assert offline_settings().target == "meta:meta"


def test_the_settings_of_the_configuration_have_no_defaults_here() -> None:
    """config/mtpbot.yaml holds them, and the CLI builds the settings once: no copied defaults."""
    with pytest.raises(TypeError):
        SiteSettings()  # type: ignore[call-arg]


@pytest.mark.parametrize(
    "changes",
    [
        {"api_url": "127.0.0.1:8080/api.php"},
        {"api_url": "http://127.0.0.1:8080/index.php"},
        {"password": "secret"},
        {"put_throttle": -1},
        {"retry_budget": -1},
    ],
)
def test_settings_reject_nonsense(changes: dict[str, Any]) -> None:
    with pytest.raises(ConfigError):
        offline_settings(**changes)


def test_a_wiki_is_not_usable_before_connect() -> None:
    with pytest.raises(RuntimeError, match="connect"):
        Wiki(offline_settings()).fetch(["Main Page"])


def test_messages_name_the_wiki_by_its_api_address() -> None:
    """meta:meta is https://meta.wikimedia.org/w/api.php; a --site-url wiki is its URL, never the family name
    pywikibot knows it by (mtpbot + a hash), whatever pywikibot's message says."""
    meta = offline_settings()
    import_pywikibot(meta)
    assert api_address(meta, "meta", "meta") == "https://meta.wikimedia.org/w/api.php"
    assert api_address(meta, "no-such-family", "xx") == "meta:meta"  # connecting says what is wrong with it
    url = "http://127.0.0.1:8080/w/api.php"
    other = offline_settings(api_url=url)
    family, code = family_for(other)
    assert api_address(other, family, code) == url
    session = Session(other, None, family, url)
    pywikibot_says = f"Maximum retries attempted due to maxlag on {family}:{code} without success; {family}"
    assert session.scrub(pywikibot_says) == f"Maximum retries attempted due to maxlag on {url} without success; {url}"


def test_the_installed_pywikibot_is_the_tested_release_with_every_internal_the_retries_wrap() -> None:
    import_pywikibot(offline_settings())
    retries.check_tested(*retries.internals())  # pyproject.toml and constraints.txt install this one


def test_another_pywikibot_release_is_refused_with_the_release_to_install() -> None:
    import_pywikibot(offline_settings())
    _, found = retries.internals()
    with pytest.raises(ConfigError, match=r"(?s)tested with .*pywikibot 11\.10\.0 is installed.*pywikibot==11\.9\.0"):
        retries.check_tested("11.10.0", found)
    with pytest.raises(ConfigError, match=r"without Request\.wait"):
        retries.check_tested(retries.TESTED_PYWIKIBOT, {**found, "Request.wait": None})

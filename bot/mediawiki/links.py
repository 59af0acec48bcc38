"""Where things are on the wiki: its api.php, its name, its index.php and the address of a page (from siteinfo)."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from bot.mediawiki.settings import SiteSettings


def api_address(settings: SiteSettings, family: str, code: str) -> str:
    """The wiki's api.php, as messages name the wiki: `settings.api_url`, or the one the family file gives
    (https://meta.wikimedia.org/w/api.php for meta:meta); family:code for a family pywikibot does not know."""
    if settings.api_url is not None:
        return settings.api_url
    from pywikibot.family import Family

    try:
        known = Family.load(family)
        return str(known.base_url(code, known.apipath(code)))
    except Exception:  # an unknown family or code: connecting says so
        return settings.target


def site_name(site: Any) -> str:
    """The wiki's name (siteinfo ``sitename``), e.g. "Meta"."""
    return str(site.siteinfo["general"]["sitename"])


def index_url(site: Any) -> str:
    """The absolute address of the wiki's index.php (from its server and script path)."""
    return _server(site) + str(site.siteinfo["general"]["script"])


def page_url(site: Any, title: str) -> str:
    """The address of the page on the wiki (from the site's server and article path)."""
    article_path = str(site.siteinfo["general"]["articlepath"])
    encoded = quote(title.strip().replace(" ", "_"), safe=";@$!*(),/~:")
    return _server(site) + article_path.replace("$1", encoded)


def _server(site: Any) -> str:
    server = str(site.siteinfo["general"]["server"])
    return "https:" + server if server.startswith("//") else server  # a protocol-relative server

"""The wiki's own parser (action=parse), for previews: wikitext in, HTML out, nothing saved."""

from __future__ import annotations

from typing import Any

from bot.errors import ConfigError, MtpbotError, WikiError
from bot.mediawiki.session import BAD_TITLE_HINT, Session, describe, explain, network_hint
from bot.wikipages import ParsedPage


def parse(session: Session, text: str, title: str) -> ParsedPage:
    """Render `text` as the page `title` would show it, with the wiki's own parser; save nothing.

    One ``action=parse`` request, always POSTed (page texts are long: they do not fit in a URL):
    ``contentmodel=wikitext``, ``prop=text|categories|displaytitle``, no limit report and no section edit
    links. Works without a login. Raises `ConfigError` for a title the wiki cannot hold and `WikiError`
    otherwise.
    """
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
    try:
        data = session.post(params)
    except Exception as exc:
        session.drain()
        raise _parse_error(session, title, exc) from None
    session.drain()
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


def _parse_error(session: Session, title: str, exc: Exception) -> MtpbotError:
    from pywikibot.exceptions import APIError

    target = session.url
    if not isinstance(exc, APIError):
        return WikiError(
            f"Could not render {title} on {target}: {session.scrub(explain(exc))}",
            network_hint(exc),
        )
    detail = session.scrub(describe(str(exc.code), str(exc.info)))
    if exc.code in ("invalidtitle", "missingtitle", "pagecannotexist"):
        return ConfigError(
            f"The wiki cannot render the page {title!r}: {detail}",
            BAD_TITLE_HINT,
        )
    return WikiError(f"{target} could not render {title}: {detail}", "Check the wiki's status; run again later.")

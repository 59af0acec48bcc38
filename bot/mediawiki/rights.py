"""The rights of the account itself, as its groups give them, whatever the login's grants let it use.

A BotPassword login holds only the rights its grants allow (`Wiki.has_right` answers for the login); the API
restricts even ``list=users&usprop=rights`` that way. The groups are not restricted, so the account's own
rights are read as the rights of its groups (``meta=userinfo`` groups, ``meta=siteinfo`` usergroups): a bot
account whose BotPassword lacks the grant "highvolume" is in the group ``bot`` (this says "bot") while its
login has no "bot" right (its edits would not be flagged).
"""

from __future__ import annotations

from typing import Any

from bot.mediawiki import reading
from bot.mediawiki.session import Session


def account_rights(session: Session) -> frozenset[str]:
    """The rights the logged-in account holds through its groups (implicit ones included). One request."""
    params: dict[str, Any] = {
        "action": "query",
        "meta": ["userinfo", "siteinfo"],
        "uiprop": "groups",
        "siprop": "usergroups",
        "formatversion": 2,
    }
    data = reading.query(session, params, "the rights of the account")
    query = data.get("query", {})
    groups = set(query.get("userinfo", {}).get("groups", []))
    return frozenset(
        str(right)
        for group in query.get("usergroups", [])
        if group.get("name") in groups
        for right in group.get("rights", [])
    )

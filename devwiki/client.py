"""A small API client for people in tests and demos: a logged-in human (or admin, or the bot's own
account seen from outside) on a local wiki, through the action API with a plain requests.Session.

This is not the bot's own path to the wiki (that is pywikibot, in bot/mediawiki/); it never imports it.
"""

from __future__ import annotations

import json
import time
from collections.abc import Mapping, Sequence
from typing import Any, TypedDict

import requests

from bot import __version__
from bot.errors import WikiError
from devwiki.wiki import Account


class ApiError(WikiError):
    """The API answered with an error; `code` is MediaWiki's error code (e.g. "editconflict")."""

    def __init__(self, code: str, info: str, hint: str = "") -> None:
        super().__init__(f"{code}: {info}", hint)
        self.code = code
        self.info = info


class Revision(TypedDict):
    """The latest revision of a page, as `HumanClient.latest_revision` returns it."""

    revid: int
    parentid: int
    user: str
    comment: str
    timestamp: str
    minor: bool
    bot: bool  # flagged as a bot edit in recent changes
    tags: list[str]


ParamValue = str | int | bool | Sequence[str] | None


class HumanClient:
    """A logged-in person on a local wiki, through the action API with a plain requests.Session.

    Pass one `session` to several clients to share a cookie jar, as a browser would.
    """

    def __init__(self, api_url: str, account: Account, *, session: requests.Session | None = None) -> None:
        self.api_url = api_url
        self.account = account
        self.session = session if session is not None else requests.Session()
        self.session.headers.setdefault("User-Agent", f"mtpbot-devwiki/{__version__} (local test client)")
        self._csrf_token: str | None = None

    def get(self, **params: ParamValue) -> dict[str, Any]:
        return self._call("GET", params)

    def post(self, **params: ParamValue) -> dict[str, Any]:
        return self._call("POST", params)

    @classmethod
    def logged_in(cls, api_url: str, account: Account) -> HumanClient:
        """A client for `account`, already logged in."""
        client = cls(api_url, account)
        client.login()
        return client

    def login(self) -> None:
        """Log in: action=login for a BotPassword ("User@app"), action=clientlogin for a main account
        (action=login with a main-account password is deprecated in 1.39)."""
        token = self.get(action="query", meta="tokens", type="login")["query"]["tokens"]["logintoken"]
        name, password = self.account.username, self.account.password
        if "@" in name:
            reply = self.post(action="login", lgname=name, lgpassword=password, lgtoken=token)["login"]
            ok, reason = reply.get("result") == "Success", reply.get("reason", reply.get("result"))
        else:
            reply = self.post(
                action="clientlogin",
                username=name,
                password=password,
                logintoken=token,
                loginreturnurl=self.api_url,
            )["clientlogin"]
            ok, reason = reply.get("status") == "PASS", reply.get("message", reply.get("status"))
        if not ok:
            raise WikiError(f"Login as {name} at {self.api_url} failed: {reason}", "check the account's password")
        self._csrf_token = None

    def csrf_token(self) -> str:
        if self._csrf_token is None:
            token: str = self.get(action="query", meta="tokens", type="csrf")["query"]["tokens"]["csrftoken"]
            self._csrf_token = token
        return self._csrf_token

    def userinfo(self) -> dict[str, Any]:
        """meta=userinfo with groups and rights: {"id", "name", "groups", "rights", ...}."""
        info: dict[str, Any] = self.get(action="query", meta="userinfo", uiprop=["rights", "groups"])["query"][
            "userinfo"
        ]
        return info

    def edit(self, title: str, text: str, summary: str = "", **params: ParamValue) -> int:
        """Save `text` as the page's new content and return the new revision id (the current one if the
        text was unchanged). Extra API parameters pass through (bot=True, minor=True, baserevid=...)."""
        params = {"assert": "user", **params}
        reply = self.post(action="edit", title=title, text=text, summary=summary, token=self.csrf_token(), **params)
        result: dict[str, Any] = reply["edit"]
        if result.get("result") != "Success":
            raise ApiError(str(result.get("result", "editfailed")), json.dumps(result))
        if result.get("nochange"):
            return self.latest_revision(title)["revid"]
        revid: int = result["newrevid"]
        return revid

    def page_text(self, title: str) -> str | None:
        """The page's current wikitext, or None if it does not exist."""
        page = self._page(title, rvprop=["content"], rvslots="main")
        if page is None:
            return None
        text: str = page["revisions"][0]["slots"]["main"]["content"]
        return text

    def latest_revision(self, title: str) -> Revision:
        """Who made the page's latest revision, with what summary, and whether it is flagged minor / bot."""
        # Revisions do not record the bot flag; recent changes do. Their row may be written a moment after
        # the edit's response (a deferred update), hence the short retry.
        revid = 0
        for _ in range(50):
            reply = self.get(
                action="query",
                prop="revisions",
                titles=title,
                rvprop=["ids", "user", "comment", "flags", "timestamp", "tags"],
                list="recentchanges",
                rctitle=title,
                rcprop=["ids", "flags"],
                rclimit=50,
            )
            page = reply["query"]["pages"][0]
            if page.get("missing") or page.get("invalid"):
                raise ApiError("missingtitle", f"{title} does not exist")
            revision = page["revisions"][0]
            revid = revision["revid"]
            changes = {change["revid"]: change for change in reply["query"]["recentchanges"]}
            change = changes.get(revid)
            if change is not None:
                return Revision(
                    revid=revid,
                    parentid=revision["parentid"],
                    user=revision["user"],
                    comment=revision["comment"],
                    timestamp=revision["timestamp"],
                    minor=bool(revision["minor"]),
                    bot=bool(change["bot"]),
                    tags=list(revision["tags"]),
                )
            time.sleep(0.02)
        raise WikiError(
            f"Revision {revid} of {title} did not appear in recent changes within a second.",
            "the wiki's deferred updates may be failing; look at its server.log",
        )

    def compare(self, fromrev: int, torev: int) -> str:
        """The HTML diff table rows (action=compare) between two revisions."""
        body: str = self.get(action="compare", fromrev=fromrev, torev=torev)["compare"]["body"]
        return body

    def protect(self, title: str, level: str = "sysop", expiry: str = "infinite", reason: str = "") -> None:
        """Protect a page against edits and moves below `level` (needs the admin account)."""
        self.post(
            action="protect",
            title=title,
            protections=f"edit={level}|move={level}",
            expiry=expiry,
            reason=reason,
            token=self.csrf_token(),
        )

    def _page(self, title: str, **params: ParamValue) -> dict[str, Any] | None:
        page: dict[str, Any] = self.get(action="query", prop="revisions", titles=title, **params)["query"]["pages"][0]
        return None if page.get("missing") or page.get("invalid") else page

    def _call(self, method: str, params: Mapping[str, ParamValue]) -> dict[str, Any]:
        data = {"format": "json", "formatversion": "2", **_encode(params)}
        try:
            if method == "GET":
                response = self.session.get(self.api_url, params=data, timeout=60)
            else:
                response = self.session.post(self.api_url, data=data, timeout=60)
            response.raise_for_status()
            reply: dict[str, Any] = response.json()
        except (requests.RequestException, ValueError) as error:
            raise WikiError(f"{method} {self.api_url} failed: {error}", "is the local wiki running?") from error
        if "error" in reply:
            error_info = reply["error"]
            raise ApiError(str(error_info.get("code")), str(error_info.get("info", "")))
        return reply


def _encode(params: Mapping[str, ParamValue]) -> dict[str, str]:
    """API conventions: a boolean is true when present, lists are joined with "|"."""
    encoded = {}
    for key, value in params.items():
        if value is None or value is False:
            continue
        if value is True:
            encoded[key] = "1"
        elif isinstance(value, str | int):
            encoded[key] = str(value)
        else:
            encoded[key] = "|".join(value)
    return encoded

"""Page histories as reviewers see them, read straight from the wiki (never through a test proxy)."""

from __future__ import annotations

import hashlib
from typing import Any, TypedDict

from devwiki import HumanClient


class Rev(TypedDict):
    revid: int
    parentid: int
    user: str
    comment: str
    sha1: str


def history(client: HumanClient, title: str) -> list[Rev]:
    """Every revision of the page, oldest first; [] when the page does not exist."""
    revisions: list[Rev] = []
    params: dict[str, Any] = {}
    for _ in range(100):  # 50 revisions a request; far more than any test makes
        reply = client.get(
            action="query",
            prop="revisions",
            titles=title,
            rvprop=["ids", "user", "comment", "sha1"],
            rvlimit="max",
            rvdir="newer",
            **params,
        )
        page = reply["query"]["pages"][0]
        if page.get("missing"):
            return []
        revisions += [
            Rev(revid=r["revid"], parentid=r["parentid"], user=r["user"], comment=r["comment"], sha1=r["sha1"])
            for r in page["revisions"]
        ]
        if "continue" not in reply:
            return revisions
        params = {"rvcontinue": reply["continue"]["rvcontinue"]}
    raise AssertionError(f"{title} has more than 5000 revisions")


def sha1(text: str) -> str:
    """The sha1 MediaWiki records for a revision with this text."""
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def users(revisions: list[Rev]) -> list[str]:
    return [r["user"] for r in revisions]


def texts(client: HumanClient, titles: list[str]) -> dict[str, str | None]:
    """The current text of every page (None for a missing one), 50 titles a request."""
    found: dict[str, str | None] = {}
    for start in range(0, len(titles), 50):
        batch = titles[start : start + 50]
        reply = client.get(action="query", prop="revisions", titles=batch, rvprop=["content"], rvslots="main")
        for page in reply["query"]["pages"]:
            revisions = page.get("revisions")
            found[page["title"]] = revisions[0]["slots"]["main"]["content"] if revisions else None
    return {title: found[title] for title in titles}


def latest(client: HumanClient, titles: list[str]) -> dict[str, Rev | None]:
    """The latest revision of every page (None for a missing one), 50 titles a request."""
    found: dict[str, Rev | None] = {}
    for start in range(0, len(titles), 50):
        batch = titles[start : start + 50]
        reply = client.get(action="query", prop="revisions", titles=batch, rvprop=["ids", "user", "comment", "sha1"])
        for page in reply["query"]["pages"]:
            r = (page.get("revisions") or [None])[0]
            found[page["title"]] = (
                None
                if r is None
                else Rev(revid=r["revid"], parentid=r["parentid"], user=r["user"], comment=r["comment"], sha1=r["sha1"])
            )
    return {title: found[title] for title in titles}

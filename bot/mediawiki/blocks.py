"""Blocks: how administrators stop a bot. Read from answers the bot gets anyway, never from a request of its own.

- the login: pywikibot's userinfo (``uiprop=blockinfo|groups|rights|…``, the request that follows every
  login) carries ``blockid``, ``blockedby``, ``blockreason``, ``blockexpiry`` and ``blockpartial`` at the
  top level of ``userinfo`` in MediaWiki 1.39 and 1.43 (not under a ``blockinfo`` key, which pywikibot's
  ``is_blocked()`` looks for, so it answers False for a blocked account; 1.43 adds ``blockemail`` and
  ``blockowntalk``, which the bot does not read);
- a save: the error ``blocked`` (the account, sitewide or from that page) or ``autoblocked`` (the IP address,
  after another account used it), whose ``blockinfo`` holds the same fields;
- a dry run, which reads anonymously: ``list=blocks&bkusers=<account>`` rides along with its first batched
  read (keys ``by``, ``reason``, ``expiry`` — ``infinity`` there —, ``id``, ``partial``, ``automatic``).

A sitewide block (or an autoblock) is `BlockedError`, exit 3: the run stops at its first sign and saves
nothing more. A partial block refuses the pages it covers (reason ``blocked``); the others publish.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from bot.errors import BlockedError, PageError
from bot.mediawiki.session import Session

#: The API error codes of a save refused because of a block.
CODES = ("blocked", "autoblocked")
INFINITE = frozenset({"infinite", "infinity", "indefinite", "never", ""})
_LIST_PROPS = "id|user|by|timestamp|expiry|reason|flags"
# Who blocked, why, until when, the block's number, whether it is partial: in userinfo and blockinfo, in list=blocks.
_INFO_KEYS = ("blockedby", "blockreason", "blockexpiry", "blockid", "blockpartial")
_LIST_KEYS = ("by", "reason", "expiry", "id", "partial")


@dataclass(frozen=True)
class Block:
    """One block of the bot's account (or of its IP address): who made it, why, until when."""

    account: str
    by: str
    reason: str
    expiry: str  # "infinite", or an ISO 8601 timestamp
    id: int | None = None
    partial: bool = False
    automatic: bool = False  # an autoblock of the IP address the bot edits from

    @classmethod
    def from_info(cls, account: str, info: Mapping[str, Any], *, automatic: bool = False) -> Block | None:
        """The block a userinfo answer (or a save error's ``blockinfo``) describes; None when there is none."""
        if "blockedby" not in info and "blockid" not in info:
            return None
        return cls._read(account, info, _INFO_KEYS, automatic=automatic)

    @classmethod
    def listed(cls, account: str, entry: Mapping[str, Any]) -> Block:
        """A block as ``list=blocks`` gives it."""
        return cls._read(account, entry, _LIST_KEYS, automatic=bool(entry.get("automatic")))

    @classmethod
    def _read(cls, account: str, data: Mapping[str, Any], keys: tuple[str, ...], *, automatic: bool) -> Block:
        by, reason, expiry, number, partial = (data.get(key) for key in keys)
        return cls(
            account,
            str(by or "an administrator"),
            str(reason or ""),
            str(expiry or "infinite"),
            _number(number),
            bool(partial),
            automatic,
        )

    @property
    def until(self) -> str:
        """The expiry in words: "with no end (expiry: infinite)", or "until 2026-12-03 05:57 UTC"."""
        if self.expiry.strip().lower() in INFINITE:
            return "with no end (expiry: infinite)"
        day, _, time = self.expiry.rstrip("Z").partition("T")
        return f"until {day} {time[:5]} UTC" if time else f"until {self.expiry}"

    def describe(self, title: str = "") -> str:
        """Who blocked what, why and until when, in one sentence."""
        number = f" #{self.id}" if self.id is not None else ""
        reason = " ".join(self.reason.split()) or "no reason given"
        if self.automatic:
            what = f"the IP address the bot edits from is autoblocked (block{number}, by {self.by})"
        elif self.partial:
            where = f" from editing {title}" if title else " from some pages"
            what = f"the account {self.account} is partially blocked{where} by {self.by} (block{number})"
        else:
            what = f"the account {self.account} is blocked by {self.by} (block{number})"
        return f'{what}, {self.until}; the reason given: "{reason}"'

    @property
    def hint(self) -> str:
        ask = f"ask {self.by} (User talk:{self.by}) or answer on the bot's talk page (User talk:{self.account})"
        if self.automatic:
            return (
                f"the bot shares its IP address with a blocked user: {ask}, to lift the autoblock or give "
                f"{self.account} an IP block exemption"
            )
        if self.partial:
            return f"a partial block keeps the bot off these pages: {ask}, or remove the page from the settings"
        return (
            f"a block is how administrators stop a bot: {ask} why, and fix what they name before it is lifted; "
            "`mtpbot sync --dry-run` still shows what would change"
        )

    def error(self) -> BlockedError:
        return BlockedError(f"not publishing: {self.describe()}", self.hint)


def login_block(session: Session) -> Block | None:
    """The block of the logged-in account, from the userinfo its login already read (no request)."""
    if not session.site.logged_in():
        return None
    info = session.site.userinfo  # read by the login (uiprop=blockinfo|groups|rights|…) and kept
    return Block.from_info(session.username, info) if isinstance(info, Mapping) else None


def require_unblocked(session: Session) -> None:
    """Raise `BlockedError` when the logged-in account is blocked sitewide (a partial block lets it go on)."""
    block = login_block(session)
    if block is not None and not block.partial:
        raise block.error()


def refused(session: Session, title: str, code: str, other: Mapping[str, Any]) -> BlockedError | PageError:
    """What a save answered ``blocked`` / ``autoblocked`` is: `BlockedError` (the run stops) unless the
    block is partial, which refuses this page only (`PageError`, reason ``blocked``)."""
    info = other.get("blockinfo")
    account = _account(session) or session.username
    block = Block.from_info(account, info if isinstance(info, Mapping) else {}, automatic=code == "autoblocked")
    if block is None:
        block = Block(account, "an administrator", "", "infinite", automatic=code == "autoblocked")
    if block.partial and not block.automatic:
        return PageError(title, "blocked", f"{title} was not saved: {block.describe(title)}.", block.hint)
    return block.error()


# -- a dry run: the block of the account a real run would save as, asked with the first batched read


def notice(session: Session) -> str:
    """The account's sitewide block in words, as far as the session knows it ("" when it knows of none): from
    the login's userinfo, or from what an anonymous read asked (`ask`, `note`). A partial block stops no run."""
    block = login_block(session)
    if block is not None:
        return "" if block.partial else block.describe()
    return session.block_notice or ""


def ask(session: Session, params: dict[str, Any]) -> None:
    """Add ``list=blocks`` for the configured account to a read of an anonymous session, once."""
    account = _account(session)
    if session.block_notice is not None or not account or session.site.logged_in():
        return
    lists = [part for part in str(params.get("list", "")).split("|") if part]
    params.update(list="|".join([*lists, "blocks"]), bkusers=account, bkprop=_LIST_PROPS)


def note(session: Session, data: Mapping[str, Any]) -> None:
    """Keep, in words, the block of the account that a read asked for (`ask`); "" when it is not blocked."""
    entries = data.get("query", {}).get("blocks")
    if entries is None or session.block_notice is not None:
        return
    blocks = [Block.listed(_account(session), entry) for entry in entries]  # bkusers: this account only
    blocks = [block for block in blocks if not block.partial]
    session.block_notice = blocks[0].describe() if blocks else ""


def _account(session: Session) -> str:
    """The account of the configured login name ("MtpBot" for "MtpBot@mtpbot"), as the wiki writes it."""
    name = (session.settings.username or "").partition("@")[0].strip().replace("_", " ")
    return name[:1].upper() + name[1:]


def _number(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None

"""Who edited inside the bot's tables: the page history cut at the bot's last revision, one request, and a
refusal that still says what it can when the history is incomplete or cannot be read."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from bot.errors import WikiError
from bot.sync.drift import Drift, explain
from bot.sync.edits import Edit
from bot.wikipages import Revision


def rev(revid: int, user: str, comment: str = "") -> Revision:
    """A revision as the wiki lists it."""
    return Revision(revid, user, comment, "2026-11-02T10:00:00Z")


@dataclass
class History:
    revisions: Sequence[Revision]
    fail: bool = False
    asked: list[tuple[str, int | None]] = field(default_factory=list)

    def history(self, title: str, *, start: int | None, limit: int) -> Sequence[Revision]:
        self.asked.append((title, start))
        if self.fail:
            raise WikiError("HTTP 503 from the wiki")
        return self.revisions[:limit]


DRIFT = Drift(("kpis: row kpi:x (line 5 of the region)",), (), (), revid=12)


def _refused(prefix: str = "") -> Edit:
    return Edit("P", "refused", reason="manual-edit", message=prefix + DRIFT.message("P"), drift=DRIFT)


def test_the_history_is_cut_at_the_bots_last_revision() -> None:
    wiki = History([rev(12, "Editor", "fix"), rev(11, "Other_user", "typo"), rev(10, "MtpBot"), rev(9, "Editor")])
    told = explain(_refused("after an edit conflict: "), wiki, ("mtpBot", "mtpbot"))
    assert wiki.asked == [("P", 12)]
    assert told.drift is not None
    assert ([r.revid for r in told.drift.history], told.drift.since) == ([12, 11], 10)
    assert told.message.startswith("after an edit conflict: ")
    assert 'changed since the bot\'s revision 10 by: Editor in revision 12 (2026-11-02T10:00:00Z): "fix"; ' in (
        told.message
    )


def test_an_incomplete_or_unreadable_history_is_said_so() -> None:
    told = explain(_refused(), History([rev(12, "Editor")]), ("MtpBot", "mtpbot"))
    assert told.drift is not None and "is not among the latest 1" in told.drift.note
    told = explain(_refused(), History([rev(12, "Editor")]), ("mtpbot",))  # a dry run without credentials
    assert told.drift is not None and "account is unknown" in told.drift.note
    told = explain(_refused(), History([], fail=True), ("MtpBot",))
    assert "the page history could not be read: HTTP 503 from the wiki" in told.message


def test_no_request_for_any_other_outcome() -> None:
    wiki = History([rev(12, "Editor")])
    for edit in (Edit("P", "unchanged"), Edit("P", "refused", reason="shrink"), Edit("P", "would-edit")):
        assert explain(edit, wiki, ("MtpBot",)) is edit
    assert explain(_refused(), None, ("MtpBot",)).message == _refused().message  # no history to ask
    assert wiki.asked == []

"""One page's outcome: planned (would-*), done (edited, created), or not done (refused, failed)."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from bot.sync.drift import Drift
    from bot.wikipages import SaveResult

Action = Literal["unchanged", "would-edit", "would-create", "edited", "created", "refused", "failed"]


@dataclass(frozen=True)
class Edit:
    """One page's outcome: planned (would-*), done (edited, created), or not done (refused, failed)."""

    title: str
    action: Action
    old: str = ""
    new: str = ""
    summary: str = ""
    reason: str = ""  # stable code for refused/failed pages, e.g. "missing-markers"
    message: str = ""  # the reason in plain words, with what to do next
    base_revid: int | None = None
    revid: int | None = None
    drift: Drift | None = None  # a `manual-edit` refusal: what changed, where in the source, who (bot.sync.drift)

    @property
    def pending(self) -> bool:
        return self.action in ("would-edit", "would-create")

    @property
    def ok(self) -> bool:
        return self.action not in ("refused", "failed")

    @property
    def on_wiki_after(self) -> bool:
        """Whether the page is (in a dry run: would be) on the wiki after this outcome: saved, or there already
        (planned against a revision, whatever came of it) and not deleted meanwhile."""
        if self.action in ("created", "would-create"):
            return True
        return self.base_revid is not None and self.reason != "page-deleted-meanwhile"

    def diff(self, context: int = 2) -> str:
        """A unified diff of the change, old to new, as a reviewer will see it in page history."""
        lines = difflib.unified_diff(
            self.old.splitlines(keepends=True),
            self.new.splitlines(keepends=True),
            fromfile=f"{self.title} (current)" if self.action != "would-create" else "/dev/null",
            tofile=f"{self.title} (new)",
            n=context,
        )
        return "".join(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n" for line in lines)

    def done(self, action: Action, revid: int | None) -> Edit:
        return replace(self, action=action, revid=revid)

    def saved(self, outcome: SaveResult) -> Edit:
        """Done as the wiki answered the save: created, edited, or unchanged (the wiki had this text)."""
        if outcome.nochange:
            return self.done("unchanged", outcome.revid)
        return self.done("created" if outcome.created else "edited", outcome.revid)

    def failed(self, reason: str, message: str) -> Edit:
        return replace(self, action="failed", reason=reason, message=message)

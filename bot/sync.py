"""One sync run: read every page in one batch, plan each page, then save the changed ones in order.

The wiki is handed in (bot.wiki.Wiki in production, anything with the same methods in tests); this
module never imports pywikibot. A page that is refused or fails is reported and the run goes on with
the others: one bad page never blocks or hides the rest.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

from bot.errors import ExitCode, MtpbotError, PageError
from bot.plan import SAFE, CurrentPage, Edit, RenderedPage, Safety, plan_page


class SaveOutcome(Protocol):
    @property
    def revid(self) -> int | None: ...
    @property
    def created(self) -> bool: ...
    @property
    def nochange(self) -> bool: ...


class WikiLike(Protocol):
    def fetch(self, titles: Sequence[str]) -> Mapping[str, CurrentPage]: ...
    def save(self, state: CurrentPage, text: str, summary: str) -> SaveOutcome: ...


@dataclass(frozen=True)
class SyncResult:
    edits: tuple[Edit, ...]
    dry_run: bool

    @property
    def exit_code(self) -> ExitCode:
        if any(not e.ok for e in self.edits):
            return ExitCode.PAGE_FAILURES
        return ExitCode.OK

    @property
    def pending(self) -> bool:
        return any(e.pending for e in self.edits)


def sync(
    pages: Sequence[RenderedPage],
    wiki: WikiLike,
    *,
    dry_run: bool,
    prefix: str,
    source: str = "",
    safety: Safety = SAFE,
    on_edit: Callable[[Edit], None] = lambda edit: None,
) -> SyncResult:
    """Plan every page against the wiki's current text; unless dry_run, save the changed ones."""
    current = wiki.fetch([p.title for p in pages])
    edits = []
    for page in pages:
        state = current[page.title]
        edit = plan_page(page, state, prefix, source, safety)
        if not dry_run and edit.pending:
            edit = _save(wiki, state, edit)
        on_edit(edit)
        edits.append(edit)
    return SyncResult(tuple(edits), dry_run)


def _save(wiki: WikiLike, state: CurrentPage, edit: Edit) -> Edit:
    try:
        outcome = wiki.save(state, edit.new, edit.summary)
    except PageError as exc:
        return edit.failed(exc.reason, str(exc))
    except MtpbotError as exc:  # e.g. the connection dropped: this page failed, try the next
        return edit.failed("wiki-error", str(exc))
    if outcome.nochange:
        return edit.done("unchanged", outcome.revid)
    return edit.done("created" if outcome.created else "edited", outcome.revid)

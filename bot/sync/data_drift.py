"""Whether someone changed a data page since the bot last saved it — which the bot then refuses to overwrite
(`manual-edit`) unless --force. Three ways to tell, cheapest first, asked only of a page the bot would change:

- a `.tab` whose seal no longer matches its content (bot.charts.seal): changed under the bot's save, e.g. an
  edit MediaWiki merged with it — whoever saved last;
- the latest revision the bot's own: nothing changed since (one history request);
- else someone saved it since: only when the page then differs from the bot's own latest revision in more
  than translations (bot.charts.translations) — one more request, for that revision's text. A revert to an
  older revision of the bot counts: the person undid the bot's edit, and the bot should not redo it unasked.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from bot.charts import seal
from bot.charts.translations import english_only
from bot.sync import data_changes
from bot.sync.protocols import Revisions
from bot.wikipages import PageState


@dataclass(frozen=True)
class Drift:
    """What the bot found: `changed` since its last save, and `who` saved the latest revision if not the bot."""

    changed: bool
    who: str | None = None


@dataclass(frozen=True)
class DataDrift:
    """Asks the data wiki about a page the bot would change. Without the bot's names (an anonymous dry run
    without credentials) it cannot tell, and finds no drift."""

    wiki: Revisions
    bot_names: frozenset[str]

    def __call__(self, old: Mapping[str, Any] | None, state: PageState) -> Drift:
        broken = old is not None and seal.seal_of(old) == "broken"  # needs no names: a dry run tells it too
        if not self.bot_names:
            return Drift(broken)
        editor = self._latest_editor(state)
        who = editor if editor is not None and editor not in self.bot_names else None
        if broken or who is None:
            return Drift(broken, who)
        return Drift(not self._only_translations(old, state), who)

    def _latest_editor(self, state: PageState) -> str | None:
        latest = self.wiki.history(state.title, start=state.revid, limit=1)
        return latest[0].user if latest else None

    def _only_translations(self, old: Mapping[str, Any] | None, state: PageState) -> bool:
        """Whether the page differs from the bot's own latest revision in translations at most."""
        if old is None:
            return False
        text = self.wiki.last_text_by(state.title, self.bot_names, start=state.revid)
        before = data_changes.parsed(text) if text is not None else None
        if before is None:
            return False
        same: bool = english_only(data_changes.comparable(before)) == english_only(data_changes.comparable(old))
        return same

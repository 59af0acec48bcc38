"""Drift you can act on: a page refused for a hand edit inside the bot's tables says what changed, who
changed it, and where the figure lives in the source.

For each row whose checksum no longer matches (bot.wikitext.regions.seals), the row on the wiki is compared cell by
cell with the row the source renders: each changed cell is named by its record and column, with the text on
the wiki against the text of the source and the file:line of the YAML value behind it (the rendered page
carries the way back, bot.wikitext.cell_origins). Who made the change comes from the page's history since the
bot's last revision — one request, made only for a page refused this way (`explain`), never on a normal run.
The maintainer then adopts the correction at that line, or overwrites it knowingly with `--force`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from bot.errors import MtpbotError
from bot.source.origins import Origin
from bot.sync.edits import Edit
from bot.sync.policy import BOT_NAME
from bot.sync.protocols import PageHistory
from bot.wikipages import PageState, Revision
from bot.wikitext.cell_origins import CellOrigins
from bot.wikitext.regions import Region, seals
from bot.wikitext.rows import Row, is_cells_line, row_key, table_rows

if TYPE_CHECKING:
    from bot.sync.pages import RenderedPage

HISTORY_LIMIT = 50  # revisions read to find the bot's last one: one request
SHOWN = 5  # revisions named in the message (--json lists every one read)


@dataclass(frozen=True)
class ChangedCell:
    region: str
    record: str  # the row's record, e.g. "kpi:ca-inquiries"
    column: str  # the column's full name, e.g. "Q1 FY2019-20"
    on_wiki: str
    in_source: str
    origin: Origin | None  # the YAML value behind the cell (None: not known)

    def describe(self) -> str:
        where = f'{self.region}, row {self.record}, column "{self.column}"'
        text = f"{where}: on the wiki: {self.on_wiki} / in the source: {self.in_source}"
        if self.origin is None:
            return text + " (no source line known for this cell)"
        how = "computed from" if self.origin.computed else "source figure at"
        return f"{text} — {how} {self.origin}"


@dataclass(frozen=True)
class Drift:
    """What a hand edit inside the bot's tables changed, and (once the history is read) who made it."""

    listed: tuple[str, ...]  # each region's hand edits, in the words of seals.manual_edits
    cells: tuple[ChangedCell, ...]
    other: tuple[str, ...]  # changes that are not one cell: rows added or removed, the text around the rows
    revid: int | None  # the revision compared
    history: tuple[Revision, ...] = ()  # the revisions since the bot's last one, newest first
    since: int | None = None  # the bot's last revision (None: not found, or the history not read)
    note: str = ""  # why the history is missing or incomplete

    def message(self, title: str) -> str:
        lines = [
            f'page "{title}" was edited by hand inside the bot\'s tables ({"; ".join(self.listed)}). '
            "Nothing was overwritten.",
            *(cell.describe() for cell in self.cells),
            *(f"also changed: {other}" for other in self.other),
            *self._who(),
            "To keep the correction, write it into the metrics YAML at the line given (or move it outside the "
            f'markers) and run again; `mtpbot sync --force --page "{title}"` replaces the hand edit.',
        ]
        return "\n".join(lines)

    def _who(self) -> list[str]:
        since = f" since the bot's revision {self.since}" if self.since is not None else ""
        shown = [f'{r.user} in revision {r.revid} ({r.timestamp}): "{r.comment}"' for r in self.history[:SHOWN]]
        more = len(self.history) - len(shown)
        lines = [f"changed{since} by: {'; '.join(shown)}" + (f"; and {more} more" if more else "")] if shown else []
        return lines + ([self.note] if self.note else [])

    def as_json(self) -> dict[str, Any]:
        return {
            "cells": [_cell_json(cell) for cell in self.cells],
            "other": list(self.other),
            "revid": self.revid,
            "since_revid": self.since,
            "changed_by": [
                {"revid": r.revid, "user": r.user, "comment": r.comment, "timestamp": r.timestamp} for r in self.history
            ],
            "history_note": self.note,
        }


def _cell_json(cell: ChangedCell) -> dict[str, Any]:
    origin = cell.origin
    source = None if origin is None else {**vars(origin), "at": f"{origin.file}:{origin.line}"}
    return {
        "region": cell.region,
        "record": cell.record,
        "column": cell.column,
        "on_wiki": cell.on_wiki,
        "in_source": cell.in_source,
        "source": source,
    }


def refusal(
    page: RenderedPage, current: PageState, regions: Mapping[str, Region], hand_edits: Mapping[str, list[str]]
) -> Edit:
    """The page refused (`manual-edit`): nothing is overwritten, and the message says what changed where."""
    drift = find_drift(page, regions, hand_edits, current.revid)
    message = drift.message(page.title)
    return Edit(page.title, "refused", old=current.text, reason="manual-edit", message=message, drift=drift)


def find_drift(
    page: RenderedPage, regions: Mapping[str, Region], hand_edits: Mapping[str, list[str]], revid: int | None
) -> Drift:
    """The cells and other changes behind `hand_edits` (region -> seals.manual_edits), row by row."""
    cells: list[ChangedCell] = []
    other: list[str] = []
    for name, found in hand_edits.items():
        content = regions[name].content
        on_wiki, in_source = table_rows(content), table_rows(page.regions.get(name, ""))
        for key in _edited_rows(content):
            changed, notes = _row_changes(name, on_wiki.get(key), in_source.get(key), page.origins)
            cells += changed
            other += [f"{name}: row {key}: {note}" for note in notes]
        other += [f"{name}: {what}" for what in found if not what.startswith("row ")]
    listed = tuple(f"{name}: {', '.join(found)}" for name, found in hand_edits.items())
    return Drift(listed, tuple(cells), tuple(other), revid)


def _edited_rows(content: str) -> list[str]:
    """The record keys of the rows whose cells no longer match their checksum, in page order."""
    lines = content.split("\n")
    keys = [row_key(lines[i - 1]) for i, line in enumerate(lines) if is_cells_line(lines, i)]
    intact = [seals.row_intact(line) for i, line in enumerate(lines) if is_cells_line(lines, i)]
    return list(dict.fromkeys(key for key, ok in zip(keys, intact, strict=True) if key is not None and not ok))


def _row_changes(
    region: str, wiki: Row | None, source: Row | None, origins: CellOrigins | None
) -> tuple[list[ChangedCell], list[str]]:
    if wiki is None or source is None:
        return [], ["not in the source (added by hand, or its record was renamed or removed)"]
    if len(wiki.cells) != len(source.cells):
        return [], [f"{len(wiki.cells)} cells on the wiki, {len(source.cells)} in the source"]
    changed = []
    for index, (shown, wanted) in enumerate(zip(wiki.cells, source.cells, strict=True)):
        if shown != wanted:
            column = source.columns[index] or f"cell {index + 1}"
            origin = origins.locate(source.key, column, index) if origins is not None else None
            changed.append(ChangedCell(region, source.key, column, shown, wanted, origin))
    return changed, ([] if changed else ["its markup changed; the text reads the same"])


def explain(edit: Edit, history: PageHistory | None, bot_names: Sequence[str]) -> Edit:
    """A `manual-edit` refusal with who changed the page since the bot's last revision (one request; none
    without a `history` to ask); any other outcome as it is, with no request."""
    drift = edit.drift
    if drift is None or edit.reason != "manual-edit" or history is None:
        return edit
    try:
        revisions = history.history(edit.title, start=drift.revid, limit=HISTORY_LIMIT)
    except MtpbotError as exc:
        told = replace(drift, note=f"the page history could not be read: {exc.message}")
    except Exception as exc:  # an answer of any unexpected shape: say so, go on (the refusal stands as it is)
        told = replace(drift, note=f"the page history could not be read: {type(exc).__name__} {exc}")
    else:
        told = _since_bot(drift, revisions, bot_names)
    return replace(edit, drift=told, message=edit.message.replace(drift.message(edit.title), told.message(edit.title)))


def _since_bot(drift: Drift, revisions: Sequence[Revision], bot_names: Sequence[str]) -> Drift:
    """The revisions newer than the bot's last one (newest first), and that revision."""
    accounts = {_user(name) for name in bot_names if name and name != BOT_NAME}
    found: list[Revision] = []
    for revision in revisions:
        if _user(revision.user) in accounts:
            return replace(drift, history=tuple(found), since=revision.revid)
        found.append(revision)
    if not accounts:
        note = "the bot's account is unknown (no credentials): these are the page's latest revisions"
    else:
        note = f"the bot's last revision is not among the latest {len(revisions)}: see the page history for more"
    return replace(drift, history=tuple(found), note=note)


def _user(name: str) -> str:
    """A user name as MediaWiki writes it: spaces for underscores, the first letter upper case."""
    name = name.replace("_", " ").strip()
    return name[:1].upper() + name[1:]

"""From a rendered page and the wiki's current text to an edit: what the page should become, and why.

No network here: the wiki's page is handed in, and the edit handed back to whoever saves it. A page whose
new text equals its current text is `unchanged` and never saved, so a run without data changes makes no
edit at all. Anything that would lose something — a hand edit inside a region, most of a table's rows —
is refused unless forced.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from bot.errors import RegionError
from bot.source.settings import SHRINK_LIMIT
from bot.sync import drift, gone
from bot.sync.edits import Edit
from bot.sync.pages import RenderedPage
from bot.sync.protocols import Removal
from bot.wikipages import PageState
from bot.wikitext import summaries
from bot.wikitext.regions import Region, find_regions, seals
from bot.wikitext.regions.errors import MissingRegionsError
from bot.wikitext.regions.splice import splice
from bot.wikitext.rows import fiscal_year, table_rows


@dataclass(frozen=True)
class Safety:
    """What a sync may override. By default a page is refused rather than lose anything."""

    force: bool = False  # overwrite hand edits inside regions, and shrink tables beyond the limit
    shrink_limit: float = SHRINK_LIMIT  # refuse a region that would lose more than this share of its rows
    # Create anew a page an administrator deleted or moved away: only for pages the operator named
    # (`--force --page TITLE`), never as a side effect of a plain --force meant for a hand edit.
    recreate: bool = False


def plan_page(
    page: RenderedPage,
    current: PageState,
    prefix: str,
    source: str = "",
    safety: Safety = Safety(),
    removal: Removal | None = None,
) -> Edit:
    """The edit that brings `current` to the rendered page, touching only the managed regions. `removal`: what
    the wiki's logs say of a missing page (bot.sync.gone): one deleted or moved away is not created again."""
    if not current.exists:
        return _creation(page, prefix, source, removal, safety.recreate)
    redirect = gone.redirect_refusal(page.title, current.text)
    if redirect is not None:
        return redirect
    attributes = {name: seals.checksum_attribute(checksum) for name, checksum in page.checksums.items()}
    try:
        before = find_regions(current.text, title=page.title)
        if _up_to_date(page, before, attributes):  # the weekly case: decided from one read, no splice
            return Edit(page.title, "unchanged", old=current.text, new=current.text, base_revid=current.revid)
        new = splice(current.text, page.regions, attributes=attributes, title=page.title)
    except RegionError as exc:
        reason = "missing-markers" if isinstance(exc, MissingRegionsError) else "bad-markers"
        return Edit(page.title, "refused", old=current.text, reason=reason, message=str(exc))
    old_contents = {name: region.content for name, region in before.items() if name in page.regions}
    hand_edits = _hand_edits(before, page)
    shrunk = _shrinking(old_contents, page.regions, safety.shrink_limit)
    if not safety.force and hand_edits:
        return drift.refusal(page, current, before, hand_edits)
    if not safety.force and shrunk:
        return _refusal(page, current, shrunk, safety)
    items = [*_overridden(hand_edits, shrunk), *summaries.describe(old_contents, page.regions)]
    return Edit(
        page.title,
        "would-edit",
        old=current.text,
        new=new,
        summary=summaries.summary(prefix, items or ["tables updated"], source),
        base_revid=current.revid,
    )


def _creation(page: RenderedPage, prefix: str, source: str, removal: Removal | None, recreate: bool) -> Edit:
    if not page.create:
        return Edit(
            page.title,
            "refused",
            reason="missing-page",
            message=f'page "{page.title}" does not exist and its settings say not to create it; '
            "create it with the managed-region markers, or set `create: true`",
        )
    if removal is not None and not recreate:
        return gone.removal_refusal(page.title, removal)
    what = ", ".join(page.regions) or "the page"
    items = [*gone.recreation_note(removal), f"first publish ({what})"]
    return Edit(page.title, "would-create", new=page.text, summary=summaries.summary(prefix, items, source))


def _up_to_date(page: RenderedPage, before: Mapping[str, Region], attributes: Mapping[str, str]) -> bool:
    return all(
        name in before
        and before[name].content == content
        and before[name].attributes == attributes.get(name, before[name].attributes)
        for name, content in page.regions.items()
    )


def _refusal(page: RenderedPage, current: PageState, shrunk: list[str], safety: Safety) -> Edit:
    """Why an edit that would lose most of a table is refused (a hand edit is refused by bot.sync.drift)."""
    message = (
        f'page "{page.title}": {"; ".join(shrunk)} — more than {safety.shrink_limit:.0%} of the '
        "rows would go, which usually means truncated source data. Check the metrics files; "
        "`mtpbot sync --force` publishes anyway"
    )
    return Edit(page.title, "refused", old=current.text, reason="shrink", message=message)


def _overridden(hand_edits: Mapping[str, list[str]], shrunk: list[str]) -> list[str]:
    """What a forced edit overrides, said first in its summary."""
    notes = [f"replaced a manual edit in {', '.join(hand_edits)}"] if hand_edits else []
    return notes + ([f"removed rows on purpose ({'; '.join(shrunk)})"] if shrunk else [])


def _hand_edits(current: Mapping[str, Region], page: RenderedPage) -> dict[str, list[str]]:
    """Regions whose content no longer matches the checksum the bot left in their begin marker."""
    found = {}
    for name in page.regions:
        region = current.get(name)
        checksum = seals.checksum_of(region.attributes) if region is not None else None
        if region is not None and checksum is not None:
            edits = seals.manual_edits(region.content, checksum)
            if edits:
                found[name] = edits
    return found


def _shrinking(old: Mapping[str, str], new: Mapping[str, str], limit: float) -> list[str]:
    shrunk = []
    for name, content in new.items():
        if fiscal_year(old.get(name, "")) != fiscal_year(content):
            continue  # a table that moves on to the next fiscal year starts anew: fewer rows are no loss
        before, after = len(table_rows(old.get(name, ""))), len(table_rows(content))
        if before and before - after > before * limit:
            shrunk.append(f"{name} would go from {before} to {after} rows")
    return shrunk

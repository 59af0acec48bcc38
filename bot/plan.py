"""From rendered pages and the wiki's current text to edits: what each page should become, and why.

No network here: the wiki's pages are handed in (anything with title, exists, text and revid), and the
edits are handed back to whoever saves them. A page whose new text equals its current text is
`unchanged` and never saved, so a run without data changes makes no edit at all.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Literal, Protocol

from bot import changes, regions, seal
from bot.config import Config
from bot.errors import ConfigError, RegionError
from bot.model import Report
from bot.render import Renderer

Action = Literal["unchanged", "would-edit", "would-create", "edited", "created", "refused", "failed"]


@dataclass(frozen=True)
class RenderedPage:
    title: str
    text: str  # the whole page, as it is created when it does not exist
    regions: Mapping[str, str]  # managed region name -> its sealed content (see bot.seal)
    create: bool
    checksums: Mapping[str, str] = field(default_factory=dict)  # region name -> begin-marker checksum


@dataclass(frozen=True)
class Safety:
    """What a sync may override. By default a page is refused rather than lose anything."""

    force: bool = False  # overwrite hand edits inside regions, and shrink tables beyond the limit
    shrink_limit: float = 0.2  # refuse a region that would lose more than this share of its rows


SAFE = Safety()


class CurrentPage(Protocol):
    """What the plan needs to know of a page on the wiki (bot.wiki.PageState is one)."""

    @property
    def title(self) -> str: ...
    @property
    def exists(self) -> bool: ...
    @property
    def text(self) -> str: ...
    @property
    def revid(self) -> int | None: ...


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

    @property
    def pending(self) -> bool:
        return self.action in ("would-edit", "would-create")

    @property
    def ok(self) -> bool:
        return self.action not in ("refused", "failed")

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

    def failed(self, reason: str, message: str) -> Edit:
        return replace(self, action="failed", reason=reason, message=message)


def render_pages(
    config: Config, reports: Mapping[str, Report], renderer: Renderer, titles: Sequence[str] = ()
) -> list[RenderedPage]:
    """Render every configured page (or only `titles`), in config order."""
    unknown = [t for t in titles if config.page(t) is None]
    if unknown:
        known = "; ".join(p.title for p in config.settings.pages)
        raise ConfigError(f"page not in {config.path}: {', '.join(unknown)}", hint=f"configured pages: {known}")
    pages = []
    for page in config.settings.pages:
        if titles and page.title not in titles:
            continue
        report = None
        if page.report is not None:
            if page.report not in reports:
                raise ConfigError(
                    f"page '{page.title}' shows report '{page.report}', which no metrics file defines",
                    hint=f"metrics files define: {', '.join(reports) or 'none'}; fix `report:` in {config.path}",
                )
            report = reports[page.report]
        text = renderer.render(page.template, report=report)
        found = regions.find_rendered_regions(text, title=f"{page.template} (rendered)")
        sealed = {name: seal.seal(region.content) for name, region in found.items()}
        contents = {name: s.content for name, s in sealed.items()}
        attributes = {name: s.attributes for name, s in sealed.items()}
        text = regions.splice_rendered(text, contents, attributes, title=page.title)
        checksums = {name: s.checksum for name, s in sealed.items()}
        pages.append(RenderedPage(page.title, text, contents, page.create, checksums))
    return pages


def plan_page(page: RenderedPage, current: CurrentPage, prefix: str, source: str = "", safety: Safety = SAFE) -> Edit:
    """The edit that brings `current` to the rendered page, touching only the managed regions."""
    if not current.exists:
        if not page.create:
            return Edit(
                page.title,
                "refused",
                reason="missing-page",
                message=f'page "{page.title}" does not exist and its settings say not to create it; '
                "create it with the managed-region markers, or set `create: true`",
            )
        what = ", ".join(page.regions) or "the page"
        return Edit(
            page.title,
            "would-create",
            new=page.text,
            summary=changes.summary(prefix, [f"first publish ({what})"], source),
        )
    try:
        before = regions.find_regions(current.text, title=page.title)
        attributes = {name: f"checksum={checksum}" for name, checksum in page.checksums.items()}
        if all(
            name in before
            and before[name].content == content
            and before[name].attributes == attributes.get(name, before[name].attributes)
            for name, content in page.regions.items()
        ):  # the weekly case: decided from the one read of the page, no splice
            return Edit(page.title, "unchanged", old=current.text, new=current.text, base_revid=current.revid)
        new = regions.splice(current.text, page.regions, attributes=attributes, title=page.title)
    except RegionError as exc:
        reason = "missing-markers" if isinstance(exc, regions.MissingRegionsError) else "bad-markers"
        return Edit(page.title, "refused", old=current.text, reason=reason, message=str(exc))
    old_contents = {name: region.content for name, region in before.items() if name in page.regions}
    notes: list[str] = []
    hand_edits = _hand_edits(before, page)
    if hand_edits:
        if not safety.force:
            listed = "; ".join(f"{name}: {', '.join(found)}" for name, found in hand_edits.items())
            return Edit(
                page.title,
                "refused",
                old=current.text,
                reason="manual-edit",
                message=f'page "{page.title}" was edited by hand inside the bot\'s tables ({listed}). '
                "Nothing was overwritten. Move the change into the metrics YAML (or outside the markers), "
                "then run again; `mtpbot sync --force` replaces the hand edit",
            )
        notes.append(f"replaced a manual edit in {', '.join(hand_edits)}")
    shrunk = _shrinking(old_contents, page.regions, safety.shrink_limit)
    if shrunk:
        if not safety.force:
            return Edit(
                page.title,
                "refused",
                old=current.text,
                reason="shrink",
                message=f'page "{page.title}": {"; ".join(shrunk)} — more than {safety.shrink_limit:.0%} of the '
                "rows would go, which usually means truncated source data. Check the metrics files; "
                "`mtpbot sync --force` publishes anyway",
            )
        notes.append(f"removed rows on purpose ({'; '.join(shrunk)})")
    items = [*notes, *changes.describe(old_contents, page.regions)]
    return Edit(
        page.title,
        "would-edit",
        old=current.text,
        new=new,
        summary=changes.summary(prefix, items or ["tables updated"], source),
        base_revid=current.revid,
    )


def _hand_edits(current: Mapping[str, regions.Region], page: RenderedPage) -> dict[str, list[str]]:
    """Regions whose content no longer matches the checksum the bot left in their begin marker."""
    found = {}
    for name in page.regions:
        region = current.get(name)
        checksum = seal.checksum_of(region.attributes) if region is not None else None
        if region is not None and checksum is not None:
            edits = seal.manual_edits(region.content, checksum)
            if edits:
                found[name] = edits
    return found


def _shrinking(old: Mapping[str, str], new: Mapping[str, str], limit: float) -> list[str]:
    shrunk = []
    for name, content in new.items():
        before, after = len(changes.table_rows(old.get(name, ""))), len(changes.table_rows(content))
        if before and before - after > before * limit:
            shrunk.append(f"{name} would go from {before} to {after} rows")
    return shrunk

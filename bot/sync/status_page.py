"""The on-wiki status page: one row per managed page with the outcome of the bot's last real run on it.

A page the bot refused (a hand edit, missing markers, {{nobots}}) or could not save shows so on the wiki,
with the date since when, so that no non-update stays silent. The status page is a rendered page like the
others — one sealed managed region, planned and saved by the same code — read in the same batch as the
pages and the run page. Its text holds no clock: it changes only when a page's outcome or the data commit
changes. A row's "since" date is read back from the page itself and kept while the outcome stays the same.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date

from bot.errors import ConfigError, RegionError
from bot.source import titles
from bot.source.settings import STATUS_PAGE_TEMPLATE, PageSettings, Settings
from bot.sync.edits import Edit
from bot.sync.pages import RenderedPage, render_page
from bot.wikipages import PageState
from bot.wikitext.escape import escape
from bot.wikitext.regions import find_regions
from bot.wikitext.render import Renderer
from bot.wikitext.rows import table_rows

REGION = "status"  # the managed region of the status page (templates/run-status.wiki.j2)
ROW_KIND = "page"  # its rows are marked `|- data-mtp="page:<title>"`
NOT_CHECKED = "not checked yet"  # a configured page no real run has handled yet
_SINCE = re.compile(r"(?P<outcome>.+), since (?P<since>\d{4}-\d{2}-\d{2})\)")


@dataclass(frozen=True)
class StatusRow:
    title: str
    status: str  # "up to date at data abc1234", "refused (manual-edit, since 2024-03-04)", …
    link: str = ""  # where the title links, when not to itself: a data page on Commons ("c:Data:…")
    data: bool = False  # a data page: linked on Commons, named only on another data wiki (no link to make)

    @property
    def problem(self) -> bool:
        return self.status.startswith(("refused", "failed"))


@dataclass(frozen=True)
class StatusWriter:
    """What a real run needs to write its status page: the renderer of the templates folder, the run's date."""

    renderer: Renderer
    today: date  # UTC: the "since" of an outcome that changes in this run
    data_pages: tuple[str, ...] = ()  # the charts' data pages of the run: a row each, after the pages
    interwiki: str = ""  # how the wiki links to the data wiki's pages: "c:" for Commons


@dataclass(frozen=True)
class StatusPage:
    """The status page of one real run: where it is, the pages it lists and what it says of them."""

    title: str
    pages: tuple[str, ...]  # every configured page, in config order: a `--page` run keeps the others' rows
    data: str  # the data commit the run publishes ("" when unknown)
    today: date  # the run's date (UTC): the "since" of an outcome that changes in this run
    renderer: Renderer
    run_page: str | None = None  # named in the text around the table when the page is created
    data_pages: tuple[str, ...] = ()  # the data pages of the run, on the data wiki: rows after the pages'
    interwiki: str = ""  # the prefix of a link from this wiki to a data page ("c:" for Commons)

    @classmethod
    def configured(
        cls, settings: Settings, account: str, run_page: str | None, data: str, writer: StatusWriter
    ) -> StatusPage | None:
        """The status page of a real run as the settings have it (None when they turn it off)."""
        title = status_title(settings, account, run_page)
        if title is None:
            return None
        configured = tuple(page.title for page in settings.pages)
        extra = (writer.data_pages, writer.interwiki)
        return cls(title, configured, data, writer.today, writer.renderer, run_page, *extra)

    def render(self, current: PageState, edits: Sequence[Edit]) -> RenderedPage:
        """The status page after this run's `edits` (the data pages' too), its dates read from `current`."""
        listed = (*self.pages, *self.data_pages)
        rows = status_rows(listed, edits, previous_statuses(current, listed), self.data, self.today)
        data = set(self.data_pages)
        rows = [
            replace(row, data=True, link=f"{self.interwiki}{row.title}" if self.interwiki else "")
            if row.title in data
            else row
            for row in rows
        ]
        settings = PageSettings(title=self.title, template=STATUS_PAGE_TEMPLATE, create=True)
        return render_page(settings, {"rows": rows, "run_page": self.run_page}, self.renderer)


def status_title(settings: Settings, account: str, run_page: str | None) -> str | None:
    """The status page's title: `status_page:`, else User:<account>/Status; None when turned off (or when
    no account is known to name it). A title that is also a managed page or the run page is refused."""
    setting = settings.status_page
    if setting is False or (not isinstance(setting, str) and not account):
        return None
    title = setting if isinstance(setting, str) else f"User:{account}/Status"
    same = titles.normalise(title)
    if run_page is not None and titles.normalise(run_page) == same:
        clash = "the run page"
    elif any(titles.normalise(page.title) == same for page in settings.pages):
        clash = "a managed page"
    else:
        return title
    raise ConfigError(
        f'the status page "{title}" is also {clash}',
        hint="give `status_page:` a title of its own in the settings (or `status_page: false`)",
    )


def status_rows(
    pages: Sequence[str], edits: Sequence[Edit], previous: Mapping[str, str], data: str, today: date
) -> list[StatusRow]:
    """A row per configured page: the outcome of its edit in this run, else what the page said before."""
    outcomes = {edit.title: edit for edit in edits}
    rows = []
    for title in pages:
        edit = outcomes.get(title)
        before = previous.get(title)
        status = outcome(edit, data, before, today) if edit is not None else before or NOT_CHECKED
        rows.append(StatusRow(title, status))
    return rows


def outcome(edit: Edit, data: str, before: str | None, today: date) -> str:
    """What a row says of a page after a real run: up to date at a data commit, or refused or failed for a
    reason since a date — the date it said before while the outcome is the same, else the run's date."""
    if edit.ok:
        return f"up to date at data {data}" if data else "up to date (data commit unknown)"
    head = f"{edit.action} ({edit.reason or 'unknown'}"
    kept = _SINCE.fullmatch(before or "")
    since = kept["since"] if kept is not None and kept["outcome"] == head else today.isoformat()
    return f"{head}, since {since})"


def previous_statuses(current: PageState, pages: Sequence[str]) -> dict[str, str]:
    """What the status page as read says of each configured page (nothing when it is missing or its region
    cannot be read: the plan then refuses the page, and nothing is written from it)."""
    if not current.exists:
        return {}
    try:
        region = find_regions(current.text, title=current.title).get(REGION)
    except RegionError:
        return {}
    found = table_rows(region.content) if region is not None else {}
    statuses = {}
    for title in pages:
        row = found.get(row_key(title))
        if row is not None and len(row.cells) >= 2:
            statuses[title] = row.cells[1]
    return statuses


def row_key(title: str) -> str:
    """The record key of a page's row, as the template's `row_mark("page", title)` writes it."""
    attribute = escape(title).replace('"', "&quot;")
    return f"{ROW_KIND}:{attribute}"

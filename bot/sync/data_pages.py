"""The data-page sync: each series' `.tab` and `.chart` page (bot.charts) on the data wiki, which the bot owns
wholly. A page is compared as parsed JSON without the data commit (bot.sync.data_changes), so an unchanged
series makes no edit; a page whose latest revision is someone else's is refused (`manual-edit`) unless
--force; a `.tab` that would lose more than `shrink_limit` of its rows is refused (`shrink`) unless --force;
each `.tab` is saved before its `.chart`, and a chart whose table was not saved is not saved either. A
missing page the logs show was deleted or moved is not created again (bot.sync.gone) unless --force. A page
is created with its content model (Tabular.JsonConfig, Chart.JsonConfig), so that a wiki without JsonConfig
refuses it rather than keep JSON as wikitext.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import partial
from typing import Any

from bot.charts import seal
from bot.charts.names import names_for
from bot.charts.pages import DataPage, charted_series, json_text, series_pages
from bot.charts.problems import DataPageError
from bot.charts.translations import with_translations
from bot.errors import MtpbotError, NotAllowedError, PageError
from bot.source.model import PriorityFile
from bot.sync import data_changes, gone
from bot.sync.data_drift import DataDrift, Drift
from bot.sync.data_saving import CreationCheck, save_data_page
from bot.sync.edits import Edit
from bot.sync.pages import RenderedPage
from bot.sync.plan import Safety
from bot.sync.policy import require_bot_right
from bot.sync.protocols import DataWiki, PageLogs, Removal, State
from bot.wikipages import PageState
from bot.wikitext.summaries import summary


@dataclass(frozen=True)
class SeriesPage:
    """One data page to publish, with the name of its series (for the summary)."""

    page: DataPage
    name: str
    shown_on: str | None = None  # the page that embeds its chart, if one does (for `--force --page` hints)
    held: str = ""  # why it is not published this run (its series' feed failed: bot.sync.feed_holds)


def render_data_pages(
    priorities: Mapping[str, PriorityFile], commit: str, *, charts: Collection[str] | None, prefix: str
) -> list[SeriesPage]:
    """Every series to draw (those `charts` names, or every drawable one) as its `.tab` then `.chart` page,
    validated; a DataPageError names a `charts` id no priority has, or a series that cannot be drawn."""
    if charts is not None:
        known = {m.id for p in priorities.values() for m in (*p.metrics, *p.kpis)}
        unknown = [f"{name}: no metric or KPI has this id" for name in charts if name not in known]
        if unknown:
            raise DataPageError("The `charts:` setting", unknown, "name the ids of metrics or KPIs in the sources")
    found = []
    for priority in priorities.values():
        for metric in charted_series(priority, charts):
            names = names_for(priority.priority.id, metric.id, prefix)
            found += [
                SeriesPage(page, metric.name) for page in series_pages(metric, priority.priority.name, names, commit)
            ]
    return found


def shown_on(pages: Sequence[SeriesPage], shown: Sequence[RenderedPage]) -> list[SeriesPage]:
    """The data pages the `shown` pages embed, each with the (first) page that embeds its chart."""
    embedding: dict[str, str] = {}
    for page in shown:
        for title in page.data_titles:
            embedding.setdefault(title, page.title)
    return [
        replace(series, shown_on=embedding[series.page.title]) for series in pages if series.page.title in embedding
    ]


def plan_data_page(
    series: SeriesPage,
    state: PageState,
    *,
    prefix: str,
    source: str,
    safety: Safety,
    drift: Callable[[Mapping[str, Any] | None, PageState], Drift],
    removal: Removal | None = None,
) -> Edit:
    """The edit of one data page: unchanged, would-create, would-edit, or refused (`manual-edit`, `shrink`, and
    `deleted` or `moved` for a missing page the logs show was there: bot.sync.gone)."""
    page = series.page
    if series.held:
        return Edit(page.title, "refused", old=state.text, reason="feed-failed", message=series.held)
    if not state.exists:
        if removal is not None and (removal.kind == "unverified" or not safety.recreate):
            return gone.removal_refusal(page.title, removal, recreate_with=series.shown_on)
        said = [*gone.recreation_note(removal), f"{series.name}: created"]
        return Edit(page.title, "would-create", new=page.text, summary=summary(prefix, said, source))
    old = data_changes.parsed(state.text)
    shown = json_text(old) if old is not None else state.text  # the diff between two texts of one layout
    content = with_translations(page.content, old)  # the languages translators added stay
    if data_changes.same(old, content) and (old is None or seal.seal_of(old) != "broken"):
        return Edit(page.title, "unchanged", old=shown, new=shown, base_revid=state.revid)
    change = data_changes.changes(old, content)
    edit = Edit(page.title, "would-edit", old=shown, new=json_text(content), base_revid=state.revid)
    if data_changes.same(old, content):  # someone's edit the metrics now say too: the bot's checksum renewed
        return replace(edit, summary=summary(prefix, [f"{series.name}: {_RESEALED}"], source))
    found = drift(old, state)
    if found.changed:
        who = found.who
        if not safety.force:
            why = f"{who} edited this data page after the bot" if who else _CHANGED_UNDER_THE_BOT
            return refused(edit, "manual-edit", why, _DRIFT_HINT)
        change = f"{change}; replaced an edit by {who}" if who else f"{change}; replaced an edit made under its seal"
    before, kept = data_changes.lost_rows(old, content)
    if before and kept < before * (1 - safety.shrink_limit) and not safety.force:
        message = f"the table would keep {kept} of its {before} rows (the limit is {safety.shrink_limit:.0%} lost)"
        return refused(edit, "shrink", message, "check the metrics file for lost quarters; --force publishes it")
    return replace(edit, summary=summary(prefix, [f"{series.name}: {change}"], source))


_RESEALED = "checksum renewed (the page now matches the metrics)"
_CHANGED_UNDER_THE_BOT = (
    "this data page was changed since the bot saved it (its content no longer matches the checksum the bot left "
    "in `sources`: an edit MediaWiki merged with the bot's save)"
)
_DRIFT_HINT = (
    "the bot owns its data pages wholly: make the change in the metrics YAML, or run with --force to replace it"
)


def refused(edit: Edit, reason: str, message: str, hint: str) -> Edit:
    return replace(edit, action="refused", reason=reason, message=f"{message}; nothing was changed. {hint}")


def sync_data_pages(
    pages: Sequence[SeriesPage],
    wiki: DataWiki[State],
    *,
    dry_run: bool,
    prefix: str,
    source: str = "",
    safety: Safety = Safety(),
    account: str = "",
    on_edit: Callable[[Edit], None] = lambda edit: None,
) -> tuple[Edit, ...]:
    """Read every data page in one batch, plan each and (unless dry_run) save the changed ones in order. The
    bot is the logged-in account, or `account` (a dry run's credentials); a dry run without either cannot
    tell the bot's revisions from others' and refuses no page for drift."""
    if not dry_run and pages:
        require_bot_right(wiki)
    unreadable = ""
    try:
        current = wiki.fetch([series.page.title for series in pages]) if pages else {}
    except NotAllowedError:
        raise
    except MtpbotError as exc:  # the data wiki unreadable: each data page fails, the other pages go on
        current = {}
        unreadable = str(exc)
    drift = DataDrift(wiki, frozenset(name for name in (wiki.username, account) if name))
    edits: list[Edit] = []
    saved_tabs: dict[str, bool] = {}  # by the pages' common stem: Data:<prefix>/<priority>/<series>
    creation = CreationCheck(wiki)
    for series in pages:
        stem, kind = series.page.title.rsplit(".", 1)
        state = current.get(series.page.title)
        plan = partial(_one, series, drift=drift, prefix=prefix, source=source, safety=safety, logs=wiki)
        edit = creation.checked(plan(state), series.page.model) if state is not None else _unread(series, unreadable)
        if kind == "chart" and edit.pending and not saved_tabs.get(stem, True):
            edit = refused(edit, "table-not-saved", "its .tab page is not on the wiki", "fix the .tab page first")
        if not dry_run and edit.pending and state is not None:
            edit = save_data_page(wiki, state, edit, series.page.model, plan)
        if kind == "tab":
            saved_tabs[stem] = edit.on_wiki_after  # refused but there (a hand edit): its chart may still be made
        on_edit(edit)
        edits.append(edit)
    return tuple(edits)


def _unread(series: SeriesPage, why: str) -> Edit:
    return Edit(series.page.title, "failed", reason="wiki-error", message=f"the data wiki could not be read: {why}")


def _one(
    series: SeriesPage,
    state: PageState,
    *,
    drift: DataDrift,
    prefix: str,
    source: str,
    safety: Safety,
    logs: PageLogs | None,
) -> Edit:
    """One page's plan; a fault (an unreadable page, a failed history request) is that page's."""
    try:
        return plan_data_page(
            series,
            state,
            prefix=prefix,
            source=source,
            safety=safety,
            drift=drift,
            removal=gone.logged_removal(logs, state),
        )
    except MtpbotError as exc:
        reason = exc.reason if isinstance(exc, PageError) else "wiki-error"
        return Edit(series.page.title, "failed", reason=reason, message=str(exc))


@dataclass(frozen=True)
class DataPagesRun:
    """The charts' data pages of one run and the data wiki they go to, logged in beside the page wiki — or, when
    that wiki cannot be used (down, no bot right there), `wiki` None and why: then each data page fails with
    that reason and the pages go on, those that would first show a chart held back (bot.sync.chart_embeds)."""

    pages: Sequence[SeriesPage]
    wiki: DataWiki[Any] | None
    safety: Safety = Safety()
    account: str = ""  # a dry run's credentials: the bot by name, though it reads anonymously
    unusable: tuple[str, str] = ("wiki-error", "the data wiki was not connected")  # reason, message

    def sync(self, *, dry_run: bool, prefix: str, source: str, on_edit: Callable[[Edit], None]) -> tuple[Edit, ...]:
        if self.wiki is None:
            reason, message = self.unusable
            failed = tuple(Edit(series.page.title, "failed", reason=reason, message=message) for series in self.pages)
            for edit in failed:
                on_edit(edit)
            return failed
        return sync_data_pages(
            self.pages,
            self.wiki,
            dry_run=dry_run,
            prefix=prefix,
            source=source,
            safety=self.safety,
            account=self.account,
            on_edit=on_edit,
        )

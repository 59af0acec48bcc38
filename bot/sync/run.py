"""One sync run: read every page (and the run and status pages) in one batch, plan each page, save the changed
ones, then record their outcomes on the status page (bot.sync.status_page).

The wiki is handed in (bot.mediawiki.Wiki in production, anything with the same methods in tests). A page
that is refused or fails is reported and the run goes on with the others: one bad page never blocks or
hides the rest.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import partial

from bot.errors import ExitStatus, MtpbotError, NotAllowedError, PageError
from bot.source import titles
from bot.source.settings import Settings
from bot.sync import drift, gone
from bot.sync.chart_embeds import held_for_charts, on_the_data_wiki
from bot.sync.data_pages import DataPagesRun
from bot.sync.edits import Edit
from bot.sync.isolation import isolated, planned, run_page_off
from bot.sync.pages import RenderedPage
from bot.sync.plan import Safety, plan_page
from bot.sync.policy import RunPolicy, require_bot_right
from bot.sync.protocols import HistoryPublisher, PageHistory, PageLogs, State, WikiLike
from bot.sync.status_page import StatusPage, StatusWriter
from bot.wikipages import PageState
from bot.wikitext.exclusion import bots_exclusion


@dataclass(frozen=True)
class SyncResult:
    edits: tuple[Edit, ...]
    dry_run: bool
    run_page_off: str = ""  # why the run page stops the bot ("" when it allows it)
    status_page: Edit | None = None  # the status page's own outcome (None: a dry run, or none configured)
    data_pages: tuple[Edit, ...] = ()  # the data wiki's pages, synced before the pages (bot.sync.data_pages)

    @property
    def outcomes(self) -> tuple[Edit, ...]:
        """Every page's outcome, the status page's last."""
        return (*self.edits, *self.data_pages, *([self.status_page] if self.status_page is not None else []))

    def exit_status(self, *, fail_on_pending: bool = False) -> ExitStatus:
        """PAGE_FAILURES when a page (the status page too) was refused or failed; with `fail_on_pending` (a
        dry run's --exit-code), CHANGES_PENDING when a page would change."""
        if any(not e.ok for e in self.outcomes):
            return ExitStatus.PAGE_FAILURES
        if fail_on_pending and self.dry_run and self.pending:
            return ExitStatus.CHANGES_PENDING
        return ExitStatus.OK

    @property
    def pending(self) -> bool:
        return any(e.pending for e in (*self.edits, *self.data_pages))


def run_sync(
    pages: Sequence[RenderedPage],
    wiki: HistoryPublisher[State],
    settings: Settings,
    *,
    dry_run: bool,
    force: bool = False,
    recreate: bool = False,
    source: str = "",
    account: str = "",
    on_edit: Callable[[Edit], None] = lambda edit: None,
    status_page: StatusWriter | None = None,
    data: DataPagesRun | None = None,
    on_data_edit: Callable[[Edit], None] = lambda edit: None,
) -> SyncResult:
    """A sync as the settings and the account have it: a real run needs the bot right; the run page is
    the configured one or User:<account>/Run. A dry run reads anonymously: `account` names the account a
    real run would save as (from the credentials), for its run page and {{bots}}. Given a `status_page`
    writer, a real run records its outcomes on the status page the settings name. `data` are the charts'
    data pages (bot.sync.data_pages), synced once the run page allows the run, before the pages; `on_data_edit`
    hears each one's outcome."""
    if not dry_run:
        require_bot_right(wiki)
    policy = RunPolicy.named(wiki.username or account, settings.run_page)
    status = None
    if status_page is not None and not dry_run:
        status = StatusPage.configured(settings, wiki.username or account, policy.run_page, source, status_page)
    return sync(
        pages,
        wiki,
        dry_run=dry_run,
        prefix=settings.summary_prefix,
        source=source,
        safety=Safety(force=force, shrink_limit=settings.shrink_limit, recreate=recreate),
        policy=policy,
        logs=wiki,
        history=wiki,
        on_edit=on_edit,
        status=status,
        data=data,
        on_data_edit=on_data_edit,
    )


def sync(
    pages: Sequence[RenderedPage],
    wiki: WikiLike[State],
    *,
    dry_run: bool,
    prefix: str,
    source: str = "",
    safety: Safety = Safety(),
    policy: RunPolicy = RunPolicy(),
    on_edit: Callable[[Edit], None] = lambda edit: None,
    status: StatusPage | None = None,
    logs: PageLogs | None = None,
    history: PageHistory | None = None,
    data: DataPagesRun | None = None,
    on_data_edit: Callable[[Edit], None] = lambda edit: None,
) -> SyncResult:
    """Plan every page against the wiki's current text; unless dry_run, save the changed ones.

    The run page is read in the same batch as the pages, and checked before the first save: while it
    does not read "true", a real run raises NotAllowedError and saves nothing (a dry run says so). The
    status page is read in that batch too, and saved (unless dry_run) after the pages, when a page's
    outcome or the data commit changed. With `logs`, a page is created only if it never existed (bot.sync.gone);
    with `history`, a page refused for a hand edit names who made it (bot.sync.drift).
    `data` is synced after the run page's check and before the first page: a page is then held back rather
    than show a chart whose data pages are not on the data wiki (bot.sync.chart_embeds).
    """
    titles = [p.title for p in pages]
    watched = (policy.run_page, status.title if status is not None else None)
    extra = [title for title in dict.fromkeys(watched) if title and title not in titles]
    current = wiki.fetch([*titles, *extra])
    off = _run_page_check(current, policy, dry_run=dry_run)
    synced = data.sync(dry_run=dry_run, prefix=prefix, source=source, on_edit=on_data_edit) if data is not None else ()
    ready = on_the_data_wiki(synced)
    plan = partial(_plan, prefix=prefix, source=source, safety=safety, policy=policy, logs=logs)
    edits: dict[str, Edit] = {}
    for page in sorted(pages, key=lambda page: not is_template(page.title)):  # stable: config order otherwise
        edit = planned(page, current, plan)  # one page's fault is that page's outcome (bot.sync.isolation)
        if data is not None:
            edit = isolated(edit, "plan", partial(held_for_charts, edit, page, current[page.title], ready))
        if not dry_run and edit.pending:
            edit = isolated(edit, "save", partial(_save, wiki, page, current[page.title], edit, plan))
        on_edit(edit := drift.explain(edit, history, policy.bot_names))  # a hand edit's author: only then a request
        edits[page.title] = edit
    done = tuple(edits[page.title] for page in pages)
    recorded = None
    if status is not None and not dry_run:
        record = partial(_record, wiki, status, current[status.title], (*done, *synced), plan)
        recorded = isolated(Edit(status.title, "failed"), "status page", record)
        on_edit(recorded)
    return SyncResult(done, dry_run, off, recorded, synced)


def _run_page_check(current: Mapping[str, PageState], policy: RunPolicy, *, dry_run: bool) -> str:
    """Why the run page stops the bot ("" when it allows it); a real run it stops raises NotAllowedError."""
    run_page = current.get(policy.run_page) if policy.run_page else None
    off = run_page_off(run_page, policy.run_page) if policy.run_page else ""
    if off and not dry_run:
        hint = (
            "ask on the bot's talk page why it was stopped"
            if run_page is not None and run_page.exists
            else "a new bot's first run needs it: create the page with that text from your own account "
            "(docs/operations.md, Running weekly); `mtpbot check` says what else is missing"
        )
        raise NotAllowedError(f"not publishing: {off}", hint=hint)
    return off


def is_template(title: str) -> bool:
    """Templates (and modules) are saved before the pages that call them: a page saved first would show its
    status cells as red links to a template that does not exist yet."""
    return titles.split(titles.normalise(title))[0] in titles.TEMPLATE_NAMESPACES


def _plan(
    page: RenderedPage,
    state: PageState,
    *,
    prefix: str,
    source: str,
    safety: Safety,
    policy: RunPolicy,
    logs: PageLogs | None = None,
) -> Edit:
    if page.held:
        return Edit(page.title, "refused", old=state.text, reason="feed-failed", message=page.held)
    if state.exists and policy.bot_names:
        excluded = bots_exclusion(state.text, policy.bot_names)
        if excluded:
            return Edit(
                page.title,
                "refused",
                old=state.text,
                reason="nobots",
                message=f"{excluded}, which excludes this bot; nothing was changed. Remove it from the "
                "page (or the config) if the bot should maintain this page",
            )
    return plan_page(page, state, prefix, source, safety, gone.removal_of(logs, page, state))


def _record(
    wiki: WikiLike[State],
    status: StatusPage,
    state: State,
    edits: Sequence[Edit],
    plan: Callable[[RenderedPage, PageState], Edit],
) -> Edit:
    """The status page, planned and saved like any page: created when missing, unchanged (never saved) while
    every outcome and the data commit stay the same, refused when someone edited inside its table."""
    page = status.render(state, edits)
    edit = plan(page, state)
    return _save(wiki, page, state, edit, plan) if edit.pending else edit


def _save(
    wiki: WikiLike[State],
    page: RenderedPage,
    state: State,
    edit: Edit,
    plan: Callable[[RenderedPage, PageState], Edit],
) -> Edit:
    """Save; on an edit conflict read the page again, re-splice only the regions, and try once more."""
    try:
        return edit.saved(wiki.save(state, edit.new, edit.summary))
    except PageError as exc:
        if exc.reason != "edit-conflict":
            return edit.failed(exc.reason, str(exc))
    except NotAllowedError:  # the account was blocked: no other page is tried
        raise
    except MtpbotError as exc:  # e.g. the connection dropped for good: this page failed, try the next
        return edit.failed("wiki-error", str(exc))
    try:
        fresh = wiki.fetch([page.title])[page.title]
    except MtpbotError as exc:
        return edit.failed("edit-conflict", f"edit conflict, and the page could not be read again: {exc}")
    retry = plan(page, fresh)
    if not retry.pending:  # refused (a hand edit inside a region) or already up to date
        return replace(retry, message=f"after an edit conflict: {retry.message}" if retry.message else "")
    try:
        return retry.saved(wiki.save(fresh, retry.new, retry.summary))
    except NotAllowedError:
        raise
    except MtpbotError as exc:
        reason = exc.reason if isinstance(exc, PageError) else "wiki-error"
        return retry.failed(reason, f"failed again after an edit conflict: {exc}")

"""One sync run: read every page (and the run page) in one batch, plan each page, save the changed ones.

The wiki is handed in (bot.mediawiki.Wiki in production, anything with the same methods in tests). A page
that is refused or fails is reported and the run goes on with the others: one bad page never blocks or
hides the rest.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from functools import partial

from bot.errors import ExitStatus, MtpbotError, NotAllowedError, PageError
from bot.publish.edits import Edit
from bot.publish.pages import RenderedPage
from bot.publish.plan import Safety, plan_page
from bot.publish.policy import RunPolicy, require_bot_right, run_page_verdict
from bot.publish.protocols import CurrentPage, Publisher, SaveOutcome, State, WikiLike
from bot.source import titles
from bot.source.settings import Settings
from bot.wikitext.exclusion import bots_exclusion


@dataclass(frozen=True)
class SyncResult:
    edits: tuple[Edit, ...]
    dry_run: bool
    run_page_off: str = ""  # why the run page stops the bot ("" when it allows it)

    def exit_status(self, *, fail_on_pending: bool = False) -> ExitStatus:
        """PAGE_FAILURES when a page was refused or failed; with `fail_on_pending` (a dry run's
        --exit-code), CHANGES_PENDING when a page would change."""
        if any(not e.ok for e in self.edits):
            return ExitStatus.PAGE_FAILURES
        if fail_on_pending and self.dry_run and self.pending:
            return ExitStatus.CHANGES_PENDING
        return ExitStatus.OK

    @property
    def pending(self) -> bool:
        return any(e.pending for e in self.edits)


def run_sync(
    pages: Sequence[RenderedPage],
    wiki: Publisher[State],
    settings: Settings,
    *,
    dry_run: bool,
    force: bool = False,
    source: str = "",
    account: str = "",
    on_edit: Callable[[Edit], None] = lambda edit: None,
) -> SyncResult:
    """A sync as the settings and the account have it: a real run needs the bot right; the run page is
    the configured one or User:<account>/Run. A dry run reads anonymously: `account` names the account a
    real run would save as (from the credentials), for its run page and {{bots}}."""
    if not dry_run:
        require_bot_right(wiki)
    return sync(
        pages,
        wiki,
        dry_run=dry_run,
        prefix=settings.summary_prefix,
        source=source,
        safety=Safety(force=force, shrink_limit=settings.shrink_limit),
        policy=RunPolicy.named(wiki.username or account, settings.run_page),
        on_edit=on_edit,
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
) -> SyncResult:
    """Plan every page against the wiki's current text; unless dry_run, save the changed ones.

    The run page is read in the same batch as the pages, and checked before the first save: while it
    does not read "true", a real run raises NotAllowedError and saves nothing (a dry run says so).
    """
    titles = [p.title for p in pages]
    extra = [policy.run_page] if policy.run_page and policy.run_page not in titles else []
    current = wiki.fetch([*titles, *extra])
    off = run_page_verdict(current.get(policy.run_page), policy.run_page) if policy.run_page else ""
    if off and not dry_run:
        raise NotAllowedError(f"not publishing: {off}", hint="ask on the bot's talk page why it was stopped")
    plan = partial(_plan, prefix=prefix, source=source, safety=safety, policy=policy)
    edits: dict[str, Edit] = {}
    for page in sorted(pages, key=lambda page: not is_template(page.title)):  # stable: config order otherwise
        edit = plan(page, current[page.title])
        if not dry_run and edit.pending:
            edit = _save(wiki, page, current[page.title], edit, plan)
        on_edit(edit)
        edits[page.title] = edit
    return SyncResult(tuple(edits[page.title] for page in pages), dry_run, off)


def is_template(title: str) -> bool:
    """Templates (and modules) are saved before the pages that call them: a page saved first would show its
    status cells as red links to a template that does not exist yet."""
    return titles.split(titles.normalise(title))[0] in titles.TEMPLATE_NAMESPACES


def _plan(
    page: RenderedPage, state: CurrentPage, *, prefix: str, source: str, safety: Safety, policy: RunPolicy
) -> Edit:
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
    return plan_page(page, state, prefix, source, safety)


def _save(
    wiki: WikiLike[State],
    page: RenderedPage,
    state: State,
    edit: Edit,
    plan: Callable[[RenderedPage, CurrentPage], Edit],
) -> Edit:
    """Save; on an edit conflict read the page again, re-splice only the regions, and try once more."""
    try:
        return _saved(edit, wiki.save(state, edit.new, edit.summary))
    except PageError as exc:
        if exc.reason != "edit-conflict":
            return edit.failed(exc.reason, str(exc))
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
        return _saved(retry, wiki.save(fresh, retry.new, retry.summary))
    except MtpbotError as exc:
        reason = exc.reason if isinstance(exc, PageError) else "wiki-error"
        return retry.failed(reason, f"failed again after an edit conflict: {exc}")


def _saved(edit: Edit, outcome: SaveOutcome) -> Edit:
    if outcome.nochange:
        return edit.done("unchanged", outcome.revid)
    return edit.done("created" if outcome.created else "edited", outcome.revid)

"""`mtpbot check` on the data wiki (`data_site:`): the login there with the same account, its bot right, that
the wiki stores JsonConfig's content models, and each data page as a sync would find it — a dry run of the
data-page sync (bot.sync.data_pages), whose refusals and failures are the problems.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from typing import Any

from bot.charts.pages import CHART_MODEL, TABULAR_MODEL
from bot.check.readiness import Check, failed, passed, problem
from bot.errors import ExitStatus, MtpbotError
from bot.sync.data_pages import SeriesPage, sync_data_pages
from bot.sync.protocols import DataWiki

MODELS = (TABULAR_MODEL, CHART_MODEL)


def data_wiki_checks(
    pages: Sequence[SeriesPage], log_in: Callable[[], DataWiki[Any]], *, target: str, prefix: str
) -> list[Check]:
    """The checks of the data wiki at `target`, in order; none when there are no data pages."""
    if not pages:
        return []
    try:
        wiki = log_in()
        checks = [passed("data-wiki", f"logged in to the data wiki {target} as {wiki.username}")]
        if not wiki.has_right("bot"):
            return [*checks, _no_bot_right(wiki.username, target)]
        missing = [model for model in MODELS if model not in wiki.content_models()]
        if missing:
            return [*checks, _no_models(missing, target)]
        checks.append(passed("data-models", f"the data wiki stores {' and '.join(MODELS)} pages"))
        edits = sync_data_pages(pages, wiki, dry_run=True, prefix=prefix)
    except MtpbotError as exc:
        return [failed("data-wiki", exc)]
    problems = [
        problem("data-page", edit.message, _HINT, ExitStatus.PAGE_FAILURES, title=edit.title)
        for edit in edits
        if not edit.ok
    ]
    counts = Counter(edit.action for edit in edits if edit.ok)
    said = ", ".join(f"{count} {action}" for action, count in sorted(counts.items()))
    return [*checks, *problems, passed("data-pages", f"{len(edits)} data pages read: {said or 'none ready'}")]


_HINT = "until then a sync refuses that data page, and a page that would first show its chart; the others publish"


def _no_bot_right(user: str, target: str) -> Check:
    return problem(
        "data-wiki",
        f"the login {user} has no bot right on the data wiki {target}: a sync may not save the charts' data pages",
        'ask that wiki\'s bureaucrats for the bot flag (a BotPassword needs the grant "High-volume editing")',
        ExitStatus.NOT_ALLOWED,
    )


def _no_models(missing: Sequence[str], target: str) -> Check:
    return problem(
        "data-models",
        f"the data wiki {target} does not store {' or '.join(missing)} pages: it would refuse every data page",
        "point `data_site:` (or --data-site-url) at a wiki with JsonConfig, as Commons has",
        ExitStatus.PAGE_FAILURES,
    )

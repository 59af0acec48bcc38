"""Per-page isolation: whatever goes wrong with one page becomes that page's outcome, never the run's.

A sync handles each page in stages: its text as read (an unreadable page, bot.mediawiki.UnreadablePage,
raises PageError("unreadable") when the plan reads it), the plan, the save and its conflict retry. Any
exception one of them raises about the page is caught here and the page reported failed: a PageError with
its own reason, another MtpbotError as `wiki-error`, anything else (a bug, an answer nobody foresaw) as
`unexpected-error` naming the exception. The run goes on with the other pages and its report stays whole.

Only what is about the whole run gets through: NotAllowedError (a blocked account: no other page may be
tried) and the stops (Ctrl-C's KeyboardInterrupt, SIGTERM's Terminated — BaseExceptions, never caught).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from typing import Literal

from bot.errors import MtpbotError, NotAllowedError, PageError
from bot.sync.edits import Edit
from bot.sync.pages import RenderedPage
from bot.sync.policy import run_page_verdict
from bot.wikipages import PageState

log = logging.getLogger(__name__)

UNEXPECTED = "unexpected-error"  # the reason of a page whose handling raised an exception nobody foresaw

Stage = Literal["plan", "save", "status page"]

_DOING = {"plan": "planning the edit of", "save": "saving", "status page": "recording the outcomes on"}
_LEFT = {
    "plan": "nothing was saved",
    "save": "whether the wiki took the save is unknown (see the page's history); the next run converges",
    "status page": "the status page may not show this run",
}
UNEXPECTED_HINT = (
    "the other pages were handled; run again with -v to see where it happened, and report it to the bot's "
    "maintainers with this message"
)


def isolated(outcome: Edit, stage: Stage, work: Callable[[], Edit]) -> Edit:
    """`work()` — or, when it raises about the page, `outcome` failed with what went wrong."""
    try:
        return work()
    except NotAllowedError:  # about the run, not the page: no other page may be tried
        raise
    except PageError as exc:
        return outcome.failed(exc.reason, str(exc))
    except MtpbotError as exc:  # e.g. the connection dropped for good: this page failed, try the next
        return outcome.failed("wiki-error", str(exc))
    except Exception as exc:
        log.debug("%s: unexpected error while %s it", outcome.title, _DOING[stage], exc_info=True)
        return outcome.failed(UNEXPECTED, str(unexpected(outcome.title, stage, exc)))


def unexpected(title: str, stage: Stage, exc: Exception) -> PageError:
    """The failure of a page whose handling raised `exc`, in words: where, what, and what it left."""
    what = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
    message = f"Unexpected error while {_DOING[stage]} {title} ({what}); {_LEFT[stage]}."
    return PageError(title, UNEXPECTED, message, UNEXPECTED_HINT)


def planned(page: RenderedPage, current: Mapping[str, PageState], plan: Callable[..., Edit]) -> Edit:
    """The plan of `page` against its state in `current`, or that page failed (unreadable, or anything else)
    at the revision it was read at."""
    state = current.get(page.title)
    outcome = Edit(page.title, "failed", base_revid=state.revid if state is not None else None)
    return isolated(outcome, "plan", lambda: plan(page, current[page.title]))


def run_page_off(state: PageState | None, title: str) -> str:
    """`run_page_verdict`, for a run page whose text may not be readable: then the bot may not publish."""
    try:
        return run_page_verdict(state, title)
    except PageError as exc:
        return f'the run page "{title}" cannot be read, and the bot publishes only while it reads "true": {exc.message}'

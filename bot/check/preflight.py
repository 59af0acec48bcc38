"""`mtpbot check`, as data: whether a sync could publish now, checked in the order a sync needs it — the
settings and sources, the wiki, the login, the bot right and the bot flag, the run page, each page — and
the exit status the checks add up to (the first problem's). Nothing is saved.

No network here: the CLI hands in how to render the pages, reach the wiki and log in (callables that raise
`MtpbotError`), and the wiki comes in through the Protocols of `bot.sync.protocols`. When the login fails
the pages are still read, anonymously (reading is public), so that one run shows every problem.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from bot.check.readiness import Check, account_checks, failed, page_check, passed, problem, run_page_check
from bot.errors import BlockedError, ExitStatus, MtpbotError, PageError
from bot.source.settings import Settings
from bot.sync import gone
from bot.sync.pages import RenderedPage
from bot.sync.plan import Safety
from bot.sync.policy import BOT_NAME, RunPolicy
from bot.sync.protocols import Grants, PageLogs, PageReader

__all__ = ["Check", "LoggedIn", "exit_status", "preflight"]


class LogReader(PageReader, PageLogs, Protocol):
    """A wiki to read pages from, logged in or not, whose logs say how a missing page left (deleted, moved)."""


class LoggedIn(Grants, LogReader, Protocol):
    """The wiki as the bot's login sees it: its account, its pages and their logs."""


def exit_status(checks: Sequence[Check]) -> ExitStatus:
    """OK when every check passed (a sync could publish), else the status of the first problem."""
    return next((check.status for check in checks if not check.ok), ExitStatus.OK)


@dataclass
class _Checks:
    """The checks so far, each handed on as soon as it is known (so a person sees them come)."""

    on_check: Callable[[Check], None]
    done: list[Check] = field(default_factory=list)

    def add(self, *checks: Check) -> None:
        for check in checks:
            self.done.append(check)
            self.on_check(check)


def preflight(
    settings: Settings,
    *,
    render: Callable[[], Sequence[RenderedPage]],
    reach: Callable[[], LogReader],
    log_in: Callable[[], LoggedIn],
    target: str,
    login_name: str = "",
    on_check: Callable[[Check], None] = lambda check: None,
) -> list[Check]:
    """Every check, in order. `render` gives the pages as a sync would publish them; `reach` the wiki,
    anonymously; `log_in` the wiki as the bot (`login_name`: the login from the credentials, if known)."""
    checks = _Checks(on_check)
    pages = _sources(render, checks)
    try:
        reader = reach()
    except MtpbotError as exc:
        checks.add(failed("wiki", exc))
        return checks.done
    checks.add(passed("wiki", f"{target} answers"))
    account = _login(log_in, login_name, target, checks)
    if account is not None:
        policy = RunPolicy.for_account(account, settings.run_page)
    else:
        user = _user_name(login_name)
        run_page = settings.run_page or (f"User:{user}/Run" if user else None)
        policy = RunPolicy(run_page=run_page, bot_names=tuple(name for name in (user, BOT_NAME) if name))
    may_create = account.has_right("createpage") if account is not None else None
    safety = Safety(shrink_limit=settings.shrink_limit)
    checks.add(*_on_the_wiki(account or reader, pages, policy, may_create, safety))
    return checks.done


def _sources(render: Callable[[], Sequence[RenderedPage]], checks: _Checks) -> Sequence[RenderedPage] | None:
    try:
        pages = render()
    except MtpbotError as exc:
        checks.add(failed("sources", exc))
        return None
    checks.add(passed("sources", f"the settings, metrics files and templates are valid ({len(pages)} pages)"))
    return pages


def _login(log_in: Callable[[], LoggedIn], login_name: str, target: str, checks: _Checks) -> LoggedIn | None:
    try:
        account = log_in()
    except BlockedError as exc:  # logged in, but an administrator blocked the account: a sync saves nothing
        checks.add(passed("login", f"logged in to {target} as {login_name}"), failed("blocked", exc))
        return None
    except MtpbotError as exc:
        checks.add(failed("login", exc))
        return None
    checks.add(passed("login", f"logged in to {target} as {login_name or account.username}"))
    try:
        checks.add(*account_checks(account, login_name))
    except MtpbotError as exc:  # the account's groups could not be read
        checks.add(failed("bot-right", exc))
    return account


def _user_name(login_name: str) -> str:
    """The account of a login name, as the wiki writes it: "MtpBot" for "mtpBot@mtpbot"."""
    user = login_name.partition("@")[0].strip().replace("_", " ")
    return user[:1].upper() + user[1:]


def _on_the_wiki(
    wiki: LogReader,
    pages: Sequence[RenderedPage] | None,
    policy: RunPolicy,
    may_create: bool | None,
    safety: Safety,
) -> list[Check]:
    """The run page and every page, read in one batch."""
    titles = [page.title for page in pages or ()]
    run_page = policy.run_page
    try:
        current = wiki.fetch([*titles, *([run_page] if run_page else [])])
    except MtpbotError as exc:
        return [failed("pages", exc)]
    if run_page:
        try:
            checks = [run_page_check(current.get(run_page), run_page, wiki.page_url(run_page))]
        except PageError as exc:  # its text cannot be read (bot.sync.isolation): a sync would not publish
            checks = [problem("run-page", exc.message, exc.hint, ExitStatus.NOT_ALLOWED, title=run_page)]
    else:
        checks = [
            problem(
                "run-page",
                "no run page is known: it is User:<account>/Run, and no account is",
                "set MTPBOT_USERNAME (or `run_page:` in the settings) and run `mtpbot check` again",
                ExitStatus.NOT_ALLOWED,
            )
        ]
    for page in pages or ():
        state, names = current[page.title], policy.bot_names
        removal = gone.removal_of(wiki, page, state)  # deleted, moved?
        try:
            checks.append(
                page_check(page, state, bot_names=names, may_create=may_create, safety=safety, removal=removal)
            )
        except PageError as exc:  # this page's text cannot be read: its problem, not the others'
            checks.append(failed("page", exc, title=page.title))
    return checks

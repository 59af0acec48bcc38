"""Whether the account, the run page and each page let a sync publish: one `Check` each, ok or a problem
saying what to do. Pure functions of what the wiki answered; `bot.check.preflight` asks it in order.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.errors import ExitStatus, MtpbotError, RegionError
from bot.sync import gone
from bot.sync.pages import RenderedPage
from bot.sync.plan import Safety, plan_page
from bot.sync.protocols import Grants, Removal
from bot.wikipages import PageState
from bot.wikitext.exclusion import bots_exclusion
from bot.wikitext.regions import find_regions
from bot.wikitext.regions.errors import MissingRegionsError
from bot.wikitext.regions.markers import begin_marker, end_marker
from bot.wikitext.summaries import shorten

GRANTS_PAGE = "Special:BotPasswords"
GONE_HINT = "until then a sync refuses the page (the others still publish); `mtpbot sync --dry-run` shows it"


@dataclass(frozen=True)
class Check:
    """One thing a sync needs, and whether the wiki has it. `status` is what a problem here makes of the
    exit status (the first problem's wins); `title` names the page of a run-page or page check."""

    name: str  # stable: sources, wiki, login, blocked, bot-right, bot-flag, edit-rights, run-page, pages, page
    ok: bool
    message: str
    hint: str = ""
    title: str | None = None
    status: ExitStatus = ExitStatus.OK


def passed(name: str, message: str, *, title: str | None = None) -> Check:
    return Check(name, True, message, title=title)


def problem(name: str, message: str, hint: str, status: ExitStatus, *, title: str | None = None) -> Check:
    return Check(name, False, message, hint, title, status)


def failed(name: str, error: MtpbotError, *, title: str | None = None) -> Check:
    """The problem an error is: its message, hint and exit status."""
    return problem(name, error.message, error.hint, error.exit_status, title=title)


def grants_page(login_name: str) -> str:
    """Where the grants of a BotPassword login such as MtpBot@mtpbot are edited: Special:BotPasswords/mtpbot."""
    _, at, app = login_name.partition("@")
    return f"{GRANTS_PAGE}/{app}" if at and app else GRANTS_PAGE


def account_checks(account: Grants, login_name: str) -> list[Check]:
    """The bot right of the account, the bot flag of this login's edits, the right to edit."""
    user, login = account.username, login_name or account.username
    if "bot" not in account.account_rights():
        return [
            problem(
                "bot-right",
                f"the account {user} does not hold the bot right on this wiki: a sync may not save",
                f'ask the wiki\'s bureaucrats to add {user} to the group "bot" (after the bot approval the wiki '
                "asks for); meanwhile `mtpbot sync --dry-run` shows what would be published",
                ExitStatus.NOT_ALLOWED,
            )
        ]
    checks = [passed("bot-right", f"the account {user} holds the bot right")]
    if account.has_right("bot"):
        checks.append(passed("bot-flag", f"edits by {login} carry the bot flag"))
    else:
        checks.append(
            problem(
                "bot-flag",
                f"the login {login} lacks the bot right its account holds: the BotPassword lacks the grant "
                '"High-volume editing" (highvolume), so a sync may not save and edits would not be flagged',
                f'on {grants_page(login_name)}, tick "High-volume editing" and save (the password stays the same)',
                ExitStatus.NOT_ALLOWED,
            )
        )
    if account.has_right("edit"):
        checks.append(passed("edit-rights", f"{login} may edit pages"))
    else:
        checks.append(
            problem(
                "edit-rights",
                f"the login {login} may not edit pages",
                f'on {grants_page(login_name)}, tick "Edit existing pages"; or ask why the account is blocked',
                ExitStatus.NOT_ALLOWED,
            )
        )
    return checks


def run_page_check(state: PageState | None, title: str, url: str) -> Check:
    """The community's emergency stop: a sync publishes only while the run page reads `true`."""
    if state is None or not state.exists:
        return problem(
            "run-page",
            f'the run page "{title}" does not exist: create it with the text "true"',
            'it is the community\'s emergency stop: the bot publishes only while it reads "true", and anyone '
            f"may change it to stop the bot; create it at {url}",
            ExitStatus.NOT_ALLOWED,
            title=title,
        )
    if state.text.strip().lower() != "true":
        return problem(
            "run-page",
            f'the run page "{title}" reads "{shorten(state.text.strip(), 80)}", not "true": the bot was stopped there',
            f'read the page\'s history and talk page ({url}) for why; set it back to "true" once that is settled',
            ExitStatus.NOT_ALLOWED,
            title=title,
        )
    return passed("run-page", f'the run page "{title}" reads "true"', title=title)


def page_check(
    page: RenderedPage,
    state: PageState,
    *,
    bot_names: tuple[str, ...],
    may_create: bool | None,
    safety: Safety = Safety(),
    removal: Removal | None = None,
) -> Check:
    """Whether a sync could publish `page`: it exists or may be created (`removal`: the logs say it was deleted
    or moved away), is no redirect, its markers are present and well placed, no {{nobots}} / {{bots}} excludes
    the bot, and nothing in it would be refused."""
    if not state.exists:
        return _missing(page, may_create, removal)
    redirect = gone.redirect_refusal(page.title, state.text)
    if redirect is not None:
        return _page_problem(page, redirect.message, GONE_HINT)
    excluded = bots_exclusion(state.text, bot_names)
    if excluded:
        return _page_problem(
            page,
            f'"{page.title}": {excluded}, which excludes this bot',
            "remove it from the page if the bot should maintain the page, or remove the page from the settings",
        )
    try:
        found = find_regions(state.text, title=page.title)
        missing = [name for name in page.regions if name not in found]
        if missing:
            raise MissingRegionsError(page.title, missing)
    except RegionError as exc:
        return _page_problem(page, exc.message, exc.hint)
    edit = plan_page(page, state, "", safety=safety)
    if edit.action == "refused":
        return _page_problem(page, edit.message, f'`mtpbot sync --dry-run --page "{page.title}"` shows the page')
    done = "up to date" if edit.action == "unchanged" else "the next sync updates it"
    return passed("page", f'"{page.title}" exists, its markers are in place; {done}', title=page.title)


def _missing(page: RenderedPage, may_create: bool | None, removal: Removal | None) -> Check:
    if not page.create:
        lines = [line for name in page.regions for line in (begin_marker(name), end_marker(name))]
        return _page_problem(
            page,
            "\n".join([f'"{page.title}" does not exist and its settings say not to create it; write it with:', *lines]),
            "put each pair of marker lines where the bot should write that table, or set `create: true` for the page",
        )
    if removal is not None:
        return _page_problem(page, gone.removal_refusal(page.title, removal).message, GONE_HINT)
    if may_create is False:
        return _page_problem(
            page,
            f'"{page.title}" does not exist, and the login may not create pages',
            f'on {GRANTS_PAGE}, tick "Create, edit, and move pages" for the bot\'s BotPassword',
        )
    return passed("page", f'"{page.title}" does not exist yet; the first sync creates it', title=page.title)


def _page_problem(page: RenderedPage, message: str, hint: str) -> Check:
    """A page a sync would refuse: the others would still publish (exit 1, as `sync` would)."""
    return problem("page", message, hint, ExitStatus.PAGE_FAILURES, title=page.title)

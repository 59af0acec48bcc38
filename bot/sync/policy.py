"""What lets the bot publish: the bot right of its account, and the controls the community has over it —
the emergency run page and {{bots}} / {{nobots}} on a page.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.errors import NotAllowedError
from bot.sync.protocols import Account
from bot.wikipages import PageState
from bot.wikitext.summaries import shorten

BOT_NAME = "mtpbot"  # the name {{bots|deny=…}} may use for this bot, besides its account's


@dataclass(frozen=True)
class RunPolicy:
    """What the community can use to stop or steer the bot, read from the wiki itself."""

    run_page: str | None = None  # publish only while this page reads "true"
    bot_names: tuple[str, ...] = ()  # names {{bots|deny=…}} / {{bots|allow=…}} may use for this bot

    @classmethod
    def for_account(cls, account: Account, run_page: str | None) -> RunPolicy:
        """The policy of a logged-in account: its run page is User:<account>/Run unless one is configured."""
        return cls.named(account.username, run_page)

    @classmethod
    def named(cls, account: str, run_page: str | None) -> RunPolicy:
        """The policy of the account the bot saves as (a dry run may not be logged in: "" when unknown, and
        then only a configured run page can be read)."""
        if not account:
            return cls(run_page=run_page, bot_names=(BOT_NAME,))
        return cls(run_page=run_page or f"User:{account}/Run", bot_names=(account, BOT_NAME))


def require_bot_right(account: Account) -> None:
    """Saving needs the bot right: bot edits are flagged and may be hidden from recent changes."""
    if not account.has_right("bot"):
        raise NotAllowedError(
            f"the account {account.username} does not hold the bot right on this wiki",
            hint="ask a bureaucrat to grant the bot flag, or run with --dry-run",
        )


def run_page_verdict(state: PageState | None, title: str) -> str:
    """ "" when the run page allows publishing, else why not (in words)."""
    if state is None or not state.exists:
        return f'the run page "{title}" does not exist; create it with the text "true" to let the bot publish'
    if state.text.strip().lower() != "true":
        shown = shorten(state.text.strip(), 80)
        return f'the run page "{title}" reads "{shown}", not "true": the bot was stopped there'
    return ""

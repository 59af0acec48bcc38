"""The error hierarchy and the exit codes. Imports nothing of the project.

Every error carries a message (what went wrong) and a hint (what to do next); the CLI prints both and
exits with the error's code. Library code never prints and never calls sys.exit.
"""

from __future__ import annotations

from enum import IntEnum


class ExitStatus(IntEnum):
    """Exit statuses of every mtpbot command (documented in the README)."""

    OK = 0
    PAGE_FAILURES = 1  # at least one page was refused or failed; the others were published
    BAD_INPUT = 2  # invalid metrics, configuration or command line; nothing was published
    NOT_ALLOWED = 3  # the run page is off or the account lacks the bot right; nothing was published
    LOCKED = 4  # another mtpbot run holds the lock; nothing was done
    CHANGES_PENDING = 5  # dry-run with --exit-code: at least one page would change
    WIKI_UNAVAILABLE = 6  # the wiki could not be reached or the login failed; nothing was published
    INTERRUPTED = 130  # stopped with Ctrl-C (SIGINT); what was saved is said
    TERMINATED = 143  # stopped with SIGTERM (a stopped job or service); what was saved is said


class MtpbotError(Exception):
    """Base of every error mtpbot reports to its user."""

    exit_status: ExitStatus = ExitStatus.BAD_INPUT

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return f"{self.message}\n  hint: {self.hint}" if self.hint else self.message


class SourceError(MtpbotError):
    """The metric source of truth is invalid. Carries every problem found, not only the first."""

    def __init__(self, problems: list[str], hint: str = "") -> None:
        count = len(problems)
        heading = f"{count} problem{'s' if count != 1 else ''} found:"
        super().__init__("\n".join([heading, *problems]), hint)
        self.problems = problems


class ConfigError(MtpbotError):
    """The bot settings (config/mtpbot.yaml) or the command line are invalid."""


class RenderError(MtpbotError):
    """A template could not be rendered (a bug in templates/, not in the data)."""


class RegionError(MtpbotError):
    """A page's managed-region markers are missing, duplicated, nested or unbalanced."""


class WikiError(MtpbotError):
    """The wiki could not be reached, or refused the login."""

    exit_status = ExitStatus.WIKI_UNAVAILABLE


class NotAllowedError(MtpbotError):
    """The bot may not publish now: run page off, or the account lacks the bot right."""

    exit_status = ExitStatus.NOT_ALLOWED


class BlockedError(NotAllowedError):
    """An administrator blocked the bot's account (or its IP address): the run stops, nothing more is saved."""


class LockHeldError(MtpbotError):
    """Another run holds the lock."""

    exit_status = ExitStatus.LOCKED


class PageError(MtpbotError):
    """One page could not be published. The run reports it and goes on with the other pages.

    `reason` is a short stable code for the JSON report (e.g. "protected", "edit-conflict",
    "spam-blacklist", "missing-markers"); the message says it in plain words.
    """

    exit_status = ExitStatus.PAGE_FAILURES

    def __init__(self, title: str, reason: str, message: str, hint: str = "") -> None:
        super().__init__(message, hint)
        self.title = title
        self.reason = reason

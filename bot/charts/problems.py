"""The error of a data page that the data wiki would refuse: every problem the validator found, at once."""

from __future__ import annotations

from bot.errors import MtpbotError


class DataPageError(MtpbotError):
    """A data page (`.tab` or `.chart`) breaks the rules of JsonConfig or Extension:Chart; nothing is saved.

    `problems` are JsonConfig-style paths with what is wrong, e.g. `data[3][1]: must be a number or null`.
    """

    def __init__(self, title: str, problems: list[str], hint: str = "") -> None:
        count = len(problems)
        heading = f"{title} would be refused by the data wiki ({count} problem{'s' if count != 1 else ''}):"
        super().__init__(
            "\n".join([heading, *(f"  {problem}" for problem in problems)]),
            hint
            or "shorten or correct the name, unit or figure of the series the problem names; "
            "anything else is a bug in mtpbot's data pages, so please report it",
        )
        self.title = title
        self.problems = problems

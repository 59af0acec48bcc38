"""Statuses: the colour a deliverable (or a key result) was given in a quarter.

`unknown` is a status the source did not let us recover (the deck's colours were lost in its text): it is
shown as such, never guessed, and a footnote on it says why.
"""

from __future__ import annotations

import typing
from typing import Any, Literal

from pydantic import Field, model_validator

from bot.source.base import Frozen

Status = Literal["on track", "at risk", "at standstill", "unknown"]
STATUSES: tuple[Status, ...] = typing.get_args(Status)


class StatusMark(Frozen):
    status: Status
    footnote: str = Field("", description="id of a footnote of this file, e.g. why the status is unknown")

    @model_validator(mode="before")
    @classmethod
    def _from_text(cls, data: Any) -> Any:
        """`on track` is the status without a footnote."""
        return {"status": data} if isinstance(data, str) else data

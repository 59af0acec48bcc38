"""What every record of the source of truth is made of: frozen models that refuse unknown keys, ids, text."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, StringConstraints

ID_PATTERN = r"^[a-z0-9][a-z0-9-]*$"
Id = Annotated[str, StringConstraints(pattern=ID_PATTERN)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


class Frozen(BaseModel):
    """A record of the YAML source: immutable, and an unknown key is an error rather than ignored."""

    model_config = ConfigDict(frozen=True, extra="forbid")

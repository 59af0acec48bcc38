"""Problems in the source of truth, as `file:line: field.path: message`, and pydantic's errors in plain words.

Every message says what is wrong and what to write instead, in the words of a person editing YAML (a
"mapping", "text", "a list"), not of the validator.
"""

from __future__ import annotations

import difflib
import types
import typing
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel
from pydantic_core import ErrorDetails


@dataclass(frozen=True)
class Problem:
    file: str
    line: int
    path: str
    message: str

    def __str__(self) -> str:
        where = f"{self.path}: " if self.path else ""
        return f"{self.file}:{self.line}: {where}{self.message}"


_YAML_BOOLEANS = "YAML reads yes/no/on/off/true/false as true or false: put the text in quotes"

Error = ErrorDetails  # one of pydantic's ValidationError.errors()


def describe(error: Error, model: type[BaseModel]) -> str:
    """One pydantic error as a sentence that says what to write instead."""
    describer = _DESCRIBERS.get(error["type"])
    return describer(error, model) if describer is not None else str(error["msg"])


def _missing(error: Error, model: type[BaseModel]) -> str:
    return f"required field is missing; add `{error['loc'][-1]}:`"


def _unknown_key(error: Error, model: type[BaseModel]) -> str:
    loc = tuple(error["loc"])
    allowed = _fields_at(model, loc[:-1])
    close = difflib.get_close_matches(str(loc[-1]), allowed, n=1)
    suggestion = f" (did you mean '{close[0]}'?)" if close else ""
    return f"unknown key '{loc[-1]}'{suggestion}; allowed keys here: {', '.join(allowed)}"


def _unknown_value(error: Error, model: type[BaseModel]) -> str:
    expected = error.get("ctx", {}).get("expected", "")
    return f"unknown value {error.get('input')!r}; write one of: {expected}"


def _pattern(error: Error, model: type[BaseModel]) -> str:
    value, loc = error.get("input"), error["loc"]
    if loc and loc[-1] in ("id", "metric", "priority"):  # an id, or a reference to one
        return f"{value!r} is not a valid id; use lowercase letters, digits and hyphens, e.g. monthly-active-editors"
    if loc and loc[-1] == "api_url":
        return f"{value!r} is not the address of a wiki's API; write the full URL of its api.php, e.g. {_API_EXAMPLE}"
    return f"{value!r} does not have the expected form ({error.get('ctx', {}).get('pattern', '')})"


_API_EXAMPLE = "https://commons.wikimedia.org/w/api.php"


def _not_text(error: Error, model: type[BaseModel]) -> str:
    value = error.get("input")
    hint = f"; {_YAML_BOOLEANS}" if isinstance(value, bool) else ""
    return f"expected text, got {_yaml_type(value)} {value!r}{hint}"


def _not_a_number(error: Error, model: type[BaseModel]) -> str:
    value = error.get("input")
    if error["type"] in {"int_type", "int_from_float"} and isinstance(value, float):
        return f"expected a whole number, got {value!r}"
    return f"expected a number, got {_yaml_type(value)} {value!r}; write digits without quotes or units"


def _not_a_boolean(error: Error, model: type[BaseModel]) -> str:
    value = error.get("input")
    return f"expected true or false, got {_yaml_type(value)} {value!r}"


def _not_a_list(error: Error, model: type[BaseModel]) -> str:
    value = error.get("input")
    if value is None:
        return "is empty; write a figure (e.g. In progress or {percent: 5}) or a list of them, or remove the key"
    return f"expected a list, got {_yaml_type(value)}; write one '- item' per line"


def _not_a_mapping(error: Error, model: type[BaseModel]) -> str:
    value = error.get("input")
    shown = repr(value) if len(repr(value)) <= 60 else repr(value)[:59] + "…"
    return f"expected a mapping of keys (key: value), got {_yaml_type(value)} {shown}"


def _too_small(error: Error, model: type[BaseModel]) -> str:
    return f"{error.get('input')!r} is too small: {error['msg'].lower()}"


def _as_pydantic_says(error: Error, model: type[BaseModel]) -> str:
    return f"{error['msg']}"


def _rule(error: Error, model: type[BaseModel]) -> str:
    """A rule of the model's own (a ValueError raised by a validator): its message is already for people."""
    return str(error.get("ctx", {}).get("error", error["msg"]))


_DESCRIBERS: dict[str, Callable[[Error, type[BaseModel]], str]] = {
    "missing": _missing,
    "extra_forbidden": _unknown_key,
    "literal_error": _unknown_value,
    "string_pattern_mismatch": _pattern,
    "string_type": _not_text,
    "int_type": _not_a_number,
    "int_from_float": _not_a_number,
    "float_type": _not_a_number,
    "bool_type": _not_a_boolean,
    "tuple_type": _not_a_list,
    "list_type": _not_a_list,
    "model_type": _not_a_mapping,
    "dict_type": _not_a_mapping,
    "model_attributes_type": _not_a_mapping,
    "too_short": lambda error, model: "must not be empty; add at least one entry",
    "greater_than_equal": _too_small,
    "greater_than": _too_small,
    "string_too_short": _as_pydantic_says,
    "string_too_long": lambda error, model: (
        f"{error.get('input')!r} is too long: at most {error.get('ctx', {}).get('max_length')} characters"
    ),
    "invalid_key": lambda error, model: f"a key must be text, not {_yaml_type(error.get('input'))}",
    "value_error": _rule,
}


def _yaml_type(value: Any) -> str:
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return "nothing" if value is None else type(value).__name__


def _fields_at(model: type[BaseModel], loc: tuple[str | int, ...]) -> list[str]:
    """The keys allowed at `loc`, found by walking the model's field annotations."""
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        keyed = _mapping_values(current)
        if keyed is not None:  # a mapping keyed by quarter or year: the part is its key
            current = keyed
            continue
        target = _model_in(current)
        if target is None or part not in target.model_fields:
            return []
        current = target.model_fields[part].annotation
    target = _model_in(current)
    return list(target.model_fields) if target else []


def _mapping_values(annotation: Any) -> Any:
    """The type of the values of a `dict[K, V]` annotation (under Annotated or `| None`); None otherwise."""
    origin = typing.get_origin(annotation)
    if origin is dict:
        return typing.get_args(annotation)[1]
    if origin in (typing.Annotated, typing.Union, types.UnionType):
        for arg in typing.get_args(annotation):
            found = _mapping_values(arg)
            if found is not None:
                return found
    return None


def _model_in(annotation: Any) -> type[BaseModel] | None:
    """The pydantic model inside an annotation such as `tuple[Figure, ...] | None`."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _model_in(typing.get_args(annotation)[0])
    if origin in (tuple, list, typing.Union, types.UnionType):
        for arg in typing.get_args(annotation):
            found = _model_in(arg)
            if found is not None:
                return found
    return None

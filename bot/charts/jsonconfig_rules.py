"""JsonConfig's rules for data pages, as its REL1_39 and REL1_43 validators apply them on save (JCDataContent,
JCTabularContent, JCValidators, JCUtils: the same rules on both branches); checked here so that the bot never
sends a page the wiki refuses.

Every data page: `license` a string line from the allowed list; optional `description` a localized string;
optional `sources` a string. A string line is at most 400 characters (code points), without tab, CR or LF,
not starting or ending with whitespace. A localized string is a non-empty object of language codes
(`^[a-z0-9-]{2,}$`) to string lines.

A `.tab` page also has `schema.fields`: a list of objects with `name` (a letter or `_`, then letters,
digits or `_`; unique), `type` (string, number, boolean or localized) and an optional localized `title`,
nothing else; and `data`: a list of rows, each a list of exactly as many cells as there are fields, each
cell of its field's type or null. No other key is allowed at the top, in `schema` or in a field (newer
JsonConfig, on Commons, also accepts `mediawikiCategories`; the bot never writes it, and REL1_39 and REL1_43
refuse it).

Problems are given as JsonConfig gives them: a path (`data[2][1]`, `schema/fields[0]/name`) and what is wrong.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from typing import Any

MAX_LINE = 400
# $wgJsonConfigAllowedLicenses of REL1_39 and REL1_43 (Commons allows the same).
ALLOWED_LICENSES = (
    "CC0-1.0",
    "CC-BY-1.0",
    "CC-BY-2.0",
    "CC-BY-2.5",
    "CC-BY-3.0",
    "CC-BY-4.0",
    "CC-BY-4.0+",
    "CC-BY-SA-1.0",
    "CC-BY-SA-2.0",
    "CC-BY-SA-2.5",
    "CC-BY-SA-3.0",
    "CC-BY-SA-4.0",
    "CC-BY-SA-4.0+",
    "ODbL-1.0",
    "dl-de-zero-2.0",
    "dl-de-by-1.0",
    "dl-de-by-2.0",
    "GeoNutzV",
)
FIELD_TYPES = ("string", "number", "boolean", "localized")
TABULAR_KEYS = ("license", "description", "sources", "schema", "data")

_LANGUAGE = re.compile(r"^[a-z0-9-]{2,}$")
# PHP's /^\s|[\r\n\t]|\s$/ without the u flag: \s is ASCII whitespace only.
_BAD_LINE = re.compile(r"^[ \t\n\r\f\v]|[\r\n\t]|[ \t\n\r\f\v]$")
_LINE_RULE = f"must be a single line string no longer than {MAX_LINE} characters, with no tabs, and must not "
_LINE_RULE += "begin or end with a space"


def is_line(value: object, max_length: int = MAX_LINE) -> bool:
    """JsonConfig's string line: a string of at most `max_length` code points, one line, no edge spaces."""
    return isinstance(value, str) and len(value) <= max_length and not _BAD_LINE.search(value)


def is_localized(value: object) -> bool:
    """JsonConfig's localized string: a non-empty object of language codes to string lines."""
    return (
        isinstance(value, Mapping)
        and bool(value)
        and all(isinstance(code, str) and _LANGUAGE.match(code) for code in value)
        and all(is_line(text) for text in value.values())
    )


def is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def line_problems(path: str, value: object) -> list[str]:
    return [] if is_line(value) else [f"{path}: {_LINE_RULE}"]


def localized_problems(path: str, value: object) -> list[str]:
    if is_localized(value):
        return []
    return [f"{path}: must be a non-empty object of language codes to single line strings ({MAX_LINE} at most)"]


def data_page_problems(content: Mapping[str, Any]) -> list[str]:
    """The rules every data page follows (JCDataContent): license, description, sources."""
    problems = line_problems("license", content.get("license"))
    if not problems and content["license"] not in ALLOWED_LICENSES:
        problems.append(f"license: must be one of {', '.join(ALLOWED_LICENSES)}")
    if "description" in content:
        problems += localized_problems("description", content["description"])
    if "sources" in content and not isinstance(content["sources"], str):
        problems.append("sources: must be a string")
    return problems


def tabular_problems(content: object) -> list[str]:
    """Everything JsonConfig would refuse in a `.tab` page's JSON (decoded); [] when it would save."""
    if not isinstance(content, Mapping):
        return ["/: JSON data should be an object, surrounded by the {...} braces"]
    problems = data_page_problems(content)
    problems += [f'/: contains an unexpected field "{key}"' for key in content if key not in TABULAR_KEYS]
    types, field_problems = _fields(content.get("schema"))
    problems += field_problems
    data = content.get("data")
    if not isinstance(data, list):
        return [*problems, "data: must be a list"]
    for index, row in enumerate(data):
        problems += _row_problems(f"data[{index}]", row, types)
    return problems


def _fields(schema: object) -> tuple[list[str] | None, list[str]]:
    """The fields' types (None when the schema is too broken to check rows against) and its problems."""
    if not isinstance(schema, Mapping):
        return None, ["schema: must be an object"]
    problems = [f'schema: contains an unexpected field "{key}"' for key in schema if key != "fields"]
    fields = schema.get("fields")
    if not isinstance(fields, list):
        return None, [*problems, "schema/fields: must be a list"]
    types: list[str] = []
    names: set[str] = set()
    for index, field in enumerate(fields):
        path = f"schema/fields[{index}]"
        if not isinstance(field, Mapping):
            problems.append(f"{path}: must be an object")
            types.append("")
            continue
        problems += _field_problems(path, field, names)
        kind = field.get("type")
        types.append(kind if isinstance(kind, str) and kind in FIELD_TYPES else "")
    return types, problems


def _field_problems(path: str, field: Mapping[str, Any], names: set[str]) -> list[str]:
    name = field.get("name")
    problems = []
    if not (isinstance(name, str) and is_header(name)):
        problems.append(f"{path}/name: must be a letter or _, then letters, digits and _ only")
    elif name in names:
        problems.append(f'{path}/name: the field "{name}" is named twice')
    else:
        names.add(name)
    if field.get("type") not in FIELD_TYPES:
        problems.append(f"{path}/type: must be one of {', '.join(FIELD_TYPES)}")
    if "title" in field:
        problems += localized_problems(f"{path}/title", field["title"])
    extra = [key for key in field if key not in ("name", "type", "title")]
    problems += [f'{path}: contains an unexpected field "{key}"' for key in extra]
    return problems


def is_header(name: str) -> bool:
    """PHP's /^[\\pL_][\\pL\\pN_]*$/u: a letter or _, then letters, digits (any script) or _."""

    def letter(char: str) -> bool:
        return char == "_" or unicodedata.category(char).startswith("L")

    return bool(name) and letter(name[0]) and all(letter(c) or unicodedata.category(c).startswith("N") for c in name)


def _row_problems(path: str, row: object, types: list[str] | None) -> list[str]:
    if not isinstance(row, list):
        return [f"{path}: must be a list"]
    if types is None:
        return []
    if len(row) != len(types):
        return [f"{path}: has {len(row)} values, but must have {len(types)}, as many as schema/fields"]
    problems = []
    for index, (cell, kind) in enumerate(zip(row, types, strict=True)):
        if cell is None or not kind:
            continue
        if not _cell_fits(cell, kind):
            problems.append(f"{path}[{index}]: must be {_CELL_RULES[kind]}, or null")
    return problems


_CELL_RULES = {
    "string": f"a single line string of at most {MAX_LINE} characters without tabs or edge spaces",
    "number": "a number",
    "boolean": "true or false",
    "localized": "an object of language codes to single line strings",
}


def _cell_fits(cell: object, kind: str) -> bool:
    if kind == "string":
        return is_line(cell)
    if kind == "number":
        return is_number(cell)
    if kind == "boolean":
        return isinstance(cell, bool)
    return is_localized(cell)

"""Load YAML into the model, reporting ALL problems at once as `file:line: field.path: message`.

YAML is parsed once into both a node tree (which knows line numbers) and plain data; pydantic validates
the data, and every error's location is walked back through the node tree to the line that caused it.
Rules that span records (unique ids, footnote references) are checked on the raw data so that they are
reported in the same run as the field errors.
"""

from __future__ import annotations

import difflib
import types
import typing
from collections.abc import Callable, Hashable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from bot.errors import SourceError
from bot.model import Report

M = TypeVar("M", bound=BaseModel)
Loc = tuple[str | int, ...]

_BaseLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True)
class Problem:
    file: str
    line: int
    path: str
    message: str

    def __str__(self) -> str:
        where = f"{self.path}: " if self.path else ""
        return f"{self.file}:{self.line}: {where}{self.message}"


class _Loader(_BaseLoader):  # type: ignore[misc, valid-type]
    """A safe loader that reports duplicate keys instead of silently keeping the last one."""

    duplicate_keys: list[tuple[yaml.Node, str]]

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[Any] = set()
        for key_node, _ in node.value:
            # Plain scalar keys compare by their text (cheap); others are constructed as PyYAML would.
            key = (
                key_node.value if isinstance(key_node, yaml.ScalarNode) else self.construct_object(key_node, deep=True)
            )
            if not isinstance(key, Hashable):
                continue  # the base class reports it as a ConstructorError ("found unhashable key")
            if key in seen:
                self.duplicate_keys.append((key_node, str(key)))
            seen.add(key)
        return super().construct_mapping(node, deep=deep)  # type: ignore[no-any-return]


def parse_yaml(text: str, filename: str) -> tuple[Any, yaml.Node | None, list[Problem]]:
    """Parse YAML text into (data, node tree, problems). A syntax error is one problem with its line."""
    loader = _Loader(text)
    loader.duplicate_keys = []
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        # An error at the end of the text is marked on the line after the last one: report the last line.
        line = min(mark.line + 1, len(text.splitlines()) or 1) if mark else 1
        reason = exc.problem or str(exc)
        return (
            None,
            None,
            [Problem(filename, line, "", f"YAML syntax error: {reason}; check indentation and quoting")],
        )
    except yaml.reader.ReaderError as exc:  # a control character: not a MarkedYAMLError, so no mark
        line = text.count("\n", 0, exc.position) + 1
        message = f"character {chr(exc.character)!r} is not allowed in YAML ({exc.reason}); delete it"
        return None, None, [Problem(filename, line, "", message)]
    finally:
        loader.dispose()
    problems = [
        Problem(filename, key_node.start_mark.line + 1, key, "duplicate key; each key may appear once here")
        for key_node, key in loader.duplicate_keys
    ]
    return data, node, problems


def node_at(root: yaml.Node | None, loc: Loc) -> tuple[yaml.Node | None, Loc]:
    """The deepest node along `loc`, and the part of `loc` it stands for (for the line number)."""
    node: yaml.Node | None = root
    reached: Loc = ()
    for part in loc:
        child = _child(node, part)
        if child is None:
            # A single figure written without a list is validated as a one-item list: skip that index.
            if part == 0 and not isinstance(node, yaml.SequenceNode):
                reached = (*reached, part)
                continue
            break
        node, reached = child, (*reached, part)
    return node, reached


def _child(node: yaml.Node | None, part: str | int) -> yaml.Node | None:
    if isinstance(node, yaml.MappingNode) and isinstance(part, str):
        for key_node, value_node in node.value:
            if key_node.value == part:
                return value_node  # type: ignore[no-any-return]
    if isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
        return node.value[part]  # type: ignore[no-any-return]
    return None


def key_node_at(root: yaml.Node | None, loc: Loc) -> yaml.Node | None:
    """The node of the KEY at `loc` (for unknown keys, whose value node is not what is wrong)."""
    parent, _ = node_at(root, loc[:-1])
    if isinstance(parent, yaml.MappingNode):
        for key_node, _value in parent.value:
            if key_node.value == loc[-1]:
                return key_node  # type: ignore[no-any-return]
    return None


def format_path(loc: Loc, root: yaml.Node | None) -> str:
    """`outcomes[0].deliverables[1].status`, dropping the index pydantic adds to one-figure cells."""
    text = ""
    node: yaml.Node | None = root
    for part in loc:
        child = _child(node, part)
        if isinstance(part, int):
            if child is None and not isinstance(node, yaml.SequenceNode):
                continue
            text += f"[{part}]"
        else:
            text += f".{part}" if text else part
        node = child
    return text


def line_of(root: yaml.Node | None, loc: Loc) -> int:
    node, _ = node_at(root, loc)
    return node.start_mark.line + 1 if node is not None else 1


# --- pydantic errors in plain words -------------------------------------------------------------------

_YAML_BOOLEANS = "YAML reads yes/no/on/off/true/false as true or false: put the text in quotes"


def _describe(error: Any, model: type[BaseModel]) -> str:
    kind, loc, value = error["type"], tuple(error["loc"]), error.get("input")
    if kind == "missing":
        return f"required field is missing; add `{loc[-1]}:`"
    if kind == "extra_forbidden":
        allowed = _fields_at(model, loc[:-1])
        close = difflib.get_close_matches(str(loc[-1]), allowed, n=1)
        suggestion = f" (did you mean '{close[0]}'?)" if close else ""
        return f"unknown key '{loc[-1]}'{suggestion}; allowed keys here: {', '.join(allowed)}"
    if kind == "literal_error":
        expected = error.get("ctx", {}).get("expected", "")
        return f"unknown value {value!r}; write one of: {expected}"
    if kind == "string_pattern_mismatch":
        if loc and loc[-1] == "id":
            return (
                f"{value!r} is not a valid id; use lowercase letters, digits and hyphens, e.g. monthly-active-editors"
            )
        return f"{value!r} does not have the expected form ({error.get('ctx', {}).get('pattern', '')})"
    if kind == "string_type":
        hint = f"; {_YAML_BOOLEANS}" if isinstance(value, bool) else ""
        return f"expected text, got {_yaml_type(value)} {value!r}{hint}"
    if kind in {"int_type", "int_from_float"} and isinstance(value, float):
        return f"expected a whole number, got {value!r}"
    if kind in {"int_type", "float_type", "int_from_float"}:
        return f"expected a number, got {_yaml_type(value)} {value!r}; write digits without quotes or units"
    if kind == "bool_type":
        return f"expected true or false, got {_yaml_type(value)} {value!r}"
    if kind in {"tuple_type", "list_type"} and value is None:
        return "is empty; write a figure (e.g. In progress or {percent: 5}) or a list of them, or remove the key"
    if kind in {"tuple_type", "list_type"}:
        return f"expected a list, got {_yaml_type(value)}; write one '- item' per line"
    if kind in {"model_type", "dict_type", "model_attributes_type"}:
        return f"expected a mapping of keys (key: value), got {_yaml_type(value)} {value!r}"
    if kind == "too_short":
        return "must not be empty; add at least one entry"
    if kind in {"greater_than_equal", "greater_than"}:
        return f"{value!r} is too small: {error['msg'].lower()}"
    if kind in {"string_too_short", "string_too_long"}:
        return f"{error['msg']}"
    if kind == "value_error":
        return str(error.get("ctx", {}).get("error", error["msg"]))
    return str(error["msg"])


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


def _fields_at(model: type[BaseModel], loc: Loc) -> list[str]:
    """The keys allowed at `loc`, found by walking the model's field annotations."""
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        target = _model_in(current)
        if target is None or part not in target.model_fields:
            return []
        current = target.model_fields[part].annotation
    target = _model_in(current)
    return list(target.model_fields) if target else []


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


# --- loading --------------------------------------------------------------------------------------------

RawCheck = Callable[[Any], Iterator[tuple[Loc, str]]]


def validate_text(
    text: str, filename: str, model: type[M], raw_checks: Sequence[RawCheck] = ()
) -> tuple[M | None, list[Problem]]:
    """Validate one YAML document; return the model (None when invalid) and every problem found."""
    try:
        return _validate_text(text, filename, model, raw_checks)
    except RecursionError:
        message = (
            "the document nests too deeply, or an alias (*name) refers to a mapping or list that "
            "contains it; write the values out"
        )
        return None, [Problem(filename, 1, "", message)]


def _validate_text(
    text: str, filename: str, model: type[M], raw_checks: Sequence[RawCheck]
) -> tuple[M | None, list[Problem]]:
    data, root, problems = parse_yaml(text, filename)
    if root is None:  # a syntax error or only comments; duplicate keys do not stop the checks below
        if not problems:
            empty = "the file is empty; see the comments in the shipped example"
            problems.append(Problem(filename, 1, "", empty))
        return None, problems
    for check in raw_checks:
        for loc, message in check(data):
            problems.append(Problem(filename, line_of(root, loc), format_path(loc, root), message))
    result: M | None = None
    try:
        result = model.model_validate(data)
    except ValidationError as exc:
        errors = exc.errors()
        deeper = {tuple(e["loc"][:n]) for e in errors for n in range(len(e["loc"]))}
        for error in errors:
            loc = tuple(error["loc"])
            if error["type"] == "too_short" and loc in deeper:
                continue  # pydantic counts the failed items as missing; their own errors say more
            if error["type"] == "extra_forbidden":
                key = key_node_at(root, loc)
                line = key.start_mark.line + 1 if key is not None else line_of(root, loc)
            else:
                line = line_of(root, loc)
            problems.append(Problem(filename, line, format_path(loc, root), _describe(error, model)))
    last = len(text.splitlines()) or 1  # an empty value at the very end is marked on the line after it
    problems = sorted((p if p.line <= last else replace(p, line=last) for p in problems), key=lambda p: p.line)
    return (result if not problems else None), problems


def load_model(path: Path, model: type[M], raw_checks: Sequence[RawCheck] = ()) -> M:
    """Load and validate one YAML file, raising SourceError with every problem."""
    result, problems = validate_text(read_text(path), str(path), model, raw_checks)
    if problems or result is None:
        raise SourceError([str(p) for p in problems], hint=f"fix {path} and run `mtpbot validate` again")
    return result


def read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise SourceError(
            [f"{path}:1: file not found"],
            hint="check the path given by --config (or MTPBOT_CONFIG), and the `sources:` it lists",
        ) from None
    except UnicodeDecodeError as exc:
        line = exc.object[: exc.start].count(b"\n") + 1  # the line of the first byte that is not UTF-8
        problem = f"{path}:{line}: not UTF-8 text ({exc.reason})"
        raise SourceError([problem], hint="save the file as UTF-8") from None


# --- rules across records -------------------------------------------------------------------------------

# Which lists hold records whose `id` must be unique within the file, by the path of the list.
_ID_SCOPES = {
    "footnotes": ("footnotes",),
    "outcomes": ("outcomes",),
    "deliverables": ("outcomes", "*", "deliverables"),
    "key results": ("outcomes", "*", "deliverables", "*", "key_results"),
    "metrics": ("metrics",),
    "kpis": ("kpis",),
}


def check_unique_ids(data: Any) -> Iterator[tuple[Loc, str]]:
    for scope, pattern in _ID_SCOPES.items():
        first: dict[str, Loc] = {}
        for loc, record in _records(data, pattern):
            record_id = record.get("id")
            if not isinstance(record_id, str):
                continue
            if record_id in first:
                earlier = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in first[record_id])
                yield (
                    (*loc, "id"),
                    f"duplicate id '{record_id}' (already used by {earlier.lstrip('.')}); ids of {scope} must be "
                    "unique in the file: rename one",
                )
            else:
                first[record_id] = loc


def check_footnote_references(data: Any) -> Iterator[tuple[Loc, str]]:
    if not isinstance(data, dict):
        return
    notes = data.get("footnotes")
    if not isinstance(notes, list):
        notes = []
    defined = {n["id"] for n in notes if isinstance(n, dict) and isinstance(n.get("id"), str)}
    for loc, value in _walk(data, ()):
        if loc and loc[-1] == "footnote" and isinstance(value, str) and value and value not in defined:
            known = ", ".join(sorted(str(d) for d in defined if d)) or "none yet"
            yield (
                loc,
                f"footnote '{value}' is not defined (defined: {known}); add it under `footnotes:` with an "
                "id, a marker and its text, or remove the reference",
            )


def _records(data: Any, pattern: tuple[str, ...], loc: Loc = ()) -> Iterator[tuple[Loc, dict[str, Any]]]:
    if not pattern:
        if isinstance(data, list):
            for index, item in enumerate(data):
                if isinstance(item, dict):
                    yield (*loc, index), item
        return
    head, rest = pattern[0], pattern[1:]
    if head == "*":
        if isinstance(data, list):
            for index, item in enumerate(data):
                yield from _records(item, rest, (*loc, index))
    elif isinstance(data, dict) and head in data:
        yield from _records(data[head], rest, (*loc, head))


def _walk(data: Any, loc: Loc) -> Iterator[tuple[Loc, Any]]:
    yield loc, data
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _walk(value, (*loc, str(key)))
    elif isinstance(data, list):
        for index, item in enumerate(data):
            yield from _walk(item, (*loc, index))


REPORT_CHECKS: tuple[RawCheck, ...] = (check_unique_ids, check_footnote_references)


def validate_report_text(text: str, filename: str) -> tuple[Report | None, list[Problem]]:
    return validate_text(text, filename, Report, REPORT_CHECKS)


def load_reports(paths: Sequence[Path]) -> dict[str, Report]:
    """Load every metrics file, keyed by priority id; all problems of all files in one SourceError."""
    reports: dict[str, Report] = {}
    problems: list[str] = []
    for path in paths:
        try:
            text = read_text(path)
        except SourceError as exc:
            problems.extend(exc.problems)
            continue
        report, found = validate_report_text(text, str(path))
        problems.extend(str(p) for p in found)
        if report is None:
            continue
        if report.priority.id in reports:
            problems.append(f"{path}:1: priority.id: '{report.priority.id}' is already defined by another file")
        reports[report.priority.id] = report
    if problems:
        raise SourceError(problems, hint="fix the lines above and run `mtpbot validate` again; nothing was published")
    return reports

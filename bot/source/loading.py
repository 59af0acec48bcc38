"""Load YAML into the model, reporting ALL problems at once as `file:line: field.path: message`.

pydantic validates the data; every error's location is walked back through the YAML node tree to the line
that caused it (bot.source.yaml_lines). The rules across records (bot.source.checks) run on the same
document, so one run reports everything.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from bot.errors import SourceError
from bot.source.characters import check_characters
from bot.source.checks import RAW_CHECKS, RawCheck
from bot.source.model import PriorityFile
from bot.source.problems import Problem, describe
from bot.source.rules import MODEL_CHECKS
from bot.source.yaml_lines import KEY, Loc, format_path, line_of, parse_yaml

M = TypeVar("M", bound=BaseModel)


ModelCheck = Callable[[M], Iterator[tuple[Loc, str]]]


def validate_text(
    text: str,
    filename: str,
    model: type[M],
    raw_checks: Sequence[RawCheck] = (),
    model_checks: Sequence[ModelCheck[M]] = (),
) -> tuple[M | None, list[Problem]]:
    """Validate one YAML document; return the model (None when invalid) and every problem found."""
    try:
        return _validate_text(text, filename, model, raw_checks, model_checks)
    except RecursionError:
        message = (
            "the document nests too deeply, or an alias (*name) refers to a mapping or list that "
            "contains it; write the values out"
        )
        return None, [Problem(filename, 1, "", message)]


def _validate_text(
    text: str, filename: str, model: type[M], raw_checks: Sequence[RawCheck], model_checks: Sequence[ModelCheck[M]]
) -> tuple[M | None, list[Problem]]:
    data, root, problems = parse_yaml(text, filename)
    if root is None:  # a syntax error or only comments; duplicate keys do not stop the checks below
        if not problems:
            empty = "the file is empty; see the comments in the shipped example"
            problems.append(Problem(filename, 1, "", empty))
        return None, problems

    def at(loc: Loc, message: str) -> Problem:
        return Problem(filename, line_of(root, loc), format_path(loc, root), message)

    # Characters MediaWiki would rewrite, in any document: a page holding one could never be saved.
    problems += [at(loc, message) for check in (check_characters, *raw_checks) for loc, message in check(data)]
    result: M | None = None
    try:
        result = model.model_validate(data)
    except ValidationError as exc:
        problems += _field_problems(exc, root, filename, model)
    if result is not None:  # the rules across records need valid records
        problems += [at(loc, message) for check in model_checks for loc, message in check(result)]
    last = len(text.splitlines()) or 1  # an empty value at the very end is marked on the line after it
    # One problem once: pydantic reports a wrong number against each kind it accepts (int, float).
    unique = dict.fromkeys(p if p.line <= last else replace(p, line=last) for p in problems)
    problems = sorted(unique, key=lambda p: p.line)
    return (result if not problems else None), problems


def _field_problems(exc: ValidationError, root: yaml.Node, filename: str, model: type[BaseModel]) -> list[Problem]:
    errors = exc.errors()
    deeper = {tuple(e["loc"][:n]) for e in errors for n in range(len(e["loc"]))}
    problems = []
    for error in errors:
        loc = tuple(error["loc"])
        if error["type"] == "too_short" and loc in deeper:
            continue  # pydantic counts the failed items as missing; their own errors say more
        line = line_of(root, (*loc, KEY) if error["type"] == "extra_forbidden" else loc)
        problems.append(Problem(filename, line, format_path(loc, root), describe(error, model)))
    return problems


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


def validate_priority_text(text: str, filename: str) -> tuple[PriorityFile | None, list[Problem]]:
    return validate_text(text, filename, PriorityFile, RAW_CHECKS, MODEL_CHECKS)


def load_priorities(paths: Sequence[Path]) -> dict[str, PriorityFile]:
    """Load every metrics file, keyed by priority id; all problems of all files in one SourceError."""
    priorities: dict[str, PriorityFile] = {}
    files: dict[str, Path] = {}
    problems: list[str] = []
    for path in paths:
        try:
            text = read_text(path)
        except SourceError as exc:
            problems.extend(exc.problems)
            continue
        priority, found = validate_priority_text(text, str(path))
        problems.extend(str(p) for p in found)
        if priority is None:
            continue
        known = priority.priority.id
        if known in priorities:
            line = next((n for n, t in enumerate(text.splitlines(), 1) if t.strip().startswith("id:")), 1)
            problems.append(f"{path}:{line}: priority.id: '{known}' is the priority of {files[known]} too; rename one")
        priorities[known], files[known] = priority, path
    if problems:
        raise SourceError(problems, hint="fix the lines above and run `mtpbot validate` again; nothing was published")
    return priorities

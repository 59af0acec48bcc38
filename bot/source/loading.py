"""Load YAML into the model, reporting ALL problems at once as `file:line: field.path: message`.

pydantic validates the data; every error's location is walked back through the YAML node tree to the line
that caused it (bot.source.yaml_lines). The rules across records (bot.source.checks) run on the same
document, so one run reports everything.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel, ValidationError

from bot.errors import SourceError
from bot.source.checks import REPORT_CHECKS, RawCheck
from bot.source.model import Report
from bot.source.problems import Problem, describe
from bot.source.yaml_lines import format_path, key_node_at, line_of, parse_yaml

M = TypeVar("M", bound=BaseModel)


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
            problems.append(Problem(filename, line, format_path(loc, root), describe(error, model)))
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

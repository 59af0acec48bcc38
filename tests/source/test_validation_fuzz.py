"""Whatever a maintainer types, validation answers with problems at real lines, never with a traceback.

Generated inputs: arbitrary YAML documents biased towards the schema's keys and valid fragments, mutations
of the shipped metrics file (as data and as text), and arbitrary text. About 1,500 inputs in all.
"""

from __future__ import annotations

import copy
import re
import typing
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel

from bot.cli import main
from bot.source.figures import KINDS
from bot.source.loading import validate_report_text
from bot.source.model import STATUSES, Report
from bot.source.problems import Problem

REPO = Path(__file__).resolve().parents[2]
SHIPPED_TEXT = (REPO / "config" / "metrics" / "thriving-movement.yaml").read_text(encoding="utf-8")
SHIPPED: dict[str, Any] = yaml.safe_load(SHIPPED_TEXT)
FILENAME = "metrics.yaml"

Loc = tuple[str | int, ...]
_Dumper: type[yaml.SafeDumper] = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def dump(document: Any) -> str:
    return yaml.dump(document, Dumper=_Dumper, allow_unicode=True, sort_keys=False)


# --- the schema, seen from the YAML side ------------------------------------------------------------------


def _models_in(annotation: Any) -> Iterator[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        yield annotation
    for arg in typing.get_args(annotation):  # tuple[X, ...], X | None, Annotated[X, …]
        yield from _models_in(arg)


def schema_keys(model: type[BaseModel]) -> set[str]:
    """Every key the metrics schema knows, at any depth."""
    keys: set[str] = set()
    todo, seen = [model], set()
    while todo:
        current = todo.pop()
        if current in seen:
            continue
        seen.add(current)
        for name, field in current.model_fields.items():
            keys.add(name)
            todo.extend(_models_in(field.annotation))
    return keys


SCHEMA_KEYS = sorted(schema_keys(Report))


def subtrees(data: Any) -> Iterator[Any]:
    yield data
    if isinstance(data, dict):
        for value in data.values():
            yield from subtrees(value)
    elif isinstance(data, list):
        for item in data:
            yield from subtrees(item)


# Valid pieces of the shipped file (a figure, a key result, a period …) make generated documents get past
# the first checks and reach the deeper ones.
FRAGMENTS = [t for t in subtrees(SHIPPED) if isinstance(t, dict | list)]

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**15), max_value=10**15),
    st.floats(),
    st.text(max_size=20),
    st.sampled_from(
        [*STATUSES, *KINDS, "Q1", "2019-20", "thriving-movement", "5% YoY", "30+", "no", "In progress", ""]
    ),
)
keys = st.one_of(st.sampled_from(SCHEMA_KEYS), st.sampled_from(SCHEMA_KEYS), st.text(min_size=1, max_size=10))
values = st.recursive(
    st.one_of(scalars, st.sampled_from(FRAGMENTS).map(copy.deepcopy)),  # copies: mutations edit them
    lambda children: st.lists(children, max_size=4) | st.dictionaries(keys, children, max_size=5),
    max_leaves=20,
)
top_keys = st.sampled_from(list(Report.model_fields)) | keys
documents = st.one_of(st.dictionaries(top_keys, values, max_size=8), values)


# --- mutations of the shipped document ---------------------------------------------------------------------


def locations(data: Any, loc: Loc = ()) -> Iterator[tuple[Loc, Any]]:
    yield loc, data
    if isinstance(data, dict):
        for key, value in data.items():
            yield from locations(value, (*loc, key))
    elif isinstance(data, list):
        for index, item in enumerate(data):
            yield from locations(item, (*loc, index))


def get(data: Any, loc: Loc) -> Any:
    for part in loc:
        data = data[part]
    return data


def format_loc(loc: Loc) -> str:
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text


@st.composite
def mutated_documents(draw: st.DrawFn) -> Any:
    """The shipped document with one to three edits: a key dropped, a value replaced, a key added, a list
    item duplicated."""
    document = copy.deepcopy(SHIPPED)
    for _ in range(draw(st.integers(min_value=1, max_value=3))):
        loc, target = draw(st.sampled_from(list(locations(document))))
        operation = draw(st.sampled_from(["drop", "replace", "insert", "duplicate"]))
        if not loc:
            operation = "insert"
        parent = get(document, loc[:-1]) if loc else None
        if operation == "drop" and parent is not None:
            del parent[loc[-1]]
        elif operation == "replace" and parent is not None:
            parent[loc[-1]] = draw(values)
        elif operation == "insert" and isinstance(target, dict):
            target[draw(keys)] = draw(values)
        elif operation == "duplicate" and isinstance(target, list) and target:
            target.insert(draw(st.integers(0, len(target))), copy.deepcopy(draw(st.sampled_from(target))))
    return document


@st.composite
def mutated_texts(draw: st.DrawFn) -> str:
    """The shipped file as text with a line deleted, repeated, re-indented, or a character typed into it."""
    lines = SHIPPED_TEXT.splitlines(keepends=True)
    for _ in range(draw(st.integers(min_value=1, max_value=3))):
        index = draw(st.integers(0, len(lines) - 1))
        operation = draw(st.sampled_from(["delete", "repeat", "indent", "dedent", "type"]))
        if operation == "delete":
            del lines[index]
        elif operation == "repeat":
            lines.insert(index, lines[index])
        elif operation == "indent":
            lines[index] = draw(st.sampled_from([" ", "  ", "\t"])) + lines[index]
        elif operation == "dedent":
            lines[index] = lines[index][min(2, len(lines[index]) - len(lines[index].lstrip(" "))) :]
        else:
            position = draw(st.integers(0, len(lines[index])))
            typed = draw(st.text(alphabet=":-[]{}#&*!|>'\"%@`, \t0123456789x", min_size=1, max_size=3))
            lines[index] = lines[index][:position] + typed + lines[index][position:]
        if not lines:
            break
    return "".join(lines)


# --- the property every input must have ---------------------------------------------------------------------


def check_answer(text: str) -> tuple[Report | None, list[Problem]]:
    """Validation answers with a report, or with problems that each name a line of the text."""
    report, problems = validate_report_text(text, FILENAME)
    if report is not None:
        assert problems == []
    else:
        assert problems, "an invalid document must say what is wrong"
    last_line = max(1, len(text.splitlines()))
    for problem in problems:
        assert 1 <= problem.line <= last_line, (str(problem), last_line)
        assert str(problem).startswith(f"{FILENAME}:{problem.line}: "), str(problem)
        assert problem.message.strip()
    return report, problems


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents)
def test_generated_documents(document: Any) -> None:
    check_answer(dump(document))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated_documents())
def test_mutations_of_the_shipped_document(document: Any) -> None:
    check_answer(dump(document))


@settings(max_examples=200, deadline=None)
@given(mutated_texts())
def test_edits_of_the_shipped_text(text: str) -> None:
    check_answer(text)


@settings(max_examples=150, deadline=None)
@given(st.text())
def test_arbitrary_text(text: str) -> None:
    check_answer(text)


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=":-?[]{},#&*!|>'\"%@` \t\n\r\ufeffabcQ019.~=<", max_size=60))
def test_text_made_of_yaml_punctuation(text: str) -> None:
    check_answer(text)


# --- targeted mutations: the problem names the right record, at the right line --------------------------

RECORD_LISTS = [loc for loc, value in locations(SHIPPED) if isinstance(value, list) and value and "id" in value[0]]


@settings(max_examples=100, deadline=None)
@given(st.sampled_from(RECORD_LISTS), st.data())
def test_a_duplicated_record_is_reported_at_its_copy(list_loc: Loc, data: st.DataObject) -> None:
    document = copy.deepcopy(SHIPPED)
    records = get(document, list_loc)
    original = data.draw(st.integers(0, len(records) - 1))
    at = data.draw(st.integers(original + 1, len(records)))
    records.insert(at, copy.deepcopy(records[original]))
    text = dump(document)

    _, problems = check_answer(text)

    record_id = records[original]["id"]
    copy_path = format_loc((*list_loc, at, "id"))
    (problem,) = [p for p in problems if p.path == copy_path]
    assert problem.message.startswith(f"duplicate id '{record_id}' (already used by ")
    assert format_loc((*list_loc, original)) in problem.message
    assert f"id: {record_id}" in text.splitlines()[problem.line - 1]


unknown_keys = st.from_regex(r"\A[a-z][a-z_]{2,11}\Z").filter(
    lambda key: key not in SCHEMA_KEYS and yaml.safe_load(key) == key
)
MAPPINGS = [loc for loc, value in locations(SHIPPED) if isinstance(value, dict)]


@settings(max_examples=100, deadline=None)
@given(st.sampled_from(MAPPINGS), unknown_keys)
def test_an_unknown_key_is_reported_at_its_line(mapping_loc: Loc, key: str) -> None:
    document = copy.deepcopy(SHIPPED)
    get(document, mapping_loc)[key] = "x"
    text = dump(document)

    _, problems = check_answer(text)

    (problem,) = problems
    assert problem.path == format_loc((*mapping_loc, key))
    assert problem.message.startswith(f"unknown key '{key}'")
    assert re.match(rf"^[\s-]*{key}: x$", text.splitlines()[problem.line - 1])


# --- the same through the command line -----------------------------------------------------------------------


def write_config(folder: Path, source: Path) -> Path:
    """A copy of the shipped settings that reads `source` (absolute paths, so any folder works)."""
    settings_data = yaml.safe_load((REPO / "config" / "mtpbot.yaml").read_text(encoding="utf-8"))
    settings_data["sources"] = [str(source)]
    settings_data["templates"] = str(REPO / "templates")
    path = folder / "mtpbot.yaml"
    path.write_text(dump(settings_data), encoding="utf-8")
    return path


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(documents, mutated_documents()))
def test_validate_command_refuses_invalid_documents_with_a_message(
    tmp_path_factory: pytest.TempPathFactory, document: Any
) -> None:
    folder = tmp_path_factory.mktemp("cli", numbered=True)
    source = folder / "metrics.yaml"
    text = dump(document)
    source.write_text(text, encoding="utf-8")
    config = write_config(folder, source)

    result = CliRunner().invoke(main, ["--config", str(config), "validate"])

    assert isinstance(result.exception, SystemExit | None), result.exception
    assert "Traceback" not in result.output
    if validate_report_text(text, str(source))[0] is not None:
        assert result.exit_code == 0
        return
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith("error: ")
    assert re.search(rf"^{re.escape(str(source))}:\d+: \S", result.stderr, re.MULTILINE), result.stderr
    assert "hint: " in result.stderr

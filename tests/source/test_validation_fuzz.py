"""Whatever a maintainer types, validation answers with problems at real lines, never with a traceback.

Generated inputs: arbitrary YAML documents biased towards the schema's keys and valid fragments, priority
files built from the model's structures (fiscal years, quarter keys such as `2019-20 Q1`, per-quarter
entries with reported changes and statuses, metric references) so that the rules on the validated model
run too, mutations of the shipped metrics file (as data and as text), and arbitrary text. About 1,500
inputs in all.
"""

from __future__ import annotations

import copy
import re
import typing
from collections.abc import Callable, Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel

from bot.cli import main
from bot.source.kinds import KINDS
from bot.source.loading import validate_priority_text
from bot.source.model import PriorityFile
from bot.source.periods import Quarter, check_year
from bot.source.problems import Problem
from bot.source.status import STATUSES
from tests.support.seed import SEED_CONFIG, SEED_METRICS

REPO = Path(__file__).resolve().parents[2]
SEED_TEXT = SEED_METRICS.read_text(encoding="utf-8")
SEED_DATA: dict[str, Any] = yaml.safe_load(SEED_TEXT)
FILENAME = "metrics.yaml"

Loc = tuple[str | int, ...]
_Dumper: type[yaml.SafeDumper] = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def dump(document: Any) -> str:
    return yaml.dump(document, Dumper=_Dumper, allow_unicode=True, sort_keys=False)


# --- the schema, seen from the YAML side ------------------------------------------------------------------


def _models_in(annotation: Any) -> Iterator[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        yield annotation
    for arg in typing.get_args(annotation):  # tuple[X, ...], dict[K, X], X | None, Annotated[X, …]
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


SCHEMA_KEYS = sorted(schema_keys(PriorityFile))


def subtrees(data: Any) -> Iterator[Any]:
    yield data
    if isinstance(data, dict):
        for value in data.values():
            yield from subtrees(value)
    elif isinstance(data, list):
        for item in data:
            yield from subtrees(item)


# Valid pieces of the shipped file (a figure, a key result, a quarter's grants …) make generated documents
# get past the first checks and reach the deeper ones.
FRAGMENTS = [t for t in subtrees(SEED_DATA) if isinstance(t, dict | list)]

# --- the model's structures ----------------------------------------------------------------------------------


def mostly(valid: st.SearchStrategy[Any], *mistakes: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """Usually a valid value, now and then a mistake: most generated priority files get past the field
    checks to the rules on the model (which run only when every field is valid)."""
    # st.one_of(valid, valid, …) would not weigh it: hypothesis picks among distinct branches.
    return st.sampled_from([True] * 29 + [False]).flatmap(lambda ok: valid if ok else st.one_of(*mistakes))


# Numbers as a deck prints them (whole, or with two decimals), and what no deck prints: NaN, infinities,
# magnitudes far apart (1 and 10**30), which must be problems or uncomputed changes, never tracebacks.
numbers = st.one_of(
    st.integers(min_value=-(10**9), max_value=10**9),
    st.integers(min_value=-(10**9), max_value=10**9).map(lambda n: n / 100),
    st.integers(min_value=0, max_value=200),
    st.sampled_from([0, 0.0, -0.0, 100, 5.1, 6.6, 83000, 86000]),
    st.floats(),
    st.integers(min_value=-(10**30), max_value=10**30),
)
years = st.integers(min_value=2015, max_value=2030).map(lambda y: f"{y}-{(y + 1) % 100:02d}")
PLAN = ["2018-19", "2019-20", "2020-21"]  # consecutive years: changes between quarters can be computed
plan_years = st.sampled_from(PLAN)
bad_years = st.sampled_from(["2019-21", "2019/20", "FY2019-20", "2019-2020", "19-20", "2019", "2019-20 Q1"])
fiscal_years = mostly(plan_years, years, bad_years)
quarter_keys = mostly(
    st.builds(lambda year, n: f"{year} Q{n}", plan_years, st.integers(1, 4)),
    st.builds(lambda year, n: f"{year} Q{n}", years, st.integers(0, 5)),
    st.sampled_from(["2019-20 Q5", "Q1 2019-20", "2019-20 q1", "2019-20Q1", "Q1", "Q1 FY2019-20"]),
)
METRIC_IDS = ["monthly-active-editors", "new-editor-retention", "ca-inquiries", "reported-threats"]
ids = mostly(
    st.one_of(st.sampled_from(METRIC_IDS), st.from_regex(r"\A[a-z0-9][a-z0-9-]{0,15}\Z")),
    st.sampled_from(["Monthly active editors", "ARMDEB", "", "-x"]),
)
footnote_refs = st.sampled_from(["seasonal", "colour-lost", "seasnal"])
units = st.sampled_from(["/mo", "YoY", "complete", "streams", ""])


@st.composite
def typed_figures(draw: st.DrawFn) -> dict[str, Any]:
    """`{count: 86000, unit: /mo}` and its neighbours: one kind with its options; now and then two kinds,
    none, or text with a number's options."""
    kinds = [draw(st.sampled_from(KINDS))]
    mistake = draw(mostly(st.none(), st.sampled_from(["two kinds", "no kind", "text with a unit"])))
    if mistake == "two kinds":
        kinds.append(draw(st.sampled_from(["text", *KINDS])))
    figure: dict[str, Any] = {kind: draw(numbers) for kind in kinds}
    if mistake == "no kind":
        figure = {}
    if mistake == "text with a unit":
        figure = {"text": "In progress", "unit": "/mo"}
    options = {
        "unit": units,
        "compact": st.booleans(),
        "at_least": st.booleans(),
        "note": st.just("2 as of Q1"),
        "footnote": footnote_refs,
    }
    for name in draw(st.lists(st.sampled_from(sorted(options)), max_size=2, unique=True)):
        figure[name] = draw(options[name])
    return figure


figures = mostly(
    st.one_of(
        typed_figures(),
        typed_figures(),
        numbers,
        st.sampled_from(["In progress", "Determine baseline", "Collecting baseline"]),
    ),
    st.sampled_from(["5% YoY", "30+", "83K/mo"]),
)
changes = mostly(
    st.builds(
        lambda kind, number, unit: {kind: number, "unit": unit}, st.sampled_from(["change", "points"]), numbers, units
    ),
    figures,
)
cells = mostly(st.one_of(figures, figures, st.lists(figures, min_size=1, max_size=3)), st.just([]), st.none())
statuses = mostly(
    st.one_of(
        st.sampled_from(STATUSES),
        st.fixed_dictionaries({"status": st.sampled_from(STATUSES)}, optional={"footnote": footnote_refs}),
    ),
    st.sampled_from(["green", "not reported", "On track"]),
)
entries = st.one_of(
    cells,
    st.fixed_dictionaries({"value": cells}, optional={"qoq": changes, "yoy": changes, "status": statuses}),
)
series_fields = {
    "baseline": st.one_of(cells, st.fixed_dictionaries({"value": cells}, optional={"period": quarter_keys})),
    "goals": st.dictionaries(fiscal_years, cells, max_size=3),
    "quarters": st.dictionaries(quarter_keys, entries, max_size=6),
    "cell": mostly(st.lists(st.sampled_from(["value", "qoq", "yoy"]), max_size=3), st.just(["progress"])),
    "signed_changes": st.booleans(),
    "transcription": st.just("how the deck was read"),
}
metrics = st.fixed_dictionaries({"id": ids, "name": st.just("A metric")}, optional=series_fields)
key_results = mostly(
    st.one_of(
        st.fixed_dictionaries({"id": ids, "text": st.just("A key result")}, optional=series_fields),
        st.fixed_dictionaries({"id": ids, "text": st.just("A key result"), "metric": ids}),
    ),
    st.fixed_dictionaries(  # a metric's figures and its own: one too many
        {"id": ids, "text": st.just("A key result"), "metric": ids, "quarters": series_fields["quarters"]}
    ),
)
deliverables = st.fixed_dictionaries(
    {"id": ids, "name": st.just("A deliverable")},
    optional={
        "status": st.dictionaries(quarter_keys, statuses, max_size=3),
        "key_results": st.lists(key_results, max_size=3),
        "short_name": mostly(st.just("ARMDEB"), st.just(False)),
    },
)
programs = st.fixed_dictionaries(
    {
        "program": st.just("Rapid Grants"),
        "grants": mostly(st.integers(0, 200), st.just(-1), st.just("23")),
        "usd": mostly(st.integers(0, 10**6), st.just("$84,895")),
    }
)
grants = st.fixed_dictionaries(  # the totals row: see the mutations of the shipped grants
    {"programs": mostly(st.lists(programs, min_size=1, max_size=3), st.just([]))}
)


@st.composite
def priority_documents(draw: st.DrawFn) -> dict[str, Any]:
    """A priority file of generated outcomes, deliverables, metrics, KPIs, statuses, sources and grants, its
    quarters mostly inside its fiscal years; sometimes a key result copies a metric's figures."""
    document: dict[str, Any] = {
        "priority": {"id": "thriving-movement", "name": "Thriving Movement"},
        "fiscal_years": draw(
            mostly(st.sampled_from([PLAN, ["2019-20"], PLAN[:2]]), st.lists(fiscal_years, max_size=3))
        ),
    }
    optional = {
        "sources": st.dictionaries(quarter_keys, st.just("Tuning session"), max_size=3),
        "footnotes": st.just(SEED_DATA["footnotes"]),
        "metrics": st.lists(metrics, max_size=3),
        "kpis": st.lists(metrics, max_size=3),
        "grants": st.dictionaries(quarter_keys, grants, max_size=2),
    }
    for key in draw(st.lists(st.sampled_from(sorted(optional)), unique=True)):
        document[key] = draw(optional[key])
    outcome = st.fixed_dictionaries(
        {"id": ids, "text": st.just("An outcome"), "deliverables": st.lists(deliverables, min_size=1, max_size=3)}
    )
    document["outcomes"] = draw(st.lists(outcome, min_size=1, max_size=2))
    measured = document.get("metrics", []) + document.get("kpis", [])
    if measured and draw(st.booleans()):
        source = draw(st.sampled_from(measured))
        copied = {k: copy.deepcopy(v) for k, v in source.items() if k in ("baseline", "goals", "quarters")}
        deliverable = document["outcomes"][0]["deliverables"][0]
        deliverable.setdefault("key_results", []).append({"id": "copy", "text": "A copy", **copied})
    return document


# --- arbitrary YAML, biased towards the schema -------------------------------------------------------------

scalars = st.one_of(
    st.none(),
    st.booleans(),
    numbers,
    st.text(max_size=20),
    st.sampled_from(
        [*STATUSES, *KINDS, "Q1", "2019-20", "2019-20 Q1", "thriving-movement", "5% YoY", "30+", "no", "In progress"]
    ),
)
keys = st.one_of(
    st.sampled_from(SCHEMA_KEYS), st.sampled_from(SCHEMA_KEYS), quarter_keys, years, st.text(min_size=1, max_size=10)
)
values = st.recursive(
    st.one_of(
        scalars,
        st.sampled_from(FRAGMENTS).map(copy.deepcopy),  # copies: mutations edit them
        figures,
        entries,
        metrics,
    ),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(keys, children, max_size=5),
    max_leaves=20,
)
top_keys = st.sampled_from(list(PriorityFile.model_fields)) | keys
documents = st.one_of(st.dictionaries(top_keys, values, max_size=8), values, priority_documents())


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


def record(data: Any, record_id: str) -> Any:
    """The mapping with this `id` anywhere in the document."""
    return next(value for _, value in locations(data) if isinstance(value, dict) and value.get("id") == record_id)


def format_loc(loc: Loc) -> str:
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text


@st.composite
def mutated_documents(draw: st.DrawFn) -> Any:
    """The shipped document with one to three edits: a key dropped, a value replaced, a key added (a quarter
    too), a list item duplicated."""
    document = copy.deepcopy(SEED_DATA)
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
            target[draw(keys)] = draw(st.one_of(values, entries))
        elif operation == "duplicate" and isinstance(target, list) and target:
            target.insert(draw(st.integers(0, len(target))), copy.deepcopy(draw(st.sampled_from(target))))
    return document


@st.composite
def mutated_texts(draw: st.DrawFn) -> str:
    """The shipped file as text with a line deleted, repeated, re-indented, or a character typed into it."""
    lines = SEED_TEXT.splitlines(keepends=True)
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
            typed = draw(st.text(alphabet=":-[]{}#&*!|>'\"%@`, \t0123456789xQ", min_size=1, max_size=3))
            lines[index] = lines[index][:position] + typed + lines[index][position:]
        if not lines:
            break
    return "".join(lines)


# --- the property every input must have ---------------------------------------------------------------------


def check_answer(text: str) -> tuple[PriorityFile | None, list[Problem]]:
    """Validation answers with a priority, or with problems that each name a line of the text."""
    document, problems = validate_priority_text(text, FILENAME)
    if document is not None:
        assert problems == []
    else:
        assert problems, "an invalid document must say what is wrong"
    last_line = max(1, len(text.splitlines()))
    for problem in problems:
        assert 1 <= problem.line <= last_line, (str(problem), last_line)
        assert str(problem).startswith(f"{FILENAME}:{problem.line}: "), str(problem)
        assert problem.message.strip()
    return document, problems


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents)
def test_generated_documents(document: Any) -> None:
    check_answer(dump(document))


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(priority_documents())
def test_generated_priority_files(document: Any) -> None:
    check_answer(dump(document))


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated_documents())
def test_mutations_of_the_shipped_document(document: Any) -> None:
    check_answer(dump(document))


@settings(max_examples=200, deadline=None)
@given(mutated_texts())
def test_edits_of_the_shipped_text(text: str) -> None:
    check_answer(text)


@settings(max_examples=100, deadline=None)
@given(st.text())
def test_arbitrary_text(text: str) -> None:
    check_answer(text)


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet=":-?[]{},#&*!|>'\"%@` \t\n\r\ufeffabcQ019.~=<", max_size=60))
def test_text_made_of_yaml_punctuation(text: str) -> None:
    check_answer(text)


# --- targeted mutations: the problem names the right record, at the right line --------------------------

RECORD_LISTS = [loc for loc, value in locations(SEED_DATA) if isinstance(value, list) and value and "id" in value[0]]


@settings(max_examples=100, deadline=None)
@given(st.sampled_from(RECORD_LISTS), st.data())
def test_a_duplicated_record_is_reported_at_its_copy(list_loc: Loc, data: st.DataObject) -> None:
    document = copy.deepcopy(SEED_DATA)
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


# Mappings whose keys are quarters or fiscal years, not field names; and how a key of theirs is checked.
PERIOD_KEYED: dict[str, Callable[[str], Quarter | str]] = {
    "quarters": Quarter.parse,
    "status": Quarter.parse,
    "sources": Quarter.parse,
    "grants": Quarter.parse,
    "goals": check_year,
}


def _keyed_by_period(loc: Loc) -> bool:
    if not loc or loc[-1] not in PERIOD_KEYED:
        return False
    if loc[-1] == "status":  # a deliverable's statuses, not the status of one quarter's entry
        return len(loc) >= 3 and loc[-3] == "deliverables"
    if loc[-1] in ("sources", "grants"):
        return len(loc) == 1
    return True


unknown_keys = st.from_regex(r"\A[a-z][a-z_]{2,11}\Z").filter(
    lambda key: key not in SCHEMA_KEYS and yaml.safe_load(key) == key
)


MAPPINGS = [loc for loc, value in locations(SEED_DATA) if isinstance(value, dict) and not _keyed_by_period(loc)]


@settings(max_examples=100, deadline=None)
@given(st.sampled_from(MAPPINGS), unknown_keys)
def test_an_unknown_key_is_reported_at_its_line(mapping_loc: Loc, key: str) -> None:
    document = copy.deepcopy(SEED_DATA)
    get(document, mapping_loc)[key] = "x"
    text = dump(document)

    _, problems = check_answer(text)

    (problem,) = problems
    assert problem.path == format_loc((*mapping_loc, key))
    assert problem.message.startswith(f"unknown key '{key}'")
    assert re.match(rf"^[\s-]*{key}: x$", text.splitlines()[problem.line - 1])


PERIOD_MAPPINGS = [loc for loc, value in locations(SEED_DATA) if isinstance(value, dict) and _keyed_by_period(loc)]
SCALAR_ENTRY = {"quarters": "In progress", "status": "on track", "sources": "Tuning session", "goals": "Done"}
GRANTS_ENTRY = {"programs": [{"program": "Rapid Grants", "grants": 1, "usd": 100}]}
period_texts = st.one_of(quarter_keys, fiscal_years, st.from_regex(r"\A[A-Za-z0-9][A-Za-z0-9 -]{0,10}[A-Za-z0-9]\Z"))


@settings(max_examples=100, deadline=None)
@given(st.sampled_from(PERIOD_MAPPINGS), period_texts)
def test_a_quarter_or_year_key_is_checked_at_its_line(mapping_loc: Loc, key: str) -> None:
    """A malformed quarter or fiscal year, or one outside the file's `fiscal_years`, is reported once, at its
    key (whose value may be a block on the lines below, as a quarter's grants are)."""
    document = copy.deepcopy(SEED_DATA)
    mapping = get(document, mapping_loc)
    if key in mapping or yaml.safe_load(f"{key}: x") != {key: "x"}:
        return  # already there, or YAML reads it as something else than text (a number, a date)
    mapping[key] = SCALAR_ENTRY.get(str(mapping_loc[-1]), GRANTS_ENTRY)
    text = dump(document)

    _, problems = check_answer(text)

    check = PERIOD_KEYED[str(mapping_loc[-1])]
    try:
        year = check(key)
    except ValueError as exc:
        expected = [str(exc)]
    else:
        year = year.year if isinstance(year, Quarter) else year
        expected = [] if year in document["fiscal_years"] else [f"{key} is "]
    assert [p.path for p in problems] == [format_loc((*mapping_loc, key))] * len(expected)
    for problem, message in zip(problems, expected, strict=True):
        assert problem.message.startswith(message), problem
        assert text.splitlines()[problem.line - 1].strip().startswith(f"{key}:")


# --- the rules on the series: a reported change is checked against the values it comes from ---------------


@st.composite
def reported_changes(draw: st.DrawFn) -> tuple[str, str, dict[str, Any], bool]:
    """Two values of a KPI a quarter (or a year) apart and the change reported between them: right, off by
    one, or of the wrong kind. Returns the later quarter, qoq or yoy, the quarters, and whether it is wrong."""
    which = draw(st.sampled_from(["qoq", "yoy"]))
    later = Quarter("2019-20", draw(st.integers(1, 4)))
    earlier = later.previous() if which == "qoq" else later.year_earlier()
    kind = draw(st.sampled_from(["percent", "count"]))
    low = 0 if kind == "percent" else 1
    old, new = draw(st.integers(low, 1000)), draw(st.integers(0, 1000))
    if kind == "percent":
        right: dict[str, Any] = {"points": new - old}
    else:
        change = ((Decimal(new) - Decimal(old)) / Decimal(old) * 100).quantize(Decimal("0.1"))
        right = {"change": float(change)}
    mistake = draw(st.sampled_from(["none", "value", "kind"]))
    reported = dict(right)
    if mistake == "value":
        ((name, number),) = right.items()
        reported = {name: number + draw(st.sampled_from([-1, 1, 2.5]))}
    elif mistake == "kind":
        reported = {"change" if kind == "percent" else "points": next(iter(right.values()))}
    quarters = {str(earlier): {kind: old}, str(later): {"value": {kind: new}, which: reported}}
    return str(later), which, quarters, mistake != "none"


@settings(max_examples=100, deadline=None)
@given(reported_changes())
def test_a_reported_change_is_checked_against_its_series(case: tuple[str, str, dict[str, Any], bool]) -> None:
    later, which, quarters, wrong = case
    document = copy.deepcopy(SEED_DATA)
    document["fiscal_years"] = ["2018-19", "2019-20"]
    document["kpis"][0]["quarters"] = quarters
    document["kpis"][0]["percent_changes"] = "points"  # the rule the cases are built on
    text = dump(document)

    _, problems = check_answer(text)

    if not wrong:
        assert problems == []
        return
    (problem,) = problems
    assert problem.path == f"kpis[0].quarters.{later}.{which}"
    assert problem.message.startswith(f"{which} of {later} is reported as ")
    lines = text.splitlines()
    # the `qoq:` (or `yoy:`) key, or the first line of its value just below it
    assert f"{which}:" in lines[problem.line - 1] or f"{which}:" in lines[problem.line - 2]


# (earlier value, later value, reported change): a value or a change that is not a number (NaN, infinite),
# and relative changes beyond the 28 digits of decimal's default context.
EXTREME_SERIES = [
    (1, float("nan"), 1.0),
    (1, float("inf"), 1.0),
    (1, float("-inf"), 1.0),
    (1, 10**30, 1.0),
    (1e-30, 1, 1.0),
    (1, 2, float("nan")),
]


@pytest.mark.parametrize(("earlier", "later", "reported"), EXTREME_SERIES, ids=str)
def test_extreme_numbers_in_a_series_are_problems_not_tracebacks(earlier: float, later: float, reported: float) -> None:
    document = copy.deepcopy(SEED_DATA)
    record(document, "ip-masking-milestones")["quarters"] = {
        "2019-20 Q1": earlier,
        "2019-20 Q2": {"value": later, "qoq": {"change": reported}},
    }
    check_answer(dump(document))


# --- the same through the command line -----------------------------------------------------------------------


def write_config(folder: Path, source: Path) -> Path:
    """A copy of the shipped settings that reads `source` (absolute paths, so any folder works)."""
    settings_data = yaml.safe_load(SEED_CONFIG.read_text(encoding="utf-8"))
    settings_data["sources"] = [str(source)]
    settings_data["templates"] = str(REPO / "templates")
    path = folder / "mtpbot.yaml"
    path.write_text(dump(settings_data), encoding="utf-8")
    return path


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(documents, mutated_documents(), priority_documents()))
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
    if validate_priority_text(text, str(source))[0] is not None:
        assert result.exit_code == 0
        return
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith("error: ")
    assert re.search(rf"^{re.escape(str(source))}:\d+: \S", result.stderr, re.MULTILINE), result.stderr
    assert "hint: " in result.stderr

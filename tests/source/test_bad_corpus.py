"""A corpus of hand-written bad metric files, each saying which problems a maintainer must be shown.

Every file in `bad/` begins with one comment line per expected problem:

    # expect: <line>: <field.path>: <part of the message>

(`-` as the field path for a problem of the whole file, such as a YAML syntax error; a path may hold a
quarter, `metrics[0].quarters.2019-20 Q1.qoq`, so it ends at the first ": "). Validation must report exactly
those problems, each at its line, all in one run: a maintainer who fixes what is listed must not be
surprised by a new list the next time.

One exception is by design: the two rules on the typed model (bot.source.rules: a measured figure written
once, reported changes against their series) run once every field is valid, so a file with field errors
shows them only on the run after those are fixed. `many-problems-at-once.yaml` lists the problems of a first
run, `many-rule-problems-at-once.yaml` those of the model's rules, together with the checks on the raw
document (bot.source.checks: duplicate keys, ids, footnotes, metric references, quarters inside
`fiscal_years`) that run every time.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from bot.errors import SourceError
from bot.source.loading import read_text, validate_priority_text
from bot.source.problems import Problem

BAD = Path(__file__).parent / "bad"
FILES = sorted(BAD.glob("*.yaml"))

_EXPECT = re.compile(rb"^# expect: (\d+): (.+?): (.+)$")


@dataclass(frozen=True)
class Expected:
    line: int
    path: str  # "" for a problem of the whole file
    message: str  # a part of the message

    def matches(self, problem: Problem) -> bool:
        return problem.line == self.line and problem.path == self.path and self.message in problem.message

    def __str__(self) -> str:
        return f"{self.line}: {self.path or '-'}: …{self.message}…"


def expectations(path: Path) -> list[Expected]:
    """The `# expect:` lines of a corpus file (read as bytes: one file is deliberately not UTF-8)."""
    found = []
    for raw in path.read_bytes().splitlines():
        match = _EXPECT.match(raw)
        if match:
            line, field, message = (group.decode("utf-8") for group in match.groups())
            found.append(Expected(int(line), "" if field == "-" else field, message))
    return found


def problems_of(path: Path) -> list[Problem]:
    """What `mtpbot validate` finds in one file: reading it (encoding) first, then its content."""
    try:
        text = read_text(path)
    except SourceError as exc:
        return [_parse(message, str(path)) for message in exc.problems]
    document, problems = validate_priority_text(text, str(path))
    assert (document is None) == bool(problems), "a file is either valid (a priority) or has problems"
    return problems


def _parse(message: str, filename: str) -> Problem:
    """A problem already formatted as `file:line: message` (from reading the file) back into its parts."""
    assert message.startswith(f"{filename}:"), message
    line, _, text = message.removeprefix(f"{filename}:").partition(": ")
    return Problem(filename, int(line), "", text)


def line_count(path: Path) -> int:
    return max(1, len(path.read_bytes().splitlines()))


def test_the_corpus_covers_enough_mistakes() -> None:
    assert len(FILES) >= 30
    for path in FILES:
        assert expectations(path), f"{path.name} has no '# expect: line: path: message' comment"


@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_validation_reports_exactly_the_expected_problems(path: Path) -> None:
    problems = problems_of(path)
    unmatched = list(problems)
    missing = []
    for expected in expectations(path):
        match = next((p for p in unmatched if expected.matches(p)), None)
        if match is None:
            missing.append(expected)
        else:
            unmatched.remove(match)
    report = "\n".join(str(p) for p in problems)
    assert not missing, f"not reported: {[str(m) for m in missing]}\nreported:\n{report}"
    assert not unmatched, f"reported but not expected: {[str(p) for p in unmatched]}"


@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_every_problem_points_at_a_line_of_the_file(path: Path) -> None:
    for problem in problems_of(path):
        assert 1 <= problem.line <= line_count(path), problem
        assert re.match(rf"^{re.escape(str(path))}:{problem.line}: \S", str(problem)), problem


@pytest.mark.parametrize(
    ("name", "at_least"), [("many-problems-at-once.yaml", 10), ("many-rule-problems-at-once.yaml", 8)]
)
def test_a_file_with_many_mistakes_lists_them_all_in_one_run_in_file_order(name: str, at_least: int) -> None:
    path = BAD / name
    problems = problems_of(path)
    # many-problems-at-once: syntax (duplicate key), field types and values, unknown keys, malformed quarters
    # and years, the model's own rules (one place for a key result's figures, grant totals) and the raw
    # checks across records (ids, footnotes). many-rule-problems-at-once: the rules on the valid model, with
    # the raw checks. Within each run, no kind of check waits for another to pass.
    assert len(problems) == len(expectations(path)) >= at_least
    assert [p.line for p in problems] == sorted(p.line for p in problems)
    assert len({p.path for p in problems}) == len(problems), "one problem of each kind, each at its own place"


def test_a_duplicate_key_does_not_hide_the_other_problems() -> None:
    text = "\n".join(
        [
            "sources: {2019-20 Q1: Tuning session, 2019-20 Q1: Tuning session}",
            "priority: {id: thriving-movement, name: no}",
        ]
    )
    problems = validate_priority_text(text, "m.yaml")[1]
    assert [str(p).split(": ")[0:2] for p in problems] == [
        ["m.yaml:1", "2019-20 Q1"],
        ["m.yaml:1", "fiscal_years"],
        ["m.yaml:1", "outcomes"],
        ["m.yaml:2", "priority.name"],
    ]


PRIORITY = """\
priority: {id: thriving-movement, name: Thriving Movement}
fiscal_years: [2019-20]
outcomes:
  - id: newcomers
    text: We will welcome and support newcomers.
    deliverables:
      - id: armdeb
        name: Attract and retain a larger and more diverse editor base
"""


def test_the_rules_on_the_model_wait_for_valid_fields() -> None:
    """The documented two runs: a field error first, the contradicted change once the field is fixed; an
    unknown metric id (a check on the raw document) is in both."""
    text = PRIORITY + (
        "        short_name: no\n"
        "        key_results:\n"
        "          - {id: monthly-active-editors, text: Monthly active editors, metric: monthly-active-editor}\n"
        "kpis:\n"
        "  - id: ca-inquiries\n"
        "    name: Resolve ca@ inquiries within two business days.\n"
        "    quarters:\n"
        "      2019-20 Q1: {percent: 90.6}\n"
        "      2019-20 Q2: {value: {percent: 80.0}, qoq: {points: -8.9}}\n"
    )
    first = validate_priority_text(text, "m.yaml")[1]
    second = validate_priority_text(text.replace("short_name: no", "short_name: ARMDEB"), "m.yaml")[1]
    reference = (11, "outcomes[0].deliverables[0].key_results[0].metric")
    assert [(p.line, p.path) for p in first] == [(9, "outcomes[0].deliverables[0].short_name"), reference]
    assert [(p.line, p.path) for p in second] == [reference, (17, "kpis[0].quarters.2019-20 Q2.qoq")]
    assert second[1].message.startswith(
        "qoq of 2019-20 Q2 is reported as -8.9 percentage points but the series gives -10.6 percentage points"
    )


# A problem about a quarter (or fiscal-year) key is reported at the line of the key's VALUE: the same line
# when the value is written on it ({…}, as in the corpus), the line after it when the value is a block.
# bot/source/loading.py uses the key's own line only for unknown keys (`extra_forbidden`); pydantic's key
# errors (loc ending in "[key]") and the paths of check_quarters_in_plan (bot/source/checks.py) ending at a
# quarter take line_of(value).
BLOCK_VALUES = PRIORITY + (
    "metrics:\n"
    "  - id: monthly-active-editors\n"
    "    name: Monthly active editors increase YoY\n"
    "    quarters:\n"
    "      QUARTER:\n"  # line 13
    "        value: {count: 85000, unit: /mo, compact: true}\n"
    "grants:\n"
    "  2020-21 Q1:\n"  # line 16
    "    programs:\n"
    "      - {program: Rapid Grants, grants: 31, usd: 35210}\n"
)


def test_a_malformed_quarter_key_is_reported_at_its_own_line() -> None:
    problems = validate_priority_text(BLOCK_VALUES.replace("QUARTER", "2019-20 Q5"), "m.yaml")[1]
    (problem,) = [p for p in problems if p.path == "metrics[0].quarters.2019-20 Q5"]
    assert "'2019-20 Q5' is not a quarter" in problem.message
    assert problem.line == 13


def test_a_quarter_outside_the_fiscal_years_is_reported_at_its_own_line() -> None:
    problems = validate_priority_text(BLOCK_VALUES.replace("QUARTER", "2019-20 Q2"), "m.yaml")[1]
    (problem,) = [p for p in problems if p.path == "grants.2020-21 Q1"]
    assert problem.message.startswith("2020-21 Q1 is outside the fiscal years")
    assert problem.line == 16


# The short form of a baseline or a quarter's entry (`2019-20 Q1: [figure, figure]` for `{value: […]}`):
# node_at in bot/source/yaml_lines.py stops at the implied `value`, so a problem in the second figure of the
# list is reported at the line of the first. The shipped data writes such lists (wmse-partnership).
LIST_CELL = PRIORITY + (
    "metrics:\n"
    "  - id: wmse-partnership\n"
    "    name: Partnership agreement with Wikimedia Sverige\n"
    "    quarters:\n"
    "      2019-20 Q1:\n"
    "        - {percent: 10}\n"
    "        - {count: 2, unit: streams initiated, compact: maybe}\n"  # line 15
)


def test_a_problem_in_the_second_figure_of_a_quarter_is_reported_at_its_line() -> None:
    problems = validate_priority_text(LIST_CELL, "m.yaml")[1]
    (problem,) = [p for p in problems if p.path == "metrics[0].quarters.2019-20 Q1[1].compact"]
    assert problem.line == 15


def test_a_misspelt_key_inside_a_quarter_gets_a_suggestion() -> None:
    """unknown-key-did-you-mean.yaml: `qoo` in a quarter's entry is reported with "allowed keys here: " and
    an empty list, and no suggestion; the same under goals, a status, or a quarter's grants."""
    problems = problems_of(BAD / "unknown-key-did-you-mean.yaml")
    (problem,) = [p for p in problems if p.path.endswith(".qoo")]
    assert "(did you mean 'qoq'?)" in problem.message
    assert problem.message.endswith("allowed keys here: value, qoq, yoy, status")


# check_quarters_in_plan (bot/source/checks.py) reads any period, wherever it is written: a fiscal year
# where a quarter belongs (or a quarter where a year belongs) gets, besides the field error, a second problem
# that blames `fiscal_years:` — "2018-19 is not a fiscal year of this file (2019-20)".
WRONG_KIND_OF_PERIOD = PRIORITY + (
    "sources:\n"
    "  2018-19: Thriving Movement quarterly tuning session, November 2018\n"  # line 10
    "metrics:\n"
    "  - id: monthly-active-editors\n"
    "    name: Monthly active editors increase YoY\n"
    "    goals:\n"
    "      2020-21 Q1: {change: 5, unit: YoY}\n"  # line 15
)


def test_a_year_where_a_quarter_belongs_is_one_problem() -> None:
    problems = validate_priority_text(WRONG_KIND_OF_PERIOD, "m.yaml")[1]
    assert [(p.line, p.message.split(";")[0]) for p in problems] == [
        (10, "'2018-19' is not a quarter"),
        (15, "'2020-21 Q1' is not a fiscal year"),
    ]

"""A corpus of hand-written bad metric files, each saying which problems a maintainer must be shown.

Every file in `bad/` begins with one comment line per expected problem:

    # expect: <line>: <field.path>: <part of the message>

(`-` as the field path for a problem of the whole file, such as a YAML syntax error). Validation must report
exactly those problems, each at its line, all in one run: a maintainer who fixes what is listed must not
be surprised by a new list the next time.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from bot.errors import SourceError
from bot.source.loading import read_text, validate_report_text
from bot.source.problems import Problem

BAD = Path(__file__).parent / "bad"
FILES = sorted(BAD.glob("*.yaml"))

_EXPECT = re.compile(rb"^# expect: (\d+): ([^:\s]+): (.+)$")


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
    report, problems = validate_report_text(text, str(path))
    assert (report is None) == bool(problems), "a file is either valid (a report) or has problems"
    return problems


def _parse(message: str, filename: str) -> Problem:
    """A problem already formatted as `file:line: message` (from reading the file) back into its parts."""
    assert message.startswith(f"{filename}:"), message
    line, _, text = message.removeprefix(f"{filename}:").partition(": ")
    return Problem(filename, int(line), "", text)


def line_count(path: Path) -> int:
    return max(1, len(path.read_bytes().splitlines()))


def test_the_corpus_covers_enough_mistakes() -> None:
    assert len(FILES) >= 15
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


def test_a_file_with_many_mistakes_lists_them_all_in_one_run_in_file_order() -> None:
    path = BAD / "many-problems-at-once.yaml"
    problems = problems_of(path)
    # syntax (duplicate key), field types and values, unknown keys, cross-record ids and footnotes,
    # and the computed checks (KPI series, grant totals): no kind of check waits for another to pass.
    assert len(problems) == len(expectations(path)) >= 10
    assert [p.line for p in problems] == sorted(p.line for p in problems)


def test_a_duplicate_key_does_not_hide_the_other_problems() -> None:
    text = "\n".join(
        [
            "period: {fiscal_year: 2019-20, quarter: Q1, reported_at: Tuning session, quarter: Q2}",
            "priority: {id: thriving-movement, name: no}",
        ]
    )
    problems = validate_report_text(text, "m.yaml")[1]
    assert [str(p).split(": ")[0:2] for p in problems] == [
        ["m.yaml:1", "quarter"],
        ["m.yaml:1", "outcomes"],
        ["m.yaml:2", "priority.name"],
    ]

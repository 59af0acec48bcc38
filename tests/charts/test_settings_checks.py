"""`mtpbot validate` refuses the charts' settings that `render` and `sync` would: a series that cannot be drawn,
a prefix that makes titles the data wiki refuses — each once, at its line of the settings."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.workspace import Workspace, make_workspace


@pytest.fixture
def space(tmp_path: Path) -> Workspace:
    return make_workspace(tmp_path, None, logs_in=False)


def problems(space: Workspace) -> list[str]:
    result = space.mtpbot("validate")
    assert result.exit_code == 2, result.output
    return [line.split(": ", 1)[1] for line in result.stderr.splitlines() if line.startswith(str(space.config))]


def test_a_series_without_numbers_named_in_charts_is_refused_at_its_line(space: Workspace) -> None:
    space.configure(data_site={"prefix": "Plan"}, charts=["monthly-active-editors", "youth-gender-participation"])
    assert problems(space) == [
        "charts[1]: 'youth-gender-participation' cannot be drawn: no quarter has a number (only words or "
        "statuses); leave it out of `charts:`"
    ]


@pytest.mark.parametrize(
    ("prefix", "expected"),
    [
        ("Data:Plan", "leave out `Data:`"),
        ("Plan|2019", "characters MediaWiki refuses in titles: '|'"),
        ("Plan {{x}}", "characters MediaWiki refuses in titles: '{' '}'"),
        ("Plan/", "an empty part between slashes"),
        ("plan", "starts with a lower-case letter"),
        ("P" * 250, "bytes; MediaWiki allows 255: shorten it"),
    ],
)
def test_a_prefix_the_data_wiki_would_refuse_is_said_once_at_its_line(
    space: Workspace, prefix: str, expected: str
) -> None:
    space.configure(data_site={"prefix": prefix})
    found = problems(space)
    assert len([p for p in found if expected in p]) == 1, found
    assert all(p.startswith("data_site.prefix: ") for p in found), found


def test_a_good_prefix_passes(space: Workspace) -> None:
    space.configure(data_site={"prefix": "Wikimedia Foundation Medium-term plan 2019"})
    assert space.mtpbot("validate").exit_code == 0

"""What must hold of the shipped `config/` whatever its figures say: it validates, renders every page it names
and every data page of its charts, and publishes all of them to a real wiki and data wiki, converging.

Every check runs on config/ as it is and on a copy with the next quarter added, the way a metrics editor adds
one (README, "Add a quarter's figures"): so the quarterly update — and, with data feeds, the monthly one —
never fails CI. Nothing here names a figure, a quarter or a page of config/; the tests that do pin the seed
deck's data in tests/seed/.
"""

from __future__ import annotations

import copy
import itertools
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner, Result

from bot.cli.app import main
from bot.cli.environment import Environment
from bot.errors import ExitStatus
from bot.mediawiki import SiteSettings
from bot.source.periods import Quarter
from bot.sync.protocols import ConnectedWiki
from devwiki import DevWiki, RunningWiki
from devwiki.datawiki import RunningDataWiki
from tests.support.feeds import VERSIONS
from tests.support.workspace import allow_bot_to_run

ROOT = Path(__file__).resolve().parents[2]
SHIPPED = ROOT / "config"
FEED_FIXTURE = VERSIONS[max(VERSIONS)]
NEXT_QUARTER_SOURCE = "mtpbot's tests: the shipped figures repeated for the next quarter"


def _next(quarter: Quarter) -> Quarter:
    if quarter.number < 4:
        return Quarter(quarter.year, quarter.number + 1)
    start = int(quarter.year[:4]) + 1
    return Quarter(f"{start}-{(start + 1) % 100:02d}", 1)


def _series_quarters(data: Any) -> Iterator[dict[str, Any]]:
    """Every `quarters:` mapping of a metrics file: a metric's, a KPI's, a key result's own."""
    if isinstance(data, dict):
        for key, value in data.items():
            if key == "quarters" and isinstance(value, dict):
                yield value
            else:
                yield from _series_quarters(value)
    elif isinstance(data, list):
        for item in data:
            yield from _series_quarters(item)


def add_next_quarter(metrics: Path) -> Quarter:
    """Give every series that reports the file's latest quarter the quarter after it, with the same figure
    (the reported changes left out: the bot computes them), its fiscal year and its source; return it."""
    text = metrics.read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    series = list(_series_quarters(data))
    latest = max(Quarter.parse(key) for quarters in series for key in quarters)
    following = _next(latest)
    for quarters in series:
        if str(latest) in quarters:
            figure = copy.deepcopy(quarters[str(latest)])
            if isinstance(figure, dict) and "value" in figure:
                figure = {"value": figure["value"]}
            quarters[str(following)] = figure
    if following.year not in data["fiscal_years"]:
        data["fiscal_years"].append(following.year)
    data.setdefault("sources", {})[str(following)] = NEXT_QUARTER_SOURCE
    # Written anew (the comments inside go), under the file's own heading: the editors' schema line stays.
    heading = "".join(line for line in itertools.takewhile(lambda line: line.startswith("#"), text.splitlines(True)))
    metrics.write_text(heading + yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return following


def point_feeds_at_fixtures(settings: Path) -> None:
    """Each feed of the settings read from the latest of the analysts' real files in ../shared/feeds/, never
    the network (the feed's own columns: a test that fails here means a series names a column it lacks)."""
    data = yaml.safe_load(settings.read_text(encoding="utf-8"))
    for feed in data.get("feeds", []):
        feed["location"] = str(FEED_FIXTURE)
    settings.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")


def shipped_copy(folder: Path, *, next_quarter: bool) -> Path:
    """config/ and templates/ copied into `folder` (the settings' relative paths still hold); the settings."""
    shutil.copytree(SHIPPED, folder / "config")
    shutil.copytree(ROOT / "templates", folder / "templates")
    settings = folder / "config" / "mtpbot.yaml"
    point_feeds_at_fixtures(settings)
    if next_quarter:
        for source in yaml.safe_load(settings.read_text(encoding="utf-8"))["sources"]:
            add_next_quarter(settings.parent / source)
    return settings


@pytest.fixture(params=[False, True], ids=["as-shipped", "with-the-next-quarter"])
def settings(request: pytest.FixtureRequest, tmp_path: Path) -> Path:
    return shipped_copy(tmp_path, next_quarter=request.param)


def _refuse(settings: SiteSettings, *, login: bool) -> ConnectedWiki:
    raise AssertionError(f"an offline command tried to connect to a wiki: {settings.target}")


def _offline(*args: str) -> Result:
    return CliRunner().invoke(main, list(args), obj=Environment(environ={}, connect=_refuse))


def test_it_validates(settings: Path) -> None:
    result = _offline("--config", str(settings), "validate")
    assert result.exit_code == ExitStatus.OK, result.output


def test_it_renders_every_page_and_data_page_it_names(settings: Path) -> None:
    result = _offline("--config", str(settings), "render", "--json")
    assert result.exit_code == ExitStatus.OK, result.output
    rendered = json.loads(result.stdout)
    named = [page["title"] for page in yaml.safe_load(settings.read_text(encoding="utf-8"))["pages"]]
    assert [page["title"] for page in rendered["pages"]] == named
    assert all(page["text"].strip() for page in rendered["pages"])
    for page in rendered["data_pages"]:  # valid JSON the data wiki's rules allowed (render checks them)
        assert json.loads(page["text"]), page["title"]


def test_the_next_quarter_reaches_the_pages(tmp_path: Path) -> None:
    """The copy with the next quarter is not the shipped data again: the pages it renders differ."""
    pages = {}
    for next_quarter in (False, True):
        settings = shipped_copy(tmp_path / str(next_quarter), next_quarter=next_quarter)
        result = _offline("--config", str(settings), "render", "--json")
        pages[next_quarter] = {page["title"]: page["text"] for page in json.loads(result.stdout)["pages"]}
    assert pages[True].keys() == pages[False].keys() and pages[True] != pages[False]


@pytest.fixture(scope="module")
def wikis(devwiki: DevWiki) -> Iterator[tuple[DevWiki, DevWiki]]:
    """A wiki and a data wiki of their own: the shipped titles, on pages no other test has written.

    (It asks for the session's wiki only to skip, or fail under CI, as that one does without MediaWiki.)"""
    with RunningWiki() as wiki, RunningDataWiki(bot_password=wiki.bot.password) as data:
        allow_bot_to_run(wiki)
        yield wiki, data


def _sync(settings: Path, wiki: DevWiki, data: DevWiki, state: Path) -> dict[str, Any]:
    """`python -m bot … sync --json` against the two local wikis; its report."""
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("PYWIKIBOT", "MTPBOT_"))}
    environment |= {
        "PYTHONPATH": str(ROOT),
        "MTPBOT_USERNAME": wiki.bot.username,
        "MTPBOT_PASSWORD": wiki.bot.password,
        "MTPBOT_STATE_DIR": str(state),
    }
    command = [sys.executable, "-m", "bot", "--config", str(settings), "sync", "--json"]
    command += ["--site-url", wiki.api_url, "--data-site-url", data.api_url]
    done = subprocess.run(
        command, env=environment, capture_output=True, text=True, timeout=300, stdin=subprocess.DEVNULL, check=False
    )
    assert done.returncode == ExitStatus.OK, done.stderr[-3000:]
    report: dict[str, Any] = json.loads(done.stdout)
    return report


def _actions(report: dict[str, Any]) -> set[str]:
    return {entry["action"] for entry in [*report["pages"], *report.get("data_pages", [])]}


@pytest.mark.wiki
def test_every_page_and_chart_it_names_publishes_and_a_new_quarter_too(
    wikis: tuple[DevWiki, DevWiki], tmp_path: Path
) -> None:
    wiki, data = wikis
    settings = shipped_copy(tmp_path, next_quarter=False)
    # Saves as fast as the local wiki takes them: Meta's pace (put_throttle) is for Meta.
    text = yaml.safe_load(settings.read_text(encoding="utf-8"))
    text["put_throttle"] = 0
    settings.write_text(yaml.safe_dump(text, sort_keys=False), encoding="utf-8")
    state = tmp_path / "state"

    first = _sync(settings, wiki, data, state)
    assert _actions(first) <= {"created", "edited"} and first["pages"], first
    assert _actions(_sync(settings, wiki, data, state)) == {"unchanged"}

    for source in text["sources"]:
        add_next_quarter(settings.parent / source)
    assert "edited" in _actions(_sync(settings, wiki, data, state))
    assert _actions(_sync(settings, wiki, data, state)) == {"unchanged"}

"""Reading a feed as a well-behaved client (bot.feeds), against a real HTTP server on 127.0.0.1, and what the
offline commands say about feeds: `validate` reads the kept copy or `--feed`, and warns where the feed and the
metrics file disagree."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.feeds import FeedOptions, read_feeds
from bot.source.settings import Config, load_config
from tests.support.feeds import VERSIONS, FeedServer, read_from_feed
from tests.support.workspace import Workspace, make_workspace


@pytest.fixture
def offline(tmp_path: Path, server: FeedServer) -> Workspace:
    """The seed's pages, both headline metrics from the feed at the server, and no wiki."""
    return read_from_feed(make_workspace(tmp_path / "work", None, logs_in=False), server.url)


def _options(state: Path, *, retries: int = 3) -> FeedOptions:
    return FeedOptions(online=True, state_dir=state, retries=retries, retry_wait=0.05, is_loopback=lambda host: True)


def _config(workspace: Workspace) -> Config:
    return load_config(workspace.config)


def test_a_second_read_is_one_conditional_request_and_gives_the_same_version(
    offline: Workspace, server: FeedServer, tmp_path: Path
) -> None:
    server.served.version("2020-04-16")
    first = read_feeds(_config(offline), _options(tmp_path))["movement-metrics"]
    again = read_feeds(_config(offline), _options(tmp_path))["movement-metrics"]

    assert first.version == again.version == "2020-04-16"  # its Last-Modified date
    assert first.table is not None and again.table is not None and first.table.months == again.table.months
    assert [r["if_none_match"] is not None for r in server.requests] == [False, True]


def test_a_version_without_last_modified_is_a_short_hash_of_the_bytes(
    offline: Workspace, server: FeedServer, tmp_path: Path
) -> None:
    server.served.version("2020-02-27")
    server.served.date = ""
    read = read_feeds(_config(offline), _options(tmp_path))["movement-metrics"]
    assert len(read.version) == 7 and read.version != "2020-02-27"


def test_a_transient_answer_is_retried_then_named(offline: Workspace, server: FeedServer, tmp_path: Path) -> None:
    server.served.status = 503
    read = read_feeds(_config(offline), _options(tmp_path, retries=2))["movement-metrics"]
    assert len(server.requests) == 3
    assert read.table is None and "HTTP 503" in read.error and server.url in read.error


def test_plain_http_is_refused_unless_it_is_this_machine(offline: Workspace, tmp_path: Path) -> None:
    options = FeedOptions(online=True, state_dir=tmp_path, is_loopback=lambda host: False)
    read = read_feeds(_config(offline), options)["movement-metrics"]
    assert "read over https" in read.error


def test_validate_stays_offline_and_says_which_feed_it_did_not_read(offline: Workspace, server: FeedServer) -> None:
    result = offline.mtpbot("validate")
    assert result.exit_code == 0, result.output
    assert "note: the feed movement-metrics was not read" in result.stderr
    assert "--feed movement-metrics=FILE" in result.stderr
    assert server.requests == []


def test_validate_warns_of_each_disagreement_of_the_feed_with_the_stated_quarter(offline: Workspace) -> None:
    """The seed's Q1 against the analysts' file: three disagreements, as the issue measured them."""
    result = offline.mtpbot("validate", "--feed", f"movement-metrics={VERSIONS['2020-04-16']}")
    assert result.exit_code == 0, result.output
    warnings = [line for line in result.stderr.splitlines() if line.startswith("warning:")]
    assert len(warnings) == 3, result.stderr
    assert "monthly-active-editors Q1 FY2019-20: the metrics file says 5.1% YoY" in warnings[0]
    assert "gives 3.8% YoY" in warnings[0]
    assert "says 5.4%/mo" in warnings[1] and "gives 5.3%/mo" in warnings[1]
    assert "says 3.8% YoY" in warnings[2] and "gives 2.3% YoY" in warnings[2]
    assert "data until Q3 FY2019-20" in result.stderr
    assert "quarters of its series are in fiscal years no metrics file lists" in result.stderr


def test_render_reads_the_copy_a_fetch_kept(offline: Workspace, server: FeedServer) -> None:
    server.served.version("2020-04-16")
    options = _options(offline.state_dir)
    offline.state_dir.mkdir(mode=0o700, exist_ok=True)
    read_feeds(_config(offline), options)  # as sync or check would
    result = offline.mtpbot("render", "--page", offline.metrics_title)
    assert result.exit_code == 0, result.output
    assert "4.6% YoY<br />90K/mo" in result.stdout  # Q3 FY2019-20 from the kept copy
    assert len(server.requests) == 1  # render itself asked nothing


def test_a_feed_option_naming_no_feed_is_refused(offline: Workspace) -> None:
    result = offline.mtpbot("validate", "--feed", "movement-metric=x.tsv")
    assert result.exit_code == 2
    assert "--feed names no feed" in result.stderr and "movement-metrics" in result.stderr


def test_check_names_each_feed_with_the_series_it_holds_and_only_those() -> None:
    from bot.check.feeds import feed_checks
    from bot.source.feeds import parse_feed
    from bot.source.reconcile import FeedRead, FeedReport, Hold

    table = parse_feed("month\tx\n2019-07-01\t1\n", "a.tsv", "tsv", "month")
    feeds = {"a": FeedRead("a", "a.tsv", table, "2020-01-01"), "b": FeedRead("b", "b.tsv", error="b is down")}
    report = FeedReport(
        held={("p", "m1"): Hold("a", "the feed a: a.tsv:2: bad cell"), ("p", "m2"): Hold("b", "b is down")}
    )

    found = {check.message.split(":")[0]: check for check in feed_checks(feeds, report)}

    assert not found["feed a 2020-01-01"].ok and "a.tsv:2: bad cell" in found["feed a 2020-01-01"].message
    assert "b is down" not in found["feed a 2020-01-01"].message
    assert not found["feed b"].ok and "b is down" in found["feed b"].message

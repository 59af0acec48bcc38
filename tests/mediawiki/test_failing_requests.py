"""A wiki that cannot be reached fails at once, naming its api.php; failed requests are retried aloud (`-v`)
and within the run's retry budget. The faults come from a proxy in front of the session's wiki.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.errors import ExitStatus
from devwiki import DevWiki, free_port
from tests.support.proxy import Fault, WikiProxy, at, matching
from tests.support.workspace import Workspace, make_workspace

GENERATED_FAMILY = re.compile(r"mtpbot[0-9a-f]{10}")  # pywikibot's name for a --site-url wiki: never shown
COMMANDS = {
    "sync": ("sync",),
    "sync --dry-run": ("sync", "--dry-run"),
    "preview": ("preview", "--out", "preview"),
}


@pytest.fixture
def proxy(devwiki: DevWiki) -> Iterator[WikiProxy]:
    with WikiProxy(devwiki.url) as running:
        yield running


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize("address", ["refused", "unknown host"])
def test_an_unreachable_wiki_fails_at_once_naming_its_address(command: str, address: str, tmp_path: Path) -> None:
    url = f"http://127.0.0.1:{free_port()}/api.php" if address == "refused" else "http://nonexistent.invalid/api.php"
    workspace = make_workspace(tmp_path, None, url, logs_in=False)
    workspace.extra_env.update(MTPBOT_USERNAME="MtpBot@mtpbot", MTPBOT_PASSWORD="0123456789abcdef0123456789abcdef")
    args = (*COMMANDS[command], "--site-url", url, "--allow-insecure")

    started = time.monotonic()
    done = workspace.mtpbot_process(*args, timeout=60)
    seconds = time.monotonic() - started

    assert done.returncode == ExitStatus.WIKI_UNAVAILABLE, done.stderr
    assert seconds < 20  # measured: about 1 s, most of it starting Python and pywikibot
    error = done.stderr.splitlines()[-2]
    assert error.startswith(f"error: Could not reach the wiki at {url}: "), done.stderr
    what = "was refused: nothing listens there" if address == "refused" else "looking up the host name nonexistent"
    assert what in error and "tried once, not retried" in error
    assert done.stderr.splitlines()[-1].startswith("hint: Check the address")
    assert not GENERATED_FAMILY.search(done.stderr)


def _through(proxy: WikiProxy, devwiki: DevWiki, tmp_path: Path, **settings: object) -> Workspace:
    workspace = make_workspace(tmp_path, devwiki, proxy.api_url, label="Failing requests")
    workspace.configure(**settings)
    return workspace


@pytest.mark.wiki
def test_with_v_each_retry_is_shown_as_it_is_waited_for(proxy: WikiProxy, devwiki: DevWiki, tmp_path: Path) -> None:
    workspace = _through(proxy, devwiki, tmp_path, max_retries=5, retry_wait=0.2)
    proxy.faults = at([1, 2, 3], Fault.http(503))

    result = workspace.sync("--dry-run", "-v")

    assert result.exit_code == ExitStatus.OK, result.output
    retries = [line for line in result.stderr.splitlines() if line.startswith("retrying")]
    assert len(retries) == 3, result.stderr
    for line, (n, wait) in zip(retries, [(1, 0.2), (2, 0.4), (3, 0.8)], strict=False):
        page = '"<html><body><h1>503 Service Unavailable</h1></body></html>"'  # what the server answered
        cause = f"HTTP 503 (Service Unavailable): text/html {page} from {proxy.api_url}"
        assert re.fullmatch(rf"retrying {n}/5 in {wait} s: {re.escape(cause)}; [\d.]+ s of retry budget left", line)
    assert proxy.injected == {"HTTP 503": 3}

    proxy.faults = at([1], Fault.http(503))
    quiet = workspace.sync("--dry-run")
    assert quiet.exit_code == ExitStatus.OK, quiet.output
    assert "retrying" not in quiet.stderr  # without -v the retries are not shown


@pytest.mark.wiki
def test_the_retry_budget_stops_a_run_that_keeps_failing(
    proxy: WikiProxy, devwiki: DevWiki, run_page_on: str, tmp_path: Path
) -> None:
    """Every save gets HTTP 503: the first page saved waits 0.5 + 1 s, then the next 2 s would overrun the budget
    of 2.5 s; the other page is then not retried at all. Without the budget each save would be retried 10 times."""
    workspace = _through(proxy, devwiki, tmp_path, max_retries=10, retry_wait=0.5, retry_budget=2.5)
    proxy.faults = matching(lambda seen: seen.is_save, Fault.http(503))

    started = time.monotonic()
    code, report = workspace.sync_json()
    seconds = time.monotonic() - started

    assert code == ExitStatus.PAGE_FAILURES, report
    assert seconds < 20  # measured: about 2 s
    pages = {page["title"]: page for page in report["pages"]}
    first, second = (pages[title] for title in workspace.titles)
    for page in (first, second):
        assert page["action"] == "failed", page
        assert page["message"].startswith(f"Could not save {page['title']} on {proxy.api_url}: HTTP 503 (Service")
        assert "the run's retry budget of 2.5 s (retry_budget) is spent" in page["message"]
    saved = [seen.title for seen in proxy.saves()]
    assert len(saved) == 4 and saved[0] == saved[1] == saved[2] != saved[3], saved  # the first page's save
    # and its 2 retries; the second page's save once: the run stopped waiting


@pytest.mark.wiki
def test_database_lag_is_retried_aloud_and_reported_with_the_wikis_address(
    proxy: WikiProxy, devwiki: DevWiki, tmp_path: Path
) -> None:
    workspace = _through(proxy, devwiki, tmp_path, max_retries=1, retry_wait=1)
    proxy.faults = matching(lambda seen: "revisions" in seen.params.get("prop", ""), Fault.maxlag())

    result = workspace.sync("--dry-run", "-v")

    assert result.exit_code == ExitStatus.WIKI_UNAVAILABLE, result.output
    assert f"retrying 1/1 in 1 s: database lag of 1 s (maxlag) from {proxy.api_url}" in result.stderr
    assert f"error: Could not read pages from {proxy.api_url}: " in result.stderr
    assert "maxlag" in result.stderr.split("error: ")[1]
    assert not GENERATED_FAMILY.search(result.stderr)


@pytest.mark.wiki
def test_an_address_that_is_no_api_is_named_with_what_it_answered(
    proxy: WikiProxy, devwiki: DevWiki, tmp_path: Path
) -> None:
    workspace = _through(proxy, devwiki, tmp_path)
    proxy.faults = matching(lambda seen: True, Fault.http(404))

    result = workspace.sync("--dry-run")

    assert result.exit_code == ExitStatus.BAD_INPUT, result.output
    answered = "a page that is not JSON (HTTP 404, text/html)"
    assert f"error: {proxy.api_url} is not a MediaWiki API: it answered {answered}" in result.stderr
    assert "hint: Check --site-url" in result.stderr

"""Transient answers under --site-url: a 429 with Retry-After, a 5xx, an HTML error page with HTTP 200 and JSON
cut short are retried with backoff (Retry-After honoured, within the retry budget and the longest wait), on the
very first request as on a save; -v shows each retry with what the server answered; a fault that never goes
away ends within the budget with the URL and the answer; a save whose answer was lost and not retried is
verified against the page history before it is reported.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from bot.errors import ExitStatus
from devwiki import DevWiki, HumanClient
from tests.support.history import history, latest, sha1, texts, users
from tests.support.proxy import Fault, FaultPlan, Seen, WikiProxy, at, matching
from tests.support.workspace import Workspace, make_workspace

pytestmark = pytest.mark.wiki

#: Each fault, and the start of what `-v` says the server answered (a regular expression).
FAULTS: dict[str, tuple[Fault, str]] = {
    "HTTP 429 with Retry-After": (
        Fault.http(429, retry_after=2),
        re.escape('HTTP 429 (Too Many Requests, Retry-After: 2 s): text/html "<html><body><h1>429 Too Many'),
    ),
    "HTTP 503": (
        Fault.http(503),
        re.escape('HTTP 503 (Service Unavailable): text/html "<html><body><h1>503 Service Unavailable'),
    ),
    "HTML error page (HTTP 200)": (
        Fault.html_page(),
        re.escape('a page that is not JSON (HTTP 200, text/html): "<!DOCTYPE html> <html><head><title>Wikimedia'),
    ),
    "truncated JSON": (
        Fault.truncated(),
        r'a JSON answer cut short or malformed \(HTTP 200, application/json, \d+ bytes\): "\{',
    ),
}
#: Where the fault hits, and the pauses before the retries (retry_wait 0.2 s, doubling; Retry-After: 2 s if longer).
#: The first request (the user info pywikibot asks for while it creates the Site) and its retry: until now
#: pywikibot hid a failure of the first (the Site was made anyway) and took one of the second for a wrong
#: address ("Invalid AutoFamily"), or slept through its Retry-After in silence.
WHERE: dict[str, tuple[Callable[[Fault], FaultPlan], list[float], list[float]]] = {
    "the first request, twice": (lambda fault: at([1, 2], fault), [0.2, 0.4], [2, 2]),
    "a save": (lambda fault: matching(lambda seen: seen.is_save, fault, times=1), [0.2], [2]),
}


def _workspace(tmp_path: Path, devwiki: DevWiki, proxy: WikiProxy, **settings: Any) -> Workspace:
    workspace = make_workspace(tmp_path / "work", devwiki, proxy.api_url, label="Transient")
    workspace.configure(**settings)
    return workspace


def _sync(workspace: Workspace, *args: str) -> tuple[int, dict[str, Any], str]:
    """`sync --json ARGS`: the exit code, the report and what went to stderr."""
    result = workspace.sync("--json", *args)
    try:
        report: dict[str, Any] = json.loads(result.stdout)
    except ValueError as error:
        raise AssertionError(f"no JSON report (exit {result.exit_code}):\n{result.output}") from error
    return result.exit_code, report, result.stderr


def _created_once(workspace: Workspace, human: HumanClient, report: dict[str, Any]) -> None:
    """Every page created as rendered, by one save each, and reported with the revision the wiki made."""
    titles = workspace.titles
    assert [page["action"] for page in report["pages"]] == ["created"] * len(titles), report
    rendered = workspace.rendered()
    assert texts(human, titles) == rendered
    newest = {title: revision["revid"] for title, revision in latest(human, titles).items() if revision}
    assert [page["revid"] for page in report["pages"]] == [newest[title] for title in titles], report
    for title in titles:
        revisions = history(human, title)
        assert users(revisions) == ["MtpBot"], title
        assert revisions[-1]["sha1"] == sha1(rendered[title]), title


@pytest.mark.parametrize("where", WHERE)
@pytest.mark.parametrize("fault", FAULTS)
def test_a_transient_answer_is_retried_aloud_and_the_run_converges(
    fault: str, where: str, tmp_path: Path, devwiki: DevWiki, proxy: WikiProxy, human: HumanClient
) -> None:
    workspace = _workspace(tmp_path, devwiki, proxy, max_retries=5, retry_wait=0.2)
    injected, answered = FAULTS[fault]
    plan, waits, waits_asked = WHERE[where]
    proxy.faults = plan(injected)

    code, report, stderr = _sync(workspace, "-v")

    assert code == ExitStatus.OK, stderr
    _created_once(workspace, human, report)
    retries = [line for line in stderr.splitlines() if line.startswith("retrying")]
    assert len(retries) == len(waits), stderr
    for attempt, (line, wait) in enumerate(zip(retries, waits_asked if "429" in fault else waits, strict=True), 1):
        shape = rf"retrying {attempt}/5 in {wait} s: {answered}.* from {re.escape(proxy.api_url)}; [\d.]+ s of "
        assert re.fullmatch(shape + "retry budget left", line), line
    assert "AutoFamily" not in stderr
    assert proxy.injected == {fault: len(waits)}

    proxy.clear()
    code, report, stderr = _sync(workspace)
    assert (code, {page["action"] for page in report["pages"]}) == (ExitStatus.OK, {"unchanged"}), stderr


@pytest.mark.parametrize("fault", FAULTS)
def test_a_fault_that_never_goes_away_ends_within_the_budget_naming_the_url_and_the_answer(
    fault: str, tmp_path: Path, devwiki: DevWiki, proxy: WikiProxy
) -> None:
    """Every request fails: 1 s, then 2 s of waiting (2 s, then 2 s under Retry-After: 2); the next wait
    would overrun the budget of 4 s. Without the budget, 10 retries would take over 17 minutes."""
    workspace = _workspace(tmp_path, devwiki, proxy, max_retries=10, retry_wait=1, retry_budget=4)
    injected, answered = FAULTS[fault]
    proxy.faults = matching(lambda seen: True, injected)

    started = time.monotonic()
    result = workspace.sync("--dry-run")
    seconds = time.monotonic() - started

    assert result.exit_code == ExitStatus.WIKI_UNAVAILABLE, result.output
    assert seconds < 20  # measured: about 4 s
    error, hint = result.stderr.splitlines()[-2:]
    assert re.match(rf"error: Could not reach the wiki at {re.escape(proxy.api_url)}: {answered}", error), error
    assert "gave up waiting: the run's retry budget of 4 s (retry_budget) is spent" in error
    assert hint.startswith("hint: The wiki is failing or overloaded: run again later")
    assert "AutoFamily" not in result.stderr
    assert 2 <= proxy.injected[fault] <= 3


def test_a_retry_after_longer_than_the_longest_wait_ends_the_run_at_once(
    tmp_path: Path, devwiki: DevWiki, proxy: WikiProxy
) -> None:
    """A rate limiter asks for an hour: the bot does not retry before that, nor wait that long."""
    workspace = _workspace(tmp_path, devwiki, proxy, max_retries=5, retry_wait=0.2)
    proxy.faults = matching(lambda seen: True, Fault.http(429, retry_after=3600))

    started = time.monotonic()
    result = workspace.sync("--dry-run")

    assert result.exit_code == ExitStatus.WIKI_UNAVAILABLE, result.output
    assert time.monotonic() - started < 20  # measured: about 1 s
    error = result.stderr.splitlines()[-2]
    assert error.startswith(f"error: Could not reach the wiki at {proxy.api_url}: HTTP 429 (Too Many Requests, ")
    assert "not retried: the wiki asks to wait 3600 s (Retry-After), longer than the longest wait of 120 s" in error
    assert proxy.injected == {"HTTP 429 with Retry-After": 1}


def _every_save(fault: Fault) -> FaultPlan:
    """Every save gets `fault` (the wiki saves it; its answer is lost or cut short)."""
    return matching(lambda seen: seen.is_save, fault)


@pytest.mark.parametrize("fault", [Fault.lost_answer(), Fault.truncated()], ids=["dropped", "truncated JSON"])
def test_a_save_whose_answer_was_lost_and_not_retried_is_verified_before_it_is_reported(
    fault: Fault, tmp_path: Path, devwiki: DevWiki, proxy: WikiProxy, human: HumanClient
) -> None:
    """max_retries: 0 — nothing is sent twice. Each save landed, and the page history shows it: the page is
    reported created (with its revision), not failed."""
    workspace = _workspace(tmp_path, devwiki, proxy, max_retries=0, retry_wait=1)
    proxy.faults = _every_save(fault)

    code, report, stderr = _sync(workspace)

    assert code == ExitStatus.OK, stderr
    _created_once(workspace, human, report)
    assert len(proxy.saves()) == len(workspace.titles)  # each save sent once
    assert proxy.injected == {fault.label: len(workspace.titles)}


def test_the_new_faults_are_what_the_proxy_says(devwiki: DevWiki) -> None:
    """429 carries Retry-After; the HTML page is a 200; truncated JSON is half the wiki's answer, whole
    as HTTP (its Content-Length matches) and not JSON."""
    import requests

    params = {"action": "query", "meta": "siteinfo", "siprop": "namespaces", "format": "json"}
    whole = requests.get(devwiki.api_url, params=params, timeout=10).content
    plans: list[tuple[Fault, Callable[[Seen], bool]]] = [
        (Fault.http(429, retry_after=7), lambda seen: True),
        (Fault.html_page(), lambda seen: True),
        (Fault.truncated(), lambda seen: True),
    ]
    with WikiProxy(devwiki.url) as proxy:
        answers = []
        for fault, when in plans:
            proxy.faults = matching(when, fault, times=1)
            answers.append(requests.get(proxy.api_url, params=params, timeout=10))
        assert requests.get(proxy.api_url, params=params, timeout=10).json()["query"]["namespaces"]
        assert proxy.injected == {"HTTP 429 with Retry-After": 1, "HTML error page (HTTP 200)": 1, "truncated JSON": 1}
    limited, page, cut = answers
    assert (limited.status_code, limited.headers["Retry-After"]) == (429, "7")
    assert (page.status_code, page.headers["Content-Type"].split(";")[0]) == (200, "text/html")
    assert cut.status_code == 200 and cut.headers["Content-Type"].startswith("application/json")
    assert cut.content == whole[: len(whole) // 2]
    with pytest.raises(ValueError):
        cut.json()

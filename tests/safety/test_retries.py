"""Requests that fail on the way (5xx answers, dropped connections, lost answers) are retried, and a full
sync still converges: every page correct, every save made exactly once, the next run changes nothing.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Callable
from pathlib import Path

import pytest

from bot.errors import ExitStatus
from devwiki import DevWiki, HumanClient
from tests.support.history import history, latest, sha1, texts, users
from tests.support.proxy import Fault, FaultPlan, Seen, WikiProxy, every, seeded
from tests.support.workspace import ONE_TABLE, PageSpec, Workspace, make_workspace, templates_with_one_table, unique

pytestmark = pytest.mark.wiki

FAILURES = (Fault.http(502), Fault.http(503), Fault.drop())
PLANS: dict[str, Callable[[], FaultPlan]] = {
    "every fifth request": lambda: every(5, FAILURES, first=1),
    "a seeded random fifth of the requests": lambda: seeded(0.2, 4, FAILURES),
}


LIGHT_PAGES = 6  # pages with the metrics table only, published along with the two shipped pages


def _actions(report: dict[str, list[dict[str, str]]]) -> list[str]:
    return [page["action"] for page in report["pages"]]


def _workspace(tmp_path: Path, devwiki: DevWiki, proxy: WikiProxy, light_pages: int = LIGHT_PAGES) -> Workspace:
    """The shipped pages (a metrics page and the status template) and some light metrics pages."""
    status = unique("MTP status Retries")
    base = unique("Retries")
    pages = [
        PageSpec(f"{base}/Metrics"),
        PageSpec.status(f"Template:{status}"),
        *(PageSpec(f"{base}/Table {i}", ONE_TABLE) for i in range(light_pages)),
    ]
    templates = templates_with_one_table(tmp_path)
    return make_workspace(tmp_path / "work", devwiki, proxy.api_url, pages, label="Retries", templates=templates)


def _full_sync(workspace: Workspace, human: HumanClient) -> None:
    """Create every page, change a figure and edit every page that shows it, then run once more: nothing
    left to do. Every page is as rendered, and was saved exactly once per change."""
    titles = workspace.titles
    template = titles[1]
    shows_figure = [title for title in titles if title != template]

    code, report = workspace.sync_json()
    assert (code, set(_actions(report))) == (ExitStatus.OK, {"created"}), report
    assert texts(human, titles) == workspace.rendered()

    workspace.set_monthly_active_editors(84000)
    code, report = workspace.sync_json()
    assert code == ExitStatus.OK, report
    assert _actions(report) == ["unchanged" if title == template else "edited" for title in titles], report
    rendered = workspace.rendered()
    assert texts(human, titles) == rendered
    newest = {title: revision["revid"] for title, revision in latest(human, titles).items() if revision}
    assert [page["revid"] for page in report["pages"]] == [newest[title] for title in titles]

    code, report = workspace.sync_json()
    assert (code, set(_actions(report))) == (ExitStatus.OK, {"unchanged"}), report

    # Each save once: no save repeated after a failure shows up as a second revision.
    for title in titles:
        revisions = history(human, title)
        assert users(revisions) == (["MtpBot", "MtpBot"] if title in shows_figure else ["MtpBot"]), title
        assert revisions[-1]["sha1"] == sha1(rendered[title]), title


@pytest.mark.parametrize("plan", PLANS)
def test_a_sync_converges_when_a_fifth_of_the_requests_fail(
    plan: str,
    tmp_path: Path,
    devwiki: DevWiki,
    proxy: WikiProxy,
    human: HumanClient,
) -> None:
    workspace = _workspace(tmp_path, devwiki, proxy)
    workspace.configure(max_retries=5, retry_wait=0.2)
    proxy.faults = PLANS[plan]()

    _full_sync(workspace, human)

    injected = proxy.injected
    assert set(injected) == {"HTTP 502", "HTTP 503", "dropped connection"}, injected
    assert sum(injected.values()) >= len(proxy.seen) // 6  # about one request in five failed


def _first_attempt_loses_its_answer() -> FaultPlan:
    """Each save reaches the wiki, but the answer to its first attempt never comes back."""
    attempted: set[str] = set()
    lock = threading.Lock()

    def plan(seen: Seen) -> Fault | None:
        if not seen.is_save:
            return None
        key = hashlib.sha256(seen.body).hexdigest()
        with lock:
            if key in attempted:
                return None
            attempted.add(key)
        return Fault.lost_answer()

    return plan


def test_a_save_whose_answer_was_lost_is_made_once_and_reported_as_made(
    tmp_path: Path,
    devwiki: DevWiki,
    proxy: WikiProxy,
    human: HumanClient,
) -> None:
    """The connection breaks after the wiki saved the page: pywikibot sends the save again, and the wiki
    finds it already done. The bot must neither save twice nor report a page it did save as failed."""
    workspace = _workspace(tmp_path, devwiki, proxy, light_pages=0)
    workspace.configure(max_retries=3, retry_wait=0.2)
    proxy.faults = _first_attempt_loses_its_answer()

    _full_sync(workspace, human)

    assert proxy.injected == {"lost answer": 3}  # two creations and one edit
    assert len(proxy.saves()) == 6  # each sent twice

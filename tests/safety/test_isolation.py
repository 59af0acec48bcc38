"""One page's fault never stops the others (issue 12, items 1 and 12).

Three pages are published, then one figure changes so that each of them would be edited; the next run
meets a fault on the middle page only, at one stage of its handling:

- read: the wiki cannot give the latest revision's text — `textmissing`, made on the real wiki by pointing
  the revision's content at a text row that does not exist (what a lost blob looks like), or `texthidden`
  and an answer without the page's revision, which the proxy writes into the wiki's own answer (MediaWiki
  1.39 cannot hide the current revision's content, so no administrator can make the real one);
- save: the proxy answers that page's save with a document the bot cannot make sense of.

Whatever the stage, that page is reported failed with a reason and a message naming it, the other two are
published, the report (the `done:` line, the --json document) is complete, and the run exits 1. The
"plan" stage has no fault a wiki can cause; tests/sync/test_isolation.py injects it, with each other
stage, into a stand-in wiki.
"""

from __future__ import annotations

import http.client
import json
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import closing
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from bot.errors import ExitStatus
from devwiki import DevWiki, HumanClient
from tests.safety.conftest import FaultRecorder
from tests.support.history import history
from tests.support.proxy import Fault, FaultPlan, Seen, WikiProxy, matching
from tests.support.workspace import ONE_TABLE, PageSpec, Workspace, make_workspace, templates_with_one_table, unique

pytestmark = pytest.mark.wiki

UNREADABLE = "that page failed (`unreadable`, naming what the wiki said); the others published, the report complete"


@pytest.fixture
def own_proxy(devwiki: DevWiki, run_page_on: str) -> Iterator[WikiProxy]:
    """A proxy of this module's own (the safety fixture counts only the faults it knows by name)."""
    with WikiProxy(devwiki.url) as running:
        yield running


def _published(tmp_path: Path, devwiki: DevWiki, site: str) -> Workspace:
    """Three one-table pages published; then one figure changed, so that a run would edit all three."""
    pages = [PageSpec(f"{unique('Isolation')}/{name}", ONE_TABLE) for name in ("One", "Two", "Three")]
    templates = templates_with_one_table(tmp_path)
    workspace = make_workspace(tmp_path, devwiki, site, pages, label="Isolation", templates=templates)
    code, report = workspace.sync_json()
    assert code == ExitStatus.OK, report
    workspace.set_monthly_active_editors(84000)
    return workspace


def _assert_isolated(workspace: Workspace, reason: str, *words: str, dry_run: bool = False) -> None:
    """The middle page failed for `reason` (its message names it, and `words`); the others were published
    (or would be, in a dry run); both reports are complete and the run exits 1."""
    one, two, three = workspace.titles
    extra = ("--dry-run",) if dry_run else ()
    code, report = workspace.sync_json(*extra)
    assert code == ExitStatus.PAGE_FAILURES, report
    assert report["error"] is None and report["exit_code"] == ExitStatus.PAGE_FAILURES
    pages = {page["title"]: page for page in report["pages"]}
    assert list(pages) == [one, two, three]
    failed = pages.pop(two)
    assert (failed["action"], failed["reason"]) == ("failed", reason), failed
    for word in (two, *words):
        assert word in failed["message"], failed["message"]
    published = "would-edit" if dry_run else "edited"
    assert all(page["action"] == published for page in pages.values()), pages
    if not dry_run:
        return
    text = workspace.sync(*extra)  # the human report of the same run: a line per page and the done: line
    assert text.exit_code == ExitStatus.PAGE_FAILURES, text.output
    assert f"failed: {two} [{reason}]" in text.stderr
    assert "done: 2 would-edit, 1 failed (exit 1)" in text.stderr


# ---- read -------------------------------------------------------------------------------------------------


def _lose_latest_text(wiki: DevWiki, title: str) -> None:
    """The latest revision's content points at a text row that does not exist: the API answers
    `textmissing` for it (as for a blob the storage lost)."""
    with closing(sqlite3.connect(wiki.directory / "data" / "devwiki.sqlite")) as db, db:
        (latest,) = db.execute(
            "SELECT page_latest FROM page WHERE page_namespace = 0 AND page_title = ?", (title.replace(" ", "_"),)
        ).fetchone()
        changed = db.execute(
            "UPDATE content SET content_address = 'tt:999999999' WHERE content_id = "
            "(SELECT slot_content_id FROM slots WHERE slot_revision_id = ?)",
            (latest,),
        ).rowcount
    assert changed == 1


def test_a_page_whose_text_is_missing_fails_alone(
    tmp_path: Path, devwiki: DevWiki, run_page_on: str, human: HumanClient, faults: FaultRecorder
) -> None:
    workspace = _published(tmp_path, devwiki, devwiki.api_url)
    target = workspace.titles[1]
    _lose_latest_text(devwiki, target)
    before = history(human, target)
    faults.add("unreadable page (the API answers `textmissing`)", 2, outcome=UNREADABLE)

    _assert_isolated(workspace, "unreadable", "textmissing", dry_run=True)
    _assert_isolated(workspace, "unreadable", "textmissing")

    assert history(human, target) == before


def _rewriting(upstream: str, title: str, change: Callable[[dict[str, Any]], None]) -> FaultPlan:
    """Each batched read that asks for `title` is forwarded to the wiki, and its answer relayed with the
    page `title` changed by `change` (the rest of the answer as the wiki gave it)."""
    parts = urlsplit(upstream)

    def plan(seen: Seen) -> Fault | None:
        if seen.action != "query" or title not in seen.params.get("titles", "").split("|"):
            return None
        connection = http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=60)
        try:
            headers = {k: v for k, v in seen.headers.items() if k.lower() not in ("host", "accept-encoding")}
            connection.request(seen.method, seen.path, body=seen.body or None, headers=headers)
            answer = json.loads(connection.getresponse().read())
        finally:
            connection.close()
        for page in answer["query"]["pages"]:
            if page["title"] == title:
                change(page)
        body = json.dumps(answer).encode()
        return Fault("api-error", 200, body, (("Content-Type", "application/json; charset=utf-8"),))

    return plan


def _hide_text(page: dict[str, Any]) -> None:
    """What MediaWiki answers when the latest revision's content was hidden by revision deletion."""
    page["revisions"][0]["slots"]["main"] = {"texthidden": True}


def _drop_revisions(page: dict[str, Any]) -> None:
    """An answer that names the page but leaves out its revision."""
    del page["revisions"]


@pytest.mark.parametrize(
    ("change", "fault", "words"),
    [
        (_hide_text, "unreadable page (revision text hidden, `texthidden`)", ("hidden",)),
        (_drop_revisions, "unreadable page (an answer without its revision)", ("no revision",)),
    ],
    ids=["texthidden", "no-revision"],
)
def test_a_page_the_wiki_will_not_show_fails_alone(
    tmp_path: Path,
    devwiki: DevWiki,
    own_proxy: WikiProxy,
    human: HumanClient,
    faults: FaultRecorder,
    change: Callable[[dict[str, Any]], None],
    fault: str,
    words: tuple[str, ...],
) -> None:
    workspace = _published(tmp_path, devwiki, own_proxy.api_url)
    target = workspace.titles[1]
    before = history(human, target)
    own_proxy.faults = _rewriting(devwiki.url, target, change)
    faults.add(fault, 2, outcome=UNREADABLE)

    _assert_isolated(workspace, "unreadable", *words, dry_run=True)
    _assert_isolated(workspace, "unreadable", *words)

    assert history(human, target) == before
    assert own_proxy.injected["api-error"] >= 3  # each run's batched read, and the text report's


# ---- save -------------------------------------------------------------------------------------------------


def test_a_save_answered_with_nonsense_fails_alone(
    tmp_path: Path, devwiki: DevWiki, own_proxy: WikiProxy, human: HumanClient, faults: FaultRecorder
) -> None:
    workspace = _published(tmp_path, devwiki, own_proxy.api_url)
    target = workspace.titles[1]
    before = history(human, target)
    nonsense = json.dumps({"edit": {"result": "Success", "title": target, "newrevid": "soon"}}).encode()
    answer = Fault("api-error", 200, nonsense, (("Content-Type", "application/json; charset=utf-8"),))
    own_proxy.faults = matching(lambda seen: seen.saves(target), answer)
    faults.add(
        "a save answered with a document the bot cannot read",
        outcome="that page failed (`unexpected-error`, naming the error); the others published, the report complete",
    )

    _assert_isolated(workspace, "unexpected-error", "ValueError", "soon")

    assert history(human, target) == before  # the wiki never saw that save

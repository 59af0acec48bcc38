"""A page an administrator deleted, moved away or turned into a redirect does not come back by itself.

The bot publishes its two pages (a metrics page and the status template page), then an administrator (or a
human) acts on the metrics page straight on the wiki, and the bot runs again through a proxy that sees its
requests. A missing page is created only if the wiki's logs show it never existed: one `list=logevents`
request per page about to be created, none when no page is missing.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from bot.errors import ExitStatus
from devwiki import DevWiki, HumanClient
from devwiki.client import ParamValue
from tests.safety.conftest import FaultRecorder
from tests.support.proxy import Fault, Seen, WikiProxy, matching
from tests.support.workspace import Workspace, make_workspace, unique

pytestmark = pytest.mark.wiki

WHEN = r"on \d{4}-\d\d-\d\d \d\d:\d\d UTC"
LOGS_UNREADABLE = "deletion and move logs unreadable"


@pytest.fixture(scope="module")
def logs_proxy(devwiki: DevWiki) -> Iterator[WikiProxy]:
    """A proxy in front of the session's wiki (one bot login for the module), to count the log requests."""
    with WikiProxy(devwiki.url) as proxy:
        yield proxy


@pytest.fixture
def workspace(tmp_path: Path, devwiki: DevWiki, run_page_on: str, logs_proxy: WikiProxy) -> Iterator[Workspace]:
    yield make_workspace(tmp_path, devwiki, logs_proxy.api_url, label="Gone")
    logs_proxy.clear()
    logs_proxy.raise_hook_errors()


def _log_reads(proxy: WikiProxy, since: int) -> list[str]:
    """The titles whose logs the bot read after the `since`-th request."""
    return [seen.params.get("letitle", "") for seen in proxy.seen[since:] if _is_log_read(seen)]


def _is_log_read(seen: Seen) -> bool:
    return seen.params.get("list") == "logevents"


def _published(workspace: Workspace) -> None:
    code, report = workspace.sync_json()
    assert code == ExitStatus.OK, report
    assert [page["action"] for page in report["pages"]] == ["created", "created"]


def _page(report: dict[str, Any], title: str) -> dict[str, Any]:
    page: dict[str, Any] = next(p for p in report["pages"] if p["title"] == title)
    return page


def _refused(workspace: Workspace, reason: str, *args: str) -> str:
    """Run the bot: the metrics page is refused for `reason`, the other page left unchanged. Its message."""
    code, report = workspace.sync_json(*args)
    assert code == ExitStatus.PAGE_FAILURES, report
    page = _page(report, workspace.metrics_title)
    assert (page["action"], page["reason"]) == ("refused", reason), page
    assert _page(report, workspace.template_title)["action"] == "unchanged"
    message: str = page["message"]
    return message


def _check_problem(workspace: Workspace) -> str:
    """What `mtpbot check` says of the metrics page, a problem."""
    result = workspace.mtpbot("check", "--site-url", workspace.site_url, "--json")
    checks = json.loads(result.stdout)["checks"]
    check = next(c for c in checks if c["name"] == "page" and c["title"] == workspace.metrics_title)
    assert not check["ok"] and result.exit_code == ExitStatus.PAGE_FAILURES, result.output
    message: str = check["message"]
    return message


def test_a_page_an_admin_deleted_is_refused_with_who_when_and_why_until_forced(
    workspace: Workspace, logs_proxy: WikiProxy, admin: HumanClient, faults: FaultRecorder
) -> None:
    _published(workspace)
    title = workspace.metrics_title
    admin.post(action="delete", title=title, reason="Out of scope for this wiki", token=admin.csrf_token())
    faults.add(
        "page deleted by an administrator",
        outcome="refused (`deleted`, who/when/why); only `--force --page TITLE` re-creates",
    )

    mark = logs_proxy.mark()
    message = _refused(workspace, "deleted")
    assert _log_reads(logs_proxy, mark) == [title]  # one request, for the one missing page
    assert re.search(rf"was deleted by {workspace.wiki.admin.user_name} {WHEN}", message), message
    assert 'reason: "Out of scope for this wiki"' in message and "--force" in message
    assert admin.page_text(title) is None
    assert _refused(workspace, "deleted", "--dry-run") == message
    assert _check_problem(workspace) == message  # `mtpbot check` says the same
    # A plain --force, as for a hand edit elsewhere, leaves it deleted: only a page named with --page comes back.
    assert _refused(workspace, "deleted", "--force") == message

    code, report = workspace.sync_json("--force", "--page", title)
    assert (code, _page(report, title)["action"]) == (ExitStatus.OK, "created"), report
    assert _page(report, title)["summary"].startswith(
        f"Bot: MTP metrics: re-created after its deletion by {workspace.wiki.admin.user_name} on "
    )
    assert admin.latest_revision(title)["user"] == workspace.wiki.bot.user_name


def test_a_page_moved_without_a_redirect_is_refused_naming_where_it_went(
    workspace: Workspace, logs_proxy: WikiProxy, admin: HumanClient, faults: FaultRecorder
) -> None:
    _published(workspace)
    title, new_title = workspace.metrics_title, unique("Renamed metrics")
    moved: dict[str, ParamValue] = {"from": title, "to": new_title, "reason": "A better name", "noredirect": True}
    admin.post(action="move", token=admin.csrf_token(), **moved)
    moved_text = admin.page_text(new_title)
    faults.add("page moved without a redirect", outcome="refused (`moved`), naming the new title, who/when/why")

    mark = logs_proxy.mark()
    message = _refused(workspace, "moved")
    assert _log_reads(logs_proxy, mark) == [title]
    assert f'was moved to "{new_title}" by {workspace.wiki.admin.user_name} ' in message, message
    assert re.search(WHEN, message) and 'reason: "A better name"' in message
    assert admin.page_text(title) is None  # nothing re-created under the old title
    assert admin.page_text(new_title) == moved_text


@pytest.mark.parametrize("how", ["edited into a redirect", "moved leaving a redirect"])
def test_a_page_turned_into_a_redirect_is_refused_as_a_redirect(
    workspace: Workspace,
    logs_proxy: WikiProxy,
    admin: HumanClient,
    human: HumanClient,
    faults: FaultRecorder,
    how: str,
) -> None:
    _published(workspace)
    title, target = workspace.metrics_title, unique("Elsewhere")
    if how == "edited into a redirect":
        human.edit(title, f"#REDIRECT [[{target}]]\n\n[[Category:Redirects]]", "turn into a redirect")
    else:
        admin.post(action="move", token=admin.csrf_token(), **{"from": title, "to": target, "reason": "moved"})
    redirect = admin.page_text(title)
    faults.add(f"page {how}", outcome="refused (`redirect`), naming the target; never written into")

    mark = logs_proxy.mark()
    message = _refused(workspace, "redirect")
    assert _log_reads(logs_proxy, mark) == []  # the page exists: no log request
    assert f'is a redirect to "{target}"' in message, message
    assert _refused(workspace, "redirect", "--force") == message  # no --force writes into a redirect
    assert _check_problem(workspace) == message
    assert admin.page_text(title) == redirect


def test_a_page_that_never_existed_is_created_and_an_unchanged_run_reads_no_log(
    workspace: Workspace, logs_proxy: WikiProxy, admin: HumanClient
) -> None:
    mark = logs_proxy.mark()
    _published(workspace)
    assert sorted(_log_reads(logs_proxy, mark)) == sorted(workspace.titles)  # one request per missing page

    mark = logs_proxy.mark()
    code, report = workspace.sync_json()
    assert (code, [page["action"] for page in report["pages"]]) == (ExitStatus.OK, ["unchanged", "unchanged"])
    assert _log_reads(logs_proxy, mark) == []
    assert admin.page_text(workspace.metrics_title) is not None


def test_a_missing_page_whose_logs_cannot_be_read_is_not_created(
    workspace: Workspace, logs_proxy: WikiProxy, admin: HumanClient, faults: FaultRecorder
) -> None:
    unreadable = Fault.api_error("readapidenied", "You need read permission to use this module.")
    logs_proxy.faults = matching(
        lambda seen: _is_log_read(seen) and seen.params.get("letitle") == workspace.metrics_title,
        replace(unreadable, name=LOGS_UNREADABLE),
    )
    code, report = workspace.sync_json()
    faults.add(LOGS_UNREADABLE, outcome="that page failed (`wiki-error`), not created; the others published")

    assert code == ExitStatus.PAGE_FAILURES, report
    page = _page(report, workspace.metrics_title)
    assert (page["action"], page["reason"]) == ("failed", "wiki-error"), page
    assert "logs could not be read" in page["message"] and "read permission" in page["message"]
    assert _page(report, workspace.template_title)["action"] == "created"
    assert admin.page_text(workspace.metrics_title) is None

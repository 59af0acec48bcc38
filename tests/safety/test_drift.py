"""Drift you can act on: a page refused for a hand edit inside the bot's tables says which record and cell
changed, the wiki's text against the source's, who changed it (user, revision, summary) and the file:line of
the figure in the metrics YAML — so the maintainer adopts the correction there, or `--force`s over it
knowingly. Who changed it costs one history request, made only for a page refused this way.

The bot talks to the wiki through the (fault-free) proxy, which records every request it makes.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from bot.errors import ExitStatus
from devwiki import DevWiki, HumanClient
from tests.safety.conftest import FaultRecorder
from tests.support.proxy import Seen, WikiProxy
from tests.support.workspace import Workspace, make_workspace

pytestmark = pytest.mark.wiki

ROW = "|| 95% || 90.6% ||"  # the ca@ inquiries KPI: baseline 95%, Q1 90.6%
SUMMARY = "ca@ inquiries: the Q1 figure is 95% according to the team"


def _history_requests(proxy: WikiProxy, since: int) -> list[Seen]:
    """The bot's requests for a page's history (revisions with their users), after request `since`."""
    return [
        seen
        for seen in proxy.seen[since:]
        if seen.params.get("prop") == "revisions" and "user" in seen.params.get("rvprop", "").split("|")
    ]


def _source_line(workspace: Workspace) -> str:
    """file:line of the KPI's Q1 figure in the workspace's metrics file."""
    lines = workspace.metrics_file.read_text(encoding="utf-8").splitlines()
    start = lines.index("  - id: ca-inquiries")
    number = next(n for n, line in enumerate(lines[start:], start + 1) if "2019-20 Q1:" in line)
    assert "percent: 90.6" in lines[number - 1]
    return f"{workspace.metrics_file.resolve()}:{number}"


def test_a_hand_edited_cell_is_named_with_who_changed_it_and_the_source_line(
    tmp_path: Path, devwiki: DevWiki, proxy: WikiProxy, human: HumanClient, faults: FaultRecorder
) -> None:
    workspace = make_workspace(tmp_path, devwiki, proxy.api_url, label="Drift")
    code, report = workspace.sync_json()
    assert code == ExitStatus.OK, report
    bot_revid = report["pages"][0]["revid"]
    title = workspace.metrics_title

    mark = proxy.mark()
    code, report = workspace.sync_json()  # the weekly run: nothing changed, nothing more asked
    assert (code, report["pages"][0]["action"], report["pages"][0]["drift"]) == (ExitStatus.OK, "unchanged", None)
    assert _history_requests(proxy, mark) == []

    text = human.page_text(title) or ""
    assert text.count(ROW) == 1
    hand_edited = text.replace(ROW, "|| 95% || 95% ||")
    human_revid = human.edit(title, hand_edited, SUMMARY)
    faults.human_edit()

    mark = proxy.mark()
    code, report = workspace.sync_json()
    page = report["pages"][0]
    assert (code, page["action"], page["reason"]) == (ExitStatus.PAGE_FAILURES, "refused", "manual-edit")
    assert len(_history_requests(proxy, mark)) == 1  # one request, for the refused page only
    where = _source_line(workspace)
    _assert_drift(page["drift"], where, human_revid, bot_revid)
    for fact in ("kpis, row kpi:ca-inquiries", '"Q1 FY2019-20"', "on the wiki: 95% / in the source: 90.6%", where):
        assert fact in page["message"]
    assert f"Editor in revision {human_revid} (" in page["message"]
    assert human.page_text(title) == hand_edited

    result = workspace.sync()  # what a person (or the cron log) reads
    assert result.exit_code == ExitStatus.PAGE_FAILURES
    for fact in (
        f"refused: {title}",
        '[manual-edit] page "',
        'kpis, row kpi:ca-inquiries, column "Q1 FY2019-20": on the wiki: 95% / in the source: 90.6%',
        f"source figure at {where} (kpis[1].quarters.2019-20 Q1.value)",
        f"changed since the bot's revision {bot_revid} by: Editor in revision {human_revid} (",
        f'"{SUMMARY}"',
        f'`mtpbot sync --force --page "{workspace.metrics_title}"` replaces the hand edit',
    ):
        assert fact in result.stderr, f"{fact!r} not in:\n{result.stderr}"

    code, dry = workspace.sync_json("--dry-run")  # a dry run (read anonymously) says the same
    assert dry["pages"][0]["drift"] == page["drift"]
    assert human.page_text(title) == hand_edited  # never overwritten
    faults.add(
        "hand edit inside a table (one cell)",
        outcome="refused (`manual-edit`): the record, column, wiki's text against the source's, who changed it "
        "(user, revision, summary; one history request) and the source file:line; `--force` overwrites it",
    )


def _assert_drift(drift: dict[str, Any], where: str, human_revid: int, bot_revid: int) -> None:
    assert drift["cells"] == [
        {
            "region": "kpis",
            "record": "kpi:ca-inquiries",
            "column": "Q1 FY2019-20",
            "on_wiki": "95%",
            "in_source": "90.6%",
            "source": {
                "file": where.rsplit(":", 1)[0],
                "line": int(where.rsplit(":", 1)[1]),
                "path": "kpis[1].quarters.2019-20 Q1.value",
                "computed": False,
                "at": where,
            },
        }
    ]
    assert drift["other"] == []
    assert drift["since_revid"] == bot_revid
    assert [(r["revid"], r["user"], r["comment"]) for r in drift["changed_by"]] == [(human_revid, "Editor", SUMMARY)]
    assert drift["changed_by"][0]["timestamp"].endswith("Z")
    assert drift["history_note"] == ""

"""`mtpbot sync` against a real MediaWiki: what reviewers and page watchers see in the page history."""

from __future__ import annotations

import re

import pytest

from bot.errors import ExitStatus
from devwiki import HumanClient
from tests.support.workspace import Workspace

pytestmark = pytest.mark.wiki

HUMAN_PAGE = """Written by a human: an intro with a [[link]], {{a template}} and a signature-like ~ tilde.

== Outcomes ==
<!-- mtpbot:begin deliverables -->
<!-- mtpbot:end deliverables -->
A human paragraph between two tables.

== Metrics ==
<!-- mtpbot:begin metrics -->
<!-- mtpbot:end metrics -->
== Key results ==
<!-- mtpbot:begin key-results -->
<!-- mtpbot:end key-results -->
<!-- mtpbot:begin kpis -->
<!-- mtpbot:end kpis -->
{| class="wikitable"
! Human table !! kept
|-
| a || b
|}
<!-- mtpbot:begin grants -->
<!-- mtpbot:end grants -->

[[Category:Human category]]"""

MARKER_OR_REGION = re.compile(r"<!-- mtpbot:begin ([\w-]+)[^>]*-->.*?<!-- mtpbot:end \1 -->", re.S)


def outside_regions(text: str) -> list[str]:
    return MARKER_OR_REGION.split(text)


def test_dry_run_shows_the_diff_and_summary_and_writes_nothing(workspace: Workspace, human: HumanClient) -> None:
    human.edit(workspace.metrics_title, HUMAN_PAGE, "human page")
    before = human.latest_revision(workspace.metrics_title)["revid"]
    result = workspace.sync("--dry-run")
    assert result.exit_code == ExitStatus.OK
    assert "+| Monthly active editors increase YoY || " in result.stdout
    assert " || 5% YoY || 5.1% YoY<br />83K/mo* || " in result.stdout
    assert f"would-edit: {workspace.metrics_title} — Bot: MTP metrics: first publish of deliverables" in result.stderr
    assert human.latest_revision(workspace.metrics_title)["revid"] == before
    assert human.page_text(workspace.template_title) is None


def test_sync_publishes_with_the_bot_flag_keeps_human_text_and_a_second_run_edits_nothing(
    workspace: Workspace, human: HumanClient
) -> None:
    human.edit(workspace.metrics_title, HUMAN_PAGE, "human page")
    code, report = workspace.sync_json()
    assert code == ExitStatus.OK
    actions = {p["title"]: p["action"] for p in report["pages"]}
    assert actions == {workspace.metrics_title: "edited", workspace.template_title: "created"}

    text = human.page_text(workspace.metrics_title)
    assert text is not None
    # MediaWiki trims the trailing newline of a saved page; everything else outside the regions is kept.
    assert outside_regions(text) == outside_regions(HUMAN_PAGE)
    assert '| Rapid Grants || style="text-align:right" | 23 || style="text-align:right" | $28,378' in text
    for title in (workspace.metrics_title, workspace.template_title):
        revision = human.latest_revision(title)
        entry = next(p for p in report["pages"] if p["title"] == title)
        assert revision["user"] == workspace.wiki.bot.user_name
        assert revision["bot"] is True
        assert revision["comment"] == entry["summary"] and entry["summary"].startswith("Bot: MTP metrics: ")
        assert revision["revid"] == entry["revid"]

    published = human.latest_revision(workspace.metrics_title)["revid"]
    requests_before = workspace.wiki.count_requests()
    code, again = workspace.sync_json()
    assert code == ExitStatus.OK
    assert [p["action"] for p in again["pages"]] == ["unchanged", "unchanged"]
    assert human.latest_revision(workspace.metrics_title)["revid"] == published
    assert workspace.wiki.count_requests() - requests_before < 15  # no save, no per-page read


def test_one_changed_value_makes_one_edit_that_changes_one_line(workspace: Workspace, human: HumanClient) -> None:
    assert workspace.sync().exit_code == ExitStatus.OK  # creates both pages
    first = human.latest_revision(workspace.metrics_title)
    template_revision = human.latest_revision(workspace.template_title)["revid"]

    data = workspace.metrics()
    data["metrics"][0]["quarters"]["2019-20 Q1"]["value"]["count"] = 84000
    workspace.write_metrics(data)
    code, report = workspace.sync_json()
    assert code == ExitStatus.OK
    assert [p["action"] for p in report["pages"]] == ["edited", "unchanged"]
    assert human.latest_revision(workspace.template_title)["revid"] == template_revision

    second = human.latest_revision(workspace.metrics_title)
    assert second["parentid"] == first["revid"]
    assert "Monthly active editors increase YoY Q1 FY2019-20: 5.1% YoY 83K/mo* → 5.1% YoY 84K/mo*" in second["comment"]
    diff = human.compare(first["revid"], second["revid"])
    # The figure is written once; the page shows it in two tables (MTP metrics, ARMDEB's key results).
    assert changed_lines(diff) == (2, 2), diff
    words = re.sub(r"<[^>]+>", "", diff)
    assert "83K/mo*" in words and "84K/mo*" in words


def changed_lines(diff: str) -> tuple[int, int]:
    """How many lines action=compare shows removed and added."""
    return len(re.findall(r'<td class="diff-deletedline', diff)), len(re.findall(r'<td class="diff-addedline', diff))


def test_next_quarter_is_one_entry_one_edit_and_one_line_per_table(workspace: Workspace, human: HumanClient) -> None:
    assert workspace.sync().exit_code == ExitStatus.OK
    first = human.latest_revision(workspace.metrics_title)

    workspace.add_quarter(0, "2019-20 Q2", {"count": 85000, "unit": "/mo", "compact": True})
    code, report = workspace.sync_json()

    assert code == ExitStatus.OK
    assert [p["action"] for p in report["pages"]] == ["edited", "unchanged"]
    second = human.latest_revision(workspace.metrics_title)
    assert second["parentid"] == first["revid"]  # one edit
    assert second["comment"].startswith(
        "Bot: MTP metrics: Monthly active editors increase YoY Q2 FY2019-20: added 85K/mo; "
        "We will increase average monthly active editors… Q2 FY2019-20: added 85K/mo"
    )
    diff = human.compare(first["revid"], second["revid"])
    assert changed_lines(diff) == (2, 2), diff  # the metric's row, and the key result that shows it
    assert "85K/mo" in re.sub(r"<[^>]+>", "", diff)


def test_a_refused_page_is_reported_and_the_others_still_publish(workspace: Workspace, human: HumanClient) -> None:
    human.edit(workspace.metrics_title, "A human page without any markers.", "no markers")
    code, report = workspace.sync_json()
    assert code == ExitStatus.PAGE_FAILURES
    metrics, template = report["pages"]
    assert (metrics["action"], metrics["reason"]) == ("refused", "missing-markers")
    assert "<!-- mtpbot:begin metrics -->" in metrics["message"]
    assert template["action"] == "created"
    assert human.page_text(workspace.metrics_title) == "A human page without any markers."


def test_invalid_metrics_stop_the_run_before_any_request(workspace: Workspace) -> None:
    data = workspace.metrics()
    data["metrics"][0]["quarters"]["2019-20 Q5"] = 15
    workspace.write_metrics(data)
    before = workspace.wiki.count_requests()
    result = workspace.sync()
    assert result.exit_code == ExitStatus.BAD_INPUT
    assert "metrics[0].quarters.2019-20 Q5: '2019-20 Q5' is not a quarter" in result.stderr
    assert workspace.wiki.count_requests() == before


def test_dry_run_exit_code_says_changes_are_pending(workspace: Workspace) -> None:
    assert workspace.sync("--dry-run", "--exit-code").exit_code == ExitStatus.CHANGES_PENDING
    assert workspace.sync().exit_code == ExitStatus.OK
    assert workspace.sync("--dry-run", "--exit-code").exit_code == ExitStatus.OK


def test_only_the_named_page_is_synced(workspace: Workspace, human: HumanClient) -> None:
    code, report = workspace.sync_json("--page", workspace.template_title)
    assert code == ExitStatus.OK
    assert [p["title"] for p in report["pages"]] == [workspace.template_title]
    assert human.page_text(workspace.metrics_title) is None


def test_a_progress_line_shows_only_at_a_terminal(workspace: Workspace) -> None:
    plain = workspace.sync("--dry-run")
    assert "\r" not in plain.stderr and "[0/2]" not in plain.stderr
    shown = workspace.sync("--dry-run", terminal=True)
    assert "\r[0/2] reading the pages" in shown.stderr  # click drops the erase-line code off a real terminal
    assert f"\r[1/2] {workspace.template_title}" in shown.stderr
    assert "[0/2]" not in workspace.sync("--dry-run", "--json", terminal=True).stderr


def test_a_dry_run_needs_no_account(workspace: Workspace) -> None:
    """Reading is public: a metrics editor without the bot's password sees the diff."""
    workspace.logs_in = False
    result = workspace.sync("--dry-run")
    assert result.exit_code == ExitStatus.OK, result.output
    assert f"would-create: {workspace.metrics_title}" in result.stderr
    assert "+| Monthly active editors increase YoY || " in result.stdout


def test_a_dry_run_does_not_log_in(workspace: Workspace) -> None:
    """The login happens only when something will be saved: a wrong password does not stop a dry run."""
    # In fresh processes: pywikibot keeps a login for the life of a process (README "Limitations").
    env = workspace.process_env(MTPBOT_PASSWORD="0" * 40)
    dry_run = workspace.mtpbot_process("sync", "--site-url", workspace.site_url, "--dry-run", env=env)
    assert dry_run.returncode == ExitStatus.OK, dry_run.stderr
    real = workspace.mtpbot_process("sync", "--site-url", workspace.site_url, env=env)
    assert real.returncode == ExitStatus.WIKI_UNAVAILABLE, real.stderr

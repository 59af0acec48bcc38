"""{{nobots}} / {{bots}} written as people write them keep the bot away from that page, on the real wiki.

Five pages are published, then a human adds an exclusion template (or a harmless one) to four of them and
a figure changes: the pages whose template excludes the bot are refused (`nobots`) and keep the human's
text, the others are edited. The forms come from the attack on the bot: `{{Template:Nobots}}` and a deny
list with a comment inside were not honoured. tests/wikitext/test_exclusion.py holds every form.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.errors import ExitStatus
from devwiki import DevWiki, HumanClient
from tests.safety.conftest import FaultRecorder
from tests.support.workspace import ONE_TABLE, PageSpec, make_workspace, templates_with_one_table, unique

pytestmark = pytest.mark.wiki

# The template a human adds at the top of each page (None: none), and whether it excludes the bot.
ADDED: list[tuple[str | None, bool]] = [
    ("{{Template:Nobots}}", True),
    ("{{bots|deny=<!-- no bots here until the review is done -->MtpBot}}", True),
    (None, False),
    ("{{bots|deny=SomeOtherBot}}", False),
    ("<!-- {{nobots}} was removed after the review -->", False),
]


def test_nobots_forms_refuse_their_page_while_the_others_publish(
    tmp_path: Path, devwiki: DevWiki, human: HumanClient, run_page_on: str, faults: FaultRecorder
) -> None:
    base = unique("Exclusion")
    pages = [PageSpec(f"{base}/Page {i}", ONE_TABLE) for i in range(len(ADDED))]
    workspace = make_workspace(
        tmp_path / "work", devwiki, pages=pages, label="Exclusion", templates=templates_with_one_table(tmp_path)
    )
    code, report = workspace.sync_json()
    assert code == ExitStatus.OK, report
    kept: dict[str, str] = {}
    for title, (added, _) in zip(workspace.titles, ADDED, strict=True):
        text = human.page_text(title)
        assert text is not None
        if added is not None:
            text = f"{added}\n{text}"
            human.edit(title, text, "keep bots away (or not)")
        kept[title] = text
    faults.human_edit(sum(added is not None for added, _ in ADDED))
    workspace.set_monthly_active_editors(84321)

    rendered = workspace.rendered()

    code, report = workspace.sync_json()
    faults.add(
        "{{nobots}} / {{bots}} as people write them ({{Template:Nobots}}, a comment in a deny list)",
        sum(excluded for _, excluded in ADDED),
        outcome="that page refused (`nobots`), untouched; the others published",
    )
    assert code == ExitStatus.PAGE_FAILURES, report
    for entry, (added, excluded), title in zip(report["pages"], ADDED, workspace.titles, strict=True):
        now = human.page_text(title) or ""
        if excluded:
            assert (entry["action"], entry["reason"]) == ("refused", "nobots"), (added, entry)
            assert "which excludes this bot" in entry["message"]
            assert now == kept[title], title  # the human's text, untouched
        else:
            assert entry["action"] == "edited", (added, entry)
            assert now == (rendered[title] if added is None else f"{added}\n{rendered[title]}"), title

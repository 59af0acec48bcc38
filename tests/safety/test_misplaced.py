"""Markers where the bot's table cannot stand are refused, on the real wiki; well-placed ones still work.

A human writes five pages, each with the bot's two markers: inside a heading, inside a link, inside a template
argument (refused: `bad-markers`, the message at the line saying where markers may go, the page untouched), and
inside a <div> and a <noinclude> (published). The first test measures on the wiki what the bot used to publish
for the first three: the heading turned into text, the link cut in two, the template's arguments split.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from bot.errors import ExitStatus
from bot.wikitext.regions import find_regions
from bot.wikitext.regions.markers import begin_marker, end_marker
from devwiki import DevWiki, HumanClient
from tests.safety.conftest import FaultRecorder
from tests.support.history import history
from tests.support.workspace import ONE_TABLE, PageSpec, Workspace, make_workspace, templates_with_one_table, unique

pytestmark = pytest.mark.wiki

REGION = "metrics"
MARKERS = begin_marker(REGION) + end_marker(REGION)
ON_LINES = begin_marker(REGION) + "\n" + end_marker(REGION)
TABLE = '\n{| class="wikitable"\n! Metric\n|-\n| Monthly active editors\n|}\n'
BOX = unique("Misplaced box")  # a template a human wrote: <div>{{{body}}}</div>{{{footer}}}
# Where a human put the markers, and what the bot says (line 2 each time).
MISPLACED = {
    "heading": ("Intro\n== Figures " + MARKERS + " ==\nOutro", "sits inside the heading Figures"),
    "link": (
        "Intro\nSee [[Main Page|" + begin_marker(REGION) + "the figures" + end_marker(REGION) + "]].",
        "sits inside the link [[Main Page]]",
    ),
    "template": ("Intro\n{{" + BOX + "|body=" + MARKERS + "|footer=human}}", "sits inside the template {{" + BOX),
}
WELL_PLACED = {
    "div": 'Intro\n<div class="mtp-box">\n' + ON_LINES + "\n</div>\nOutro",
    "noinclude": "Intro\n<noinclude>\n" + ON_LINES + "\n</noinclude>\nOutro",
}


def _html(client: HumanClient, text: str) -> str:
    reply = client.post(
        action="parse", text=text, contentmodel="wikitext", prop="text", formatversion=2, disablelimitreport=1
    )
    html: str = reply["parse"]["text"]
    return re.sub(r"\s+", " ", html)


def _with_table(page: str) -> str:
    """PAGE as the bot wrote it before markers were checked for their place: the table between them."""
    start, end = page.index(begin_marker(REGION)) + len(begin_marker(REGION)), page.index(end_marker(REGION))
    return page[:start] + TABLE + page[end:]


def test_what_a_table_between_misplaced_markers_shows(human: HumanClient) -> None:
    """The measurement behind bot.wikitext.regions.placement: pages as the bot used to write them, parsed by the
    wiki."""
    human.edit(f"Template:{BOX}", "<div>{{{body|}}}</div>{{{footer|}}}", "a template with a body")
    empty = {place: _html(human, page) for place, (page, _) in MISPLACED.items()}
    shown = {place: _html(human, _with_table(page)) for place, (page, _) in MISPLACED.items()}
    assert "<h2>" in empty["heading"]
    assert "<h2>" not in shown["heading"] and "<pre>==" in shown["heading"]  # the heading is text
    assert len(re.findall(r'<a href="[^"]*Main_Page"', empty["link"])) == 1
    assert len(re.findall(r'<a href="[^"]*Main_Page"', shown["link"])) == 2  # the link cut in two
    assert "<div></div><p>human</p>" in empty["template"].replace(" ", "")
    # The table's "|" split the arguments: the body is "{", the rest positional arguments the template ignores.
    assert "<div>{</div><p>human</p>" in shown["template"].replace(" ", "")
    assert 'class="wikitable"' not in shown["template"]
    for page in WELL_PLACED.values():
        html = _html(human, _with_table(page))
        assert 'class="wikitable"' in html and "<pre>" not in html


def _workspace(tmp_path: Path, devwiki: DevWiki, human: HumanClient) -> tuple[Workspace, dict[str, str]]:
    """One page per place, written by a human; the bot may not create any. Returns the titles by place."""
    titles = {place: unique(f"Misplaced/{place}") for place in [*MISPLACED, *WELL_PLACED]}
    for place, title in titles.items():
        page = MISPLACED[place][0] if place in MISPLACED else WELL_PLACED[place]
        human.edit(title, page, "a page with the bot's markers")
    pages = [PageSpec(title, ONE_TABLE, create=False) for title in titles.values()]
    templates = templates_with_one_table(tmp_path)
    workspace = make_workspace(tmp_path / "ws", devwiki, pages=pages, label="Misplaced", templates=templates)
    return workspace, titles


def _by_title(report: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {page["title"]: page for page in report["pages"]}


def test_markers_in_a_heading_a_link_or_a_template_are_refused(
    tmp_path: Path, devwiki: DevWiki, run_page_on: str, human: HumanClient, faults: FaultRecorder
) -> None:
    workspace, titles = _workspace(tmp_path, devwiki, human)
    before = {place: history(human, titles[place]) for place in MISPLACED}
    faults.add(
        "markers inside a heading, a link or a template argument",
        len(MISPLACED),
        outcome="that page refused (`bad-markers`: misplaced, at the line, saying where markers may go), "
        "never written; the others published",
    )

    result = workspace.mtpbot("check", "--json", "--site-url", workspace.site_url)
    checks = {check["title"]: check for check in json.loads(result.stdout)["checks"] if check["name"] == "page"}
    _, dry = workspace.sync_json("--dry-run")
    code, report = workspace.sync_json()

    assert code == ExitStatus.PAGE_FAILURES, report
    pages, planned = _by_title(report), _by_title(dry)
    for place, (_, where) in MISPLACED.items():
        title = titles[place]
        for outcome in (pages[title], planned[title]):
            assert (outcome["action"], outcome["reason"]) == ("refused", "bad-markers"), outcome
            assert f'"{title}", line 2: region "{REGION}" {where}' in outcome["message"], outcome["message"]
        assert not checks[title]["ok"] and where in checks[title]["message"]
        assert "directly inside a <div>, <noinclude>" in checks[title]["hint"]
        assert history(human, title) == before[place]  # untouched
    for place, page in WELL_PLACED.items():
        title = titles[place]
        assert pages[title]["action"] == "edited", pages[title]
        assert checks[title]["ok"], checks[title]
        text = human.page_text(title)
        assert text is not None and 'class="wikitable"' in find_regions(text)[REGION].content
        begin, end = text.index("<!-- mtpbot:begin"), text.index(end_marker(REGION))
        assert (text[:begin], text[end:]) == (page[: page.index(ON_LINES)], page[page.index(end_marker(REGION)) :])
        assert "<pre>" not in _html(human, text)

    faults.human_edit(len(titles))  # every page's human text checked above, all intact
    code, again = workspace.sync_json()  # refused every time, never "unchanged"
    assert [_by_title(again)[titles[place]]["action"] for place in MISPLACED] == ["refused"] * len(MISPLACED)
    assert all(_by_title(again)[titles[place]]["action"] == "unchanged" for place in WELL_PLACED)

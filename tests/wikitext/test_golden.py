"""The shipped metrics render to exactly the checked-in wikitext (golden files).

After an intended change to a template or to the data, regenerate with
`MTPBOT_UPDATE_GOLDEN=1 python -m pytest tests/wikitext/test_golden.py` and review the diff.
"""

from __future__ import annotations

import functools
import os
import re
from pathlib import Path

import pytest

from bot.publish.pages import RenderedPage, render_pages
from bot.source.loading import load_reports
from bot.source.settings import load_config
from bot.wikitext.render import Renderer
from bot.wikitext.status import StatusStyle

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = Path(__file__).parent / "golden"


@functools.cache
def shipped_pages(inline: bool = False) -> list[RenderedPage]:
    config = load_config(ROOT / "config" / "mtpbot.yaml")
    reports = load_reports(config.source_paths)
    status = StatusStyle(config.settings.status.template, inline=inline)
    return render_pages(config, reports, Renderer(config.templates_dir, status))


def golden_name(title: str) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "-", title).strip("-") + ".wiki"


@pytest.mark.parametrize("page", shipped_pages(), ids=lambda p: p.title)
def test_page_matches_golden_file(page: RenderedPage) -> None:
    path = GOLDEN / golden_name(page.title)
    if os.environ.get("MTPBOT_UPDATE_GOLDEN"):
        path.write_text(page.text, encoding="utf-8")
    assert path.exists(), f"no golden file {path}; run with MTPBOT_UPDATE_GOLDEN=1 and review it"
    assert page.text == path.read_text(encoding="utf-8")


def test_rendering_twice_gives_the_same_bytes() -> None:
    assert [p.text for p in shipped_pages()] == [p.text for p in shipped_pages()]


def test_inline_status_style_needs_no_template() -> None:
    metrics = shipped_pages(inline=True)[0]
    assert "{{MTP status" not in metrics.text
    assert 'class="mtp-status"' in metrics.text


def test_every_table_row_is_one_line() -> None:
    for page in shipped_pages():
        lines = page.text.split("\n")
        for index, line in enumerate(lines):
            if line.startswith('|- data-mtp="'):
                row = lines[index + 1]
                assert row.startswith(("| ", "! ")), row
                assert lines[index + 2].startswith(("|-", "|}")), f"row of {line} spans lines"


def test_no_run_timestamp_in_the_output() -> None:
    text = "".join(p.text for p in shipped_pages())
    assert not re.search(r"20[2-9]\d-\d\d-\d\d|\d\d:\d\d:\d\d", text)


# Every figure of every table of the deck (../shared/seed), as a reader sees it on the page.
DECK_FIGURES = [
    # MTP metrics, both outcome slides
    "86K/mo", "+5% YoY", "+5.1% YoY<br />83K/mo*", "6.6%/mo", "+3.8% YoY<br />5.4%/mo*",
    "Collecting baseline", "Determine baseline", "In progress", "Preparing for baselining",
    "Planning baseline collection",
    "Due to seasonal fluctuations, actuals per quarter may be lower than our Q4 2018-19 baseline.",
    # key results
    "15 milestones", "100% complete", "5% complete", "20% complete", "5 vacancies", "5 new hires",
    "5 vacant", "Non-endorsed Code of Conduct", "Endorsed Code of Conduct", "No risk assessments",
    "Regular operations", "0 milestones completed", "8 milestones (2 as of Q1)", "2 milestones",
    "15 communities", "75% of participants improve", "150 organizers", "1 community", "30+ organizers",
    "3 taxonomies", "0.5 taxonomies", "100% complete<br />5 streams", "10%<br />2 streams initiated",
    "4 experiments", "3 initiated", "100% complete<br />3 regional stakeholders",
    "10%<br />0 regional stakeholders",
    # Trust & Safety KPIs
    "|| 95% || 100% || ±0% || ±0%", "|| 95% || 90.6% || +8.9% || -1.9%", "|| 75% || 62.5% || +8.0% || +46.6%",
    # grants
    "$249,000", "$84,895", "$28,378", "$165,550", "| 23 ||", "| 123 ||", "| 148 !!", "$527,823",
]  # fmt: skip


@pytest.mark.parametrize("figure", DECK_FIGURES)
def test_every_deck_figure_is_published(figure: str) -> None:
    assert figure in shipped_pages()[0].text

"""The seed metrics (tests/seed/), and a synthetic plan of two priorities over two fiscal years (fixtures/), render to
exactly the checked-in wikitext (golden files).

After an intended change to a template or to the data, regenerate with
`MTPBOT_UPDATE_GOLDEN=1 python -m pytest tests/wikitext/test_golden.py` and review the diff.
"""

from __future__ import annotations

import functools
import os
import re
from pathlib import Path

import pytest

from bot.source.loading import load_priorities
from bot.source.settings import load_config
from bot.sync.pages import RenderedPage, render_pages
from bot.wikitext.render import Renderer
from bot.wikitext.status import StatusStyle
from tests.support.seed import SEED_CONFIG

GOLDEN = Path(__file__).parent / "golden"
SYNTHETIC = Path(__file__).parent / "fixtures" / "mtpbot.yaml"


@functools.cache
def pages_of(config_path: Path, inline: bool = False) -> list[RenderedPage]:
    config = load_config(config_path)
    priorities = load_priorities(config.source_paths)
    status = StatusStyle(config.settings.status.template, inline=inline)
    return render_pages(config, priorities, Renderer(config.templates_dir, status))


def seed_pages(inline: bool = False) -> list[RenderedPage]:
    return pages_of(SEED_CONFIG, inline)


def all_pages() -> list[RenderedPage]:
    synthetic = [page for page in pages_of(SYNTHETIC) if not page.title.startswith("Template:")]
    return [*seed_pages(), *synthetic]


def golden_name(title: str) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "-", title).strip("-") + ".wiki"


@pytest.mark.parametrize("page", all_pages(), ids=lambda p: p.title)
def test_page_matches_golden_file(page: RenderedPage) -> None:
    path = GOLDEN / golden_name(page.title)
    if os.environ.get("MTPBOT_UPDATE_GOLDEN"):
        path.write_text(page.text, encoding="utf-8")
    assert path.exists(), f"no golden file {path}; run with MTPBOT_UPDATE_GOLDEN=1 and review it"
    assert page.text == path.read_text(encoding="utf-8")


def test_rendering_twice_gives_the_same_bytes() -> None:
    again = render_pages(load_config(SYNTHETIC), load_priorities(load_config(SYNTHETIC).source_paths), RENDERER)
    assert [p.text for p in pages_of(SYNTHETIC)] == [p.text for p in again]


RENDERER = Renderer.for_config(load_config(SYNTHETIC))


def test_the_golden_files_are_all_in_use() -> None:
    assert {p.name for p in GOLDEN.glob("*.wiki")} == {golden_name(page.title) for page in all_pages()}


def test_inline_status_style_needs_no_template() -> None:
    metrics = seed_pages(inline=True)[0]
    assert "{{MTP status" not in metrics.text
    assert 'class="mtp-status"' in metrics.text


def test_every_table_row_is_one_line() -> None:
    for page in all_pages():
        lines = page.text.split("\n")
        for index, line in enumerate(lines):
            if line.startswith('|- data-mtp="'):
                row = lines[index + 1]
                assert row.startswith(("| ", "! ")), row
                assert lines[index + 2].startswith(("|-", "|}")), f"row of {line} spans lines"


def test_no_run_timestamp_in_the_output() -> None:
    text = "".join(p.text for p in all_pages())
    assert not re.search(r"20[2-9]\d-\d\d-\d\d|\d\d:\d\d:\d\d", text)

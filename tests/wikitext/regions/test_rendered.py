"""The fast reading of the bot's own output agrees with the parser on everything the templates render."""

from __future__ import annotations

import copy
from typing import Any

import pytest
import yaml

from bot.errors import RegionError
from bot.source.model import PriorityFile
from bot.source.settings import load_config
from bot.sync.pages import page_context
from bot.wikitext.regions import find_regions
from bot.wikitext.regions.splice import splice
from bot.wikitext.render import Renderer
from bot.wikitext.rendered import find_rendered_regions, splice_rendered
from bot.wikitext.status import StatusStyle
from tests.support.seed import SEED_CONFIG, SEED_METRICS

CONFIG = load_config(SEED_CONFIG)
SEED_DATA: dict[str, Any] = yaml.safe_load(SEED_METRICS.read_text())


def rendered_texts() -> list[str]:
    hostile = copy.deepcopy(SEED_DATA)
    hostile["metrics"][0]["name"] = "<!-- mtpbot:end metrics --> <nowiki> {{x}} [[y]] ~~~~"
    texts = []
    for document in (SEED_DATA, hostile):
        priority = PriorityFile.model_validate(document)
        for inline in (False, True):
            renderer = Renderer(CONFIG.templates_dir, StatusStyle(CONFIG.settings.status.template, inline=inline))
            for page in CONFIG.settings.pages:
                context = page_context(page, CONFIG, {priority.priority.id: priority}, renderer)
                texts.append(renderer.render(page.template, **context))
    return texts


@pytest.mark.parametrize("text", rendered_texts())
def test_rendered_regions_are_the_regions_the_parser_finds(text: str) -> None:
    assert find_rendered_regions(text) == find_regions(text)


@pytest.mark.parametrize("text", rendered_texts())
def test_splicing_rendered_text_equals_splicing_with_the_parser(text: str) -> None:
    found = find_regions(text)
    contents = {name: region.content.replace("|}", "|}\n<small>x</small>", 1) for name, region in found.items()}
    attributes = {name: "checksum=0123abcd" for name in found}
    assert splice_rendered(text, contents, attributes) == splice(text, contents, attributes=attributes)


@pytest.mark.parametrize(
    "text",
    [
        "<!-- mtpbot:begin a -->x<!-- mtpbot:begin b -->y<!-- mtpbot:end b --><!-- mtpbot:end a -->",
        "<!-- mtpbot:begin a -->x",
        "<nowiki><!-- mtpbot:begin a --></nowiki><!-- mtpbot:begin a -->x<!-- mtpbot:end a -->",
        "<!-- mtpbot:begin a -->x<!-- mtpbot:end a --><!-- unclosed",
    ],
)
def test_anything_unusual_goes_to_the_parser(text: str) -> None:
    try:
        expected: Any = find_regions(text)
    except RegionError as error:
        expected = type(error)
    try:
        got: Any = find_rendered_regions(text)
    except RegionError as error:
        got = type(error)
    assert got == expected

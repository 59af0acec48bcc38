"""The source of truth, loaded and rendered for a command: bad input stops here, before any request.

Imports of the library happen inside the functions, so that `mtpbot --help` loads nothing and
`mtpbot validate` loads neither Jinja2 nor pywikibot.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.publish.pages import RenderedPage
    from bot.source.model import Report
    from bot.source.settings import Config


def load(config_path: Path) -> tuple[Config, dict[str, Report]]:
    from bot.source.loading import load_reports
    from bot.source.settings import load_config

    config = load_config(config_path)
    return config, load_reports(config.source_paths)


def render(config_path: Path, titles: Sequence[str]) -> tuple[Config, list[RenderedPage]]:
    """Every configured page (or `titles`), rendered and sealed as `sync` publishes them."""
    from bot.publish.pages import render_pages
    from bot.wikitext.render import Renderer

    config, reports = load(config_path)
    return config, render_pages(config, reports, Renderer.for_config(config), titles)

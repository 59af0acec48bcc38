"""The source of truth, loaded and rendered for a command: bad input stops here, before any request.

Imports of the library happen inside the functions, so that `mtpbot --help` loads nothing and
`mtpbot validate` loads neither Jinja2 nor pywikibot.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.source.model import PriorityFile
    from bot.source.settings import Config
    from bot.sync.data_pages import SeriesPage
    from bot.sync.pages import RenderedPage


def load(config_path: Path) -> tuple[Config, dict[str, PriorityFile]]:
    from bot.charts.settings_checks import chart_setting_problems
    from bot.source.loading import load_priorities
    from bot.source.settings import load_config
    from bot.source.settings_checks import check_settings

    config = load_config(config_path)
    priorities = load_priorities(config.source_paths)
    check_settings(config, priorities, chart_setting_problems(config, priorities))
    return config, priorities


def render(config_path: Path, titles: Sequence[str]) -> tuple[Config, list[RenderedPage]]:
    """Every configured page (or `titles`), rendered and sealed as `sync` publishes them."""
    config, _, pages = render_sources(config_path, titles)
    return config, pages


def render_sources(
    config_path: Path, titles: Sequence[str]
) -> tuple[Config, dict[str, PriorityFile], list[RenderedPage]]:
    """As `render`, with the metrics files it read (for the charts' data pages: read once per command)."""
    from bot.sync.pages import render_pages
    from bot.wikitext.render import Renderer

    config, priorities = load(config_path)
    return config, priorities, render_pages(config, priorities, Renderer.for_config(config), titles)


def data_pages(
    config: Config, priorities: Mapping[str, PriorityFile], shown: Sequence[RenderedPage], commit: str
) -> list[SeriesPage]:
    """The data pages of the charts the `shown` pages embed (none without `data_site:`), each with the page
    that embeds it: a series no page shows has none. Bad input stops here too."""
    from bot.sync.data_pages import render_data_pages, shown_on

    data = config.settings.data_site
    if data is None:
        return []
    pages = render_data_pages(priorities, commit, charts=config.settings.charts, prefix=data.prefix)
    return shown_on(pages, shown)


def every_page(config: Config, priorities: Mapping[str, PriorityFile]) -> list[RenderedPage]:
    """Every configured page, from metrics files already read."""
    from bot.sync.pages import render_pages
    from bot.wikitext.render import Renderer

    return render_pages(config, priorities, Renderer.for_config(config))

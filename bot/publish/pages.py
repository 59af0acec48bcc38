"""The pages to publish: each configured page rendered from its report, its regions sealed.

A rendered page is the whole text as created when the page does not exist yet, plus the sealed content
of each managed region (what an existing page's regions become) and their checksums (bot.wikitext.seals).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from bot.errors import ConfigError
from bot.source.model import Report
from bot.source.settings import Config, PageSettings
from bot.wikitext import seals
from bot.wikitext.render import Renderer
from bot.wikitext.rendered import find_rendered_regions, splice_rendered


@dataclass(frozen=True)
class RenderedPage:
    title: str
    text: str  # the whole page, as it is created when it does not exist
    regions: Mapping[str, str]  # managed region name -> its sealed content (see bot.wikitext.seals)
    create: bool
    checksums: Mapping[str, str] = field(default_factory=dict)  # region name -> begin-marker checksum


def render_pages(
    config: Config, reports: Mapping[str, Report], renderer: Renderer, titles: Sequence[str] = ()
) -> list[RenderedPage]:
    """Render every configured page (or only `titles`), in config order."""
    unknown = [t for t in titles if config.page(t) is None]
    if unknown:
        known = "; ".join(p.title for p in config.settings.pages)
        raise ConfigError(f"page not in {config.path}: {', '.join(unknown)}", hint=f"configured pages: {known}")
    return [
        render_page(page, _report_of(page, config, reports), renderer)
        for page in config.settings.pages
        if not titles or page.title in titles
    ]


def render_page(page: PageSettings, report: Report | None, renderer: Renderer) -> RenderedPage:
    text = renderer.render(page.template, report=report)
    found = find_rendered_regions(text, title=f"{page.template} (rendered)")
    sealed = {name: seals.seal(region.content) for name, region in found.items()}
    contents = {name: s.content for name, s in sealed.items()}
    attributes = {name: s.attributes for name, s in sealed.items()}
    text = splice_rendered(text, contents, attributes, title=page.title)
    checksums = {name: s.checksum for name, s in sealed.items()}
    return RenderedPage(page.title, text, contents, page.create, checksums)


def _report_of(page: PageSettings, config: Config, reports: Mapping[str, Report]) -> Report | None:
    if page.report is None:
        return None
    if page.report not in reports:
        raise ConfigError(
            f"page '{page.title}' shows report '{page.report}', which no metrics file defines",
            hint=f"metrics files define: {', '.join(reports) or 'none'}; fix `report:` in {config.path}",
        )
    return reports[page.report]

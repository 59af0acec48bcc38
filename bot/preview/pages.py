"""Preview: every page as the target wiki will show it, rendered by the wiki's own parser, saved nowhere.

`mtpbot preview --out DIR` sends the wikitext `sync` would publish for each page (the whole page, as
created from scratch) to the wiki's ``action=parse`` and writes the HTML it answers into standalone files,
one per page plus an ``index.html``: UTF-8, a small inline stylesheet in the manner of MediaWiki's
(``.wikitable`` borders and header background, headings, contents box), every link made absolute to the
wiki, and a note "Preview of TITLE on WIKI — nothing was saved". The files open offline in any browser; a
Content-Security-Policy keeps them from running scripts or loading anything but images.

The status template, and why the preview renders statuses inline
------------------------------------------------------------------

The metrics tables call the status template (``{{MTP status|at risk}}``), which the bot publishes itself
and which may not exist on the wiki yet: parsed as is, every status of a first preview would be a red link
to a missing template. Two ways to resolve it before it is published:

1. TemplateSandbox (``templatesandboxtitle`` / ``templatesandboxtext`` with the bot's rendered template
   page): the wikitext parsed is exactly what `sync` saves. But the extension is optional: Meta-Wiki has
   it, a plain MediaWiki (the local test wiki, a third-party wiki given with ``--site-url``) does not, so
   the preview would need a second code path for those, and the sandbox path could only be tested
   against Meta-Wiki itself.
2. Render the pages for the preview with ``StatusStyle(inline=True)``: each ``{{MTP status|x}}`` becomes
   `bot.wikitext.status.status_span` — the very span the template's ``#switch`` returns for ``x``, built by the
   same function that writes the template page. The wiki's parser then gives the same HTML as it does
   for the published page calling the published template (tests/publish/preview checks this byte for byte on a
   real MediaWiki, page and template both published), on every wiki, with or without extensions.

The preview uses (2): one code path that works and is tested everywhere, no dependency on an extension,
and an equivalence that is checked rather than assumed. The only text that differs from what `sync` saves
is the status markup, whose rendering is proven identical.

No pywikibot, no click here: the wiki is handed in (bot.sync.protocols.Parser; bot.mediawiki.Wiki is one),
and the files are written where the caller says. The HTML documents are built in bot.preview.html,
the charts of each priority's data pages (drawn with Apache ECharts) in bot.preview.charts.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from bot.errors import ConfigError
from bot.preview.charts import PreviewCharts
from bot.preview.html import INDEX, index_document, page_document
from bot.source.model import PriorityFile
from bot.source.settings import Config
from bot.sync.pages import RenderedPage, render_pages
from bot.sync.protocols import Parser
from bot.wikitext.render import Renderer


@dataclass(frozen=True)
class Preview:
    """One page's standalone HTML document and the file name it is written under."""

    title: str
    file_name: str
    document: str


def render_for_preview(
    config: Config, priorities: Mapping[str, PriorityFile], titles: Sequence[str] = ()
) -> list[RenderedPage]:
    """The pages `sync` would create, with the status template resolved inline (see the module's doc)."""
    return render_pages(config, priorities, Renderer.for_config(config, inline_status=True), titles)


def preview_pages(pages: Sequence[RenderedPage], wiki: Parser, charts: PreviewCharts | None = None) -> list[Preview]:
    """Parse every page on the wiki (one request each) into a standalone document, in the given order,
    with each chart it embeds drawn in its place when `charts` are given."""
    charts = charts or PreviewCharts()
    names = file_names(page.title for page in pages)
    previews = []
    for page in pages:
        parsed = wiki.parse(charts.with_slots(page.title, page.text), page.title)
        body = charts.placed(page.title, parsed.html)
        document = page_document(page.title, parsed, wiki, charts.scripts(page.title), body=body)
        previews.append(Preview(page.title, names[page.title], document))
    return previews


def write_previews(
    previews: Sequence[Preview], out: Path, site_name: str, assets: Mapping[str, bytes] | None = None
) -> list[Path]:
    """Write each preview and an index.html linking them into `out` (created if needed); return their paths.

    The `assets` (file name -> bytes: the charts' scripts, PreviewCharts.assets) are written first, beside
    them, and are not among the paths returned. Files of the same names are replaced; nothing else in `out`
    is touched.
    """
    try:
        out.mkdir(parents=True, exist_ok=True)
        for name, content in (assets or {}).items():
            (out / name).write_bytes(content)
        written = []
        for preview in previews:
            path = out / preview.file_name
            path.write_text(preview.document, encoding="utf-8")
            written.append(path)
        index = out / INDEX
        index.write_text(index_document(previews, site_name), encoding="utf-8")
        written.append(index)
    except OSError as exc:
        raise ConfigError(
            f"could not write the preview into {out}: {exc.strerror or exc}",
            hint="give --out a folder you can write to",
        ) from None
    return written


# --- file names ----------------------------------------------------------------------------------------------

_UNSAFE = re.compile(r"[^\w.-]+")
_MAX_STEM = 120


def file_names(titles: Iterable[str]) -> dict[str, str]:
    """A distinct, portable file name per title: "Template:MTP status" -> "Template-MTP-status.html".

    Letters, digits, "_", "." and "-" stay; every other run of characters becomes "-". Names are told apart
    case-insensitively (for macOS and Windows) and never clash with index.html; a clash gets "-2", "-3"….
    """
    names: dict[str, str] = {}
    taken = {INDEX.casefold()}
    for title in titles:
        if title in names:
            continue
        stem = _UNSAFE.sub("-", unicodedata.normalize("NFC", title)).strip(".-")[:_MAX_STEM] or "page"
        name, number = f"{stem}.html", 1
        while name.casefold() in taken:
            number += 1
            name = f"{stem}-{number}.html"
        taken.add(name.casefold())
        names[title] = name
    return names

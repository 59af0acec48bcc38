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
   `bot.render.status_span` — the very span the template's ``#switch`` returns for ``x``, built by the
   same function that writes the template page. The wiki's parser then gives the same HTML as it does
   for the published page calling the published template (tests/preview checks this byte for byte on a
   real MediaWiki, page and template both published), on every wiki, with or without extensions.

The preview uses (2): one code path that works and is tested everywhere, no dependency on an extension,
and an equivalence that is checked rather than assumed. The only text that differs from what `sync` saves
is the status markup, whose rendering is proven identical.

No pywikibot, no click here: the wiki is handed in (anything with `parse`, `page_url`, `site_name` and
`index_url`; bot.wiki.Wiki is one), and the files are written where the caller says.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol
from urllib.parse import quote, urljoin

from bot.config import Config
from bot.errors import ConfigError
from bot.model import Report
from bot.plan import RenderedPage, render_pages
from bot.render import Renderer, StatusStyle

__all__ = [
    "INDEX",
    "Preview",
    "absolute_links",
    "file_names",
    "index_document",
    "page_document",
    "preview_pages",
    "render_for_preview",
    "write_previews",
]

INDEX = "index.html"


class Parsed(Protocol):
    """What the wiki's parser answers for one page (bot.wiki.ParsedPage is one)."""

    @property
    def title(self) -> str: ...
    @property
    def html(self) -> str: ...
    @property
    def display_title(self) -> str: ...
    @property
    def categories(self) -> tuple[str, ...]: ...


class Parser(Protocol):
    """The target wiki, as far as a preview needs it (bot.wiki.Wiki is one)."""

    @property
    def site_name(self) -> str: ...
    @property
    def index_url(self) -> str: ...
    def page_url(self, title: str) -> str: ...
    def parse(self, text: str, title: str) -> Parsed: ...


@dataclass(frozen=True)
class Preview:
    """One page's standalone HTML document and the file name it is written under."""

    title: str
    file_name: str
    document: str


def render_for_preview(config: Config, reports: Mapping[str, Report], titles: Sequence[str] = ()) -> list[RenderedPage]:
    """The pages `sync` would create, with the status template resolved inline (see the module's doc)."""
    status = config.settings.status
    renderer = Renderer(config.templates_dir, StatusStyle(status.template, inline=True))
    return render_pages(config, reports, renderer, titles)


def preview_pages(pages: Sequence[RenderedPage], wiki: Parser) -> list[Preview]:
    """Parse every page on the wiki (one request each) into a standalone document, in the given order."""
    names = file_names(page.title for page in pages)
    previews = []
    for page in pages:
        document = page_document(page.title, wiki.parse(page.text, page.title), wiki)
        previews.append(Preview(page.title, names[page.title], document))
    return previews


def write_previews(previews: Sequence[Preview], out: Path, site_name: str) -> list[Path]:
    """Write each preview and an index.html linking them into `out` (created if needed); return the paths.

    Files of the same names are replaced; nothing else in `out` is touched.
    """
    try:
        out.mkdir(parents=True, exist_ok=True)
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


# --- documents -----------------------------------------------------------------------------------------------

# MediaWiki's look, in brief: content colours and fonts of the default skin, .wikitable as in
# mediawiki.skinning/content.tables, the contents box and the category bar.
STYLESHEET = """
body { margin: 0 auto; max-width: 80em; padding: 1em 2em 3em; color: #202122; background: #fff;
  font-family: sans-serif; font-size: 14px; line-height: 1.6; }
a { color: #0645ad; text-decoration: none; }
a:hover { text-decoration: underline; }
a.new { color: #d33; }
h1, h2 { font-family: 'Linux Libertine', Georgia, Times, serif; font-weight: normal;
  border-bottom: 1px solid #a2a9b1; margin: 1em 0 0.25em; }
h1 { font-size: 1.8em; }
h2 { font-size: 1.5em; }
h3 { font-size: 1.2em; margin: 0.3em 0 0; }
.mtpbot-preview-note { background: #eaf3ff; border: 1px solid #a3d3ff; padding: 0.5em 1em; margin: 0; }
.wikitable { background-color: #f8f9fa; color: #202122; margin: 1em 0; border: 1px solid #a2a9b1;
  border-collapse: collapse; }
.wikitable > tr > th, .wikitable > tr > td, .wikitable > * > tr > th, .wikitable > * > tr > td {
  border: 1px solid #a2a9b1; padding: 0.2em 0.4em; }
.wikitable > tr > th, .wikitable > * > tr > th { background-color: #eaecf0; text-align: center; }
.wikitable > caption { font-weight: bold; }
.toc { display: inline-block; border: 1px solid #a2a9b1; background: #f8f9fa; padding: 7px; font-size: 95%; }
.toc h2 { font-family: sans-serif; font-size: 100%; font-weight: bold; border: 0; margin: 0; display: inline; }
.toc ul { list-style: none; margin: 0.3em 0 0 0; padding: 0; }
.toc ul ul { margin-left: 2em; }
.toc .tocnumber { padding-right: 0.5em; color: #202122; }
.toctogglecheckbox, .toctogglespan { display: none; }
.catlinks { border: 1px solid #a2a9b1; background: #f8f9fa; padding: 5px; margin-top: 1em; clear: both; }
.catlinks ul { display: inline; margin: 0; padding: 0; list-style: none; }
.catlinks li { display: inline-block; padding: 0 0.5em; border-left: 1px solid #a2a9b1; }
.catlinks li:first-child { border-left: 0; }
footer { margin-top: 2em; font-size: 90%; color: #54595d; }
""".strip()

# No scripts, no frames, no fetches; images from anywhere (a wiki's pictures), styles only inline.
_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data: http: https:"


def _head(title: str) -> str:
    return (
        "<!DOCTYPE html>\n"
        '<html>\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="generator" content="mtpbot preview">\n'
        f"<title>{html.escape(title)}</title>\n<style>\n{STYLESHEET}\n</style>\n</head>\n"
    )


def _note(title_html: str, site_name: str) -> str:
    return (
        f'<p class="mtpbot-preview-note" role="note">Preview of {title_html} on {html.escape(site_name)} '
        "— nothing was saved.</p>\n"
    )


def page_document(title: str, parsed: Parsed, wiki: Parser) -> str:
    """One standalone HTML document: note, title, the parser's HTML with absolute links, categories."""
    index_url = wiki.index_url
    link = f'<a href="{html.escape(wiki.page_url(title))}">{html.escape(title)}</a>'
    heading = parsed.display_title or html.escape(parsed.title or title)
    parts = [
        _head(f"{title} — preview"),
        "<body>\n",
        _note(link, wiki.site_name),
        f'<h1 id="firstHeading">{absolute_links(heading, index_url)}</h1>\n',
        f'<div id="mw-content-text" class="mw-body-content">\n{absolute_links(parsed.html, index_url)}\n</div>\n',
    ]
    if parsed.categories:
        items = "".join(
            f'<li><a href="{html.escape(wiki.page_url(f"Category:{name}"))}">{html.escape(name)}</a></li>'
            for name in parsed.categories
        )
        label = "Category" if len(parsed.categories) == 1 else "Categories"
        parts.append(f'<div id="catlinks" class="catlinks">{label}: <ul>{items}</ul></div>\n')
    parts.append(f'<footer><a href="{INDEX}">All previews</a></footer>\n</body>\n</html>\n')
    return "".join(parts)


def index_document(previews: Sequence[Preview], site_name: str) -> str:
    """index.html: a list of the previews, in the order of the configuration."""
    items = "".join(
        f'<li><a href="{html.escape(quote(p.file_name))}">{html.escape(p.title)}</a></li>\n' for p in previews
    )
    return (
        _head(f"Preview on {site_name}")
        + "<body>\n"
        + _note(f"{len(previews)} page{'s' if len(previews) != 1 else ''}", site_name)
        + f'<h1 id="firstHeading">Preview on {html.escape(site_name)}</h1>\n'
        + f"<ul>\n{items}</ul>\n</body>\n</html>\n"
    )


# MediaWiki's HTML quotes every attribute value with '"' and escapes "<", ">" and '"' inside values and
# text, so a tag is "<" letter … ">" and an attribute value never holds a '"'.
_TAG = re.compile(r"<[A-Za-z][^<>]*>")
_URL_ATTRIBUTE = re.compile(r'(\s(?:href|src)=")([^"]*)(")')
_SRCSET = re.compile(r'(\ssrcset=")([^"]*)(")')


def absolute_links(markup: str, base: str) -> str:
    """Make every link and image address in `markup` absolute against `base` (the wiki's index.php).

    "/wiki/X" and "/w/index.php?title=X" get the wiki's server, "//upload…" its scheme; fragment links
    ("#Grants") stay, since they point into the same document.
    """

    def url(value: str) -> str:
        raw = html.unescape(value).strip()
        if not raw or raw.startswith("#"):
            return value
        return html.escape(urljoin(base, raw), quote=True)

    def srcset(value: str) -> str:
        candidates = []
        for candidate in html.unescape(value).split(","):
            address, _, size = candidate.strip().partition(" ")
            candidates.append(f"{urljoin(base, address)} {size}".strip())
        return html.escape(", ".join(candidates), quote=True)

    def tag(match: re.Match[str]) -> str:
        text = _URL_ATTRIBUTE.sub(lambda m: m.group(1) + url(m.group(2)) + m.group(3), match.group())
        return _SRCSET.sub(lambda m: m.group(1) + srcset(m.group(2)) + m.group(3), text)

    return _TAG.sub(tag, markup)

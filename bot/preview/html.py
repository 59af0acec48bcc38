"""The preview's standalone HTML documents: the wiki parser's HTML with a note, the page title, absolute
links and the categories, styled in the manner of MediaWiki's default skin, plus an index of the pages.

The files open offline in any browser; a Content-Security-Policy keeps them from running scripts or
loading anything but images — except, on a page with charts (bot.preview.charts), the two local
script files that draw them, written next to the page ('self'; no inline script, nothing from elsewhere).
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from typing import Protocol
from urllib.parse import quote, urljoin

from bot.sync.protocols import Parser
from bot.wikipages import ParsedPage

INDEX = "index.html"


class Named(Protocol):
    """A preview as the index lists it."""

    @property
    def title(self) -> str: ...
    @property
    def file_name(self) -> str: ...


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
.mtpbot-chart-figure { margin: 1.5em 0; }
.mtpbot-chart { width: 100%; height: 420px; }
.mtpbot-chart-figure figcaption { font-size: 90%; color: #54595d; }
.mtpbot-charts-missing { background: #fef6e7; border: 1px solid #fc3; padding: 0.5em 1em; }
""".strip()

# No scripts, no frames, no fetches; images from anywhere (a wiki's pictures), styles only inline.
_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data: http: https:"
# A page with charts: the same, and the script files beside it (no inline script, no eval, nothing remote).
_CSP_SCRIPTS = f"{_CSP}; script-src 'self'"


def _head(title: str, scripts: Sequence[str] = ()) -> str:
    tags = "".join(f'<script src="{html.escape(quote(name))}"></script>\n' for name in scripts)
    return (
        "<!DOCTYPE html>\n"
        '<html>\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{_CSP_SCRIPTS if scripts else _CSP}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="generator" content="mtpbot preview">\n'
        f"<title>{html.escape(title)}</title>\n<style>\n{STYLESHEET}\n</style>\n{tags}</head>\n"
    )


def _note(title_html: str, site_name: str) -> str:
    return (
        f'<p class="mtpbot-preview-note" role="note">Preview of {title_html} on {html.escape(site_name)} '
        "— nothing was saved.</p>\n"
    )


def page_document(
    title: str, parsed: ParsedPage, wiki: Parser, scripts: Sequence[str] = (), *, body: str | None = None
) -> str:
    """One standalone HTML document: note, title, the parser's HTML (or `body`, the same with the charts in
    place, drawn by the local `scripts` files) with absolute links, categories."""
    index_url = wiki.index_url
    link = f'<a href="{html.escape(wiki.page_url(title))}">{html.escape(title)}</a>'
    heading = parsed.display_title or html.escape(parsed.title or title)
    parts = [
        _head(f"{title} — preview", scripts),
        "<body>\n",
        _note(link, wiki.site_name),
        f'<h1 id="firstHeading">{absolute_links(heading, index_url)}</h1>\n',
        '<div id="mw-content-text" class="mw-body-content">\n',
        f"{absolute_links(body or parsed.html, index_url)}\n</div>\n",
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


def index_document(previews: Sequence[Named], site_name: str) -> str:
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

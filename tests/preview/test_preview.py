"""`mtpbot preview`: the pages rendered by the wiki's own parser into standalone HTML, nothing saved.

Offline tests of the pieces (file names, links, documents), then the command against the session's local
MediaWiki (files, figures, statuses, no edit, no login, errors), the proof that resolving the status
template inline gives the same HTML as the published template, and a look at the result in Chromium.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import requests
from PIL import Image, ImageChops, ImageFilter

from bot.errors import ExitStatus
from bot.mediawiki import SiteSettings, Wiki
from bot.preview import html as preview_html
from bot.preview import pages as preview
from bot.source.loading import load_priorities
from bot.source.settings import load_config
from bot.sync.pages import render_pages
from bot.wikipages import ParsedPage
from bot.wikitext.render import Renderer
from bot.wikitext.status import STATUS_COLOURS, StatusStyle, status_span
from devwiki import DevWiki, HumanClient, free_port
from tests.preview.conftest import ARTIFACTS, screenshot
from tests.support.proxy import WikiProxy
from tests.support.seed import SEED_CONFIG
from tests.support.workspace import Workspace

# --- offline: file names, links, documents -------------------------------------------------------------------


def test_file_names_are_portable_and_distinct() -> None:
    names = preview.file_names(
        [
            "Wikimedia Foundation Medium-term plan 2019/Thriving Movement/Metrics",
            "Template:MTP status",
            "Template:MTP_status",  # another title, the same characters once made safe
            "template:mtp status",  # differs only in case: a clash on macOS and Windows
            "Index",  # index.html is the list of previews
            "Überblick: Kennzahlen",
            "../../etc/passwd",
            "???",
        ]
    )
    assert list(names.values()) == [
        "Wikimedia-Foundation-Medium-term-plan-2019-Thriving-Movement-Metrics.html",
        "Template-MTP-status.html",
        "Template-MTP_status.html",
        "template-mtp-status-2.html",
        "Index-2.html",
        "Überblick-Kennzahlen.html",
        "etc-passwd.html",
        "page.html",
    ]


def test_links_become_absolute_to_the_wiki_and_text_is_untouched() -> None:
    base = "https://meta.wikimedia.org/w/index.php"
    markup = (
        '<p><a href="/wiki/Main_Page" title="Main Page">/wiki/x</a> <a href="#Grants">Grants</a> '
        '<a href="/w/index.php?title=A&amp;action=edit&amp;redlink=1" class="new">A</a> '
        '<img src="//upload.wikimedia.org/a.png" srcset="//upload.wikimedia.org/a2.png 2x" /> '
        'href="/not/a/link" <a rel="nofollow" class="external" href="https://example.org/">e</a></p>'
    )
    assert preview_html.absolute_links(markup, base) == (
        '<p><a href="https://meta.wikimedia.org/wiki/Main_Page" title="Main Page">/wiki/x</a> '
        '<a href="#Grants">Grants</a> '
        '<a href="https://meta.wikimedia.org/w/index.php?title=A&amp;action=edit&amp;redlink=1" class="new">A</a> '
        '<img src="https://upload.wikimedia.org/a.png" srcset="https://upload.wikimedia.org/a2.png 2x" /> '
        'href="/not/a/link" <a rel="nofollow" class="external" href="https://example.org/">e</a></p>'
    )


FakeParsed = ParsedPage  # the wiki's own value


class FakeWiki:
    site_name = "Meta <&>"
    index_url = "https://meta.example/w/index.php"

    def page_url(self, title: str) -> str:
        return f"https://meta.example/wiki/{title.replace(' ', '_')}"

    def parse(self, text: str, title: str) -> FakeParsed:
        return FakeParsed(title, f'<div class="mw-parser-output"><a href="/wiki/X">{len(text)}</a></div>', "", ())


def test_a_document_is_standalone_and_escapes_what_it_adds() -> None:
    parsed = FakeParsed("A <b> & c", '<div class="mw-parser-output">x</div>', "", ("MTP", "Plans & <more>"))
    document = preview_html.page_document("A <b> & c", parsed, FakeWiki())
    assert document.startswith('<!DOCTYPE html>\n<html>\n<head>\n<meta charset="utf-8">\n')
    assert "<title>A &lt;b&gt; &amp; c — preview</title>" in document
    assert '<h1 id="firstHeading">A &lt;b&gt; &amp; c</h1>' in document
    assert (
        'Preview of <a href="https://meta.example/wiki/A_&lt;b&gt;_&amp;_c">A &lt;b&gt; &amp; c</a> '
        "on Meta &lt;&amp;&gt; — nothing was saved." in document
    )
    assert "Categories: <ul><li>" in document and "Plans &amp; &lt;more&gt;</a>" in document
    assert ".wikitable" in document and "<script" not in document
    assert "Content-Security-Policy" in document  # no script runs, nothing is fetched but images
    assert not re.search(r'(?:href|src)="(?!#|https?://|index\.html)', document)


def test_preview_pages_parses_each_page_once_and_writes_an_index(tmp_path: Path) -> None:
    config = load_config(SEED_CONFIG)
    pages = preview.render_for_preview(config, load_priorities(config.source_paths))
    previews = preview.preview_pages(pages, FakeWiki())
    written = preview.write_previews(previews, tmp_path / "out" / "new", "Meta")
    assert [p.name for p in written] == [
        "Wikimedia-Foundation-Medium-term-plan-2019-Thriving-Movement-Metrics.html",
        "Wikimedia-Foundation-Medium-term-plan-2019-Metrics.html",
        "Template-MTP-status.html",
        "index.html",
    ]
    index = written[-1].read_text(encoding="utf-8")
    for item in previews:
        assert f'<a href="{item.file_name}">{html.escape(item.title)}</a>' in index
    assert 'href="https://meta.example/wiki/X"' in written[0].read_text(encoding="utf-8")


def test_the_preview_text_differs_from_the_published_text_only_in_the_status_markup() -> None:
    config = load_config(SEED_CONFIG)
    reports = load_priorities(config.source_paths)
    published = render_pages(config, reports, Renderer(config.templates_dir, StatusStyle("MTP status")))
    previewed = preview.render_for_preview(config, reports)
    for before, after in zip(published, previewed, strict=True):
        # Every call of the template becomes its span; the usage example in <nowiki> stays as written.
        text = re.sub(r"(?<!<nowiki>)\{\{MTP status\|([a-z ]+)\}\}", lambda m: status_span(m[1]), before.text)
        assert preview_without_checksums(after.text) == preview_without_checksums(text), before.title


def preview_without_checksums(text: str) -> str:
    """The seals of regions and rows differ with their bytes; everything else must be the same."""
    return re.sub(r"(checksum=|mtpbot-row )[0-9a-f]+", r"\1…", text)


# --- the command against the local wiki ----------------------------------------------------------------------


def _api(wiki: DevWiki, **params: str) -> dict[str, Any]:
    reply = requests.get(wiki.api_url, params={"format": "json", "formatversion": "2", **params}, timeout=30)
    reply.raise_for_status()
    data: dict[str, Any] = reply.json()
    return data


def _exists(wiki: DevWiki, title: str) -> bool:
    page = _api(wiki, action="query", titles=title)["query"]["pages"][0]
    return not page.get("missing")


def _recent_changes(wiki: DevWiki) -> list[int]:
    changes = _api(wiki, action="query", list="recentchanges", rcprop="ids", rclimit="500")["query"]["recentchanges"]
    return [int(change["rcid"]) for change in changes]


def _statuses(space: Workspace) -> list[str]:
    """The Q1 status of each deliverable."""
    return [_status(d) for outcome in space.metrics()["outcomes"] for d in outcome["deliverables"]]


def _status(deliverable: dict[str, Any]) -> str:
    mark = deliverable["status"]["2019-20 Q1"]
    return str(mark if isinstance(mark, str) else mark["status"])


def _span(status: str) -> str:
    background, border = STATUS_COLOURS[status]
    return f'class="mtp-status" style="background:{background};border-left:4px solid {border};'


@pytest.mark.wiki
def test_preview_of_the_shipped_pages_saves_nothing_and_shows_every_figure(space: Workspace) -> None:
    wiki = space.wiki
    assert wiki is not None
    changes_before = _recent_changes(wiki)
    env = space.process_env()
    assert not {"MTPBOT_USERNAME", "MTPBOT_PASSWORD", "PYWIKIBOT_DIR"} & env.keys()
    with WikiProxy(wiki.url) as proxy:
        site = ["--site-url", proxy.api_url]  # sees every request, with its form body
        # A fresh process, as a maintainer runs it: nothing logged in before.
        done = space.mtpbot_process("preview", "--out", str(space.preview_dir), *site, env=env)
        seen = proxy.seen
    assert done.returncode == ExitStatus.OK, done.stderr
    metrics_file, template_file = (space.preview_dir / name for name in space.preview_file_names())
    assert metrics_file.name.startswith("Preview-test-") and template_file.name.startswith("Template-MTP-status-")
    index_file = space.preview_dir / "index.html"
    assert done.stderr.splitlines() == [str(metrics_file), str(template_file), str(index_file)]
    assert done.stdout == ""

    # Nothing saved: no edit went over the wire, no login either, the pages do not exist, no recent change.
    assert {s.action for s in seen} <= {"query", "paraminfo", "parse"}, [s.params for s in seen]
    assert not any(s.is_save for s in seen)
    parses = [s for s in seen if s.action == "parse"]
    assert [(s.method, s.title) for s in parses] == [("POST", space.metrics_title), ("POST", space.template_title)]
    for request in parses:
        assert request.params["contentmodel"] == "wikitext"
        assert request.params["prop"] == "text|categories|displaytitle"
        assert "disablelimitreport" in request.params
    assert not _exists(wiki, space.metrics_title)
    assert not _exists(wiki, space.template_title)
    assert _recent_changes(wiki) == changes_before

    page = metrics_file.read_text(encoding="utf-8")
    assert page.startswith('<!DOCTYPE html>\n<html>\n<head>\n<meta charset="utf-8">')
    assert f'Preview of <a href="{wiki.url}/index.php/Preview_test_' in page  # the page on the wiki
    assert "on DevWiki — nothing was saved." in page
    assert page.count('<table class="wikitable"') >= 5
    for outcome in space.metrics()["outcomes"]:
        assert html.escape(outcome["text"], quote=False) in page
        for deliverable in outcome["deliverables"]:
            assert html.escape(deliverable["name"], quote=False) in page
    assert "$527,823" in page and "148" in page  # the grants totals
    assert "5.1% YoY" in page and "86K/mo" in page
    # The statuses are coloured although the template does not exist on the wiki: no call, no red link.
    assert page.count(_span("unknown")) == len(_statuses(space)) == 7
    assert space.status_template not in page and "{{" not in page
    assert 'Category:Wikimedia_Foundation_Medium-term_plan_2019"' in page
    local = r"index\.html|echarts\.common\.min\.js\"|mtpbot-charts\.js\""  # the charts' scripts, written beside it
    assert not re.search(rf'(?:href|src)="(?!#|https?://|{local})', page), "a link that does not work offline"
    assert "NewPP limit report" not in page and "mw-editsection" not in page

    template = template_file.read_text(encoding="utf-8")
    for status in STATUS_COLOURS:
        assert _span(status) in template, status
    assert f'href="{metrics_file.name}"' in index_file.read_text(encoding="utf-8")


@pytest.mark.wiki
def test_one_page_only(space: Workspace) -> None:
    result = space.preview("--page", space.template_title)
    assert result.exit_code == ExitStatus.OK, result.stderr
    assert sorted(p.name for p in space.preview_dir.iterdir()) == [space.preview_file_names()[1], "index.html"]


@pytest.mark.wiki
def test_inline_statuses_give_the_same_html_as_the_published_template(space: Workspace, human: HumanClient) -> None:
    """The design choice of bot/preview/pages.py, checked: with the template published and the page as sync saves
    it, the wiki's parser gives byte for byte the HTML of the preview's inline rendering."""
    config = load_config(space.config)
    reports = load_priorities(config.source_paths)
    status = config.settings.status
    published = render_pages(config, reports, Renderer(config.templates_dir, StatusStyle(status.template)))
    previewed = {page.title: page for page in preview.render_for_preview(config, reports)}
    template = next(page for page in published if page.title == space.template_title)
    human.edit(space.template_title, template.text, "the status template, as mtpbot publishes it")

    assert space.wiki is not None
    settings = SiteSettings(
        family="meta", code="meta", api_url=space.wiki.api_url, put_throttle=0, max_retries=0, retry_wait=5
    )
    wiki = Wiki(settings)
    wiki.connect(login=False)
    for page in published:
        as_published = wiki.parse(page.text, page.title)
        as_previewed = wiki.parse(previewed[page.title].text, page.title)
        assert as_published.html == as_previewed.html, page.title
        assert as_published.categories == as_previewed.categories
    assert "mtp-status" in wiki.parse(f"{{{{{status.template}|at risk}}}}", "X").html


@pytest.mark.wiki
def test_an_unreachable_wiki_is_exit_6_and_writes_nothing(space: Workspace) -> None:
    result = space.preview(site_url=f"http://127.0.0.1:{free_port()}/api.php")
    assert result.exit_code == ExitStatus.WIKI_UNAVAILABLE
    assert "error: Could not reach the wiki" in result.stderr and "hint: " in result.stderr
    assert not space.preview_dir.exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--page", "No such page"], "page not in"),
        (["--site-url", "http://example.org/api.php"], "plain http on another machine"),
        (["--site-url", "ftp://127.0.0.1/x"], "is not the address of a MediaWiki api.php"),
    ],
    ids=["unknown page", "insecure url", "not an api"],
)
def test_bad_input_is_refused_before_any_request(offline_space: Workspace, args: list[str], message: str) -> None:
    space = offline_space  # never reaches a wiki
    result = space.mtpbot("preview", "--out", str(space.preview_dir), *args)
    assert result.exit_code == ExitStatus.BAD_INPUT
    assert message in result.stderr
    assert not space.preview_dir.exists()


def test_out_must_be_a_folder(offline_space: Workspace) -> None:
    space = offline_space
    space.preview_dir.write_text("a file")
    result = space.mtpbot("preview", "--out", str(space.preview_dir))
    assert result.exit_code == ExitStatus.BAD_INPUT
    assert "is a file" in result.stderr


# --- in a browser: the colours on screen ---------------------------------------------------------------------


def _hex(colour: str) -> tuple[int, int, int]:
    digits = colour.lstrip("#")
    if len(digits) == 3:
        digits = "".join(d * 2 for d in digits)
    return int(digits[0:2], 16), int(digits[2:4], 16), int(digits[4:6], 16)


def _mask(image: Image.Image, colour: str) -> Image.Image:
    """A mode-L image: 255 where the screenshot shows exactly `colour`, 0 elsewhere."""
    channels = [
        band.point(lambda v, c=c: 255 if v == c else 0) for band, c in zip(image.split(), _hex(colour), strict=True)
    ]
    return ImageChops.darker(ImageChops.darker(channels[0], channels[1]), channels[2])


def _blobs(mask: Image.Image) -> list[tuple[int, int, int, int]]:
    """Bounding boxes (x0, y0, x1, y1; inclusive) of the 8-connected groups of set pixels."""
    box = mask.getbbox()
    if box is None:
        return []
    left, top = box[0], box[1]
    crop = mask.crop(box)
    width = crop.width
    pixels = {(i % width + left, i // width + top) for i, v in enumerate(crop.tobytes()) if v}
    blobs = []
    while pixels:
        stack = [pixels.pop()]
        xs, ys = [stack[0][0]], [stack[0][1]]
        while stack:
            x, y = stack.pop()
            for dx in (-1, 0, 1):
                for dy in (-1, 0, 1):
                    if (x + dx, y + dy) in pixels:
                        pixels.remove((x + dx, y + dy))
                        stack.append((x + dx, y + dy))
                        xs.append(x + dx)
                        ys.append(y + dy)
        blobs.append((min(xs), min(ys), max(xs), max(ys)))
    return sorted(blobs, key=lambda b: (b[1], b[0]))


@dataclass(frozen=True)
class Mark:
    """A status on screen: its solid left border, and the background right of it."""

    status: str
    x: int
    top: int
    bottom: int


def status_marks(image: Image.Image, statuses: Iterable[str]) -> list[Mark]:
    """Every status span visible in the screenshot, top to bottom.

    A span is found by its 4 px solid border in the status's border colour (eroded by a 3×3 minimum, so
    anti-aliased text of the same colour, like a red link, does not count) with the status's background
    colour directly to its right (the padding).
    """
    marks = []
    for status in statuses:
        background, border = STATUS_COLOURS[status]
        solid = _mask(image, border).filter(ImageFilter.MinFilter(3))
        fill = _mask(image, background)
        for x0, y0, x1, y1 in _blobs(solid):
            if y1 - y0 < 8:  # shorter than a line of text: not a border
                continue
            beside = fill.crop((x1 + 2, y0, x1 + 8, y1 + 1))
            if beside.getextrema() == (255, 255):  # all of it
                marks.append(Mark(status, x0 - 1, y0 - 1, y1 + 1))
    return sorted(marks, key=lambda m: m.top)


@pytest.mark.wiki
def test_the_status_colours_appear_on_screen(space: Workspace, chromium: Path, tmp_path: Path) -> None:
    data = space.metrics()
    chosen = {"armdeb": "on track", "movement-diversity": "at risk", "safe-secure-spaces": "at standstill"}
    for outcome in data["outcomes"]:
        for deliverable in outcome["deliverables"]:
            if deliverable["id"] in chosen:
                deliverable["status"]["2019-20 Q1"] = chosen[deliverable["id"]]
    space.write_metrics(data)
    expected = [_status(d) for outcome in data["outcomes"] for d in outcome["deliverables"]]
    assert expected[:3] == ["on track", "at risk", "at standstill"] and expected[3:] == ["unknown"] * 4

    result = space.preview("--page", space.metrics_title)
    assert result.exit_code == ExitStatus.OK, result.stderr
    page = space.preview_dir / space.preview_file_names()[0]
    png = ARTIFACTS / "preview-statuses.png"
    screenshot(chromium, page, png, tmp_path / "chromium-profile")

    with Image.open(png) as shot:
        image = shot.convert("RGB")
    assert image.size == (1400, 3000)
    marks = status_marks(image, STATUS_COLOURS)
    # One mark per deliverable, in the order of the table, all in the Q1 column, each a line high.
    assert [m.status for m in marks] == expected, marks
    assert len({m.x for m in marks}) == 1, marks
    assert all(12 <= m.bottom - m.top <= 40 for m in marks), marks
    # Each colour is on screen where its status is, and nowhere else (the padding and the gaps between the
    # letters; "unknown" shares its background with the table, so only its border counts).
    for mark in marks[:3]:
        background = _mask(image, STATUS_COLOURS[mark.status][0])
        assert sum(background.histogram()[255:]) > 300, mark
        left, top, right, bottom = background.getbbox() or (0, 0, 0, 0)
        assert mark.x < left and right < mark.x + 200 and mark.top <= top and bottom <= mark.bottom + 1, mark

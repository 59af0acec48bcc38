"""Any string in any text field renders inert: the page keeps its shape under mwparserfromhell.

A value can never open or close a table, row or cell, nor add a template, parameter, link, comment,
tag, heading, category, signature, magic word or `subst:`. And it still reads as the same characters.
"""

from __future__ import annotations

import copy
import html
import re
from collections import Counter
from pathlib import Path
from typing import Any

import mwparserfromhell
import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from bot.source.model import PriorityFile
from bot.wikitext.escape import escape
from bot.wikitext.render import Renderer
from bot.wikitext.status import StatusStyle
from bot.wikitext.tables import YearView
from tests.support.examples import examples
from tests.support.seed import SEED_METRICS

ROOT = Path(__file__).resolve().parents[2]
SEED_DATA: dict[str, Any] = yaml.safe_load(SEED_METRICS.read_text())
RENDERER = Renderer(ROOT / "templates", StatusStyle("MTP status"))

# Where an untrusted string can go: every text value of the shipped document, found by walking it, except
# the few whose form validation fixes (ids, enums, dates, references) — a hostile value there is refused.
NOT_FREE_TEXT = {"id", "status", "footnote", "metric", "period"}
NOT_FREE_LISTS = {"fiscal_years", "cell"}  # fiscal years and the parts of a cell: their values are fixed words


def text_fields(node: Any, path: tuple[str | int, ...] = ()) -> list[tuple[tuple[str | int, ...], str | int]]:
    found: list[tuple[tuple[str | int, ...], str | int]] = []
    items = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else []
    for key, value in items:
        if isinstance(value, str) and key not in NOT_FREE_TEXT and not NOT_FREE_LISTS & set(path):
            found.append((path, key))
        elif isinstance(value, dict | list):
            found.extend(text_fields(value, (*path, key)))
    return found


TEXT_FIELDS = text_fields(SEED_DATA)
assert len(TEXT_FIELDS) > 100, "the walk should find every text value of the shipped metrics"

HOSTILE = [
    "{{subst:PAGENAME}}", "[[Category:Spam]]", "|}", "{|", "|-", "||", "!!", "<!-- x", "-->",
    "<script>alert(1)</script>", "~~~~", "__NOTOC__", "''bold''", "[https://evil.example x]",
    "https://evil.example", "mailto:x@example.org", "<nowiki>", "</span>", "{{{1}}}", "=== h ===",
    "\n== injected heading ==\n", "\n|}\n[[Category:X]]", "ISBN 9780306406157", "&#124;", "&lt;b&gt;",
    "-{zh:x}-", "<ref>x</ref>", "#REDIRECT [[X]]", "\r\n* item", "\x00\x1b", "a\u2028b",
]  # fmt: skip


def with_value(path: tuple[str | int, ...], key: str | int, value: str) -> PriorityFile | None:
    document = copy.deepcopy(SEED_DATA)
    target: Any = document
    for part in path:
        target = target[part]
    target[key] = value
    try:
        return PriorityFile.model_validate(document)
    except ValidationError:
        return None  # the field rejects this value (e.g. text that looks like a number): nothing renders


def shape(text: str) -> Counter[str]:
    """What wikitext structure a page has: counts of every kind of node, tags by name."""
    counts: Counter[str] = Counter()
    for node in mwparserfromhell.parse(text).ifilter(recursive=True):
        kind = type(node).__name__
        if kind in ("Text", "HTMLEntity"):  # entities are how escaped characters are written
            continue
        if kind == "Tag":
            kind = f"Tag:{node.tag}"  # type: ignore[attr-defined]
        counts[kind] += 1
    return counts


COLUMNS = {"metrics": ("yoy", "progress"), "key-results": ("progress",), "kpis": ("qoq", "yoy")}


def page(priority: PriorityFile) -> str:
    """The priority's page, every table with its derived columns, and the overview of it."""
    year = priority.latest_year()
    view = YearView(priority, year, RENDERER.status, COLUMNS)  # type: ignore[arg-type]
    context = {"priority": priority, "year": year, "view": view, "overview": [view], "pages": {}}
    return RENDERER.render("priority-metrics.wiki.j2", **context) + RENDERER.render("overview.wiki.j2", **context)


BASELINE = {i: page(r) for i, (p, k) in enumerate(TEXT_FIELDS) if (r := with_value(p, k, "x"))}
BASELINE_SHAPES = {i: shape(t) for i, t in BASELINE.items()}

hostile_text = st.one_of(
    st.sampled_from(HOSTILE),
    st.text(alphabet=st.sampled_from("{}[]|<>!=-*#:;'~&_/ \nabcxyz0123456789\"\r\t"), min_size=1),
    st.text(min_size=1),
)


@settings(max_examples=examples(1000), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(field=st.sampled_from(range(len(TEXT_FIELDS))), value=hostile_text)
@example(field=0, value="{{subst:PAGENAME}}")
@example(field=len(TEXT_FIELDS) - 1, value="\n|}\n[[Category:X]]")
def test_any_value_keeps_the_page_shape(field: int, value: str) -> None:
    path, key = TEXT_FIELDS[field]
    priority = with_value(path, key, value)
    if priority is None:
        return
    text = page(priority)
    assert shape(text) == BASELINE_SHAPES[field], f"{value!r} in {path}.{key} changed the page structure"
    for danger in (r"~~~", r"(?i)\{\{\s*subst:", r"__[A-Z]+__", r"(?i)\[\[\s*category:", r"(?i)\bISBN\s+\d"):
        assert len(re.findall(danger, text)) == len(re.findall(danger, BASELINE[field])), danger


@settings(max_examples=examples(500), deadline=None)
@given(value=hostile_text)
def test_escaped_text_reads_as_the_same_characters(value: str) -> None:
    shown = html.unescape(escape(value))
    expected = re.sub(r"\r\n|[\r\n\u2028\u2029\x85]", " ", value)
    expected = re.sub(r"[\x00-\x08\x0b-\x1f\x7f]", "\ufffd", expected).strip()
    assert shown == expected


@settings(max_examples=examples(500), deadline=None)
@given(value=hostile_text)
def test_escaped_text_is_a_single_line_of_plain_text(value: str) -> None:
    escaped = escape(value)
    assert "\n" not in escaped and "\r" not in escaped
    assert shape(escaped) == Counter(), f"{value!r} -> {escaped!r} still parses as markup"

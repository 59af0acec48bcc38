"""The second guard of splicing (bot.wikitext.regions.structure): the page outside its regions parses as it did.

The placement rules (bot.wikitext.regions.placement, cases/misplaced.yaml) refuse misplaced markers before splicing;
these tests switch that first check off and show that the guard alone still refuses to write a table into a
heading, a template or parser function, an external link or a table cell, and never refuses a well-placed one.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from unittest import mock

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.wikitext import regions
from bot.wikitext.escape import escape
from bot.wikitext.regions import find_regions
from bot.wikitext.regions.errors import MarkerError
from bot.wikitext.regions.markers import begin_marker, end_marker
from bot.wikitext.regions.splice import splice
from bot.wikitext.regions.structure import outside_regions, probe

PROPERTY_SETTINGS = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.filter_too_much])
WORDS = st.text(st.sampled_from("abc XYZ.,;:!?é中🌍"), min_size=1, max_size=20).map(str.strip).filter(bool)
# Plain text around the regions: lines of words, some of them headings or list items.
LINE = st.one_of(WORDS, WORDS.map(lambda w: f"== {w} =="), WORDS.map(lambda w: f"* {w}"))
AROUND = st.lists(LINE, max_size=4).map(lambda lines: "".join(line + "\n" for line in lines))
WRAPPERS = [("", ""), ('<div class="mtp">\n', "\n</div>"), ("<noinclude>\n", "\n</noinclude>")]
WRAPPERS += [("<includeonly>", "</includeonly>"), ("<onlyinclude>", "</onlyinclude>"), ("<div><div>", "</div></div>")]
# (opening, closing) around markers where a table cannot stand; each shows mwparserfromhell the damage.
MISPLACED = {
    "heading": ("== ", " =="),
    "template argument": ("{{Infobox|body=", "|footer=human}}"),
    "parser function": ("{{#if:1|", "}}"),
    "external link": ("[https://example.org ", "]"),
    "table cell": ("{|\n| ", "\n|}"),
}


def _table(cells: list[str]) -> str:
    """A region's content as the bot renders it: a table on lines of its own, every value escaped."""
    rows = "".join(f"|-\n| {escape(cell)}\n" for cell in cells)
    return '\n{| class="wikitable"\n! Metric\n' + rows + "|}\n"


TABLES = st.lists(WORDS, min_size=1, max_size=3).map(_table)


@contextmanager
def _placement_unchecked() -> Iterator[None]:
    """The first check (bot.wikitext.regions.placement) switched off: only the guard stands."""
    with mock.patch.object(regions, "check_placement", lambda *args: None):
        yield


@PROPERTY_SETTINGS
@given(AROUND, st.sampled_from(WRAPPERS), WORDS, TABLES, AROUND)
def test_a_well_placed_table_is_always_written(
    before: str, wrapper: tuple[str, str], old: str, new: str, after: str
) -> None:
    page = before + wrapper[0] + begin_marker("a") + old + end_marker("a") + wrapper[1] + "\n" + after
    result = splice(page, {"a": new})
    assert find_regions(result)["a"].content == new
    assert outside_regions(result) == outside_regions(page)
    assert splice(result, {"a": old}) == page


@PROPERTY_SETTINGS
@given(st.sampled_from(sorted(MISPLACED)), WORDS, WORDS, TABLES)
def test_the_guard_alone_refuses_a_table_where_it_cannot_stand(place: str, text: str, old: str, new: str) -> None:
    opening, closing = MISPLACED[place]
    page = f"Intro\n{opening}{text} {begin_marker('a')}{old}{end_marker('a')}{closing}\nOutro\n"
    with _placement_unchecked(), pytest.raises(MarkerError) as info:
        splice(page, {"a": new}, title="Metrics")
    error, line = info.value, 2 + opening.count("\n")
    assert (error.kind, error.name, error.line) == ("misplaced", "a", line), error
    assert f'Page "Metrics", line {line}: writing region "a" would change how the page reads' in error.message
    assert "directly inside a <div>" in error.hint
    with pytest.raises(MarkerError, match="sits inside"):  # and the first check refuses it in the first place
        splice(page, {"a": new}, title="Metrics")


def test_the_guard_names_the_node_that_would_break() -> None:
    page = "Intro\n{{Infobox|body=" + begin_marker("a") + "x" + end_marker("a") + "}}\n"
    with _placement_unchecked(), pytest.raises(MarkerError, match=r"\(the template \{\{Infobox\}\} would not stay"):
        splice(page, {"a": _table(["1"])})
    page = "Intro\n== Figures " + begin_marker("a") + "x" + end_marker("a") + " ==\n"
    with _placement_unchecked(), pytest.raises(MarkerError, match=r"\(the heading Figures "):
        splice(page, {"a": _table(["1"])})


def test_unchanged_regions_are_not_checked_again() -> None:
    """Only a region whose content changes is guarded (an attribute-only splice writes no content)."""
    page = "== " + begin_marker("a") + "x" + end_marker("a") + " ==\n"
    with _placement_unchecked():
        assert splice(page, {"a": "x"}) == page
        assert splice(page, {}, attributes={"a": "checksum=1"}) == page.replace("begin a", "begin a checksum=1")


def test_the_probe_shows_every_pipe() -> None:
    assert probe('\n{| class="x"\n| 1\n|}\n') == '\n{ | class="x"\n| 1\n|}\n'
    assert outside_regions("a\0b") == outside_regions("a\0b")  # NUL does not stop the parser
    assert outside_regions("x " + begin_marker("a") + "1" + end_marker("a")) == (("text", "x "), ("region", "a"))

"""Edit summaries, whatever the values in them: within MediaWiki's 500 code points once MediaWiki has cleaned
them, with the data commit at the end, and with nothing MediaWiki shows as a link, a mention, a section link
or a template (bot/wikitext/summary_text.py says what MediaWiki 1.39 does to a summary).

The hostile values here are checked against the real parser of the local wiki in
tests/wikitext/test_summaries_on_the_wiki.py; these tests hold the pure function to a model of that parser
(CommentParser and Echo's summary mentions, as PHP regular expressions translated) on many generated inputs.
"""

from __future__ import annotations

import html
import re

from hypothesis import example, given, settings
from hypothesis import strategies as st

from bot.source.characters import as_mediawiki_stores
from bot.wikitext import summaries
from bot.wikitext.summary_text import BREAK, SUMMARY_LIMIT, fit, inert
from tests.support.examples import examples

PREFIX = "Bot: MTP metrics"

# CommentParser::doWikiLinks and ::doSectionLinks (includes/CommentFormatter/CommentParser.php), run on the
# text after Sanitizer::decodeCharReferences; EchoSummaryParser::parse on the raw text.
WIKI_LINK = re.compile(r"\[\[\s*:?([^\[\]|]+)(?:\|((?:\]?[^\]])*))?\]\]")
SECTION_LINK = re.compile(r"/\*\s*(.*?)\s*\*/")
ECHO_MENTION = re.compile(r"\[\[([^\[\]{}|#<>]*)(?:\|.*?)?\]\]")
TEMPLATE = re.compile(r"\{\{")


def decoded(text: str) -> str:
    """What CommentParser reads: character references decoded (html.unescape decodes at least as many)."""
    return html.unescape(text)


def markup_in(text: str) -> list[str]:
    """Everything MediaWiki (with Echo) would read as markup in a summary: links, mentions, sections, templates."""
    shown = decoded(text)
    found = [m.group() for m in WIKI_LINK.finditer(shown)] + [m.group() for m in SECTION_LINK.finditer(shown)]
    found += [m.group() for m in ECHO_MENTION.finditer(text)] + [m.group() for m in TEMPLATE.finditer(shown)]
    return found


HOSTILE = [
    "[[User:Admin]]", "[[[User:Admin]]]", "[[[[User:Admin]]]]", "[[[[[User:Admin|x]]]]]", "[ [User:Admin]]",
    "&#91;&#91;User:Admin&#93;&#93;", "&#x5B;&#x5b;User:Admin]]", "&lsqb;&lsqb;User:Admin&rsqb;&rsqb;",
    "[&#91;User:Admin]]", "&amp;#91;&amp;#91;User:Admin]]", "/* section */", "/*/*x*/", "&#47;&#42; s &#42;&#47;",
    "/&#42; s */", "{{subst:PAGENAME}}", "{{{1}}}", "&#123;&#123;x}}", "[[:Category:X]]", "[[Media:X.png]]",
    "[https://evil.example ping]", "~~~~", "a\nb\rc\td", "\x1b[1m", "a\ufffeb", "e\u0301", "\u0958", "[[\u0301x]]",
]  # fmt: skip

values = st.one_of(
    st.sampled_from(HOSTILE),
    st.text(alphabet=st.sampled_from("[]{}/*&#;:|x1 \u0301\u200b"), max_size=40),
    st.text(max_size=80),
)
sources = st.one_of(st.just(""), st.from_regex(r"[0-9a-f]{7,40}", fullmatch=True), st.text(max_size=40))


def tail_of(source: str) -> str:
    return inert(f" (data {source})") if source else ""


@settings(max_examples=examples(1500), deadline=None)
@given(prefix=st.one_of(st.just(PREFIX), values), items=st.lists(values, min_size=1, max_size=80), source=sources)
@example(prefix=PREFIX, items=["[[[User:Admin]]] 1 → 2"], source="abc1234")
@example(prefix=PREFIX, items=["&#91;&#91;User:Admin&#93;&#93;"], source="abc1234")
@example(prefix=PREFIX, items=[f"[[x]] {n}" for n in range(80)], source="abc1234")
def test_a_summary_fits_keeps_its_data_commit_and_holds_no_markup(prefix: str, items: list[str], source: str) -> None:
    text = summaries.summary(prefix, items, source)
    assert as_mediawiki_stores(text) == text, "MediaWiki would change the summary, so its length could change"
    assert len(text) <= SUMMARY_LIMIT
    assert text.endswith(tail_of(source)), "the data commit is lost"
    assert markup_in(text) == [], text
    assert decoded(text) == text, "a character reference in a summary"


@settings(max_examples=examples(500), deadline=None)
@given(items=st.lists(values, min_size=1, max_size=80), source=st.from_regex(r"[0-9a-f]{7}", fullmatch=True))
def test_a_long_summary_keeps_the_first_items_that_fit_and_counts_the_others(items: list[str], source: str) -> None:
    text = summaries.summary(PREFIX, items, source)
    head, tail = f"{PREFIX}: ", f" (data {source})"
    if text == inert(head + "; ".join(items) + tail):
        return
    kept = next(k for k in range(len(items)) if text == fit_with(head, items, k, tail))
    assert len(fit_with(head, items, kept + 1, tail)) > SUMMARY_LIMIT, "an item that fits was left out"


def fit_with(head: str, items: list[str], kept: int, tail: str) -> str:
    more = f"…and {len(items) - kept} more"
    return inert(head + "; ".join([*items[:kept], more] if kept < len(items) else items) + tail)


def test_what_a_summary_shows_is_the_text_without_the_breaks() -> None:
    text = summaries.summary(PREFIX, ["[[[User:Admin]]] 1 → 2", "/* s */", "&#91;"], "abc1234")
    assert text.replace(BREAK, "") == f"{PREFIX}: [[[User:Admin]]] 1 → 2; /* s */; &#91; (data abc1234)"


def test_the_length_is_measured_after_the_breaks_and_normal_form_c() -> None:
    """The fault: 500 characters counted before the zero-width spaces went in; and "क़" (U+0958) is two code
    points once MediaWiki has normalised it."""
    items = [f"[[x]] {n} → {n + 1}" for n in range(40)] + ["\u0958" * 200]
    text = summaries.summary(PREFIX, items, "abc1234")
    assert len(as_mediawiki_stores(text)) == len(text) <= SUMMARY_LIMIT
    assert text.endswith(" (data abc1234)")


def test_a_prefix_too_long_for_anything_else_is_shortened_and_the_data_commit_kept() -> None:
    text = fit("[[P]] " * 200, ["one", "two"], " (data abc1234)")
    assert len(text) <= SUMMARY_LIMIT and text.endswith("…and 2 more (data abc1234)")
    assert markup_in(text) == []

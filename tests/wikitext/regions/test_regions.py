"""Tests of the managed regions: the data-file corpus in cases/, then property tests of splicing."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from random import Random
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from bot.errors import RegionError
from bot.wikitext.regions import Region, find_regions
from bot.wikitext.regions.errors import ContentError, MarkerError, MissingRegionsError
from bot.wikitext.regions.markers import begin_marker, end_marker, is_valid_name
from bot.wikitext.regions.splice import splice

CASES = Path(__file__).parent / "cases"

# --- the corpus ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    id: str
    title: str
    page: str
    splice: dict[str, str] | None
    set_attributes: tuple[str, str] | None
    output: str | None
    regions: dict[str, tuple[str, str]] | None
    error: dict[str, Any] | None


_KEYS = {"id", "title", "page", "splice", "set_attributes", "output", "regions", "error"}
_ERROR_KEYS = {"kind", "line", "name", "names", "message"}


def _load_cases() -> list[Case]:
    cases: list[Case] = []
    for path in sorted(CASES.glob("*.yaml")):
        seen: set[str] = set()
        for raw in yaml.safe_load(path.read_text(encoding="utf-8")):
            # A typo in a key would silently skip a check; refuse it instead.
            assert set(raw) <= _KEYS, f"{path.name}: unknown keys {set(raw) - _KEYS}"
            assert raw["id"] not in seen, f"{path.name}: duplicate id {raw['id']}"
            seen.add(raw["id"])
            expectations = [key for key in ("output", "regions", "error") if key in raw]
            assert len(expectations) == 1, f"{path.name}:{raw['id']}: need exactly one of output/regions/error"
            error = raw.get("error")
            assert error is None or set(error) <= _ERROR_KEYS, f"{path.name}:{raw['id']}: bad error keys"
            attrs = raw.get("set_attributes")
            regions = raw.get("regions")
            cases.append(
                Case(
                    id=f"{path.stem}:{raw['id']}",
                    title=raw.get("title", "Test page"),
                    page=raw["page"],
                    splice=raw.get("splice"),
                    set_attributes=(attrs["name"], attrs["attributes"]) if attrs else None,
                    output=raw.get("output"),
                    regions=None
                    if regions is None
                    else {name: (r["attributes"], r["content"]) for name, r in regions.items()},
                    error=error,
                )
            )
    return cases


ALL_CASES = _load_cases()


def _run(case: Case) -> str | dict[str, Region]:
    if case.splice is not None:
        return splice(case.page, case.splice, title=case.title)
    if case.set_attributes is not None:
        return _set_attributes(case.page, *case.set_attributes, title=case.title)
    return find_regions(case.page, title=case.title)


def _set_attributes(page: str, name: str, attributes: str, *, title: str = "") -> str:
    """A `set_attributes` case: only the begin marker of region NAME is rewritten, by splice()."""
    return splice(page, {}, attributes={name: attributes}, title=title)


@pytest.mark.parametrize("case", ALL_CASES, ids=[case.id for case in ALL_CASES])
def test_case(case: Case) -> None:
    if case.error is not None:
        with pytest.raises(RegionError) as info:
            _run(case)
        error = info.value
        expected = case.error
        assert getattr(error, "kind", None) == expected["kind"], str(error)
        if "line" in expected:
            assert isinstance(error, MarkerError) and error.line == expected["line"], str(error)
        if "name" in expected:
            assert isinstance(error, MarkerError) and error.name == expected["name"], str(error)
        if "names" in expected:
            assert isinstance(error, MissingRegionsError | ContentError)
            assert list(error.names) == expected["names"], str(error)
        for part in expected.get("message", []):
            assert part in str(error)
        assert error.message and error.hint, "every error says what went wrong and what to do"
        if case.title and isinstance(error, MarkerError | MissingRegionsError):
            assert f'"{case.title}"' in error.message
        return
    result = _run(case)
    if case.output is not None:
        assert result == case.output
    if case.regions is not None:
        assert isinstance(result, dict)
        assert list(result) == list(case.regions)  # page order
        assert {name: (r.attributes, r.content) for name, r in result.items()} == case.regions


@pytest.mark.parametrize("case", [c for c in ALL_CASES if c.error is None], ids=lambda case: case.id)
def test_case_round_trip(case: Case) -> None:
    """Splicing every region with its own content gives back the page, byte for byte."""
    regions = find_regions(case.page)
    assert splice(case.page, {name: r.content for name, r in regions.items()}) == case.page
    for region in regions.values():
        assert case.page[region.start : region.end] == region.content
        assert case.page.count("\n", 0, region.start) + 1 >= region.line


def test_corpus_is_not_empty() -> None:
    kinds = {case.error["kind"] for case in ALL_CASES if case.error}
    assert kinds >= {
        "malformed",
        "unparsed",
        "duplicate",
        "missing-end",
        "missing-begin",
        "end-before-begin",
        "unbalanced",
        "nested",
        "missing",
        "content",
        "misplaced",
    }


# --- the small API ---------------------------------------------------------------------------------


def test_markers() -> None:
    assert begin_marker("metrics") == "<!-- mtpbot:begin metrics -->"
    assert begin_marker("metrics", " sha=1a2b ") == "<!-- mtpbot:begin metrics sha=1a2b -->"
    assert end_marker("metrics") == "<!-- mtpbot:end metrics -->"
    for bad in ["", "-x", "a b", "é", "a!", "_a"]:
        assert not is_valid_name(bad)
        with pytest.raises(ValueError):
            begin_marker(bad)
        with pytest.raises(ValueError):
            end_marker(bad)
    for attributes in ["a--b", "x -->", "a\nb", "a\rb"]:
        with pytest.raises(ValueError):
            begin_marker("a", attributes)


def test_splice_refuses_invalid_names() -> None:
    with pytest.raises(ValueError):
        splice("<!-- mtpbot:begin a -->x<!-- mtpbot:end a -->", {"a b": "x"})


def test_errors_without_title_say_the_page() -> None:
    with pytest.raises(MarkerError, match=r"^The page, line 1: "):
        find_regions("<!-- mtpbot:begin a -->")
    with pytest.raises(MissingRegionsError, match=r"^The page has no managed region"):
        splice("", {"a": "x"})


def test_errors_are_region_errors_with_bad_input_exit_code() -> None:
    for cls in (MarkerError, MissingRegionsError, ContentError):
        assert issubclass(cls, RegionError)


def test_unfaithful_parse_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    """Offsets rely on str(parse(text)) == text; if the parser ever breaks that, edit nothing."""
    import mwparserfromhell

    real = mwparserfromhell.parse
    monkeypatch.setattr(mwparserfromhell, "parse", lambda text, **kwargs: real(text[:-1], **kwargs))
    with pytest.raises(MarkerError) as info:
        splice("<!-- mtpbot:begin a -->x<!-- mtpbot:end a -->", {"a": "y"}, title="Foo")
    assert info.value.kind == "unreadable"
    assert 'Page "Foo"' in info.value.message


def test_region_is_frozen() -> None:
    region = find_regions("<!-- mtpbot:begin a -->x<!-- mtpbot:end a -->")["a"]
    assert region == Region("a", "", "x", 23, 24, 1)
    with pytest.raises(AttributeError):
        region.content = "y"  # type: ignore[misc]


# --- properties ------------------------------------------------------------------------------------

# Surrounding text: wikitext punctuation, letters, whitespace and unicode, plus whole tokens so that
# templates, links, tags and comments actually form.
PUNCTUATION = "{}[]|<>!=-*#:;'~&_/\"."
TOKENS = [
    "{{",
    "}}",
    "{{{",
    "}}}",
    "[[",
    "]]",
    "[http://example.org ",
    "{|",
    "|}",
    "\n|-\n",
    "||",
    "\n== ",
    " ==\n",
    "'''",
    "''",
    "<!--",
    "-->",
    "<!-- note -->",
    "<nowiki>",
    "</nowiki>",
    "<pre>",
    "</pre>",
    "<includeonly>",
    "</includeonly>",
    "<ref>",
    "</ref>",
    "<div>",
    "</div>",
    '<span title="',
    '">',
    "&amp;",
    "~~~~",
    "__TOC__",
    "\r\n",
]
CHARS = st.one_of(
    st.sampled_from(PUNCTUATION + "abcXYZ \n\t"),
    st.characters(codec="utf-8", exclude_categories=["Cs"]),
)
WIKITEXT = st.lists(st.one_of(st.text(CHARS, max_size=4), st.sampled_from(TOKENS)), max_size=12).map("".join)
SURROUNDING = WIKITEXT.filter(lambda text: "mtpbot:" not in text)
CONTENT = WIKITEXT.filter(lambda text: "mtpbot:" not in text)
# Text with nothing that can open or close a node: splicing into it must always work.
PLAIN = st.text(st.sampled_from("abc XYZ\n\t.,;:!?*#-_'~é中🌍"), max_size=30)
ATTRIBUTES = st.from_regex(r"[a-z0-9=]{1,12}( [a-z0-9=]{1,12})?", fullmatch=True)

PROPERTY_SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.filter_too_much])


def _page(before: str, a: str, middle: str, b: str, after: str, attributes: str = "") -> str:
    return (
        before
        + begin_marker("a", attributes)
        + a
        + end_marker("a")
        + middle
        + begin_marker("b")
        + b
        + end_marker("b")
        + after
    )


def _check_splice(page: str, new: str) -> str | None:
    """Splice NEW into region a of PAGE and check everything a caller relies on; None if refused."""
    try:
        regions = find_regions(page)
    except RegionError:
        with pytest.raises(RegionError):
            splice(page, {"a": new})
        return None
    for name, region in regions.items():
        # Offsets are exact: the markers sit right around the content.
        assert page[region.start : region.end] == region.content
        assert page[: region.start].endswith("-->")
        assert page[region.end :].startswith("<!--")
        assert f"mtpbot:end {name}" in page[region.end :].split("-->", 1)[0]
    try:
        result = splice(page, {"a": new})
    except MissingRegionsError:
        assert "a" not in regions
        return None
    except ContentError:
        return None
    except MarkerError as error:  # the new content would change the page outside the regions
        assert error.kind == "misplaced", error
        return None
    region = regions["a"]
    assert result == page[: region.start] + new + page[region.end :]  # outside bytes identical
    after = find_regions(result)
    assert after["a"].content == new
    assert list(after) == list(regions)
    for name, other in regions.items():
        if name != "a":
            assert after[name].content == other.content
            assert after[name].attributes == other.attributes
    assert splice(result, {"a": new}) == result  # idempotent
    return result


@PROPERTY_SETTINGS
@given(SURROUNDING, CONTENT, SURROUNDING, CONTENT, SURROUNDING, CONTENT)
@example("{{x|", "", "}}", "", "", "}}")
@example("<nowiki>", "", "</nowiki>", "", "", "")
@example("<!--", "", "", "", "", "")
@example("", "", "\x00", "", "", "\x00")
@example("", "", "", "", "-->", "<!--")
def test_splice_property(before: str, a: str, middle: str, b: str, after: str, new: str) -> None:
    page = _page(before, a, middle, b, after)
    result = _check_splice(page, new)
    if result is not None:
        # The content read back is what was put between the markers, not a neighbour's text.
        assert find_regions(page)["a"].content == a
        assert find_regions(result).get("b", Region("b", "", b, 0, 0, 0)).content == b


@PROPERTY_SETTINGS
@given(PLAIN, PLAIN, PLAIN, PLAIN, PLAIN, PLAIN, ATTRIBUTES)
def test_splice_plain_text_always_works(
    before: str, a: str, middle: str, b: str, after: str, new: str, attributes: str
) -> None:
    # Nothing after an end marker on its line (bot.wikitext.regions.placement): each is followed by a newline.
    page = _page(before, a, "\n" + middle, b, "\n" + after, attributes)
    result = splice(page, {"a": new, "b": new})
    assert result == _page(before, new, "\n" + middle, new, "\n" + after, attributes)
    regions = find_regions(result)
    assert regions["a"].attributes == attributes
    assert regions["b"].content == new


@PROPERTY_SETTINGS
@given(st.sampled_from(["{{T|x=", "[[P|", "<div>", "<includeonly>", "<ref>", "\n== "]), PLAIN, PLAIN, PLAIN)
def test_splice_inside_a_node(opener: str, inner_before: str, content: str, new: str) -> None:
    """Inside a wrapper (<div>, <includeonly>) a region is spliced; anywhere else it is misplaced."""
    closer = {"{{T|x=": "}}", "[[P|": "]]", "<div>": "</div>", "<includeonly>": "</includeonly>"}
    closer |= {"<ref>": "</ref>", "\n== ": " ==\n"}
    wrapped = opener + inner_before + begin_marker("a") + content + end_marker("a") + closer[opener]
    page = "Intro\n" + wrapped + "\n" + begin_marker("b") + "b" + end_marker("b")
    assume("\n" not in inner_before + content + new or opener != "\n== ")
    if opener not in ("<div>", "<includeonly>"):
        with pytest.raises(MarkerError) as info:
            splice(page, {"a": new})
        assert (info.value.kind, info.value.name) == ("misplaced", "a")
        return
    result = splice(page, {"a": new})
    assert result == page.replace(begin_marker("a") + content, begin_marker("a") + new, 1)
    assert find_regions(result)["a"].content == new


@PROPERTY_SETTINGS
@given(WIKITEXT, st.lists(st.sampled_from(["a", "b"]), max_size=4), st.randoms(use_true_random=False))
def test_reading_never_crashes(text: str, names: list[str], random: Random) -> None:
    """Any text with markers sprinkled in: either clean regions with exact offsets, or a RegionError."""
    pieces = [text[i : i + 7] for i in range(0, len(text), 7)] or [""]
    markers = ["<!-- mtpbot:begin a -->", "<!-- mtpbot:end a -->", "<!-- mtpbot:begin b x=1 -->"]
    markers += ["<!-- mtpbot:end b -->", "<!-- mtpbot:begin -->", "<!-- mtpbot:end", "<!--mtpbot:begin a-->"]
    for _ in names:
        pieces.insert(random.randrange(len(pieces) + 1), random.choice(markers))
    page = "".join(pieces)
    try:
        regions = find_regions(page)
    except RegionError as error:
        assert error.message and error.hint
        return
    for region in regions.values():
        assert page[region.start : region.end] == region.content
        assert region.line == page.count("\n", 0, page.rfind("<!--", 0, region.start)) + 1
    if regions:
        _check_splice(page, "new")


@PROPERTY_SETTINGS
@given(SURROUNDING, CONTENT, SURROUNDING, ATTRIBUTES)
def test_set_attributes_property(before: str, content: str, after: str, attributes: str) -> None:
    page = before + begin_marker("a", "sha=old") + content + end_marker("a") + after
    try:
        regions = find_regions(page)
    except RegionError:
        return
    if "a" not in regions:  # hidden, e.g. inside <pre>
        with pytest.raises(MissingRegionsError):
            _set_attributes(page, "a", attributes)
        return
    result = _set_attributes(page, "a", attributes)
    start = regions["a"].start - len(begin_marker("a", "sha=old"))
    assert result == page[:start] + begin_marker("a", attributes) + page[regions["a"].start :]
    again = find_regions(result)
    assert again["a"].attributes == attributes
    assert again["a"].content == regions["a"].content
    assert _set_attributes(result, "a", attributes) == result


def _contents(regions: Mapping[str, Region]) -> dict[str, str]:
    return {name: region.content for name, region in regions.items()}


@PROPERTY_SETTINGS
@given(SURROUNDING, CONTENT, SURROUNDING, CONTENT, SURROUNDING)
def test_splicing_own_content_is_identity(before: str, a: str, middle: str, b: str, after: str) -> None:
    page = _page(before, a, middle, b, after)
    try:
        regions = find_regions(page)
    except RegionError:
        return
    assert splice(page, _contents(regions)) == page

"""{{nobots}} / {{bots}}: the forms pywikibot's botMayEdit honours, and a refusal wherever it would only warn.

A table of forms (each with the verdict for the bot "MtpBot", script "mtpbot"), then properties: a form keeps
its verdict whatever the case, spacing, `Template:` prefix, comments or surrounding text; a list denies or
allows by whether it names the bot, however it is written; nothing inside a comment or <nowiki> counts.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.wikitext.exclusion import bots_exclusion

NAMES = ("MtpBot", "mtpbot")
OTHERS = ("SomeOtherBot", "Cydebot", "AnomieBOT", "Mtp Bot2", "ClueBot NG")

EXCLUDED = [
    "{{nobots}}",
    "{{Nobots}}",
    "{{NOBOTS}}",
    "{{ nobots }}",
    "{{nobots\n}}",
    "{{Template:Nobots}}",
    "{{template:nobots}}",
    "{{Template : Nobots}}",
    "{{:Template:Nobots}}",
    "{{msg:nobots}}",
    "{{nob<!-- hidden -->ots}}",
    "{{nob&#111;ts}}",
    "{{no\u200ebots}}",  # a direction mark, which MediaWiki drops from titles
    "{{nobots|}}",
    "{{nobots|all}}",
    "{{nobots|MtpBot}}",
    "{{nobots|Other, mtpbot}}",
    "{{nobots|deny=Other}}",  # a named parameter on {{nobots}}: pywikibot refuses too
    "{{bots|deny=MtpBot}}",
    "{{bots|deny=<!-- x -->MtpBot}}",
    "{{bots|deny=Other,<!-- the next one -->\n MtpBot}}",
    "{{bots|deny = Other , MtpBot , Third}}",
    "{{bots|deny=mtpbot}}",
    "{{bots|deny=MTPBOT}}",
    "{{bots|deny=all}}",
    "{{bots|Deny=MtpBot}}",
    "{{bots|denyscript=mtpbot}}",
    "{{bots|allow=none}}",
    "{{bots|allow=Other}}",
    "{{bots|allow=Other<!-- MtpBot -->}}",
    "{{bots|allow=}}",
    "{{bots|allow=MtpBot,none}}",
    "{{bots|allowscript=other}}",
    "{{bots|optout=all}}",
    "{{bots|allow=MtpBot|deny=MtpBot}}",  # every parameter counts, not the first only
    "{{bots|allow=all}}{{bots|deny=MtpBot}}",  # every template counts
    "{{bots|MtpBot}}",  # not a form of the convention: in doubt, refused
    "{{bots|deney=MtpBot}}",
    "{{bots|deny={{BotList}}}}",  # cannot be read: refused
    "{{bots|deny=<nowiki>MtpBot</nowiki>}}",
    "{{bots|allow=<nowiki>MtpBot</nowiki>}}",
    "{{Infobox|note={{nobots}}}}",
    "[[Help:Bots|{{nobots}}]]",
    "<ref>{{nobots}}</ref>",
    "<noinclude>{{nobots}}</noinclude>",
    "<!-- an unclosed comment {{nobots}}",  # pywikibot reads it too
    "<gallery>\nFile:Example.png|{{nobots}}\n</gallery>",  # not parsed as a template: in doubt, refused
    "{{{nobots}}}",
]

ALLOWED = [
    "",
    "no templates at all",
    "{{bots}}",
    "{{bots|deny=Other}}",
    "{{bots|deny=none}}",
    "{{bots|deny=}}",
    "{{bots|deny=<!-- MtpBot -->}}",
    "{{bots|deny=Mtp Bot, MtpBot2}}",
    "{{bots|allow=all}}",
    "{{bots|allow=MtpBot}}",
    "{{bots|allow=Other, MtpBot}}",
    "{{bots|allow=mtpbot}}",
    "{{bots|allowscript=mtpbot}}",
    "{{bots|denyscript=other}}",
    "{{bots|optout=MassMessage}}",
    "{{nobots|Other}}",
    "{{nobots|Other, Third}}",
    "{{No bots}}",
    "{{nobots2}}",
    "{{robots}}",
    "{{User:Nobots}}",
    "<nowiki>{{nobots}}</nowiki>",
    "<nowiki>{{bots|deny=all}}</nowiki>",
    "<!-- {{nobots}} -->",
    "<pre>{{nobots}}</pre>",
    "<syntaxhighlight lang=text>{{nobots}}</syntaxhighlight>",
    "<source>{{nobots}}</source>",
    "<math>{{nobots}}</math>",
    "<includeonly>{{nobots}}</includeonly>",
    "{{no<nowiki/>bots}}",
    "{{nobots",
    "write {{tl|nobots}} to keep bots away",
]


@pytest.mark.parametrize("text", EXCLUDED)
def test_the_forms_that_exclude_the_bot(text: str) -> None:
    assert bots_exclusion(f"Some text.\n{text}\nMore text.", NAMES) is not None


@pytest.mark.parametrize("text", ALLOWED)
def test_the_forms_that_let_the_bot_edit(text: str) -> None:
    assert bots_exclusion(f"Some text.\n{text}\nMore text.", NAMES) is None


def test_the_reason_names_the_template() -> None:
    assert bots_exclusion("x {{Template:Nobots}} y", NAMES) == "the page carries {{Template:Nobots}}"
    reason = bots_exclusion("{{bots|deny={{BotList}}}}", NAMES)
    assert reason is not None and reason.startswith("the page carries {{bots|deny={{BotList}}}} (a list the bot")


# ---- properties ------------------------------------------------------------------------------------------

plain = st.text(st.characters(exclude_characters="{}<>[]|&=_-!\x7f", exclude_categories=["Cs"]), max_size=40)
space = st.sampled_from(["", " ", "  ", "\n", "_", " \n "])
comment = st.sampled_from(["", "<!-- -->", "<!-- MtpBot -->", "<!--\nreason\n-->"])


@st.composite
def case_of(draw: st.DrawFn, word: str) -> str:
    return "".join(draw(st.sampled_from([c.lower(), c.upper()])) for c in word)


@st.composite
def nobots_call(draw: st.DrawFn) -> str:
    prefix = draw(st.sampled_from(["", "template:", "Template:", "TEMPLATE :", ":template:", "msg:"]))
    return "{{" + draw(space) + prefix + draw(case_of("nobots")) + draw(space) + draw(comment) + "}}"


@st.composite
def names_list(draw: st.DrawFn, ours: bool) -> str:
    names = draw(st.lists(st.sampled_from(OTHERS), max_size=4, unique=True))
    if ours:
        names.insert(draw(st.integers(0, len(names))), draw(st.sampled_from(["MtpBot", "mtpbot", "MTPBOT"])))
    return ",".join(draw(comment) + draw(space).replace("_", " ") + name + draw(space) for name in names)


@given(before=plain, call=nobots_call(), after=plain)
def test_nobots_excludes_whatever_its_spelling_and_surroundings(before: str, call: str, after: str) -> None:
    assert bots_exclusion(before + call + after, NAMES) is not None


@given(before=plain, call=nobots_call(), after=plain, hide=st.sampled_from(["<!--|-->", "<nowiki>|</nowiki>"]))
def test_nothing_in_a_comment_or_nowiki_counts(before: str, call: str, after: str, hide: str) -> None:
    opening, closing = hide.split("|")
    assert bots_exclusion(before + opening + call + closing + after, NAMES) is None


@given(ours=st.booleans(), data=st.data())
def test_a_deny_list_excludes_exactly_when_it_names_the_bot(ours: bool, data: st.DataObject) -> None:
    listed = data.draw(names_list(ours))
    key = data.draw(case_of("deny"))
    excluded = bots_exclusion("{{bots|" + key + "=" + listed + "}}", NAMES) is not None
    assert excluded == ours


@given(ours=st.booleans(), data=st.data())
def test_an_allow_list_lets_the_bot_in_exactly_when_it_names_it(ours: bool, data: st.DataObject) -> None:
    listed = data.draw(names_list(ours))
    excluded = bots_exclusion("{{Template:Bots|allow=" + listed + "}}", NAMES) is not None
    assert excluded == (not ours)

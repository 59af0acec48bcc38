"""The {{nobots}} / {{bots}} exclusion convention: whether a page lets this bot edit it.

The forms are those pywikibot's `BasePage.botMayEdit` honours, read from the text already fetched (no
request), and wherever pywikibot would only warn and go on, this module refuses — in doubt, the bot stays
away from the page:

- `{{nobots}}` denies every bot; `{{nobots|Name,…}}` the bots listed (`all`: every bot); a named parameter
  on it (`{{nobots|deny=…}}`) or an empty list denies this bot too.
- `{{bots}}` alone allows every bot; `{{bots|allow=…}}` only those listed (`all`: every bot; `none`: no
  bot); `{{bots|deny=…}}` denies those listed (`all`: every bot; `none`: none); `allowscript=` /
  `denyscript=` likewise for the script's name; `optout=all` (opt out of every bot message) is taken as a
  deny. An empty allow list, a positional list (`{{bots|MtpBot}}`) or another parameter refuses.
- Lists are comma-separated; names are compared case-insensitively, spaces and underscores alike. Every
  parameter counts (pywikibot reads the first only), and every template: any one that denies, denies.
- A template counts as MediaWiki would call it: any case, spaces or underscores, HTML entities, direction
  marks or comments inside, `Template:` (or `:`, `msg:`, `subst:` …) before the name, nested in another
  template, a link or a tag. One inside a comment, `<nowiki>`, `<pre>`, `<math>`, `<syntaxhighlight>`,
  `<source>` or `<includeonly>` does not count (as pywikibot removes them). A comment inside a list is
  ignored (MediaWiki removes it); anything else inside a list (a template, a tag, `<nowiki/>`) cannot be
  read, and refuses.
- A call that looks like one of them but does not parse as a template (inside a `<gallery>`, say) refuses.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Sequence

import mwparserfromhell
from mwparserfromhell.nodes import HTMLEntity, Template, Text
from mwparserfromhell.nodes.extras import Parameter
from mwparserfromhell.wikicode import Wikicode

from bot.wikitext.summaries import shorten

__all__ = ["bots_exclusion"]

STRIPPED = "\x7f"  # what stands for a <nowiki> (…) block, as MediaWiki's strip markers do: never a bot name
# Left to right, as MediaWiki's preprocessor reads them: comments (removed), blocks whose content is not
# wikitext (replaced by STRIPPED), <includeonly> (not part of this page; pywikibot drops it too).
_DISABLED = re.compile(
    r"<!--.*?-->"
    r"|<(nowiki|pre|math|syntaxhighlight|source|includeonly)\b[^>]*?(?<!/)>.*?</\1\s*>"
    r"|<nowiki\s*/>",
    re.IGNORECASE | re.DOTALL,
)
_PREFIXES = r"(?:(?:subst|safesubst|msg|msgnw|raw)[\s_]*:[\s_]*)*(?::[\s_]*)?(?:template[\s_]*:[\s_]*)?"
# Every call the parser should have found; more of these than parsed templates means one it could not read.
_CALL = re.compile(r"\{\{[\s_]*" + _PREFIXES + r"(?:no)?bots[\s_]*(?:\||\}\})", re.IGNORECASE)
_NAME_PREFIX = re.compile(r"^" + _PREFIXES)
_INVISIBLE = re.compile("[\u200e\u200f\u202a-\u202e]")  # direction marks: MediaWiki drops them from titles
_NAMES = ("bots", "nobots")
UNREADABLE = " (a list the bot cannot read: a template, a tag or <nowiki> in it)"
UNKNOWN = " (a form of {{bots}} the bot does not know)"


def bots_exclusion(text: str, names: Iterable[str]) -> str | None:
    """Why {{nobots}} / {{bots|allow=…|deny=…}} on the page excludes a bot called by any of `names`.

    None when the bot may edit. The forms are in the module's documentation.
    """
    if "{{" not in text:
        return None
    live = _DISABLED.sub(_replacement, text)
    if "bots" not in live.casefold() and "&" not in live and not _INVISIBLE.search(live):
        return None  # no name of either template, however written: no parse needed
    ours = frozenset(filter(None, map(_normal, names)))
    calls = [
        template
        for template in mwparserfromhell.parse(live, skip_style_tags=True).ifilter_templates(recursive=True)
        if _template_name(template.name) in _NAMES
    ]
    for template in calls:
        why = _verdict(template, ours)
        if why is not None:
            return f"the page carries {_shown(template)}{why}"
    if len(_CALL.findall(live)) > len(calls):
        return "the page carries a {{bots}} or {{nobots}} call the bot cannot read"
    return None


def _replacement(match: re.Match[str]) -> str:
    if match.group(0).startswith("<!--") or (match.group(1) or "").lower() == "includeonly":
        return ""
    return STRIPPED


def _normal(name: str) -> str:
    """A name as compared: entities decoded, spaces and underscores alike, no direction marks, any case."""
    name = _INVISIBLE.sub("", html.unescape(name)).replace("_", " ")
    return " ".join(name.split()).casefold()


def _template_name(name: Wikicode) -> str:
    """`Template:No_bots`, `msg: nobots` … as the bare name ("nobots"), in lower case."""
    return _NAME_PREFIX.sub("", _normal(str(name)), count=1).strip()


def _shown(template: Template) -> str:
    return shorten(" ".join(str(template).replace(STRIPPED, "…").split()), 80)


def _verdict(template: Template, ours: frozenset[str]) -> str | None:
    """None when `template` lets the bot edit; else a note on why not ("" when the template says it)."""
    params: Sequence[Parameter] = template.params
    if _template_name(template.name) == "nobots":
        return _nobots(params, ours)
    for param in params:
        listed = _listed(param.value)
        if listed is None:
            return UNREADABLE
        key = _normal(str(param.name)) if param.showkey else ""
        why = _bots_rule(key, listed, ours)
        if why is not None:
            return why
    return None


def _nobots(params: Sequence[Parameter], ours: frozenset[str]) -> str | None:
    if not params:
        return ""
    for param in params:
        if param.showkey:
            return " (a named parameter on {{nobots}})"
        listed = _listed(param.value)
        if listed is None:
            return UNREADABLE
        if not listed or "all" in listed or listed & ours:
            return ""
    return None


def _bots_rule(key: str, listed: frozenset[str], ours: frozenset[str]) -> str | None:
    """What one parameter of {{bots}} says: None (allowed), "" (excluded) or a note (in doubt)."""
    if key in ("allow", "allowscript"):
        if not listed:
            return " (an empty allow list)"
        return None if ("all" in listed or listed & ours) and "none" not in listed else ""
    if key in ("deny", "denyscript"):
        return "" if "all" in listed or listed & ours else None
    if key == "optout":
        return "" if "all" in listed else None
    return UNKNOWN


def _listed(value: Wikicode) -> frozenset[str] | None:
    """The names of a comma-separated list; None when it holds anything but text."""
    parts = []
    for node in value.nodes:
        if isinstance(node, Text):
            parts.append(node.value)
        elif isinstance(node, HTMLEntity):
            parts.append(node.normalize())
        else:
            return None
    joined = "".join(parts)
    if STRIPPED in joined:
        return None
    return frozenset(filter(None, map(_normal, joined.split(","))))

"""The charts a page embeds: `{{#chart:<name>.chart}}`, Extension:Chart's parser function, which draws the
`.chart` page of that name from the data wiki (Commons on Meta-Wiki). The bot writes one per line inside
its regions and reads them back from a page's text to know which data pages the page needs.
"""

from __future__ import annotations

import re

from bot.wikitext.escape import Wikitext

_EMBED = re.compile(r"^\{\{#chart:([^{}|\n]+\.chart)\}\}$", re.MULTILINE)


def chart_embed(name: str) -> Wikitext:
    """The parser function drawing the chart `name` (a title without `Data:`, checked by bot.charts.names:
    it holds none of `{}|[]#<>`, so it is written as is — escaped, the title would no longer match)."""
    if not _EMBED.fullmatch(f"{{{{#chart:{name}}}}}"):
        raise ValueError(f"not a chart name: {name!r}")
    return Wikitext(f"{{{{#chart:{name}}}}}")


def embedded_charts(text: str) -> list[str]:
    """The names of the charts `text` embeds on lines of their own, in page order, each once."""
    return list(dict.fromkeys(match.group(1) for match in _EMBED.finditer(text)))

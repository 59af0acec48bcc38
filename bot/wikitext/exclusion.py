"""The {{nobots}} / {{bots}} exclusion convention: whether a page lets this bot edit it."""

from __future__ import annotations

from collections.abc import Iterable

import mwparserfromhell

__all__ = ["bots_exclusion"]


def bots_exclusion(text: str, names: Iterable[str]) -> str | None:
    """Why {{nobots}} / {{bots|allow=…|deny=…}} on the page excludes a bot called by any of `names`.

    None when the bot may edit. Follows the convention of en:Template:Bots: `{{nobots}}` denies every bot,
    `deny=` lists denied bots (`all` for every bot), `allow=` lists the only allowed ones (`none` for none).
    The text is the one already fetched: honouring the templates costs no request.
    """
    if "bots" not in text.lower():  # every {{bots}} / {{nobots}} has it in its name: no parse needed
        return None
    wanted = {name.strip().lower() for name in names if name.strip()}
    for template in mwparserfromhell.parse(text).ifilter_templates(recursive=True):
        name = str(template.name).strip().lower()
        if name == "nobots":
            return "the page carries {{nobots}}"
        if name != "bots":
            continue
        for key, verdict in (("deny", True), ("allow", False)):
            if not template.has(key):
                continue
            listed = {part.strip().lower() for part in str(template.get(key).value).split(",")}
            if verdict and ("all" in listed or listed & wanted):
                return f"the page carries {{{{bots|deny={template.get(key).value.strip()}}}}}"
            if not verdict and ("none" in listed or not ("all" in listed or listed & wanted)):
                return f"the page carries {{{{bots|allow={template.get(key).value.strip()}}}}}"
    return None

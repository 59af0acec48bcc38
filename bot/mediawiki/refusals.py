"""Why the wiki refused a save: ONE table of refusals, from MediaWiki API error codes to a stable reason, a
message and a hint.

The reasons are part of mtpbot's output (`PageError.reason`, the JSON report); the messages say what
happened, with the API's error code and text; the hints say what to do next. A new refusal is one record.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from bot.errors import PageError
from bot.wikipages import PageState


@dataclass(frozen=True)
class Refusal:
    """One kind of refusal: its stable reason, the API error codes that mean it, its message and hint.

    `message` is a `str.format` template with the fields ``title`` (the page), ``detail`` (the API's error
    code and text), ``revid`` (the revision the bot read), ``maxlag`` (seconds) and ``blocked`` (the
    blacklisted links, when the wiki names them).
    """

    reason: str
    codes: tuple[str, ...]
    message: str
    hint: str


PROTECTED_CODES = (
    "protectedpage",
    "protectedtitle",
    "protectednamespace",
    "protectednamespace-interface",
    "customcssprotected",
    "customjsprotected",
    "customjsonprotected",
    "sitecssprotected",
    "sitejsprotected",
    "sitejsonprotected",
)

# "captcha" and "maxlag" are not API error codes: saving names so a CAPTCHA request and pywikibot's maxlag
# timeout. "missingtitle" is read by `refusal_for`: its meaning depends on whether the page existed.
REFUSALS = (
    Refusal(
        "edit-conflict",
        ("editconflict",),
        "{title} was edited after the bot read revision {revid}, and the edits overlap; "
        "MediaWiki refused to save ({detail}).",
        "Nothing was saved. The next run reads the new text and tries again; the human edit is kept.",
    ),
    Refusal(
        "protected",
        PROTECTED_CODES,
        "{title} is protected against edits by the bot account ({detail}).",
        "Ask an administrator to lift the protection or give the bot account the right to edit it, "
        "or remove the page from the configuration.",
    ),
    Refusal(
        "cascade-protected",
        ("cascadeprotected",),
        "{title} is protected because a cascade-protected page transcludes it ({detail}).",
        "The page is transcluded in a cascade-protected page; ask an administrator to "
        "remove it from there or lift the cascade protection.",
    ),
    Refusal(
        "spam-blacklist",
        ("spamblacklist",),
        "The new text of {title} contains a link on the spam blacklist ({detail}).{blocked}",
        "Remove or change the blocked link in the metric source, or ask for a whitelist entry.",
    ),
    Refusal(
        "abuse-filter",
        ("abusefilter-disallowed", "abusefilter-warning", "abusefilter-blocked"),
        "An abuse filter stopped the edit to {title} ({detail}).",
        "Read the filter's message; if the edit is legitimate, ask an edit filter manager to exempt the bot.",
    ),
    Refusal(
        "title-blacklist",
        ("titleblacklist-forbidden", "titleblacklist-forbidden-edit", "titleblacklist-forbidden-create"),
        "The title {title} is on the title blacklist ({detail}).",
        "Choose another title, or ask an administrator for an exemption.",
    ),
    Refusal(
        "no-create",
        ("cantcreate", "cantcreate-anon", "nocreate-missing"),
        "The bot account may not create {title} ({detail}).",
        "Create the page by hand (with the mtpbot markers), or give the bot the right to create "
        "pages (BotPassword grant 'createeditmovepage').",
    ),
    Refusal(
        "page-created-meanwhile",
        ("articleexists",),
        "{title} did not exist when the bot read it, but someone has created it since ({detail}).",
        "Nothing was saved. The next run reads the new page and fills its managed regions.",
    ),
    Refusal(
        "page-deleted-meanwhile",
        ("pagedeleted",),
        "{title} was deleted after the bot read it ({detail}).",
        "Nothing was saved. Check the deletion log before publishing the page again.",
    ),
    Refusal(
        "captcha",
        ("captcha",),
        "The wiki asked for a CAPTCHA to save {title}; the bot cannot solve it ({detail}).",
        "Give the bot account the 'skipcaptcha' right (the bot group has it on Wikimedia wikis).",
    ),
    Refusal(
        "maxlag",
        ("maxlag",),
        "{title} was not saved: the wiki's database lag stayed above {maxlag} s ({detail}).",
        "The wiki is under load; run again later.",
    ),
)

#: Any other refusal.
OTHER = Refusal(
    "other",
    (),
    "The wiki refused to save {title} ({detail}).",
    "Check the error above; run again when it is fixed.",
)

_BY_CODE = {code: refusal for refusal in REFUSALS for code in refusal.codes}
_BY_REASON = {refusal.reason: refusal for refusal in (*REFUSALS, OTHER)}


def refusal_for(code: str, *, exists: bool) -> Refusal:
    """The refusal an API error code means, for a page that existed when it was read or not."""
    if code == "missingtitle":  # an edit of a page gone since; a creation the account may not make
        return _BY_REASON["page-deleted-meanwhile" if exists else "no-create"]
    return _BY_CODE.get(code, OTHER)


def page_error(state: PageState, code: str, detail: str, other: Mapping[str, Any], *, maxlag: int) -> PageError:
    """The `PageError` for a refused save of the page read as `state`.

    `detail` is the API's error in words (scrubbed of secrets), `other` the rest of the API's answer.
    """
    refusal = refusal_for(code, exists=state.exists)
    found = other.get(code)
    matches = found.get("matches") if isinstance(found, dict) else None
    blocked = f" Blocked: {', '.join(map(str, matches))}." if matches else ""
    message = refusal.message.format(
        title=state.title, detail=detail, revid=state.revid, maxlag=maxlag, blocked=blocked
    )
    return PageError(state.title, refusal.reason, message, refusal.hint)

"""The wiki, through pywikibot: batched reads, conflict-safe saves, previews with the wiki's parser.

This is the only package of mtpbot that imports pywikibot, and it does so lazily (when a `Wiki` connects),
so that importing it costs nothing and the offline commands (`validate`, `render`) never load pywikibot.
bot.sync never imports it: the CLI connects a `Wiki` and hands it in (bot.sync.protocols's Protocols).

- settings: `SiteSettings`, where and how to connect, and the environment variables of the credentials
- runtime: pywikibot's process-wide setup (PYWIKIBOT_DIR, user-config.py, password file, console output)
- session: connect and log in; what every request shares (settings applied, POSTs, scrubbed messages)
- retries: failed requests retried aloud (`-v`) within a time budget; an unreachable wiki fails at once
- answers: what a request got back, in words (status, content type, first bytes), and whether it is transient
- reading: `PageState`, batched reads; saving: `SaveResult`, conflict-safe saves and lost answers
- queries: what the wiki says beyond a page's text, one request each when a decision needs it: a page's
  latest revisions (`Revision`), its logs when it is gone (`PageRemoval`), the content models a data wiki
  stores, the account's own rights (its groups', beside the login's, limited by a BotPassword's grants)
- refusals: the one table of the wiki's refusals (API error code -> stable reason, message, hint)
- parsing: `ParsedPage`, action=parse; links: the wiki's name and addresses
- blocks: an administrator's block of the account, from the login's userinfo or a save's answer (exit 3)
- wiki: `Wiki`, the facade over all of them
"""

from bot.mediawiki.settings import ENV_PASSWORD, ENV_USERNAME, SiteSettings, check_api_url
from bot.mediawiki.wiki import Wiki
from bot.wikipages import PageState, ParsedPage, SaveResult  # the values a Wiki gives back

__all__ = [
    "ENV_PASSWORD",
    "ENV_USERNAME",
    "PageState",
    "ParsedPage",
    "SaveResult",
    "SiteSettings",
    "Wiki",
    "check_api_url",
]

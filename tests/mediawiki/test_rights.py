"""The account's own rights (its groups'), beside the login's: what `mtpbot check` tells the bot flag by."""

from __future__ import annotations

import pytest

from bot.mediawiki import Wiki
from devwiki import DevWiki

pytestmark = pytest.mark.wiki


def test_the_bots_account_rights_come_from_its_groups_in_one_request(wiki: Wiki, devwiki: DevWiki) -> None:
    before = devwiki.count_requests()
    rights = wiki.account_rights()
    assert devwiki.count_requests() - before == 1
    assert {"bot", "apihighlimits", "edit", "createpage"} <= rights
    assert "delete" not in rights and "userrights" not in rights
    for right in ("bot", "apihighlimits", "edit", "delete"):  # its BotPassword has every grant the bot needs
        assert wiki.has_right(right) == (right in rights)

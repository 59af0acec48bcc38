"""Fixtures of the `mtpbot check` tests: a private copy of the settings per test, on the session's wiki,
and a second BotPassword of the bot without the grant "highvolume"."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

import pytest

from devwiki import Account, DevWiki
from devwiki.install import find_mediawiki, run_command
from tests.support.workspace import Workspace, make_workspace

NO_BOT_FLAG_APP = "noflag"


@pytest.fixture
def workspace(devwiki: DevWiki, run_page_on: str, tmp_path: Path) -> Workspace:
    """The shipped two pages under fresh titles, checked against the session's wiki (its run page on)."""
    return make_workspace(tmp_path, devwiki, label="Check test")


@pytest.fixture(scope="session")
def login_without_bot_flag(devwiki: DevWiki) -> Account:
    """MtpBot@noflag: a BotPassword of the bot account (group bot) without the grant "highvolume", made as an
    operator would make it at Special:BotPasswords (here with MediaWiki's own maintenance script)."""
    mediawiki = find_mediawiki()
    assert mediawiki is not None
    account = Account(f"MtpBot@{NO_BOT_FLAG_APP}", secrets.token_hex(20))
    script = mediawiki / "maintenance" / "createBotPassword.php"
    grants = ["--appid", NO_BOT_FLAG_APP, "--grants", "basic,editpage,createeditmovepage"]
    run_command(
        ["php", str(script), *grants, account.user_name, account.password],
        env={**os.environ, "MW_CONFIG_FILE": str(devwiki.directory / "LocalSettings.php")},
        cwd=mediawiki,
        timeout=120,
        what="creating a BotPassword without highvolume",
    )
    return account

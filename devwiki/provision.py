"""Making a fresh wiki in a directory: install.php (SQLite), the lines added to LocalSettings.php, the
bundled extensions a test asks for, and the three accounts (admin, bot with a BotPassword, human editor);
and what a test may add to a started wiki that no API can (an AbuseFilter filter), in its release's schema.
"""

from __future__ import annotations

import os
import secrets
import sqlite3
from collections.abc import Sequence
from pathlib import Path

from bot.errors import WikiError
from devwiki.install import run_command
from devwiki.wiki import Account, DevWiki

ADMIN_USER = "Admin"
BOT_USER = "MtpBot"
BOT_APP_ID = "mtpbot"
# "highvolume" is the grant that carries the bot flag and apihighlimits through a BotPassword login.
BOT_GRANTS = ("basic", "highvolume", "editpage", "createeditmovepage")
HUMAN_USER = "Editor"

SCRIPT_TIMEOUT = 120.0  # seconds for one maintenance script

# Bundled extensions that need tables of their own (created by update.php).
_EXTENSIONS_WITH_TABLES = frozenset({"AbuseFilter", "OATHAuth"})
# What keeps an extension offline in a throwaway wiki: by default SpamBlacklist downloads Meta-Wiki's list.
_OFFLINE_SETTINGS = {
    "SpamBlacklist": "$wgBlacklistSettings = [ 'spam' => [ 'files' => [] ] ];  # MediaWiki:Spam-blacklist only",
    "TitleBlacklist": "$wgTitleBlacklistSources = [];  # MediaWiki:Titleblacklist only",
}


def install_wiki(
    mediawiki: Path,
    directory: Path,
    port: int,
    extensions: Sequence[str] = (),
    extra_settings: str = "",
    bot_password: str | None = None,
) -> tuple[Account, Account, Account]:
    """Run install.php and create the accounts; return (admin, bot, human). `bot_password`: the bot's
    BotPassword (32+ of [0-9a-w]), to give it the same one on two wikis as a global account has."""
    for name in extensions:
        if not (mediawiki / "extensions-core" / name / "extension.json").is_file():
            raise WikiError(
                f"The extension {name!r} is not among the bundled extensions in {mediawiki / 'extensions-core'}.",
                "use one of the folders there (e.g. SpamBlacklist, TitleBlacklist, AbuseFilter, ConfirmEdit)",
            )
    # Hex passwords: a leading "-" would be read as an option by the maintenance scripts, and action=login
    # only treats a password as a BotPassword if it matches ^[0-9a-w]{32,}$ (else it tries the main account).
    admin = Account(ADMIN_USER, secrets.token_hex(12))
    bot = Account(f"{BOT_USER}@{BOT_APP_ID}", bot_password or secrets.token_hex(20))
    human = Account(HUMAN_USER, secrets.token_hex(12))
    env = {**os.environ, "MW_CONFIG_FILE": str(directory / "LocalSettings.php")}

    def maintenance(script: str, *args: str) -> None:
        command = ["php", str(mediawiki / "maintenance" / script), *args]
        run_command(command, env=env, cwd=mediawiki, timeout=SCRIPT_TIMEOUT, what=f"setting up the wiki ({script})")

    # install.php refuses to run if MW_CONFIG_FILE exists and writes LocalSettings.php to --confpath.
    maintenance(
        "install.php",
        *("--dbtype", "sqlite", "--dbpath", str(directory / "data"), "--dbname", "devwiki"),
        *("--server", f"http://127.0.0.1:{port}", "--scriptpath", "", "--confpath", str(directory)),
        *("--lang", "en", "--pass", admin.password, "DevWiki", admin.username),
    )
    with (directory / "LocalSettings.php").open("a", encoding="utf-8") as settings:
        settings.write(_local_settings(port))
        if extensions or extra_settings:
            settings.write(_extension_settings(extensions) + extra_settings + "\n")
    if any(name in _EXTENSIONS_WITH_TABLES for name in extensions):
        maintenance("update.php", "--quick")  # before the accounts: the extensions' hooks need their tables
    maintenance("createAndPromote.php", "--bot", BOT_USER, secrets.token_hex(12))
    maintenance(
        "createBotPassword.php",
        *("--appid", BOT_APP_ID, "--grants", ",".join(BOT_GRANTS), BOT_USER, bot.password),
    )
    maintenance("createAndPromote.php", human.username, human.password)
    return admin, bot, human


def _local_settings(port: int) -> str:
    return f"""
# ---- added by mtpbot's devwiki/provision.py: a throwaway wiki for tests ----
$wgExtensionDirectory = "$IP/extensions-core";  # Debian's bundled extensions
wfLoadExtension( 'ParserFunctions' );
# Two wikis on 127.0.0.1 share one cookie jar (cookies ignore the port): keep their sessions apart.
$wgCookiePrefix = "devwiki{port}";
$wgEnableEmail = false;
$wgEnableUploads = false;
$wgEnableBotPasswords = true;
# Stays CACHE_NONE: APCu would be per worker process, and sessions must be shared by all workers (they
# fall back to the SQLite object cache in data/).
$wgMainCacheType = CACHE_NONE;
# Without this the bot's 91st edit in a minute is rate-limited.
$wgGroupPermissions['bot']['noratelimit'] = true;
# Tests make many human edits and logins, all from 127.0.0.1: lift the limits without changing rights.
$wgRateLimits['edit']['user'] = [ 10000, 60 ];
$wgRateLimits['edit']['newbie'] = [ 10000, 60 ];
$wgPasswordAttemptThrottle = [];
$wgShowExceptionDetails = true;
"""


def _extension_settings(extensions: Sequence[str]) -> str:
    lines = ["# ---- extensions asked for by the test (RunningWiki(extensions=...)) ----"]
    for name in extensions:
        lines.append(f"wfLoadExtension( {name!r} );")
        if name in _OFFLINE_SETTINGS:
            lines.append(_OFFLINE_SETTINGS[name])
    return "\n".join(lines) + "\n"


def add_abuse_filter(wiki: DevWiki, pattern: str, description: str, author: str = ADMIN_USER) -> None:
    """An enabled AbuseFilter filter that disallows the edits matching `pattern`. AbuseFilter has no API to
    create filters and its form needs a browser session; its two tables are all a filter is, and how they
    name the filter's author depends on the release (`MediaWikiRelease.abuse_filter_author`)."""
    with sqlite3.connect(wiki.directory / "data" / "devwiki.sqlite") as db:
        found = db.execute(
            "SELECT user_id, actor_id FROM user JOIN actor ON actor_user = user_id WHERE user_name = ?", (author,)
        ).fetchone()
        if found is None:
            raise WikiError(f"The wiki has no user {author!r} to author a filter.", "name one of its accounts")
        known = {"af_user": found[0], "af_user_text": author, "af_actor": found[1]}
        authored_by = {column: known[column] for column in wiki.release.abuse_filter_author}
        row = {
            "af_pattern": pattern,
            **authored_by,
            "af_timestamp": "20260101000000",
            "af_enabled": 1,
            "af_public_comments": description,
            "af_actions": "disallow",
        }
        cursor = db.execute(
            f"INSERT INTO abuse_filter ({', '.join(row)}) VALUES ({', '.join('?' * len(row))})", tuple(row.values())
        )
        db.execute(
            "INSERT INTO abuse_filter_action (afa_filter, afa_consequence, afa_parameters) VALUES (?, 'disallow', '')",
            (cursor.lastrowid,),
        )

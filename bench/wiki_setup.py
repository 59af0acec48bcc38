"""The wiki apart from the measured runs: its request counter, anonymous API reads (revisions of the bot,
the MediaWiki version, page texts), the run page switched on, a BotPassword without apihighlimits, and
operator pywikibot directories."""

from __future__ import annotations

import os
import secrets
import shutil
import subprocess
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import requests

if TYPE_CHECKING:  # devwiki (and through it bot) is imported when needed: start-up imports are measured here
    from devwiki import DevWiki

LOW_LIMITS_APP = "lowlimits"
LOW_LIMITS_GRANTS = ("basic", "editpage", "createeditmovepage")  # no "highvolume": no apihighlimits, no bot


@contextmanager
def counted(wiki: DevWiki) -> Iterator[dict[str, int]]:
    """Requests the server answered during the block: {"requests": n} once the block has ended."""
    box: dict[str, int] = {}
    before = wiki.count_requests()
    yield box
    box["requests"] = wiki.count_requests() - before


def bot_revisions(api_url: str, user: str) -> int:
    """Revisions made by `user` (list=usercontribs; anonymous reads, 500 a request)."""
    params: dict[str, str] = {
        "action": "query",
        "list": "usercontribs",
        "ucuser": user,
        "ucprop": "ids",
        "uclimit": "max",
        "format": "json",
        "formatversion": "2",
    }
    total = 0
    for _ in range(1000):  # bounded: 500,000 revisions
        reply = requests.get(api_url, params=params, timeout=60).json()
        total += len(reply["query"]["usercontribs"])
        if "continue" not in reply:
            return total
        params.update(reply["continue"])
    raise RuntimeError("too many revisions to count")


def mediawiki_version(api_url: str) -> str:
    reply = requests.get(
        api_url, params={"action": "query", "meta": "siteinfo", "format": "json", "formatversion": "2"}, timeout=60
    ).json()
    return str(reply["query"]["general"]["generator"])


def wiki_texts(api_url: str, titles: Sequence[str]) -> dict[str, str]:
    """The current wikitext of each title (anonymous reads, 50 titles a request)."""
    texts: dict[str, str] = {}
    for start in range(0, len(titles), 50):
        params = {
            "action": "query",
            "prop": "revisions",
            "rvprop": "content",
            "rvslots": "main",
            "titles": "|".join(titles[start : start + 50]),
            "format": "json",
            "formatversion": "2",
        }
        reply = requests.post(api_url, data=params, timeout=60).json()
        for page in reply["query"]["pages"]:
            texts[page["title"]] = page["revisions"][0]["slots"]["main"]["content"]
    return texts


def switch_run_page_on(wiki: DevWiki) -> None:
    """The community's emergency switch User:<bot>/Run, set to "true" by a human (mtpbot's default run page)."""
    from devwiki import HumanClient

    human = HumanClient(wiki.api_url, wiki.human)
    human.login()
    human.edit(f"User:{wiki.bot.user_name}/Run", "true", "let the bot run")


def add_low_limits_bot_password(wiki: DevWiki, user: str) -> tuple[str, str]:
    """A second BotPassword of the bot account without the grant "highvolume" (maintenance script)."""
    from devwiki import find_mediawiki

    mediawiki = find_mediawiki()
    if mediawiki is None:
        raise RuntimeError("MediaWiki not found")
    password = secrets.token_hex(20)  # action=login needs ^[0-9a-w]{32,}$ for a BotPassword
    env = {**os.environ, "MW_CONFIG_FILE": str(wiki.directory / "LocalSettings.php")}
    command = [
        "php",
        str(mediawiki / "maintenance" / "createBotPassword.php"),
        *("--appid", LOW_LIMITS_APP, "--grants", ",".join(LOW_LIMITS_GRANTS), user, password),
    ]
    done = subprocess.run(command, env=env, cwd=mediawiki, capture_output=True, text=True, timeout=120, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"createBotPassword.php failed: {done.stdout}{done.stderr}")
    return f"{user}@{LOW_LIMITS_APP}", password


def operator_dir(path: Path, *, https_like: bool = False) -> Path:
    """A pywikibot directory as an operator keeps one (mtpbot uses it as is when PYWIKIBOT_DIR names it).

    https_like: `enable_GET_without_SSL = True` makes pywikibot choose GET or POST as it does on an https wiki
    such as Meta-Wiki (with paraminfo requests to decide), which plain http on 127.0.0.1 skips."""
    shutil.rmtree(path, ignore_errors=True)
    path.mkdir(mode=0o700, parents=True)
    lines = ["userinterface = 'buffer'", "log = []"]
    if https_like:
        lines.append("enable_GET_without_SSL = True")
    (path / "user-config.py").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path

"""The throwaway local MediaWiki (devwiki/): it starts, serves the API, has the promised accounts,
counts requests, runs side by side with another one and stops without leftovers."""

from __future__ import annotations

import os
import shutil
import socket
from pathlib import Path

import pytest
import requests

import devwiki
from bot.errors import WikiError
from devwiki import Account, ApiError, DevWiki, HumanClient, RunningWiki, live_group_members
from devwiki.releases import RELEASES, installed_version, release_for


def _connection_refused(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.settimeout(2)
        try:
            sock.connect(("127.0.0.1", port))
        except ConnectionRefusedError:
            return True
        return False


# ---- against the session's wiki -------------------------------------------------------------------------


@pytest.mark.wiki
def test_api_answers_siteinfo(devwiki: DevWiki) -> None:
    reply = requests.get(
        devwiki.api_url, params={"action": "query", "meta": "siteinfo", "format": "json"}, timeout=10
    ).json()

    general = reply["query"]["general"]
    assert general["sitename"] == "DevWiki"
    assert general["generator"].startswith("MediaWiki 1.")
    assert general["server"] == f"http://127.0.0.1:{devwiki.port}"


@pytest.mark.wiki
def test_the_wiki_knows_the_release_it_runs(devwiki: DevWiki) -> None:
    generator = requests.get(
        devwiki.api_url, params={"action": "query", "meta": "siteinfo", "format": "json"}, timeout=10
    ).json()["query"]["general"]["generator"]
    assert generator.startswith(f"MediaWiki {devwiki.release.name}.")


@pytest.mark.wiki
def test_a_wiki_serves_its_static_files_without_a_router(devwiki: DevWiki) -> None:
    """Debian 13's MediaWiki has no maintenance/dev/ router: a bare `php -S` must still serve the skin's files
    and MediaWiki's entry points."""
    page = requests.get(devwiki.page_url("Main Page"), timeout=10)
    assert page.status_code == 200 and "DevWiki" in page.text
    logo = requests.get(f"{devwiki.url}/resources/assets/change-your-logo.svg", timeout=10)
    assert logo.status_code == 200 and logo.headers["Content-Type"].startswith("image/svg+xml")


@pytest.mark.wiki
def test_bot_password_login_has_bot_rights(devwiki: DevWiki) -> None:
    assert devwiki.bot.username == "MtpBot@mtpbot"
    assert len(devwiki.bot.password) >= 32
    bot = HumanClient(devwiki.api_url, devwiki.bot)

    bot.login()

    info = bot.userinfo()
    assert info["name"] == "MtpBot"
    assert "bot" in info["groups"]
    assert {"bot", "apihighlimits", "noratelimit", "edit"} <= set(info["rights"])


@pytest.mark.wiki
def test_bot_edits_are_flagged_as_bot_edits(devwiki: DevWiki) -> None:
    bot = HumanClient(devwiki.api_url, devwiki.bot)
    bot.login()

    revid = bot.edit("DevWiki test/bot edit", "numbers", "update metrics", bot=True)

    revision = bot.latest_revision("DevWiki test/bot edit")
    assert revision["revid"] == revid
    assert revision["user"] == "MtpBot"
    assert revision["bot"] is True


@pytest.mark.wiki
def test_human_is_an_ordinary_user(human: HumanClient) -> None:
    info = human.userinfo()

    assert info["name"] == "Editor"
    assert "bot" not in info["rights"]
    assert "sysop" not in info["groups"]


@pytest.mark.wiki
def test_human_edit_shows_in_history(human: HumanClient) -> None:
    title = "DevWiki test/human edit"
    first = human.edit(title, "alpha\nbeta\n", "first")
    second = human.edit(title, "alpha\ngamma\n", "second", minor=True)

    revision = human.latest_revision(title)

    assert revision["revid"] == second
    assert revision["parentid"] == first
    assert revision["user"] == "Editor"
    assert revision["comment"] == "second"
    assert revision["minor"] is True
    assert revision["bot"] is False
    assert human.page_text(title) == "alpha\ngamma"  # MediaWiki trims trailing whitespace
    assert "gamma" in human.compare(first, second)


@pytest.mark.wiki
def test_unchanged_edit_returns_the_current_revision(human: HumanClient) -> None:
    title = "DevWiki test/null edit"
    revid = human.edit(title, "same", "create")

    assert human.edit(title, "same", "again") == revid


@pytest.mark.wiki
def test_missing_page(human: HumanClient) -> None:
    assert human.page_text("DevWiki test/does not exist") is None
    with pytest.raises(ApiError) as raised:
        human.latest_revision("DevWiki test/does not exist")
    assert raised.value.code == "missingtitle"


@pytest.mark.wiki
def test_protected_page_refuses_the_human(devwiki: DevWiki, human: HumanClient) -> None:
    title = "DevWiki test/protected"
    human.edit(title, "before", "create")
    admin = HumanClient(devwiki.api_url, devwiki.admin)
    admin.login()

    admin.protect(title)

    with pytest.raises(ApiError) as raised:
        human.edit(title, "after", "try")
    assert raised.value.code == "protectedpage"


@pytest.mark.wiki
def test_wrong_password_is_a_wiki_error(devwiki: DevWiki) -> None:
    for account in (Account("Editor", "wrong-password"), Account("MtpBot@mtpbot", "0" * 32)):
        with pytest.raises(WikiError, match="Login as"):
            HumanClient(devwiki.api_url, account).login()


@pytest.mark.wiki
def test_count_requests_counts_api_requests(devwiki: DevWiki) -> None:
    before = devwiki.count_requests()
    for _ in range(3):
        requests.get(devwiki.api_url, params={"action": "query", "meta": "siteinfo"}, timeout=10)
    requests.get(devwiki.page_url("Main Page"), timeout=10)  # index.php does not count

    assert devwiki.count_requests() == before + 3
    assert "[200]: GET /api.php?action=query&meta=siteinfo" in devwiki.request_log.read_text()


# ---- wikis of their own -----------------------------------------------------------------------------------


@pytest.mark.wiki
def test_two_wikis_side_by_side_keep_their_logins_apart(devwiki: DevWiki) -> None:
    shared_cookies = requests.Session()  # one cookie jar for both, as in a browser: cookies ignore ports
    with RunningWiki() as other:
        assert other.port != devwiki.port
        assert other.human.password != devwiki.human.password
        here = HumanClient(devwiki.api_url, devwiki.human, session=shared_cookies)
        there = HumanClient(other.api_url, other.human, session=shared_cookies)
        here.login()
        there.login()

        assert here.userinfo()["name"] == "Editor"  # still logged in after logging in to the other wiki
        assert there.userinfo()["name"] == "Editor"
        there.edit("DevWiki test/only there", "x", "one wiki only")
        assert here.page_text("DevWiki test/only there") is None
        temporary = other.directory

    assert not temporary.exists()


@pytest.mark.wiki
@pytest.mark.usefixtures("devwiki")  # for its check that MediaWiki is here (skip, or fail under CI)
def test_stop_leaves_nothing_running(tmp_path: Path) -> None:
    directory = tmp_path / "wiki"
    running = RunningWiki(directory)
    wiki = running.start()
    pid = running.pid
    assert pid is not None
    assert len(live_group_members(pid)) == 1 + devwiki.SERVER_WORKERS

    running.stop()

    assert running.pid is None
    assert _connection_refused(wiki.port)
    assert live_group_members(pid) == []
    assert (directory / "LocalSettings.php").exists()  # a directory we were given is kept
    running.stop()  # idempotent


# ---- no wiki needed ----------------------------------------------------------------------------------------


def _wiki(port: int = 8080) -> DevWiki:
    account = Account("Someone", "secret")
    return DevWiki(Path("/nonexistent"), port, account, account, account, Path("/nonexistent/server.log"), RELEASES[-1])


def test_urls() -> None:
    wiki = _wiki(8080)

    assert wiki.api_url == "http://127.0.0.1:8080/api.php"
    assert wiki.page_url("MTP/Metrics & more?") == "http://127.0.0.1:8080/index.php?title=MTP/Metrics_%26_more%3F"
    assert wiki.page_url("Talk:Ünïcode") == "http://127.0.0.1:8080/index.php?title=Talk:%C3%9Cn%C3%AFcode"


def test_account_hides_its_password() -> None:
    account = Account("MtpBot@mtpbot", "0123456789abcdef0123456789abcdef")

    assert "0123456789" not in repr(account)
    assert account.user_name == "MtpBot"


def test_directory_holding_a_wiki_is_refused(tmp_path: Path) -> None:
    (tmp_path / "LocalSettings.php").write_text("<?php\n")

    with pytest.raises(WikiError, match="already holds a wiki"):
        RunningWiki(tmp_path).start()


def test_missing_mediawiki_says_how_to_get_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(devwiki.MEDIAWIKI_DIR_ENV, str(tmp_path))

    assert devwiki.find_mediawiki() is None
    with pytest.raises(WikiError, match=r"has no maintenance/install\.php"):
        devwiki.ensure_mediawiki(install=False)


def test_install_without_root_names_the_command(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(shutil, "which", lambda name: f"/usr/bin/{name}")
    monkeypatch.setattr(os, "geteuid", lambda: 1000)

    with pytest.raises(WikiError) as raised:
        devwiki.install_mediawiki()
    assert "apt-get install -y --no-install-recommends mediawiki php-cli" in raised.value.hint


@pytest.mark.parametrize(
    ("version", "archive"),
    [
        ((1, 39), "JsonConfig-REL1_39.tar.gz"),
        ((1, 42), "JsonConfig-REL1_39.tar.gz"),
        ((1, 43), "JsonConfig-REL1_43.tar.gz"),
        ((1, 47), "JsonConfig-REL1_43.tar.gz"),  # newer than any row: taken as the newest known
    ],
)
def test_each_mediawiki_version_gets_its_releases_jsonconfig(version: tuple[int, int], archive: str) -> None:
    assert release_for(version).jsonconfig_archive == archive


def test_a_mediawiki_older_than_every_release_is_refused() -> None:
    with pytest.raises(WikiError, match=r"(?s)MediaWiki 1\.35 is older .*install MediaWiki 1\.39 or newer"):
        release_for((1, 35))


@pytest.mark.parametrize(
    ("line", "version"),
    [("define( 'MW_VERSION', '1.39.17' );", (1, 39)), ('define( "MW_VERSION", "1.43.0-rc.1" );', (1, 43))],
)
def test_the_version_is_read_from_defines_php(tmp_path: Path, line: str, version: tuple[int, int]) -> None:
    (tmp_path / "includes").mkdir()
    (tmp_path / "includes" / "Defines.php").write_text(f"<?php\n{line}\n")
    assert installed_version(tmp_path) == version


def test_code_without_a_version_is_named(tmp_path: Path) -> None:
    (tmp_path / "includes").mkdir()
    (tmp_path / "includes" / "Defines.php").write_text("<?php\n")
    with pytest.raises(WikiError, match=r"Defines\.php defines no MW_VERSION"):
        installed_version(tmp_path)

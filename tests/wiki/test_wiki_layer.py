"""bot/wiki.py against a real local MediaWiki: login, batched reads, conflict-safe saves, error mapping.

Request counts are read from the wiki's `php -S` log (`DevWiki.count_requests()`), so they count what
really reached the server. A "fresh run" is measured in a subprocess, because pywikibot keeps its sites,
login sessions and caches for the life of a process.
"""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

import pytest
import requests

import bot.wiki
from bot.devwiki import DevWiki, HumanClient
from bot.errors import ConfigError, ExitCode, PageError, WikiError
from bot.wiki import PageState, SaveResult, SiteSettings, Wiki

REPO = Path(__file__).resolve().parents[2]
USER_AGENT = "mtpbot-tests/0.1.0 (https://example.org/mtpbot; ops@example.org)"


def _unique(label: str) -> str:
    return f"Wiki layer {label} {secrets.token_hex(4)}"


def _settings(devwiki: DevWiki, **changes: Any) -> SiteSettings:
    values: dict[str, Any] = {
        "api_url": devwiki.api_url,
        "username": devwiki.bot.username,
        "password": devwiki.bot.password,
        "user_agent": USER_AGENT,
        "put_throttle": 0,
        "max_retries": 1,
        "retry_wait": 1,
    }
    values.update(changes)
    return SiteSettings(**values)


def _subprocess_env(devwiki: DevWiki, password: str) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith(("PYWIKIBOT", "MTPBOT_"))}
    env["PYTHONPATH"] = str(REPO)
    env["MTPBOT_USERNAME"] = devwiki.bot.username
    env["MTPBOT_PASSWORD"] = password
    return env


@pytest.fixture(scope="module")
def wiki(devwiki: DevWiki) -> Wiki:
    """The bot, connected and logged in with its BotPassword (as MTPBOT_USERNAME/PASSWORD would give)."""
    connected = Wiki(_settings(devwiki))
    connected.connect()
    return connected


@pytest.fixture
def sent(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[tuple[dict[str, list[str]], str]]]:
    """Every request pywikibot sends in this test: (form parameters, User-Agent)."""
    seen: list[tuple[dict[str, list[str]], str]] = []
    original = requests.Session.send

    def send(self: requests.Session, request: requests.PreparedRequest, **kwargs: Any) -> requests.Response:
        body = request.body or ""
        if isinstance(body, bytes):
            body = body.decode("utf-8")
        query = (request.url or "").partition("?")[2]
        seen.append((parse_qs(body or query, keep_blank_values=True), str(request.headers.get("User-Agent"))))
        return original(self, request, **kwargs)

    monkeypatch.setattr(requests.Session, "send", send)
    yield seen


# ---- offline --------------------------------------------------------------------------------------------


def test_importing_bot_wiki_does_not_import_pywikibot() -> None:
    code = "import sys, bot.wiki; print(sorted(m for m in sys.modules if m.split('.')[0] == 'pywikibot'))"
    result = subprocess.run(
        [sys.executable, "-c", code],
        env={**os.environ, "PYTHONPATH": str(REPO)},
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.strip() == "[]"


def test_settings_hide_the_password_and_read_the_environment() -> None:
    settings = SiteSettings().with_credentials_from(
        {"MTPBOT_USERNAME": "MtpBot@mtpbot", "MTPBOT_PASSWORD": "s3cret-value"}
    )
    assert (settings.username, settings.password) == ("MtpBot@mtpbot", "s3cret-value")
    assert "s3cret-value" not in repr(settings)
    assert SiteSettings().with_credentials_from({}) == SiteSettings()
    assert SiteSettings().target == "meta:meta"


@pytest.mark.parametrize(
    "changes",
    [
        {"api_url": "127.0.0.1:8080/api.php"},
        {"api_url": "http://127.0.0.1:8080/index.php"},
        {"password": "secret"},
        {"put_throttle": -1},
    ],
)
def test_settings_reject_nonsense(changes: dict[str, Any]) -> None:
    with pytest.raises(ConfigError):
        SiteSettings(**changes)


def test_a_wiki_is_not_usable_before_connect() -> None:
    with pytest.raises(RuntimeError, match="connect"):
        Wiki(SiteSettings()).fetch(["Main Page"])


# ---- error mapping, with a stand-in for the pywikibot Site (codes the local wiki cannot produce) ----------


class _FakeRequest:
    def __init__(self, outcome: Any) -> None:
        self.outcome = outcome

    def submit(self) -> Any:
        if isinstance(self.outcome, BaseException):
            raise self.outcome
        return self.outcome


class _FakeSite:
    def __init__(self, outcome: Any) -> None:
        self.outcome = outcome
        self.tokens = {"csrf": "token+\\"}
        self.params: dict[str, Any] = {}

    def has_right(self, right: str) -> bool:
        return True

    def logged_in(self) -> bool:
        return True

    def simple_request(self, **params: Any) -> _FakeRequest:
        self.params = params
        return _FakeRequest(self.outcome)


def _wiki_answering(outcome: Any) -> tuple[Wiki, _FakeSite]:
    settings = SiteSettings(put_throttle=0, password="pw-not-to-leak", username="MtpBot@mtpbot")
    wiki = Wiki(settings)
    wiki._pywikibot = bot.wiki._import_pywikibot(settings)
    wiki._site = site = _FakeSite(outcome)
    return wiki, site


EXISTING = PageState("Metrics", exists=True, text="old", revid=41, timestamp="2026-01-01T00:00:00Z", last_user="X")


def _api_error(code: str, info: str, **other: Any) -> Exception:
    from pywikibot.exceptions import APIError

    error: Exception = APIError(code, info, **other)
    return error


@pytest.mark.parametrize(
    ("code", "reason"),
    [
        ("editconflict", "edit-conflict"),
        ("protectedpage", "protected"),
        ("protectedtitle", "protected"),
        ("cascadeprotected", "cascade-protected"),
        ("spamblacklist", "spam-blacklist"),
        ("abusefilter-disallowed", "abuse-filter"),
        ("abusefilter-warning", "abuse-filter"),
        ("titleblacklist-forbidden", "title-blacklist"),
        ("cantcreate", "no-create"),
        ("articleexists", "page-created-meanwhile"),
        ("pagedeleted", "page-deleted-meanwhile"),
        ("missingtitle", "page-deleted-meanwhile"),
        ("readonly", "other"),
    ],
)
def test_api_errors_map_to_stable_reasons(code: str, reason: str) -> None:
    wiki, _site = _wiki_answering(_api_error(code, "The wiki says no."))

    with pytest.raises(PageError) as caught:
        wiki.save(EXISTING, "new", "summary")

    assert caught.value.reason == reason
    assert caught.value.title == "Metrics"
    assert caught.value.exit_code == ExitCode.PAGE_FAILURES
    assert repr(code) in caught.value.message and "The wiki says no." in caught.value.message
    assert caught.value.hint


def test_missingtitle_for_a_page_that_did_not_exist_is_no_create() -> None:
    wiki, _site = _wiki_answering(_api_error("missingtitle", "The page you specified doesn't exist."))
    with pytest.raises(PageError) as caught:
        wiki.save(PageState.missing("Metrics"), "new", "summary")
    assert caught.value.reason == "no-create"


@pytest.mark.parametrize(
    ("edit", "reason"),
    [
        ({"result": "Failure", "captcha": {"type": "image", "id": "1"}}, "captcha"),
        ({"result": "Failure", "spamblacklist": "example.com"}, "spam-blacklist"),
        ({"result": "Failure", "code": "hookaborted", "info": "A hook aborted it."}, "other"),
    ],
)
def test_failure_results_map_to_reasons(edit: dict[str, Any], reason: str) -> None:
    wiki, _site = _wiki_answering({"edit": edit})
    with pytest.raises(PageError) as caught:
        wiki.save(EXISTING, "new", "summary")
    assert caught.value.reason == reason


def test_maxlag_timeout_and_network_failures() -> None:
    from pywikibot.exceptions import MaxlagTimeoutError

    wiki, _site = _wiki_answering(MaxlagTimeoutError("Maximum retries attempted due to maxlag"))
    with pytest.raises(PageError) as caught:
        wiki.save(EXISTING, "new", "summary")
    assert caught.value.reason == "maxlag"

    wiki, _site = _wiki_answering(requests.ConnectionError("refused pw-not-to-leak"))
    with pytest.raises(PageError) as caught:
        wiki.save(EXISTING, "new", "summary")
    assert caught.value.reason == "other"
    assert "pw-not-to-leak" not in str(caught.value)


def test_save_parameters() -> None:
    wiki, site = _wiki_answering({"edit": {"result": "Success", "title": "Metrics", "newrevid": 42}})

    assert wiki.save(EXISTING, "new text", "Update: x 1 → 2") == SaveResult("Metrics", 42, False, False)
    assert site.params["baserevid"] == 41
    assert site.params["nocreate"] is True
    assert "basetimestamp" not in site.params and "createonly" not in site.params
    assert site.params["bot"] is True and site.params["notminor"] is True
    assert site.params["summary"] == "Update: x 1 → 2"

    wiki.save(PageState.missing("Metrics"), "new text", "Create", bot=False, minor=True)
    assert site.params["createonly"] is True
    assert "baserevid" not in site.params and "nocreate" not in site.params and "bot" not in site.params
    assert site.params["minor"] is True


# ---- against the local wiki -----------------------------------------------------------------------------


@pytest.mark.wiki
def test_connect_logs_in_with_the_bot_password(wiki: Wiki) -> None:
    assert wiki.username == "MtpBot"
    assert wiki.has_right("bot")
    assert wiki.has_right("apihighlimits")
    assert not wiki.has_right("delete")
    assert wiki.batch_size == 500


@pytest.mark.wiki
def test_fetch_reads_120_pages_in_one_request(wiki: Wiki, devwiki: DevWiki, human: HumanClient) -> None:
    prefix = _unique("fetch")
    existing = {f"{prefix} {i}": f"text of page {i}\n{{{{template|{i}}}}}" for i in range(20)}
    revids = {title: human.edit(title, text, "setup") for title, text in existing.items()}
    missing = [f"{prefix} missing {i}" for i in range(100)]
    titles = [*existing, *missing]

    before = devwiki.count_requests()
    states = wiki.fetch(titles)
    assert devwiki.count_requests() - before == 1

    assert list(states) == titles
    for title, text in existing.items():
        state = states[title]
        assert (state.title, state.exists, state.text, state.revid) == (title, True, text, revids[title])
        assert state.last_user == "Editor"
        assert state.timestamp is not None and state.timestamp.endswith("Z")
    for title in missing:
        assert states[title] == PageState.missing(title)


@pytest.mark.wiki
def test_fetch_without_apihighlimits_uses_batches_of_50(devwiki: DevWiki, monkeypatch: pytest.MonkeyPatch) -> None:
    reader = Wiki(_settings(devwiki))
    reader.connect()  # the same pywikibot site as the module's wiki: no new login
    monkeypatch.setattr(reader, "has_right", lambda right: right != "apihighlimits")
    titles = [f"{_unique('batch')} {i}" for i in range(120)]

    before = devwiki.count_requests()
    states = reader.fetch(titles)

    assert devwiki.count_requests() - before == 3  # ceil(120 / 50)
    assert len(states) == 120


@pytest.mark.wiki
def test_fetch_keys_by_the_title_asked_for(wiki: Wiki, human: HumanClient) -> None:
    title = _unique("normalised")
    human.edit(title, "hello", "setup")
    asked = [title[0].lower() + title[1:].replace(" ", "_"), title, "Project:" + title]

    states = wiki.fetch(asked)

    assert list(states) == asked
    assert states[asked[0]].title == title and states[asked[0]].text == "hello"
    assert states[asked[1]] == states[asked[0]]
    assert states[asked[2]].title == "DevWiki:" + title and not states[asked[2]].exists


@pytest.mark.wiki
@pytest.mark.parametrize("title", ["Bad[title", "Special:RecentChanges", "wikipedia:Foo", " "])
def test_fetch_rejects_titles_the_wiki_cannot_hold(wiki: Wiki, title: str) -> None:
    with pytest.raises(ConfigError):
        wiki.fetch([title])


@pytest.mark.wiki
def test_save_creates_a_page_as_a_flagged_bot_edit(wiki: Wiki, human: HumanClient) -> None:
    title = _unique("create")
    state = wiki.fetch([title])[title]
    assert not state.exists

    result = wiki.save(state, "== Metrics ==\nvalue 1", "Create: metrics table")

    assert result.created and not result.nochange and result.revid is not None
    revision = human.latest_revision(title)
    assert revision["revid"] == result.revid
    assert revision["user"] == "MtpBot"
    assert revision["bot"] is True
    assert revision["minor"] is False
    assert revision["comment"] == "Create: metrics table"
    assert human.page_text(title) == "== Metrics ==\nvalue 1"


@pytest.mark.wiki
def test_save_sends_baserevid_maxlag_and_the_user_agent(
    wiki: Wiki, sent: list[tuple[dict[str, list[str]], str]]
) -> None:
    title = _unique("parameters")
    created = wiki.save(wiki.fetch([title])[title], "one", "Create")
    state = wiki.fetch([title])[title]
    assert state.revid == created.revid

    wiki.save(state, "two", "Edit")

    edits = [params for params, _agent in sent if params.get("action") == ["edit"]]
    assert len(edits) == 2
    create, edit = edits
    assert "createonly" in create and "baserevid" not in create and "nocreate" not in create
    assert edit["baserevid"] == [str(state.revid)] and "nocreate" in edit
    for params in edits:
        assert "basetimestamp" not in params
        assert params["maxlag"] == ["5"]
        assert params["assert"] == ["user"]
        assert "bot" in params
    assert all(agent.startswith(USER_AGENT + " Pywikibot/") for _params, agent in sent)


@pytest.mark.wiki
def test_saving_identical_text_is_nochange(wiki: Wiki, devwiki: DevWiki) -> None:
    title = _unique("nochange")
    created = wiki.save(PageState.missing(title), "same text", "Create")
    state = wiki.fetch([title])[title]

    before = devwiki.count_requests()
    result = wiki.save(state, "same text", "Nothing to do")

    assert devwiki.count_requests() - before == 1
    assert result == SaveResult(title, created.revid, created=False, nochange=True)


LINES = [f"line {i}" for i in range(1, 13)]


def _with(lines: list[str], index: int, value: str) -> str:
    changed = list(lines)
    changed[index] = value
    return "\n".join(changed)


@pytest.mark.wiki
def test_a_human_edit_on_another_line_is_merged(wiki: Wiki, human: HumanClient) -> None:
    title = _unique("merge")
    wiki.save(PageState.missing(title), "\n".join(LINES), "Create")
    state = wiki.fetch([title])[title]
    human.edit(title, _with(LINES, 11, "human line 12"), "human edit far away")

    result = wiki.save(state, _with(LINES, 0, "bot line 1"), "Update line 1")

    assert not result.nochange
    expected = _with(LINES, 0, "bot line 1").replace("line 12", "human line 12")
    assert human.page_text(title) == expected


@pytest.mark.wiki
def test_a_human_edit_on_the_same_line_is_an_edit_conflict(wiki: Wiki, human: HumanClient) -> None:
    title = _unique("conflict")
    wiki.save(PageState.missing(title), "\n".join(LINES), "Create")
    state = wiki.fetch([title])[title]
    human_text = _with(LINES, 0, "human line 1")
    human.edit(title, human_text, "human edit, same line, same second")

    with pytest.raises(PageError) as caught:
        wiki.save(state, _with(LINES, 0, "bot line 1"), "Update line 1")

    assert caught.value.reason == "edit-conflict"
    assert "'editconflict'" in caught.value.message
    assert human.page_text(title) == human_text


@pytest.mark.wiki
def test_the_bots_own_intervening_edit_is_not_overwritten(wiki: Wiki, human: HumanClient) -> None:
    title = _unique("own edit")
    wiki.save(PageState.missing(title), "\n".join(LINES), "Create")
    state = wiki.fetch([title])[title]
    wiki.save(state, _with(LINES, 0, "first run"), "First")

    with pytest.raises(PageError) as caught:
        wiki.save(state, _with(LINES, 0, "stale run"), "Second, from a stale read")

    assert caught.value.reason == "edit-conflict"
    assert human.page_text(title) == _with(LINES, 0, "first run")


@pytest.mark.wiki
def test_a_protected_page_is_refused(wiki: Wiki, admin: HumanClient) -> None:
    title = _unique("protected")
    wiki.save(PageState.missing(title), "text", "Create")
    admin.protect(title)
    state = wiki.fetch([title])[title]

    with pytest.raises(PageError) as caught:
        wiki.save(state, "new text", "Update")

    assert caught.value.reason == "protected"
    assert "'protectedpage'" in caught.value.message


@pytest.mark.wiki
def test_a_create_protected_title_is_refused(wiki: Wiki, admin: HumanClient) -> None:
    title = _unique("salted")
    admin.post(action="protect", title=title, protections="create=sysop", token=admin.csrf_token())

    with pytest.raises(PageError) as caught:
        wiki.save(wiki.fetch([title])[title], "text", "Create")

    assert caught.value.reason == "protected"


@pytest.mark.wiki
def test_a_page_created_meanwhile_is_not_overwritten(wiki: Wiki, human: HumanClient) -> None:
    title = _unique("created meanwhile")
    state = wiki.fetch([title])[title]
    human.edit(title, "a human was faster", "create")

    with pytest.raises(PageError) as caught:
        wiki.save(state, "bot text", "Create")

    assert caught.value.reason == "page-created-meanwhile"
    assert human.page_text(title) == "a human was faster"


@pytest.mark.wiki
def test_a_page_deleted_meanwhile_is_not_recreated(wiki: Wiki, admin: HumanClient, human: HumanClient) -> None:
    title = _unique("deleted meanwhile")
    wiki.save(PageState.missing(title), "text", "Create")
    state = wiki.fetch([title])[title]
    admin.post(action="delete", title=title, reason="test", token=admin.csrf_token())

    with pytest.raises(PageError) as caught:
        wiki.save(state, "new text", "Update")

    assert caught.value.reason == "page-deleted-meanwhile"
    assert human.page_text(title) is None


@pytest.mark.wiki
def test_page_url(wiki: Wiki, devwiki: DevWiki) -> None:
    assert wiki.page_url("MTP metrics/Q2 (draft)") == f"{devwiki.url}/index.php/MTP_metrics/Q2_(draft)"
    assert wiki.page_url("A?b&c") == f"{devwiki.url}/index.php/A%3Fb%26c"


@pytest.mark.wiki
def test_an_unreachable_wiki_is_a_wiki_error(devwiki: DevWiki) -> None:
    from bot.devwiki import free_port

    dead = Wiki(_settings(devwiki, api_url=f"http://127.0.0.1:{free_port()}/api.php", max_retries=0))

    with pytest.raises(WikiError) as caught:
        dead.connect()

    assert "Could not reach" in caught.value.message
    assert caught.value.hint
    assert devwiki.bot.password not in str(caught.value)


# ---- a fresh process, as one `mtpbot sync` run ----------------------------------------------------------

FRESH_RUN = """
import json, os, sys
from pathlib import Path
from bot.devwiki import Account, DevWiki
from bot.errors import WikiError
from bot.wiki import SiteSettings, Wiki

directory, port, prefix = Path(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
nobody = Account("-", "-")
dev = DevWiki(directory, port, nobody, nobody, nobody, directory / "server.log")
settings = SiteSettings(api_url=dev.api_url, put_throttle=0, max_retries=1, retry_wait=1)
wiki = Wiki(settings.with_credentials_from(os.environ))
counts = {}
before = dev.count_requests()
try:
    wiki.connect()
except WikiError as error:
    print(json.dumps({"error": str(error), "exit_code": int(error.exit_code)}))
    sys.exit(0)
counts["connect"] = dev.count_requests() - before
titles = [f"{prefix} {i}" for i in range(120)]
before = dev.count_requests()
states = wiki.fetch(titles)
counts["fetch_120"] = dev.count_requests() - before
before = dev.count_requests()
wiki.save(states[titles[0]], "first", "Create the first page")
counts["first_save"] = dev.count_requests() - before
before = dev.count_requests()
wiki.save(states[titles[1]], "second", "Create the second page")
counts["second_save"] = dev.count_requests() - before
import pywikibot
print(json.dumps({"counts": counts, "config_dir": str(pywikibot.config.base_dir)}))
"""


def _fresh_run(
    devwiki: DevWiki, cwd: Path, password: str, pywikibot_dir: Path | None = None
) -> tuple[dict[str, Any], str]:
    env = _subprocess_env(devwiki, password)
    if pywikibot_dir is not None:
        env["PYWIKIBOT_DIR"] = str(pywikibot_dir)
    result = subprocess.run(
        [sys.executable, "-c", FRESH_RUN, str(devwiki.directory), str(devwiki.port), _unique("fresh")],
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    output: dict[str, Any] = json.loads(result.stdout)
    return output, result.stderr


@pytest.mark.wiki
def test_a_fresh_run_counts_its_requests_and_leaves_nothing_behind(devwiki: DevWiki, tmp_path: Path) -> None:
    output, stderr = _fresh_run(devwiki, tmp_path, devwiki.bot.password)

    # connect: userinfo (site init), login (login token, login, userinfo), 2 siteinfo; the edit token comes
    # with the first read, so every save is one request
    assert output["counts"] == {"connect": 6, "fetch_120": 1, "first_save": 1, "second_save": 1}
    assert stderr == ""  # pywikibot said nothing on the terminal
    assert list(tmp_path.iterdir()) == []  # no throttle file, cache or log in the working directory
    config_dir = Path(output["config_dir"])
    assert config_dir.name.startswith("mtpbot-pywikibot-")
    assert not config_dir.exists()  # the private directory (with the password file) is gone


@pytest.mark.wiki
def test_an_operators_pywikibot_directory_is_used_as_is(devwiki: DevWiki, tmp_path: Path) -> None:
    operator_dir = tmp_path / "pywikibot"
    operator_dir.mkdir()
    user_config = "family = 'meta'\nmylang = 'meta'\nusernames['meta']['meta'] = 'MtpBot'\n"
    (operator_dir / "user-config.py").write_text(user_config)
    cwd = tmp_path / "cwd"
    cwd.mkdir()

    first, stderr = _fresh_run(devwiki, cwd, devwiki.bot.password, operator_dir)
    second, _stderr = _fresh_run(devwiki, cwd, devwiki.bot.password, operator_dir)

    assert first["config_dir"] == str(operator_dir) and stderr == ""
    assert first["counts"]["connect"] == 6
    # pywikibot keeps its login cookie and API cache there, so the next run does not log in again.
    assert second["counts"]["connect"] == 1
    assert second["counts"]["fetch_120"] == 1
    names = {path.name for path in operator_dir.iterdir()}
    assert "user-config.py" in names and "throttle.ctrl" in names
    assert not any("password" in name for name in names)  # the password file stayed private
    assert (operator_dir / "user-config.py").read_text() == user_config
    assert list(cwd.iterdir()) == []


@pytest.mark.wiki
def test_a_wrong_password_is_a_wiki_error(devwiki: DevWiki, tmp_path: Path) -> None:
    wrong = "0123456789abcdef0123456789abcdef"

    output, stderr = _fresh_run(devwiki, tmp_path, wrong)

    assert output["exit_code"] == ExitCode.WIKI_UNAVAILABLE
    assert "Could not log in" in output["error"]
    assert "MTPBOT_PASSWORD" in output["error"]  # the hint
    assert wrong not in output["error"] and wrong not in stderr


ANONYMOUS_RUN = """
import json, sys
from pathlib import Path
from bot.devwiki import Account, DevWiki
from bot.errors import WikiError
from bot.wiki import PageState, SiteSettings, Wiki

directory, port, prefix = Path(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
nobody = Account("-", "-")
dev = DevWiki(directory, port, nobody, nobody, nobody, directory / "server.log")
wiki = Wiki(SiteSettings(api_url=dev.api_url, put_throttle=0, max_retries=1, retry_wait=1))
report = {}
try:
    wiki.connect()
except WikiError as error:
    report["login_error"] = error.message
wiki.connect(login=False)
report["username"] = wiki.username
report["batch_size"] = wiki.batch_size
before = dev.count_requests()
report["fetched"] = len(wiki.fetch([f"{prefix} {i}" for i in range(120)]))
report["fetch_requests"] = dev.count_requests() - before
try:
    wiki.save(PageState.missing(prefix), "text", "summary")
except WikiError as error:
    report["save_error"] = error.message
print(json.dumps(report))
"""


@pytest.mark.wiki
def test_without_credentials_only_reading_works(devwiki: DevWiki, tmp_path: Path) -> None:
    env = _subprocess_env(devwiki, "")
    del env["MTPBOT_USERNAME"], env["MTPBOT_PASSWORD"]
    result = subprocess.run(
        [sys.executable, "-c", ANONYMOUS_RUN, str(devwiki.directory), str(devwiki.port), _unique("anon")],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)

    assert report["login_error"].startswith("No account is configured")
    assert (report["username"], report["batch_size"]) == ("", 50)
    assert (report["fetched"], report["fetch_requests"]) == (120, 3)
    assert "not logged in" in report["save_error"]
    assert result.stderr == ""

"""bot.mediawiki against a real local MediaWiki: login, batched reads, conflict-safe saves, refusals.

Request counts are read from the wiki's `php -S` log (`DevWiki.count_requests()`), so they count what
really reached the server.
"""

from __future__ import annotations

import pytest

from bot.errors import ConfigError, PageError, WikiError
from bot.mediawiki import PageState, SaveResult, Wiki
from devwiki import DevWiki, HumanClient
from tests.mediawiki.helpers import USER_AGENT, bot_settings, unique


@pytest.mark.wiki
def test_connect_logs_in_with_the_bot_password(wiki: Wiki) -> None:
    assert wiki.username == "MtpBot"
    assert wiki.has_right("bot")
    assert wiki.has_right("apihighlimits")
    assert not wiki.has_right("delete")
    assert wiki.batch_size == 500


@pytest.mark.wiki
def test_fetch_reads_120_pages_in_one_request(wiki: Wiki, devwiki: DevWiki, human: HumanClient) -> None:
    prefix = unique("fetch")
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
    for title in missing:
        assert states[title] == PageState.missing(title)


@pytest.mark.wiki
def test_fetch_without_apihighlimits_uses_batches_of_50(devwiki: DevWiki, monkeypatch: pytest.MonkeyPatch) -> None:
    reader = Wiki(bot_settings(devwiki))
    reader.connect()  # the same pywikibot site as the module's wiki: no new login
    monkeypatch.setattr(reader, "has_right", lambda right: right != "apihighlimits")
    titles = [f"{unique('batch')} {i}" for i in range(120)]

    before = devwiki.count_requests()
    states = reader.fetch(titles)

    assert devwiki.count_requests() - before == 3  # ceil(120 / 50)
    assert len(states) == 120


@pytest.mark.wiki
def test_fetch_keys_by_the_title_asked_for(wiki: Wiki, human: HumanClient) -> None:
    title = unique("normalised")
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
    title = unique("create")
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
    title = unique("parameters")
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
    title = unique("nochange")
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
    title = unique("merge")
    wiki.save(PageState.missing(title), "\n".join(LINES), "Create")
    state = wiki.fetch([title])[title]
    human.edit(title, _with(LINES, 11, "human line 12"), "human edit far away")

    result = wiki.save(state, _with(LINES, 0, "bot line 1"), "Update line 1")

    assert not result.nochange
    expected = _with(LINES, 0, "bot line 1").replace("line 12", "human line 12")
    assert human.page_text(title) == expected


@pytest.mark.wiki
def test_a_human_edit_on_the_same_line_is_an_edit_conflict(wiki: Wiki, human: HumanClient) -> None:
    title = unique("conflict")
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
    title = unique("own edit")
    wiki.save(PageState.missing(title), "\n".join(LINES), "Create")
    state = wiki.fetch([title])[title]
    wiki.save(state, _with(LINES, 0, "first run"), "First")

    with pytest.raises(PageError) as caught:
        wiki.save(state, _with(LINES, 0, "stale run"), "Second, from a stale read")

    assert caught.value.reason == "edit-conflict"
    assert human.page_text(title) == _with(LINES, 0, "first run")


@pytest.mark.wiki
def test_a_protected_page_is_refused(wiki: Wiki, admin: HumanClient) -> None:
    title = unique("protected")
    wiki.save(PageState.missing(title), "text", "Create")
    admin.protect(title)
    state = wiki.fetch([title])[title]

    with pytest.raises(PageError) as caught:
        wiki.save(state, "new text", "Update")

    assert caught.value.reason == "protected"
    assert "'protectedpage'" in caught.value.message


@pytest.mark.wiki
def test_a_create_protected_title_is_refused(wiki: Wiki, admin: HumanClient) -> None:
    title = unique("salted")
    admin.post(action="protect", title=title, protections="create=sysop", token=admin.csrf_token())

    with pytest.raises(PageError) as caught:
        wiki.save(wiki.fetch([title])[title], "text", "Create")

    assert caught.value.reason == "protected"


@pytest.mark.wiki
def test_a_page_created_meanwhile_is_not_overwritten(wiki: Wiki, human: HumanClient) -> None:
    title = unique("created meanwhile")
    state = wiki.fetch([title])[title]
    human.edit(title, "a human was faster", "create")

    with pytest.raises(PageError) as caught:
        wiki.save(state, "bot text", "Create")

    assert caught.value.reason == "page-created-meanwhile"
    assert human.page_text(title) == "a human was faster"


@pytest.mark.wiki
def test_a_page_deleted_meanwhile_is_not_recreated(wiki: Wiki, admin: HumanClient, human: HumanClient) -> None:
    title = unique("deleted meanwhile")
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
    from devwiki import free_port

    dead = Wiki(bot_settings(devwiki, api_url=f"http://127.0.0.1:{free_port()}/api.php", max_retries=0))

    with pytest.raises(WikiError) as caught:
        dead.connect()

    assert "Could not reach" in caught.value.message
    assert caught.value.hint
    assert devwiki.bot.password not in str(caught.value)

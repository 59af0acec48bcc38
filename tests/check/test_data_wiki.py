"""`mtpbot check` with charts (`data_site:`): after the main wiki's checks, the data wiki's — the login there
with the same account, that it stores JsonConfig's content models, and each data page as a sync would find
it. Against the session's two real wikis."""

from __future__ import annotations

import json

import pytest
from click.testing import Result

from bot.errors import ExitStatus
from devwiki import DevWiki, HumanClient
from tests.support.data_wiki import charted_stem, draw_one_series, sync_with_data
from tests.support.workspace import Workspace

pytestmark = pytest.mark.wiki


@pytest.fixture
def charted(workspace: Workspace, datawiki: DevWiki) -> Workspace:
    return draw_one_series(workspace)


def check(workspace: Workspace, data_url: str) -> Result:
    return workspace.mtpbot("check", "--site-url", workspace.site_url, "--data-site-url", data_url)


def test_a_data_wiki_ready_for_the_charts_passes_and_a_human_edit_there_is_a_problem(
    charted: Workspace, datawiki: DevWiki
) -> None:
    result = check(charted, datawiki.api_url)

    assert result.exit_code == ExitStatus.OK, result.output
    assert f"ok: data-wiki: logged in to the data wiki {datawiki.api_url} as MtpBot" in result.stderr
    assert "ok: data-models: the data wiki stores Tabular.JsonConfig and Chart.JsonConfig pages" in result.stderr
    assert "ok: data-pages: 2 data pages read: 2 would-create" in result.stderr
    tab = f"Data:{charted_stem(charted)}.tab"
    assert HumanClient(datawiki.api_url, datawiki.human).page_text(tab) is None  # a check saves nothing

    assert sync_with_data(charted, datawiki.api_url)[0] == 0
    human = HumanClient.logged_in(datawiki.api_url, datawiki.human)
    content = json.loads(human.page_text(tab) or "")
    content["data"][0][1] = 1
    human.edit(tab, json.dumps(content), "by hand")

    again = check(charted, datawiki.api_url)

    assert again.exit_code == ExitStatus.PAGE_FAILURES, again.output
    assert "problem: data-page: Editor edited this data page after the bot" in again.stderr
    assert "ok: data-pages: 2 data pages read: 1 unchanged" in again.stderr


def test_a_data_wiki_without_jsonconfig_is_a_problem(charted: Workspace) -> None:
    result = check(charted, charted.site_url)  # the Meta-like wiki: no JsonConfig

    assert result.exit_code == ExitStatus.PAGE_FAILURES, result.output
    assert "problem: data-models: the data wiki" in result.stderr
    assert "does not store Tabular.JsonConfig or Chart.JsonConfig pages" in result.stderr


def test_a_test_wiki_with_the_data_pages_on_commons_is_a_problem(charted: Workspace) -> None:
    result = charted.mtpbot("check", "--site-url", charted.site_url)

    assert result.exit_code == ExitStatus.BAD_INPUT, result.output
    assert "problem: data-wiki: --site-url sends the pages to" in result.stderr
    assert "give --data-site-url too" in result.stderr

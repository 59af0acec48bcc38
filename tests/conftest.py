"""Fixtures shared by the whole test suite.

`devwiki` is one real local MediaWiki for the whole test session (see devwiki/). Where MediaWiki is
missing the wiki tests are skipped, except under CI=true, where they fail: CI must never pass by skipping.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from devwiki import DevWiki, HumanClient, RunningWiki, mediawiki_problem
from devwiki.datawiki import RunningDataWiki, archive_problem
from tests.support.workspace import allow_bot_to_run


@pytest.fixture(scope="session")
def devwiki() -> Iterator[DevWiki]:
    """A started local wiki, shared by every test of the session and stopped at its end."""
    problem = mediawiki_problem()
    if problem is not None:
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI needs a local MediaWiki: {problem}", pytrace=False)
        pytest.skip(problem)
    with RunningWiki() as wiki:
        yield wiki


@pytest.fixture(scope="session")
def datawiki(devwiki: DevWiki) -> Iterator[DevWiki]:
    """A second local wiki, a data wiki as Commons is (JsonConfig: Data:*.tab and Data:*.chart pages), on
    its own port, started for the first test that asks for it and stopped at the session's end. Without
    JsonConfig's archive for the installed MediaWiki (../shared/vendor/ beside the repository: a clone on
    its own) it is skipped, even
    under CI; a data wiki that cannot start fails. Its bot has the local wiki's BotPassword, as a global
    account has on Meta and Commons, so that one sync logs in to both with the same credentials."""
    problem = mediawiki_problem()
    if problem is not None:
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI needs a local MediaWiki for the data wiki: {problem}", pytrace=False)
        pytest.skip(problem)
    missing = archive_problem()  # the archive is the installed MediaWiki's branch: asked once it is known
    if missing is not None:
        pytest.skip(missing)
    with RunningDataWiki(bot_password=devwiki.bot.password) as wiki:
        yield wiki


@pytest.fixture(scope="session")
def run_page_on(devwiki: DevWiki) -> str:
    """The title of the run page, User:<bot>/Run, switched on for the session: the bot may publish."""
    return allow_bot_to_run(devwiki)


@pytest.fixture
def admin(devwiki: DevWiki) -> HumanClient:
    """The wiki's administrator (sysop, bureaucrat), logged in: protects and deletes pages in tests."""
    return HumanClient.logged_in(devwiki.api_url, devwiki.admin)


@pytest.fixture
def human(devwiki: DevWiki) -> HumanClient:
    """The ordinary user "Editor", logged in to the session's wiki."""
    return HumanClient.logged_in(devwiki.api_url, devwiki.human)

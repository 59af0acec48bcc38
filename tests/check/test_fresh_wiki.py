"""`mtpbot check` as a new operator runs it first: against a wiki of its own where nobody has created the bot's
run page yet, in a process of its own (as the operator's shell starts it)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.errors import ExitStatus
from devwiki import DevWiki, HumanClient, RunningWiki
from tests.support.workspace import make_workspace

pytestmark = pytest.mark.wiki


@pytest.fixture(scope="module")
def fresh_wiki(devwiki: DevWiki) -> Iterator[DevWiki]:
    """A freshly installed wiki (after `devwiki`, which skips, or fails under CI, where MediaWiki is missing)."""
    with RunningWiki() as wiki:
        yield wiki


def test_a_fresh_wiki_needs_the_run_page_and_says_which_and_what_to_write(fresh_wiki: DevWiki, tmp_path: Path) -> None:
    workspace = make_workspace(tmp_path, fresh_wiki, label="Fresh")
    done = workspace.mtpbot_process("check", "--site-url", workspace.site_url)
    assert done.returncode == ExitStatus.NOT_ALLOWED, done.stderr
    problems = [line for line in done.stderr.splitlines() if line.startswith("problem: ")]
    assert problems == [
        'problem: run-page: the run page "User:MtpBot/Run" does not exist: create it with the text "true"'
    ]
    assert f"{fresh_wiki.url}/index.php/User:MtpBot/Run" in done.stderr
    assert "done: 8 ok, 1 problem: a sync could not publish everything (exit 3)" in done.stderr

    HumanClient.logged_in(fresh_wiki.api_url, fresh_wiki.human).edit("User:MtpBot/Run", "true", "let the bot run")
    done = workspace.mtpbot_process("check", "--site-url", workspace.site_url)
    assert done.returncode == ExitStatus.OK, done.stderr
    assert "done: 9 ok, 0 problems: a sync could publish (exit 0)" in done.stderr
    assert workspace.mtpbot_process("sync", "--site-url", workspace.site_url).returncode == ExitStatus.OK

"""`mtpbot check` where the wiki is never reached or cannot be: settings that do not load, a wiki that does not
answer. Each is a problem with its exit status, in the same one-line and JSON forms."""

from __future__ import annotations

import json
from pathlib import Path

from bot.errors import ExitStatus
from tests.support.workspace import make_workspace


def test_settings_that_do_not_load_are_the_one_problem(tmp_path: Path) -> None:
    space = make_workspace(tmp_path, None, logs_in=False)
    space.config.write_text("site: [\n", encoding="utf-8")
    result = space.mtpbot("check", "--json")
    assert result.exit_code == ExitStatus.BAD_INPUT
    answer = json.loads(result.stdout)
    assert (answer["ok"], answer["exit_code"]) == (False, 2)
    (only,) = answer["checks"]
    assert (only["name"], only["ok"], only["title"]) == ("sources", False, None)
    assert str(space.config) in only["message"]

    result = space.mtpbot("check")
    assert result.exit_code == ExitStatus.BAD_INPUT
    assert result.stderr.startswith("problem: sources: ")
    assert "done: 0 ok, 1 problem: a sync could not publish everything (exit 2)" in result.stderr


def test_a_site_url_that_is_no_api_is_bad_input(tmp_path: Path) -> None:
    space = make_workspace(tmp_path, None, logs_in=False)
    result = space.mtpbot("check", "--site-url", "https://meta.example.org/wiki/Main_Page")
    assert result.exit_code == ExitStatus.BAD_INPUT
    assert "is not the address of a MediaWiki api.php" in result.stderr


def test_a_wiki_that_does_not_answer(tmp_path: Path) -> None:
    space = make_workspace(tmp_path, None, logs_in=False)
    space.configure(max_retries=0, retry_wait=0)
    result = space.mtpbot("check", "--site-url", "http://127.0.0.1:1/api.php")
    assert result.exit_code == ExitStatus.WIKI_UNAVAILABLE
    lines = [line for line in result.stderr.splitlines() if not line.startswith(" ")]
    assert lines[0].startswith("ok: sources: ")
    assert lines[1].startswith("problem: wiki: ") and "http://127.0.0.1:1/api.php" in lines[1]
    assert lines[2] == "done: 1 ok, 1 problem: a sync could not publish everything (exit 6)"

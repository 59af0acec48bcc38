"""Values that used to pass `validate` and then harm the wiki: each now stops the run before its first request
(exit 2, file:line), or is written so that MediaWiki shows it as typed.

Found by attacking the bot: a value with U+FFFE passed validate and then every save failed with `badmd5`,
every week; a YAML alias bomb hung validate (and a cron run, before it took the lock); brackets in a value
made live links (and pings) in the saved summary, and escaping pushed summaries past 500 characters, so
MediaWiki cut off the data commit. tests/source and tests/wikitext hold the many forms; these tests hold the
whole run on the real wiki.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.errors import ExitStatus
from devwiki import DevWiki, HumanClient
from tests.safety.conftest import FaultRecorder
from tests.support.workspace import Workspace, make_workspace

pytestmark = pytest.mark.wiki

ALIAS_BOMB = """
a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]
b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]
c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]
d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]
e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]
f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]
g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]
h: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g]
"""


def _refused_before_any_request(workspace: Workspace, devwiki: DevWiki) -> str:
    """Run a sync: it must stop at validation (exit 2) with no request to the wiki. Its stderr."""
    before = devwiki.count_requests()
    result = workspace.sync()
    assert result.exit_code == ExitStatus.BAD_INPUT, result.stderr
    assert devwiki.count_requests() == before
    assert f"{workspace.metrics_file.name}:" in result.stderr
    return result.stderr


def test_a_character_mediawiki_rewrites_stops_the_run_before_any_request(
    tmp_path: Path, devwiki: DevWiki, run_page_on: str, human: HumanClient, faults: FaultRecorder
) -> None:
    workspace = make_workspace(tmp_path, devwiki, label="Characters")
    data = workspace.metrics()
    data["metrics"][0]["name"] += "\ufffe"
    workspace.write_metrics(data)
    faults.add(
        "a value MediaWiki would rewrite (U+FFFE, a C0 control, not normal form C)",
        outcome="refused by validate at file:line (exit 2), naming the character; nothing published",
    )
    assert "U+FFFE <noncharacter-FFFE>" in _refused_before_any_request(workspace, devwiki)
    assert all(human.page_text(title) is None for title in workspace.titles)


def test_a_yaml_alias_bomb_stops_the_run_before_any_request(
    tmp_path: Path, devwiki: DevWiki, run_page_on: str, faults: FaultRecorder
) -> None:
    workspace = make_workspace(tmp_path, devwiki, label="Alias bomb")
    text = workspace.metrics_file.read_text(encoding="utf-8")
    workspace.metrics_file.write_text(text + "\nbomb:" + ALIAS_BOMB.replace("\n", "\n  "), encoding="utf-8")
    faults.add(
        "a YAML alias bomb (nested anchors) in a metrics file",
        outcome="refused by validate at file:line (exit 2) without expanding it; nothing published",
    )
    assert "alias bomb" in _refused_before_any_request(workspace, devwiki)


def test_brackets_in_a_value_make_no_link_in_the_saved_summary(
    tmp_path: Path, devwiki: DevWiki, run_page_on: str, human: HumanClient, faults: FaultRecorder
) -> None:
    workspace = make_workspace(tmp_path, devwiki, label="Summary links")
    data = workspace.metrics()
    data["metrics"][0]["name"] = "[[[User:Editor]]] [[[[Main Page]]]] /* s */ {{ping|Editor}}"
    workspace.write_metrics(data)
    assert workspace.sync().exit_code == ExitStatus.OK
    workspace.set_monthly_active_editors(84000)
    code, report = workspace.sync_json()
    faults.add(
        "brackets, section marks and templates in a value (summary)",
        outcome="the summary shows them as typed: no link, mention, section link or template; ≤ 500 characters",
    )
    assert code == ExitStatus.OK, report
    stored = human.latest_revision(workspace.metrics_title)["comment"]
    parsed = human.post(action="parse", title="Sandbox", summary=stored, prop="")["parse"]["parsedsummary"]
    assert "<a " not in parsed and "autocomment" not in parsed, parsed
    assert len(stored) <= 500 and stored == report["pages"][0]["summary"]

"""A run killed at any moment (SIGTERM as a job scheduler sends it, SIGKILL as the kernel does) leaves every
page whole, and the next run finishes the work.

`python -m bot … sync` runs as a separate process publishing 30 pages through the proxy; a proxy hook kills
it when it reaches a chosen request (the login, the batched read, the N-th save). The save under way when
the process died still reaches the wiki, as it would in life. Afterwards every page is absent, exactly as
it was before the run, or exactly as the run meant to write it — never half of each, never with a broken
table — and its regions carry checksums that verify. The next run converges with exit 0 and saves only
what was left; the one after it changes nothing. Human text outside the tables survives all of it.

The Ctrl-C scenario starts the run with SIGINT ignored, as a scheduler's background job inherits it: the
command must set its own handler to be stoppable at all.
"""

from __future__ import annotations

import itertools
import json
import os
import re
import signal
import subprocess
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from bot.errors import ExitStatus
from bot.wikitext import regions
from bot.wikitext.regions import seals
from devwiki import DevWiki, HumanClient
from tests.safety.conftest import FaultRecorder
from tests.support.history import latest, texts
from tests.support.proxy import Seen, WikiProxy
from tests.support.workspace import (
    METRICS_TEMPLATE,
    ONE_TABLE,
    PageSpec,
    Workspace,
    make_workspace,
    templates_with_one_table,
    unique,
)

pytestmark = pytest.mark.wiki

Texts = dict[str, str | None]

PAGES = 30
FULL_PAGES = (0, 29)  # whole metrics pages (five tables); the others show the metrics table only
KILL_TIMEOUT = 120.0  # seconds for a killed run to be reaped
HUMAN_PAGES = (0, 9, 29)  # pages on which a human adds a line after the first publish
HUMAN_LINE = "''Maintained with care by the Thriving Movement team.''\n"


@dataclass(frozen=True)
class Moment:
    """When to kill the run: at the request `when` accepts (given it and the saves seen before it)."""

    label: str
    when: Callable[[Seen, int], bool]
    saved: int  # pages saved by the killed run (the save in flight when it died included)


def _at_save(n: int) -> Moment:
    return Moment(f"save {n}", lambda seen, saves: seen.is_save and saves == n - 1, n)


AT_LOGIN = Moment("login", lambda seen, saves: seen.action == "login", 0)
AT_READ = Moment(
    "batched read", lambda seen, saves: seen.action == "query" and "revisions" in seen.params.get("prop", ""), 0
)

EDIT_SCENARIOS = [
    pytest.param(signal.SIGTERM, AT_LOGIN, id="SIGTERM-login"),
    pytest.param(signal.SIGTERM, AT_READ, id="SIGTERM-batched-read"),
    pytest.param(signal.SIGTERM, _at_save(23), id="SIGTERM-save-23"),
    pytest.param(signal.SIGINT, _at_save(12), id="SIGINT-save-12"),
    pytest.param(signal.SIGKILL, _at_save(1), id="SIGKILL-save-1"),
    pytest.param(signal.SIGKILL, _at_save(PAGES), id="SIGKILL-last-save"),
]
_versions = itertools.count(1)


def _workspace(tmp_path: Path, devwiki: DevWiki, proxy: WikiProxy) -> Workspace:
    base = unique("Interrupted")
    pages = [
        PageSpec(f"{base}/Metrics {i:02d}", METRICS_TEMPLATE if i in FULL_PAGES else ONE_TABLE) for i in range(PAGES)
    ]
    templates = templates_with_one_table(tmp_path)
    workspace = make_workspace(
        tmp_path / "work", devwiki, proxy.api_url, pages, label="Interrupted", templates=templates
    )
    # The killed process and the runs after it share the workspace's state directory; a temp folder of its own.
    (tmp_path / "tmp").mkdir()
    return workspace


def _run_and_kill(workspace: Workspace, proxy: WikiProxy, signum: signal.Signals, moment: Moment) -> None:
    """Start `python -m bot … sync --json` and send it `signum` at `moment`; wait until it is gone."""
    started = threading.Event()
    process: list[subprocess.Popen[str]] = []
    saves = [0]
    killed: list[Seen] = []

    def hook(seen: Seen) -> None:
        started.wait(10)
        if not killed and moment.when(seen, saves[0]):
            os.kill(process[0].pid, signum)
            killed.append(seen)
        if seen.is_save:
            saves[0] += 1

    proxy.before(hook)
    tmp = workspace.folder.parent / "tmp"
    command = workspace.sync_command("--json")
    if signum == signal.SIGINT:  # SIGINT ignored, as a non-interactive shell's background job inherits it
        command = ["sh", "-c", 'trap "" INT; exec "$@"', "sh", *command]
    process.append(
        subprocess.Popen(
            command,
            env=workspace.process_env(TMPDIR=str(tmp)),
            cwd=workspace.folder,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
    )
    started.set()
    try:
        stdout, stderr = process[0].communicate(timeout=KILL_TIMEOUT)
    finally:
        if process[0].poll() is None:
            process[0].kill()
            process[0].wait()
        proxy.wait_idle()  # the request in flight when the process died is done
        proxy.clear()
    assert killed, f"the run ended before {moment.label} (exit {process[0].returncode}):\n{stderr}"
    if signum == signal.SIGKILL:  # no report from a killed run: the next run's report tells
        assert (process[0].returncode, stdout) == (-signum, ""), stderr
        return
    # SIGTERM or Ctrl-C: the run stops, says what it saved (one line; with --json, the usual document) and
    # exits 143 or 130.
    how = "SIGTERM" if signum == signal.SIGTERM else "Ctrl-C"
    assert process[0].returncode == 128 + signum, stderr
    last = rf"^stopped by {how}: (saved \d+: .+|nothing was saved); no other page was changed$"
    assert re.search(last, stderr, re.MULTILINE), stderr
    answer = json.loads(stdout)
    assert (answer["exit_code"], answer["error"]) == (128 + signum, stderr.strip().splitlines()[-1])
    if moment.saved:  # the pages saved before the stop are in the report
        assert [p["action"] for p in answer["pages"]].count("edited") >= moment.saved - 1


def _assert_sealed(title: str, text: str, names: set[str]) -> None:
    """Every region of the page parses and still matches the checksums the bot wrote into it."""
    found = regions.find_regions(text, title=title)
    assert set(found) == names, title
    for name, region in found.items():
        checksum = seals.checksum_of(region.attributes)
        assert checksum is not None, f"{title}: region {name} has no checksum"
        assert seals.manual_edits(region.content, checksum) == [], f"{title}: region {name}"


def _assert_whole(human: HumanClient, titles: list[str], before: Texts, after: dict[str, str], saved: int) -> Texts:
    """Every page as before the run or as the run meant it, with checksums that verify; `saved` new ones."""
    names = {title: set(regions.find_regions(text)) for title, text in after.items()}
    now = texts(human, titles)
    for title, text in now.items():
        assert text in (before[title], after[title]), f"{title} is neither its old nor its new text"
        if text is not None:
            _assert_sealed(title, text, names[title])
    assert sum(now[t] == after[t] for t in titles) == saved  # the save in flight landed, whole
    return now


def _assert_converges(
    workspace: Workspace, proxy: WikiProxy, human: HumanClient, now: Texts, after: dict[str, str], action: str
) -> None:
    """The next run saves what was left (exit 0) and no more; the one after it saves nothing."""
    titles = workspace.titles
    mark = proxy.mark()
    code, report = workspace.sync_json()
    assert code == ExitStatus.OK, report
    assert [p["action"] for p in report["pages"]] == ["unchanged" if now[t] == after[t] else action for t in titles]
    assert len(proxy.saves(since=mark)) == sum(now[t] != after[t] for t in titles)
    assert texts(human, titles) == after

    mark = proxy.mark()
    code, report = workspace.sync_json()
    assert code == ExitStatus.OK, report
    assert {p["action"] for p in report["pages"]} == {"unchanged"}
    assert proxy.saves(since=mark) == []


def _expected(workspace: Workspace, human_pages: tuple[int, ...] = ()) -> dict[str, str]:
    """Every page as the current source makes it, with the human's line on `human_pages`."""
    after = workspace.rendered()
    for index in human_pages:
        title = workspace.titles[index]
        after[title] = HUMAN_LINE + after[title]
    return after


def test_a_run_killed_during_the_first_publish_leaves_whole_pages_and_the_next_run_creates_the_rest(
    tmp_path: Path, devwiki: DevWiki, proxy: WikiProxy, human: HumanClient, faults: FaultRecorder
) -> None:
    workspace = _workspace(tmp_path, devwiki, proxy)
    moment = _at_save(10)

    _run_and_kill(workspace, proxy, signal.SIGKILL, moment)
    faults.add("SIGKILL (first publish run)")

    after = _expected(workspace)
    now = _assert_whole(human, workspace.titles, dict.fromkeys(workspace.titles), after, moment.saved)
    _assert_converges(workspace, proxy, human, now, after, "created")
    for title, revision in latest(human, workspace.titles).items():  # each page created once, by the bot
        assert revision is not None and (revision["user"], revision["parentid"]) == ("MtpBot", 0), title


@pytest.fixture(scope="module")
def published(devwiki: DevWiki, run_page_on: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Published]:
    """30 pages published once for the module's edit scenarios, then a line added by a human to three."""
    with WikiProxy(devwiki.url) as proxy:
        workspace = _workspace(tmp_path_factory.mktemp("interrupted"), devwiki, proxy)
        code, report = workspace.sync_json()
        assert code == ExitStatus.OK, report
        human = HumanClient(devwiki.api_url, devwiki.human)
        human.login()
        for index in HUMAN_PAGES:
            title = workspace.titles[index]
            text = human.page_text(title)
            assert text is not None
            human.edit(title, HUMAN_LINE + text, "a line for the readers")
        yield Published(workspace, proxy)


@dataclass(frozen=True)
class Published:
    workspace: Workspace
    proxy: WikiProxy


@pytest.mark.parametrize(("signum", "moment"), EDIT_SCENARIOS)
def test_a_run_killed_while_editing_leaves_whole_pages_and_the_next_run_converges(
    signum: signal.Signals, moment: Moment, published: Published, human: HumanClient, faults: FaultRecorder
) -> None:
    workspace, proxy = published.workspace, published.proxy
    titles = workspace.titles
    workspace.set_monthly_active_editors(84000 + 1000 * next(_versions))  # a new figure on every page
    before = texts(human, titles)
    revisions = latest(human, titles)
    after = _expected(workspace, HUMAN_PAGES)
    assert all(before[t] != after[t] for t in titles)
    faults.human_edit(len(HUMAN_PAGES))  # checked again below: the human's line is in `after`

    _run_and_kill(workspace, proxy, signum, moment)
    faults.add(f"{signum.name} (edit run)")

    now = _assert_whole(human, titles, before, after, moment.saved)
    _assert_converges(workspace, proxy, human, now, after, "edited")
    for title, revision in latest(human, titles).items():  # each page edited once, by one run or the next
        base = revisions[title]
        assert revision is not None and base is not None
        assert (revision["user"], revision["parentid"]) == ("MtpBot", base["revid"]), title


def test_sigterm_leaves_no_password_file_behind(
    tmp_path: Path, devwiki: DevWiki, proxy: WikiProxy, faults: FaultRecorder
) -> None:
    workspace = _workspace(tmp_path, devwiki, proxy)
    _run_and_kill(workspace, proxy, signal.SIGTERM, AT_READ)
    faults.add("SIGTERM (first publish run)")
    left = sorted(p.name for p in (tmp_path / "tmp").iterdir())
    assert left == [], f"left in the temp folder: {left}"

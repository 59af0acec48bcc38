"""The demo behind `scripts/demo`: mtpbot publishing the seed metrics (tests/seed/) into a real local MediaWiki.

It starts a throwaway wiki — and beside it a data wiki with JsonConfig for the charts' data pages, when
JsonConfig's archive is in ../shared/vendor/ — lets a human account write a Meta-like page (intro, headings,
a human table, categories and the empty managed regions), then runs the real `mtpbot sync` command: a dry
run that shows the diff and summary, the publishing run, a second run that edits nothing, a changed figure
and a new quarter. Last, `mtpbot preview` draws the page with its charts into HTML files.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

from bot.errors import MtpbotError
from devwiki import DevWiki, HumanClient, RunningWiki, ensure_mediawiki
from devwiki.datawiki import RunningDataWiki, archive_problem

REPO = Path(__file__).resolve().parent.parent
# The seed deck's data (November 2019, Q1 FY2019-20), frozen: the demo's story is told on it, whatever the
# shipped config/ holds by now (a new quarter, a month of a data feed).
SEED = REPO / "tests" / "seed"
METRICS_PAGE = "Wikimedia Foundation Medium-term plan 2019/Thriving Movement/Metrics"
OVERVIEW_PAGE = "Wikimedia Foundation Medium-term plan 2019/Metrics"
CHART_PREFIX = "Wikimedia Foundation Medium-term plan 2019/thriving-movement"

# What a Meta-Wiki page looks like before the bot's first run: human text around empty managed regions.
HUMAN_PAGE = """{{Languages}}
This page tracks the '''Thriving Movement''' priority of the [[Wikimedia Foundation Medium-term plan 2019]].
The figures in the tables below are kept up to date by [[User:MtpBot|MtpBot]] every week; the rest of
the page is written by people — please improve it!

== Outcomes and key deliverables ==
A Thriving Movement is important to our strategic direction because vibrant, diverse communities are at
the heart of achieving our 2030 goals.
<!-- mtpbot:begin deliverables -->
<!-- mtpbot:end deliverables -->

== MTP metrics ==
<!-- mtpbot:begin metrics -->
<!-- mtpbot:end metrics -->

== Key results ==
<!-- mtpbot:begin key-results -->
<!-- mtpbot:end key-results -->

== Trust & Safety KPIs ==
<!-- mtpbot:begin kpis -->
<!-- mtpbot:end kpis -->

== Grants ==
<!-- mtpbot:begin grants -->
<!-- mtpbot:end grants -->

== Events (maintained by hand) ==
{| class="wikitable"
! Event !! Attendees !! First-timers
|-
| Wikimania 2019 || 879 || 174
|}

== See also ==
* [[Wikimedia Foundation Annual Plan/2019-2020]]

[[Category:Wikimedia Foundation Medium-term plan 2019]]
[[Category:Thriving Movement]]
"""


def _say(message: str) -> None:
    print(f"\n\033[1m» {message}\033[0m" if sys.stdout.isatty() else f"\n» {message}", flush=True)


def _mtpbot(wiki: DevWiki, config: Path, *args: str, data: DevWiki | None = None, command: str = "sync") -> int:
    where = ["--site-url", wiki.api_url, *(["--data-site-url", data.api_url] if data is not None else [])]
    if command != "sync":
        where = where[:2]
    shown = ["mtpbot", command, *where, *args]
    command_line = [sys.executable, "-m", "bot", "--config", str(config), *shown[1:]]
    print(f"$ MTPBOT_USERNAME={wiki.bot.username} MTPBOT_PASSWORD=… {shlex.join(shown)}", flush=True)
    env = {**os.environ, "MTPBOT_USERNAME": wiki.bot.username, "MTPBOT_PASSWORD": wiki.bot.password}
    return subprocess.run(command_line, env=env, stdin=subprocess.DEVNULL, check=False).returncode


def _private_config(folder: Path, *, charts: bool) -> Path:
    """A copy of the seed settings and metrics, so the demo can change a figure without touching them;
    without `charts`, no `data_site:` (no data wiki to draw them on)."""
    shutil.copytree(SEED, folder / "config")
    settings = folder / "config" / "mtpbot.yaml"
    templates = "templates: ../../templates"
    text = settings.read_text(encoding="utf-8")
    assert templates in text, f"the demo expects {templates!r} in {settings}"
    text = text.replace(templates, f"templates: {REPO / 'templates'}")
    if not charts:
        shipped = "data_site:\n  family: commons\n  code: commons\n"
        assert shipped in text, f"the demo expects {shipped!r} in {settings}"
        text = text.replace(shipped, "")
    settings.write_text(text, encoding="utf-8")
    return settings


def _data_wiki(wiki: DevWiki) -> contextlib.AbstractContextManager[DevWiki | None]:
    """The data wiki of the charts beside `wiki` (same bot password), or None, said why, without JsonConfig."""
    missing = archive_problem()
    if missing is None:
        return RunningDataWiki(bot_password=wiki.bot.password)
    _say(f"No charts in this demo: {missing}")
    return contextlib.nullcontext()


def _edit_metrics(config: Path, old: str, new: str) -> None:
    metrics = config.parent / "metrics" / "thriving-movement.yaml"
    text = metrics.read_text(encoding="utf-8")
    assert old in text, f"the demo expects {old!r} in {metrics}"
    metrics.write_text(text.replace(old, new, 1), encoding="utf-8")


def _change_a_figure(config: Path) -> None:
    _edit_metrics(config, "{count: 83000, unit: /mo,", "{count: 84000, unit: /mo,")


# Where the next quarter's entry of "Monthly active editors" goes: after its Q1 entry.
_MAE_Q1 = "        yoy: {change: 5.1, unit: YoY}\n"
ILLUSTRATIVE_Q2 = "      2019-20 Q2: {count: 85000, unit: /mo, compact: true}  # ILLUSTRATIVE: made up for the demo\n"


def _add_a_quarter(config: Path) -> None:
    _edit_metrics(config, _MAE_Q1, _MAE_Q1 + ILLUSTRATIVE_Q2)


def run(wait: bool) -> int:
    ensure_mediawiki(install=os.geteuid() == 0)
    previews = Path(tempfile.mkdtemp(prefix="mtpbot-demo-preview-"))  # kept: open it after the demo
    with (
        RunningWiki() as wiki,
        _data_wiki(wiki) as data,
        tempfile.TemporaryDirectory(prefix="mtpbot-demo-") as folder,
    ):
        config = _private_config(Path(folder), charts=data is not None)
        _say(f"A local MediaWiki is running at {wiki.url}")
        if data is not None:
            _say(f"A data wiki (JsonConfig, as Commons) for the charts' data pages is running at {data.url}")
        human = HumanClient.logged_in(wiki.api_url, wiki.human)
        human.edit(f"User:{wiki.bot.user_name}/Run", "true", "Allow the bot to run")
        human.edit(METRICS_PAGE, HUMAN_PAGE, "A human writes the page, with empty managed regions")
        _say(f"{wiki.human.username} wrote the page by hand: {wiki.page_url(METRICS_PAGE)}")
        status = _syncs(wiki, data, config)
        _say("The page as readers will see it, its charts drawn, rendered by the wiki's parser (nothing saved)")
        _mtpbot(wiki, config, "--page", METRICS_PAGE, "--out", str(previews), command="preview")
        _say("Done. Open the published page:")
        _addresses(wiki, data, previews)
        if wait:
            print("\nThe wikis stay up until Ctrl-C.", flush=True)
            stop = threading.Event()
            signal.signal(signal.SIGTERM, lambda *_: stop.set())
            with contextlib.suppress(KeyboardInterrupt):
                stop.wait()
        print("Stopping the wikis.")
    return status


def _syncs(wiki: DevWiki, data: DevWiki | None, config: Path) -> int:
    """The syncs of the demo; the publishing run's exit status."""
    _say("Dry run: the diff and the summary of each edit mtpbot would make (nothing is saved)")
    _mtpbot(wiki, config, "--dry-run", data=data)
    _say("Publishing" + (": the charts' data pages first, then the pages that show them" if data else ""))
    status = _mtpbot(wiki, config, data=data)
    _say("A second run: nothing changed, so no edit")
    _mtpbot(wiki, config, data=data)
    _say("Monthly active editors goes from 83K/mo to 84K/mo in the metrics (a copy of them): one line per table")
    _change_a_figure(config)
    _mtpbot(wiki, config, "--dry-run", data=data)
    _mtpbot(wiki, config, data=data)
    _say("Next quarter: one YAML entry, an ILLUSTRATIVE Q2 figure of 85K/mo (made up for this demo, not real data)")
    print(f"+{ILLUSTRATIVE_Q2}", end="", flush=True)
    _add_a_quarter(config)
    _mtpbot(wiki, config, "--dry-run", data=data)
    _mtpbot(wiki, config, data=data)
    return status


def _addresses(wiki: DevWiki, data: DevWiki | None, previews: Path) -> None:
    print(f"  {wiki.page_url(METRICS_PAGE)}")
    print(f"  history: {wiki.url}/index.php?title={METRICS_PAGE.replace(' ', '_')}&action=history")
    print(f"  the last edit: {wiki.url}/index.php?title={METRICS_PAGE.replace(' ', '_')}&diff=cur&oldid=prev")
    print(f"  overview: {wiki.page_url(OVERVIEW_PAGE)}")
    print(f"  status template: {wiki.page_url('Template:MTP status')}")
    print(f"  the bot's status page: {wiki.page_url(f'User:{wiki.bot.user_name}/Status')}")
    if data is not None:
        print(f"  a chart's data: {data.page_url(f'Data:{CHART_PREFIX}/monthly-active-editors.tab')}")
        print("  (the local wiki has no Extension:Chart, whose renderer is not here: it shows {{#chart:…}} as text)")
    print(f"  the preview, charts drawn: {previews / 'index.html'}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="scripts/demo", description=__doc__)
    parser.add_argument("--no-wait", action="store_true", help="stop the wiki at the end instead of waiting")
    options = parser.parse_args(argv)
    try:
        return run(wait=not options.no_wait)
    except MtpbotError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return int(exc.exit_status)


if __name__ == "__main__":
    sys.exit(main())

"""The runs against the wiki: mtpbot sync next to the naive pywikibot loop (first publish, no change, K
changed pages), the no-change variants and the https-like runs, each measured in requests, wall time,
revisions and page actions."""

from __future__ import annotations

import json
import os
import sys
import tempfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bench.process import ROOT, Run, clean_env, mtpbot_command, run, say
from bench.wiki_setup import (
    add_low_limits_bot_password,
    bot_revisions,
    counted,
    mediawiki_version,
    operator_dir,
    switch_run_page_on,
    wiki_texts,
)
from bench.workspace import Workspace, change_one_figure, write_workspace

if TYPE_CHECKING:  # devwiki (and through it bot) is imported when needed: start-up imports are measured here
    from devwiki import DevWiki

NAIVE_SCRIPT = ROOT / "bench" / "naive_loop.py"
SYNC_PREFIX = "MTP bench/mtpbot/"
NAIVE_PREFIX = "MTP bench/naive/"


def wiki_benchmark(pages: int, changed: int, naive: bool) -> dict[str, Any]:
    from devwiki import RunningWiki

    results: dict[str, Any] = {}
    with tempfile.TemporaryDirectory(prefix="mtpbench-") as tmp, RunningWiki() as wiki:
        results["mediawiki_version"] = mediawiki_version(wiki.api_url)
        switch_run_page_on(wiki)
        bench = BenchWiki.prepare(wiki, Path(tmp), pages, changed)
        compare_with_naive_loop(bench, results, naive)
        no_change_variants(bench, results)
        https_like_runs(bench, results)
    return results


def compare_with_naive_loop(bench: BenchWiki, results: dict[str, Any], naive: bool) -> None:
    """First publish, no change, K changed pages: mtpbot sync, then (unless `naive` is off) the naive loop."""
    pages = len(bench.workspace.titles)
    for phase in ("first", "nochange", "changed"):
        if phase == "changed":
            bench.change()
        say(f"[wiki] mtpbot sync: {phase} ({pages} pages) …")
        results[f"loadavg_before_sync_{phase}"] = round(os.getloadavg()[0], 2)
        _store(results, "sync", phase, bench.sync())
        if naive:
            say(f"[wiki] naive pywikibot loop: {phase} ({pages} pages) …")
            _store(results, "naive", phase, bench.naive_loop())


def no_change_variants(bench: BenchWiki, results: dict[str, Any]) -> None:
    """A no-change run from an empty state directory (the first run on a host), runs with an operator's
    PYWIKIBOT_DIR kept between runs, and with a low-limits BotPassword."""
    say("[wiki] no-change variant: a new state directory (log in and read the site information first) …")
    _store(results, "sync", "nochange_cold", bench.sync(env=bench.cold_env("cold")))
    say("[wiki] no-change variants: operator PYWIKIBOT_DIR (login cookie and API cache kept) …")
    kept = operator_dir(bench.folder / "operator")
    kept_env = {**bench.bot_env, "PYWIKIBOT_DIR": str(kept)}
    first_title = bench.workspace.titles[0]
    priming = [*bench.sync_command, "--dry-run", "--page", first_title]  # logs in, fills the API cache
    results["requests_sync_nochange_operator_dir_first_run"] = bench.sync(priming, kept_env).requests
    _store(results, "sync", "nochange_warm", bench.sync(bench.sync_command, kept_env))
    for cookie in kept.glob("*.lwp"):
        cookie.unlink()  # the session has expired (a weekly job): log in again, API cache still there
    # One page: the same requests as all of them (one read batch up to 500 titles), a tenth of the time.
    one_page = [*bench.sync_command, "--page", first_title]
    results["requests_sync_nochange_session_expired"] = bench.sync(one_page, kept_env).requests

    say("[wiki] no-change variant: a BotPassword without apihighlimits (--dry-run: it lacks the bot right) …")
    low_user, low_password = add_low_limits_bot_password(bench.wiki, bench.user)
    low_env = {**bench.cold_env("lowlimits"), "MTPBOT_USERNAME": low_user, "MTPBOT_PASSWORD": low_password}
    _store(results, "sync", "nochange_lowlimits", bench.sync([*bench.sync_command, "--dry-run"], low_env))


def https_like_runs(bench: BenchWiki, results: dict[str, Any]) -> None:
    """No change, then K changed pages, each from a fresh PYWIKIBOT_DIR that lets pywikibot GET as on https."""
    say("[wiki] https-like runs (enable_GET_without_SSL: GET/POST chosen as on an https wiki) …")
    https_env = {**bench.bot_env, "PYWIKIBOT_DIR": str(operator_dir(bench.folder / "https", https_like=True))}
    _store(results, "sync", "nochange_https_like", bench.sync(bench.sync_command, https_env))
    bench.change()
    https_env["PYWIKIBOT_DIR"] = str(operator_dir(bench.folder / "https", https_like=True))  # cold again
    _store(results, "sync", "changed_https_like", bench.sync(bench.sync_command, https_env))


def _store(results: dict[str, Any], who: str, phase: str, measured: Measured) -> None:
    results[f"requests_{who}_{phase}"] = measured.requests
    results[f"wall_{who}_{phase}_s"] = measured.seconds
    results[f"revisions_{who}_{phase}"] = measured.revisions
    results[f"actions_{who}_{phase}"] = measured.actions


@dataclass(frozen=True)
class BenchWiki:
    """The benchmark's wiki with its synthetic workspace, and how each measured run is made on it."""

    wiki: DevWiki
    folder: Path
    workspace: Workspace
    changed: int
    state: Path  # the bot's state directory, kept between runs as a deployed job keeps it
    bot_env: dict[str, str]
    sync_command: list[str]

    @classmethod
    def prepare(cls, wiki: DevWiki, folder: Path, pages: int, changed: int) -> BenchWiki:
        workspace = write_workspace(folder / "settings", pages, SYNC_PREFIX)
        state = folder / "state"
        bot_env = clean_env(
            MTPBOT_USERNAME=wiki.bot.username, MTPBOT_PASSWORD=wiki.bot.password, MTPBOT_STATE_DIR=str(state)
        )
        sync_command = mtpbot_command(workspace.config, "sync", "--site-url", wiki.api_url, "--json")
        return cls(wiki, folder, workspace, changed, state, bot_env, sync_command)

    def cold_env(self, name: str) -> dict[str, str]:
        """The bot's environment with a new, empty state directory: a run that must log in first."""
        return {**self.bot_env, "MTPBOT_STATE_DIR": str(self.folder / f"state-{name}")}

    @property
    def user(self) -> str:
        return self.wiki.bot.user_name

    def sync(self, command: Sequence[str] | None = None, env: Mapping[str, str] | None = None) -> Measured:
        """One measured `mtpbot sync` (by default: the whole workspace, logged in as the bot)."""
        command = self.sync_command if command is None else command
        env = self.bot_env if env is None else env
        return measure(self.wiki, self.user, lambda: run(command, env=env), sync_actions)

    def naive_loop(self) -> Measured:
        """One measured run of the naive loop over the texts mtpbot has just published, under its own titles
        (read between the measured runs): both publish exactly the same content."""
        published = wiki_texts(self.wiki.api_url, self.workspace.titles)
        texts = {NAIVE_PREFIX + title.removeprefix(SYNC_PREFIX): text for title, text in published.items()}
        texts_file = self.folder / "naive-texts.json"
        texts_file.write_text(json.dumps(texts), encoding="utf-8")
        command = [sys.executable, str(NAIVE_SCRIPT), "--api-url", self.wiki.api_url, "--username"]
        command += [self.wiki.bot.username, "--dir", str(self.folder / "naive-pywikibot"), "--texts", str(texts_file)]
        env = clean_env(NAIVE_PASSWORD=self.wiki.bot.password)
        return measure(self.wiki, self.user, lambda: run(command, env=env), naive_actions)

    def change(self) -> None:
        """One figure changed in each of the first K metrics files: K changed pages."""
        for path in self.workspace.metrics_files[: self.changed]:
            change_one_figure(path)


@dataclass
class Measured:
    requests: int
    seconds: float
    revisions: int
    actions: dict[str, int]
    returncode: int


def measure(wiki: DevWiki, user: str, action: Callable[[], Run], parse: Callable[[Run], dict[str, int]]) -> Measured:
    revisions_before = bot_revisions(wiki.api_url, user)
    with counted(wiki) as box:
        done = action()
    revisions = bot_revisions(wiki.api_url, user) - revisions_before
    if done.returncode not in (0, 1):
        raise SystemExit(f"run failed with exit code {done.returncode}:\n{done.stderr[-3000:]}")
    return Measured(box["requests"], round(done.seconds, 3), revisions, parse(done), done.returncode)


def sync_actions(done: Run) -> dict[str, int]:
    counts: dict[str, int] = {}
    try:
        report = json.loads(done.stdout)
    except ValueError:
        raise SystemExit(f"mtpbot did not print JSON (exit {done.returncode}):\n{done.stderr[-3000:]}") from None
    for page in report["pages"]:
        counts[page["action"]] = counts.get(page["action"], 0) + 1
    return counts


def naive_actions(done: Run) -> dict[str, int]:
    if done.returncode != 0:
        raise SystemExit(f"the naive loop failed ({done.returncode}):\n{done.stderr[-3000:]}")
    return {"saved": int(json.loads(done.stdout.strip().splitlines()[-1])["pages"])}

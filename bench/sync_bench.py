"""Benchmark: mtpbot sync against a naive pywikibot loop on a real local MediaWiki, plus start-up and render.

    python -m bench.sync_bench --pages 200 --changed 5          # a readable table
    python -m bench.sync_bench --pages 200 --changed 5 --json   # one JSON object on stdout

from the repository's root: the benchmark imports devwiki/ (the throwaway wiki), which is not installed.

What it does (progress goes to stderr):

1. Start-up: `python -m bot validate` and `python -m bot render` (with the repository's own config/mtpbot.yaml)
   against a bare `python -c pass`, median of --startup-runs subprocess runs each; and, in this process,
   the time to load+validate and to render one metrics file holding --metrics (10,000) metrics.
2. A fresh local wiki from the project's own tooling (`devwiki.RunningWiki`). A temporary settings folder
   with N pages (`template: priority-metrics.wiki.j2`, each with its own `report:`), one small metrics file
   per page (N files: so that changing a figure in K files changes exactly K pages), `templates:` pointing at
   the repository's templates/ and `status: {style: inline}` (no status template page: P = N pages).
3. Three runs each of the real CLI (`python -m bot --config … sync --site-url … --json`, logged in with the
   bot's BotPassword through MTPBOT_USERNAME / MTPBOT_PASSWORD, pywikibot directory generated per run, as on
   a fresh cron/Toolforge job) and of bench/naive_loop.py (pywikibot: one `page.text` read and one `save()`
   per page, its own persistent PYWIKIBOT_DIR with put_throttle = 0, logged in as the same bot):
   first publish (the pages do not exist: both create them), no change, and K changed pages (one figure
   changed in K metrics files). mtpbot and the naive loop publish to different titles of the same wiki.
   API requests are counted at the server (`DevWiki.count_requests()`, differences around each run);
   revisions created are counted through the API (list=usercontribs of the bot account).
4. Variants of the no-change run: a BotPassword of the same bot without the "highvolume" grant (so without
   apihighlimits nor the bot right: run with --dry-run, which reads exactly as a no-change sync does), and a
   persistent operator PYWIKIBOT_DIR (login cookie and API cache kept from the previous run; then with the
   cookie removed, as after a week).
5. https-like runs (no change, then K changed pages): a fresh operator PYWIKIBOT_DIR whose user-config.py sets
   `enable_GET_without_SSL = True`, which makes pywikibot choose GET or POST (asking for paraminfo to decide)
   as it does on an https wiki such as Meta-Wiki; plain http on 127.0.0.1 always POSTs and hides that.
6. The targets of the "Performance" issue, each met or not.

The naive loop is given the texts mtpbot has just published (read between the measured runs): both publish
the same content, and the naive loop's wall time does not include rendering, which favours it.
`--table FILE` prints the table of a saved --json result. Nothing here changes mtpbot.
"""

from __future__ import annotations

import argparse
import importlib.metadata
import json
import math
import os
import platform
import re
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import requests
import yaml

if TYPE_CHECKING:  # devwiki (and through it bot) is imported when needed: start-up imports are measured here
    from devwiki import DevWiki

ROOT = Path(__file__).resolve().parents[1]
NAIVE_SCRIPT = ROOT / "bench" / "naive_loop.py"
REPO_CONFIG = ROOT / "config" / "mtpbot.yaml"
SYNC_PREFIX = "MTP bench/mtpbot/"
NAIVE_PREFIX = "MTP bench/naive/"
RUN_TIMEOUT = 900.0  # seconds for one subprocess run (a bound, never reached in a normal run)
LOW_LIMITS_APP = "lowlimits"
LOW_LIMITS_GRANTS = ("basic", "editpage", "createeditmovepage")  # no "highvolume": no apihighlimits, no bot

T = TypeVar("T")


def say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# --------------------------------------------------------------------------------------------------------
# Machine


def machine_info() -> dict[str, Any]:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    ram_gib: float | None = None
    try:
        match = re.search(r"^MemTotal:\s+(\d+) kB", Path("/proc/meminfo").read_text(), re.MULTILINE)
        if match:
            ram_gib = round(int(match.group(1)) / 1024 / 1024, 1)
    except OSError:
        pass
    php = ""
    if shutil.which("php"):
        done = subprocess.run(["php", "-r", "echo PHP_VERSION;"], capture_output=True, text=True, timeout=30)
        php = done.stdout.strip()
    return {
        "cpu_model": cpu,
        "cpu_cores": os.cpu_count(),
        "ram_gib": ram_gib,
        "os": platform.platform(),
        "python_version": platform.python_version(),
        "pywikibot_version": _version("pywikibot"),
        "pydantic_version": _version("pydantic"),
        "php_version": php,
    }


def _version(distribution: str) -> str:
    try:
        return importlib.metadata.version(distribution)
    except importlib.metadata.PackageNotFoundError:
        return ""


# --------------------------------------------------------------------------------------------------------
# Synthetic settings and metrics (through the normal config and source path)


def metrics_document(number: int, metrics: int = 5) -> dict[str, Any]:
    """A small, valid metrics file for priority `bench-NNNN`: one deliverable, two key results, `metrics`
    metrics (the first one's status count is the figure the benchmark changes)."""
    return {
        "period": {"fiscal_year": "2019-20", "quarter": "Q1", "reported_at": "Synthetic benchmark data"},
        "priority": {"id": f"bench-{number:04d}", "name": f"Benchmark priority {number}"},
        "outcomes": [
            {
                "id": "outcome",
                "text": f"Synthetic outcome {number}.",
                "deliverables": [
                    {
                        "id": "deliverable",
                        "name": "Synthetic deliverable",
                        "status": "on track",
                        "key_results": [
                            {
                                "id": "milestones",
                                "text": "Deliver 10 program milestones.",
                                "baseline": {"count": 0, "unit": "milestones"},
                                "goal": {"count": 10, "unit": "milestones"},
                                "status": {"count": 3, "unit": "milestones"},
                            },
                            {
                                "id": "share",
                                "text": "Complete the synthetic project.",
                                "baseline": {"percent": 0},
                                "goal": {"percent": 100},
                                "status": {"percent": 40},
                            },
                        ],
                    }
                ],
            }
        ],
        "metrics": [
            {
                "id": f"metric-{m}",
                "name": f"Synthetic metric {m} of priority {number}",
                "baseline": {"count": 80000 + m, "unit": "/mo", "compact": True},
                "goal": {"change": 5, "unit": "YoY"},
                "status": {"count": 1000 * m + number, "unit": "editors"},
            }
            for m in range(1, metrics + 1)
        ],
    }


def write_yaml(path: Path, data: Any) -> None:
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")


@dataclass(frozen=True)
class Workspace:
    folder: Path
    config: Path
    metrics_files: tuple[Path, ...]
    titles: tuple[str, ...]


def write_workspace(folder: Path, pages: int, prefix: str) -> Workspace:
    """mtpbot.yaml with `pages` pages, each showing its own small metrics file."""
    (folder / "metrics").mkdir(parents=True)
    settings: dict[str, Any] = yaml.safe_load(REPO_CONFIG.read_text(encoding="utf-8"))
    files: list[Path] = []
    titles: list[str] = []
    page_settings: list[dict[str, Any]] = []
    for number in range(1, pages + 1):
        path = folder / "metrics" / f"bench-{number:04d}.yaml"
        write_yaml(path, metrics_document(number))
        files.append(path)
        title = f"{prefix}{number:04d}"
        titles.append(title)
        page_settings.append(
            {"title": title, "template": "priority-metrics.wiki.j2", "report": f"bench-{number:04d}", "create": True}
        )
    settings["sources"] = [f"metrics/{p.name}" for p in files]
    settings["templates"] = str(ROOT / "templates")
    settings["status"] = {"template": "MTP status", "style": "inline"}
    settings["pages"] = page_settings
    config = folder / "mtpbot.yaml"
    write_yaml(config, settings)
    return Workspace(folder, config, tuple(files), tuple(titles))


def change_one_figure(path: Path) -> None:
    """Add 1 to the status count of the file's first metric: one changed row on one page."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["metrics"][0]["status"]["count"] += 1
    write_yaml(path, data)


# --------------------------------------------------------------------------------------------------------
# Running things


@dataclass(frozen=True)
class Run:
    seconds: float
    returncode: int
    stdout: str
    stderr: str


def run(command: Sequence[str], *, env: Mapping[str, str] | None = None, cwd: Path = ROOT) -> Run:
    started = time.perf_counter()
    done = subprocess.run(
        list(command),
        cwd=cwd,
        env=dict(env) if env is not None else None,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=RUN_TIMEOUT,
        check=False,
    )
    return Run(time.perf_counter() - started, done.returncode, done.stdout, done.stderr)


def mtpbot_command(config: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "bot", "--config", str(config), *args]


def clean_env(**extra: str) -> dict[str, str]:
    """This environment without any pywikibot or mtpbot settings of the caller, plus `extra`."""
    drop = (
        "PYWIKIBOT_DIR",
        "MTPBOT_USERNAME",
        "MTPBOT_PASSWORD",
        "MTPBOT_CONFIG",
        "MTPBOT_LOCK_FILE",
        "NAIVE_PASSWORD",
    )
    env = {k: v for k, v in os.environ.items() if k not in drop}
    env.update(extra)
    return env


# --------------------------------------------------------------------------------------------------------
# Start-up and rendering (offline)


def startup_times(runs: int) -> dict[str, float]:
    """Median wall time of `python -c pass`, `mtpbot validate` and `mtpbot render`, interleaved."""
    commands = {
        "bare": [sys.executable, "-c", "pass"],
        "validate": mtpbot_command(REPO_CONFIG, "validate"),
        "render": mtpbot_command(REPO_CONFIG, "render"),
    }
    for command in commands.values():
        warm = run(command)
        if warm.returncode != 0:
            raise SystemExit(f"`{' '.join(command)}` failed ({warm.returncode}):\n{warm.stderr[-2000:]}")
    samples: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, command in commands.items():
            samples[name].append(run(command).seconds)
    bare, validate, render = (statistics.median(samples[n]) for n in ("bare", "validate", "render"))
    return {
        "startup_bare_python_s": round(bare, 4),
        "startup_validate_s": round(validate, 4),
        "startup_render_s": round(render, 4),
        "startup_validate_over_bare_s": round(validate - bare, 4),
        "startup_render_over_bare_s": round(render - bare, 4),
    }


def import_profile(top: int = 12) -> list[tuple[str, float]]:
    """The slowest imports of `mtpbot validate` (python -X importtime): (module, cumulative ms), top level only."""
    done = run([sys.executable, "-X", "importtime", *mtpbot_command(REPO_CONFIG, "validate")[1:]])
    rows: list[tuple[str, float]] = []
    for line in done.stderr.splitlines():
        match = re.match(r"import time:\s+\d+ \|\s+(\d+) \| (\s*)(\S+)", line)
        if match and not match.group(2):  # top-level imports only (not nested under another)
            rows.append((match.group(3), int(match.group(1)) / 1000))
    rows.sort(key=lambda row: -row[1])
    return [(name, round(ms, 1)) for name, ms in rows[:top]]


def big_metrics_timings(metrics: int, repeats: int) -> dict[str, Any]:
    """Load+validate and render one metrics file holding `metrics` metrics, in this process."""
    started = time.perf_counter()
    from bot.publish.pages import render_pages
    from bot.source.loading import load_reports
    from bot.source.settings import load_config
    from bot.wikitext.render import Renderer
    from bot.wikitext.status import StatusStyle

    import_s = time.perf_counter() - started
    with tempfile.TemporaryDirectory(prefix="mtpbench-big-") as tmp:
        folder = Path(tmp)
        (folder / "metrics").mkdir()
        write_yaml(folder / "metrics" / "big.yaml", metrics_document(1, metrics))
        settings: dict[str, Any] = yaml.safe_load(REPO_CONFIG.read_text(encoding="utf-8"))
        settings["sources"] = ["metrics/big.yaml"]
        settings["templates"] = str(ROOT / "templates")
        settings["pages"] = [
            {"title": "Big", "template": "priority-metrics.wiki.j2", "report": "bench-0001", "create": True}
        ]
        write_yaml(folder / "mtpbot.yaml", settings)
        load_s: list[float] = []
        render_s: list[float] = []
        jinja_s: list[float] = []
        size = 0
        for _ in range(repeats):
            started = time.perf_counter()
            config = load_config(folder / "mtpbot.yaml")
            reports = load_reports(config.source_paths)
            load_s.append(time.perf_counter() - started)
            started = time.perf_counter()
            status = config.settings.status
            renderer = Renderer(config.templates_dir, StatusStyle(status.template, status.style == "inline"))
            pages = render_pages(config, reports, renderer)
            render_s.append(time.perf_counter() - started)
            size = len(pages[0].text)
            started = time.perf_counter()  # the Jinja2 part alone (render_pages also reads and seals regions)
            renderer.render("priority-metrics.wiki.j2", report=reports["bench-0001"], page=config.settings.pages[0])
            jinja_s.append(time.perf_counter() - started)
            if load_s[-1] + render_s[-1] > 5.0:  # slow: one sample is enough (keeps the benchmark short)
                break
    return {
        "import_core_s": round(import_s, 4),
        f"load_{metrics}_metrics_s": round(statistics.median(load_s), 4),
        f"render_{metrics}_metrics_s": round(statistics.median(render_s), 4),
        f"render_{metrics}_metrics_jinja_only_s": round(statistics.median(jinja_s), 4),
        f"render_{metrics}_metrics_bytes": size,
        "render_samples": len(render_s),
    }


# --------------------------------------------------------------------------------------------------------
# The wiki side


@contextmanager
def counted(wiki: DevWiki) -> Iterator[dict[str, int]]:
    """Requests the server answered during the block: {"requests": n} once the block has ended."""
    box: dict[str, int] = {}
    before = wiki.count_requests()
    yield box
    box["requests"] = wiki.count_requests() - before


def bot_revisions(api_url: str, user: str) -> int:
    """Revisions made by `user` (list=usercontribs; anonymous reads, 500 a request)."""
    params: dict[str, str] = {
        "action": "query",
        "list": "usercontribs",
        "ucuser": user,
        "ucprop": "ids",
        "uclimit": "max",
        "format": "json",
        "formatversion": "2",
    }
    total = 0
    for _ in range(1000):  # bounded: 500,000 revisions
        reply = requests.get(api_url, params=params, timeout=60).json()
        total += len(reply["query"]["usercontribs"])
        if "continue" not in reply:
            return total
        params.update(reply["continue"])
    raise RuntimeError("too many revisions to count")


def mediawiki_version(api_url: str) -> str:
    reply = requests.get(
        api_url, params={"action": "query", "meta": "siteinfo", "format": "json", "formatversion": "2"}, timeout=60
    ).json()
    return str(reply["query"]["general"]["generator"])


def switch_run_page_on(wiki: DevWiki) -> None:
    """The community's emergency switch User:<bot>/Run, set to "true" by a human (mtpbot's default run page)."""
    from devwiki import HumanClient

    human = HumanClient(wiki.api_url, wiki.human)
    human.login()
    human.edit(f"User:{wiki.bot.user_name}/Run", "true", "let the bot run")


def add_low_limits_bot_password(wiki: DevWiki, user: str) -> tuple[str, str]:
    """A second BotPassword of the bot account without the grant "highvolume" (maintenance script)."""
    from devwiki import find_mediawiki

    mediawiki = find_mediawiki()
    if mediawiki is None:
        raise RuntimeError("MediaWiki not found")
    password = secrets.token_hex(20)  # action=login needs ^[0-9a-w]{32,}$ for a BotPassword
    env = {**os.environ, "MW_CONFIG_FILE": str(wiki.directory / "LocalSettings.php")}
    command = [
        "php",
        str(mediawiki / "maintenance" / "createBotPassword.php"),
        *("--appid", LOW_LIMITS_APP, "--grants", ",".join(LOW_LIMITS_GRANTS), user, password),
    ]
    done = subprocess.run(command, env=env, cwd=mediawiki, capture_output=True, text=True, timeout=120, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"createBotPassword.php failed: {done.stdout}{done.stderr}")
    return f"{user}@{LOW_LIMITS_APP}", password


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


def wiki_texts(api_url: str, titles: Sequence[str]) -> dict[str, str]:
    """The current wikitext of each title (anonymous reads, 50 titles a request)."""
    texts: dict[str, str] = {}
    for start in range(0, len(titles), 50):
        params = {
            "action": "query",
            "prop": "revisions",
            "rvprop": "content",
            "rvslots": "main",
            "titles": "|".join(titles[start : start + 50]),
            "format": "json",
            "formatversion": "2",
        }
        reply = requests.post(api_url, data=params, timeout=60).json()
        for page in reply["query"]["pages"]:
            texts[page["title"]] = page["revisions"][0]["slots"]["main"]["content"]
    return texts


def operator_dir(path: Path, *, https_like: bool = False) -> Path:
    """A pywikibot directory as an operator keeps one (mtpbot uses it as is when PYWIKIBOT_DIR names it).

    https_like: `enable_GET_without_SSL = True` makes pywikibot choose GET or POST as it does on an https wiki
    such as Meta-Wiki (with paraminfo requests to decide), which plain http on 127.0.0.1 skips."""
    shutil.rmtree(path, ignore_errors=True)
    path.mkdir(mode=0o700, parents=True)
    lines = ["userinterface = 'buffer'", "log = []"]
    if https_like:
        lines.append("enable_GET_without_SSL = True")
    (path / "user-config.py").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


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


@dataclass(frozen=True)
class BenchWiki:
    """The benchmark's wiki with its synthetic workspace, and how each measured run is made on it."""

    wiki: DevWiki
    folder: Path
    workspace: Workspace
    changed: int
    lock: str  # not the default /tmp/mtpbot-<hash>.lock, which would stay behind
    bot_env: dict[str, str]
    sync_command: list[str]

    @classmethod
    def prepare(cls, wiki: DevWiki, folder: Path, pages: int, changed: int) -> BenchWiki:
        workspace = write_workspace(folder / "settings", pages, SYNC_PREFIX)
        lock = str(folder / "mtpbot.lock")
        bot_env = clean_env(MTPBOT_USERNAME=wiki.bot.username, MTPBOT_PASSWORD=wiki.bot.password, MTPBOT_LOCK_FILE=lock)
        sync_command = mtpbot_command(workspace.config, "sync", "--site-url", wiki.api_url, "--json")
        return cls(wiki, folder, workspace, changed, lock, bot_env, sync_command)

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
    """No-change runs with an operator's PYWIKIBOT_DIR kept between runs, and with a low-limits BotPassword."""
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
    low_env = clean_env(MTPBOT_USERNAME=low_user, MTPBOT_PASSWORD=low_password, MTPBOT_LOCK_FILE=bench.lock)
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


# --------------------------------------------------------------------------------------------------------
# Targets and output


@dataclass(frozen=True)
class Target:
    name: str
    measured: str
    limit: str
    met: bool | None  # None: not measured


Check = Callable[[], tuple[str, str, bool]]  # what was measured, the limit, whether it is met


class TargetList:
    """The targets in the order they are added, each checked against the results `r` of this run."""

    def __init__(self, r: Mapping[str, Any]) -> None:
        self.r = r
        self.found: list[Target] = []

    def add(self, name: str, keys: Sequence[str], check: Check) -> None:
        """The target `name`, or "not measured" when this run lacks one of the figures `keys`."""
        if all(k in self.r for k in keys):
            measured, limit, met = check()
            self.found.append(Target(name, measured, limit, met))
        else:
            self.found.append(Target(name, "not measured", "", None))

    def at_most(self, key: str, limit: int, formula: str, note: str) -> Check:
        r = self.r
        return lambda: (f"{r[key]} ({note})", f"<= {formula} = {limit}", r[key] <= limit)

    def exactly(self, key: str, wanted: int) -> Check:
        r = self.r
        return lambda: (str(r[key]), f"== K = {wanted}", r[key] == wanted)

    def extra(self, key: str, base: str, wanted: int) -> Check:
        r = self.r
        added = r.get(key, 0) - r.get(base, 0)
        return lambda: (f"{added} ({r[key]} - {r[base]})", f"== K = {wanted}", added == wanted)


def targets(r: Mapping[str, Any], pages: int, changed: int, metrics: int) -> list[Target]:
    """The issue's targets, each met or not (None: not measured in this run)."""
    found = TargetList(r)
    request_targets(found, pages)
    wall_time_target(found)
    changed_pages_targets(found, changed)
    offline_targets(found, metrics)
    return found.found


def request_targets(found: TargetList, pages: int) -> None:
    """Requests of a no-change sync: ceil(P/500)+8 with apihighlimits, ceil(P/50)+8 without."""
    titles = pages + 1  # the run page is read in the same batch
    high = math.ceil(pages / 500) + 8
    low = math.ceil(pages / 50) + 8
    reads = f"{titles} titles with the run page = {math.ceil(titles / 500)} read(s) of 500"
    for key, name in (
        ("requests_sync_nochange", "no-change sync, bot account (apihighlimits): requests"),
        ("requests_sync_nochange_https_like", "no-change sync, bot account, https-like: requests"),
    ):
        found.add(name, [key], found.at_most(key, high, "ceil(P/500)+8", reads))
    lowlimits = "requests_sync_nochange_lowlimits"
    reads = f"{titles} titles with the run page = {math.ceil(titles / 50)} read(s) of 50"
    found.add(
        "no-change sync, account without apihighlimits (--dry-run): requests",
        [lowlimits],
        found.at_most(lowlimits, low, "ceil(P/50)+8", reads),
    )


def wall_time_target(found: TargetList) -> None:
    """A no-change sync takes at most 15% of the naive loop's time."""
    r = found.r
    found.add(
        "no-change sync wall time vs naive loop",
        ["wall_sync_nochange_s", "wall_naive_nochange_s"],
        lambda: (
            f"{r['wall_sync_nochange_s']:.2f} s = {r['wall_sync_nochange_s'] / r['wall_naive_nochange_s']:.3f} x naive",
            f"<= 0.15 x {r['wall_naive_nochange_s']:.2f} s = {0.15 * r['wall_naive_nochange_s']:.2f} s",
            r["wall_sync_nochange_s"] <= 0.15 * r["wall_naive_nochange_s"],
        ),
    )


def changed_pages_targets(found: TargetList, changed: int) -> None:
    """K changed pages: exactly K revisions, and exactly K requests more than a no-change run."""
    for variant, label in (("", ""), ("_https_like", ", https-like")):
        revisions = f"revisions_sync_changed{variant}"
        requests_changed, nochange = f"requests_sync_changed{variant}", f"requests_sync_nochange{variant}"
        found.add(f"{changed} changed pages{label}: revisions saved", [revisions], found.exactly(revisions, changed))
        found.add(
            f"{changed} changed pages{label}: extra requests over a no-change run",
            [requests_changed, nochange],
            found.extra(requests_changed, nochange, changed),
        )


def offline_targets(found: TargetList, metrics: int) -> None:
    """`validate` starts within 0.35 s of bare Python; `metrics` metrics render in under a second."""
    r = found.r
    found.add(
        "validate start-up over bare Python",
        ["startup_validate_over_bare_s"],
        lambda: (f"{r['startup_validate_over_bare_s']:.3f} s", "<= 0.35 s", r["startup_validate_over_bare_s"] <= 0.35),
    )
    key = f"render_{metrics}_metrics_s"
    found.add(f"render {metrics:,} metrics", [key], lambda: (f"{r[key]:.3f} s", "< 1 s", r[key] < 1.0))


def print_table(r: Mapping[str, Any], found: Sequence[Target]) -> None:
    print_machine(r)
    if "requests_sync_nochange" in r:
        print_runs(r)
        print()
    print_offline(r)
    print()
    print("targets:")
    for t in found:
        status = {True: "MET", False: "NOT MET", None: "SKIPPED"}[t.met]
        print(f"  [{status:>7}] {t.name}: {t.measured} ({t.limit})")


def _row(label: str, *cells: object) -> None:
    print(f"  {label:<40}" + "".join(f"{c!s:>14}" for c in cells))


def print_machine(r: Mapping[str, Any]) -> None:
    """The heading: the run's size, the machine, the versions and the load."""
    print(f"mtpbot sync benchmark: {r['pages']} pages, {r['changed']} changed")
    m = r["machine"]
    print(f"  machine: {m['cpu_model']}, {m['cpu_cores']} cores, {m['ram_gib']} GiB RAM")
    print(
        f"  Python {m['python_version']}, pywikibot {m['pywikibot_version']}, "
        f"{r.get('mediawiki_version', 'MediaWiki ?')}, PHP {m['php_version']}; "
        f"load average {r['loadavg_start'][0]} at start, {r['loadavg_end'][0]} at end"
    )
    print()


def print_runs(r: Mapping[str, Any]) -> None:
    """The wiki runs: mtpbot next to the naive loop per phase, then mtpbot's variants."""
    _row("run", "mtpbot req", "naive req", "mtpbot s", "naive s", "mtpbot revs", "naive revs")
    for phase in ("first", "nochange", "changed"):
        _row(
            phase,
            *(r.get(f"{what}_{who}_{phase}{unit}", "-") for what, unit in _CELLS for who in ("sync", "naive")),
        )
    for key, label in (
        ("nochange_warm", "nochange, operator PYWIKIBOT_DIR kept"),
        ("nochange_lowlimits", "nochange, no apihighlimits (dry run)"),
        ("nochange_https_like", "nochange, https-like (GET allowed)"),
        ("changed_https_like", "changed, https-like"),
    ):
        if f"requests_sync_{key}" in r:
            _row(
                label,
                r[f"requests_sync_{key}"],
                "",
                r.get(f"wall_sync_{key}_s", "-"),
                "",
                r.get(f"revisions_sync_{key}", "-"),
            )
    for key, label in (
        ("requests_sync_nochange_operator_dir_first_run", "operator PYWIKIBOT_DIR, first (1 page)"),
        ("requests_sync_nochange_session_expired", "nochange, API cache kept, session expired"),
    ):
        if key in r:
            _row(label, r[key])


def print_offline(r: Mapping[str, Any]) -> None:
    """Start-up times with the slowest imports, and the big render."""
    if "startup_bare_python_s" in r:
        print(
            f"  start-up (median of {r['startup_runs']}): bare python {r['startup_bare_python_s']:.3f} s, "
            f"validate {r['startup_validate_s']:.3f} s (+{r['startup_validate_over_bare_s']:.3f}), "
            f"render {r['startup_render_s']:.3f} s (+{r['startup_render_over_bare_s']:.3f})"
        )
        top = ", ".join(f"{name} {ms:.0f}" for name, ms in r["validate_import_top"][:5])
        print(f"  slowest top-level imports of `validate` (cumulative ms): {top}")
    n = r["metrics"]
    if f"render_{n}_metrics_s" in r:
        print(
            f"  {n:,} metrics in one file: load+validate {r[f'load_{n}_metrics_s']:.3f} s, "
            f"render {r[f'render_{n}_metrics_s']:.3f} s (Jinja2 alone {r[f'render_{n}_metrics_jinja_only_s']:.3f} s)"
        )


_CELLS = (("requests", ""), ("wall", "_s"), ("revisions", ""))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Benchmark mtpbot sync against a naive pywikibot loop.")
    parser.add_argument("--pages", type=int, default=200, help="synthetic pages (default 200)")
    parser.add_argument("--changed", type=int, default=5, help="pages changed in the third run (default 5)")
    parser.add_argument("--json", action="store_true", help="print one JSON object on stdout")
    parser.add_argument("--startup-runs", type=int, default=10, help="runs per start-up median (default 10)")
    parser.add_argument("--metrics", type=int, default=10000, help="metrics in the render test (default 10000)")
    parser.add_argument("--no-naive", action="store_true", help="skip the naive pywikibot loop")
    parser.add_argument(
        "--only", choices=("startup", "render", "wiki"), action="append", help="only these parts (repeatable)"
    )
    parser.add_argument("--table", type=Path, metavar="JSON", help="print the table of a saved --json result")
    args = parser.parse_args(argv)
    if args.table is not None:
        saved = json.loads(args.table.read_text(encoding="utf-8"))
        print_table(saved, [Target(**t) for t in saved["targets"]])
        return 0
    if args.pages < 1 or not 0 <= args.changed <= args.pages or args.startup_runs < 1 or args.metrics < 1:
        parser.error("need --pages >= 1, 0 <= --changed <= --pages, --startup-runs >= 1, --metrics >= 1")
    parts = set(args.only or ("startup", "render", "wiki"))

    started = time.perf_counter()
    results: dict[str, Any] = {"pages": args.pages, "changed": args.changed, "metrics": args.metrics}
    results["machine"] = machine_info()
    results["checkout"] = checkout_state()
    results["loadavg_start"] = [round(x, 2) for x in os.getloadavg()]
    if "startup" in parts:
        say(f"[offline] start-up: {args.startup_runs} runs each of python -c pass / validate / render …")
        results["startup_runs"] = args.startup_runs
        results.update(startup_times(args.startup_runs))
        results["validate_import_top"] = import_profile()
    if "render" in parts:
        say(f"[offline] load and render {args.metrics:,} metrics …")
        results.update(big_metrics_timings(args.metrics, repeats=3))
    if "wiki" in parts:
        results.update(wiki_benchmark(args.pages, args.changed, naive=not args.no_naive))
    results["loadavg_end"] = [round(x, 2) for x in os.getloadavg()]
    results["benchmark_seconds"] = round(time.perf_counter() - started, 1)
    found = targets(results, args.pages, args.changed, args.metrics)
    results["targets"] = [t.__dict__ for t in found]
    if args.json:
        print(json.dumps(results, indent=2))
    else:
        print_table(results, found)
    return 0


def checkout_state() -> dict[str, Any]:
    """Which code was measured: the commit and the files changed since (read-only git commands)."""
    try:
        head = run(["git", "rev-parse", "--short", "HEAD"]).stdout.strip()
        dirty = run(
            ["git", "--no-optional-locks", "status", "--porcelain", "--untracked-files=no", "--", "bot"]
        ).stdout.split("\n")
    except OSError:
        return {}
    return {"commit": head, "modified_bot_files": sorted(line[3:] for line in dirty if line.strip())}


if __name__ == "__main__":
    sys.exit(main())

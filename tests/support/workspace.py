"""A private copy of the settings and metrics, publishing to pages no other test uses, and ways to run
`mtpbot` on it: in-process through click's CliRunner, or as a separate `python -m bot` process.

One implementation for every test package: `make_workspace` writes the settings (by default the shipped
two-page layout, a metrics page and the status template page it calls, under fresh titles) and returns a
`Workspace`; the packages' conftest files only wrap it in fixtures.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import subprocess
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from click.testing import CliRunner, Result

from bot.cli import main
from bot.cli.environment import Environment
from bot.ops.lock import default_lock_path
from bot.preview.pages import file_names
from devwiki import DevWiki, HumanClient
from tests.support.seed import SEED_CONFIG, SEED_METRICS

ROOT = Path(__file__).resolve().parents[2]
METRICS_TEMPLATE = "priority-metrics.wiki.j2"
STATUS_TEMPLATE = "mtp-status.wiki.j2"
# A light page with the metrics table only, for tests that publish many pages: a whole metrics page costs
# about 0.25 s to render and as much to plan (its text is parsed about 13 times), this one a tenth of that.
ONE_TABLE = "one-table.wiki.j2"
ONE_TABLE_TEMPLATE = """Metrics of the '''{{ priority.priority.name }}''' priority, published by a bot.
<!-- mtpbot:begin metrics -->
{% include "blocks/metrics.wiki.j2" %}
<!-- mtpbot:end metrics -->
"""
CREDENTIALS = ("MTPBOT_USERNAME", "MTPBOT_PASSWORD")


@dataclass(frozen=True)
class PageSpec:
    """One `pages:` entry of the settings."""

    title: str
    template: str = METRICS_TEMPLATE
    priority: str | None = "thriving-movement"  # None for the status template page
    create: bool = True

    @classmethod
    def status(cls, title: str) -> PageSpec:
        """The status template page (Template:...), which shows no report."""
        return cls(title, STATUS_TEMPLATE, priority=None)

    def as_settings(self) -> dict[str, Any]:
        entry: dict[str, Any] = {"title": self.title, "template": self.template, "create": self.create}
        if self.priority is not None:
            entry["priority"] = self.priority
        return entry


def unique(label: str) -> str:
    """A page title part no other test (nor an earlier run on the same wiki) uses."""
    return f"{label} {secrets.token_hex(3)}"


def allow_bot_to_run(wiki: DevWiki) -> str:
    """The community's emergency switch, User:<bot>/Run, made to read "true" as the bot needs to publish.
    Returns its title."""
    title = f"User:{wiki.bot.user_name}/Run"
    human = HumanClient(wiki.api_url, wiki.human)
    human.login()
    human.edit(title, "true", "let the bot run")
    return title


@dataclass
class Workspace:
    """Settings, metrics and titles of one test, and `mtpbot` runs against `site_url` as the bot."""

    folder: Path
    devwiki: DevWiki | None  # None: a test that must not reach any wiki
    site: str | None  # the api.php mtpbot talks to (a proxy, say); None: the wiki's own
    pages: tuple[PageSpec, ...]
    status_template: str  # the status template's name, without "Template:"
    logs_in: bool = True  # False: no credentials in mtpbot's environment (a preview needs no login)
    extra_env: dict[str, str] = field(default_factory=dict)

    @property
    def wiki(self) -> DevWiki:
        assert self.devwiki is not None, "this workspace must not reach any wiki"
        return self.devwiki

    @property
    def site_url(self) -> str:
        return self.wiki.api_url if self.site is None else self.site

    @property
    def config(self) -> Path:
        return self.folder / "mtpbot.yaml"

    @property
    def metrics_file(self) -> Path:
        return self.folder / "metrics" / "thriving-movement.yaml"

    @property
    def titles(self) -> list[str]:
        return [page.title for page in self.pages]

    @property
    def metrics_title(self) -> str:
        """The first page: in the default two-page layout, the metrics page."""
        return self.pages[0].title

    @property
    def template_title(self) -> str:
        """The page of the status template that the metrics pages call."""
        return f"Template:{self.status_template}"

    @property
    def env(self) -> dict[str, str]:
        """The bot's credentials, as the cron job passes them (unless `logs_in` is False), and `extra_env`."""
        state = {"MTPBOT_STATE_DIR": str(self.state_dir)}  # in the test's folder, never the user's home
        if not self.logs_in:
            return {**state, **self.extra_env}
        credentials = {"MTPBOT_USERNAME": self.wiki.bot.username, "MTPBOT_PASSWORD": self.wiki.bot.password}
        return {**state, **credentials, **self.extra_env}

    @property
    def state_dir(self) -> Path:
        """The bot's private state directory in this test: its run lock, its pywikibot session."""
        return self.folder.parent / f"{self.folder.name}-state"

    @property
    def lock_file(self) -> Path:
        self.state_dir.mkdir(mode=0o700, exist_ok=True)  # as the bot makes it before taking the lock
        return default_lock_path(self.config, self.state_dir)

    # -- the source of truth -----------------------------------------------------------------------

    def metrics(self) -> dict[str, Any]:
        data: dict[str, Any] = yaml.safe_load(self.metrics_file.read_text(encoding="utf-8"))
        return data

    def configure(self, **settings: Any) -> None:
        """Change settings of config/mtpbot.yaml, e.g. `configure(max_retries=2, retry_wait=1)`."""
        data = yaml.safe_load(self.config.read_text(encoding="utf-8"))
        data.update(settings)
        self.config.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")

    def write_metrics(self, data: Mapping[str, Any]) -> None:
        self.metrics_file.write_text(yaml.safe_dump(dict(data), sort_keys=False, allow_unicode=True), encoding="utf-8")

    def set_monthly_active_editors(self, count: int) -> None:
        """Change one figure: the "Monthly active editors" metric's Q1 value (a row of the metrics table and
        one of ARMDEB's key results, which shows the metric)."""
        data = self.metrics()
        data["metrics"][0]["quarters"]["2019-20 Q1"]["value"]["count"] = count
        self.write_metrics(data)

    def add_quarter(self, metric: int, quarter: str, figure: Mapping[str, Any]) -> None:
        """Next quarter's figure of a metric: one entry under its `quarters:`."""
        data = self.metrics()
        data["metrics"][metric]["quarters"][quarter] = dict(figure)
        self.write_metrics(data)

    # -- running mtpbot in this process ------------------------------------------------------------

    def mtpbot(self, *args: str, terminal: bool = False) -> Result:
        """`mtpbot --config … ARGS` in this process, with `env` in the environment (and no other credentials);
        `terminal`: as if stderr were a terminal."""
        env: dict[str, str | None] = dict.fromkeys(CREDENTIALS)  # None: unset while mtpbot runs
        env.update(self.env)
        obj = Environment(stderr_isatty=terminal)
        return CliRunner().invoke(main, ["--config", str(self.config), *args], env=env, obj=obj, catch_exceptions=False)

    def sync(self, *args: str, terminal: bool = False) -> Result:
        """`mtpbot sync --site-url SITE ARGS`."""
        return self.mtpbot("sync", "--site-url", self.site_url, *args, terminal=terminal)

    def sync_json(self, *args: str) -> tuple[int, dict[str, Any]]:
        """`mtpbot sync --site-url SITE --json ARGS`: the exit code and the JSON report."""
        result = self.sync("--json", *args)
        try:
            report: dict[str, Any] = json.loads(result.stdout)
        except ValueError as error:
            raise AssertionError(f"no JSON report (exit {result.exit_code}):\n{result.output}") from error
        return result.exit_code, report

    def rendered(self) -> dict[str, str]:
        """What each page would be if created now (`mtpbot render --json`), as the wiki stores it."""
        result = self.mtpbot("render", "--json")
        assert result.exit_code == 0, result.output
        # MediaWiki trims trailing whitespace of a saved page.
        return {page["title"]: page["text"].rstrip() for page in json.loads(result.stdout)["pages"]}

    # -- previews ----------------------------------------------------------------------------------

    @property
    def preview_dir(self) -> Path:
        """Where `preview` writes its files."""
        return self.folder / "preview"

    def preview(self, *args: str, site_url: str | None = None) -> Result:
        """`mtpbot preview --out PREVIEW_DIR --site-url SITE ARGS`; SITE is `site_url` if given."""
        return self.mtpbot("preview", "--out", str(self.preview_dir), "--site-url", site_url or self.site_url, *args)

    def preview_file_names(self) -> tuple[str, str]:
        """The preview files of the metrics page and of the template page."""
        names = file_names([self.metrics_title, self.template_title])
        return names[self.metrics_title], names[self.template_title]

    # -- running mtpbot as a separate process ------------------------------------------------------

    def command(self, *args: str) -> list[str]:
        """The command line of a separate `python -m bot --config … ARGS` process."""
        return [sys.executable, "-m", "bot", "--config", str(self.config), *args]

    def sync_command(self, *args: str) -> list[str]:
        """The command line of a separate `python -m bot … sync --site-url SITE ARGS` process."""
        return self.command("sync", "--site-url", self.site_url, *args)

    def process_env(self, *, credentials: bool = True, **more: str) -> dict[str, str]:
        """The environment of a separate process: no pywikibot directory of ours (a fresh process must log
        in), the repo importable, `env` (without the credentials if `credentials` is False), then `more`."""
        env = {k: v for k, v in os.environ.items() if not k.startswith(("PYWIKIBOT", "MTPBOT_"))}
        env["PYTHONPATH"] = str(ROOT)
        env.update(self.env if credentials else self.extra_env)
        env.update(more)
        return env

    def mtpbot_process(
        self, *args: str, env: Mapping[str, str] | None = None, timeout: float = 120
    ) -> subprocess.CompletedProcess[str]:
        """`python -m bot --config … ARGS` in a separate process (pywikibot's configuration is per process),
        in `env` (by default `process_env()`)."""
        return subprocess.run(
            self.command(*args),
            env=self.process_env() if env is None else env,
            cwd=self.folder,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )


def templates_with_one_table(folder: Path) -> Path:
    """A copy of the shipped templates in `folder`/templates, plus ONE_TABLE."""
    templates = folder / "templates"
    shutil.copytree(ROOT / "templates", templates)
    (templates / ONE_TABLE).write_text(ONE_TABLE_TEMPLATE, encoding="utf-8")
    return templates


def make_workspace(
    folder: Path,
    wiki: DevWiki | None,
    site_url: str | None = None,
    pages: Sequence[PageSpec] | None = None,
    *,
    label: str = "Test",
    templates: Path | None = None,
    logs_in: bool = True,
) -> Workspace:
    """Settings and a copy of the shipped metrics in `folder`, for mtpbot runs against `site_url` (by
    default the wiki's own api.php; `wiki` None: a workspace that must not reach any wiki).

    By default two pages, as shipped: a metrics page and the status template page it calls, both with
    fresh titles ("LABEL xxxxxx/Thriving Movement/Metrics", "Template:MTP status LABEL xxxxxx"). `pages`
    replaces them (the status template then gets a fresh name, and is published only if one of the pages
    uses the status template's template file).
    """
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "metrics").mkdir(exist_ok=True)
    shutil.copy(SEED_METRICS, folder / "metrics")
    status = unique(f"MTP status {label}")
    if pages is None:
        pages = (
            PageSpec(f"{unique(label)}/Thriving Movement/Metrics"),
            PageSpec.status(f"Template:{status}"),
        )
    settings: dict[str, Any] = yaml.safe_load(SEED_CONFIG.read_text(encoding="utf-8"))
    settings["templates"] = str(templates or ROOT / "templates")
    settings["status"]["template"] = status
    settings["put_throttle"] = 0
    # Off here: every test saves as the same bot account, and the status page's own tests give it a title of
    # their own (tests/sync/test_status_page.py); other tests count saves and requests without it.
    settings["status_page"] = False
    # No charts unless a test draws them with a data wiki of its own (tests/sync/test_data_pages.py): the
    # shipped settings send the data pages to Commons.
    settings.pop("data_site", None)
    settings["pages"] = [page.as_settings() for page in pages]
    (folder / "mtpbot.yaml").write_text(yaml.safe_dump(settings, sort_keys=False), encoding="utf-8")
    return Workspace(folder, wiki, site_url, tuple(pages), status, logs_in=logs_in)

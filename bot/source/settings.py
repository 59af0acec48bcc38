"""Bot settings (config/mtpbot.yaml): the site, the pages and which template renders each. No network.

Read once by the CLI and passed down; nothing reads configuration at import time. Every default of a
setting lives here, once: the wiki connection, the sync's safety and the renderer are built from these.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import Field, StrictBool, StringConstraints

from bot.source import DEFAULT_CONFIG, titles
from bot.source.base import Frozen, Id, Text
from bot.source.feeds import FeedFormat
from bot.source.loading import load_model
from bot.source.periods import FiscalYear
from bot.source.yaml_lines import Loc

SHRINK_LIMIT = 0.2  # the default share of a table's rows a sync may remove (bot.sync.plan.Safety)
STATUS_PAGE_TEMPLATE = "run-status.wiki.j2"  # renders the status page (`status_page:`), in the templates folder

TemplateName = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_.-]+\.wiki\.j2$")]


class Site(Frozen):
    family: str = Field("meta", description="pywikibot family of the production wiki")
    code: str = Field("meta", description="pywikibot language code of the production wiki")


class DataSite(Frozen):
    """The data wiki of the charts' `.tab` and `.chart` pages (Commons in production; bot.sync.data_pages)."""

    family: str = Field("commons", description="pywikibot family of the data wiki")
    code: str = Field("commons", description="pywikibot language code of the data wiki")
    api_url: Annotated[str, StringConstraints(pattern=r"^https?://[^/\s]+/\S*api\.php$")] | None = Field(
        None, description="api.php of the data wiki, instead of family and code; `--data-site-url` overrides it"
    )
    prefix: Text = Field(
        "Wikimedia Foundation Medium-term plan 2019", description="titles: Data:<prefix>/<priority>/<series>.tab"
    )


class FeedSettings(Frozen):
    """A data feed (bot.source.feeds): a table of months the analysts publish, read once per run."""

    name: Id = Field(description="what metrics call it: `from_feed: {feed: movement-metrics, …}`")
    location: Annotated[str, StringConstraints(pattern=r"^(https://\S+|http://\S+|[^:\s][^\n]*)$")] = Field(
        description="an https URL, or a file relative to this file; `--feed NAME=URL_OR_PATH` replaces it for a run"
    )
    format: FeedFormat = Field("tsv", description="tsv or csv, with a header row; columns are found by name")
    period_column: Text = Field("month", description="the column of the period: a month as its first day")


Table = Literal["metrics", "key-results", "kpis"]
Derived = Literal["qoq", "yoy", "progress"]


class PageSettings(Frozen):
    title: Text
    template: TemplateName = Field(description="file in the templates folder that renders the whole page")
    priority: Id | None = Field(None, description="id of the priority (metrics file) the page shows")
    year: FiscalYear | None = Field(None, description="the fiscal year it shows; default: the latest with data")
    columns: dict[Table, tuple[Derived, ...]] = Field(
        default_factory=dict,
        description="derived columns each table shows: qoq and yoy (of the latest quarter), progress (to the goal)",
    )
    create: StrictBool = Field(True, description="create the page from its full render when it does not exist")


class StatusSettings(Frozen):
    template: Text = Field("MTP status", description="status template the tables call, without 'Template:'")
    style: Literal["template", "inline"] = Field(
        "template", description="template: {{MTP status|at risk}}; inline: coloured spans, no template needed"
    )


class Settings(Frozen):
    site: Site = Site()
    contact: Text = Field(description="who runs the bot: a wiki user page or e-mail, sent in the User-Agent")
    sources: tuple[str, ...] = Field(min_length=1, description="metrics files, relative to this file")
    templates: str = Field("../templates", description="folder of the *.wiki.j2 templates, relative to this file")
    summary_prefix: str = Field("Bot: MTP metrics", description="first words of every edit summary")
    status: StatusSettings = StatusSettings()
    run_page: str | None = Field(None, description="emergency run page; default User:<bot account>/Run")
    status_page: Text | StrictBool | None = Field(
        None,
        description="page with each page's last outcome (templates/run-status.wiki.j2); default (null or true) "
        "User:<bot account>/Status; false: none",
    )
    state_dir: str | None = Field(
        None,
        description="private folder for the run lock and the login session, relative to this file; default "
        "$MTPBOT_STATE_DIR, else $XDG_STATE_HOME/mtpbot or ~/.local/state/mtpbot",
    )
    put_throttle: float = Field(10.0, ge=0, description="seconds between two saves")
    max_retries: int = Field(5, ge=0, description="retries of a request that failed (5xx, dropped, maxlag)")
    retry_wait: float = Field(5, ge=0, description="seconds before the first retry; doubles with each retry")
    retry_budget: float = Field(
        300, ge=0, description="seconds a run may lose to failed requests and waits before retries, in all"
    )
    shrink_limit: float = Field(
        SHRINK_LIMIT, ge=0, le=1, description="refuse a table that would lose more than this share of its rows"
    )
    pages: tuple[PageSettings, ...] = Field(min_length=1)
    data_site: DataSite | None = Field(None, description="publish each series' data pages there; default: none")
    charts: tuple[Id, ...] | None = Field(
        None, description="ids of the metrics and KPIs to draw on the data site; default: every one that can be"
    )
    feeds: tuple[FeedSettings, ...] = Field((), description="data feeds metrics read their quarters from")
    fiscal_year_start: int = Field(7, ge=1, le=12, description="the month a fiscal year starts in (7: July)")


def check_unique_titles(data: Any) -> Iterator[tuple[Loc, str]]:
    pages = data.get("pages") if isinstance(data, dict) else None
    seen: set[str] = set()
    for index, page in enumerate(pages if isinstance(pages, list) else []):
        title = page.get("title") if isinstance(page, dict) else None
        if isinstance(title, str):
            if title in seen:
                yield ("pages", index, "title"), f"page '{title}' is configured twice; keep one entry"
            seen.add(title)


@dataclass(frozen=True)
class Config:
    """The settings with every path resolved against the config file's folder."""

    path: Path
    settings: Settings

    @property
    def source_paths(self) -> tuple[Path, ...]:
        return tuple((self.path.parent / s).resolve() for s in self.settings.sources)

    @property
    def state_dir(self) -> Path | None:
        return (self.path.parent / self.settings.state_dir).resolve() if self.settings.state_dir else None

    @property
    def templates_dir(self) -> Path:
        return (self.path.parent / self.settings.templates).resolve()

    def feed_location(self, location: str) -> str | Path:
        """A feed's URL as written, or its file resolved against this file's folder."""
        if location.startswith(("https://", "http://")):
            return location
        return (self.path.parent / location).resolve()

    def page(self, title: str) -> PageSettings | None:
        """The page of TITLE as the wiki reads it (`Template:MTP_status` is `Template:MTP status`)."""
        wanted = titles.normalise(title)
        return next((p for p in self.settings.pages if titles.normalise(p.title) == wanted), None)


def load_config(path: Path = DEFAULT_CONFIG) -> Config:
    return Config(path=path, settings=load_model(path, Settings, (check_unique_titles,)))

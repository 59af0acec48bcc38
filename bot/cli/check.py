"""`mtpbot check`: a preflight that says whether a sync could publish now, one line per check; saves nothing."""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from typing import TYPE_CHECKING

import click

from bot.cli import loading, options
from bot.cli.invocation import Invocation, command
from bot.cli.site import check_site_url, site_settings, state_of
from bot.errors import ExitStatus, MtpbotError

if TYPE_CHECKING:
    from bot.check.preflight import Check
    from bot.cli.loading import Sources
    from bot.sync.pages import RenderedPage


@command
@options.as_json('Print {"ok", "exit_code", "checks": [{"name", "ok", "message", "hint", "title"}]} on stdout.')
@options.site("the wiki to check")
@click.option("--data-site-url", metavar="URL", help="api.php of the data wiki of the charts (default: data_site:).")
@options.feeds
def check(
    run: Invocation,
    as_json: bool,
    site_url: str | None,
    allow_insecure: bool,
    data_site_url: str | None,
    feeds: dict[str, str],
) -> ExitStatus:
    """Check that a sync could publish: settings and sources, the login, the bot right and flag, the run
    page, each page's markers; with `data_site:`, the data wiki and each chart's data pages. Saves nothing;
    exit 0 only when every check passes.

    Credentials as for `sync`: MTPBOT_USERNAME and MTPBOT_PASSWORD, or pywikibot's own user-config.py in
    PYWIKIBOT_DIR.
    """
    from bot.check.preflight import exit_status, preflight
    from bot.check.readiness import failed
    from bot.mediawiki import ENV_USERNAME
    from bot.source.settings import load_config

    show = _Printer(run, as_json)
    rendered = functools.cache(
        lambda: loading.render_sources(run, (), loading.FeedRequest(online=True, overrides=feeds))
    )
    try:
        check_site_url(site_url, allow_insecure)
        check_site_url(data_site_url, allow_insecure, "--data-site-url")
        config = load_config(run.config_path)
        site = site_settings(config.settings, site_url, state=state_of(config, run.env.environ))  # public reading
    except MtpbotError as exc:
        checks = [failed("sources", exc)]
        show(checks[0])
    else:
        run.console.debug(f"connecting to {site.target}")
        checks = preflight(
            config.settings,
            render=lambda: rendered()[1],
            reach=lambda: run.env.connect(site, login=False),
            log_in=lambda: run.env.connect(site.with_credentials_from(run.env.environ), login=True),
            target=site.target,
            login_name=run.env.environ.get(ENV_USERNAME, "").strip(),
            on_check=show,
        )
        if checks[0].ok:  # the sources: without them there is nothing to check on the data wiki
            checks += _feed_checks(rendered()[0], show)
            checks += _data_checks(run, rendered, (site_url, data_site_url), show)
    status = exit_status(checks)
    show.finish(checks, status)
    return status


def _feed_checks(sources: Sources, show: Callable[[Check], None]) -> list[Check]:
    """One check per feed: read (its version, last month, the quarters it fills, where it disagrees)."""
    from bot.check.feeds import feed_checks

    found = feed_checks(sources.feeds, sources.report)
    for check in found:
        show(check)
    return found


def _data_checks(
    run: Invocation,
    rendered: Callable[[], tuple[Sources, list[RenderedPage]]],
    urls: tuple[str | None, str | None],
    show: Callable[[Check], None],
) -> list[Check]:
    """The data wiki's checks (bot.check.data_readiness), shown as they come; none without `data_site:`."""
    from bot.check.data_readiness import data_wiki_checks
    from bot.check.readiness import failed
    from bot.cli import data_sync
    from bot.ops.provenance import find_data_revision

    try:
        sources, pages = rendered()
        revision = loading.source_label(sources, find_data_revision(sources.config.source_paths).label)
        data = data_sync.prepare(run, sources, pages, urls, revision, named=False)
    except MtpbotError as exc:
        found = [failed("data-wiki", exc)]
    else:
        if data is None:
            return []
        run.console.debug(f"connecting to the data wiki {data.site.target}")
        site, prefix = data.site, sources.config.settings.summary_prefix
        found = data_wiki_checks(
            data.pages, lambda: run.env.connect(site, login=True), target=site.target, prefix=prefix
        )
    for check in found:
        show(check)
    return found


class _Printer:
    """Each check as it comes, one line on stderr (`ok: …` / `problem: …`, its details and hint indented);
    with --json one document on stdout at the end instead."""

    def __init__(self, run: Invocation, as_json: bool) -> None:
        self.console, self.as_json = run.console, as_json

    def __call__(self, check: Check) -> None:
        if self.as_json:
            return
        first, *details = check.message.splitlines() or [""]
        if check.ok:
            self.console.info(f"ok: {check.name}: {first}")
            return
        self.console.err(f"problem: {check.name}: {first}", fg="red")
        for line in details:
            self.console.err(f"  {line}")
        if check.hint:
            self.console.err(f"  hint: {check.hint}")

    def finish(self, checks: list[Check], status: ExitStatus) -> None:
        if self.as_json:
            fields = ("name", "ok", "message", "hint", "title")
            answer = {
                "ok": status == ExitStatus.OK,
                "exit_code": int(status),
                "checks": [{name: getattr(check, name) for name in fields} for check in checks],
            }
            self.console.out(json.dumps(answer, ensure_ascii=False, indent=2))
            return
        problems = sum(1 for check in checks if not check.ok)
        verdict = "a sync could publish" if not problems else "a sync could not publish everything"
        line = f"done: {len(checks) - problems} ok, {problems} problem{'s' if problems != 1 else ''}: {verdict}"
        self.console.info(f"{line} (exit {int(status)})")

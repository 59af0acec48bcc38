"""`mtpbot check` on the data feeds: one check each — read (its version, its last month, the quarters it fills
and where it disagrees with the metrics files), or a problem that says which pages a sync would hold."""

from __future__ import annotations

from collections.abc import Mapping

from bot.check.readiness import Check, passed, problem
from bot.errors import ExitStatus
from bot.source.reconcile import Disagreement, FeedRead, FeedReport
from bot.wikitext.formatting import format_figure

_HELD = "a sync holds the pages that show its series (the others publish)"


def feed_checks(feeds: Mapping[str, FeedRead], report: FeedReport) -> list[Check]:
    return [_check(read, report) for read in feeds.values()]


def _check(read: FeedRead, report: FeedReport) -> Check:
    name = f"feed {read.name}"
    if read.error or read.table is None:
        hint = f"{_HELD}; when the feed is back (or with --feed {read.name}=FILE) run again"
        return problem("feed", f"{name}: {read.error or read.unread}", hint, ExitStatus.PAGE_FAILURES)
    held = [hold.why for hold in report.held.values() if hold.feed == read.name]
    filled = (
        ", ".join(q.label for q in dict.fromkeys(report.filled.get(read.name, [])))
        or "no quarter the metrics files leave open"
    )
    last = read.table.last_month
    lines = [f"{name} {read.version}: {read.origin}, months until {last:%Y-%m}; fills {filled}" if last else name]
    lines += [f"disagrees: {describe(found)}" for found in report.disagreements if found.feed_label == read.label]
    if held:
        return problem(
            "feed", "\n".join([*lines, *held]), _HELD + "; fix the feed's rows named", ExitStatus.PAGE_FAILURES
        )
    return passed("feed", "\n".join(lines))


def describe(found: Disagreement) -> str:
    """`monthly-active-editors Q1 FY2019-20: the metrics file says 5.1% YoY, the feed … gives 3.8% YoY`."""
    said = format_figure(found.stated.model_copy(update={"footnote": "", "note": ""}), places=found.places)
    feed = format_figure(found.feed, places=found.places)
    return (
        f"{found.metric} {found.quarter.label}: the metrics file says {said}, the feed {found.feed_label} gives "
        f"{feed}; the page shows the metrics file's (correct it there if the feed is right)"
    )

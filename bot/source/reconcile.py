"""The feeds' quarters merged into the metrics files, and what the feeds and the files disagree on.

What people decided and what was reported stays as the metrics file has it: a quarter the file states is the
file's as a whole (its value and its changes); the feed only checks it, and a disagreement beyond the shown
precision is a warning. A quarter of a listed fiscal year that the file does not state comes from the feed,
with its changes (qoq, yoy) computed from the feed's own quarters. Quarters of years the file does not list
are never shown (they are counted). A fault of the feed in a quarter that would be shown holds the series:
its pages are not published this run (`held`), and nothing is blanked.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from bot.source.feeds import FeedError, FeedQuarters, FeedTable, feed_quarters
from bot.source.figures import Figure
from bot.source.kinds import FIGURE_KINDS
from bot.source.model import Metric, PriorityFile
from bot.source.periods import Quarter
from bot.source.series import CHANGE_UNITS, Change, QuarterEntry


@dataclass(frozen=True)
class FeedRead:
    """One feed as this run read it: its table, or why there is none."""

    name: str
    origin: str  # the URL or file
    table: FeedTable | None = None
    version: str = ""  # its Last-Modified date, else a short hash of its bytes
    error: str = ""  # it could not be read or is no table: every series of it is held
    unread: str = ""  # not read on purpose (validate/render without a kept copy): its series show the YAML's

    @property
    def label(self) -> str:
        """As summaries name it: `movement-metrics 2020-04-16`."""
        return f"{self.name} {self.version}".strip()


@dataclass(frozen=True)
class Hold:
    """Why a series is not published this run: its feed, and the fault."""

    feed: str
    why: str


@dataclass
class FeedReport:
    """What the merge found, for `validate`, `sync --dry-run`, `check` and the held pages."""

    disagreements: list[Disagreement] = field(default_factory=list)
    held: dict[tuple[str, str], Hold] = field(default_factory=dict)  # (priority, metric) -> its feed, and why
    hidden: dict[str, int] = field(default_factory=dict)  # feed -> quarters of years no file lists
    filled: dict[str, list[Quarter]] = field(default_factory=dict)  # feed -> quarters it gave (the feeds used)


def with_feeds(
    priorities: Mapping[str, PriorityFile], feeds: Mapping[str, FeedRead], first_month: int
) -> tuple[dict[str, PriorityFile], FeedReport]:
    """The metrics files with each feed series' quarters filled in, and the report of the merge."""
    report = FeedReport()
    merged = {}
    for key, priority in priorities.items():
        update = {}
        for group in ("metrics", "kpis"):
            series: tuple[Metric, ...] = getattr(priority, group)
            update[group] = tuple(_merge(priority, metric, feeds, first_month, report) for metric in series)
        merged[key] = priority.model_copy(update=update)
    return merged, report


def _merge(
    priority: PriorityFile, metric: Metric, feeds: Mapping[str, FeedRead], first_month: int, report: FeedReport
) -> Metric:
    spec = metric.from_feed
    read = feeds.get(spec.feed) if spec is not None else None
    if spec is None or read is None or read.unread:
        return metric
    where = (priority.priority.id, metric.id)
    if read.table is None:
        report.held[where] = Hold(spec.feed, _named(spec.feed, read.error))
        return metric
    try:
        quarters = feed_quarters(read.table, spec, first_month)
    except FeedError as error:
        report.held[where] = Hold(spec.feed, _named(spec.feed, str(error)))
        return metric
    shown = [q for q in quarters.values if q.year in priority.fiscal_years]
    report.hidden[spec.feed] = report.hidden.get(spec.feed, 0) + len(quarters.values) - len(shown)
    faults = [
        f for q, f in sorted(quarters.faults.items()) if q.year in priority.fiscal_years and q not in metric.quarters
    ]
    if faults:
        report.held[where] = Hold(spec.feed, _named(spec.feed, faults[0]))
        return metric
    added = {q: _entry(metric, quarters, q) for q in shown if q not in metric.quarters}
    report.disagreements += _disagreements(metric, quarters, read)
    if added:
        report.filled.setdefault(spec.feed, []).extend(sorted(added))
    return metric.model_copy(update={"quarters": {**metric.quarters, **added}})


def _named(feed: str, why: str) -> str:
    return why if why.startswith(f"the feed {feed} ") else f"the feed {feed}: {why}"


def _entry(metric: Metric, quarters: FeedQuarters, quarter: Quarter) -> QuarterEntry:
    return QuarterEntry(
        value=(_figure(metric, quarters.values[quarter]),),
        qoq=feed_change(metric, quarters, quarter, "qoq"),
        yoy=feed_change(metric, quarters, quarter, "yoy"),
    )


def _figure(metric: Metric, value: Decimal) -> Figure:
    spec = metric.from_feed
    assert spec is not None
    return Figure.model_validate({spec.kind: value, "unit": spec.unit, "compact": spec.compact})


def feed_change(metric: Metric, quarters: FeedQuarters, quarter: Quarter, which: Change) -> Figure | None:
    """The change the feed's own quarters give: relative (to a tenth of a percent), or in percentage points
    between percents where the series measures them so (at the series' shown decimals)."""
    earlier = quarter.previous() if which == "qoq" else quarter.year_earlier()
    old, new = quarters.values.get(earlier), quarters.values.get(quarter)
    spec = metric.from_feed
    if old is None or new is None or spec is None:
        return None
    if spec.kind == "percent" and metric.percent_changes == "points":
        places = metric.shown_places or 0
        return Figure(points=_half_up(new - old, places), unit=CHANGE_UNITS[which])
    if old == 0:
        return None
    return Figure(change=_half_up((new - old) / old * 100, 1), unit=CHANGE_UNITS[which])


def _half_up(number: Decimal, places: int) -> Decimal:
    return number.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Disagreement:
    """A figure of a quarter the metrics file states, and the feed's for it, that differ as the page shows them."""

    metric: str
    quarter: Quarter
    stated: Figure
    feed: Figure
    places: int | None  # the decimals the page shows values with
    feed_label: str  # `movement-metrics 2020-04-16`


def _disagreements(metric: Metric, quarters: FeedQuarters, read: FeedRead) -> list[Disagreement]:
    """Where a quarter the file states differs from the feed beyond what the page shows."""
    found = []
    places = metric.shown_places
    for quarter, entry in sorted(metric.quarters.items()):
        stated = entry.number
        if quarter not in quarters.values or stated is None or stated.number is None:
            continue
        pairs: list[tuple[Figure | None, Figure | None]] = [(stated, _figure(metric, quarters.values[quarter]))]
        pairs += [(getattr(entry, which), feed_change(metric, quarters, quarter, which)) for which in CHANGES]
        for reported, computed in pairs:
            if reported is not None and computed is not None and not _same_as_shown(reported, computed, places):
                found.append(Disagreement(metric.id, quarter, reported, computed, places, read.label))
    return found


CHANGES: tuple[Change, ...] = ("qoq", "yoy")


def _same_as_shown(reported: Figure, computed: Figure, places: int | None) -> bool:
    """Whether the two read the same on the page: values at the shown decimals (after K for a compact count),
    a change at the decimals it was reported with."""
    old, new = reported.number, computed.number
    if old is None or new is None or reported.kind != computed.kind:
        return False
    if not FIGURE_KINDS[reported.kind].is_change and places is not None:
        scale = Decimal(1000) if reported.compact and abs(old) >= 1000 else Decimal(1)
        return _half_up(old / scale, places) == _half_up(new / scale, places)
    exponent = old.as_tuple().exponent
    return _half_up(new, -exponent if isinstance(exponent, int) else 0) == old

"""The targets of the "Performance" issue, each met, not met or not measured in a run's results."""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any


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
    """Requests of a no-change sync: 3 while the state directory keeps the session (the weekly job), and
    ceil(P/500)+8 from a new one (with apihighlimits), ceil(P/50)+8 without."""
    titles = pages + 1  # the run page is read in the same batch
    high = math.ceil(pages / 500) + 8
    low = math.ceil(pages / 50) + 8
    reads = f"{titles} titles with the run page = {math.ceil(titles / 500)} read(s) of 500"
    kept = "requests_sync_nochange"
    found.add(
        "no-change sync, state directory kept (the weekly job): requests",
        [kept],
        found.at_most(kept, math.ceil(titles / 500) + 2, "ceil((P+1)/500)+2", "userinfo, reads, a spare"),
    )
    for key, name in (
        ("requests_sync_nochange_cold", "no-change sync, new state directory, bot account: requests"),
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
    found.add(
        "parse the largest shared feed file and compute its quarters",
        ["feed_parse_ms"],
        lambda: (f"{r['feed_parse_ms']:.1f} ms", "< 50 ms", r["feed_parse_ms"] < 50),
    )

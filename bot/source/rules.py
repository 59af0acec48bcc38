"""Rules across the records of a valid file, checked on the typed model: every measured figure is written
once, and every reported change agrees with the series it belongs to. (The rules that need no types —
references, quarters in the plan's years — are in bot.source.checks and run even when a field is wrong.)
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import NamedTuple

from bot.source.model import PriorityFile
from bot.source.series import Series, contradictions
from bot.source.yaml_lines import Loc

Rule = Callable[[PriorityFile], Iterator[tuple[Loc, str]]]


class Located(NamedTuple):
    loc: Loc
    kind: str  # "metric", "KPI" or "key result", for messages
    id: str
    series: Series

    @property
    def name(self) -> str:
        return f"{self.kind} '{self.id}'"


def all_series(document: PriorityFile) -> Iterator[Located]:
    """Every series of the file, with its path."""
    for index, metric in enumerate(document.metrics):
        yield Located(("metrics", index), "metric", metric.id, metric)
    for index, kpi in enumerate(document.kpis):
        yield Located(("kpis", index), "KPI", kpi.id, kpi)
    for o, outcome in enumerate(document.outcomes):
        for d, deliverable in enumerate(outcome.deliverables):
            for k, key_result in enumerate(deliverable.key_results):
                loc = ("outcomes", o, "deliverables", d, "key_results", k)
                yield Located(loc, "key result", key_result.id, key_result)


def check_figures_written_once(document: PriorityFile) -> Iterator[tuple[Loc, str]]:
    """A metric's figures written again — by a key result or KPI that copies them, even with one figure since
    edited in one copy — are one figure in two places: the copies drift apart. (Key results with the same
    numbers as each other are not copies: two projects may well both be 10% complete.)"""
    measured: dict[str, Located] = {}
    for found in all_series(document):
        prints = _fingerprints(found.series)
        earlier = next((measured[key] for key in prints if key in measured), None)
        if earlier is not None:
            instead = f"`metric: {earlier.id}` here instead" if found.kind == "key result" else "keep one of the two"
            yield found.loc, f"{found.name} repeats the figures of {earlier.name}; write them once: {instead}"
        elif found.kind != "key result":
            measured.update(dict.fromkeys(prints, found))


def _fingerprints(series: Series) -> list[str]:
    """What makes a measured series recognisable: all its figures, and its baseline with its goals when the
    baseline is a number other than zero (a baseline of 86K/mo and a goal of 5% YoY are that metric's). A
    series of text only (many say "Collecting baseline", "In progress") has none."""
    figures = [f for entry in series.quarters.values() for f in entry.value or ()]
    baseline = series.baseline.value if series.baseline is not None else ()
    if not any(f.number is not None for f in [*figures, *baseline]):
        return []
    keys = [series.model_dump_json(include={"baseline", "goals", "quarters"})]
    if any(f.number not in (None, 0) for f in baseline) and series.goals:
        keys.append(series.model_dump_json(include={"baseline", "goals"}))
    return keys


def check_reported_changes(document: PriorityFile) -> Iterator[tuple[Loc, str]]:
    for loc, _, _, series in all_series(document):
        for quarter, which, problem in contradictions(series):
            yield (*loc, "quarters", str(quarter), which), f"{which} of {quarter} {problem}"


MODEL_CHECKS: tuple[Rule, ...] = (check_figures_written_once, check_reported_changes)

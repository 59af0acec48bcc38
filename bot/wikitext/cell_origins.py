"""The way back from a cell of the bot's tables to the YAML value it shows: row key and column -> file:line.

Every row names its record (`|- data-mtp="kpi:ca-inquiries"`, bot.wikitext.rows) and every column has a
name (a quarter's header carries it in full, `title="Q1 FY2019-20"`), so a cell found changed on the wiki
leads to the field that fills it: `kpis[1].quarters.2019-20 Q1.value`, then to its line (bot.source.origins).
A key result that shows a metric leads to the metric's figures; a computed cell (a change the source did not
report, the progress, a totals row) to the value it is computed from, marked `computed`.

The rows are those of the templates in templates/blocks (a priority's page: `metric:ID`, `kpi:ID`,
`key-result:ID`, `deliverable:ID`, `outcome:ID`, `grant:Q1:PROGRAM`) and of the overview (`metric:P:ID`,
`deliverable:P:ID`, P the priority). An unknown row or column has no origin (None), never a guess.
"""

from __future__ import annotations

from collections.abc import Sequence

from bot.source.model import Deliverable, PriorityFile
from bot.source.origins import Origin, SourceLines
from bot.source.periods import Quarter
from bot.source.series import Series
from bot.source.yaml_lines import Loc
from bot.wikitext.derived import BY_LABEL

Found = tuple[Loc, bool] | None  # a field path, and whether the cell is computed from it


class CellOrigins:
    """The origins of the cells of one page: its priority's tables for `year` (and an overview's rows)."""

    def __init__(self, lines: SourceLines, priorities: Sequence[PriorityFile], shown: tuple[str, str] | None) -> None:
        """`shown`: the priority id and fiscal year of a priority's page (None for an overview)."""
        self.lines = lines
        self.priorities = {p.priority.id: p for p in priorities}
        self.shown = shown

    def locate(self, key: str, column: str, index: int) -> Origin | None:
        """The origin of the cell in column `column` (the `index`-th cell) of the row `key`."""
        kind, _, rest = key.partition(":")
        priority_id, record, year = self._record(kind, rest)
        priority = self.priorities.get(priority_id)
        if priority is None:
            return None
        if year is None:
            found = _overview(priority, kind, record, column, index)
        else:
            found = _page_cell(priority, year, kind, record, column, index)
        return self.lines.origin(priority_id, found[0], computed=found[1]) if found is not None else None

    def _record(self, kind: str, rest: str) -> tuple[str, str, str | None]:
        """(priority id, record id, fiscal year of the page; None for an overview's row)."""
        if kind in ("metric", "deliverable") and ":" in rest:
            priority_id, _, record = rest.partition(":")
            return priority_id, record, None
        return (self.shown[0], rest, self.shown[1]) if self.shown is not None else ("", rest, None)


def _page_cell(priority: PriorityFile, year: str, kind: str, record: str, column: str, index: int) -> Found:
    if kind in ("metric", "kpi", "key-result"):
        return _series_row(priority, year, kind, record, column, index)
    if kind == "deliverable":
        found = _deliverable(priority, record)
        if found is None:
            return None
        loc = found[0]
        if index == 0:
            return (*loc, "name"), False
        quarter = _quarter(column)
        return ((*loc, "status", str(quarter)), False) if quarter is not None else _field(loc, column, "Department")
    if kind == "outcome":
        at = next((i for i, o in enumerate(priority.outcomes) if o.id == record), None)
        return (("outcomes", at, "text"), False) if at is not None else None
    return _grant(priority, year, record, column, index) if kind == "grant" else None


def _series_row(priority: PriorityFile, year: str, kind: str, record: str, column: str, index: int) -> Found:
    found = _series(priority, kind, record)
    if found is None:
        return None
    own, loc, series = found
    if index == 0:
        return (*own, "text" if kind == "key-result" else "name"), False
    if column == "Baseline":
        return (*loc, "baseline"), False
    if column.endswith(" goal"):
        return (*loc, "goals", year), False
    quarter = _quarter(column)
    if quarter is not None:
        return (*loc, "quarters", str(quarter), "value"), False
    derived = BY_LABEL.get(column)
    return derived.origin(loc, series, year) if derived is not None else None


def _series(priority: PriorityFile, kind: str, record: str) -> tuple[Loc, Loc, Series] | None:
    """The record's own path, the path of the series it shows (a key result's metric's) and that series."""
    if kind in ("metric", "kpi"):
        own = _metric_loc(priority, record, "metrics" if kind == "metric" else "kpis")
        metric = priority.metric(record)
        return (own, own, metric) if own is not None and metric is not None else None
    for o, outcome in enumerate(priority.outcomes):
        for d, deliverable in enumerate(outcome.deliverables):
            for k, key_result in enumerate(deliverable.key_results):
                if key_result.id == record:
                    own = ("outcomes", o, "deliverables", d, "key_results", k)
                    shown = _metric_loc(priority, key_result.metric, None) if key_result.metric else own
                    return own, shown or own, priority.series_of(key_result)
    return None


def _metric_loc(priority: PriorityFile, metric_id: str, table: str | None) -> Loc | None:
    for name in (table,) if table is not None else ("metrics", "kpis"):
        found = next((i for i, m in enumerate(getattr(priority, name)) if m.id == metric_id), None)
        if found is not None:
            return (name, found)
    return None


def _deliverable(priority: PriorityFile, record: str) -> tuple[Loc, Deliverable] | None:
    for o, outcome in enumerate(priority.outcomes):
        for d, deliverable in enumerate(outcome.deliverables):
            if deliverable.id == record:
                return ("outcomes", o, "deliverables", d), deliverable
    return None


def _grant(priority: PriorityFile, year: str, record: str, column: str, index: int) -> Found:
    """`Q1:Rapid Grants` (a program's row) or `Q1:totals` (the totals row, computed unless reported)."""
    short, _, program = record.partition(":")
    quarter = next((q for q in priority.grants if q.year == year and q.short == short), None)
    if quarter is None:
        return None
    loc: Loc = ("grants", str(quarter))
    grants = priority.grants[quarter]
    part = {"Number of grants": "grants", "Total": "usd"}.get(column)
    if program == "totals":
        if grants.reported_totals is None or part is None:
            return (*loc, "programs"), True
        return (*loc, "reported_totals", part), False
    at = next((i for i, p in enumerate(grants.programs) if p.program == program), None)
    field = "program" if index == 0 else part
    return ((*loc, "programs", at, field), False) if at is not None and field is not None else None


def _overview(priority: PriorityFile, kind: str, record: str, column: str, index: int) -> Found:
    """The overview's rows: a deliverable's latest status, a metric's latest value against its goal."""
    if kind == "deliverable":
        found = _deliverable(priority, record)
        if found is None:
            return None
        loc, deliverable = found
        latest = max(deliverable.status, default=None)
        if index == 0 or column == "Outcome":
            return (*(loc if index == 0 else loc[:2]), "name" if index == 0 else "text"), False
        return ((*loc, "status", str(latest)), False) if column == "Latest status" and latest is not None else None
    loc_of = _metric_loc(priority, record, "metrics")
    metric = priority.metric(record)
    if loc_of is None or metric is None:
        return None
    newest = metric.latest()
    if index == 0:
        return (*loc_of, "name"), False
    if column == "Latest" and newest is not None:
        return (*loc_of, "quarters", str(newest), "value"), False
    if column == "Goal":
        return (*loc_of, "goals", newest.year if newest is not None else priority.latest_year()), False
    return None


def _quarter(column: str) -> Quarter | None:
    """The quarter a column shows, from its full name `Q1 FY2019-20`."""
    short, _, year = column.partition(" FY")
    try:
        return Quarter.parse(f"{year} {short}")
    except ValueError:
        return None


def _field(loc: Loc, column: str, name: str) -> Found:
    return ((*loc, name.lower()), False) if column == name else None

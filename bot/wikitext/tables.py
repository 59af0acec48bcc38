"""One priority's figures for one fiscal year, as the cells of its tables: what the templates print.

A table shows a fiscal year: each series' baseline, that year's goal, a column per quarter (a dash where a
quarter has no data yet) and the derived columns its page's settings ask for — the latest quarter's change
from the quarter before ("Q over Q"), from a year earlier ("Y over Y"), and the progress toward the goal
(one registry of them: bot.wikitext.derived).
Header cells of the quarters carry the quarter in full (`title="Q2 FY2019-20"`), which is also how edit
summaries name a changed cell.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from bot.source.figures import Figure
from bot.source.model import Deliverable, Footnote, Grants, PriorityFile
from bot.source.periods import Quarter, quarters_of
from bot.source.series import QuarterEntry, Series
from bot.source.settings import Derived, Table
from bot.source.status import StatusMark
from bot.wikitext.derived import DERIVED
from bot.wikitext.escape import Wikitext, escape
from bot.wikitext.formatting import EMPTY, cell
from bot.wikitext.status import StatusStyle


class YearView:
    def __init__(
        self, source: PriorityFile, year: str, status: StatusStyle, columns: Mapping[Table, Sequence[Derived]]
    ) -> None:
        self.source = source
        self.year = year
        self.quarters: tuple[Quarter, ...] = quarters_of(year)
        self.status_style = status
        self.columns = columns

    # -- headers

    @property
    def goal_header(self) -> str:
        return f"{self.source.year_label(self.year)} goal"

    def quarter_headers(self) -> Wikitext:
        return Wikitext(" !! ".join(f'title="{q.label}" | {q.short}' for q in self.quarters))

    def table_quarter(self, series: Iterable[Series]) -> Quarter | None:
        """The latest quarter of the year with data in a table: the quarter its change columns show."""
        return max((q for one in series if (q := one.latest(self.year)) is not None), default=None)

    def derived_headers(self, table: Table, quarter: Quarter | None) -> Wikitext:
        """The change columns name the quarter they show; `title` keeps the plain name (for summaries)."""
        cells = []
        for column in (DERIVED[name] for name in self.columns.get(table, ())):
            label = column.label
            shown = f"{label} ({quarter.short})" if quarter is not None and column.names_quarter else label
            cells.append(f' !! title="{label}" | {shown}')
        return Wikitext("".join(cells))

    # -- cells of a series

    def baseline(self, series: Series) -> Wikitext:
        if series.baseline is None:
            return EMPTY
        shown = self._cell(series, series.baseline.value)
        if series.baseline.period is None:
            return shown
        return Wikitext(f'<span title="measured in {series.baseline.period.label}">{shown}</span>')

    def goal(self, series: Series) -> Wikitext:
        return self._cell(series, series.goals.get(self.year))

    def quarter_cells(self, series: Series) -> Wikitext:
        return Wikitext(" || ".join(self.quarter_cell(series, quarter) for quarter in self.quarters))

    def quarter_cell(self, series: Series, quarter: Quarter) -> Wikitext:
        entry = series.quarters.get(quarter)
        if entry is None:
            return EMPTY
        figures: list[Figure] = []
        for part in series.cell:
            if part == "value":
                figures.extend(entry.value or ())
            elif (change := series.change(quarter, part)) is not None:
                figures.append(change)
        if not figures:
            return self.status(entry.status)
        shown = self._cell(series, tuple(figures))
        return Wikitext(f"{shown} {self.status(entry.status)}") if entry.status else shown

    def derived_cells(self, series: Series, table: Table, quarter: Quarter | None) -> Wikitext:
        """The cells of the table's derived columns (bot.wikitext.derived), for the table's latest quarter."""
        cells = (DERIVED[name].cell(series, self.year, quarter, self._cell) for name in self.columns.get(table, ()))
        return Wikitext("".join(f" || {c}" for c in cells))

    def _cell(self, series: Series, figures: tuple[Figure, ...] | Figure | None) -> Wikitext:
        return cell(figures, self.source, signed=series.signed_changes, places=series.shown_places)

    # -- statuses

    def status(self, mark: StatusMark | None) -> Wikitext:
        if mark is None:
            return EMPTY
        marker = self.source.footnote(mark.footnote).marker if mark.footnote else ""
        return Wikitext(f"{self.status_style.markup(mark.status)}{escape(marker)}")

    def status_cells(self, deliverable: Deliverable) -> Wikitext:
        return Wikitext(" || ".join(self.status(deliverable.status.get(q)) for q in self.quarters))

    # -- the newest figures, whatever their year (an overview)

    def latest_status(self, deliverable: Deliverable) -> Wikitext:
        """The newest status of a deliverable, with its quarter: `At risk (Q2 FY2019-20)`."""
        latest = max(deliverable.status, default=None)
        if latest is None:
            return EMPTY
        return Wikitext(f"{self.status(deliverable.status[latest])} ({escape(latest.label)})")

    def latest_value(self, series: Series) -> tuple[Wikitext, Wikitext]:
        """The newest quarter's cell of a series, with its quarter, and the goal of that quarter's year."""
        latest = series.latest()
        if latest is None:
            return EMPTY, self._cell(series, series.goals.get(self.year))
        shown = Wikitext(f"{self.quarter_cell(series, latest)} ({escape(latest.label)})")
        return shown, self._cell(series, series.goals.get(latest.year))

    def latest_footnotes(self) -> list[Footnote]:
        """The footnotes of what an overview shows: the newest statuses, the newest values and their goals."""
        marks: list[Figure | StatusMark | None] = []
        for deliverable in self.source.deliverables:
            if (latest := max(deliverable.status, default=None)) is not None:
                marks.append(deliverable.status[latest])
        for metric in self.source.metrics:
            if (quarter := metric.latest()) is not None:
                marks += [*_marks(metric.quarters[quarter]), *metric.goals.get(quarter.year, ())]
        return self.source.used_footnotes(marks)

    def series_of(self, deliverable: Deliverable) -> list[Series]:
        """The series its key results show (a metric's, or their own), in order."""
        return [self.source.series_of(key_result) for key_result in deliverable.key_results]

    def grant_quarters(self) -> list[tuple[Quarter, Grants]]:
        return sorted(((q, g) for q, g in self.source.grants.items() if q.year == self.year), key=lambda item: item[0])

    # -- notes under a table

    def footnotes(self, series: Iterable[Series] = (), deliverables: Iterable[Deliverable] = ()) -> list[Footnote]:
        """The footnotes the cells of this year refer to, in the order of the file's list."""
        marks: list[Figure | StatusMark | None] = []
        for one in series:
            marks += [*one.baseline.value] if one.baseline else []
            marks += [*one.goals.get(self.year, ())]
            marks += [m for q in self.quarters if (e := one.quarters.get(q)) for m in _marks(e)]
        marks += [d.status.get(q) for d in deliverables for q in self.quarters]
        return self.source.used_footnotes(marks)

    def sources(self) -> str:
        """Where the year's figures were reported: `Source: A review (Q1 FY2019-20).`, or `Sources: …; …`."""
        found = [f"{text} ({q.label})" for q, text in sorted(self.source.sources.items()) if q.year == self.year]
        return f"{'Sources' if len(found) > 1 else 'Source'}: {'; '.join(found)}." if found else ""


def _marks(entry: QuarterEntry) -> list[Figure | StatusMark | None]:
    return [*(entry.value or ()), entry.qoq, entry.yoy, entry.status]

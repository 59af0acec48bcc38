"""The domain: one priority of the Medium-Term Plan, every quarter of every fiscal year it reports.

Every measured figure is defined once — a metric (or KPI) with its series — and every table that shows it
refers to it by id: a key result says `metric: monthly-active-editors` rather than copying its figures.
Deliverable statuses and text-only key results are kept per quarter too.

Every class is a frozen pydantic model that forbids unknown keys, so the YAML source of truth is checked
field by field; `bot.source.loading` turns pydantic's errors into `file:line: field.path: message`
problems, and the rules across records live in `bot.source.checks`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from pydantic import Field, StrictInt, model_validator

from bot.source.base import Frozen, Id, Text
from bot.source.feeds import FeedSeries
from bot.source.figures import Figure
from bot.source.kinds import FIGURE_KINDS
from bot.source.periods import FiscalYear, Quarter, QuarterKey
from bot.source.series import Series
from bot.source.status import StatusMark

TRANSCRIPTION = "how an ambiguous figure of the source was read, for the next person who checks it"


class Footnote(Frozen):
    id: Id
    marker: str = Field(min_length=1, max_length=3)
    text: Text


class PriorityInfo(Frozen):
    id: Id
    name: Text
    departments: tuple[Text, ...] = ()


class Metric(Series):
    """A measured figure of the plan (or a KPI), defined once; tables refer to it by id."""

    id: Id
    name: Text
    transcription: str = Field("", description=TRANSCRIPTION)
    from_feed: FeedSeries | None = Field(
        None, description="the data feed its quarters come from, where the metrics file does not state them"
    )

    @property
    def shown_places(self) -> int | None:
        if self.places is None and self.from_feed is not None:
            return FIGURE_KINDS[self.from_feed.kind].places
        return self.places


class KeyResult(Series):
    """A deliverable's key result: its own series, or a metric's (`metric: ID`) shown under its own text."""

    id: Id
    text: Text
    metric: Id | None = Field(None, description="id of the metric whose figures this key result shows")
    transcription: str = Field("", description=TRANSCRIPTION)

    @model_validator(mode="after")
    def _figures_in_one_place(self) -> KeyResult:
        if self.metric is not None and (self.baseline is not None or self.goals or self.quarters):
            raise ValueError(
                f"this key result shows the metric '{self.metric}', which holds its figures: remove baseline, "
                "goals and quarters here (a figure is written once)"
            )
        return self


class Deliverable(Frozen):
    id: Id
    name: Text
    short_name: str = ""
    department: str = ""
    objective: str = ""
    status: dict[QuarterKey, StatusMark] = Field(default_factory=dict, description="the status of each quarter")
    key_results: tuple[KeyResult, ...] = ()
    transcription: str = Field("", description=TRANSCRIPTION)


class Outcome(Frozen):
    id: Id
    text: Text
    deliverables: tuple[Deliverable, ...] = Field(min_length=1)


class GrantProgram(Frozen):
    program: Text
    grants: StrictInt = Field(ge=0)
    usd: StrictInt = Field(ge=0)


class GrantTotals(Frozen):
    grants: StrictInt
    usd: StrictInt


class Grants(Frozen):
    """The grants of one quarter; the totals are computed, and checked against the source's."""

    programs: tuple[GrantProgram, ...] = Field(min_length=1)
    reported_totals: GrantTotals | None = Field(
        None, description="the totals row as the source prints it; checked against the computed sum"
    )
    note: str = ""
    transcription: str = Field("", description=TRANSCRIPTION)

    @property
    def totals(self) -> GrantTotals:
        return GrantTotals(grants=sum(p.grants for p in self.programs), usd=sum(p.usd for p in self.programs))

    @model_validator(mode="after")
    def _totals_agree(self) -> Grants:
        reported, computed = self.reported_totals, self.totals
        if reported is not None and reported != computed:
            raise ValueError(
                f"reported_totals ({reported.grants} grants, ${reported.usd:,}) disagree with the sum of "
                f"the programs ({computed.grants} grants, ${computed.usd:,}); correct a program or the totals"
            )
        return self


class PriorityFile(Frozen):
    """One metrics file: a priority's outcomes, deliverables, metrics and KPIs, quarter by quarter."""

    priority: PriorityInfo
    fiscal_years: tuple[FiscalYear, ...] = Field(
        min_length=1, description="the fiscal years of the plan this file reports, in order: Y1, Y2, …"
    )
    sources: dict[QuarterKey, Text] = Field(
        default_factory=dict, description="where each quarter's figures were reported"
    )
    footnotes: tuple[Footnote, ...] = ()
    outcomes: tuple[Outcome, ...] = Field(min_length=1)
    metrics: tuple[Metric, ...] = Field((), description="the MTP metrics: the measured figures of the plan")
    kpis: tuple[Metric, ...] = Field((), description="department KPIs, measured every quarter")
    kpis_title: Text = Field("KPIs", description="what the KPIs' table is called, e.g. Trust & Safety KPIs")
    grants: dict[QuarterKey, Grants] = Field(default_factory=dict, description="the grants given each quarter")

    @model_validator(mode="after")
    def _years_in_order(self) -> PriorityFile:
        if list(self.fiscal_years) != sorted(set(self.fiscal_years)):
            raise ValueError(
                f"fiscal_years must list each year once, oldest first (they are numbered Y1, Y2, … in this "
                f"order): write [{', '.join(sorted(set(self.fiscal_years)))}]"
            )
        return self

    @property
    def deliverables(self) -> Iterator[Deliverable]:
        for outcome in self.outcomes:
            yield from outcome.deliverables

    def footnote(self, footnote_id: str) -> Footnote:
        return next(f for f in self.footnotes if f.id == footnote_id)

    def metric(self, metric_id: str) -> Metric | None:
        return next((m for m in (*self.metrics, *self.kpis) if m.id == metric_id), None)

    def series_of(self, key_result: KeyResult) -> Series:
        """The figures a key result shows: its metric's, or its own."""
        metric = self.metric(key_result.metric) if key_result.metric is not None else None
        return metric if metric is not None else key_result

    def year_label(self, year: str) -> str:
        """`Y1` for the plan's first fiscal year, `Y2` for the next…"""
        return f"Y{self.fiscal_years.index(year) + 1}" if year in self.fiscal_years else f"FY{year}"

    def quarters_with_data(self) -> set[Quarter]:
        series: list[Series] = [*self.metrics, *self.kpis]
        series += [kr for d in self.deliverables for kr in d.key_results]
        found = {q for s in series for q in s.quarters}
        found |= {q for d in self.deliverables for q in d.status} | set(self.grants) | set(self.sources)
        return found

    def latest_year(self) -> str:
        """The latest fiscal year with data (the first of the plan when there is none yet)."""
        return max((q.year for q in self.quarters_with_data()), default=self.fiscal_years[0])

    def used_footnotes(self, figures: Iterable[Figure | StatusMark | None]) -> list[Footnote]:
        """The footnotes referenced from the given figures and statuses, in the order of this file's list."""
        used = {f.footnote for f in figures if f is not None and f.footnote}
        return [f for f in self.footnotes if f.id in used]

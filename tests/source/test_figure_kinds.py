"""The figure kinds are one registry (bot.source.kinds): every kind a figure accepts has an entry, and every
entry is whole — its example, as the deck writes it, is suggested back as that kind, reads back as written on
the page, and a chart names its axis. A kind added to `Figure` but not to the registry (or the other way) fails
here."""

from __future__ import annotations

from typing import get_args

import pytest
import yaml

from bot.charts.chart import y_title
from bot.source.figures import Figure, compute_change
from bot.source.kinds import FIGURE_KINDS, KINDS, FigureKind, Kind
from bot.source.typing_hint import typed_form
from bot.wikitext.formatting import format_figure


def test_every_kind_a_figure_accepts_has_one_entry() -> None:
    assert list(get_args(Kind)) == ["text", *KINDS]
    assert all(key == kind.key for key, kind in FIGURE_KINDS.items())
    fields = set(Figure.model_fields)
    assert set(KINDS) <= fields, "each kind is a field of Figure: {count: 86000}"


@pytest.mark.parametrize("kind", FIGURE_KINDS.values(), ids=lambda k: k.key)
def test_each_example_is_suggested_as_its_kind_and_reads_back_as_written(kind: FigureKind) -> None:
    suggested = typed_form(kind.example)
    assert suggested is not None and suggested.startswith("{" + kind.key + ":")
    figure = Figure.model_validate(yaml.safe_load(suggested))
    assert figure.kind == kind.key
    assert format_figure(figure, signed=kind.is_change and kind.example.startswith("+")) == kind.example


@pytest.mark.parametrize("kind", FIGURE_KINDS.values(), ids=lambda k: k.key)
def test_each_kind_names_a_chart_axis(kind: FigureKind) -> None:
    assert y_title(kind.key, "") == kind.axis_title != ""


@pytest.mark.parametrize("kind", [k for k in FIGURE_KINDS.values() if k.is_change], ids=lambda k: k.key)
def test_each_change_kind_is_what_the_series_computes_between_the_kinds_it_measures(kind: FigureKind) -> None:
    """A `change` goal is met by a relative change, a `points` goal by points between percents: the
    kinds `change_of` lists are the kinds whose changes the series computes as this kind."""
    for measured in kind.change_of:
        old, new = Figure.model_validate({measured: 50}), Figure.model_validate({measured: 55})
        relative = kind.key == "change"
        assert compute_change(old, new, relative=relative).kind == kind.key


def test_only_a_kind_that_compacts_accepts_compact() -> None:
    for kind in FIGURE_KINDS.values():
        written = {kind.key: 86000, "compact": True}
        if kind.compacts:
            assert format_figure(Figure.model_validate(written)).startswith("86K")
        else:
            with pytest.raises(ValueError, match="compact belongs to counts"):
                Figure.model_validate(written)


def test_a_negative_amount_shows_its_sign_before_the_currency() -> None:
    assert format_figure(Figure(usd=-249000)) == "-$249,000"
    assert format_figure(Figure(count=-1500, compact=True)) == "-1.5K"

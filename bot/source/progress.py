"""Progress toward a year's goal, in %: how much of the way from the baseline to the goal a quarter has come.

- A goal that is a change (`5% YoY`, `+2 pp`) is reached by the quarter's change of that kind: 5.1% YoY of a
  5% YoY goal is 102%.
- A goal that is a figure (`15 communities`, `100% complete`) is reached by the quarter's figure of the same
  kind and unit, counted from the baseline when the baseline is a number of the same kind: from 86K to a goal
  of 90K, 88K is 50%; without such a baseline, from zero: 1 of 15 communities is 7%.
- Figures of other kinds or units ("5 Vacant" toward "5 new hires") give no progress.
"""

from __future__ import annotations

from decimal import Decimal

from bot.source.figures import Figure
from bot.source.kinds import FIGURE_KINDS


def toward(goal: Figure, value: Figure | None, change: Figure | None, baseline: Figure | None) -> Decimal | None:
    reached = change if goal.kind != "text" and FIGURE_KINDS[goal.kind].is_change else value
    if reached is None or not _comparable(reached, goal) or goal.number is None or reached.number is None:
        return None
    start = baseline.number if baseline is not None and _comparable(baseline, goal) and value is reached else None
    origin = start if start is not None else Decimal(0)
    if goal.number == origin:
        return None
    return ((reached.number - origin) / (goal.number - origin) * 100).quantize(Decimal("1"))


def _comparable(figure: Figure, goal: Figure) -> bool:
    """Of the goal's kind, and of its unit where both name one."""
    return figure.kind == goal.kind and not (figure.unit and goal.unit and figure.unit != goal.unit)

"""Exact decimals as JSON numbers: integers stay integers (83000, not 83000.0), fractions the shortest
float that reads back as the same decimal (6.93, never 6.9300000000000006)."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal


def json_number(value: Decimal, places: int | None = None) -> int | float:
    """`value` (rounded half up to `places` decimals, if given) as an int when whole, else a float."""
    if not value.is_finite():
        raise ValueError(f"{value} is not a number JSON can hold")
    if places is not None:
        value = value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    if value == value.to_integral_value():
        return int(value)
    return float(str(value))

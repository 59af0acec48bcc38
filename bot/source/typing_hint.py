"""The typed form of a figure someone wrote as text, for the message that refuses the text.

"5% YoY" is `{change: 5, unit: YoY}`, "6.6%/mo" is `{percent: 6.6, unit: /mo}`, "85K/mo" is
`{count: 85000, unit: /mo, compact: true}`, "$249,000" is `{usd: 249000}`, "30+" is `{count: 30, at_least: true}`,
"-1.9 pp" is `{points: -1.9}`: the same kinds the YAML's figures have, so the suggestion can be pasted as is.
"""

from __future__ import annotations

import re
from decimal import Decimal

_WRITTEN = re.compile(
    r"^\s*(?P<sign>[-+])?\s*(?P<usd>\$)?\s*(?P<number>\d[\d,]*(?:\.\d+)?)\s*(?P<k>K\b)?\s*(?P<percent>%)?"
    r"\s*(?P<plus>\+)?\s*(?P<rest>.*?)\s*$"
)
_CHANGE_UNITS = ("YoY", "QoQ")


def typed_form(text: str) -> str | None:
    """The YAML to write instead of TEXT, or None when TEXT does not read as one number."""
    found = _WRITTEN.match(text)
    if found is None or re.search(r"\d", found["rest"]):
        return None  # no number, or more than one: no single figure to suggest
    number = Decimal(found["number"].replace(",", "")) * (1000 if found["k"] else 1)
    value = f"{'-' if found['sign'] == '-' else ''}{number.normalize():f}"
    rest = found["rest"]
    if found["usd"]:
        kind = "usd"
    elif rest.startswith("pp"):
        kind, rest = "points", rest[2:].strip()
    elif found["percent"]:
        kind = "change" if found["sign"] or rest in _CHANGE_UNITS else "percent"
    else:
        kind = "count"
    parts = [f"{kind}: {value}"]
    parts += [f"unit: {rest}"] if rest else []
    parts += ["compact: true"] if found["k"] else []
    parts += ["at_least: true"] if found["plus"] else []
    return "{" + ", ".join(parts) + "}"

"""The data pages' titles: `Data:<prefix>/<priority id>/<series id>.tab` and `.chart`, in the Data:
namespace of the data wiki (Commons in production). Built from ids, so renaming a metric does not move its
pages; a chart names its table without the namespace (`source: "<prefix>/…/<id>.tab"`), as Chart does.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

DATA_NAMESPACE = "Data"
DEFAULT_PREFIX = "Wikimedia Foundation Medium-term plan 2019"
MAX_TITLE_BYTES = 255  # MediaWiki's limit for a title without its namespace

_ILLEGAL = re.compile(r"[#<>\[\]|{}\x00-\x1f\x7f\ufffd]")


@dataclass(frozen=True)
class DataPageNames:
    """The names of one series' data pages, without the namespace (as Chart's `source` and
    `{{#chart:…}}` take them) and with it (as the API takes them)."""

    stem: str

    @property
    def tab(self) -> str:
        return f"{self.stem}.tab"

    @property
    def chart(self) -> str:
        return f"{self.stem}.chart"

    @property
    def tab_title(self) -> str:
        return f"{DATA_NAMESPACE}:{self.tab}"

    @property
    def chart_title(self) -> str:
        return f"{DATA_NAMESPACE}:{self.chart}"


def names_for(priority_id: str, series_id: str, prefix: str = DEFAULT_PREFIX) -> DataPageNames:
    return DataPageNames(f"{prefix}/{priority_id}/{series_id}" if prefix else f"{priority_id}/{series_id}")


def name_problems(name: str) -> list[str]:
    """Why MediaWiki would not take `name` (a title without its namespace) as written, if it would not."""
    problems = []
    if len(name.encode("utf-8")) > MAX_TITLE_BYTES:
        problems.append(f"the title is {len(name.encode('utf-8'))} bytes long; MediaWiki allows {MAX_TITLE_BYTES}")
    illegal = sorted(set(_ILLEGAL.findall(name)))
    if illegal:
        problems.append(f"the title holds characters MediaWiki refuses in titles: {' '.join(map(repr, illegal))}")
    if name != name.strip(" _") or re.search(r"[ _]{2}", name) or "_" in name:
        problems.append("the title has spaces or underscores MediaWiki would change (at an end, doubled, or _)")
    if "//" in name or name.startswith("/"):
        problems.append("the title has an empty part between slashes (a `/` at an end of the prefix, or doubled)")
    if any(part in (".", "..") for part in name.split("/")) or "~~~" in name:
        problems.append("the title has a `.` or `..` path part or `~~~`, which MediaWiki refuses")
    if name[:1] != name[:1].upper():
        problems.append("the title starts with a lower-case letter, which the wiki would capitalise")
    if not re.search(r".\.(tab|chart)$", name):
        problems.append("the title must end in .tab or .chart after at least one character")
    return problems

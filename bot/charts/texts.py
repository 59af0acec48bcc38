"""The words of the data pages: English (`en`) strings that a translator can add languages beside, each on
one line and within JsonConfig's 400 characters, so that a long or multi-line name from the YAML never
makes the wiki refuse a page."""

from __future__ import annotations

import re

from bot.charts.jsonconfig_rules import MAX_LINE

LANGUAGE = "en"
_COMMIT = re.compile(r"^[0-9a-f]{4,40}\+?$")


def one_line(text: str, limit: int = MAX_LINE) -> str:
    """`text` with its whitespace runs made single spaces, cut to `limit` characters with "…" if longer."""
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 1].rstrip() + "…"


def localized(text: str) -> dict[str, str]:
    return {LANGUAGE: one_line(text)}


def sources_text(label: str) -> str:
    """Who published the page and from which revision of the data: `label` is the data commit ("abc1234",
    "abc1234+" for uncommitted changes, "" when unknown), then each feed with its version, comma-separated
    ("abc1234, movement-metrics 2020-04-16"), as the summaries name them."""
    commit, *feeds = label.split(", ")
    commit = "" if commit == "unknown" else commit
    if commit and not _COMMIT.match(commit):
        raise ValueError(f"{commit!r} is not a data commit label (abc1234 or abc1234+)")
    revision = f"data commit {commit}" if commit else "data commit unknown"
    revision += "".join(f"; feed {one_line(feed, 80)}" for feed in feeds)
    return f"Published by mtpbot from the Medium-Term Plan metrics of the Wikimedia Foundation ({revision})."

"""How a status is shown: a call of the bot's status template ({{MTP status|at risk}}), or an inline span.

The template's own code (templates/mtp-status.wiki.j2) is built from `status_span`, so a page calling the
published template and a page with inline spans show the same HTML (tests/publish checks it on a wiki).
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.source.status import STATUSES, Status
from bot.wikitext.escape import Wikitext, escape


@dataclass(frozen=True)
class StatusStyle:
    """How a status is shown: through the bot's status template, or with inline styles."""

    template: str  # the status template's name, without "Template:"
    inline: bool = False

    def markup(self, status: str) -> Wikitext:
        if self.inline:
            return status_span(status)
        return Wikitext(f"{{{{{escape(self.template)}|{escape(status)}}}}}")


# Colours of the Wikimedia design style guide (on track green, at risk yellow, at standstill red), in the
# order of the statuses' one definition (bot.source.model.Status).
_COLOURS: dict[Status, tuple[str, str]] = {
    "on track": ("#d5fdf4", "#14866d"),
    "at risk": ("#fef6e7", "#ac6600"),
    "at standstill": ("#fee7e6", "#d33"),
    "unknown": ("#f8f9fa", "#54595d"),
}
STATUS_COLOURS: dict[str, tuple[str, str]] = {status: _COLOURS[status] for status in STATUSES}


def status_span(status: str) -> Wikitext:
    background, border = STATUS_COLOURS[status]
    style = f"background:{background};border-left:4px solid {border};padding:0 0.4em;white-space:nowrap"
    return Wikitext(f'<span class="mtp-status" style="{style}">{escape(status.capitalize())}</span>')

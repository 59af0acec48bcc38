"""Render the model into wikitext with Jinja2 templates (templates/*.wiki.j2).

Every value that reaches a template is untrusted text. The environment's `finalize` escapes whatever a
template prints unless it is `Wikitext` (markup the bot itself built), so a value can never open or close
a table, cell, template, link, tag, comment or heading, nor add a signature, a magic word or `subst:`.
Escaping uses character references, which keep ordinary text readable in the page source and in diffs.

Output is deterministic: source order, no clock, no randomness, "\n" line ends, one table row per line.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import jinja2

from bot.errors import RenderError
from bot.model import Figure, Report


class Wikitext(str):
    """Markup built by the bot from escaped parts: printed by templates as is."""

    __slots__ = ()


# Characters that can start wiki markup anywhere in a line, as numeric character references.
_ALWAYS = {c: f"&#{ord(c)};" for c in "<>[]{}|="}
# Characters harmful only when doubled: '' (bold/italic), __ (magic words), !! (header cells),
# ~~~ (signatures). Escaping all but the last of a run keeps lone ones readable.
_RUNS = re.compile(r"'(?=')|_(?=_)|!(?=!)|~(?=~)")
_ENTITY = re.compile(r"&(?=[#A-Za-z0-9])")  # anything that could read as a character reference
# Free links (https://…, mailto:…) and the old magic links (ISBN 123…, RFC 123, PMID 123).
_SCHEMES = (
    "bitcoin|ftp|ftps|geo|git|gopher|http|https|irc|ircs|magnet|mailto|mms|news|nntp|redis|sftp|sip|sips"
    "|sms|ssh|svn|tel|telnet|urn|worldwind|xmpp"
)
_FREE_LINK = re.compile(rf"(?i)\b({_SCHEMES}):")
_MAGIC_LINK = re.compile(r"\b(ISBN|RFC|PMID)(\s)")
_LINE_START = frozenset("*#:;!")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_LINE_BREAKS = re.compile(r"\r\n|[\r\n\u2028\u2029\x85]")


def escape(value: object) -> Wikitext:
    """Make any value inert wikitext that displays as the same characters, on a single line."""
    if isinstance(value, Wikitext):
        return value
    text = _LINE_BREAKS.sub(" ", str(value))
    text = _CONTROL.sub("\ufffd", text)
    text = _ENTITY.sub("&amp;", text)
    text = "".join(_ALWAYS.get(c, c) for c in text)
    text = _RUNS.sub(lambda m: f"&#{ord(m.group())};", text)
    text = _FREE_LINK.sub(r"\1&#58;", text)
    text = _MAGIC_LINK.sub(r"\1&#32;", text)
    # A leading or trailing space is trimmed by MediaWiki anyway; stripping keeps the bytes stable.
    text = text.strip()
    # Safe even where a template puts the value at the start of a line (list, indent, rule, header cell).
    if text[:1] in _LINE_START or text.startswith("--"):
        text = f"&#{ord(text[0])};{text[1:]}"
    return Wikitext(text)


def _finalize(value: object) -> object:
    return value if isinstance(value, Wikitext) else escape(value)


# --- figures ---------------------------------------------------------------------------------------------


def format_number(number: Decimal) -> str:
    """1234 -> 1,234; 8.0 stays 8.0 (a reported precision); never scientific notation."""
    return format(number, ",f")


def format_figure(figure: Figure, report: Report | None = None) -> str:
    """The figure as a reader sees it (plain text; escaped by the caller)."""
    number = figure.number
    if number is None:
        text = str(figure.text)
    else:
        kind = figure.kind
        if kind == "count" and figure.compact and abs(number) >= 1000:
            text = f"{format_number(number / 1000)}K"
        elif kind == "percent":
            text = f"{format_number(number)}%"
        elif kind == "usd":
            text = f"${format_number(number)}"
        elif kind in ("change", "points"):
            sign = "±" if number == 0 else ("+" if number > 0 else "-")
            text = f"{sign}{format_number(abs(number))}{'%' if kind == 'change' else ' pp'}"
        else:
            text = format_number(number)
        if figure.at_least:
            text += "+"
        if figure.unit:
            text += figure.unit if figure.unit.startswith("/") else f" {figure.unit}"
    if figure.note:
        text += f" ({figure.note})"
    if figure.footnote and report is not None:
        text += report.footnote(figure.footnote).marker
    return text


@dataclass(frozen=True)
class StatusStyle:
    """How a status is shown: through the bot's status template, or with inline styles."""

    template: str = "MTP status"
    inline: bool = False


# Colours of the Wikimedia design style guide (on track green, at risk yellow, at standstill red).
STATUS_COLOURS = {
    "on track": ("#d5fdf4", "#14866d"),
    "at risk": ("#fef6e7", "#ac6600"),
    "at standstill": ("#fee7e6", "#d33"),
    "not reported": ("#f8f9fa", "#54595d"),
}


def status_span(status: str) -> Wikitext:
    background, border = STATUS_COLOURS[status]
    style = f"background:{background};border-left:4px solid {border};padding:0 0.4em;white-space:nowrap"
    return Wikitext(f'<span class="mtp-status" style="{style}">{escape(status.capitalize())}</span>')


class Renderer:
    """A Jinja2 environment over one templates folder. Build it once; render many pages."""

    def __init__(self, templates_dir: Path, status: StatusStyle = StatusStyle()) -> None:
        self.status = status
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(str(templates_dir)),
            undefined=jinja2.StrictUndefined,
            finalize=_finalize,
            autoescape=False,  # wikitext, not HTML: `finalize` does the escaping
            keep_trailing_newline=True,
            trim_blocks=True,
            lstrip_blocks=True,
            auto_reload=False,
        )
        self.env.filters.update(
            cell=self._cell,
            status=self._status,
            progress=_progress,
            count=lambda n: escape(format_number(Decimal(n))),
            usd=lambda n: escape(f"${format_number(Decimal(n))}"),
            text=escape,
            attribute=lambda v: Wikitext(escape(v).replace('"', "&quot;")),
        )
        self.env.globals.update(wikitext=Wikitext, status_colours=STATUS_COLOURS, status_span=status_span)

    def render(self, template: str, **context: Any) -> str:
        try:
            text = self.env.get_template(template).render(status_style=self.status, **context)
        except jinja2.TemplateNotFound as exc:
            raise RenderError(
                f"template {exc.name} not found in {self.env.loader.searchpath}",  # type: ignore[union-attr]
                hint="check `template:` of the page in config/mtpbot.yaml",
            ) from None
        except (jinja2.TemplateError, LookupError, ValueError) as exc:
            raise RenderError(f"template {template} failed: {exc}", hint="fix the template in templates/") from exc
        # MediaWiki stores text in Unicode NFC: render it so, or a decomposed "é" in YAML would differ from
        # the saved page on every run and make an edit every week.
        return unicodedata.normalize("NFC", text)

    def _cell(self, cell: tuple[Figure, ...] | Figure | None, report: Report | None = None) -> Wikitext:
        if isinstance(cell, Figure):
            cell = (cell,)
        if not cell:
            return Wikitext('<span title="not reported">—</span>')
        return Wikitext("<br />".join(escape(format_figure(f, report)) for f in cell))

    def _status(self, status: str) -> Wikitext:
        if self.status.inline:
            return status_span(status)
        return Wikitext(f"{{{{{escape(self.status.template)}|{escape(status)}}}}}")


def _progress(share: Decimal | None) -> Wikitext:
    """A bar and the percentage, for a share complete; a dash when the data gives none."""
    if share is None:
        return Wikitext("—")
    width = max(Decimal(0), min(Decimal(100), share))
    label = f"{format_number(share)}%"
    bar = (
        '<span style="display:inline-block;width:5em;height:0.7em;background:#eaecf0;vertical-align:middle">'
        f'<span style="display:block;height:100%;width:{format_number(width)}%;background:#36c"></span></span>'
    )
    return Wikitext(f"{bar} {escape(label)}")

"""Render the model into wikitext with Jinja2 templates (templates/*.wiki.j2).

The environment's `finalize` escapes whatever a template prints unless it is `Wikitext` (markup the bot
itself built), so no value from YAML reaches the page as markup (bot.wikitext.escape).

Output is deterministic: source order, no clock, no randomness, "\n" line ends, one table row per line.
"""

from __future__ import annotations

import unicodedata
from decimal import Decimal
from pathlib import Path
from types import MappingProxyType
from typing import Any

import jinja2

from bot.errors import RenderError
from bot.source.settings import Config
from bot.wikitext import formatting
from bot.wikitext.embeds import chart_embed
from bot.wikitext.escape import Wikitext, escape
from bot.wikitext.rows import row_mark
from bot.wikitext.status import STATUS_COLOURS, StatusStyle, status_span


def _finalize(value: object) -> object:
    return value if isinstance(value, Wikitext) else escape(value)


def _attribute(value: object) -> Wikitext:
    """A value inside a double-quoted HTML attribute."""
    return Wikitext(escape(value).replace('"', "&quot;"))


class Renderer:
    """A Jinja2 environment over one templates folder. Build it once; render many pages."""

    def __init__(self, templates_dir: Path, status: StatusStyle) -> None:
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
            cell=formatting.cell,
            status=status.markup,
            progress=formatting.progress_bar,
            count=lambda n: escape(formatting.format_number(Decimal(n))),
            usd=lambda n: escape(f"${formatting.format_number(Decimal(n))}"),
            text=escape,
            attribute=_attribute,
        )
        self.env.globals.update(
            wikitext=Wikitext,
            status_colours=STATUS_COLOURS,
            status_span=status_span,
            row_mark=lambda kind, record_id: Wikitext(row_mark(kind, _attribute(record_id))),
            chart=chart_embed,
            charts=MappingProxyType({}),  # no chart drawn unless the page's context names some (bot.sync.pages)
        )

    @classmethod
    def for_config(cls, config: Config, *, inline_status: bool = False) -> Renderer:
        """The renderer of a configuration: its templates folder and status style (statuses inline when
        the settings say so, or when `inline_status` asks, as a preview does)."""
        status = config.settings.status
        return cls(config.templates_dir, StatusStyle(status.template, inline=inline_status or status.style == "inline"))

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

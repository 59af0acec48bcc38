"""Saving one data page: created with its content model, and after an edit conflict read again and planned
again once — someone saved it between the bot's read and its save; the page is the bot's wholly, so the new
plan refuses it (`manual-edit`) unless --force, and never overwrites that edit unseen. An edit in between that
changed other values is merged by MediaWiki instead, and found by the next run (bot.charts.seal).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from bot.errors import MtpbotError, NotAllowedError, PageError
from bot.sync.edits import Edit
from bot.sync.protocols import ContentModels, DataWiki, State
from bot.wikipages import PageState


def save_data_page(
    wiki: DataWiki[State], state: State, edit: Edit, model: str, plan: Callable[[PageState], Edit]
) -> Edit:
    """Save `edit`; on an edit conflict, `plan` the page again from a fresh read and save once more."""
    saved = _save(wiki, state, edit, model)
    if saved.reason != "edit-conflict":
        return saved
    try:
        fresh = wiki.fetch([edit.title])[edit.title]
        retry = plan(fresh)
    except NotAllowedError:
        raise
    except MtpbotError as exc:
        return edit.failed("edit-conflict", f"edit conflict, and the page could not be read again: {exc}")
    if not retry.pending:  # refused (someone else's revision now) or already as the bot would make it
        return replace(retry, message=f"after an edit conflict: {retry.message}" if retry.message else "")
    again = _save(wiki, fresh, retry, model)
    return again if again.ok else replace(again, message=f"failed again after an edit conflict: {again.message}")


def _save(wiki: DataWiki[State], state: State, edit: Edit, model: str) -> Edit:
    try:  # with its content model: a wiki without JsonConfig then refuses it instead of storing wikitext
        outcome = wiki.save_as(state, edit.new, edit.summary, model)
    except NotAllowedError:  # the account was blocked: the run stops
        raise
    except MtpbotError as exc:
        return edit.failed(exc.reason if isinstance(exc, PageError) else "wiki-error", str(exc))
    return edit.saved(outcome)


class CreationCheck:
    """Whether the data wiki can store a new page's content model, asked once, and only when a page is to be
    created (a weekly run creates none): a wiki without JsonConfig fails each new data page with one clear
    message, in a dry run too, instead of an API error per page at the save."""

    def __init__(self, wiki: ContentModels) -> None:
        self.wiki = wiki
        self.models: frozenset[str] | None = None

    def checked(self, edit: Edit, model: str) -> Edit:
        if edit.action != "would-create":
            return edit
        if self.models is None:
            try:
                self.models = self.wiki.content_models()
            except MtpbotError:  # not known: the save itself will say
                self.models = frozenset({model})
        if model in self.models or not self.models:
            return edit
        return edit.failed(
            "no-content-model",
            f"the data wiki does not store {model} pages (it lacks JsonConfig, or this model): nothing was "
            "created. Point `data_site:` (or --data-site-url) at a wiki with JsonConfig, as Commons has",
        )

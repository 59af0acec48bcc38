"""A page never gains a chart whose data pages are not on the data wiki: Extension:Chart would draw an error
box where the chart should be. The data pages are synced first (bot.sync.data_pages); a page whose new
text embeds a chart the page does not embed yet is held back when that chart's `.tab` or `.chart` page was
neither there nor saved. A chart the page already embeds does not hold it: the new text is no worse.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable

from bot.sync.edits import Edit
from bot.sync.pages import RenderedPage, data_titles_of
from bot.wikipages import PageState
from bot.wikitext.embeds import embedded_charts


def on_the_data_wiki(edits: Iterable[Edit]) -> frozenset[str]:
    """The data pages that are (or, in a dry run, would be) on the data wiki after their sync: saved, or
    there already (an edit planned against a revision, refused or failed or not)."""
    return frozenset(edit.title for edit in edits if edit.on_wiki_after)


def held_for_charts(edit: Edit, page: RenderedPage, state: PageState, ready: Collection[str]) -> Edit:
    """`edit` refused (`chart-data-missing`) when it would add a chart whose data pages are not `ready`."""
    if not edit.pending or not page.charts:
        return edit
    already = set(embedded_charts(state.text)) if state.exists else set()
    missing = [title for chart in page.charts if chart not in already for title in data_titles_of(chart)]
    missing = [title for title in missing if title not in ready]
    if not missing:
        return edit
    message = (
        f"the page would show charts whose data pages are not on the data wiki ({', '.join(missing)}: see their "
        "own lines of this run); nothing was changed, so that the page does not show a broken chart. Fix those "
        "pages, then run again"
    )
    return Edit(page.title, "refused", old=edit.old, new=edit.new, reason="chart-data-missing", message=message)

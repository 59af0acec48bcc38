"""A run, offline: what each page and data page should become, and a sync that reads, plans and saves them.

    pages.py         the pages the settings name, rendered from the model
    plan.py          one page's edit: splice the blocks into its regions, refuse what would lose a hand edit
    drift.py         a hand edit in a region, explained cell by cell (the source line, the editor)
    gone.py          a page deleted, moved or redirected stays gone
    policy.py        what lets the bot publish: the bot right, the run page, {{bots}}
    edits.py         an Edit and its outcome, as reports and summaries name them
    isolation.py     one page's fault is that page's: the others publish
    run.py           the sync run: one batched read, a save per changed page, conflict retries, the status page
    status_page.py   the bot's status page: a row per page and data page, its last outcome
    chart_embeds.py  a page that would gain a chart its data wiki lacks is held back
    data_pages.py    the charts' .tab and .chart pages synced on the data wiki, before the pages
    data_changes.py  data_drift.py  data_saving.py  their comparison, drift and saves

The wiki is handed in through the Protocols of bot.sync.protocols; nothing here imports pywikibot.
"""

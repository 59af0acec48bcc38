"""Decisions, offline: what each page should become (plan), and a run that reads, plans and saves (sync).

The wiki is handed in through the Protocols of bot.publish.protocols; nothing here imports pywikibot.
"""

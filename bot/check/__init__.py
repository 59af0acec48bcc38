"""`mtpbot check`, offline: whether a sync could publish now, on the wiki and the data wiki, saving nothing.

    preflight.py       the checks in the order a sync needs them, and the exit status they add up to
    readiness.py       one check each: the account, the run page, each page
    data_readiness.py  the data wiki: its login, bot right, content models, each data page

The wiki comes in through the Protocols of bot.sync.protocols.
"""

"""The data feeds read for a run (bot.source.feeds has the tables; this package gets their text).

`read_feeds` reads each configured feed once: from its file, or from its URL as a well-behaved client (the
bot's User-Agent, a timeout, a size limit, retries on transient errors, and a conditional request against the
copy kept in the state directory, so that a weekly run that finds nothing new costs one small request per
feed). Offline commands (`validate`, `render`) read only the kept copy or a file, never the network, unless a
URL is given to them explicitly with `--feed`.
"""

from bot.feeds.reading import FeedOptions, read_feeds

__all__ = ["FeedOptions", "read_feeds"]

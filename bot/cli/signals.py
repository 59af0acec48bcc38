"""SIGTERM (a stopped job, a killed service) ends a run like an exit, so that clean-up code runs."""

from __future__ import annotations

import signal
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def exit_on_sigterm() -> Iterator[None]:
    """SIGTERM ends the run like sys.exit(143), so `finally` blocks and atexit handlers run: the lock is
    released and the private pywikibot folder (password file, login cookies) removed. A save already
    sent still completes on the wiki, whole: MediaWiki saves a revision atomically."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)

"""Stopping a run: SIGTERM (a stopped job, a killed service) and Ctrl-C end it like an exception, so that
clean-up code runs and the command can say what was saved before it exits 143 or 130."""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager


class Terminated(BaseException):
    """SIGTERM arrived. A BaseException, as KeyboardInterrupt is: no `except Exception` swallows it."""


STOPS = (KeyboardInterrupt, Terminated)


def _terminate(signum: int, frame: object) -> None:
    raise Terminated


@contextmanager
def raise_on_sigterm() -> Iterator[None]:
    """SIGTERM raises Terminated, so `finally` blocks and atexit handlers run: the lock is released and the
    private pywikibot folder removed. A save already sent still completes on the wiki, whole: MediaWiki
    saves a revision atomically."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGTERM, _terminate)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)

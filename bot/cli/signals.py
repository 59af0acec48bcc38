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
def raise_on_stop_signals() -> Iterator[None]:
    """SIGTERM raises Terminated and SIGINT KeyboardInterrupt, so `finally` blocks and atexit handlers run:
    the lock is released and the private pywikibot folder removed. A save already sent still completes on
    the wiki, whole: MediaWiki saves a revision atomically.

    SIGINT's handler is set here too because a process can inherit SIGINT ignored (a background job of a
    non-interactive shell, as some schedulers start jobs): Python then leaves it ignored, and Ctrl-C or a
    scheduler's SIGINT would not stop the run."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {
        signal.SIGTERM: signal.signal(signal.SIGTERM, _terminate),
        signal.SIGINT: signal.signal(signal.SIGINT, signal.default_int_handler),
    }
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)

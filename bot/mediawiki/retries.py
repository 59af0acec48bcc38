"""Failed requests: retried aloud and within a time budget, or not at all when waiting cannot help.

pywikibot retries a request that fails on the way (an HTTP 5xx answer, a timeout, a dropped connection, an
answer that is not JSON, database lag) after a pause that doubles each time (``retry_wait``, at most
``max_retries`` times) and says so only in its own log. It also retries, just as patiently, a connection
that is refused (nothing listens on that port): 155 s of silence with the shipped settings. pywikibot offers
no hook for either, so `install()` wraps three of its functions, once per process:

- ``pywikibot.comms.http.request`` (every API request goes through it): notes what went wrong, for the
  retry lines, and turns a refused connection, an unknown host or an unreachable network into
  `WikiUnreachable` (a ``ConnectionError``, which pywikibot passes on at once: "not going to be fixed by
  just waiting");
- ``Request.wait`` (the pause before a retry) and ``Throttle.lag`` (the pause for database lag): log
  "retrying 2/5 in 10 s: HTTP 503 from URL" at INFO level (``mtpbot -v`` shows it as it happens) and keep
  to the connection's `Retrying.budget`: time lost to failed requests and pauses, in all, per run. A pause
  that would overrun it is not made: `RetriesFailed` says the budget is spent (and every later failure
  of the run ends the same way: the run stops waiting). `RetriesFailed` also replaces pywikibot's
  "Maximum retries attempted without success." with what failed and how often.

The wrappers act only while a `Retrying` is active (`activate()`, by each operation of a Session); the pauses
themselves are pywikibot's.
"""

from __future__ import annotations

import errno
import logging
import re
import socket
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

log = logging.getLogger(__name__)

UNREACHABLE_HINT = (
    "Check the address (--site-url, or site: in the settings), that the wiki is running and that this "
    "machine can reach it (network, DNS, proxy)."
)
BUDGET_HINT = "The wiki is failing or overloaded: run again later (retry_budget in the settings sets the patience)."
_NETWORK_ERRNOS = {errno.ECONNREFUSED, errno.ENETUNREACH, errno.EHOSTUNREACH}


class WikiUnreachable(ConnectionError):
    """The wiki's host is unknown or refuses the connection: waiting would not help, so nothing is retried."""


class RetriesFailed(Exception):
    """A request failed and is not retried any more: its retries, or the run's retry budget, are spent. The
    message says what failed last and why it is not retried; the one who catches it names the wiki."""


@dataclass
class Retrying:
    """The retries of one connection: its api.php (for messages), the time budget, and what failed last."""

    url: str
    budget: float | None  # seconds; None: only max_retries limits the retries
    spent: float = 0.0  # seconds lost to failed requests and to pauses before retries
    last: str = "a failed request"  # what went wrong with the latest request, in words
    lagged: int = 0  # database lag answers in a row
    gave_up: bool = False  # the budget ran out: the run waits no more

    def before_pause(self, pause: float, attempt: int, limit: int) -> None:
        """Log the retry about to be waited for, or raise `RetriesFailed` when it must not happen."""
        if attempt > limit:
            after = f"still after {limit} retries in {_seconds(self.spent)} s" if limit else "not retried"
            raise RetriesFailed(f"{self.last} ({after}; max_retries: {limit})")
        if self.gave_up:
            raise RetriesFailed(f"{self.last}; not retried: {self._budget()} is spent")
        if self.budget is not None and self.spent + pause > self.budget:
            self.gave_up = True
            raise RetriesFailed(
                f"{self.last}; gave up waiting: {self._budget()} is spent ({_seconds(self.spent)} s "
                f"lost to failed requests and waits, the next retry would wait {_seconds(pause)} s more)"
            )
        left = "" if self.budget is None else f"; {_seconds(self.budget - self.spent - pause)} s of retry budget left"
        log.info("retrying %d/%d in %s s: %s from %s%s", attempt, limit, _seconds(pause), self.last, self.url, left)

    def _budget(self) -> str:
        return f"the run's retry budget of {_seconds(self.budget or 0)} s (retry_budget)"


_active: Retrying | None = None
_installed = False


def activate(retrying: Retrying) -> None:
    """Count the retries of the requests that follow against `retrying` (the current Session's)."""
    global _active
    _active = retrying


def install() -> None:
    """Wrap pywikibot's request, retry pause and lag pause (once per process; pywikibot must be importable)."""
    global _installed
    if _installed:
        return
    from pywikibot.comms import http
    from pywikibot.data import api
    from pywikibot.throttle import Throttle

    http.request = _request(http.request)
    api.Request.wait = _wait(api.Request.wait)
    Throttle.lag = _lag(Throttle.lag)
    _installed = True


def _request(original: Callable[..., Any]) -> Callable[..., Any]:
    def request(*args: Any, **kwargs: Any) -> Any:
        state = _active
        started = time.monotonic()
        try:
            response = original(*args, **kwargs)
        except Exception as exc:
            if state is None:
                raise
            reason = unreachable(exc)
            if reason is not None:
                raise WikiUnreachable(f"{reason} (tried once, not retried: waiting does not fix this)") from None
            state.spent += time.monotonic() - started
            state.last = failure(exc)
            raise
        if state is not None:
            _answered(state, response)
        return response

    return request


def _answered(state: Retrying, response: Any) -> None:
    """Note what an answer that pywikibot may still retry says: a database lag, an API error, not JSON."""
    code = response.headers.get("MediaWiki-API-Error")
    state.lagged = state.lagged + 1 if code == "maxlag" else 0
    content_type = response.headers.get("Content-Type", "").partition(";")[0].strip()
    if code == "maxlag":
        state.last = f"database lag of {response.headers.get('X-Database-Lag', '?')} s (maxlag)"
    elif code:
        state.last = f"API error {code!r}"
    elif "json" not in content_type:
        state.last = f"a page that is not JSON (HTTP {response.status_code}, {content_type or 'no content type'})"
    else:
        state.last = f"HTTP {response.status_code}"


def _wait(original: Callable[..., None]) -> Callable[..., None]:
    def wait(request: Any, delay: float | None = None, **kwargs: Any) -> None:
        state = _active
        if state is None:
            return original(request, delay, **kwargs)
        from pywikibot import config

        attempt = getattr(request, "current_retries", 0) + 1
        limit = int(getattr(request, "max_retries", config.max_retries))
        pause = (delay or getattr(request, "retry_wait", config.retry_wait)) * 2 ** (attempt - 1)
        _pause(state, min(pause, config.retry_max), attempt, limit, lambda: original(request, delay, **kwargs))

    return wait


def _lag(original: Callable[..., None]) -> Callable[..., None]:
    def lag(throttle: Any, lagtime: float | None = None) -> None:
        state = _active
        if state is None:
            return original(throttle, lagtime)
        from pywikibot import config

        pause = lagtime or config.retry_wait
        if throttle.retry_after:
            pause = max(throttle.retry_after, pause / 5)
        limit = int(config.max_retries)  # pywikibot itself gives up after that many lag answers
        attempt = min(max(state.lagged, 1), limit)
        _pause(state, min(pause, config.retry_max), attempt, limit, lambda: original(throttle, lagtime))

    return lag


def _pause(state: Retrying, pause: float, attempt: int, limit: int, sleep: Callable[[], None]) -> None:
    state.before_pause(pause, attempt, limit)
    started = time.monotonic()
    sleep()
    state.spent += time.monotonic() - started


def unreachable(exc: BaseException) -> str | None:
    """What is wrong, in words, when a request failed in a way that waiting does not fix; else None."""
    for error in _causes(exc):
        if not isinstance(error, OSError):
            continue
        sent = (getattr(e, "request", None) for e in _causes(exc))
        url = next((str(request.url) for request in sent if request is not None), "")
        host = urlsplit(url).hostname or "the wiki's host"
        if isinstance(error, socket.gaierror):
            return f"looking up the host name {host} failed ({error.strerror})"
        if isinstance(error, ConnectionRefusedError):
            port = urlsplit(url).port or (443 if url.startswith("https:") else 80)
            return f"connecting to {host} port {port} was refused: nothing listens there"
        if error.errno in _NETWORK_ERRNOS:
            return f"connecting to {host} failed: {error.strerror}"
    return None


def failure(exc: BaseException) -> str:
    """A failed request in words, for the retry lines: "HTTP 503 (Service Unavailable)", "a timeout", ..."""
    import requests
    from pywikibot.exceptions import Server504Error

    if isinstance(exc, Server504Error):
        return "HTTP 504 (Gateway Timeout)"
    status = re.match(r"(\d{3}) Server Error: ?(.*)", str(exc))
    if status:
        return f"HTTP {status[1]} ({status[2]})" if status[2] else f"HTTP {status[1]}"
    causes = list(_causes(exc))
    if any(isinstance(error, requests.Timeout) for error in causes):
        return "no answer in time (a timeout)"
    if any(isinstance(error, requests.ConnectionError) for error in causes):
        return "the connection broke before the answer came"
    text = " ".join(str(exc).split())
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def _causes(exc: BaseException) -> Iterator[BaseException]:
    """`exc` and what it wraps: its cause and context, exceptions among its args, urllib3's `reason`."""
    seen: set[int] = set()
    todo = [exc]
    while todo:
        error = todo.pop(0)
        if id(error) in seen:
            continue
        seen.add(id(error))
        yield error
        linked = [error.__cause__, error.__context__, getattr(error, "reason", None), *error.args]
        todo.extend(item for item in linked if isinstance(item, BaseException))


def _seconds(value: float) -> str:
    return f"{value:.0f}" if value >= 10 or value == int(value) else f"{value:.1f}"

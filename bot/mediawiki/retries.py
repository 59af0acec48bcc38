"""Failed requests: retried aloud and within a time budget, or not at all when waiting cannot help.

pywikibot retries a request that fails on the way (an HTTP 5xx answer, a timeout, a dropped connection, an
answer that is not JSON, database lag) after a pause that doubles each time (``retry_wait``, at most
``max_retries`` times) and says so only in its own log. It also retries, just as patiently, a connection
that is refused (nothing listens on that port): 155 s of silence with the shipped settings. But it does not
retry a 429 (Too Many Requests), nor ignore its Retry-After, and under --site-url (an AutoFamily) it takes
any answer that is not JSON — an HTML error page from a proxy, JSON cut short — for a wrong address
("Invalid AutoFamily"), even on a save that landed. pywikibot offers no hook for any of this, so `install()`
wraps five of its functions, once per process:

- ``pywikibot.comms.http.request`` (every API request goes through it): notes what went wrong, for the
  retry lines, and turns a refused connection, an unknown host or an unreachable network into
  `WikiUnreachable` (a ``ConnectionError``, which pywikibot passes on at once: "not going to be fixed by
  just waiting");
- ``pywikibot.comms.http.error_handling_callback`` (each answer, before pywikibot looks at it): a 429 or
  5xx answer becomes a `TransientAnswer` that says what the server answered (status, content type, first
  bytes; see bot.mediawiki.answers), which pywikibot retries; its Retry-After is kept for the pause;
- ``Request._json_loads``: an answer with HTTP 200 that is not JSON is retried (under an AutoFamily too);
  any other answer that is not JSON (a 404 page) ends the request with `UnusableAnswer`, not retried;
- ``Request.wait`` (the pause before a retry) and ``Throttle.lag`` (the pause for database lag): log
  "retrying 2/5 in 10 s: HTTP 503 (…) from URL" at INFO level (``mtpbot -v`` shows it as it happens) and
  keep to the connection's `Retrying.budget`: time lost to failed requests and pauses, in all, per run. A
  pause that would overrun it is not made: `RetriesFailed` says the budget is spent (and every later failure
  of the run ends the same way: the run stops waiting). A pause is at least the answer's Retry-After; one
  longer than the longest wait (``retry_max``) is not made either. `RetriesFailed` also replaces
  pywikibot's "Maximum retries attempted without success." with what failed and how often.

The wrappers act only while a `Retrying` is active (`activate()`, by each operation of a Session); the pauses
themselves are pywikibot's.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http import HTTPStatus
from typing import Any

from bot.errors import ConfigError
from bot.mediawiki import answers
from bot.mediawiki.answers import TransientAnswer, seconds

log = logging.getLogger(__name__)


def unreachable_hint(option: str = "--site-url", setting: str = "site:") -> str:
    """What to check about a wiki that cannot be reached, given as `option` or as `setting` in the settings."""
    return (
        f"Check the address ({option}, or {setting} in the settings), that the wiki is running and that this "
        "machine can reach it (network, DNS, proxy)."
    )


BUDGET_HINT = "The wiki is failing or overloaded: run again later (retry_budget in the settings sets the patience)."


class WikiUnreachable(ConnectionError):
    """The wiki's host is unknown or refuses the connection: waiting would not help, so nothing is retried."""


class RetriesFailed(Exception):
    """A request failed and is not retried any more: its retries, or the run's retry budget, are spent. The
    message says what failed last and why it is not retried; the one who catches it names the wiki."""


class UnusableAnswer(Exception):
    """An answer that is not JSON and that waiting would not fix (e.g. a 404 page): the message says what it
    was; under --site-url on the first request, the address is no api.php."""


@dataclass
class Retrying:
    """The retries of one connection: its api.php (for messages), the time budget, and what failed last."""

    url: str
    budget: float | None  # seconds; None: only max_retries limits the retries
    spent: float = 0.0  # seconds lost to failed requests and to pauses before retries
    last: str = "a failed request"  # what went wrong with the latest request, in words
    lagged: int = 0  # database lag answers in a row
    gave_up: bool = False  # the budget ran out: the run waits no more
    retry_after: float | None = None  # seconds the latest transient answer asked to wait (Retry-After)
    elapsed: float = 0.0  # seconds the latest request took
    scrub: Callable[[str], str] = field(default=lambda text: text, repr=False)  # no password in a message

    def note(self, what: str) -> str:
        """Keep `what` (what went wrong, in words, scrubbed) for the retry lines and messages; return it."""
        self.last = self.scrub(what)
        return self.last

    def pause_for(self, backoff: float, longest: float) -> float:
        """The pause before the next retry: the backoff, or the Retry-After asked for if longer (once).
        Raise `RetriesFailed` when the wiki asks for more than the longest wait."""
        asked, self.retry_after = self.retry_after, None
        if asked is not None and asked > longest:
            raise RetriesFailed(
                f"{self.last}; not retried: the wiki asks to wait {seconds(asked)} s (Retry-After), longer than "
                f"the longest wait of {seconds(longest)} s"
            )
        return max(min(backoff, longest), asked or 0.0)

    def before_pause(self, pause: float, attempt: int, limit: int) -> None:
        """Log the retry about to be waited for, or raise `RetriesFailed` when it must not happen."""
        if attempt > limit:
            after = f"still after {limit} retries in {seconds(self.spent)} s" if limit else "not retried"
            raise RetriesFailed(f"{self.last} ({after}; max_retries: {limit})")
        if self.gave_up:
            raise RetriesFailed(f"{self.last}; not retried: {self._budget()} is spent")
        if self.budget is not None and self.spent + pause > self.budget:
            self.gave_up = True
            raise RetriesFailed(
                f"{self.last}; gave up waiting: {self._budget()} is spent ({seconds(self.spent)} s "
                f"lost to failed requests and waits, the next retry would wait {seconds(pause)} s more)"
            )
        left = "" if self.budget is None else f"; {seconds(self.budget - self.spent - pause)} s of retry budget left"
        log.info("retrying %d/%d in %s s: %s from %s%s", attempt, limit, seconds(pause), self.last, self.url, left)

    def _budget(self) -> str:
        return f"the run's retry budget of {seconds(self.budget or 0)} s (retry_budget)"


_active: Retrying | None = None
_installed = False


def activate(retrying: Retrying) -> None:
    """Count the retries of the requests that follow against `retrying` (the current Session's)."""
    global _active
    _active = retrying


# The pywikibot these wrappers were written against and are tested with (pyproject.toml pins it exactly): its
# internals are not an API, and another release may rename or reshape them.
TESTED_PYWIKIBOT = "11.9.0"
WRAPPED = ("http.request", "http.error_handling_callback", "Request._json_loads", "Request.wait", "Throttle.lag")


def check_tested(version: str, found: dict[str, Any]) -> None:
    """A ConfigError unless pywikibot is the tested release and has each internal the wrappers replace, by
    name (`found`: WRAPPED's names to what pywikibot has there, None where nothing)."""
    missing = [name for name in WRAPPED if not callable(found.get(name))]
    if version == TESTED_PYWIKIBOT and not missing:
        return
    what = f"pywikibot {version} is installed" + (f", without {', '.join(missing)}" if missing else "")
    raise ConfigError(
        f"mtpbot works with pywikibot {TESTED_PYWIKIBOT}, the release it is tested with (it wraps pywikibot's "
        f"retries), but {what}.",
        f"install that release: pip install 'pywikibot=={TESTED_PYWIKIBOT}' (scripts/setup does)",
    )


def internals() -> tuple[str, dict[str, Any]]:
    """The installed pywikibot's version and what it has under each name of WRAPPED (None: nothing)."""
    import pywikibot
    from pywikibot.comms import http
    from pywikibot.data import api
    from pywikibot.throttle import Throttle

    owners = {"http": http, "Request": api.Request, "Throttle": Throttle}
    found = {name: getattr(owners[name.split(".")[0]], name.split(".")[1], None) for name in WRAPPED}
    return str(getattr(pywikibot, "__version__", "of unknown version")), found


def install() -> None:
    """Wrap pywikibot's request, retry pause and lag pause (once per process; pywikibot must be importable).
    A pywikibot other than the tested one is refused before anything is wrapped."""
    global _installed
    if _installed:
        return
    from pywikibot.comms import http
    from pywikibot.data import api
    from pywikibot.throttle import Throttle

    check_tested(*internals())
    http.request = _request(http.request)
    http.error_handling_callback = _callback(http.error_handling_callback)
    api.Request._json_loads = _json_loads(api.Request._json_loads)
    api.Request.wait = _wait(api.Request.wait)
    Throttle.lag = _lag(Throttle.lag)
    _installed = True


def _request(original: Callable[..., Any]) -> Callable[..., Any]:
    def request(*args: Any, **kwargs: Any) -> Any:
        state = _active
        started = time.monotonic()
        if state is not None:
            state.retry_after = None
        try:
            response = original(*args, **kwargs)
        except Exception as exc:
            if state is None:
                raise
            reason = answers.unreachable(exc)
            if reason is not None:
                raise WikiUnreachable(f"{reason} (tried once, not retried: waiting does not fix this)") from None
            state.spent += time.monotonic() - started
            state.note(answers.failure(exc))
            raise
        if state is not None:
            state.elapsed = time.monotonic() - started
            _answered(state, response)
        return response

    return request


def _callback(original: Callable[[Any], None]) -> Callable[[Any], None]:
    def error_handling_callback(response: Any) -> None:
        state = _active
        answered = state is not None and not isinstance(response, BaseException)
        if state is not None and answered and answers.transient_status(response.status_code):
            state.retry_after = answers.retry_after(response.headers)
            raise TransientAnswer(state.note(answers.status_answer(response)))
        original(response)

    return error_handling_callback


def _answered(state: Retrying, response: Any) -> None:
    """Note what an answer that pywikibot may still retry says: a database lag, an API error, not JSON."""
    code = response.headers.get("MediaWiki-API-Error")
    state.lagged = state.lagged + 1 if code == "maxlag" else 0
    content_type = response.headers.get("Content-Type", "")
    if code == "maxlag":
        state.note(f"database lag of {response.headers.get('X-Database-Lag', '?')} s (maxlag)")
    elif code:
        state.note(f"API error {code!r}")
    elif "json" not in content_type or not response.content.rstrip().endswith(b"}"):
        state.note(answers.not_json(response))
    else:
        state.note(f"HTTP {response.status_code}")


def _json_loads(original: Callable[[Any, Any], Any]) -> Callable[[Any, Any], Any]:
    def json_loads(request: Any, response: Any) -> Any:
        state = _active
        if state is None:
            return original(request, response)
        from pywikibot.exceptions import SiteDefinitionError

        try:
            return original(request, response)
        except SiteDefinitionError:  # an AutoFamily: pywikibot takes any answer that is not JSON for a bad URL
            what = state.note(answers.not_json(response))
            if response.status_code != HTTPStatus.OK:
                raise UnusableAnswer(what) from None
            state.spent += state.elapsed
            request.wait()  # an error page or JSON cut short: retried, as pywikibot does for other wikis
            return None

    return json_loads


def _wait(original: Callable[..., None]) -> Callable[..., None]:
    def wait(request: Any, delay: float | None = None, **kwargs: Any) -> None:
        state = _active
        if state is None:
            return original(request, delay, **kwargs)
        from pywikibot import config

        attempt = getattr(request, "current_retries", 0) + 1
        limit = int(getattr(request, "max_retries", config.max_retries))
        scale = 2 ** (attempt - 1)
        backoff = (delay or getattr(request, "retry_wait", config.retry_wait)) * scale
        pause = state.pause_for(backoff, config.retry_max) if attempt <= limit else backoff
        # pywikibot sleeps (delay or retry_wait) * 2 ** (attempt - 1), at most retry_max: `pause` exactly
        _pause(state, pause, attempt, limit, lambda: original(request, pause / scale, **kwargs))

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

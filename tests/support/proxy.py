"""A fault-injecting HTTP proxy on 127.0.0.1, in front of a local wiki, for the safety tests.

    with WikiProxy(devwiki.url) as proxy:
        proxy.faults = every(5, [Fault.http(502), Fault.drop()])
        proxy.before(lambda seen: ...)          # runs before a request is forwarded
        mtpbot sync --site-url {proxy.api_url}

It forwards every request as it came (method, path, headers with the cookies, body) to the wiki and
relays the answer (with every Set-Cookie). A test can run hooks before a request is forwarded and after
the wiki answered, and decide per request to answer in the wiki's place:

- `Fault.http(502)`: an error page from "the gateway"; the wiki never sees the request;
  `Fault.http(429, retry_after=2)` with a Retry-After header (a rate limiter in front of the wiki);
- `Fault.html_page()`: an HTML error page with HTTP 200 (a proxy or a CDN that answers in the wiki's
  place without an error status); the wiki never sees the request;
- `Fault.truncated()`: the request is forwarded (the wiki does the work), then only the first half of
  the answer is relayed, with a Content-Length that matches: JSON cut short;
- `Fault.drop()`: the connection is closed without an answer; the wiki never sees the request;
- `Fault.lost_answer()`: the request is forwarded (the wiki does the work, e.g. saves the edit), then
  the connection is closed: the client never learns that it succeeded;
- `Fault.api_error(...)` / `Fault.maxlag()`: a MediaWiki API error document (HTTP 200), as the wiki
  would send it, e.g. maxlag with its Retry-After header.

Login through the proxy works: MediaWiki sets host-only cookies without a Domain, and cookies ignore
the port, so the client sends them to the proxy as it would to the wiki (each wiki has its own cookie
prefix). Absolute URLs in answers name the wiki itself; the API clients here never follow them.

Everything the proxy saw is in `seen`; what it injected is counted in `injected` (per fault kind).
An exception in a hook is kept and raised again when the proxy stops, so a broken hook fails its test.
"""

from __future__ import annotations

import contextlib
import http.client
import json
import random
import threading
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any, Literal
from urllib.parse import parse_qsl, urlsplit

__all__ = [
    "Fault",
    "FaultPlan",
    "Seen",
    "WikiProxy",
    "at",
    "every",
    "matching",
    "seeded",
]

# Headers that belong to one connection, not to the request or the answer (RFC 9110, section 7.6.1).
_HOP_BY_HOP = frozenset(
    {
        "connection",
        "keep-alive",
        "proxy-authenticate",
        "proxy-authorization",
        "proxy-connection",
        "te",
        "trailer",
        "transfer-encoding",
        "upgrade",
    }
)
UPSTREAM_TIMEOUT = 60.0  # seconds for the wiki to answer one forwarded request

FaultKind = Literal["status", "drop", "lost-answer", "api-error", "truncated"]


@dataclass(frozen=True)
class Seen:
    """One request as the proxy received it. `params` merges the query string and a form body."""

    number: int  # 1-based, in order of arrival
    method: str
    path: str
    headers: Mapping[str, str]
    body: bytes
    params: Mapping[str, str]

    @property
    def action(self) -> str:
        return self.params.get("action", "")

    @property
    def title(self) -> str:
        return self.params.get("title", "")

    @property
    def is_save(self) -> bool:
        """An action=edit POST: a save (pywikibot sends it as a form body)."""
        return self.method == "POST" and self.action == "edit"

    def saves(self, title: str) -> bool:
        """A save of the page `title` (as the bot spells it, i.e. the wiki's normalised title)."""
        return self.is_save and self.title == title


@dataclass(frozen=True)
class Fault:
    """What the proxy answers instead of (or after) forwarding a request."""

    kind: FaultKind
    status: int = 200
    body: bytes = b""
    headers: tuple[tuple[str, str], ...] = ()
    name: str = ""  # the label, when the kind and status do not say it

    @property
    def label(self) -> str:
        """A name for counting: "HTTP 502", "dropped connection", "maxlag", ..."""
        if self.name:
            return self.name
        if self.kind == "status":
            with_header = " with Retry-After" if "Retry-After" in self.headers_dict() else ""
            return f"HTTP {self.status}{with_header}"
        if self.kind == "drop":
            return "dropped connection"
        if self.kind == "lost-answer":
            return "lost answer"
        return self.headers_dict().get("MediaWiki-API-Error", "api-error")

    def headers_dict(self) -> dict[str, str]:
        return dict(self.headers)

    @classmethod
    def http(cls, status: int, *, retry_after: int | str | None = None) -> Fault:
        """An HTML error page with this status, as a gateway in front of the wiki sends it (with a
        Retry-After header, in seconds or as an HTTP date, if given)."""
        reason = http.HTTPStatus(status).phrase
        body = f"<html><body><h1>{status} {reason}</h1></body></html>".encode()
        headers = [("Content-Type", "text/html; charset=utf-8")]
        if retry_after is not None:
            headers.append(("Retry-After", str(retry_after)))
        return cls("status", status, body, tuple(headers))

    @classmethod
    def html_page(cls) -> Fault:
        """An HTML error page with HTTP 200, as a proxy or CDN sends it in the wiki's place."""
        body = (
            b"<!DOCTYPE html>\n<html><head><title>Wikimedia Error</title></head><body>"
            b"<p>Our servers are currently under maintenance or experiencing a technical issue.</p></body></html>"
        )
        return cls("status", 200, body, (("Content-Type", "text/html; charset=utf-8"),), "HTML error page (HTTP 200)")

    @classmethod
    def truncated(cls) -> Fault:
        """The wiki's answer cut in half (the wiki did the work): JSON that does not parse."""
        return cls("truncated", name="truncated JSON")

    @classmethod
    def drop(cls) -> Fault:
        return cls("drop")

    @classmethod
    def lost_answer(cls) -> Fault:
        return cls("lost-answer")

    @classmethod
    def api_error(
        cls, code: str, info: str, *, retry_after: int | None = None, extra: Mapping[str, Any] | None = None
    ) -> Fault:
        """A MediaWiki API error (formatversion 2 layout, HTTP 200, the MediaWiki-API-Error header)."""
        error = {"code": code, "info": info, **(extra or {}), "docref": "See http://127.0.0.1/api.php for help."}
        headers = [("Content-Type", "application/json; charset=utf-8"), ("MediaWiki-API-Error", code)]
        if retry_after is not None:
            headers.append(("Retry-After", str(retry_after)))
        return cls("api-error", 200, json.dumps({"error": error}).encode(), tuple(headers))

    @classmethod
    def maxlag(cls, lag: int = 1, retry_after: int = 1) -> Fault:
        """The answer of a replicated wiki whose lag exceeds the request's maxlag.

        MediaWiki sends Retry-After: max(maxlag, 5) and X-Database-Lag; the tests use 1 s to stay fast.
        """
        fault = cls.api_error(
            "maxlag",
            f"Waiting for 10.64.0.1: {lag} seconds lagged.",
            retry_after=retry_after,
            extra={"host": "10.64.0.1", "lag": lag, "type": "db"},
        )
        return cls(fault.kind, fault.status, fault.body, (*fault.headers, ("X-Database-Lag", str(lag))))


#: Decides, per request, whether to inject a fault (None: forward it normally).
FaultPlan = Callable[[Seen], "Fault | None"]


def every(
    n: int, faults: Sequence[Fault], *, first: int = 0, when: Callable[[Seen], bool] = lambda seen: True
) -> FaultPlan:
    """One request in `n` that `when` accepts gets the next fault of `faults` (cycling): the `first`-th
    (1-based; default the n-th), then every n-th after it."""
    lock = threading.Lock()
    counter = [0, 0]  # matching requests, faults handed out
    start = first or n

    def plan(seen: Seen) -> Fault | None:
        if not when(seen):
            return None
        with lock:
            counter[0] += 1
            if counter[0] < start or (counter[0] - start) % n:
                return None
            fault = faults[counter[1] % len(faults)]
            counter[1] += 1
            return fault

    return plan


def seeded(
    share: float, seed: int, faults: Sequence[Fault], *, when: Callable[[Seen], bool] = lambda seen: True
) -> FaultPlan:
    """A random `share` of the requests `when` accepts get a random fault; the same seed, the same draw."""
    rng = random.Random(seed)
    lock = threading.Lock()

    def plan(seen: Seen) -> Fault | None:
        if not when(seen):
            return None
        with lock:
            hit = rng.random() < share
            fault = rng.choice(faults)
        return fault if hit else None

    return plan


def at(numbers: Iterable[int], fault: Fault, *, when: Callable[[Seen], bool] = lambda seen: True) -> FaultPlan:
    """The k-th requests (1-based, counting only those `when` accepts) for k in `numbers` get `fault`."""
    wanted = set(numbers)
    lock = threading.Lock()
    counter = [0]

    def plan(seen: Seen) -> Fault | None:
        if not when(seen):
            return None
        with lock:
            counter[0] += 1
            return fault if counter[0] in wanted else None

    return plan


def matching(when: Callable[[Seen], bool], fault: Fault, *, times: int | None = None) -> FaultPlan:
    """Requests `when` accepts get `fault`, at most `times` times (None: always)."""
    lock = threading.Lock()
    counter = [0]

    def plan(seen: Seen) -> Fault | None:
        if not when(seen):
            return None
        with lock:
            counter[0] += 1
            return fault if times is None or counter[0] <= times else None

    return plan


Hook = Callable[[Seen], None]
AfterHook = Callable[[Seen, int], None]  # the request and the wiki's HTTP status


@dataclass
class _State:
    upstream_host: str
    upstream_port: int
    lock: threading.Lock = field(default_factory=threading.Lock)
    seen: list[Seen] = field(default_factory=list)
    injected: Counter[str] = field(default_factory=Counter)
    before: list[Hook] = field(default_factory=list)
    after: list[AfterHook] = field(default_factory=list)
    faults: FaultPlan | None = None
    errors: list[BaseException] = field(default_factory=list)
    active: int = 0  # requests being handled
    idle: threading.Condition = field(default_factory=threading.Condition)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as the wiki's own server offers
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: the tests read `seen` instead."""

    def do_GET(self) -> None:
        self._proxy()

    def do_POST(self) -> None:
        self._proxy()

    def do_HEAD(self) -> None:
        self._proxy()

    def _read_body(self) -> bytes:
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            chunks: list[bytes] = []
            while True:
                size = int(self.rfile.readline().split(b";")[0].strip() or b"0", 16)
                if size == 0:
                    while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                        pass  # trailers
                    return b"".join(chunks)
                chunks.append(self.rfile.read(size))
                self.rfile.readline()
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def _proxy(self) -> None:
        state = self.server.state
        with state.idle:
            state.active += 1
        try:
            self._handle(state)
        finally:
            with state.idle:
                state.active -= 1
                state.idle.notify_all()

    def _handle(self, state: _State) -> None:
        body = self._read_body()
        params = dict(parse_qsl(urlsplit(self.path).query, keep_blank_values=True))
        if self.headers.get("Content-Type", "").startswith("application/x-www-form-urlencoded"):
            params.update(parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True))
        with state.lock:
            seen = Seen(len(state.seen) + 1, self.command, self.path, dict(self.headers.items()), body, params)
            state.seen.append(seen)
        for hook in list(state.before):
            self._run(hook, seen)
        fault = state.faults(seen) if state.faults is not None else None
        if fault is not None:
            with state.lock:
                state.injected[fault.label] += 1
        if fault is not None and fault.kind == "drop":
            self._drop()
            return
        if fault is not None and fault.kind in ("status", "api-error"):
            self._answer(fault.status, list(fault.headers), fault.body)
            return
        try:
            status, headers, answer = self._forward(seen)
        except OSError as error:  # the wiki is down: say so as a gateway would
            self._answer(502, [("Content-Type", "text/plain")], f"upstream failed: {error}".encode())
            return
        for after_hook in list(state.after):
            self._run(_bind_status(after_hook, status), seen)
        if fault is not None and fault.kind == "lost-answer":
            self._drop()
            return
        if fault is not None and fault.kind == "truncated":
            answer = answer[: len(answer) // 2]
        self._answer(status, headers, answer)

    def _run(self, hook: Hook, seen: Seen) -> None:
        try:
            hook(seen)
        except BaseException as error:  # kept, and raised again when the proxy stops
            with self.server.state.lock:
                self.server.state.errors.append(error)

    def _forward(self, seen: Seen) -> tuple[int, list[tuple[str, str]], bytes]:
        state = self.server.state
        connection = http.client.HTTPConnection(state.upstream_host, state.upstream_port, timeout=UPSTREAM_TIMEOUT)
        try:
            connection.putrequest(seen.method, seen.path, skip_host=True, skip_accept_encoding=True)
            for name, value in self.headers.items():
                lowered = name.lower()
                if lowered in _HOP_BY_HOP or lowered in ("host", "content-length"):
                    continue
                connection.putheader(name, value)
            connection.putheader("Host", f"{state.upstream_host}:{state.upstream_port}")
            if seen.body or seen.method == "POST":
                connection.putheader("Content-Length", str(len(seen.body)))
            connection.endheaders(seen.body or None)
            response = connection.getresponse()
            answer = response.read()
            headers = [(k, v) for k, v in response.getheaders() if k.lower() not in _HOP_BY_HOP]
            return response.status, headers, answer
        finally:
            connection.close()

    def _answer(self, status: int, headers: list[tuple[str, str]], body: bytes) -> None:
        try:
            self.send_response(status)
            for name, value in headers:
                if name.lower() != "content-length":
                    self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)
            self.wfile.flush()
        except OSError:  # the client went away (e.g. a test killed it)
            self.close_connection = True

    def _drop(self) -> None:
        """Close the connection without a byte of answer."""
        self.close_connection = True
        try:
            self.wfile.flush()
            self.connection.shutdown(2)  # socket.SHUT_RDWR
        except OSError:
            pass


def _bind_status(hook: AfterHook, status: int) -> Hook:
    return lambda seen: hook(seen, status)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, state: _State) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.state = state


class WikiProxy:
    """A proxy on a free port of 127.0.0.1 in front of the wiki at `upstream` (e.g. http://127.0.0.1:8080).

    Use it as a context manager; `api_url` is what to give to `mtpbot sync --site-url`.
    """

    def __init__(self, upstream: str) -> None:
        parts = urlsplit(upstream)
        if parts.scheme != "http" or parts.hostname is None or parts.port is None:
            raise ValueError(f"the proxy forwards to http://HOST:PORT, not {upstream!r}")
        self._state = _State(parts.hostname, parts.port)
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None

    # -- life cycle ------------------------------------------------------------------------------------

    def start(self) -> WikiProxy:
        if self._server is not None:
            raise RuntimeError("the proxy is already running")
        self._server = _Server(self._state)
        self._thread = threading.Thread(target=self._server.serve_forever, args=(0.05,), name="wiki-proxy", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving (idempotent); raise the first exception a hook raised, if any."""
        server, self._server = self._server, None
        if server is not None:
            server.shutdown()
            server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None
        self.raise_hook_errors()

    def __enter__(self) -> WikiProxy:
        return self.start()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if exc is None:
            self.stop()
            return
        with contextlib.suppress(BaseException):  # the test's own failure says more
            self.stop()

    # -- addresses -------------------------------------------------------------------------------------

    @property
    def port(self) -> int:
        if self._server is None:
            raise RuntimeError("the proxy is not running")
        return int(self._server.server_address[1])

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def api_url(self) -> str:
        return f"{self.url}/api.php"

    # -- what tests set --------------------------------------------------------------------------------

    @property
    def faults(self) -> FaultPlan | None:
        return self._state.faults

    @faults.setter
    def faults(self, plan: FaultPlan | None) -> None:
        self._state.faults = plan

    def before(self, hook: Hook) -> Hook:
        """Run `hook(seen)` for each request before it is forwarded (in the proxy's thread)."""
        self._state.before.append(hook)
        return hook

    def after(self, hook: AfterHook) -> AfterHook:
        """Run `hook(seen, status)` once the wiki has answered a forwarded request, before relaying it."""
        self._state.after.append(hook)
        return hook

    def clear(self) -> None:
        """Remove the hooks and the fault plan (the counts stay)."""
        self._state.before.clear()
        self._state.after.clear()
        self._state.faults = None

    # -- what tests read -------------------------------------------------------------------------------

    @property
    def seen(self) -> list[Seen]:
        with self._state.lock:
            return list(self._state.seen)

    @property
    def injected(self) -> Counter[str]:
        """Faults injected so far, by label ("HTTP 502", "dropped connection", "lost answer", "maxlag")."""
        with self._state.lock:
            return Counter(self._state.injected)

    def saves(self, title: str | None = None, *, since: int = 0) -> list[Seen]:
        """The action=edit POSTs seen (of one page, if `title` is given), after the `since`-th request."""
        return [s for s in self.seen[since:] if s.is_save and (title is None or s.title == title)]

    def mark(self) -> int:
        """How many requests the proxy has seen so far (for `saves(since=...)`)."""
        with self._state.lock:
            return len(self._state.seen)

    def wait_idle(self, timeout: float = 30.0) -> None:
        """Wait until no request is being handled (e.g. the save a killed client left in flight)."""
        with self._state.idle:
            if not self._state.idle.wait_for(lambda: self._state.active == 0, timeout):
                raise TimeoutError(f"the proxy still handles {self._state.active} requests after {timeout} s")

    def raise_hook_errors(self) -> None:
        with self._state.lock:
            errors, self._state.errors = self._state.errors, []
        if errors:
            raise errors[0]

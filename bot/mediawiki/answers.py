"""What a request got back, in words, and whether waiting may fix it.

An HTTP answer is said with its status, its content type and its first bytes, e.g. ``HTTP 503 (Service
Unavailable): text/html "<html><body>…"`` or ``a page that is not JSON (HTTP 404, text/html): "<html>…"``.
It is *transient* — worth retrying after a pause — when its status is 429 (Too Many Requests) or 5xx, or when an
answer with HTTP 200 is not the JSON every API answer is (an HTML error page from a proxy or a CDN, or JSON cut
short). Any other answer that is not JSON (a 404 page: the address is no api.php; a 403) is not retried.
A request that failed without an answer is said too: a timeout, a broken connection, an unreachable host.
"""

from __future__ import annotations

import email.utils
import errno
import json
import re
import socket
import time
from collections.abc import Iterator, Mapping
from http import HTTPStatus
from typing import Any
from urllib.parse import urlsplit

FIRST_CHARACTERS = 100  # of an answer's body, in a message
_NETWORK_ERRNOS = {errno.ECONNREFUSED, errno.ENETUNREACH, errno.EHOSTUNREACH}


class TransientAnswer(Exception):
    """The wiki (or something in front of it) answered, but with an answer that waiting may fix; its text says
    what the answer was. pywikibot retries it as any other failed request."""


def transient_status(status: int) -> bool:
    """Too Many Requests, or a server error."""
    return status == HTTPStatus.TOO_MANY_REQUESTS or status >= HTTPStatus.INTERNAL_SERVER_ERROR


def retry_after(headers: Mapping[str, str], now: float | None = None) -> float | None:
    """The seconds a Retry-After header asks to wait (it holds seconds or an HTTP date); None without one."""
    value = (headers.get("Retry-After") or "").strip()
    if not value:
        return None
    try:
        return max(float(value), 0.0)
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(when.timestamp() - (time.time() if now is None else now), 0.0)


def status_answer(response: Any) -> str:
    """A 429 or 5xx answer in words: ``HTTP 429 (Too Many Requests, Retry-After: 2 s): text/html "…"``."""
    status = int(response.status_code)
    try:
        phrase = HTTPStatus(status).phrase
    except ValueError:
        phrase = str(response.reason or "")
    wait = retry_after(response.headers)
    details = [phrase] if phrase else []
    if wait is not None:
        details.append(f"Retry-After: {seconds(wait)} s")
    said = f" ({', '.join(details)})" if details else ""
    return f"HTTP {status}{said}: {_content_type(response) or 'no content type'} {first_bytes(response.content)}"


def not_json(response: Any) -> str:
    """An answer that should have been JSON, in words: what it was, its status and its first bytes."""
    content_type = _content_type(response)
    if "json" in content_type:
        size = len(response.content)
        said = f"a JSON answer cut short or malformed (HTTP {response.status_code}, {content_type}, {size} bytes)"
    else:
        said = f"a page that is not JSON (HTTP {response.status_code}, {content_type or 'no content type'})"
    return f"{said}: {first_bytes(response.content)}"


def first_bytes(body: bytes) -> str:
    """The start of a body, quoted, with runs of white space as one space: ``"<html><body>…"``."""
    text = " ".join(body[: FIRST_CHARACTERS * 4].decode("utf-8", "replace").split())
    if not text:
        return "(empty)"
    shown = text[:FIRST_CHARACTERS] + ("…" if len(text) > FIRST_CHARACTERS else "")
    return json.dumps(shown, ensure_ascii=False)


def _content_type(response: Any) -> str:
    return str(response.headers.get("Content-Type", "")).partition(";")[0].strip()


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

    if isinstance(exc, TransientAnswer):
        return str(exc)
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


def seconds(value: float) -> str:
    """Seconds for a message: whole above 10 s, one decimal below."""
    return f"{value:.0f}" if value >= 10 or value == int(value) else f"{value:.1f}"

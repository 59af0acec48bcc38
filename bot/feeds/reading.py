"""Each feed of the settings read once: its file, its URL (conditionally, against the kept copy), or the kept
copy alone for an offline command; then parsed (bot.source.feeds). A feed that cannot be read is a FeedRead
with its `error`, never an exception: its series are held and the others go on."""

from __future__ import annotations

import email.utils
import hashlib
import json
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from bot.source.feeds import FeedError, parse_feed
from bot.source.reconcile import FeedRead
from bot.source.settings import Config, FeedSettings

MAX_BYTES = 20 * 1024 * 1024  # the live file is under 1 MB; a bigger answer is not the feed
TIMEOUT = 30.0  # seconds for the connection and each read
TRANSIENT = (429, 500, 502, 503, 504)


@dataclass(frozen=True)
class FeedOptions:
    """How this run reads feeds: online or not, `--feed` replacements, the kept copies, the client."""

    online: bool
    overrides: Mapping[str, str] = field(default_factory=dict)  # name -> URL or path, for this run
    state_dir: Path | None = None  # where the kept copies are (feeds/NAME.*)
    user_agent: str = "mtpbot"
    retries: int = 3
    retry_wait: float = 2.0
    is_loopback: Callable[[str], bool] = lambda host: False


def read_feeds(config: Config, options: FeedOptions, names: Collection[str] | None = None) -> dict[str, FeedRead]:
    """The feeds of the settings (those `names` lists: the ones some series reads), read and parsed, each with
    at most one request."""
    return {
        feed.name: _read(config, feed, options) for feed in config.settings.feeds if names is None or feed.name in names
    }


def _read(config: Config, feed: FeedSettings, options: FeedOptions) -> FeedRead:
    given = options.overrides.get(feed.name)
    location = (
        (given if given.startswith(("https://", "http://")) else Path(given).resolve())
        if given is not None
        else config.feed_location(feed.location)
    )
    origin = str(location)
    try:
        if isinstance(location, Path):
            data, version = _from_file(location)
        elif options.online or given is not None:
            data, version = _fetch(feed.name, location, options)
        else:
            kept = _kept(options.state_dir, feed.name, _kept_meta(options.state_dir, feed.name))
            if kept is None:
                return FeedRead(feed.name, origin, unread=_unread(feed.name, options.state_dir))
            data, version = kept
    except _Unreadable as error:
        return FeedRead(feed.name, origin, error=f"the feed {feed.name} could not be read from {origin}: {error}")
    try:
        text = data.decode("utf-8")
        table = parse_feed(text, origin, feed.format, feed.period_column)
    except UnicodeDecodeError as error:
        return FeedRead(feed.name, origin, version=version, error=f"{origin}: not UTF-8 text ({error.reason})")
    except FeedError as error:
        return FeedRead(feed.name, origin, version=version, error=str(error))
    return FeedRead(feed.name, origin, table, version)


class _Unreadable(Exception):
    pass


def _unread(name: str, state_dir: Path | None) -> str:
    where = f" in {state_dir / 'feeds'}" if state_dir is not None else ""
    return (
        f"the feed {name} was not read: this command stays offline and no copy of it is kept{where}; its series "
        f"show the metrics files' figures only. `mtpbot sync --dry-run` or `mtpbot check` fetches it (and keeps "
        f"a copy), or give a file: --feed {name}=FILE"
    )


def _from_file(path: Path) -> tuple[bytes, str]:
    try:
        data = path.read_bytes()
    except OSError as error:
        raise _Unreadable(error.strerror or str(error)) from None
    return data, _hash(data)


def _hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:7]


def _version(headers: Mapping[str, str], data: bytes) -> str:
    """The Last-Modified date (2020-04-16) where the server sends one, else a short hash of the bytes."""
    modified = headers.get("Last-Modified")
    if modified:
        try:
            return email.utils.parsedate_to_datetime(modified).strftime("%Y-%m-%d")
        except (TypeError, ValueError):
            pass
    return _hash(data)


# ---- The kept copy: feeds/NAME.data and feeds/NAME.json (its validators and version) in the state directory


def _kept(state_dir: Path | None, name: str, meta: Mapping[str, str] | None) -> tuple[bytes, str] | None:
    """The kept copy and its version, given its metadata (`_kept_meta`)."""
    if state_dir is None or meta is None:
        return None
    try:
        return (state_dir / "feeds" / f"{name}.data").read_bytes(), str(meta.get("version", ""))
    except OSError:
        return None


def _kept_meta(state_dir: Path | None, name: str) -> dict[str, str] | None:
    if state_dir is None:
        return None
    try:
        found = json.loads((state_dir / "feeds" / f"{name}.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None  # none yet, or damaged: fetched again in full
    return {str(k): str(v) for k, v in found.items()} if isinstance(found, dict) else None


def _keep(state_dir: Path | None, name: str, data: bytes, meta: dict[str, str]) -> None:
    if state_dir is None:
        return
    folder = state_dir / "feeds"
    folder.mkdir(mode=0o700, exist_ok=True)
    for suffix, content in (("data", data), ("json", json.dumps(meta).encode())):
        partial = folder / f"{name}.{suffix}.partial"
        partial.write_bytes(content)
        partial.replace(folder / f"{name}.{suffix}")  # never half a copy


# ---- HTTP


def _fetch(name: str, url: str, options: FeedOptions) -> tuple[bytes, str]:
    parts = urlsplit(url)
    if parts.scheme != "https" and not (parts.scheme == "http" and options.is_loopback(parts.hostname or "")):
        raise _Unreadable("a feed is read over https (http only from this machine, 127.0.0.1)")
    meta = _kept_meta(options.state_dir, name)
    kept = _kept(options.state_dir, name, meta) if meta is not None and meta.get("url") == url else None
    headers = {"User-Agent": options.user_agent, "Accept": "text/tab-separated-values, text/csv, text/plain, */*"}
    if kept is not None and meta is not None:
        headers.update(
            {k: v for k, v in (("If-None-Match", meta.get("etag")), ("If-Modified-Since", meta.get("modified"))) if v}
        )
    status, answer, data = _get(url, headers, options, loopback=parts.scheme == "http")
    if status == 304 and kept is not None:
        return kept
    version = _version(answer, data)
    etag, modified = answer.get("ETag", ""), answer.get("Last-Modified", "")
    _keep(options.state_dir, name, data, {"url": url, "etag": etag, "modified": modified, "version": version})
    return data, version


def _get(
    url: str, headers: Mapping[str, str], options: FeedOptions, *, loopback: bool
) -> tuple[int, Mapping[str, str], bytes]:
    """GET with retries on transient answers: (status, headers, body); _Unreadable when it does not come."""
    handlers = [urllib.request.ProxyHandler({})] if loopback else []  # this machine: never through a proxy
    opener = urllib.request.build_opener(*handlers)
    last = ""
    for attempt in range(options.retries + 1):
        if attempt:
            time.sleep(options.retry_wait * 2 ** (attempt - 1))
        try:
            with opener.open(urllib.request.Request(url, headers=dict(headers)), timeout=TIMEOUT) as response:
                return response.status, dict(response.headers.items()), _body(response)
        except urllib.error.HTTPError as error:
            if error.code == 304:
                return 304, dict(error.headers.items()), b""
            last = f"HTTP {error.code} ({error.reason})"
            if error.code not in TRANSIENT:
                break
        except (urllib.error.URLError, TimeoutError, ConnectionError) as error:
            last = str(getattr(error, "reason", error))
    raise _Unreadable(last)


def _body(response: Any) -> bytes:
    data: bytes = response.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise _Unreadable(f"the answer is over {MAX_BYTES // (1024 * 1024)} MB, which no feed is")
    return data

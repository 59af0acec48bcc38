"""The analysts' monthly file served over HTTP on 127.0.0.1, as raw.githubusercontent.com serves it (an ETag, and
a Last-Modified date here so that versions read as dates), and workspaces whose two headline metrics read it."""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from tests.support.workspace import ROOT, Workspace

SHARED_FEEDS = ROOT.parent / "shared" / "feeds" / "movement-metrics"
FEED = "movement-metrics"
# The three real versions, by the date of their commit (their Last-Modified when served here).
VERSIONS = {
    "2019-10-11": SHARED_FEEDS / "metrics-2019-10-11.tsv",
    "2020-02-27": SHARED_FEEDS / "metrics-2020-02-27.tsv",
    "2020-04-16": SHARED_FEEDS / "metrics-2020-04-16.tsv",
}
ACTIVE_EDITORS = {"feed": FEED, "column": "active_editors", "unit": "/mo", "compact": True}
RETENTION = {"feed": FEED, "column": "new_editor_retention", "scale": 100, "kind": "percent", "unit": "/mo"}


@dataclass
class Served:
    """What the server answers: a body with its date, or a fault (a status and a body)."""

    body: bytes = b""
    date: str = ""  # 2020-04-16: the Last-Modified
    status: int = 200
    content_type: str = "text/tab-separated-values; charset=utf-8"
    requests: list[dict[str, Any]] = field(default_factory=list)

    def version(self, date: str) -> None:
        """Serve the real file of that date."""
        self.body, self.date, self.status = VERSIONS[date].read_bytes(), date, 200

    def text(self, text: str, date: str = "2020-05-01") -> None:
        self.body, self.date, self.status = text.encode(), date, 200

    @property
    def etag(self) -> str:
        return '"' + hashlib.sha256(self.body).hexdigest()[:16] + '"'


class FeedServer:
    def __init__(self) -> None:
        self.served = Served()
        served = self.served

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                conditional = self.headers.get("If-None-Match")
                served.requests.append(
                    {"path": self.path, "if_none_match": conditional, "user_agent": self.headers.get("User-Agent")}
                )
                if served.status != 200:
                    self._answer(served.status, served.body, "text/html")
                elif conditional == served.etag:
                    self._answer(304, b"", served.content_type)
                else:
                    self._answer(200, served.body, served.content_type)

            def _answer(self, status: int, body: bytes, content_type: str) -> None:
                self.send_response(status)
                self.send_header("ETag", served.etag)
                if served.date:
                    self.send_header("Last-Modified", f"{_http_date(served.date)}")
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: Any) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/metrics/metrics.tsv"

    @property
    def requests(self) -> list[dict[str, Any]]:
        return self.served.requests


def _http_date(day: str) -> str:
    from datetime import UTC, datetime
    from email.utils import format_datetime

    return format_datetime(datetime.fromisoformat(day).replace(hour=12, tzinfo=UTC), usegmt=True)


@contextmanager
def feed_server() -> Iterator[FeedServer]:
    server = FeedServer()
    thread = threading.Thread(target=server.httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.httpd.shutdown()
        server.httpd.server_close()
        thread.join()


def read_from_feed(workspace: Workspace, location: str | Path) -> Workspace:
    """The workspace's two headline metrics read `movement-metrics` at `location` (their Q1 stays the deck's)."""
    workspace.configure(feeds=[{"name": FEED, "location": str(location)}])
    metrics = workspace.metrics()
    for metric in metrics["metrics"]:
        if metric["id"] == "monthly-active-editors":
            metric["from_feed"] = dict(ACTIVE_EDITORS)
        elif metric["id"] == "new-editor-retention":
            metric["from_feed"] = dict(RETENTION)
    workspace.write_metrics(metrics)
    return workspace

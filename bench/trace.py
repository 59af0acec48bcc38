"""Run a Python program with every HTTP request it makes through `requests` logged as one JSON line.

    python -m bench.trace OUT.jsonl -m bot --config … sync --site-url …
    python -m bench.trace OUT.jsonl bench/naive_loop.py …

The server's `php -S` log shows GET query strings but not POST bodies, and pywikibot POSTs most API
calls; this wrapper records, per request: method, the API parameters that say what it was (action, meta,
prop, list, type, the number of titles), the HTTP status and the time it took. Nothing else changes:
the program runs as `python -m MODULE` or `python SCRIPT` would run it (runpy, same argv).
"""

from __future__ import annotations

import json
import os
import runpy
import sys
import time
import traceback
from collections.abc import Mapping
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import requests

_KEYS = ("action", "modules", "meta", "prop", "list", "type", "siprop", "uiprop", "generator", "rvprop", "tltemplates")


def _params(kwargs: Mapping[str, Any]) -> dict[str, Any]:
    merged: dict[str, Any] = {}
    for name in ("params", "data"):
        value = kwargs.get(name)
        if isinstance(value, Mapping):
            merged.update(value)
        elif isinstance(value, str | bytes):
            text = value.decode() if isinstance(value, bytes) else value
            merged.update(parse_qsl(text))
    return merged


def install(out_path: str, stack: bool = False) -> None:
    """Patch requests.Session.request to append one JSON line per request to `out_path`."""
    original = requests.Session.request
    out = open(out_path, "a", encoding="utf-8")  # noqa: SIM115 - closed at process exit

    def request(self: requests.Session, method: str, url: str, *args: Any, **kwargs: Any) -> requests.Response:
        params = {**dict(parse_qsl(urlsplit(str(url)).query)), **_params(kwargs)}
        started = time.perf_counter()
        response = original(self, method, url, *args, **kwargs)
        record: dict[str, Any] = {
            "method": method.upper(),
            "status": response.status_code,
            "ms": round((time.perf_counter() - started) * 1000, 1),
        }
        for key in _KEYS:
            if key in params:
                record[key] = str(params[key])
        titles = params.get("titles")
        if titles is not None:
            record["titles"] = len(str(titles).split("|"))
        if "title" in params:
            record["title"] = str(params["title"])
        if stack:
            record["where"] = [
                f"{frame.filename.split('site-packages/')[-1].split('/work/main/')[-1]}:{frame.lineno}:{frame.name}"
                for frame in traceback.extract_stack()[:-1]
                if ("pywikibot" in frame.filename or "/bot/" in frame.filename) and "/comms/" not in frame.filename
            ][-14:]
        out.write(json.dumps(record) + "\n")
        out.flush()
        return response

    requests.Session.request = request  # type: ignore[method-assign, assignment]


def main() -> None:
    if len(sys.argv) < 3:
        sys.exit("usage: python -m bench.trace OUT.jsonl (-m MODULE | SCRIPT) [ARGS...]")
    install(sys.argv[1], stack=os.environ.get("BENCH_TRACE_STACK") == "1")
    if sys.argv[2] == "-m":
        module = sys.argv[3]
        sys.argv = [module, *sys.argv[4:]]
        runpy.run_module(module, run_name="__main__", alter_sys=True)
    else:
        script = sys.argv[2]
        sys.argv = [script, *sys.argv[3:]]
        runpy.run_path(script, run_name="__main__")


if __name__ == "__main__":
    main()

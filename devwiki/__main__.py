"""Command line: `python -m devwiki serve` runs a throwaway local MediaWiki for humans until Ctrl-C."""

from __future__ import annotations

import argparse
import contextlib
import json
import signal
import sys
import time
from collections.abc import Iterator, Sequence
from pathlib import Path

from bot.errors import WikiError
from devwiki.datawiki import RunningDataWiki
from devwiki.running import RunningWiki
from devwiki.wiki import Account, DevWiki


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m devwiki", description="A throwaway local MediaWiki.")
    commands = parser.add_subparsers(dest="command", required=True)
    serve = commands.add_parser("serve", help="start a wiki and keep it running until Ctrl-C")
    serve.add_argument("--dir", type=Path, help="directory for the new wiki (default: a temporary one)")
    serve.add_argument("--port", type=int, help="port on 127.0.0.1 (default: a free one)")
    serve.add_argument("--install", action="store_true", help="apt-get install MediaWiki if missing (root)")
    serve.add_argument("--json", action="store_true", help="print the wiki's details as one JSON line")
    serve.add_argument(
        "--data-wiki",
        action="store_true",
        help="beside it, a data wiki with JsonConfig (as Commons) for the charts' data pages, same bot password",
    )
    args = parser.parse_args(argv)

    # Stop cleanly on SIGTERM (as from a demo script) and on SIGINT even where it was inherited as ignored
    # (a background job of a non-interactive shell).
    signal.signal(signal.SIGTERM, _raise_keyboard_interrupt)
    signal.signal(signal.SIGINT, _raise_keyboard_interrupt)
    try:
        with RunningWiki(args.dir, args.port, install=args.install) as wiki, _data_wiki(wiki, args.data_wiki) as data:
            print(_describe(wiki, as_json=args.json, data=data), flush=True)
            with contextlib.suppress(KeyboardInterrupt):
                while True:
                    time.sleep(3600)
    except WikiError as error:
        print(f"error: {error}", file=sys.stderr)
        return int(error.exit_status)
    except KeyboardInterrupt:
        return 130
    return 0


def _data_wiki(wiki: DevWiki, wanted: bool) -> contextlib.AbstractContextManager[DevWiki | None]:
    """The data wiki beside `wiki` (its bot with the same BotPassword, as Wikimedia's are global), if wanted."""
    return RunningDataWiki(bot_password=wiki.bot.password) if wanted else contextlib.nullcontext()


def _raise_keyboard_interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def _describe(wiki: DevWiki, *, as_json: bool, data: DevWiki | None = None) -> str:
    if as_json:
        accounts = {role: {"username": a.username, "password": a.password} for role, a in _roles(wiki)}
        details = {
            "url": wiki.page_url("Main Page"),
            "api_url": wiki.api_url,
            "directory": str(wiki.directory),
            "request_log": str(wiki.request_log),
            "accounts": accounts,
        }
        return json.dumps({**details, **({"data_api_url": data.api_url} if data is not None else {})})
    charts = ["--data-site-url", data.api_url] if data is not None else []
    lines = [
        f"A throwaway local MediaWiki is running in {wiki.directory}",
        f"  wiki:  {wiki.page_url('Main Page')}",
        f"  api:   {wiki.api_url}",
        "  accounts (local throwaway credentials, valid only on this wiki, gone when it stops):",
        *(f"    {role:<6} {a.username}  {a.password}" for role, a in _roles(wiki)),
        *([f"  data wiki (JsonConfig, for the charts): {data.api_url}"] if data is not None else []),
        "  publish to it:",
        f"    MTPBOT_USERNAME='{wiki.bot.username}' MTPBOT_PASSWORD='{wiki.bot.password}' "
        f"mtpbot sync --site-url {wiki.api_url} {' '.join(charts)}".rstrip(),
        *(
            []
            if data is not None
            else ["    (the shipped settings draw charts: add --data-wiki, or remove data_site:)"]
        ),
        f"  request log: {wiki.request_log}",
        "Press Ctrl-C to stop it.",
    ]
    return "\n".join(lines)


def _roles(wiki: DevWiki) -> Iterator[tuple[str, Account]]:
    yield "admin", wiki.admin
    yield "bot", wiki.bot
    yield "human", wiki.human


if __name__ == "__main__":
    sys.exit(main())

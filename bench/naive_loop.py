"""The naive pywikibot loop the benchmark compares mtpbot with: one read and one save per page.

    NAIVE_PASSWORD=… python bench/naive_loop.py --api-url URL --username MtpBot@mtpbot \
        --dir PYWIKIBOT_DIR --texts TEXTS.json --summary "…"

TEXTS.json maps each title to the text it should have. For each page, as most bot scripts are written:

    page = pywikibot.Page(site, title); old = page.text; page.text = new; page.save(summary)

The script writes its own user-config.py into --dir (kept between runs, as an operator's pywikibot
directory is: login cookies and the API cache stay there) with `family_files` pointing at the wiki,
`put_throttle = 0` and a BotPassword in a password file. It prints one JSON line: pages, seconds.
It never imports mtpbot.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

FAMILY = "naivewiki"


def write_user_config(directory: Path, api_url: str, username: str, password: str) -> None:
    account, _, suffix = username.partition("@")
    directory.mkdir(parents=True, exist_ok=True)
    passwords = directory / "passwords"
    fd = os.open(passwords, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        entry = f"BotPassword({suffix!r}, {password!r})" if suffix else repr(password)
        handle.write(f"({FAMILY!r}, {FAMILY!r}, {account!r}, {entry})\n")
    lines = [
        f"family = {FAMILY!r}",
        f"mylang = {FAMILY!r}",
        f"family_files[{FAMILY!r}] = {api_url!r}",
        f"usernames[{FAMILY!r}][{FAMILY!r}] = {account!r}",
        f"password_file = {str(passwords)!r}",
        "put_throttle = 0",
        "userinterface = 'buffer'",
        "log = []",
        "verbose_output = 0",
    ]
    (directory / "user-config.py").write_text("\n".join(lines) + "\n", encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--api-url", required=True)
    parser.add_argument("--username", required=True)
    parser.add_argument("--dir", type=Path, required=True, help="PYWIKIBOT_DIR, created on first use")
    parser.add_argument("--texts", type=Path, required=True, help="JSON object: title -> new text")
    parser.add_argument("--summary", default="Bot: MTP metrics (naive loop)")
    args = parser.parse_args()
    started = time.perf_counter()
    password = os.environ.get("NAIVE_PASSWORD", "")
    if not (args.dir / "user-config.py").is_file():
        write_user_config(args.dir, args.api_url, args.username, password)
    os.environ["PYWIKIBOT_DIR"] = str(args.dir)  # before the first import: pywikibot reads it once

    import pywikibot

    texts: dict[str, str] = json.loads(args.texts.read_text(encoding="utf-8"))
    site = pywikibot.Site(FAMILY, FAMILY)
    site.login()
    for title, new in texts.items():
        page = pywikibot.Page(site, title)
        old = page.text  # one read per page
        del old
        page.text = new
        page.save(args.summary)  # one save per page
    print(json.dumps({"pages": len(texts), "seconds": round(time.perf_counter() - started, 3)}))
    return 0


if __name__ == "__main__":
    sys.exit(main())

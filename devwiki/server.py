"""PHP's built-in web server (`php -S`) serving one wiki: started in a process group of its own, watched
through its log until MediaWiki answers, and stopped with all its workers.

The log (server.log in the wiki's directory) gets one line per finished request, e.g.
"[4242] [Mon Nov 23 23:12:31 2026] 127.0.0.1:47638 [200]: GET /api.php?action=query&meta=siteinfo"
(POST bodies are not logged). "Accepted" / "Closing" lines bracket each connection.
"""

from __future__ import annotations

import contextlib
import os
import re
import signal
import socket
import subprocess
import time
from pathlib import Path

import requests

from bot.errors import WikiError

SERVER_WORKERS = 4  # parallel requests in `php -S`; SQLite serialises the writes
READY_TIMEOUT = 20.0  # seconds until api.php must answer
STOP_TIMEOUT = 5.0  # seconds for the server's processes to exit after SIGTERM
LOG_NAME = "server.log"

_API_REQUEST_LINE = re.compile(rb"\[\d{3}\]: [A-Z]+ /api\.php")
_ACCEPTED_LINE = re.compile(rb" Accepted$", re.MULTILINE)
_CLOSING_LINE = re.compile(rb" Closing$", re.MULTILINE)


def free_port() -> int:
    """A TCP port on 127.0.0.1 that was free a moment ago."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def start_server(mediawiki: Path, directory: Path, port: int) -> subprocess.Popen[bytes]:
    """`php -S 127.0.0.1:PORT` over the MediaWiki code, for the wiki whose LocalSettings.php is in `directory`."""
    # MW_CONFIG_FILE works for the web server too (wfDetectLocalSettingsFile reads it with getenv), so the
    # docroot is the shared MediaWiki code and Debian's /usr/share/mediawiki/LocalSettings.php symlink into
    # /etc/mediawiki is never read.
    env = {
        **os.environ,
        "MW_CONFIG_FILE": str(directory / "LocalSettings.php"),
        "PHP_CLI_SERVER_WORKERS": str(SERVER_WORKERS),
    }
    # No router script: Debian 13's MediaWiki 1.43 ships none (1.39's maintenance/dev/ is gone), and a bare
    # `php -S` serves MediaWiki's entry points and its static files on both, as MediaWiki's own `composer serve`
    # does on both.
    command = ["php", "-S", f"127.0.0.1:{port}", "-t", str(mediawiki)]
    # Append mode: the master and every worker write to the same file, and O_APPEND keeps lines whole.
    with (directory / LOG_NAME).open("ab") as log:
        # A session of its own, so that stop() can signal the master and its workers as one group: the
        # master does not pass SIGTERM on, and orphaned workers would go on listening.
        return subprocess.Popen(
            command,
            cwd=mediawiki,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


def wait_until_listening(process: subprocess.Popen[bytes], log: Path, port: int) -> bool:
    """True once PHP says it listens; False if it exited (typically: the port is taken)."""
    started = f"(http://127.0.0.1:{port}) started".encode()
    deadline = time.monotonic() + READY_TIMEOUT
    while time.monotonic() < deadline:
        if started in log.read_bytes():
            return True
        if process.poll() is not None:
            return False
        time.sleep(0.01)
    return False


def wait_until_ready(api_url: str, directory: Path, process: subprocess.Popen[bytes]) -> None:
    """Return once api.php answers siteinfo; raise a WikiError with the log's tail if it does not in time."""
    deadline = time.monotonic() + READY_TIMEOUT
    params = {"action": "query", "meta": "siteinfo", "format": "json"}
    last_problem = "no answer yet"
    while time.monotonic() < deadline:
        if process.poll() is not None:
            last_problem = f"the server exited with status {process.returncode}"
            break
        try:
            reply = requests.get(api_url, params=params, timeout=5)
            if "general" in reply.json().get("query", {}):
                return
            last_problem = f"unexpected answer: {reply.text[:300]}"
        except (requests.RequestException, ValueError) as error:
            last_problem = str(error)
        time.sleep(0.05)
    raise WikiError(
        f"The local wiki at {api_url} did not answer siteinfo within {READY_TIMEOUT:.0f} s "
        f"({last_problem}).\n{log_tail(directory)}",
        "check PHP and its extensions (pdo_sqlite, intl, mbstring, xml); `python -m devwiki serve "
        "--dir DIR` keeps the wiki's files and full log in DIR",
    )


def count_api_requests(log: Path) -> int:
    """How many api.php requests the log shows, once the connections still open have finished (up to 1 s)."""
    deadline = time.monotonic() + 1.0
    while True:
        text = log.read_bytes()
        open_connections = len(_ACCEPTED_LINE.findall(text)) - len(_CLOSING_LINE.findall(text))
        if open_connections <= 0 or time.monotonic() > deadline:
            return len(_API_REQUEST_LINE.findall(text))
        time.sleep(0.01)


def log_tail(directory: Path, lines: int = 15) -> str:
    try:
        text = (directory / LOG_NAME).read_text(errors="replace")
    except OSError:
        return "(no server log)"
    return "server log tail:\n" + "\n".join(text.splitlines()[-lines:])


def stop_process_group(process: subprocess.Popen[bytes]) -> None:
    """SIGTERM the server's group (SIGKILL after STOP_TIMEOUT) and wait until none of its processes is alive."""
    pgid = process.pid  # start_new_session made the master the leader of its own group
    with contextlib.suppress(ProcessLookupError):
        os.killpg(pgid, signal.SIGTERM)
    try:
        process.wait(timeout=STOP_TIMEOUT)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(pgid, signal.SIGKILL)
        process.wait()
    # The workers are not our children, so we cannot reap them; wait until none is alive (the init
    # process reaps the zombies within about a second).
    deadline = time.monotonic() + STOP_TIMEOUT
    while live_group_members(pgid):
        if time.monotonic() > deadline:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(pgid, signal.SIGKILL)
            break
        time.sleep(0.01)


def live_group_members(pgid: int) -> list[int]:
    """Process ids of the live (not zombie) processes in a process group, read from Linux's /proc."""
    members = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:  # the process ended while we looked
            continue
        # Fields after the parenthesised command name: state, ppid, pgrp, ...
        state, _ppid, pgrp = stat.rsplit(")", 1)[1].split()[:3]
        if int(pgrp) == pgid and state not in ("Z", "X"):
            members.append(int(entry.name))
    return members

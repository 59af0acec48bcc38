"""A run killed outright leaves no secret where others could find it; the next start leaves none anywhere.

`python -m bot … sync` runs as a separate process, with its temporary directory (TMPDIR) and its home in
folders of the test, logged in with a BotPassword from the environment, and is killed with SIGKILL at its
first save — after the login, with the session live. No exit handler runs. Then no file outside the
private state directory (MTPBOT_STATE_DIR) may hold the password or the session cookie the run was using,
and no file at all may hold the password: it never touches the disk. The login cookie lives in the state
directory only (mode 0700), where the next run reuses it.

Temporary folders that killed runs of a library caller (or of the versions that wrote the password to a
file there) left behind are removed at the next start.
"""

from __future__ import annotations

import json
import os
import signal
import stat
import subprocess
import sys
import threading
import time
from http.cookies import SimpleCookie
from pathlib import Path

import pytest

from bot.errors import ExitStatus
from bot.mediawiki import scratch
from devwiki import DevWiki
from tests.safety.conftest import FaultRecorder
from tests.support.proxy import Seen, WikiProxy
from tests.support.workspace import (
    ONE_TABLE,
    ROOT,
    PageSpec,
    Workspace,
    make_workspace,
    templates_with_one_table,
    unique,
)

PAGES = 3
# A library caller (no state directory) logs in, loses its session (logged out on the wiki) and lets
# pywikibot log in again by itself, as it does when a session expires during a run: pywikibot's login
# manager takes the password from memory too. Then it lists the files under its TMPDIR holding the password.
RELOGIN = """
import json, os, sys
from pathlib import Path
from bot.mediawiki import SiteSettings
from bot.mediawiki.session import connect

api_url, tmp = sys.argv[1], Path(os.environ["TMPDIR"])
settings = SiteSettings(family="meta", code="meta", api_url=api_url, put_throttle=0, max_retries=1, retry_wait=1)
site = connect(settings.with_credentials_from(os.environ)).site
site.logout()
out = not site.logged_in()
site.login()
secret = os.environ["MTPBOT_PASSWORD"].encode()
held = [str(p) for p in tmp.rglob("*") if p.is_file() and secret in p.read_bytes()]
user = site.userinfo
rights = "bot" in user.get("rights", [])
print(json.dumps({"logged_out": out, "user": user.get("name"), "rights": rights, "held": held}))
"""


def _kill_at_first_save(workspace: Workspace, proxy: WikiProxy, env: dict[str, str]) -> tuple[int, list[str]]:
    """Run `sync`, SIGKILL it when its first save arrives; return its pid and the session cookie values it
    sent with that save."""
    started = threading.Event()
    process: list[subprocess.Popen[str]] = []
    cookies: list[str] = []

    def hook(seen: Seen) -> None:
        started.wait(10)
        if seen.is_save and not cookies:
            jar = SimpleCookie(seen.headers.get("Cookie", ""))
            cookies.extend(morsel.value for morsel in jar.values() if len(morsel.value) >= 16)
            cookies.append("")  # marks the kill even without a long cookie value
            os.kill(process[0].pid, signal.SIGKILL)

    proxy.before(hook)
    command = workspace.sync_command("--json")
    process.append(subprocess.Popen(command, env=env, cwd=workspace.folder, stdout=subprocess.PIPE, text=True))
    started.set()
    try:
        process[0].communicate(timeout=120)
    finally:
        if process[0].poll() is None:
            process[0].kill()
            process[0].wait()
        proxy.wait_idle()
        proxy.clear()
    assert process[0].returncode == -signal.SIGKILL
    return process[0].pid, [value for value in cookies if value]


def _holding(folder: Path, secrets: list[str], *, outside: Path | None = None) -> list[str]:
    """The files under `folder` (but not under `outside`) whose bytes contain any of `secrets`."""
    found = []
    for path in sorted(folder.rglob("*")):
        if outside is not None and path.is_relative_to(outside):
            continue
        if path.is_file() and not path.is_symlink():
            data = path.read_bytes()
            found += [f"{path.relative_to(folder)}" for secret in secrets if secret.encode() in data]
    return found


@pytest.mark.wiki
def test_a_killed_run_leaves_no_secret_behind_and_the_next_start_none_anywhere(
    tmp_path: Path, devwiki: DevWiki, proxy: WikiProxy, faults: FaultRecorder
) -> None:
    base = unique("Secrets")
    pages = [PageSpec(f"{base}/Page {i}", ONE_TABLE) for i in range(PAGES)]
    templates = templates_with_one_table(tmp_path)
    workspace = make_workspace(tmp_path / "work", devwiki, proxy.api_url, pages, label="Secrets", templates=templates)
    tmp, home = tmp_path / "tmp", tmp_path / "home"
    tmp.mkdir()
    home.mkdir()
    env = workspace.process_env(TMPDIR=str(tmp), HOME=str(home))
    password = workspace.wiki.bot.password
    state = workspace.state_dir

    pid, session = _kill_at_first_save(workspace, proxy, env)
    faults.add(
        "SIGKILL with the session live (secrets on disk)",
        outcome="no password on disk, the login cookie in the private state directory only",
    )

    assert session, "the killed run sent no session cookie"
    assert _holding(tmp_path, [password, *session], outside=state) == []
    assert _holding(state, [password]) == []
    assert sorted(p.name for p in tmp.iterdir()) == []
    cookie_files = _holding(state, session)
    assert cookie_files, "the login cookie was not kept in the state directory"
    for name in cookie_files:
        assert stat.S_IMODE((state / name).stat().st_mode) & 0o077 == 0, name
    assert stat.S_IMODE(state.stat().st_mode) == 0o700

    # What killed runs leave in the temporary directory: a library caller's folder (named after its dead
    # process) and, from the versions that wrote it there, a password file in a folder an hour old.
    for name in (f"mtpbot-pywikibot-{pid}-k3x9q2_a", "mtpbot-pywikibot-q7w_2zt1"):
        (tmp / name).mkdir(mode=0o700)
        (tmp / name / "passwords").write_text(f"('MtpBot', BotPassword('mtpbot', {password!r}))\n")
    hour_ago = time.time() - 3700
    os.utime(tmp / "mtpbot-pywikibot-q7w_2zt1", (hour_ago, hour_ago))

    done = subprocess.run(
        workspace.sync_command("--json"), env=env, cwd=workspace.folder, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == ExitStatus.OK, done.stderr
    assert sorted(p.name for p in tmp.iterdir()) == []
    assert _holding(tmp_path, [password]) == []


@pytest.mark.wiki
def test_pywikibot_logs_in_again_with_the_password_from_memory(tmp_path: Path, devwiki: DevWiki) -> None:
    env = {key: value for key, value in os.environ.items() if not key.startswith(("PYWIKIBOT", "MTPBOT_"))}
    env.update(PYTHONPATH=str(ROOT), TMPDIR=str(tmp_path), HOME=str(tmp_path))
    env.update(MTPBOT_USERNAME=devwiki.bot.username, MTPBOT_PASSWORD=devwiki.bot.password)
    command = [sys.executable, "-c", RELOGIN, devwiki.api_url]
    done = subprocess.run(command, env=env, cwd=tmp_path, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == {"logged_out": True, "user": "MtpBot", "rights": True, "held": []}
    assert list(tmp_path.iterdir()) == []  # its private folder (login cookie, cache) removed at exit


def test_only_the_folders_of_killed_runs_are_removed(tmp_path: Path) -> None:
    live = tmp_path / f"{scratch.PREFIX}{os.getpid()}-abc"  # this process: alive
    young = tmp_path / f"{scratch.PREFIX}q7w_2zt1"  # an older version's, still young: maybe in use
    other = tmp_path / "mtpbot-other"
    with subprocess.Popen([sys.executable, "-c", "pass"]) as ended:
        ended.wait()
    dead = tmp_path / f"{scratch.PREFIX}{ended.pid}-abc"
    for folder in (live, young, other, dead):
        folder.mkdir()
    assert scratch.remove_leftovers(tmp_path) == [dead]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(p.name for p in (live, young, other))

"""pywikibot's temporary directory, for a process that has no state directory (a library caller).

pywikibot keeps its login cookie, API cache and throttle file in its configuration directory. The CLI gives
it the private state directory (bot.ops.state); a caller without one gets a private temporary folder
(mode 0700) named after its process (`mtpbot-pywikibot-<pid>-…`), removed when the process exits. A process
killed outright (SIGKILL, the OOM killer, a power cut) cannot remove it: the next start of any mtpbot process
removes the folders whose process is gone, as well as those of versions before the process id was in the
name (`mtpbot-pywikibot-…` with a password file inside) once they are an hour old — no run lasts that long.
"""

from __future__ import annotations

import atexit
import logging
import os
import shutil
import stat
import tempfile
import time
from pathlib import Path

log = logging.getLogger(__name__)

PREFIX = "mtpbot-pywikibot-"
LEGACY_AGE = 3600.0  # seconds: a folder without a process id in its name is left alone while younger


def private_folder() -> Path:
    """A new private temporary folder for this process, removed at exit."""
    folder = Path(tempfile.mkdtemp(prefix=f"{PREFIX}{os.getpid()}-"))  # mode 0700
    # Registered before pywikibot's own exit handlers, so it runs after them (atexit is LIFO).
    atexit.register(shutil.rmtree, folder, True)
    return folder


def remove_leftovers(root: Path | None = None) -> list[Path]:
    """Remove the temporary folders of mtpbot processes that were killed (in `root`, by default the
    temporary directory); return them."""
    removed = []
    base = Path(tempfile.gettempdir()) if root is None else root
    try:
        candidates = sorted(base.glob(PREFIX + "*"))
    except OSError:
        return []
    for folder in candidates:
        if _abandoned(folder):
            shutil.rmtree(folder, ignore_errors=True)
            log.debug("removed %s, left behind by a killed run", folder)
            removed.append(folder)
    return removed


def _abandoned(folder: Path) -> bool:
    """Ours, and its process is gone (or, named as before, it is an hour old)."""
    try:
        info = folder.lstat()
    except OSError:
        return False
    if not stat.S_ISDIR(info.st_mode) or info.st_uid != os.getuid():
        return False
    pid = folder.name[len(PREFIX) :].partition("-")[0]
    if pid.isdigit() and "-" in folder.name[len(PREFIX) :]:
        return not _alive(int(pid))
    return time.time() - info.st_mtime > LEGACY_AGE


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # it exists, as another user's process
        return True
    return True

"""One run at a time: an advisory lock on a file, held for the whole sync.

The kernel releases the lock when the process ends, however it ends (even SIGKILL), so a crashed run
never leaves a stale lock behind.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from bot.errors import LockHeldError


def default_lock_path(config_path: Path, state: Path) -> Path:
    """One lock per configuration, in the state directory.

    It keeps two runs of one configuration on one machine (and one state directory) from overlapping: a cron
    run and a hand run, or a run that outlasts its week. It cannot see a run on another host or with another
    state directory: run the job in one place.
    """
    key = hashlib.sha256(str(config_path.resolve()).encode()).hexdigest()[:12]
    return state / f"run-{key}.lock"


@contextmanager
def run_lock(path: Path) -> Iterator[None]:
    handle = open(path, "a+")  # noqa: SIM115 - held open for the life of the lock
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "another process"
            raise LockHeldError(
                f"another mtpbot run is in progress ({holder}, lock {path})",
                hint="wait for it to finish; runs never overlap. The lock goes away with its process.",
            ) from None
        handle.seek(0)
        handle.truncate()
        handle.write(f"pid {os.getpid()}\n")
        handle.flush()
        yield
    finally:
        handle.close()

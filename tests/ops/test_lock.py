"""One run at a time, and a killed run never leaves a stale lock behind."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bot.errors import LockHeldError
from bot.ops.lock import default_lock_path, run_lock


def test_each_configuration_has_its_own_lock_in_the_state_directory(tmp_path: Path) -> None:
    first, second = default_lock_path(tmp_path / "a.yaml", tmp_path), default_lock_path(tmp_path / "b.yaml", tmp_path)
    assert first != second and first == default_lock_path(tmp_path / "a.yaml", tmp_path)
    assert first.parent == tmp_path


def test_a_held_lock_refuses_a_second_run_and_names_the_holder(tmp_path: Path) -> None:
    path = tmp_path / "mtpbot.lock"
    with run_lock(path), pytest.raises(LockHeldError, match=f"pid {os.getpid()}"), run_lock(path):
        pass
    with run_lock(path):  # released
        pass


def test_a_killed_run_releases_its_lock(tmp_path: Path) -> None:
    path = tmp_path / "mtpbot.lock"
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            f"from bot.ops.lock import run_lock\nwith run_lock({str(path)!r}):\n print('held', flush=True)\n input()",
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
    with pytest.raises(LockHeldError), run_lock(path):
        pass
    holder.send_signal(signal.SIGKILL)
    holder.wait(timeout=10)
    deadline = time.monotonic() + 5
    while True:
        try:
            with run_lock(path):
                break
        except LockHeldError:
            assert time.monotonic() < deadline, "the lock outlived its process"
            time.sleep(0.05)

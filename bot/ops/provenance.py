"""Which revision of the metrics an edit publishes: the git commit of the data files, when in git.

Edit summaries end with "(data abc1234)" so that a reviewer can find the exact source of every figure;
"abc1234+" means the files had uncommitted changes when the bot ran.
"""

from __future__ import annotations

import subprocess
from collections.abc import Sequence
from pathlib import Path


def data_revision(paths: Sequence[Path]) -> str:
    if not paths:
        return ""
    folder = paths[0].parent
    names = [str(p) for p in paths]
    try:
        commit = _git(folder, "log", "-1", "--format=%h", "--", *names)
        if not commit:
            return ""
        dirty = _git(folder, "status", "--porcelain", "--", *names)
    except (OSError, subprocess.SubprocessError):
        return ""  # not a git checkout, or no git: the summary just goes without it
    return commit + ("+" if dirty else "")


def _git(folder: Path, *args: str) -> str:
    done = subprocess.run(["git", "-C", str(folder), *args], capture_output=True, text=True, timeout=10, check=True)
    return done.stdout.strip()

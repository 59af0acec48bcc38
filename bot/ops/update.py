"""Bringing the data to the commit a scheduled run publishes: a fast-forward-only update of the clone.

`mtpbot sync --pull` calls `fast_forward` on the clone that holds the settings before it loads them. It
never merges, rebases, stashes or resets: a clone with local changes, with commits its upstream does not
have, or that cannot fetch is refused (DataUpdateError, exit 2) and nothing is published, because the
figures on the wiki must be a commit that everyone can see upstream.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import NoReturn

from bot.errors import ExitStatus, MtpbotError
from bot.ops.lock import run_lock
from bot.ops.provenance import GitProblem, git

FETCH_TIMEOUT = 120  # seconds: a fetch that hangs (network, a password prompt) must not hang the job
SHOWN_PATHS = 5


class DataUpdateError(MtpbotError):
    """The clone of the data cannot be brought to its upstream's commit; nothing was published."""

    exit_status = ExitStatus.BAD_INPUT


@dataclass(frozen=True)
class DataUpdate:
    """What a fast-forward did: the commit before and after (abbreviated), and the upstream branch followed."""

    clone: Path
    upstream: str
    before: str
    after: str
    commits: int

    @property
    def moved(self) -> bool:
        return self.before != self.after

    def describe(self) -> str:
        if not self.moved:
            return f"data: {self.after}, up to date with {self.upstream}"
        commits = f"{self.commits} commit{'s' if self.commits != 1 else ''}"
        return f"data: updated {self.before} → {self.after} ({commits} from {self.upstream})"


def fast_forward(folder: Path) -> DataUpdate:
    """Fetch the upstream of the clone holding `folder` and fast-forward to it; DataUpdateError otherwise."""
    clone = Path(_git(folder, "rev-parse", "--show-toplevel"))
    # One update at a time per clone (exit 4 for the second), in the clone's own git folder.
    with run_lock(Path(clone, _git(clone, "rev-parse", "--git-path", "mtpbot-update.lock"))):
        _refuse_local_changes(clone)
        upstream = _upstream(clone)
        _git(clone, "fetch", "--quiet", timeout=FETCH_TIMEOUT, env=_non_interactive())
        # Abbreviated as edit summaries abbreviate commits, so that the log and the summaries agree.
        before, after = _git(clone, "rev-parse", "--short", "HEAD"), _git(clone, "rev-parse", "--short", "@{upstream}")
        commits = 0
        if before != after:
            ahead, behind = _git(clone, "rev-list", "--left-right", "--count", "HEAD...@{upstream}").split()
            if int(ahead):
                raise _diverged(clone, upstream, int(ahead), int(behind))
            _git(clone, "merge", "--ff-only", "--quiet", "@{upstream}")
            commits = int(behind)
        return DataUpdate(clone, upstream, before, _git(clone, "rev-parse", "--short", "HEAD"), commits)


def _refuse_local_changes(clone: Path) -> None:
    changes = _git(clone, "status", "--porcelain", "--untracked-files=normal").splitlines()
    if changes:
        shown = ", ".join(line[3:] for line in changes[:SHOWN_PATHS]) + (", …" if len(changes) > SHOWN_PATHS else "")
        raise DataUpdateError(
            f"the clone {clone} has local changes ({len(changes)}: {shown}); the data it would publish is no commit",
            hint=f"commit and push them from a working copy, then drop them here (`git -C {clone} status` shows "
            "them); the scheduled clone must hold only what its upstream holds",
        )


def _upstream(clone: Path) -> str:
    try:
        return git(clone, "rev-parse", "--abbrev-ref", "--symbolic-full-name", "@{upstream}")
    except GitProblem as problem:
        raise DataUpdateError(
            f"the clone {clone} follows no upstream branch ({problem})",
            hint=f"check out the branch to publish from, with its upstream: `git -C {clone} switch main` "
            "(a clone made by `git clone` has one)",
        ) from None


def _diverged(clone: Path, upstream: str, ahead: int, behind: int) -> DataUpdateError:
    state = f"has diverged from {upstream}" if behind else f"is ahead of {upstream}"
    return DataUpdateError(
        f"the clone {clone} {state}: {ahead} local commit{'s' if ahead != 1 else ''} that {upstream} does not "
        "have; a fast-forward is impossible",
        hint=f"push those commits upstream, or drop them (`git -C {clone} log {upstream}..HEAD` lists them); "
        "the job never merges",
    )


def _non_interactive() -> dict[str, str]:
    """No prompt for a password or a host key: a scheduled job has nobody to answer it."""
    env = dict(os.environ)
    env["GIT_TERMINAL_PROMPT"] = "0"
    env.setdefault("GIT_SSH_COMMAND", "ssh -o BatchMode=yes")
    return env


def _git(folder: Path, *args: str, timeout: float = 10, env: dict[str, str] | None = None) -> str:
    try:
        return git(folder, *args, timeout=timeout, env=env)
    except GitProblem as problem:
        raise DataUpdateError(
            f"cannot update the data clone: {problem}",
            hint="nothing was published; fix the clone (it must be a git clone owned by the job's user, with "
            "an upstream it can fetch) and run again",
        ) from None


def restart() -> NoReturn:
    """Run this same command again in a new process, on the commit just checked out.

    The clone holds mtpbot's code and templates as well as the data, and this process has imported part of
    the old code already (the rest is imported lazily): going on would mix two versions. The new process
    finds the clone up to date and runs on one commit throughout.
    """
    sys.stdout.flush()
    sys.stderr.flush()
    os.execv(sys.executable, [sys.executable, *sys.orig_argv[1:]])

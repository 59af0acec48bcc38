"""Which revision of the metrics an edit publishes: the git commit of the data files, when in git.

Edit summaries end with "(data abc1234)" so that a reviewer can find the exact source of every figure;
"abc1234+" means the files had uncommitted changes when the bot ran. When the commit cannot be known
(no git, not a clone, a clone git refuses to read because another user owns it, files never committed),
the revision says why, so that the run can warn instead of dropping it silently.
"""

from __future__ import annotations

import subprocess
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

GIT_TIMEOUT = 10  # seconds; a local git command answers in milliseconds


@dataclass(frozen=True)
class DataRevision:
    """The commit of the data files ("" when unknown, with `problem` saying why)."""

    commit: str = ""
    dirty: bool = False
    problem: str = ""

    @property
    def label(self) -> str:
        """What edit summaries and reports carry: "abc1234", "abc1234+" (uncommitted changes) or ""."""
        return self.commit + ("+" if self.dirty and self.commit else "")

    @property
    def warning(self) -> str:
        return f"the data commit is unknown: {self.problem}" if self.problem else ""


class GitProblem(Exception):
    """git could not answer; the message says why in an operator's words."""


def find_data_revision(paths: Sequence[Path]) -> DataRevision:
    if not paths:
        return DataRevision(problem="no data file is configured")
    folder = paths[0].parent
    names = [str(p) for p in paths]
    try:
        commit = git(folder, "log", "-1", "--format=%h", "--", *names)
        if not commit:
            return DataRevision(problem=f"the data files are not committed in the git repository of {folder}")
        dirty = git(folder, "status", "--porcelain", "--", *names)
    except GitProblem as problem:
        return DataRevision(problem=str(problem))
    return DataRevision(commit, dirty=bool(dirty))


def git(folder: Path, *args: str, timeout: float = GIT_TIMEOUT, env: dict[str, str] | None = None) -> str:
    """`git -C folder ARGS`, its output without the final newline; GitProblem (in words) when it cannot."""
    try:
        done = subprocess.run(
            ["git", "-C", str(folder), *args],
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
            stdin=subprocess.DEVNULL,
            env=env,
        )
    except FileNotFoundError:
        raise GitProblem("git is not installed (no `git` command on PATH)") from None
    except subprocess.TimeoutExpired:
        raise GitProblem(f"`git {args[0]}` in {folder} did not finish within {timeout:g} s") from None
    except OSError as error:
        raise GitProblem(f"git could not run in {folder}: {error.strerror or error}") from None
    if done.returncode != 0:
        raise GitProblem(_in_words(folder, done.stderr))
    return done.stdout.rstrip()  # porcelain lines may start with a space


def _in_words(folder: Path, stderr: str) -> str:
    if "dubious ownership" in stderr:
        return (
            f'git refuses to read {folder}: the clone belongs to another user ("dubious ownership"); '
            "run the job as the user that owns the clone"
        )
    if "not a git repository" in stderr.lower():
        return f"{folder} is not in a git repository"
    lines = [line.strip() for line in stderr.splitlines() if line.strip()]
    first = next((line for line in lines if line.startswith(("fatal:", "error:"))), lines[0] if lines else "")
    return f"git failed in {folder}: {first}" if first else f"git failed in {folder}"

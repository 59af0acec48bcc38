"""Data repositories as a scheduled job sees them: a bare upstream, a maintainer's working copy that commits
and pushes new figures, and the job's own clone. Real git, no mocks."""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

# Commits made by the tests carry a fixed identity, whatever the machine's git configuration says.
IDENTITY = {
    "GIT_AUTHOR_NAME": "Metrics Maintainer",
    "GIT_AUTHOR_EMAIL": "maintainer@example.org",
    "GIT_COMMITTER_NAME": "Metrics Maintainer",
    "GIT_COMMITTER_EMAIL": "maintainer@example.org",
}


def git(cwd: Path, *args: str) -> str:
    """`git ARGS` in `cwd`, as this process's user; its output, stripped. Fails the test when git fails."""
    env = {**os.environ, **IDENTITY, "GIT_CONFIG_NOSYSTEM": "1"}
    done = subprocess.run(["git", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0, f"git {' '.join(args)} in {cwd} failed:\n{done.stderr}"
    return done.stdout.strip()


@dataclass(frozen=True)
class DataRepository:
    """An upstream (bare) and the maintainer's working copy of it, on branch main."""

    upstream: Path
    maintainer: Path

    @classmethod
    def create(cls, folder: Path) -> DataRepository:
        """An empty upstream and working copy in `folder`; the first `publish` makes the first commit."""
        upstream, maintainer = folder / "upstream.git", folder / "maintainer"
        folder.mkdir(parents=True, exist_ok=True)
        git(folder, "init", "--quiet", "--bare", "--initial-branch=main", str(upstream))
        git(folder, "clone", "--quiet", str(upstream), str(maintainer))
        git(maintainer, "checkout", "--quiet", "-B", "main")
        return cls(upstream, maintainer)

    def publish(self, message: str) -> str:
        """Commit everything in the working copy and push it upstream; the short hash of the commit."""
        git(self.maintainer, "add", "--all")
        git(self.maintainer, "commit", "--quiet", "--allow-empty", "-m", message)
        git(self.maintainer, "push", "--quiet", "origin", "HEAD:main")
        return self.head(self.maintainer)

    def clone(self, destination: Path) -> Path:
        """The job's clone of the upstream, as `git clone` makes it (branch main, tracking origin/main)."""
        git(destination.parent, "clone", "--quiet", str(self.upstream), str(destination))
        return destination

    @staticmethod
    def head(clone: Path) -> str:
        """The commit checked out, abbreviated as edit summaries abbreviate it."""
        return git(clone, "log", "-1", "--format=%h")

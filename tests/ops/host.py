"""A server in a folder, to run the deploy files as docs/operations.md sets them up: a throwaway system account (made
by the guide's own `useradd` line), the guide's paths moved under one sandbox folder (/srv/mtpbot becomes
SANDBOX/srv/mtpbot, …), and an upstream repository served over git:// as a forge would serve it.

Two things stand in for the network: pip installs mtpbot from its clone without an index (its dependencies
are copied from this test run's environment), and mtpbot is pointed at the local wiki with --site-url.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Mapping, Sequence
from importlib import metadata
from pathlib import Path

import pytest
from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parents[2]
OPERATIONS = ROOT / "docs" / "operations.md"  # the operators' guide: its set-up commands are run here
DEPLOY = ROOT / "deploy"
# The server's paths the guide and the deploy files name; the sandbox holds each under its own folder.
SERVER_PATHS = ("/srv/mtpbot", "/var/lib/mtpbot", "/var/log/mtpbot", "/etc/mtpbot")
# What a root shell on a Debian server has (not this test run's PATH, which may name folders of root's).
ROOT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"


def require_root() -> None:
    """The deploy files run as their own account: making one needs root. Skipped otherwise, except in CI."""
    missing = [tool for tool in ("useradd", "userdel", "runuser", "git") if shutil.which(tool) is None]
    problem = "needs root (useradd, runuser)" if os.geteuid() != 0 else f"needs {', '.join(missing)}" if missing else ""
    if problem and os.environ.get("CI") == "true":
        pytest.fail(f"running the deploy files as their own account {problem}; CI runs as root", pytrace=False)
    if problem:
        pytest.skip(f"running the deploy files as their own account {problem} (CI runs as root)")


def code_blocks(after_heading: str) -> list[str]:
    """The ```sh blocks of the section of docs/operations.md whose heading starts with `after_heading`, continuation
    lines joined."""
    text = OPERATIONS.read_text(encoding="utf-8")
    start = text.index(after_heading)
    end = text.find("\n#", start + len(after_heading))
    section = text[start : end if end > 0 else len(text)]
    blocks = re.findall(r"```sh\n(.*?)```", section, re.DOTALL)
    return [block.replace("\\\n", " ") for block in blocks]


def commands(block: str) -> list[str]:
    """The command lines of a block, without their trailing comments."""
    lines = [line.split("  #", 1)[0].rstrip() for line in block.splitlines()]
    return [line for line in lines if line and not line.startswith("#")]


class Sandbox:
    """The folder that stands for a server's root, and an account of the server."""

    def __init__(self, folder: Path, user: str) -> None:
        self.folder, self.user = folder, user

    def path(self, server_path: str) -> Path:
        return self.folder / server_path.lstrip("/")

    def localize(self, text: str, *, user: bool = False) -> str:
        """The guide's or a deploy file's text with the server's paths moved into the sandbox; with `user`,
        the account `mtpbot` (a word of its own, not in a path or a login name) renamed too."""
        for server_path in SERVER_PATHS:
            text = text.replace(server_path, str(self.path(server_path)))
        return re.sub(r"(?<![\w/@.-])mtpbot(?![\w/@.-])", self.user, text) if user else text

    def as_user(
        self, argv: Sequence[str], env: Mapping[str, str], cwd: Path, timeout: float = 300
    ) -> subprocess.CompletedProcess[str]:
        """`argv` as the account, in `cwd`, with exactly `env` (nothing of this process's environment)."""
        # env changes to `cwd` as the account: a folder the account cannot enter fails as it would in the job
        command = ["runuser", "-u", self.user, "--", "env", "-i", "-C", str(cwd), *(f"{k}={v}" for k, v in env.items())]
        return subprocess.run(
            [*command, *argv],
            cwd="/",
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )

    def home(self) -> Path:
        entry = subprocess.run(["getent", "passwd", self.user], capture_output=True, text=True, check=True).stdout
        return Path(entry.split(":")[5])

    def is_clean(self, clone: Path) -> bool:
        """Whether git, run by the account (git refuses another user's clone), sees no change in the clone."""
        done = self.as_user(["git", "status", "--porcelain"], {"PATH": "/usr/bin:/bin"}, clone)
        assert done.returncode == 0, done.stderr
        return done.stdout == ""

    def remove_user(self) -> None:
        """The account, and what its runs left in /tmp (mtpbot's lock files)."""
        entry = subprocess.run(["getent", "passwd", self.user], capture_output=True, text=True).stdout
        if entry:
            uid = int(entry.split(":")[2])
            for left in Path(tempfile.gettempdir()).glob("mtpbot-*"):
                if left.is_file() and left.stat().st_uid == uid:
                    left.unlink()
        subprocess.run(["userdel", self.user], capture_output=True, check=False)


def run_as_root(script: str, env: Mapping[str, str]) -> None:
    """Lines of docs/operations.md, run by bash as root the way an operator pastes them (stopping at an error)."""
    done = subprocess.run(
        ["bash", "-e", "-c", script], env=dict(env), cwd="/", capture_output=True, text=True, timeout=600, check=False
    )
    assert done.returncode == 0, f"the guide's commands failed:\n{script}\n{done.stdout}\n{done.stderr}"


# --- the stand-ins for the network --------------------------------------------------------------------------


def offline_pip(dependencies: Path) -> dict[str, str]:
    """The environment in which the guide's `pip install … -e .` works without a package index: mtpbot
    itself from its clone, its dependencies found on PYTHONPATH while it installs (see `add_dependencies`)."""
    return {
        "PIP_NO_INDEX": "1",
        "PIP_NO_DEPS": "1",
        "PIP_NO_BUILD_ISOLATION": "0",  # pip's own spelling of --no-build-isolation
        "PIP_DISABLE_PIP_VERSION_CHECK": "1",
        "PYTHONPATH": str(dependencies),
    }


def copy_dependencies(destination: Path) -> Path:
    """mtpbot's dependencies (and setuptools, to build it), copied from this test run's environment into a
    folder any account can read: what pip would have downloaded."""
    wanted, seen = ["mtpbot", "setuptools"], set()
    while wanted:
        name = wanted.pop()
        distribution = metadata.distribution(name)
        key = distribution.metadata["Name"].lower()
        if key in seen:
            continue
        seen.add(key)
        for requirement in map(Requirement, distribution.requires or []):
            if requirement.marker is None or requirement.marker.evaluate({"extra": ""}):
                wanted.append(requirement.name)
        if key != "mtpbot":
            _copy_files(distribution, destination)
    return destination


def _copy_files(distribution: metadata.Distribution, destination: Path) -> None:
    base = Path(str(distribution.locate_file(""))).resolve()
    for file in distribution.files or []:
        source = Path(str(distribution.locate_file(file))).resolve()
        if source.is_relative_to(base) and source.is_file() and "__pycache__" not in source.parts:
            target = destination / source.relative_to(base)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)


def add_dependencies(venv: Path, dependencies: Path) -> None:
    """The venv finds the copied dependencies for good (a .pth file), as if pip had installed them."""
    (site_packages,) = venv.glob("lib/python3*/site-packages")
    (site_packages / "mtpbot-test-dependencies.pth").write_text(f"{dependencies}\n")


def job_python() -> str:
    """The python3 a server's root would find; the copied dependencies need its version to be this one's."""
    python = shutil.which("python3", path=ROOT_PATH)
    assert python is not None, "no python3 on the server's PATH"
    version = subprocess.run([python, "-c", "import sys; print(sys.version_info[:2])"], capture_output=True, text=True)
    if version.stdout.strip() != str(sys.version_info[:2]):
        pytest.skip(f"{python} is Python {version.stdout.strip()}, the test environment {sys.version_info[:2]}")
    return python


class GitDaemon:
    """`git daemon` serving a folder's repositories on 127.0.0.1: the upstream the jobs fetch from, as a
    forge serves it (to the job's account, a repository on a server it does not own is fine)."""

    def __init__(self, folder: Path) -> None:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        listen = ["--listen=127.0.0.1", f"--port={self.port}", f"--base-path={folder}"]
        self.process = subprocess.Popen(
            ["git", "daemon", "--reuseaddr", "--export-all", *listen, str(folder)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        deadline = time.monotonic() + 10
        while True:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                break
            except OSError:
                assert time.monotonic() < deadline and self.process.poll() is None, "git daemon did not start"
                time.sleep(0.05)

    def url(self, name: str) -> str:
        return f"git://127.0.0.1:{self.port}/{name}"

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)


def project_files(destination: Path) -> Iterator[Path]:
    """What of this repository a clone needs to install and run mtpbot: the package, its metadata, the
    templates, the deploy files; copied into `destination`."""
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for name in ("bot", "templates", "deploy"):
        shutil.copytree(ROOT / name, destination / name, ignore=ignore)
        yield destination / name
    for name in ("pyproject.toml", "README.md", "constraints.txt", ".gitignore"):
        if (ROOT / name).exists():
            shutil.copy2(ROOT / name, destination / name)
            yield destination / name


def quoted(argv: Sequence[str]) -> str:
    return shlex.join(argv)

"""A private copy of the settings and metrics for each preview test (tests/support/workspace.py), and a
headless Chromium to look with."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
from pathlib import Path

import pytest

from devwiki import DevWiki
from tests.support.workspace import ROOT, Workspace, make_workspace

ARTIFACTS = ROOT / "test-artifacts"  # git-ignored; CI keeps it
CHROMIUM_INSTALL = "apt-get install -y --no-install-recommends chromium"
# No sandbox (tests may run as root), no GPU, and nothing that talks to the network on its own.
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
    "--force-device-scale-factor=1",  # one screenshot pixel per CSS pixel
)
CHROMIUM_TIMEOUT = 90.0


def _preview_space(folder: Path, wiki: DevWiki | None) -> Workspace:
    """The shipped two pages under fresh titles, without credentials: a preview needs no login."""
    return make_workspace(folder, wiki, label="Preview test", logs_in=False)


@pytest.fixture
def space(devwiki: DevWiki, tmp_path: Path) -> Workspace:
    """A workspace previewed with the session's wiki."""
    return _preview_space(tmp_path / "workspace", devwiki)


@pytest.fixture
def offline_space(tmp_path: Path) -> Workspace:
    """A workspace that must not reach any wiki (for input refused before any request)."""
    return _preview_space(tmp_path, None)


@pytest.fixture(scope="session")
def chromium() -> Path:
    """Debian's Chromium. Missing: a skip with the install command, but a failure under CI=true."""
    found = shutil.which("chromium") or ("/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None)
    if found is None:
        message = f"Chromium is not installed; install it with: {CHROMIUM_INSTALL}"
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI needs Chromium for the browser test: {message}", pytrace=False)
        pytest.skip(message)
    return Path(found)


def screenshot(browser: Path, page: Path, png: Path, profile: Path, size: tuple[int, int] = (1400, 3000)) -> None:
    """Open a local file in headless Chromium (a fresh profile) and save what it shows as a PNG."""
    png.parent.mkdir(parents=True, exist_ok=True)
    png.unlink(missing_ok=True)
    command = [
        str(browser),
        *CHROMIUM_FLAGS,
        f"--user-data-dir={profile}",
        f"--screenshot={png}",
        f"--window-size={size[0]},{size[1]}",
        page.resolve().as_uri(),
    ]
    # A session of its own, so that the browser and every helper process it started can be stopped together.
    process = subprocess.Popen(
        command,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    try:
        _, stderr = process.communicate(timeout=CHROMIUM_TIMEOUT)
    except subprocess.TimeoutExpired:
        _stop_group(process.pid)
        process.communicate()
        pytest.fail(f"Chromium did not take the screenshot within {CHROMIUM_TIMEOUT:.0f} s")
    finally:
        _stop_group(process.pid)
    assert process.returncode == 0, stderr.decode(errors="replace")[-2000:]
    assert png.is_file(), f"Chromium wrote no screenshot: {stderr.decode(errors='replace')[-2000:]}"


def _stop_group(pgid: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(pgid, signal.SIGKILL)

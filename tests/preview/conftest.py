"""A private copy of the settings and metrics for each preview test, and a headless Chromium to look with."""

from __future__ import annotations

import contextlib
import itertools
import os
import shutil
import signal
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner, Result

from bot.cli import main
from bot.devwiki import DevWiki
from bot.preview import file_names

ROOT = Path(__file__).resolve().parents[2]
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
_numbers = itertools.count(1)


@dataclass
class PreviewSpace:
    """Settings and metrics of one test, with page titles no other test uses, and `mtpbot preview`."""

    folder: Path
    wiki: DevWiki | None  # None: a test that must not reach any wiki
    metrics_title: str
    template_name: str

    @property
    def template_title(self) -> str:
        return f"Template:{self.template_name}"

    @property
    def config(self) -> Path:
        return self.folder / "mtpbot.yaml"

    @property
    def metrics_file(self) -> Path:
        return self.folder / "metrics" / "thriving-movement.yaml"

    @property
    def out(self) -> Path:
        return self.folder / "preview"

    def metrics(self) -> dict[str, Any]:
        data: dict[str, Any] = yaml.safe_load(self.metrics_file.read_text(encoding="utf-8"))
        return data

    def write_metrics(self, data: dict[str, Any]) -> None:
        self.metrics_file.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")

    def mtpbot(self, *args: str) -> Result:
        return CliRunner().invoke(main, ["--config", str(self.config), *args], catch_exceptions=False)

    def preview(self, *args: str, site_url: str | None = None) -> Result:
        if site_url is None:
            assert self.wiki is not None
            site_url = self.wiki.api_url
        return self.mtpbot("preview", "--out", str(self.out), "--site-url", site_url, *args)

    def file_names(self) -> tuple[str, str]:
        """The preview files of the metrics page and of the template page."""
        names = file_names([self.metrics_title, self.template_title])
        return names[self.metrics_title], names[self.template_title]


def make_space(folder: Path, wiki: DevWiki | None) -> PreviewSpace:
    number = next(_numbers)
    space = PreviewSpace(
        folder, wiki, f"Preview test {number}/Thriving Movement/Metrics", f"MTP status preview {number}"
    )
    (folder / "metrics").mkdir(parents=True)
    shutil.copy(ROOT / "config/metrics/thriving-movement.yaml", folder / "metrics")
    settings: dict[str, Any] = yaml.safe_load((ROOT / "config/mtpbot.yaml").read_text(encoding="utf-8"))
    settings["templates"] = str(ROOT / "templates")
    settings["status"]["template"] = space.template_name
    settings["pages"][0]["title"] = space.metrics_title
    settings["pages"][1]["title"] = space.template_title
    space.config.write_text(yaml.safe_dump(settings, sort_keys=False), encoding="utf-8")
    return space


@pytest.fixture
def space(devwiki: DevWiki, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[PreviewSpace]:
    """A workspace without credentials in the environment: a preview needs no login."""
    monkeypatch.delenv("MTPBOT_USERNAME", raising=False)
    monkeypatch.delenv("MTPBOT_PASSWORD", raising=False)
    yield make_space(tmp_path / "workspace", devwiki)


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

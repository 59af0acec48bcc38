"""A private copy of the settings and metrics for each test, publishing to pages no other test uses."""

from __future__ import annotations

import itertools
import json
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner, Result

from bot.cli import main
from bot.devwiki import DevWiki, HumanClient

ROOT = Path(__file__).resolve().parents[2]
_numbers = itertools.count(1)


@dataclass
class Workspace:
    """Settings, metrics and titles of one test, and a way to run `mtpbot` against the test wiki."""

    folder: Path
    wiki: DevWiki
    metrics_title: str
    template_title: str

    @property
    def config(self) -> Path:
        return self.folder / "mtpbot.yaml"

    @property
    def metrics_file(self) -> Path:
        return self.folder / "metrics" / "thriving-movement.yaml"

    def metrics(self) -> dict[str, Any]:
        data: dict[str, Any] = yaml.safe_load(self.metrics_file.read_text())
        return data

    def write_metrics(self, data: dict[str, Any]) -> None:
        self.metrics_file.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True))

    def mtpbot(self, *args: str) -> Result:
        return CliRunner().invoke(main, ["--config", str(self.config), *args], catch_exceptions=False)

    def sync(self, *args: str) -> Result:
        return self.mtpbot("sync", "--site-url", self.wiki.api_url, *args)

    def sync_json(self, *args: str) -> tuple[int, dict[str, Any]]:
        result = self.sync("--json", *args)
        return result.exit_code, json.loads(result.stdout)


@pytest.fixture(scope="session")
def run_page_on(devwiki: DevWiki) -> str:
    """The community's emergency switch, User:<bot>/Run, reading "true" as the bot needs to publish."""
    title = f"User:{devwiki.bot.user_name}/Run"
    human = HumanClient(devwiki.api_url, devwiki.human)
    human.login()
    human.edit(title, "true", "let the bot run")
    return title


@pytest.fixture
def workspace(
    devwiki: DevWiki, run_page_on: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Workspace]:
    number = next(_numbers)
    metrics_title = f"Sync test {number}/Thriving Movement/Metrics"
    template_name = f"MTP status {number}"
    (tmp_path / "metrics").mkdir()
    shutil.copy(ROOT / "config/metrics/thriving-movement.yaml", tmp_path / "metrics")
    settings: dict[str, Any] = yaml.safe_load((ROOT / "config/mtpbot.yaml").read_text())
    settings["templates"] = str(ROOT / "templates")
    settings["status"]["template"] = template_name
    settings["pages"][0]["title"] = metrics_title
    settings["pages"][1]["title"] = f"Template:{template_name}"
    (tmp_path / "mtpbot.yaml").write_text(yaml.safe_dump(settings, sort_keys=False))
    monkeypatch.setenv("MTPBOT_USERNAME", devwiki.bot.username)
    monkeypatch.setenv("MTPBOT_PASSWORD", devwiki.bot.password)
    yield Workspace(tmp_path, devwiki, metrics_title, f"Template:{template_name}")

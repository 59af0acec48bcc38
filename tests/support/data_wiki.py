"""A workspace whose pages draw charts on the session's data wiki (tests/conftest.py `datawiki`)."""

from __future__ import annotations

from typing import Any

import yaml

from tests.support.workspace import Workspace, unique

MAE = "monthly-active-editors"


def draw_one_series(workspace: Workspace) -> Workspace:
    """`workspace` with its data pages under a fresh prefix, one series drawn (Monthly active editors)."""
    workspace.configure(data_site={"prefix": unique("Data test")}, charts=[MAE])
    return workspace


def charted_stem(workspace: Workspace) -> str:
    """The data pages' title of the series drawn, without `Data:` and the extension."""
    prefix = yaml.safe_load(workspace.config.read_text(encoding="utf-8"))["data_site"]["prefix"]
    return f"{prefix}/thriving-movement/{MAE}"


def sync_with_data(workspace: Workspace, data_url: str, *args: str) -> tuple[int, dict[str, Any]]:
    """`mtpbot sync --json` with the data pages on the wiki at `data_url`."""
    return workspace.sync_json("--data-site-url", data_url, *args)


def actions(report: dict[str, Any]) -> dict[str, str]:
    """The action of each data page, by its kind: {"tab": …, "chart": …}."""
    return {page["title"].rsplit(".", 1)[1]: page["action"] for page in report["data_pages"]}

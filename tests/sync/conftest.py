"""A private copy of the settings and metrics for each test, publishing to pages no other test uses."""

from __future__ import annotations

from pathlib import Path

import pytest

from devwiki import DevWiki
from tests.support.workspace import Workspace, make_workspace


@pytest.fixture
def workspace(devwiki: DevWiki, run_page_on: str, tmp_path: Path) -> Workspace:
    """The shipped two pages under fresh titles, synced to the session's wiki as the bot."""
    return make_workspace(tmp_path, devwiki, label="Sync test")

"""Workspaces whose headline metrics read the analysts' file from a server on 127.0.0.1."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from devwiki import DevWiki
from tests.support.data_wiki import draw_one_series
from tests.support.feeds import FeedServer, feed_server, read_from_feed
from tests.support.workspace import Workspace, make_workspace


@pytest.fixture
def server() -> Iterator[FeedServer]:
    with feed_server() as running:
        yield running


@pytest.fixture
def fed(devwiki: DevWiki, datawiki: DevWiki, run_page_on: str, tmp_path: Path, server: FeedServer) -> Workspace:
    """The seed's pages under fresh titles, Monthly active editors drawn, both headline metrics from the feed."""
    workspace = make_workspace(tmp_path / "work", devwiki, label="Feed test")
    return read_from_feed(draw_one_series(workspace), server.url)

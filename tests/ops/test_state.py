"""The private state directory: where it is, that it stays private, and what keeping it saves the wiki."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from bot.errors import ConfigError
from bot.ops.state import state_dir
from devwiki import DevWiki
from tests.support.workspace import Workspace, make_workspace


def test_it_follows_the_xdg_base_directories_unless_told(tmp_path: Path) -> None:
    home = tmp_path / "home"
    assert state_dir(None, {"HOME": str(home)}) == home / ".local" / "state" / "mtpbot"
    assert state_dir(None, {"HOME": str(home), "XDG_STATE_HOME": str(tmp_path / "xdg")}) == tmp_path / "xdg" / "mtpbot"
    assert state_dir(tmp_path / "configured", {"HOME": str(home)}) == tmp_path / "configured"
    chosen = {"HOME": str(home), "MTPBOT_STATE_DIR": str(tmp_path / "env")}
    assert state_dir(tmp_path / "configured", chosen) == tmp_path / "env"


def test_it_is_made_private_and_kept_private(tmp_path: Path) -> None:
    folder = state_dir(tmp_path / "state", {})
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    folder.chmod(0o755)  # opened up by mistake: closed again, since the login cookie lives there
    assert stat.S_IMODE(state_dir(folder, {}).stat().st_mode) == 0o700


def test_a_folder_it_cannot_make_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("not a folder")
    with pytest.raises(ConfigError, match="cannot use the state directory") as caught:
        state_dir(tmp_path / "file" / "state", {})
    assert "MTPBOT_STATE_DIR" in caught.value.hint


@pytest.mark.wiki
def test_a_weekly_run_that_finds_nothing_to_do_costs_at_most_three_requests(
    tmp_path: Path, devwiki: DevWiki, run_page_on: str
) -> None:
    """Each run a new process, as cron starts it; the state directory keeps the session between them."""
    workspace: Workspace = make_workspace(tmp_path / "work", devwiki, label="State")
    args = ("sync", "--site-url", workspace.site_url)
    first = workspace.mtpbot_process(*args)
    assert first.returncode == 0, first.stderr
    before = devwiki.count_requests()
    again = workspace.mtpbot_process(*args)
    assert again.returncode == 0, again.stderr
    used = devwiki.count_requests() - before
    assert used <= 3
    assert (workspace.state_dir / "pywikibot").is_dir() and workspace.lock_file.parent == workspace.state_dir
    assert not list(workspace.state_dir.rglob("*password*"))  # the password never lands in the state directory

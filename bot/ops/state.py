"""The bot's private state directory: its run lock and pywikibot's login session and API cache.

Kept between runs, so that a weekly run that finds nothing to do costs the wiki two or three requests (the
login cookie and the site information are reused) instead of seven. Private: mode 0700, because the login
cookie is as good as the password while it lives. Where it is, first found:

1. `MTPBOT_STATE_DIR` in the environment;
2. `state_dir:` in config/mtpbot.yaml (relative to that file);
3. `$XDG_STATE_HOME/mtpbot`, else `~/.local/state/mtpbot` (the XDG Base Directory default).
"""

from __future__ import annotations

import os
import stat
from collections.abc import Mapping
from pathlib import Path

from bot.errors import ConfigError

STATE_DIR_ENV = "MTPBOT_STATE_DIR"


def state_dir(configured: Path | None, environ: Mapping[str, str]) -> Path:
    """The state directory, created private if missing; ConfigError when it cannot be made private."""
    if environ.get(STATE_DIR_ENV):
        folder = Path(environ[STATE_DIR_ENV])
    elif configured is not None:
        folder = configured
    else:
        base = environ.get("XDG_STATE_HOME") or str(Path(environ.get("HOME") or Path.home()) / ".local" / "state")
        folder = Path(base) / "mtpbot"
    return _private(folder.expanduser())


def _private(folder: Path) -> Path:
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        info = folder.stat()
        if info.st_uid != os.getuid():
            raise ConfigError(
                f"the state directory {folder} belongs to another user",
                f"run mtpbot as its owner, or set {STATE_DIR_ENV} to a folder of the account that runs it",
            )
        if stat.S_IMODE(info.st_mode) & 0o077:
            folder.chmod(0o700)  # ours: others must not read the login cookie
    except OSError as exc:
        raise ConfigError(
            f"cannot use the state directory {folder}: {exc.strerror or exc}",
            f"set {STATE_DIR_ENV} (or `state_dir:` in the settings) to a folder this account can write",
        ) from None
    return folder

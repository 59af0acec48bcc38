"""Finding MediaWiki and PHP on this machine, installing them with apt-get, and running their commands.

The MediaWiki code is shared read-only by every wiki: $MTPBOT_MEDIAWIKI_DIR if set, else Debian's
/usr/share/mediawiki (the `mediawiki` package).
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Mapping, Sequence
from pathlib import Path

from bot.errors import WikiError

MEDIAWIKI_DIR_ENV = "MTPBOT_MEDIAWIKI_DIR"
DEBIAN_MEDIAWIKI_DIR = Path("/usr/share/mediawiki")
APT_PACKAGES = ("mediawiki", "php-cli", "php-sqlite3", "php-intl", "php-mbstring", "php-xml")
INSTALL_COMMAND = "apt-get update && apt-get install -y --no-install-recommends " + " ".join(APT_PACKAGES)


def find_mediawiki() -> Path | None:
    """The MediaWiki code directory: $MTPBOT_MEDIAWIKI_DIR if set, else Debian's /usr/share/mediawiki.

    A directory counts only if it has maintenance/install.php. A set but unusable $MTPBOT_MEDIAWIKI_DIR
    gives None rather than silently falling back to another MediaWiki.
    """
    configured = os.environ.get(MEDIAWIKI_DIR_ENV)
    candidate = Path(configured) if configured else DEBIAN_MEDIAWIKI_DIR
    return candidate if (candidate / "maintenance" / "install.php").is_file() else None


def mediawiki_problem() -> str | None:
    """None if a wiki can be started here, else what is missing and how to fix it (one sentence)."""
    configured = os.environ.get(MEDIAWIKI_DIR_ENV)
    if find_mediawiki() is None:
        if configured:
            return f"{MEDIAWIKI_DIR_ENV}={configured} has no maintenance/install.php; point it at MediaWiki"
        return f"MediaWiki is not installed in {DEBIAN_MEDIAWIKI_DIR}; install it with: {INSTALL_COMMAND}"
    if shutil.which("php") is None:
        return f"PHP is not on PATH; install it with: {INSTALL_COMMAND}"
    return None


def install_mediawiki() -> Path:
    """Install MediaWiki and PHP with apt-get (needs root); return the MediaWiki code directory."""
    if shutil.which("apt-get") is None:
        raise WikiError(
            "MediaWiki is not installed and this system has no apt-get to install it with.",
            f"install MediaWiki 1.39+ and PHP 8 (pdo_sqlite, intl, mbstring, xml), then set "
            f"{MEDIAWIKI_DIR_ENV} to the MediaWiki directory",
        )
    if os.geteuid() != 0:
        raise WikiError(
            "MediaWiki is not installed, and installing it needs root.",
            f"run: sudo sh -c '{INSTALL_COMMAND}'",
        )
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    for command in (
        ["apt-get", "update"],
        ["apt-get", "install", "-y", "--no-install-recommends", *APT_PACKAGES],
    ):
        run_command(command, env=env, timeout=900.0, what="installing MediaWiki")
    found = find_mediawiki()
    if found is None:
        raise WikiError(
            f"apt-get installed MediaWiki, but {DEBIAN_MEDIAWIKI_DIR}/maintenance/install.php is missing.",
            f"check the mediawiki package, or set {MEDIAWIKI_DIR_ENV} to a MediaWiki directory",
        )
    return found


def ensure_mediawiki(*, install: bool) -> Path:
    """The MediaWiki code directory; install it first if it is missing and `install` allows it."""
    problem, found = mediawiki_problem(), find_mediawiki()
    if problem is None and found is not None:
        return found
    message = problem or "MediaWiki is missing"
    if os.environ.get(MEDIAWIKI_DIR_ENV):
        raise WikiError(message, f"fix {MEDIAWIKI_DIR_ENV}, or unset it to use {DEBIAN_MEDIAWIKI_DIR}")
    if install:
        return install_mediawiki()
    raise WikiError(message, "or pass install=True (`serve --install`) to let mtpbot run apt-get as root")


def run_command(
    command: Sequence[str], *, env: Mapping[str, str], timeout: float, what: str, cwd: Path | None = None
) -> None:
    """Run apt-get or a maintenance script; a failure is a WikiError with the end of its output."""
    try:
        result = subprocess.run(
            command,
            env=env,
            cwd=cwd,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired as error:
        raise WikiError(f"{what}: `{' '.join(command)}` took more than {timeout:.0f} s.", "retry") from error
    except OSError as error:
        raise WikiError(f"{what}: could not run {command[0]}: {error}", f"install it: {INSTALL_COMMAND}") from error
    if result.returncode != 0:
        output = (result.stdout + result.stderr).strip().splitlines()[-15:]
        raise WikiError(
            f"{what}: `{' '.join(command)}` failed with status {result.returncode}:\n" + "\n".join(output),
            "run the command by hand to see the full output",
        )

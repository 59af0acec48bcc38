"""The MediaWiki releases a local wiki runs on, one row each: what differs between them as devwiki sees it.

Debian 12 installs MediaWiki 1.39 and Debian 13 installs 1.43; a machine may be handed either. Every fact
that differs between them is a field here, read from the installed code's own version (`MW_VERSION` in
includes/Defines.php), so that the rest of devwiki never asks which release it is on. What differs as the
*bot* sees it (answers, stored forms) is written down in docs/development.md.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from bot.errors import WikiError


@dataclass(frozen=True)
class MediaWikiRelease:
    """One MediaWiki branch as a local wiki uses it."""

    branch: tuple[int, int]  # (1, 43): the first version this row holds for
    debian: str  # the Debian release that ships it, for messages
    jsonconfig_archive: str  # the JsonConfig branch for it, in ../shared/vendor/ (REL1_39 fails on 1.43)
    # AbuseFilter's columns naming a filter's author: 1.43 keeps an actor id where 1.39 kept a user id and name.
    abuse_filter_author: tuple[str, ...]

    @property
    def name(self) -> str:
        return "{}.{}".format(*self.branch)


RELEASES = (
    MediaWikiRelease((1, 39), "Debian 12 (bookworm)", "JsonConfig-REL1_39.tar.gz", ("af_user", "af_user_text")),
    MediaWikiRelease((1, 43), "Debian 13 (trixie)", "JsonConfig-REL1_43.tar.gz", ("af_actor",)),
)

_VERSION_DEFINE = re.compile(r"""define\(\s*['"]MW_VERSION['"]\s*,\s*['"](\d+)\.(\d+)[^'"]*['"]""")


def installed_version(mediawiki: Path) -> tuple[int, int]:
    """(major, minor) of the MediaWiki code in `mediawiki`, from its includes/Defines.php."""
    defines = mediawiki / "includes" / "Defines.php"
    try:
        found = _VERSION_DEFINE.search(defines.read_text(encoding="utf-8", errors="replace"))
    except OSError as error:
        raise WikiError(f"Cannot read {defines}: {error}", "point MTPBOT_MEDIAWIKI_DIR at MediaWiki's code") from error
    if found is None:
        raise WikiError(f"{defines} defines no MW_VERSION.", "point MTPBOT_MEDIAWIKI_DIR at MediaWiki's code")
    return int(found.group(1)), int(found.group(2))


def release_for(version: tuple[int, int]) -> MediaWikiRelease:
    """The newest row at or below `version` (a newer MediaWiki is taken to behave as the newest known)."""
    fitting = [release for release in RELEASES if release.branch <= version]
    if not fitting:
        oldest = RELEASES[0]
        raise WikiError(
            "MediaWiki {}.{} is older than any release devwiki knows.".format(*version),
            f"install MediaWiki {oldest.name} or newer (as {oldest.debian} does)",
        )
    return fitting[-1]


def installed_release(mediawiki: Path) -> MediaWikiRelease:
    """The release row for the MediaWiki code in `mediawiki`."""
    return release_for(installed_version(mediawiki))

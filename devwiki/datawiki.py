"""A local data wiki, as Wikimedia Commons is one: a throwaway wiki with the JsonConfig extension, whose
`Data:` namespace (486) holds `.tab` pages (content model Tabular.JsonConfig, checked by JsonConfig's
tabular rules) and `.chart` pages (content model Chart.JsonConfig, stored as checked JSON).

JsonConfig is third-party code (GPL-2.0-or-later) that is never copied into the repository: its archives
live in `../shared/vendor/` beside the repository, one per MediaWiki branch (REL1_39 for Debian 12's 1.39,
REL1_43 for Debian 13's 1.43: the installed release picks it, devwiki/releases.py), or where
$MTPBOT_JSONCONFIG_ARCHIVE says; `RunningDataWiki` unpacks it into the wiki's own temporary directory,
outside the repository:

    with RunningDataWiki() as wiki:      # a DevWiki, like RunningWiki's
        HumanClient.logged_in(wiki.api_url, wiki.human).edit("Data:Example.tab", text, "a table")

Extension:Chart itself needs MediaWiki >= 1.43 and a Node render service that is not obtainable here, so the
`.chart` pages are plain JsonConfig JSON here (the generic class) on either release, and Chart's own rules are
checked by mtpbot's validator.
"""

from __future__ import annotations

import os
import shutil
import tarfile
import tempfile
from pathlib import Path
from types import TracebackType

from bot.errors import WikiError
from devwiki.install import ensure_mediawiki, find_mediawiki, mediawiki_problem
from devwiki.releases import installed_release
from devwiki.running import RunningWiki
from devwiki.wiki import DevWiki

ARCHIVE_ENV = "MTPBOT_JSONCONFIG_ARCHIVE"
# ../shared/vendor/ beside the repository: where the project's third-party test code is kept.
VENDOR = Path(__file__).resolve().parents[1].parent / "shared" / "vendor"
DATA_NAMESPACE = 486
TABULAR_MODEL = "Tabular.JsonConfig"
CHART_MODEL = "Chart.JsonConfig"


def archive_name() -> str:
    """The JsonConfig archive for the installed MediaWiki: which branch fits is known only once it is there."""
    mediawiki = find_mediawiki()
    if mediawiki is None:
        raise WikiError(
            mediawiki_problem() or "MediaWiki is not installed.",
            "install MediaWiki first: the JsonConfig branch follows its version",
        )
    return installed_release(mediawiki).jsonconfig_archive


def jsonconfig_archive() -> Path:
    """Where the JsonConfig archive is expected: $MTPBOT_JSONCONFIG_ARCHIVE, else the installed MediaWiki's
    branch in ../shared/vendor/."""
    configured = os.environ.get(ARCHIVE_ENV)
    return Path(configured) if configured else VENDOR / archive_name()


def archive_problem() -> str | None:
    """None if the JsonConfig archive is there, else what is missing (one sentence): the archive, or the
    MediaWiki whose version says which archive."""
    try:
        archive = jsonconfig_archive()
    except WikiError as error:
        return error.message
    if archive.is_file():
        return None
    how = f"{ARCHIVE_ENV} points at" if os.environ.get(ARCHIVE_ENV) else "the data wiki needs"
    return (
        f"{how} {archive}, which is missing: JsonConfig ({archive_name()}, the branch for the installed "
        f"MediaWiki) is kept in ../shared/vendor/ beside the repository, never in it; put it there or set "
        f"{ARCHIVE_ENV}"
    )


def data_wiki_problem() -> str | None:
    """None if a data wiki can be started here, else what is missing: MediaWiki and PHP, or the archive."""
    return mediawiki_problem() or archive_problem()


def unpack_jsonconfig(archive: Path, into: Path) -> Path:
    """Unpack the archive (its members stay inside `into`) and return the folder holding extension.json."""
    branch = "the JsonConfig branch of the installed MediaWiki (devwiki/releases.py)"
    try:
        with tarfile.open(archive) as tar:
            extract_inside(tar, into)
    except (OSError, tarfile.TarError) as error:
        raise WikiError(f"Could not unpack {archive}: {error}", f"replace it with {branch}") from error
    found = sorted(into.glob("*/extension.json"))
    if not found:
        raise WikiError(
            f"{archive} holds no <folder>/extension.json.",
            f"it should be `git archive --prefix=JsonConfig/` of {branch}",
        )
    return found[0].parent


def extract_inside(tar: tarfile.TarFile, into: Path, *, data_filter: bool = hasattr(tarfile, "data_filter")) -> None:
    """Extract every member inside `into`, with tarfile's "data" filter where Python has it. Debian 12's
    Python 3.11.2 has none (3.11.4 brought it): there each member, and each link's target, is checked first."""
    if data_filter:
        tar.extractall(into, filter="data")
        return
    top = into.resolve()
    for member in tar.getmembers():
        target = (top / member.name).resolve()
        if member.issym():
            linked = (target.parent / member.linkname).resolve()
        else:
            linked = (top / member.linkname).resolve() if member.islnk() else target
        if not (target.is_relative_to(top) and linked.is_relative_to(top)) or member.isdev():
            raise tarfile.TarError(f"{member.name!r} would be written outside {into}")
    # Every member checked above; "fully_trusted" says so to a Python that would warn (3.12, 3.13) or filter.
    if hasattr(tarfile, "fully_trusted_filter"):
        tar.extractall(into, filter="fully_trusted")
    else:
        tar.extractall(into)


def jsonconfig_settings(extension: Path) -> str:
    """The LocalSettings.php lines of a data wiki: JsonConfig, `.tab` and `.chart` pages in Data: (486)."""
    return f"""
# ---- added by mtpbot's devwiki/datawiki.py: a data wiki, as Commons is ----
wfLoadExtension( 'JsonConfig', {_php_string(str(extension / "extension.json"))} );
$wgJsonConfigModels['{TABULAR_MODEL}'] = 'JsonConfig\\JCTabularContent';
$wgJsonConfigs['{TABULAR_MODEL}'] = [
    'namespace' => {DATA_NAMESPACE},
    'nsName' => 'Data',
    'pattern' => '/.\\.tab$/',
    'license' => 'CC0-1.0',
    'isLocal' => true,
];
# Extension:Chart needs a render service that is not here: .chart pages are JsonConfig's generic JSON.
$wgJsonConfigModels['{CHART_MODEL}'] = null;
$wgJsonConfigs['{CHART_MODEL}'] = [
    'namespace' => {DATA_NAMESPACE},
    'nsName' => 'Data',
    'pattern' => '/.\\.chart$/',
    'license' => 'CC0-1.0',
    'isLocal' => true,
];
"""


def _php_string(text: str) -> str:
    """A single-quoted PHP string literal."""
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"


class RunningDataWiki:
    """Starts and stops one local data wiki (a RunningWiki with JsonConfig). A context manager; it yields
    the DevWiki. Everything, the unpacked extension included, lives in one temporary directory removed on
    stop. `archive` defaults to `jsonconfig_archive()`, the branch of the MediaWiki installed when it starts."""

    def __init__(self, archive: Path | None = None, *, install: bool = False, bot_password: str | None = None) -> None:
        self._bot_password = bot_password  # the bot's BotPassword of another wiki, as Wikimedia's are global
        self._archive = archive
        self._install = install
        self._temporary: Path | None = None
        self._running: RunningWiki | None = None

    @property
    def pid(self) -> int | None:
        """The server's process (and process group) id; None when stopped."""
        return self._running.pid if self._running is not None else None

    def start(self) -> DevWiki:
        if self._running is not None:
            raise WikiError("This data wiki is already running.", "call stop() before starting it again")
        if self._archive is None and not os.environ.get(ARCHIVE_ENV):
            ensure_mediawiki(install=self._install)  # first: its version says which JsonConfig branch to load
        archive = self._archive if self._archive is not None else jsonconfig_archive()
        if not archive.is_file():
            problem = archive_problem() if self._archive is None else f"{archive} is missing."
            raise WikiError(problem or f"{archive} is missing.", f"or set {ARCHIVE_ENV}")
        self._temporary = Path(tempfile.mkdtemp(prefix="mtpbot-datawiki-"))
        try:
            extension = unpack_jsonconfig(archive, self._temporary / "extensions")
            settings = jsonconfig_settings(extension)
            self._running = RunningWiki(
                self._temporary / "wiki", install=self._install, settings=settings, bot_password=self._bot_password
            )
            return self._running.start()
        except BaseException:
            self.stop()
            raise

    def stop(self) -> None:
        """Stop the server and remove the directory. Idempotent."""
        running, self._running = self._running, None
        if running is not None:
            running.stop()
        if self._temporary is not None:
            shutil.rmtree(self._temporary, ignore_errors=True)
            self._temporary = None

    def __enter__(self) -> DevWiki:
        return self.start()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()

"""bot.mediawiki in a fresh process, as one `mtpbot sync` run: its request counts, pywikibot's directory, the
login's failures, reading without credentials.

A fresh run is measured in a subprocess, because pywikibot keeps its sites, login sessions and caches for
the life of a process. Request counts are read from the wiki's `php -S` log (`DevWiki.count_requests()`).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from bot.errors import ExitStatus
from devwiki import DevWiki
from tests.mediawiki.helpers import REPO, unique


def _subprocess_env(devwiki: DevWiki, password: str) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith(("PYWIKIBOT", "MTPBOT_"))}
    env["PYTHONPATH"] = str(REPO)
    env["MTPBOT_USERNAME"] = devwiki.bot.username
    env["MTPBOT_PASSWORD"] = password
    return env


FRESH_RUN = """
import json, os, sys
from pathlib import Path
from devwiki import Account, DevWiki
from devwiki.releases import RELEASES
from bot.errors import WikiError
from bot.mediawiki import SiteSettings, Wiki

directory, port, prefix = Path(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
nobody = Account("-", "-")
dev = DevWiki(directory, port, nobody, nobody, nobody, directory / "server.log", RELEASES[-1])
settings = SiteSettings(
    family="meta", code="meta", api_url=dev.api_url, put_throttle=0, max_retries=1, retry_wait=1
)
wiki = Wiki(settings.with_credentials_from(os.environ))
counts = {}
before = dev.count_requests()
try:
    wiki.connect()
except WikiError as error:
    print(json.dumps({"error": str(error), "exit_code": int(error.exit_status)}))
    sys.exit(0)
counts["connect"] = dev.count_requests() - before
titles = [f"{prefix} {i}" for i in range(120)]
before = dev.count_requests()
states = wiki.fetch(titles)
counts["fetch_120"] = dev.count_requests() - before
before = dev.count_requests()
wiki.save(states[titles[0]], "first", "Create the first page")
counts["first_save"] = dev.count_requests() - before
before = dev.count_requests()
wiki.save(states[titles[1]], "second", "Create the second page")
counts["second_save"] = dev.count_requests() - before
import pywikibot
print(json.dumps({"counts": counts, "config_dir": str(pywikibot.config.base_dir)}))
"""


def _fresh_run(
    devwiki: DevWiki, cwd: Path, password: str, pywikibot_dir: Path | None = None
) -> tuple[dict[str, Any], str]:
    env = _subprocess_env(devwiki, password)
    if pywikibot_dir is not None:
        env["PYWIKIBOT_DIR"] = str(pywikibot_dir)
    result = subprocess.run(
        [sys.executable, "-c", FRESH_RUN, str(devwiki.directory), str(devwiki.port), unique("fresh")],
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    output: dict[str, Any] = json.loads(result.stdout)
    return output, result.stderr


@pytest.mark.wiki
def test_a_fresh_run_counts_its_requests_and_leaves_nothing_behind(devwiki: DevWiki, tmp_path: Path) -> None:
    output, stderr = _fresh_run(devwiki, tmp_path, devwiki.bot.password)

    # connect: userinfo (site init), login (login token, login, userinfo), 2 siteinfo; the edit token comes
    # with the first read, so every save is one request
    assert output["counts"] == {"connect": 6, "fetch_120": 1, "first_save": 1, "second_save": 1}
    assert stderr == ""  # pywikibot said nothing on the terminal
    assert list(tmp_path.iterdir()) == []  # no throttle file, cache or log in the working directory
    config_dir = Path(output["config_dir"])
    assert config_dir.name.startswith("mtpbot-pywikibot-")
    assert not config_dir.exists()  # the private directory (with the password file) is gone


@pytest.mark.wiki
def test_an_operators_pywikibot_directory_is_used_as_is(devwiki: DevWiki, tmp_path: Path) -> None:
    operator_dir = tmp_path / "pywikibot"
    operator_dir.mkdir()
    user_config = "family = 'meta'\nmylang = 'meta'\nusernames['meta']['meta'] = 'MtpBot'\n"
    (operator_dir / "user-config.py").write_text(user_config)
    cwd = tmp_path / "cwd"
    cwd.mkdir()

    first, stderr = _fresh_run(devwiki, cwd, devwiki.bot.password, operator_dir)
    second, _stderr = _fresh_run(devwiki, cwd, devwiki.bot.password, operator_dir)

    assert first["config_dir"] == str(operator_dir) and stderr == ""
    assert first["counts"]["connect"] == 6
    # pywikibot keeps its login cookie and API cache there, so the next run does not log in again.
    assert second["counts"]["connect"] == 1
    assert second["counts"]["fetch_120"] == 1
    names = {path.name for path in operator_dir.iterdir()}
    assert "user-config.py" in names and "throttle.ctrl" in names
    assert not any("password" in name for name in names)  # the password file stayed private
    assert (operator_dir / "user-config.py").read_text() == user_config
    assert list(cwd.iterdir()) == []


@pytest.mark.wiki
def test_a_wrong_password_is_a_wiki_error(devwiki: DevWiki, tmp_path: Path) -> None:
    wrong = "0123456789abcdef0123456789abcdef"

    output, stderr = _fresh_run(devwiki, tmp_path, wrong)

    assert output["exit_code"] == ExitStatus.WIKI_UNAVAILABLE
    assert "Could not log in" in output["error"]
    assert "MTPBOT_PASSWORD" in output["error"]  # the hint
    assert wrong not in output["error"] and wrong not in stderr


ANONYMOUS_RUN = """
import json, sys
from pathlib import Path
from devwiki import Account, DevWiki
from devwiki.releases import RELEASES
from bot.errors import WikiError
from bot.mediawiki import PageState, SiteSettings, Wiki

directory, port, prefix = Path(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
nobody = Account("-", "-")
dev = DevWiki(directory, port, nobody, nobody, nobody, directory / "server.log", RELEASES[-1])
settings = SiteSettings(
    family="meta", code="meta", api_url=dev.api_url, put_throttle=0, max_retries=1, retry_wait=1
)
wiki = Wiki(settings)
report = {}
try:
    wiki.connect()
except WikiError as error:
    report["login_error"] = error.message
wiki.connect(login=False)
report["username"] = wiki.username
report["batch_size"] = wiki.batch_size
before = dev.count_requests()
report["fetched"] = len(wiki.fetch([f"{prefix} {i}" for i in range(120)]))
report["fetch_requests"] = dev.count_requests() - before
try:
    wiki.save(PageState.missing(prefix), "text", "summary")
except WikiError as error:
    report["save_error"] = error.message
print(json.dumps(report))
"""


@pytest.mark.wiki
def test_without_credentials_only_reading_works(devwiki: DevWiki, tmp_path: Path) -> None:
    env = _subprocess_env(devwiki, "")
    del env["MTPBOT_USERNAME"], env["MTPBOT_PASSWORD"]
    result = subprocess.run(
        [sys.executable, "-c", ANONYMOUS_RUN, str(devwiki.directory), str(devwiki.port), unique("anon")],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)

    assert report["login_error"].startswith("No account is configured")
    assert (report["username"], report["batch_size"]) == ("", 50)
    assert (report["fetched"], report["fetch_requests"]) == (120, 3)
    assert "not logged in" in report["save_error"]
    assert result.stderr == ""

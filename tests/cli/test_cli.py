"""The offline commands as a maintainer uses them: validate, render, --version, and sync's early refusals.

Every command runs through click's CliRunner, with stdout and stderr apart: content goes to stdout,
messages to stderr, and an error is a message, a hint and an exit status, never a traceback.
"""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import click
import pytest
import yaml
from click.testing import CliRunner, Result

from bot import __version__
from bot.cli import main
from bot.cli.environment import Connector, Environment
from bot.errors import ExitStatus
from bot.mediawiki import SiteSettings
from bot.sync.protocols import ConnectedWiki
from bot.wikipages import PageState, ParsedPage, Revision, SaveResult
from tests.support.seed import SEED_CONFIG, SEED_METRICS

REPO = Path(__file__).resolve().parents[2]
BAD_CORPUS = sorted((REPO / "tests" / "source" / "bad").glob("*.yaml"))

METRICS_PAGE = "Wikimedia Foundation Medium-term plan 2019/Thriving Movement/Metrics"
STATUS_PAGE = "Template:MTP status"
OVERVIEW_PAGE = "Wikimedia Foundation Medium-term plan 2019/Metrics"


def write_config(folder: Path, sources: list[Path]) -> Path:
    """A copy of the shipped settings that reads `sources` (absolute paths, so any folder works)."""
    settings = yaml.safe_load(SEED_CONFIG.read_text(encoding="utf-8"))
    settings["sources"] = [str(s) for s in sources]
    settings["templates"] = str(REPO / "templates")
    settings.pop("data_site")  # the charts' own tests give a data wiki (tests/sync/test_data_page_plans.py)
    path = folder / "mtpbot.yaml"
    path.write_text(yaml.safe_dump(settings, sort_keys=False), encoding="utf-8")
    return path


def _refuse(settings: SiteSettings, *, login: bool) -> ConnectedWiki:
    raise AssertionError(f"the command tried to connect to a wiki: {settings.target}")


def run(*args: str, connect: Connector = _refuse) -> Result:
    """`mtpbot ARGS` in this process; any connection to a wiki fails the test unless `connect` is given."""
    return CliRunner().invoke(main, list(args), obj=Environment(connect=connect))


def assert_clean_failure(result: Result, code: ExitStatus) -> None:
    """Failed the documented way: the exit status, a message and a hint on stderr, nothing on stdout."""
    assert result.exit_code == code, result.output
    assert isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    assert result.stdout == ""
    assert result.stderr.startswith("error: ")
    assert "\nhint: " in result.stderr


@pytest.fixture
def config(tmp_path: Path) -> Path:
    """Settings reading a copy of the shipped metrics, in a folder of the test's own."""
    metrics = tmp_path / "thriving-movement.yaml"
    metrics.write_bytes(SEED_METRICS.read_bytes())
    return write_config(tmp_path, [metrics])


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Any attempt to open a connection, or to reach the wiki layer, fails the test."""

    def refuse(*args: Any, **kwargs: Any) -> None:
        raise AssertionError(f"the command tried to reach the network: {args}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


# --- validate -------------------------------------------------------------------------------------------


def test_validate_says_what_it_checked(config: Path) -> None:
    result = run("--config", str(config), "validate")
    assert result.exit_code == ExitStatus.OK, result.output
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        "ok: Thriving Movement (FY2019-20, data until Q1 FY2019-20): 7 deliverables, 10 metrics, 3 KPIs",
        f"ok: {config} (3 pages)",
    ]


def test_validate_quiet_prints_nothing_when_all_is_well(config: Path) -> None:
    result = run("--config", str(config), "--quiet", "validate")
    assert (result.exit_code, result.output) == (0, "")


def test_validate_from_the_repository_uses_the_shipped_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)
    monkeypatch.delenv("MTPBOT_CONFIG", raising=False)
    result = run("validate")
    assert result.exit_code == ExitStatus.OK, result.output
    assert re.search(r"^ok: config/mtpbot.yaml \(\d+ pages\)$", result.stderr, re.MULTILINE), result.stderr


def test_validate_a_broken_metrics_file_names_the_file_and_line(config: Path) -> None:
    metrics = config.parent / "thriving-movement.yaml"
    lines = metrics.read_text(encoding="utf-8").splitlines(keepends=True)
    line = next(i for i, text in enumerate(lines, 1) if text.startswith("  2019-20 Q1: Thriving Movement"))
    lines[line - 1] = lines[line - 1].replace("Q1", "Q5")
    metrics.write_text("".join(lines), encoding="utf-8")

    result = run("--config", str(config), "validate")

    assert_clean_failure(result, ExitStatus.BAD_INPUT)
    assert f"{metrics}:{line}: sources.2019-20 Q5: '2019-20 Q5' is not a quarter" in result.stderr
    assert "1 problem found" in result.stderr


def test_validate_lists_the_problems_of_every_file_at_once(tmp_path: Path) -> None:
    broken = [
        REPO / "tests" / "source" / "bad" / "unknown-status.yaml",
        REPO / "tests" / "source" / "bad" / "unknown-metric-id.yaml",
    ]
    config = write_config(tmp_path, broken)

    result = run("--config", str(config), "validate")

    assert_clean_failure(result, ExitStatus.BAD_INPUT)
    assert "3 problems found" in result.stderr
    assert f"{broken[0]}:15: outcomes[0].deliverables[0].status.2019-20 Q1: unknown value 'green'" in result.stderr
    assert f"{broken[1]}:18: outcomes[0].deliverables[0].key_results[0].metric: no metric or KPI has the id" in (
        result.stderr
    )


@pytest.mark.parametrize("bad", BAD_CORPUS, ids=[p.name for p in BAD_CORPUS])
def test_validate_refuses_every_file_of_the_bad_corpus(tmp_path: Path, bad: Path) -> None:
    result = run("--config", str(write_config(tmp_path, [bad])), "validate")
    assert_clean_failure(result, ExitStatus.BAD_INPUT)
    for expect in re.findall(rb"^# expect: (\d+): ", bad.read_bytes(), re.MULTILINE):
        assert f"\n{bad}:{int(expect)}: " in result.stderr


def test_two_files_for_one_priority_are_refused(tmp_path: Path) -> None:
    config = write_config(tmp_path, [SEED_METRICS, SEED_METRICS])
    result = run("--config", str(config), "validate")
    assert_clean_failure(result, ExitStatus.BAD_INPUT)
    assert "priority.id: 'thriving-movement' is the priority of" in result.stderr and "too; rename one" in result.stderr


def test_a_missing_metrics_file_is_named(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.yaml"
    result = run("--config", str(write_config(tmp_path, [missing])), "validate")
    assert_clean_failure(result, ExitStatus.BAD_INPUT)
    assert f"{missing}:1: file not found" in result.stderr


def test_a_missing_config_file_is_named(tmp_path: Path) -> None:
    missing = tmp_path / "mtpbot.yaml"
    result = run("--config", str(missing), "validate")
    assert_clean_failure(result, ExitStatus.BAD_INPUT)
    assert str(missing) in result.stderr


def test_the_config_file_can_come_from_the_environment(tmp_path: Path) -> None:
    missing = tmp_path / "from-env.yaml"
    result = CliRunner(env={"MTPBOT_CONFIG": str(missing)}).invoke(main, ["validate"])
    assert_clean_failure(result, ExitStatus.BAD_INPUT)
    assert str(missing) in result.stderr


def test_a_broken_config_file_names_its_line(tmp_path: Path, config: Path) -> None:
    text = config.read_text(encoding="utf-8").replace("put_throttle:", "put_throttel:")
    config.write_text(text, encoding="utf-8")
    line = next(i for i, t in enumerate(text.splitlines(), 1) if t.startswith("put_throttel:"))

    result = run("--config", str(config), "validate")

    assert_clean_failure(result, ExitStatus.BAD_INPUT)
    assert f"{config}:{line}: put_throttel: unknown key 'put_throttel' (did you mean 'put_throttle'?)" in (
        result.stderr
    )


# --- render -----------------------------------------------------------------------------------------------


def rendered_pages(config: Path) -> list[dict[str, str]]:
    result = run("--config", str(config), "render", "--json")
    assert result.exit_code == 0, result.output
    pages: list[dict[str, str]] = json.loads(result.stdout)["pages"]
    return pages


def test_render_json_is_one_document_with_every_page(config: Path) -> None:
    result = run("--config", str(config), "render", "--json")

    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)  # fails on anything printed around the document
    assert list(document) == ["pages", "data_pages"] and document["data_pages"] == []  # no data_site: no charts
    assert [sorted(page) for page in document["pages"]] == [["text", "title"]] * 3
    assert [page["title"] for page in document["pages"]] == [METRICS_PAGE, OVERVIEW_PAGE, STATUS_PAGE]
    metrics_text = document["pages"][0]["text"]
    for figure in ("$527,823", "90.6%", "83K/mo"):
        assert figure in metrics_text
    assert result.stderr == ""


def test_render_prints_every_page_under_its_title(config: Path) -> None:
    pages = rendered_pages(config)

    result = run("--config", str(config), "render")

    assert result.exit_code == 0, result.output
    assert result.stdout == "".join(f"==> {p['title']} <==\n{p['text']}" for p in pages)


def test_render_one_page_prints_only_that_page(config: Path) -> None:
    (status_page,) = (p for p in rendered_pages(config) if p["title"] == STATUS_PAGE)

    result = run("--config", str(config), "render", "--page", STATUS_PAGE)

    assert result.exit_code == 0, result.output
    assert result.stdout == status_page["text"]
    assert METRICS_PAGE not in result.stdout


def test_render_json_of_one_page(config: Path) -> None:
    result = run("--config", str(config), "render", "--json", "--page", METRICS_PAGE)
    assert result.exit_code == 0, result.output
    assert [p["title"] for p in json.loads(result.stdout)["pages"]] == [METRICS_PAGE]


def test_render_an_unknown_page_lists_the_configured_ones(config: Path) -> None:
    result = run("--config", str(config), "render", "--page", "Template:MTP stats")

    assert_clean_failure(result, ExitStatus.BAD_INPUT)
    assert "Template:MTP stats" in result.stderr
    assert METRICS_PAGE in result.stderr and STATUS_PAGE in result.stderr


def test_render_refuses_invalid_metrics_before_printing_any_page(tmp_path: Path) -> None:
    bad = REPO / "tests" / "source" / "bad" / "unknown-status.yaml"
    result = run("--config", str(write_config(tmp_path, [bad])), "render")
    assert_clean_failure(result, ExitStatus.BAD_INPUT)
    assert f"{bad}:15: " in result.stderr


def test_render_json_answers_an_error_with_one_json_document(tmp_path: Path) -> None:
    bad = REPO / "tests" / "source" / "bad" / "unknown-status.yaml"
    result = run("--config", str(write_config(tmp_path, [bad])), "render", "--json")

    assert result.exit_code == ExitStatus.BAD_INPUT
    document = json.loads(result.stdout)
    assert (document["exit_code"], document["pages"]) == (2, [])
    assert f"{bad}:15: outcomes[0].deliverables[0].status.2019-20 Q1: unknown value 'green'" in document["error"]
    assert document["hint"]
    assert result.stderr.startswith("error: ")


def test_render_is_deterministic(config: Path) -> None:
    assert run("--config", str(config), "render").stdout == run("--config", str(config), "render").stdout


# --- version, sync's checks before any request --------------------------------------------------------------


def test_version() -> None:
    result = run("--version")
    assert result.exit_code == 0
    assert result.stdout == f"mtpbot, version {__version__}\n"


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("ftp://x", "is not the address of a MediaWiki api.php"),
        ("https://meta.wikimedia.org/wiki/Main_Page", "is not the address of a MediaWiki api.php"),
        ("http://example.org/w/api.php", "is plain http on another machine"),
        ("http://127.example.org/w/api.php", "is plain http on another machine"),
    ],
)
@pytest.mark.usefixtures("no_network")
def test_sync_refuses_a_bad_site_url_before_any_request(config: Path, url: str, message: str) -> None:
    result = run("--config", str(config), "sync", "--dry-run", "--site-url", url)
    assert_clean_failure(result, ExitStatus.BAD_INPUT)
    assert message in result.stderr


@pytest.mark.parametrize(
    ("url", "flags"),
    [
        ("http://127.0.0.1:8080/api.php", []),
        ("http://localhost/w/api.php", []),
        ("http://[::1]:8080/api.php", []),
        ("https://meta.wikimedia.org/w/api.php", []),
        ("http://example.org/w/api.php", ["--allow-insecure"]),
    ],
)
def test_sync_accepts_a_good_site_url(config: Path, url: str, flags: list[str]) -> None:
    from bot.errors import WikiError

    def unreachable(settings: SiteSettings, *, login: bool) -> ConnectedWiki:
        raise WikiError(f"cannot reach {settings.api_url}", hint="(test)")

    result = run("--config", str(config), "sync", "--dry-run", "--site-url", url, *flags, connect=unreachable)
    assert_clean_failure(result, ExitStatus.WIKI_UNAVAILABLE)
    assert f"cannot reach {url}" in result.stderr


@pytest.mark.usefixtures("no_network")
def test_sync_refuses_invalid_metrics_before_any_request(tmp_path: Path) -> None:
    config = write_config(tmp_path, [REPO / "tests" / "source" / "bad" / "unknown-status.yaml"])
    result = run("--config", str(config), "sync", "--dry-run", "--site-url", "http://127.0.0.1:1/api.php")
    assert_clean_failure(result, ExitStatus.BAD_INPUT)
    assert "unknown value 'green'" in result.stderr


# --- documentation -------------------------------------------------------------------------------------------

COMMANDS = sorted(main.commands)


def test_there_are_commands_to_document() -> None:
    assert {"validate", "render", "sync"} <= set(COMMANDS)


@pytest.mark.parametrize("name", COMMANDS)
def test_every_command_has_help(name: str) -> None:
    command = main.commands[name]
    assert command.help and command.help.strip(), f"`mtpbot {name}` has no docstring"
    assert command.get_short_help_str(limit=80).strip()
    result = run(name, "--help")
    assert result.exit_code == 0
    assert re.match(rf"Usage: \S+ {name} \[OPTIONS\]", result.stdout), result.stdout
    for option in command.params:
        if isinstance(option, click.Option):
            assert option.help, f"option {option.opts} of `mtpbot {name}` has no help"


@pytest.mark.parametrize("name", COMMANDS)
def test_every_command_is_in_the_readme(name: str) -> None:
    readme = REPO / "README.md"
    assert readme.exists(), "README.md documents the commands and the exit codes"
    assert f"mtpbot {name}" in readme.read_text(encoding="utf-8")


def _readme_section(name: str) -> str:
    """The README's section of `mtpbot NAME`: from its heading to the next heading."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    match = re.search(rf"^### `mtpbot {name}\b.*?(?=^#)", readme, re.MULTILINE | re.DOTALL)
    assert match, f"the README has no section ### `mtpbot {name} …`"
    return match.group(0)


@pytest.mark.parametrize("name", COMMANDS)
def test_every_option_of_a_command_is_documented_in_its_readme_section(name: str) -> None:
    section = _readme_section(name)
    group_options = {opt for param in main.params for opt in getattr(param, "opts", [])}
    undocumented = []
    for option in main.commands[name].params:
        if isinstance(option, click.Option) and not option.hidden:
            flags = [flag for flag in option.opts if flag.startswith("--") and flag not in group_options]
            if flags and not any(re.search(rf"(?<![\w-]){re.escape(flag)}(?![\w-])", section) for flag in flags):
                undocumented.append("/".join(option.opts))
    assert not undocumented, f"shown by `mtpbot {name} --help`, not in its README section: {undocumented}"


@pytest.mark.parametrize("code", list(ExitStatus), ids=[c.name for c in ExitStatus])
def test_every_exit_code_is_in_the_readme(code: ExitStatus) -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert re.search(rf"^\| {int(code)} \| \S", readme, re.MULTILINE), f"exit code {int(code)} ({code.name})"


def test_main_help_lists_every_command() -> None:
    result = run("--help")
    assert result.exit_code == 0
    for name in COMMANDS:
        assert re.search(rf"^  {name}\s+\S", result.stdout, re.MULTILINE), name


# --- the offline commands do not load the wiki layer --------------------------------------------------------

_PROBE = """
import sys
from bot.cli import main
try:
    main(sys.argv[1:], standalone_mode=False)
finally:
    loaded = sorted(m for m in sys.modules if m.split(".")[0] in {"pywikibot", "requests"})
    print("LOADED=" + ",".join(loaded), file=sys.stderr)
"""


@pytest.mark.parametrize("args", [["validate"], ["render"], ["render", "--json"]], ids=" ".join)
def test_offline_commands_never_import_pywikibot(config: Path, args: list[str]) -> None:
    env = {**os.environ, "PYWIKIBOT_NO_USER_CONFIG": "2"}
    env.pop("MTPBOT_CONFIG", None)
    process = subprocess.run(
        [sys.executable, "-c", _PROBE, "--config", str(config), *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=config.parent,
        timeout=120,
        check=False,
    )
    assert process.returncode == 0, process.stderr
    assert ("ok: " in process.stderr) if args == ["validate"] else process.stdout.strip()
    (loaded,) = re.findall(r"^LOADED=(.*)$", process.stderr, re.MULTILINE)
    assert loaded == "", f"`mtpbot {' '.join(args)}` imported {loaded}"


def test_python_dash_m_bot_runs_the_same_command() -> None:
    process = subprocess.run(
        [sys.executable, "-m", "bot", "--version"], capture_output=True, text=True, timeout=60, check=False
    )
    assert (process.returncode, process.stdout) == (0, f"mtpbot, version {__version__}\n")


# --- output on a terminal ------------------------------------------------------------------------------------


def test_json_stays_parseable_when_colours_are_on(config: Path) -> None:
    """Only styled text carries terminal codes: a JSON document captured from a terminal still parses."""
    result = CliRunner().invoke(main, ["--config", str(config), "render", "--json"], color=True)
    assert result.exit_code == 0, result.output
    assert "\x1b" not in result.stdout
    assert json.loads(result.stdout)["pages"]


class _NoBotRight:
    """A wiki whose account lacks the bot right: a real run stops after the progress line has started."""

    username = "NoBot"
    site_name = index_url = block_notice = ""

    def has_right(self, right: str) -> bool:
        return False

    def content_models(self) -> frozenset[str]:
        return frozenset({"wikitext"})

    def account_rights(self) -> frozenset[str]:
        return frozenset()

    def page_url(self, title: str) -> str:
        return title

    def fetch(self, titles: Sequence[str]) -> Mapping[str, PageState]:
        raise AssertionError("nothing is read without the bot right")

    def save(self, state: PageState, text: str, summary: str) -> SaveResult:
        raise AssertionError("nothing is saved without the bot right")

    def removal(self, title: str) -> None:
        raise AssertionError("no log is read without the bot right")

    def history(self, title: str, *, start: int | None, limit: int) -> Sequence[Revision]:
        raise AssertionError("no history is read without the bot right")

    def last_text_by(self, title: str, users: frozenset[str], *, start: int | None) -> str | None:
        raise AssertionError("no history is read without the bot right")

    def save_as(self, state: PageState, text: str, summary: str, model: str) -> SaveResult:
        raise AssertionError("nothing is saved without the bot right")

    def parse(self, text: str, title: str) -> ParsedPage:
        raise AssertionError("sync parses nothing")


def _connect_without_bot_right(settings: SiteSettings, *, login: bool) -> ConnectedWiki:
    return _NoBotRight()


def test_an_error_after_the_progress_line_starts_on_a_clean_line(config: Path) -> None:
    env = Environment(stderr_isatty=True, connect=_connect_without_bot_right, environ={})
    args = ["--config", str(config), "sync", "--site-url", "http://127.0.0.1:1/api.php"]
    result = CliRunner().invoke(main, args, obj=env, color=True)
    assert result.exit_code == ExitStatus.NOT_ALLOWED, result.output
    progress, error = result.stderr.index("] reading the pages"), result.stderr.index("error: ")
    assert "\r\x1b[K" in result.stderr[progress:error]


@pytest.mark.parametrize(
    ("url", "throttle"),
    [
        (None, 10.0),
        ("https://meta.wikimedia.org/w/api.php", 10.0),
        ("http://example.org/w/api.php", 10.0),
        ("http://127.0.0.1:8080/api.php", 0.0),
        ("http://localhost/w/api.php", 0.0),
    ],
)
def test_the_save_throttle_applies_to_every_wiki_but_a_test_wiki_on_this_machine(
    url: str | None, throttle: float
) -> None:
    from bot.cli.site import site_settings
    from bot.source.settings import load_config

    assert site_settings(load_config(SEED_CONFIG).settings, url).put_throttle == throttle


# --- the terminal contract -------------------------------------------------------------------------------------


@pytest.mark.parametrize("args", [["validate", "-v"], ["validate", "--quiet"], ["render", "--config", "CONFIG"]])
def test_global_options_are_accepted_after_the_command_too(config: Path, args: list[str]) -> None:
    given = [str(config) if arg == "CONFIG" else arg for arg in args]
    before = run("--config", str(config), *[a for a in given if a not in ("--config", str(config))])
    after = run(*(["--config", str(config)] if "--config" not in given else []), *given)
    assert (after.exit_code, after.stdout, after.stderr) == (before.exit_code, before.stdout, before.stderr)
    assert after.exit_code == ExitStatus.OK


def test_quiet_after_the_command_silences_it(config: Path) -> None:
    assert (
        run("validate", "--config", str(config), "-q").output,
        run("--config", str(config), "-q", "validate").output,
    ) == (
        "",
        "",
    )


def test_a_json_error_has_the_shape_of_a_json_result(config: Path) -> None:
    """A job reading --json finds the same keys whether the run went through or could not start."""
    from bot.cli.report import document
    from bot.errors import ExitStatus as Status

    result = run("--config", str(config), "sync", "--json", "--dry-run", "--site-url", "ftp://x/api.php")
    error = json.loads(result.stdout)
    assert list(error) == list(document(Status.OK))
    assert (error["exit_code"], error["pages"], error["dry_run"]) == (ExitStatus.BAD_INPUT, [], None)
    assert error["error"] and error["hint"]


def test_validate_checks_the_pages_against_the_wiki_the_templates_and_the_metrics(config: Path) -> None:
    """Everything knowable offline is checked by validate, each at its line of the settings."""
    settings = yaml.safe_load(config.read_text(encoding="utf-8"))
    settings["run_page"] = "User:MtpBot/Run#stop"
    settings["pages"] = [
        {"title": "Foo#section", "template": "priority-metrics.wiki.j2", "priority": "thriving-movement"},
        {"title": "Special:Metrics", "template": "missing.wiki.j2"},
        {"title": "Bar", "template": "priority-metrics.wiki.j2", "priority": "no-such-priority"},
        {"title": "Old", "template": "priority-metrics.wiki.j2", "priority": "thriving-movement", "year": "2010-11"},
        {"title": "Template:MTP status", "template": "mtp-status.wiki.j2"},
        {"title": "template:MTP_status", "template": "mtp-status.wiki.j2"},
    ]
    config.write_text(yaml.safe_dump(settings, sort_keys=False), encoding="utf-8")
    lines = config.read_text(encoding="utf-8").splitlines()

    def line(text: str) -> int:
        return next(n for n, content in enumerate(lines, 1) if text in content)

    result = run("--config", str(config), "validate")

    assert_clean_failure(result, ExitStatus.BAD_INPUT)
    expected = [
        (line("run_page:"), "run_page", "contains a section link"),
        (line("Foo#section"), "pages[0].title", "contains a section link"),
        (line("Special:Metrics"), "pages[1].title", "is a Special page, which cannot be edited"),
        (line("missing.wiki.j2"), "pages[1].template", "no template missing.wiki.j2 in"),
        (line("no-such-priority"), "pages[2].priority", "no metrics file defines the priority 'no-such-priority'"),
        (line("2010-11"), "pages[3].year", "does not report fiscal year 2010-11 (it reports 2019-20)"),
        (line("template:MTP_status"), "pages[5].title", "is the same page as 'Template:MTP status' (pages[4])"),
    ]
    for number, path, message in expected:
        assert f"{config}:{number}: {path}: " in result.stderr and message in result.stderr, (path, result.stderr)
    assert f"{len(expected)} problems found" in result.stderr


def test_a_page_is_named_as_the_wiki_writes_it(config: Path) -> None:
    result = run("--config", str(config), "render", "--page", "template:MTP_status")
    assert result.exit_code == ExitStatus.OK, result.output
    assert "mtpbot:begin status-template" in result.stdout

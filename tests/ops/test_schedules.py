"""The weekly jobs, run as they will run: docs/operations.md's own set-up commands make the account, the clone, the
venv, the credentials and the log folder; then the crontab line, the systemd unit's command and the
Toolforge job run as that account, with the environment cron, systemd and Toolforge give them. Each one
pulls a commit just pushed upstream and publishes its figure to the local wiki, naming the commit.

Needs root (a throwaway account is made and removed); CI runs as root. See tests/ops/host.py for the two
stand-ins for the network (an offline pip, and --site-url pointing at the local wiki).
"""

from __future__ import annotations

import configparser
import secrets
import shlex
import shutil
import stat
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from devwiki import DevWiki, HumanClient
from tests.ops.clones import DataRepository
from tests.ops.host import (
    DEPLOY,
    ROOT_PATH,
    GitDaemon,
    Sandbox,
    add_dependencies,
    code_blocks,
    commands,
    copy_dependencies,
    job_python,
    offline_pip,
    project_files,
    require_root,
    run_as_root,
)
from tests.support.workspace import Workspace, make_workspace

pytestmark = [pytest.mark.wiki, pytest.mark.slow]


@dataclass
class Server:
    sandbox: Sandbox
    repository: DataRepository
    maintainer: Workspace  # the maintainer's working copy of the settings and metrics (config/)
    daemon: GitDaemon
    dependencies: Path
    wiki: DevWiki

    @property
    def clone(self) -> Path:
        return self.sandbox.path("/srv/mtpbot")

    def push_figure(self, count: int) -> str:
        """A maintainer changes one figure, commits and pushes it: the commit's short hash."""
        self.maintainer.set_monthly_active_editors(count)
        return self.repository.publish(f"Monthly active editors, Q1: {count}")

    def aimed(self, command: str) -> str:
        """The deploy file's command pointed at the local wiki instead of Meta-Wiki (the one change)."""
        assert command.count("mtpbot sync --pull") == 1, command
        return command.replace("mtpbot sync --pull", f"mtpbot sync --pull --site-url {self.wiki.api_url}")

    def assert_published(self, human: HumanClient, count: int, commit: str) -> None:
        title = self.maintainer.metrics_title
        assert f"{count // 1000}K/mo" in (human.page_text(title) or "")
        assert human.latest_revision(title)["comment"].endswith(f"(data {commit})")


@pytest.fixture(scope="module")
def server(devwiki: DevWiki, run_page_on: str) -> Iterator[Server]:
    """The server set-up of docs/operations.md, run in a sandbox folder: its account, clone, venv, credentials, logs."""
    require_root()
    python = job_python()
    folder = Path(tempfile.mkdtemp(prefix="mtpbot-server-"))
    folder.chmod(0o755)  # as / is: every account may pass through
    sandbox = Sandbox(folder, f"mtpbot-{secrets.token_hex(3)}")
    daemon = None
    try:
        for parent in ("srv", "var/lib", "var/log", "etc"):
            (folder / parent).mkdir(parents=True, exist_ok=True)
        repository = DataRepository.create(folder / "forge")
        maintainer = make_workspace(repository.maintainer / "config", devwiki, label="Deploy test")
        maintainer.configure(templates="../templates")  # the clone's own templates
        list(project_files(repository.maintainer))
        repository.publish("mtpbot, with the metrics as shipped")
        daemon = GitDaemon(folder / "forge")
        dependencies = copy_dependencies(folder / "dependencies")
        _set_up_as_the_readme_says(sandbox, daemon.url("upstream.git"), devwiki, dependencies)
        add_dependencies(sandbox.path("/srv/mtpbot/.venv"), dependencies)
        assert Path(python).exists()
        yield Server(sandbox, repository, maintainer, daemon, dependencies, devwiki)
    finally:
        if daemon is not None:
            daemon.stop()
        sandbox.remove_user()
        shutil.rmtree(folder, ignore_errors=True)


def _set_up_as_the_readme_says(sandbox: Sandbox, repository: str, wiki: DevWiki, dependencies: Path) -> None:
    """Every line of the guide's server block but the package installation, the variables the operator
    types and the try run (a test of its own): as root, in bash, with the account and paths of the sandbox."""
    block = commands(code_blocks("### A server")[0])
    skipped = ("apt-get ", "REPOSITORY=", "BOTUSER=", "read ")
    lines = [sandbox.localize(line, user=True) for line in block if not line.startswith(skipped)]
    assert "--dry-run" in lines[-1] and lines[0].startswith("useradd --system"), lines
    env = {
        "PATH": ROOT_PATH,
        "HOME": "/root",
        "LANG": "C.UTF-8",
        "REPOSITORY": repository,
        "BOTUSER": wiki.bot.username,
        "BOTPASSWORD": wiki.bot.password,
        **offline_pip(dependencies),
    }
    run_as_root("\n".join(lines[:-1]), env)


def try_run_line() -> str:
    return commands(code_blocks("### A server")[0])[-1]


# --- what the set-up leaves ---------------------------------------------------------------------------


def test_the_account_owns_its_clone_venv_log_folder_and_private_credentials(server: Server) -> None:
    sandbox = server.sandbox
    owner = {path: path.owner() for path in (server.clone, server.clone / ".venv", sandbox.path("/var/log/mtpbot"))}
    assert set(owner.values()) == {sandbox.user}, owner
    credentials = sandbox.path("/etc/mtpbot/credentials")
    assert credentials.owner() == sandbox.user and stat.S_IMODE(credentials.stat().st_mode) == 0o600
    assert sandbox.home() == sandbox.path("/var/lib/mtpbot") and sandbox.home().owner() == sandbox.user

    other = subprocess.run(["runuser", "-u", "nobody", "--", "cat", str(credentials)], capture_output=True, text=True)
    assert other.returncode != 0 and "Permission denied" in other.stderr
    assert sandbox.is_clean(server.clone)  # installing left nothing the next --pull would refuse


def test_the_readme_try_run_shows_the_new_figure_and_saves_nothing(server: Server, human: HumanClient) -> None:
    title = server.maintainer.metrics_title
    before = human.page_text(title)
    pushed = server.push_figure(91000)

    line = server.aimed(server.sandbox.localize(try_run_line(), user=True))
    done = subprocess.run(["bash", "-c", line], env={"PATH": ROOT_PATH}, capture_output=True, text=True, check=False)

    assert done.returncode == 0, done.stderr
    assert f"→ {pushed}" in done.stderr and "91K/mo" in done.stdout  # the pull, and the diff of the new figure
    assert human.page_text(title) == before


# --- the three schedules ----------------------------------------------------------------------------------


def test_the_crontab_line_pulls_and_publishes_as_the_account_with_crons_environment(
    server: Server, human: HumanClient
) -> None:
    (line,) = [x for x in (DEPLOY / "crontab").read_text().splitlines() if x.strip() and not x.startswith("#")]
    command = line.split(maxsplit=5)[5]
    assert "%" not in command  # cron would cut the line there
    log = server.sandbox.path("/var/log/mtpbot/sync.log")
    logged = log.read_text() if log.exists() else ""
    pushed = server.push_figure(86000)

    home = server.sandbox.home()
    cron = {"SHELL": "/bin/sh", "PATH": "/usr/bin:/bin", "HOME": str(home), "LOGNAME": server.sandbox.user}
    done = server.sandbox.as_user(["/bin/sh", "-c", server.aimed(server.sandbox.localize(command))], cron, home)

    new = log.read_text()[len(logged) :]
    assert done.returncode == 0, (done.stderr, new)
    assert (done.stdout, done.stderr) == ("", "")  # all of it went to the log, which the account could write
    assert log.owner() == server.sandbox.user
    assert f"→ {pushed} (" in new and f"(data {pushed})" in new
    assert new.rstrip().splitlines()[-1].startswith("done: ")
    server.assert_published(human, 86000, pushed)


def test_the_systemd_unit_runs_its_command_as_its_user_with_its_settings(server: Server, human: HumanClient) -> None:
    sandbox = server.sandbox
    unit = configparser.ConfigParser(strict=False, interpolation=None, delimiters=("=",))
    unit.optionxform = str  # type: ignore[assignment,method-assign]  # systemd's keys are case-sensitive
    unit.read_string(sandbox.localize((DEPLOY / "mtpbot.service").read_text(), user=True))
    service = unit["Service"]
    assert (service["User"], service["Group"]) == (sandbox.user, sandbox.user)
    assert service["WorkingDirectory"] == str(server.clone)
    assert str(server.clone) in service["ReadWritePaths"].split()  # ProtectSystem=strict: the pull writes there
    _verify_units(sandbox, unit)
    pushed = server.push_figure(87000)

    home = sandbox.home()
    env = {"PATH": "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin", "HOME": str(home), "USER": sandbox.user}
    env |= {"LOGNAME": sandbox.user, "SHELL": "/usr/sbin/nologin"}
    env["STATE_DIRECTORY"] = str(sandbox.path(f"/var/lib/{service['StateDirectory']}"))
    env |= _environment_file(Path(service["EnvironmentFile"]))  # systemd reads it as root, before the switch
    argv = shlex.split(server.aimed(service["ExecStart"]))
    done = sandbox.as_user(argv, env, Path(service["WorkingDirectory"]))

    assert done.returncode == 0, done.stderr  # what the journal would show
    assert f"→ {pushed} (" in done.stderr and f"(data {pushed})" in done.stderr
    server.assert_published(human, 87000, pushed)


def _environment_file(path: Path) -> dict[str, str]:
    """KEY=VALUE lines, as systemd's EnvironmentFile= reads them."""
    pairs = [line.split("=", 1) for line in path.read_text().splitlines() if line.strip() and line[0] not in "#;"]
    return {key.strip(): value.strip().strip("'\"") for key, value in pairs}


def _verify_units(sandbox: Sandbox, unit: configparser.ConfigParser) -> None:
    """systemd's own check of the unit (its paths in the sandbox) and of the timer that starts it."""
    if shutil.which("systemd-analyze") is None:
        return
    folder = sandbox.folder / "systemd"
    folder.mkdir(exist_ok=True)
    (folder / "mtpbot.service").write_text(sandbox.localize((DEPLOY / "mtpbot.service").read_text(), user=True))
    shutil.copy(DEPLOY / "mtpbot.timer", folder / "mtpbot.timer")
    done = subprocess.run(
        ["systemd-analyze", "verify", "--man=no", str(folder / "mtpbot.service"), str(folder / "mtpbot.timer")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0 and "mtpbot" not in done.stderr, done.stderr
    assert unit["Service"]["Type"] == "oneshot"


def test_toolforge_from_a_new_tool_account_as_the_readme_says(server: Server, human: HumanClient) -> None:
    tool = ToolAccount(server, server.sandbox.folder / "data" / "project" / "mtpbot")
    pushed = None
    for line in commands(code_blocks("### Toolforge")[0]):
        words = shlex.split(line)
        if line.startswith(("ssh ", "become mtpbot", "cat ", "toolforge jobs list")):
            continue
        if line.startswith("git clone "):
            tool.shell(line.replace(words[2], server.daemon.url("upstream.git")))
        elif words[:3] == ["toolforge", "envvars", "create"]:
            # MTPBOT_USERNAME is given on the line; MTPBOT_PASSWORD is typed at the prompt
            bot = server.wiki.bot
            tool.envvars[words[3]] = bot.username if words[3] == "MTPBOT_USERNAME" else bot.password
        elif words[:3] == ["toolforge", "jobs", "run"]:
            if words[3] == "mtpbot-try":
                pushed = server.push_figure(88000)
            tool.run_job(words[3], words[words.index("--command") + 1])
        elif words[:3] == ["toolforge", "jobs", "load"]:
            assert words[4:] == ["--job", "mtpbot-sync"]  # never a plain load: it deletes the tool's other jobs
            tool.load_job(Path(words[3].replace("~", str(tool.home))), "mtpbot-sync")
        else:
            pytest.fail(f"a line of docs/operations.md this test does not know how to run: {line}")
    assert pushed is not None
    assert f"→ {pushed}" in (tool.home / "mtpbot-try.log").read_text()
    errors = (tool.home / "mtpbot-sync.err").read_text()
    assert f"data: {pushed}, up to date with origin/main" in errors and f"(data {pushed})" in errors
    server.assert_published(human, 88000, pushed)


class ToolAccount:
    """A Toolforge tool as its jobs see it: its home, its envvars, and jobs run by /bin/sh in that home."""

    def __init__(self, server: Server, home: Path) -> None:
        self.server, self.home = server, home
        self.envvars: dict[str, str] = {}
        home.parent.mkdir(parents=True)
        subprocess.run(["install", "-d", "-o", server.sandbox.user, "-g", server.sandbox.user, str(home)], check=True)

    def shell(self, line: str) -> None:
        """A line typed on the bastion after `become`."""
        env = {"HOME": str(self.home), "PATH": "/usr/bin:/bin"}
        done = self.server.sandbox.as_user(["/bin/sh", "-c", line], env, self.home)
        assert done.returncode == 0, done.stderr

    def run_job(self, name: str, command: str, filelog: bool = False) -> None:
        """`toolforge jobs run NAME --command COMMAND --wait`: /bin/sh -c in the tool's home, HOME set, the
        envvars in the environment; file logs as the jobs framework writes them."""
        if name == "mtpbot-setup":
            env = offline_pip(self.server.dependencies)
        else:
            command, env = self.server.aimed(command), {}
        if filelog:
            command = f"exec 1>>{self.home}/{name}.out;exec 2>>{self.home}/{name}.err;{command}"
        job = {"HOME": str(self.home), "PATH": "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"}
        job |= {"LANG": "C.UTF-8", **self.envvars, **env}
        done = self.server.sandbox.as_user(["/bin/sh", "-c", "--", command], job, self.home)
        assert done.returncode == 0, (name, done.stdout, done.stderr)
        if name == "mtpbot-setup":
            add_dependencies(self.home / "mtpbot" / ".venv", self.server.dependencies)

    def load_job(self, jobs_file: Path, name: str) -> None:
        """`toolforge jobs load FILE --job NAME`, and the scheduled job's next run."""
        (job,) = [job for job in yaml.safe_load(jobs_file.read_text()) if job["name"] == name]
        assert job["schedule"] == "@weekly" and job["image"] == "python3.11"
        self.run_job(name, job["command"], filelog=bool(job.get("filelog")))
        assert self.server.sandbox.is_clean(self.home / "mtpbot")

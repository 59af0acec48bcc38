"""What lets the community and the operator stop or steer the bot: run page, {{nobots}}, bot right, lock,
hand edits inside the bot's tables, and secrets kept out of every output."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.errors import ExitStatus
from bot.ops.lock import run_lock
from devwiki import HumanClient
from tests.support.workspace import Workspace

pytestmark = pytest.mark.wiki


@pytest.fixture
def run_page(workspace: Workspace, human: HumanClient, run_page_on: str) -> Iterator[str]:
    """The run page, switched back on after the test whatever it did."""
    yield run_page_on
    human.edit(run_page_on, "true", "switch the bot back on")


def test_the_run_page_stops_publishing_before_the_first_save(
    workspace: Workspace, human: HumanClient, run_page: str
) -> None:
    human.edit(run_page, "false — stopped while we check the figures", "stop the bot")
    result = workspace.sync()
    assert result.exit_code == ExitStatus.NOT_ALLOWED
    assert 'reads "false — stopped while we check the figures", not "true"' in result.stderr
    assert human.page_text(workspace.metrics_title) is None
    assert human.page_text(workspace.template_title) is None

    dry = workspace.sync("--dry-run")
    assert dry.exit_code == ExitStatus.OK
    assert "a real run would publish nothing" in dry.stderr


@pytest.mark.parametrize(
    ("template", "excluded"),
    [
        ("{{nobots}}", True),
        ("{{bots|deny=MtpBot}}", True),
        ("{{bots|deny=all}}", True),
        ("{{bots|allow=SomeOtherBot}}", True),
        ("{{bots|allow=MtpBot,SomeOtherBot}}", False),
        ("{{bots|deny=SomeOtherBot}}", False),
    ],
)
def test_nobots_and_bots_templates_are_honoured(
    workspace: Workspace, human: HumanClient, template: str, excluded: bool
) -> None:
    assert workspace.sync("--page", workspace.metrics_title).exit_code == ExitStatus.OK
    text = human.page_text(workspace.metrics_title)
    assert text is not None
    human.edit(workspace.metrics_title, f"{template}\n{text}", "exclusion template")
    data = workspace.metrics()
    data["kpis"][1]["quarters"]["2019-20 Q1"]["value"]["percent"] = 91.2
    workspace.write_metrics(data)
    code, report = workspace.sync_json("--page", workspace.metrics_title)
    entry = report["pages"][0]
    if excluded:
        assert (code, entry["action"], entry["reason"]) == (ExitStatus.PAGE_FAILURES, "refused", "nobots")
        assert "91.2%" not in (human.page_text(workspace.metrics_title) or "")
    else:
        assert (code, entry["action"]) == (ExitStatus.OK, "edited")


def test_a_hand_edit_inside_a_table_is_never_overwritten_unless_forced(
    workspace: Workspace, human: HumanClient
) -> None:
    assert workspace.sync().exit_code == ExitStatus.OK
    text = human.page_text(workspace.metrics_title) or ""
    hand_edited = text.replace("|| 95% || 90.6% ||", "|| 95% || 91% ||", 1)
    assert hand_edited != text
    human.edit(workspace.metrics_title, hand_edited, "a human fixes a figure in the table")
    data = workspace.metrics()
    data["metrics"][0]["quarters"]["2019-20 Q1"]["value"]["count"] = 84000
    workspace.write_metrics(data)

    code, report = workspace.sync_json()
    metrics, template = report["pages"]
    assert (code, metrics["action"], metrics["reason"]) == (ExitStatus.PAGE_FAILURES, "refused", "manual-edit")
    assert "kpis: row kpi:ca-inquiries" in metrics["message"]
    assert template["action"] == "unchanged"
    assert human.page_text(workspace.metrics_title) == hand_edited

    code, report = workspace.sync_json("--force")
    assert (code, report["pages"][0]["action"]) == (ExitStatus.OK, "edited")
    assert report["pages"][0]["summary"].startswith("Bot: MTP metrics: replaced a manual edit in kpis; ")
    assert "|| 95% || 90.6% ||" in (human.page_text(workspace.metrics_title) or "")


def test_a_second_run_waits_for_the_lock_of_the_first(workspace: Workspace) -> None:
    before = workspace.wiki.count_requests()
    with run_lock(workspace.lock_file):
        result = workspace.sync()
    assert result.exit_code == ExitStatus.LOCKED
    assert "another mtpbot run is in progress" in result.stderr
    assert workspace.wiki.count_requests() == before
    assert workspace.sync("--dry-run").exit_code == ExitStatus.OK  # a dry run needs no lock


def test_an_account_without_the_bot_right_may_not_publish(workspace: Workspace, human: HumanClient) -> None:
    account = workspace.wiki.human
    env = workspace.process_env(MTPBOT_USERNAME=account.username, MTPBOT_PASSWORD=account.password)
    done = workspace.mtpbot_process("sync", "--site-url", workspace.site_url, env=env)
    assert done.returncode == ExitStatus.NOT_ALLOWED, done.stderr
    assert "does not hold the bot right" in done.stderr
    assert human.page_text(workspace.metrics_title) is None


def test_passwords_never_appear_in_any_output(workspace: Workspace, tmp_path: Path) -> None:
    """Each run is a fresh process (pywikibot's configuration is per process), which must log in."""
    password = workspace.wiki.bot.password
    env = workspace.process_env(MTPBOT_USERNAME=workspace.wiki.bot.username, MTPBOT_PASSWORD=password)
    for args in (["-v", "sync", "--json"], ["-v", "sync", "--dry-run"], ["-v", "sync"]):
        done = workspace.mtpbot_process(*args, "--site-url", workspace.site_url, env=env)
        assert done.returncode == ExitStatus.OK, done.stderr
        assert password not in done.stdout + done.stderr
    # A fresh state directory: with the kept one, the session of the runs above would stand in for a login.
    wrong = {**env, "MTPBOT_PASSWORD": "0123456789abcdef0123456789abcdef", "MTPBOT_STATE_DIR": str(tmp_path)}
    done = workspace.mtpbot_process("-v", "sync", "--json", "--site-url", workspace.site_url, env=wrong)
    assert done.returncode == ExitStatus.WIKI_UNAVAILABLE
    assert "0123456789abcdef0123456789abcdef" not in done.stdout + done.stderr
    assert '"exit_code": 6' in done.stdout


def test_a_password_file_others_can_read_is_refused(workspace: Workspace, tmp_path: Path) -> None:
    folder = tmp_path / "pywikibot"
    folder.mkdir()
    (folder / "user-config.py").write_text(
        "family = 'meta'\nmylang = 'meta'\nusernames['meta']['meta'] = 'MtpBot'\npassword_file = 'user-password.py'\n"
    )
    secret = folder / "user-password.py"
    secret.write_text("('MtpBot', BotPassword('mtpbot', 'x'))\n")
    secret.chmod(0o644)
    env = workspace.process_env(credentials=False, PYWIKIBOT_DIR=str(folder))
    done = workspace.mtpbot_process("sync", "--dry-run", env=env)
    assert done.returncode == ExitStatus.BAD_INPUT, done.stderr
    assert f"chmod 600 {secret}" in done.stderr


def test_plain_http_to_another_machine_is_refused(workspace: Workspace) -> None:
    result = workspace.mtpbot("sync", "--site-url", "http://meta.example.org/w/api.php")
    assert result.exit_code == ExitStatus.BAD_INPUT
    assert "--allow-insecure" in result.stderr

"""`mtpbot sync --pull` against the local wiki: the commit pushed upstream is the one published and named; a
clone that cannot be fast-forwarded publishes nothing; data outside git is published with a warning."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from bot.errors import ExitStatus
from devwiki import DevWiki, HumanClient
from tests.ops.clones import DataRepository, git
from tests.support.workspace import Workspace, make_workspace

pytestmark = pytest.mark.wiki


@pytest.fixture
def data(devwiki: DevWiki, run_page_on: str, tmp_path: Path) -> tuple[DataRepository, Workspace]:
    """The maintainer's working copy of the settings and metrics (in config/), pushed upstream."""
    repository = DataRepository.create(tmp_path)
    maintainer = make_workspace(repository.maintainer / "config", devwiki, label="Pull test")
    repository.publish("the metrics as shipped")
    return repository, maintainer


@pytest.fixture
def job(data: tuple[DataRepository, Workspace], tmp_path: Path) -> Workspace:
    """The scheduled job's own clone of the same repository, and mtpbot runs in it."""
    repository, maintainer = data
    clone = repository.clone(tmp_path / "job")
    # The state directory lives outside the clone: the clone must hold nothing but what upstream has.
    return replace(maintainer, folder=clone / "config", extra_env={"MTPBOT_STATE_DIR": str(tmp_path / "job-state")})


def test_the_job_publishes_the_commit_pushed_upstream_and_names_it(
    data: tuple[DataRepository, Workspace], job: Workspace, human: HumanClient
) -> None:
    repository, maintainer = data
    first = DataRepository.head(repository.maintainer)
    assert job.mtpbot_process("sync", "--pull", "--site-url", job.site_url).returncode == ExitStatus.OK
    assert human.latest_revision(job.metrics_title)["comment"].endswith(f"(data {first})")

    maintainer.set_monthly_active_editors(86000)
    pushed = repository.publish("Monthly active editors, Q1: 86K")
    done = job.mtpbot_process("sync", "--pull", "--json", "--site-url", job.site_url)

    assert done.returncode == ExitStatus.OK, done.stderr
    report = json.loads(done.stdout)  # one document, though the run restarted itself on the new commit
    assert (report["data_revision"], report["warnings"]) == (pushed, [])
    assert [page["action"] for page in report["pages"]] == ["edited", "unchanged"]
    revision = human.latest_revision(job.metrics_title)
    assert revision["comment"].endswith(f"(data {pushed})") and "83K/mo* → 5.1% YoY 86K/mo*" in revision["comment"]
    assert "86K/mo" in (human.page_text(job.metrics_title) or "")
    assert f"data: updated {first} → {pushed} (1 commit from origin/main); starting again on it" in done.stderr
    assert f"data: {pushed}, up to date with origin/main" in done.stderr
    assert git(job.folder, "status", "--porcelain") == ""  # the run left nothing in the clone


def test_a_clone_with_local_changes_refuses_to_run_and_publishes_nothing(
    data: tuple[DataRepository, Workspace], job: Workspace, human: HumanClient
) -> None:
    repository, maintainer = data
    job.set_monthly_active_editors(99000)  # an edit made in the job's clone, never committed
    maintainer.set_monthly_active_editors(86000)
    repository.publish("Monthly active editors, Q1: 86K")
    head = DataRepository.head(job.folder)

    result = job.sync("--pull")

    assert result.exit_code == ExitStatus.BAD_INPUT
    assert f"error: the clone {job.folder.parent} has local changes (1: config/metrics/thriving-movement.yaml)" in (
        result.stderr
    )
    assert human.page_text(job.metrics_title) is None and human.page_text(job.template_title) is None
    assert DataRepository.head(job.folder) == head  # nothing pulled, nothing stashed
    assert "99000" in job.metrics_file.read_text()


def test_a_diverged_clone_refuses_to_run_and_publishes_nothing(
    data: tuple[DataRepository, Workspace], job: Workspace, human: HumanClient
) -> None:
    repository, maintainer = data
    job.set_monthly_active_editors(99000)
    git(job.folder, "commit", "--quiet", "-am", "a figure committed in the job's clone only")
    maintainer.set_monthly_active_editors(86000)
    repository.publish("Monthly active editors, Q1: 86K")

    code, report = job.sync_json("--pull")

    assert code == ExitStatus.BAD_INPUT
    assert report["exit_code"] == ExitStatus.BAD_INPUT and report["pages"] == []
    assert "has diverged from origin/main: 1 local commit" in report["error"]
    assert human.page_text(job.metrics_title) is None


def test_data_outside_git_is_published_with_a_warning_and_cannot_be_pulled(
    devwiki: DevWiki, run_page_on: str, tmp_path: Path, human: HumanClient
) -> None:
    plain = make_workspace(tmp_path / "copy", devwiki, label="No git test")  # a copy without .git

    result = plain.sync("--json")

    assert result.exit_code == ExitStatus.OK, result.output
    reason = f"{plain.folder / 'metrics'} is not in a git repository"
    warnings = [line for line in result.stderr.splitlines() if line.startswith("warning:")]
    assert warnings == [f"warning: the data commit is unknown: {reason}"]
    report = json.loads(result.stdout)
    assert (report["data_revision"], report["warnings"]) == (None, [f"the data commit is unknown: {reason}"])
    assert "(data" not in human.latest_revision(plain.metrics_title)["comment"]

    refused = plain.sync("--pull")
    assert refused.exit_code == ExitStatus.BAD_INPUT
    assert f"{plain.folder} is not in a git repository" in refused.stderr

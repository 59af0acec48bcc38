"""The data update before a scheduled run: fast-forward only, and a clone that cannot be fast-forwarded is
refused with a reason; the data commit is named, or the reason it cannot be is given. Real git repositories."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from bot.errors import ExitStatus, LockHeldError
from bot.ops.lock import run_lock
from bot.ops.provenance import find_data_revision
from bot.ops.update import DataUpdateError, fast_forward
from tests.ops.clones import DataRepository, git


@pytest.fixture
def data(tmp_path: Path) -> DataRepository:
    repository = DataRepository.create(tmp_path)
    (repository.maintainer / "config").mkdir()
    (repository.maintainer / "config" / "figures.yaml").write_text("editors: 83000\n")
    (repository.maintainer / "config" / "sources.yaml").write_text("editors: the deck, slide 12\n")
    repository.publish("first figures")
    return repository


@pytest.fixture
def clone(data: DataRepository, tmp_path: Path) -> Path:
    return data.clone(tmp_path / "job")


def new_figure(data: DataRepository, value: int) -> str:
    (data.maintainer / "config" / "figures.yaml").write_text(f"editors: {value}\n")
    return data.publish(f"editors: {value}")


def test_a_new_commit_upstream_is_fast_forwarded_into_the_clone(data: DataRepository, clone: Path) -> None:
    before = DataRepository.head(clone)
    after = new_figure(data, 85000)

    update = fast_forward(clone / "config")

    assert (update.moved, update.commits, update.upstream) == (True, 1, "origin/main")
    assert (clone / "config" / "figures.yaml").read_text() == "editors: 85000\n"
    assert DataRepository.head(clone) == after
    assert update.describe() == f"data: updated {before} → {after} (1 commit from origin/main)"
    again = fast_forward(clone / "config")
    assert not again.moved and again.describe() == f"data: {after}, up to date with origin/main"


@pytest.mark.parametrize(
    ("change", "named"),
    [
        (lambda clone: (clone / "config" / "figures.yaml").write_text("editors: 1\n"), "config/figures.yaml"),
        (lambda clone: (clone / "config" / "draft.yaml").write_text("editors: 2\n"), "config/draft.yaml"),
        (lambda clone: git(clone, "rm", "--quiet", "config/sources.yaml"), "config/sources.yaml"),
    ],
    ids=["modified", "untracked", "staged-deletion"],
)
def test_a_clone_with_local_changes_is_refused_and_left_as_it_is(
    data: DataRepository, clone: Path, change: object, named: str
) -> None:
    assert callable(change)
    change(clone)
    status = git(clone, "status", "--porcelain")
    head = DataRepository.head(clone)
    new_figure(data, 85000)

    with pytest.raises(DataUpdateError, match="has local changes") as refused:
        fast_forward(clone / "config")

    assert named in refused.value.message and refused.value.exit_status == ExitStatus.BAD_INPUT
    assert "commit" in refused.value.hint
    assert (DataRepository.head(clone), git(clone, "status", "--porcelain")) == (head, status)


def test_a_clone_with_its_own_commits_is_refused_whether_upstream_moved_or_not(
    data: DataRepository, clone: Path
) -> None:
    (clone / "config" / "figures.yaml").write_text("editors: 1\n")
    git(clone, "commit", "--quiet", "-am", "a local figure")
    local = DataRepository.head(clone)

    with pytest.raises(DataUpdateError, match="is ahead of origin/main: 1 local commit"):
        fast_forward(clone / "config")

    new_figure(data, 85000)
    with pytest.raises(DataUpdateError, match="has diverged from origin/main: 1 local commit") as refused:
        fast_forward(clone / "config")
    assert "never merges" in refused.value.hint
    assert DataRepository.head(clone) == local
    assert (clone / "config" / "figures.yaml").read_text() == "editors: 1\n"


def test_an_upstream_that_cannot_be_fetched_stops_the_update(data: DataRepository, clone: Path) -> None:
    git(clone, "remote", "set-url", "origin", str(clone.parent / "gone.git"))

    with pytest.raises(DataUpdateError, match="cannot update the data clone: git failed in") as refused:
        fast_forward(clone / "config")
    assert "gone.git" in refused.value.message


def test_a_clone_on_no_branch_is_refused(data: DataRepository, clone: Path) -> None:
    git(clone, "checkout", "--quiet", "--detach")

    with pytest.raises(DataUpdateError, match="follows no upstream branch"):
        fast_forward(clone / "config")


def test_a_folder_outside_git_cannot_be_updated(tmp_path: Path) -> None:
    (tmp_path / "config").mkdir()

    with pytest.raises(DataUpdateError, match="is not in a git repository"):
        fast_forward(tmp_path / "config")


def test_two_updates_of_one_clone_never_overlap(data: DataRepository, clone: Path) -> None:
    lock = clone / git(clone, "rev-parse", "--git-path", "mtpbot-update.lock")
    with run_lock(lock), pytest.raises(LockHeldError):
        fast_forward(clone / "config")
    assert git(clone, "status", "--porcelain") == ""  # the lock lives in .git, not in the tree


# --- the data commit ----------------------------------------------------------------------------------


def test_the_revision_names_the_commit_of_the_data_files_and_marks_local_changes(
    data: DataRepository, clone: Path
) -> None:
    figures = clone / "config" / "figures.yaml"
    assert find_data_revision([figures]).label == DataRepository.head(clone)
    figures.write_text("editors: 1\n")
    revision = find_data_revision([figures])
    assert (revision.label, revision.warning) == (DataRepository.head(clone) + "+", "")


def test_data_outside_git_has_no_revision_and_says_why(tmp_path: Path) -> None:
    figures = tmp_path / "figures.yaml"
    figures.write_text("editors: 1\n")

    revision = find_data_revision([figures])

    assert revision.label == ""
    assert revision.warning == f"the data commit is unknown: {tmp_path} is not in a git repository"


def test_data_never_committed_has_no_revision(clone: Path) -> None:
    draft = clone / "config" / "draft.yaml"
    draft.write_text("editors: 1\n")

    assert find_data_revision([draft]).warning.endswith(f"not committed in the git repository of {clone}/config")


def test_without_git_the_revision_says_git_is_missing(clone: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(clone / "no-such-folder"))

    revision = find_data_revision([clone / "config" / "figures.yaml"])

    assert revision.label == ""
    assert revision.warning == "the data commit is unknown: git is not installed (no `git` command on PATH)"


@pytest.mark.skipif(os.geteuid() != 0, reason="needs root: the clone must belong to another user")
def test_a_clone_owned_by_another_user_is_dubious_to_git_and_said_so(clone: Path) -> None:
    for path in [clone, *clone.rglob("*")]:
        os.lchown(path, 65534, 65534)  # nobody: git refuses to read a repository its user does not own

    revision = find_data_revision([clone / "config" / "figures.yaml"])
    assert revision.label == ""
    assert "dubious ownership" in revision.warning and "run the job as the user that owns the clone" in revision.warning
    with pytest.raises(DataUpdateError, match="dubious ownership"):
        fast_forward(clone / "config")

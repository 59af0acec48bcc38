"""The local data wiki (devwiki/datawiki.py): JsonConfig (the branch of the installed MediaWiki), unpacked
outside the repository, gives a throwaway MediaWiki the Data: namespace of Commons — `.tab` pages checked by
JsonConfig's tabular rules and `.chart` pages stored as checked JSON.
"""

from __future__ import annotations

import contextlib
import io
import json
import tarfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from bot.errors import WikiError
from devwiki import DevWiki, HumanClient, find_mediawiki, installed_release, live_group_members
from devwiki.client import ApiError
from devwiki.datawiki import (
    ARCHIVE_ENV,
    CHART_MODEL,
    DATA_NAMESPACE,
    TABULAR_MODEL,
    RunningDataWiki,
    archive_problem,
    data_wiki_problem,
    extract_inside,
    jsonconfig_archive,
    unpack_jsonconfig,
)

REPO = Path(__file__).resolve().parents[2]


def _link(name: str, target: str, kind: bytes) -> tarfile.TarInfo:
    member = tarfile.TarInfo(name)
    member.type, member.linkname = kind, target
    return member


TABLE: dict[str, Any] = {
    "license": "CC0-1.0",
    "description": {"en": "A test table"},
    "sources": "devwiki test",
    "schema": {
        "fields": [
            {"name": "period", "type": "string", "title": {"en": "Quarter"}},
            {"name": "value", "type": "number"},
        ]
    },
    "data": [["2019-20 Q1", 83000], ["2019-20 Q2", None]],
}
CHART: dict[str, Any] = {
    "license": "CC0-1.0",
    "version": 1,
    "type": "line",
    "source": "Test table.tab",
    "title": {"en": "A test chart"},
}


def page_info(client: HumanClient, title: str) -> dict[str, Any]:
    page: dict[str, Any] = client.get(action="query", prop="info", titles=title)["query"]["pages"][0]
    return page


@pytest.fixture
def editor(datawiki: DevWiki) -> HumanClient:
    return HumanClient.logged_in(datawiki.api_url, datawiki.human)


@pytest.mark.wiki
def test_a_valid_table_saves_as_tabular_data(editor: HumanClient) -> None:
    editor.edit("Data:Test table.tab", json.dumps(TABLE), "a table")
    info = page_info(editor, "Data:Test table.tab")
    assert (info["ns"], info["contentmodel"]) == (DATA_NAMESPACE, TABULAR_MODEL)
    saved = editor.page_text("Data:Test table.tab")
    assert saved is not None and json.loads(saved) == TABLE  # re-serialised by the wiki, the same data


@pytest.mark.wiki
@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"data": [["2019-20 Q1", 83000, 1]]}, "jsonconfig-err-array-count"),  # a row too long
        ({"data": [["2019-20 Q1", "83000"]]}, "jsonconfig-err-number"),  # a number written as text
        ({"license": "all rights reserved"}, "jsonconfig-err-license"),
        ({"extra": 1}, "jsonconfig-err-unexpected-key"),
    ],
    ids=["row-length", "number-as-text", "license", "unexpected-key"],
)
def test_an_invalid_table_is_refused_by_the_wiki(editor: HumanClient, change: dict[str, Any], code: str) -> None:
    title = f"Data:Refused {code}.tab"
    with pytest.raises(ApiError) as refused:
        editor.edit(title, json.dumps({**TABLE, **change}), "an invalid table")
    assert refused.value.code == code
    assert page_info(editor, title).get("missing")


@pytest.mark.wiki
def test_a_chart_saves_as_json(editor: HumanClient) -> None:
    editor.edit("Data:Test chart.chart", json.dumps(CHART), "a chart")
    info = page_info(editor, "Data:Test chart.chart")
    assert (info["ns"], info["contentmodel"]) == (DATA_NAMESPACE, CHART_MODEL)
    saved = editor.page_text("Data:Test chart.chart")
    assert saved is not None and json.loads(saved) == CHART
    with pytest.raises(ApiError) as refused:
        editor.edit("Data:Broken.chart", '{"version": 1,', "not JSON")
    assert refused.value.code == "json-error-syntax"


@pytest.mark.wiki
def test_the_data_wiki_is_a_second_wiki_on_its_own_port(datawiki: DevWiki, devwiki: DevWiki) -> None:
    assert datawiki.port != devwiki.port
    assert datawiki.url.startswith("http://127.0.0.1:")
    assert not datawiki.directory.is_relative_to(REPO)  # the extension is unpacked outside the repository
    main_wiki = HumanClient.logged_in(devwiki.api_url, devwiki.human)
    assert page_info(main_wiki, "Data:Test.tab")["ns"] == 0  # the main wiki has no Data: namespace


@pytest.mark.wiki
def test_stopping_removes_the_server_and_the_unpacked_extension() -> None:
    if data_wiki_problem() is not None:
        pytest.skip(data_wiki_problem() or "")
    running = RunningDataWiki()
    try:
        wiki = running.start()
        pid, folder = running.pid, wiki.directory.parent
        assert (folder / "extensions" / "JsonConfig" / "extension.json").is_file()
    finally:
        running.stop()
    assert pid is not None and not live_group_members(pid)
    assert not folder.exists()
    running.stop()  # idempotent


def test_a_missing_archive_is_named(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv(ARCHIVE_ENV, str(tmp_path / "nowhere.tar.gz"))
    problem = archive_problem()
    assert problem is not None and str(tmp_path / "nowhere.tar.gz") in problem and ARCHIVE_ENV in problem
    with pytest.raises(WikiError, match=r"nowhere\.tar\.gz"):
        RunningDataWiki().start()


def test_the_default_archive_is_beside_the_repository_for_the_installed_release(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv(ARCHIVE_ENV, raising=False)
    mediawiki = find_mediawiki()
    if mediawiki is None:
        pytest.skip("no MediaWiki installed: which JsonConfig branch fits is not known")
    archive = jsonconfig_archive()
    assert archive == REPO.parent / "shared" / "vendor" / installed_release(mediawiki).jsonconfig_archive
    assert archive.is_file() or not (REPO.parent / "shared").is_dir()  # shared/ holds the installed one's branch


# tarfile's "data" filter where this Python has it (3.11.4 and later), and devwiki's own checks everywhere.
EXTRACTIONS = [
    pytest.param(
        True,
        id="tarfile-data-filter",
        marks=pytest.mark.skipif(not hasattr(tarfile, "data_filter"), reason="this Python's tarfile has no filter"),
    ),
    pytest.param(False, id="python-3.11.2"),
]
OUTSIDE = "escaped.txt"  # beside the folder the archive is unpacked into


@pytest.mark.parametrize("data_filter", EXTRACTIONS)
@pytest.mark.parametrize(
    "member",
    [
        lambda outside: tarfile.TarInfo(f"../{OUTSIDE}"),
        lambda outside: tarfile.TarInfo(str(outside)),  # an absolute name
        lambda outside: _link("JsonConfig/link", f"../../{OUTSIDE}", tarfile.SYMTYPE),
        lambda outside: _link("JsonConfig/hard", f"../{OUTSIDE}", tarfile.LNKTYPE),
    ],
    ids=["dot-dot", "absolute", "symlink-out", "hardlink-out"],
)
def test_an_archive_never_writes_outside_its_folder(
    tmp_path: Path, member: Callable[[Path], tarfile.TarInfo], data_filter: bool
) -> None:
    """Refused or kept inside by tarfile's "data" filter and, where Python has none (Debian 12's 3.11.2), by
    devwiki's own checks: nothing is written, or linked to, outside the folder."""
    outside = tmp_path / OUTSIDE
    info = member(outside)
    archive = tmp_path / "evil.tar.gz"
    with tarfile.open(archive, "w:gz") as tar:
        info.size = 0 if info.issym() or info.islnk() else 3
        tar.addfile(info, io.BytesIO(b"bad") if info.isfile() else None)
    with tarfile.open(archive) as tar, contextlib.suppress(tarfile.TarError):
        extract_inside(tar, tmp_path / "into", data_filter=data_filter)
    assert not outside.exists()
    into = tmp_path / "into"
    assert all(path.resolve().is_relative_to(into.resolve()) for path in into.rglob("*"))


def test_a_refused_archive_is_named() -> None:
    with pytest.raises(WikiError, match=r"(?s)Could not unpack .*evil\.tar\.gz"):
        unpack_jsonconfig(Path("/nonexistent/evil.tar.gz"), Path("/nonexistent/into"))


@pytest.mark.parametrize("data_filter", EXTRACTIONS)
def test_the_jsonconfig_archive_unpacks_either_way(tmp_path: Path, data_filter: bool) -> None:
    archive = REPO.parent / "shared" / "vendor" / "JsonConfig-REL1_39.tar.gz"
    if not archive.is_file():
        pytest.skip(f"{archive} is missing (a clone without ../shared)")
    with tarfile.open(archive) as tar:
        extract_inside(tar, tmp_path, data_filter=data_filter)
    assert (tmp_path / "JsonConfig" / "extension.json").is_file()

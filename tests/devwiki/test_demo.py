"""The README's first command: the demo publishes into a real local wiki, then makes no needless edit."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from devwiki import mediawiki_problem
from devwiki.datawiki import archive_problem
from tests.support.seed import SEED

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.wiki
@pytest.mark.slow
def test_the_demo_shows_the_diff_publishes_and_then_edits_nothing(devwiki: object) -> None:
    assert mediawiki_problem() is None
    data_before = _data_files()
    done = subprocess.run(
        [sys.executable, "-m", "devwiki.demo", "--no-wait"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        stdin=subprocess.DEVNULL,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    out, err = done.stdout, done.stderr
    assert "+| Monthly active editors increase YoY || " in out and " || 5% YoY || 5.1% YoY<br />83K/mo* || " in out
    assert "edited: Wikimedia Foundation Medium-term plan 2019/Thriving Movement/Metrics (revision" in err
    assert "created: Template:MTP status" in err
    assert "created: Wikimedia Foundation Medium-term plan 2019/Metrics" in err
    assert "created: User:MtpBot/Status" in err  # the status page, a row per page, after the pages
    charts = archive_problem() is None  # the data wiki needs JsonConfig's archive (../shared/vendor/)
    # the three pages and the status page, and each of the 5 charts' two data pages
    assert ("done: 14 unchanged (exit 0)" if charts else "done: 4 unchanged (exit 0)") in err
    assert "Q1 FY2019-20: 5.1% YoY 83K/mo* → 5.1% YoY 84K/mo*" in err
    # The illustrative next quarter, said so on screen: one entry, and the summary names it.
    assert "ILLUSTRATIVE" in out and "2019-20 Q2: {count: 85000" in out
    assert "Monthly active editors increase YoY Q2 FY2019-20: added 85K/mo" in err
    q2 = [line for line in out.splitlines() if line.startswith(("-| Monthly active", "+| Monthly active"))][-2:]
    assert [line[:1] for line in q2] == ["-", "+"] and "85K/mo" in q2[1] and "85K/mo" not in q2[0], q2
    assert "/index.php?title=Wikimedia_Foundation_Medium-term_plan_2019/Thriving_Movement/Metrics" in out
    assert "Stopping the wikis." in out
    index = Path(out.split("the preview, charts drawn: ", 1)[1].split()[0])  # kept for the reader: not here
    pages = {path.name: path.read_text(encoding="utf-8") for path in index.parent.glob("*.html")}
    shutil.rmtree(index.parent)
    if charts:
        tab = "created: Data:Wikimedia Foundation Medium-term plan 2019/thriving-movement/monthly-active-editors.tab"
        assert err.index(tab) < err.index("edited: Wikimedia Foundation Medium-term plan 2019/Thriving Movement")
        assert (
            "+{{#chart:Wikimedia Foundation Medium-term plan 2019/thriving-movement/monthly-active-editors.chart}}"
            in out
        )
        assert "Monthly active editors increase YoY: 2019-20 Q2 added (85000)" in err
        page = next(text for name, text in pages.items() if name != "index.html")
        assert page.count('class="mtpbot-chart"') == 5
    assert _data_files() == data_before  # the demo changed a private copy only


def _data_files() -> dict[Path, bytes]:
    """The seed's and the shipped settings and metrics, byte for byte."""
    return {path: path.read_bytes() for folder in (SEED, ROOT / "config") for path in sorted(folder.rglob("*.yaml"))}

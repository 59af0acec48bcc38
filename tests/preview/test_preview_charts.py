"""The charts of `mtpbot preview` in a browser: the command against the session's local MediaWiki writes
the pages with ECharts beside them; headless Chromium draws them (its DOM, read with --dump-dom, says where
each value went) and a screenshot shows each value's point in its line's colour, at the height the chart's
own y axis labels give that value. Without ECharts, the preview still works and says how to install it.
"""

from __future__ import annotations

import html
import json
import os
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from bot.errors import ExitStatus
from bot.preview.charts import ECHARTS_BUILD, INSTALLED_LIBRARY, LIBRARY_SETTING
from bot.preview.script import SCRIPT_NAME
from tests.preview.conftest import ARTIFACTS, CHROMIUM_FLAGS, CHROMIUM_TIMEOUT, screenshot
from tests.support.workspace import Workspace

# ECharts' default palette: the first line (Value) and the second (Goal)
PALETTE = [(0x54, 0x70, 0xC6), (0x91, 0xCC, 0x75)]
WIDTH = 1400
NEW_QUARTERS = {"2019-20 Q2": 85000, "2019-20 Q3": 90000, "2019-20 Q4": 88000}
SUFFIX = {"K": 1e3, "M": 1e6, "B": 1e9}


@pytest.fixture(scope="module")
def echarts() -> Path:
    """The ECharts build npm installed (scripts/setup runs `npm ci`). Missing: a skip, a failure under CI."""
    if not INSTALLED_LIBRARY.is_file():
        message = f"ECharts is not installed (no {INSTALLED_LIBRARY}); run `npm ci` in the repository"
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI needs ECharts for the preview's charts: {message}", pytrace=False)
        pytest.skip(message)
    return INSTALLED_LIBRARY


@dataclass(frozen=True)
class OnScreen:
    """A chart as the browser drew it (from the DOM after the page's script ran)."""

    name: str
    box: tuple[int, int, int, int]  # left, top, width, height on the page
    points: list[list[tuple[int, int] | None]]  # per line, per value: its pixel, relative to the box
    option: dict[str, Any]
    y_labels: list[tuple[float, float]]  # (value, pixel y relative to the box) of each y axis label
    x_labels: list[str]


def dump_dom(browser: Path, page: Path, profile: Path, height: int) -> str:
    """The page's DOM once loaded and its scripts have run, from headless Chromium."""
    command = [
        str(browser),
        *CHROMIUM_FLAGS,
        f"--user-data-dir={profile}",
        f"--window-size={WIDTH},{height}",
        "--dump-dom",
        page.resolve().as_uri(),
    ]
    done = subprocess.run(command, capture_output=True, text=True, timeout=CHROMIUM_TIMEOUT, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


_CHART = re.compile(r'<div class="mtpbot-chart" [^>]*>.*?</svg>', re.DOTALL)
_TEXT = re.compile(r'<text [^>]*text-anchor="(\w+)"[^>]*transform="translate\(([\d.]+) ([\d.]+)\)"[^>]*>([^<]*)</text>')


def _attribute(tag: str, name: str) -> str:
    found = re.search(rf'\s{name}="([^"]*)"', tag)
    assert found, f"no {name} in {tag[:300]}"
    return html.unescape(found.group(1))


def _number(label: str) -> float:
    text = label.replace(",", "").strip()
    return float(text[:-1]) * SUFFIX[text[-1]] if text[-1:] in SUFFIX else float(text)


def drawn_charts(dom: str) -> list[OnScreen]:
    charts = []
    for match in _CHART.finditer(dom):
        element = match.group()
        tag = element[: element.index(">") + 1]
        assert 'data-drawn="true"' in tag and "data-error" not in tag, tag[:500]
        texts = [(anchor, float(x), float(y), html.unescape(t)) for anchor, x, y, t in _TEXT.findall(element)]
        option = json.loads(_attribute(tag, "data-option"))
        categories = set(option["xAxis"]["data"])
        charts.append(
            OnScreen(
                name=_attribute(tag, "data-chart"),
                box=tuple(json.loads(_attribute(tag, "data-box"))),
                points=[[tuple(p) if p else None for p in line] for line in json.loads(_attribute(tag, "data-points"))],
                option=option,
                y_labels=[(_number(t), y) for anchor, _, y, t in texts if anchor == "end"],
                x_labels=[t for _, _, _, t in texts if t in categories],
            )
        )
    return charts


def value_at(chart: OnScreen, y: float) -> float:
    """The value the chart's y axis labels give to the pixel row y (linear between the outermost labels)."""
    (low, low_y), (high, high_y) = min(chart.y_labels), max(chart.y_labels)
    return low + (high - low) * (y - low_y) / (high_y - low_y)


def shows_colour(image: Image.Image, x: int, y: int, colour: tuple[int, int, int], reach: int = 3) -> bool:
    """Whether the screenshot has a pixel of exactly `colour` within `reach` pixels of (x, y)."""
    return any(
        image.getpixel((x + dx, y + dy)) == colour for dx in range(-reach, reach + 1) for dy in range(-reach, reach + 1)
    )


@pytest.mark.wiki
def test_the_preview_draws_each_chart_with_its_values(
    space: Workspace, chromium: Path, echarts: Path, tmp_path: Path
) -> None:
    space.configure(data_site={"family": "commons", "code": "commons"})  # the shipped settings' charts
    for quarter, count in NEW_QUARTERS.items():
        space.add_quarter(0, quarter, {"count": count, "unit": "/mo", "compact": True})
    result = space.preview("--page", space.metrics_title)
    assert result.exit_code == ExitStatus.OK, result.stderr
    assert "warning" not in result.stderr
    page = space.preview_dir / space.preview_file_names()[0]
    assert (space.preview_dir / ECHARTS_BUILD).read_bytes() == echarts.read_bytes()  # offline: a local copy
    assert (space.preview_dir / SCRIPT_NAME).is_file()
    document = page.read_text(encoding="utf-8")
    assert f'<script src="{ECHARTS_BUILD}"></script>\n<script src="{SCRIPT_NAME}"></script>' in document
    assert "script-src 'self'" in document and "{{#chart:" not in document  # each embed is a chart now
    # each chart where the page embeds it: the metrics' under the metrics table, the KPIs' under theirs
    metrics, key_results, kpis = (
        document.index(f'id="{heading}"') for heading in ("MTP_metrics", "Key_results", "Trust_&amp;_Safety_KPIs")
    )
    places = [match.start() for match in re.finditer('class="mtpbot-chart" ', document)]
    assert len(places) == 5 and metrics < places[0] < places[1] < key_results < kpis < places[2], places

    charts = drawn_charts(dump_dom(chromium, page, tmp_path / "dom-profile", 3000))
    assert len(charts) == 5, [c.name for c in charts]
    height = max(top + h for _, top, _, h in (c.box for c in charts)) + 40
    png = ARTIFACTS / "preview-charts.png"
    screenshot(chromium, page, png, tmp_path / "shot-profile", size=(WIDTH, height))
    with Image.open(png) as shot:
        image = shot.convert("RGB")

    editors = charts[0]
    assert editors.name.endswith("/thriving-movement/monthly-active-editors.chart")
    assert editors.option["title"]["text"] == "Monthly active editors increase YoY"
    assert editors.x_labels == ["2018-19 Q4", "2019-20 Q1", *NEW_QUARTERS]
    assert editors.option["series"][0]["data"] == [86000, 83000, *NEW_QUARTERS.values()]
    assert {label for label, _ in editors.y_labels} >= {0.0, 20000.0, 100000.0}  # "0" … "100K", compact as Chart's
    for chart in charts:
        check_drawn(chart, image)


def check_drawn(chart: OnScreen, image: Image.Image) -> None:
    """Every value of every line is drawn in its line's colour where the y axis puts that value."""
    left, top, _, _ = chart.box
    assert len(chart.y_labels) >= 3, chart.name
    span = max(chart.y_labels)[0] - min(chart.y_labels)[0]
    for index, line in enumerate(chart.option["series"]):
        drawn = 0
        for value, point in zip(line["data"], chart.points[index], strict=True):
            if value is None:
                assert point is None
                continue
            x, y = point or (0, 0)
            assert shows_colour(image, left + x, top + y, PALETTE[index]), (chart.name, line["name"], value)
            assert abs(value_at(chart, y) - value) <= 0.015 * span, (chart.name, line["name"], value, y)
            drawn += 1
        assert drawn == sum(v is not None for v in line["data"]), chart.name


@pytest.mark.wiki
def test_without_echarts_the_preview_still_works_and_says_how_to_install_it(space: Workspace, tmp_path: Path) -> None:
    space.configure(data_site={"family": "commons", "code": "commons"})
    missing = tmp_path / "nowhere" / ECHARTS_BUILD
    space.extra_env[LIBRARY_SETTING] = str(missing)
    result = space.preview("--page", space.metrics_title)
    assert result.exit_code == ExitStatus.OK, result.stderr
    warning = next(line for line in result.stderr.splitlines() if line.startswith("warning:"))
    assert "the charts are not drawn: Apache ECharts is not installed" in warning
    assert str(missing) in warning and "npm ci" in warning and "apt-get install nodejs npm" in warning
    page = (space.preview_dir / space.preview_file_names()[0]).read_text(encoding="utf-8")
    assert '<p class="mtpbot-charts-missing" role="alert"><strong>The charts are not drawn:</strong>' in page
    assert "npm ci" in page and "<script" not in page and "script-src" not in page
    assert "<td>2018-19 Q4</td><td>86000</td><td>—</td>" in page  # the data, readable all the same
    assert sorted(p.name for p in space.preview_dir.iterdir() if not p.name.endswith(".html")) == []

"""The offline timings: start-up of `mtpbot validate` and `render` against bare Python, the slowest imports,
and loading and rendering one big metrics file in this process."""

from __future__ import annotations

import math
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import yaml

from bench.process import REPO_CONFIG, ROOT, mtpbot_command, run
from bench.workspace import metrics_document, write_yaml


def startup_times(runs: int) -> dict[str, float]:
    """Median wall time of `python -c pass`, `mtpbot validate` and `mtpbot render`, interleaved."""
    commands = {
        "bare": [sys.executable, "-c", "pass"],
        "validate": mtpbot_command(REPO_CONFIG, "validate"),
        "render": mtpbot_command(REPO_CONFIG, "render"),
    }
    for command in commands.values():
        warm = run(command)
        if warm.returncode != 0:
            raise SystemExit(f"`{' '.join(command)}` failed ({warm.returncode}):\n{warm.stderr[-2000:]}")
    samples: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, command in commands.items():
            samples[name].append(run(command).seconds)
    bare, validate, render = (statistics.median(samples[n]) for n in ("bare", "validate", "render"))
    return {
        "startup_bare_python_s": round(bare, 4),
        "startup_validate_s": round(validate, 4),
        "startup_render_s": round(render, 4),
        "startup_validate_over_bare_s": round(validate - bare, 4),
        "startup_render_over_bare_s": round(render - bare, 4),
    }


def import_profile(top: int = 12) -> list[tuple[str, float]]:
    """The slowest imports of `mtpbot validate` (python -X importtime): (module, cumulative ms), top level only."""
    done = run([sys.executable, "-X", "importtime", *mtpbot_command(REPO_CONFIG, "validate")[1:]])
    rows: list[tuple[str, float]] = []
    for line in done.stderr.splitlines():
        match = re.match(r"import time:\s+\d+ \|\s+(\d+) \| (\s*)(\S+)", line)
        if match and not match.group(2):  # top-level imports only (not nested under another)
            rows.append((match.group(3), int(match.group(1)) / 1000))
    rows.sort(key=lambda row: -row[1])
    return [(name, round(ms, 1)) for name, ms in rows[:top]]


def big_metrics_timings(metrics: int, repeats: int) -> dict[str, Any]:
    """Load+validate and render one metrics file holding `metrics` metrics, in this process."""
    started = time.perf_counter()
    from bot.source.loading import load_priorities
    from bot.source.settings import load_config
    from bot.sync.pages import page_context, render_pages
    from bot.wikitext.render import Renderer
    from bot.wikitext.status import StatusStyle

    import_s = time.perf_counter() - started
    with tempfile.TemporaryDirectory(prefix="mtpbench-big-") as tmp:
        folder = Path(tmp)
        (folder / "metrics").mkdir()
        write_yaml(folder / "metrics" / "big.yaml", metrics_document(1, metrics))
        settings: dict[str, Any] = yaml.safe_load(REPO_CONFIG.read_text(encoding="utf-8"))
        settings["sources"] = ["metrics/big.yaml"]
        settings["templates"] = str(ROOT / "templates")
        settings["pages"] = [
            {"title": "Big", "template": "priority-metrics.wiki.j2", "priority": "bench-0001", "create": True}
        ]
        write_yaml(folder / "mtpbot.yaml", settings)
        load_s: list[float] = []
        render_s: list[float] = []
        jinja_s: list[float] = []
        size = 0
        for _ in range(repeats):
            started = time.perf_counter()
            config = load_config(folder / "mtpbot.yaml")
            priorities = load_priorities(config.source_paths)
            load_s.append(time.perf_counter() - started)
            started = time.perf_counter()
            status = config.settings.status
            renderer = Renderer(config.templates_dir, StatusStyle(status.template, status.style == "inline"))
            pages = render_pages(config, priorities, renderer)
            render_s.append(time.perf_counter() - started)
            size = len(pages[0].text)
            started = time.perf_counter()  # the Jinja2 part alone (render_pages also reads and seals regions)
            context = page_context(config.settings.pages[0], config, priorities, renderer)
            renderer.render("priority-metrics.wiki.j2", **context)
            jinja_s.append(time.perf_counter() - started)
            if load_s[-1] + render_s[-1] > 5.0:  # slow: one sample is enough (keeps the benchmark short)
                break
    return {
        "import_core_s": round(import_s, 4),
        f"load_{metrics}_metrics_s": round(statistics.median(load_s), 4),
        f"render_{metrics}_metrics_s": round(statistics.median(render_s), 4),
        f"render_{metrics}_metrics_jinja_only_s": round(statistics.median(jinja_s), 4),
        f"render_{metrics}_metrics_bytes": size,
        "render_samples": len(render_s),
    }


def feed_timings(repeats: int = 20) -> dict[str, Any]:
    """Parse the largest of the analysts' real files in ../shared/feeds/ and compute the quarters of the two
    headline metrics' columns (the best of `repeats`, in this process)."""
    from bot.source.feeds import FeedSeries, feed_quarters, parse_feed

    files = sorted((ROOT.parent / "shared" / "feeds").glob("*/*.tsv"), key=lambda path: path.stat().st_size)
    if not files:
        return {}
    text = files[-1].read_text(encoding="utf-8")
    columns = (FeedSeries(feed="f", column="active_editors"), FeedSeries(feed="f", column="new_editor_retention"))
    best = math.inf
    for _ in range(repeats):
        started = time.perf_counter()
        table = parse_feed(text, files[-1].name, "tsv", "month")
        for series in columns:
            feed_quarters(table, series, 7)
        best = min(best, time.perf_counter() - started)
    return {"feed_parse_ms": round(best * 1000, 2), "feed_file": files[-1].name}

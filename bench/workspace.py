"""The synthetic settings and metrics the benchmark publishes, written through the normal config and source
path: one small metrics file per page, so that changing a figure in K files changes exactly K pages."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from bench.process import REPO_CONFIG, ROOT

Q1 = "2019-20 Q1"


def metrics_document(number: int, metrics: int = 5) -> dict[str, Any]:
    """A small, valid metrics file for priority `bench-NNNN`: one deliverable, two key results, `metrics`
    metrics (the first one's Q1 count is the figure the benchmark changes)."""
    return {
        "priority": {"id": f"bench-{number:04d}", "name": f"Benchmark priority {number}"},
        "fiscal_years": ["2019-20"],
        "sources": {Q1: "Synthetic benchmark data"},
        "outcomes": [
            {
                "id": "outcome",
                "text": f"Synthetic outcome {number}.",
                "deliverables": [
                    {
                        "id": "deliverable",
                        "name": "Synthetic deliverable",
                        "status": {Q1: "on track"},
                        "key_results": [
                            {
                                "id": "milestones",
                                "text": "Deliver 10 program milestones.",
                                "baseline": {"count": 0, "unit": "milestones"},
                                "goals": {"2019-20": {"count": 10, "unit": "milestones"}},
                                "quarters": {Q1: {"count": 3, "unit": "milestones"}},
                            },
                            {
                                "id": "share",
                                "text": "Complete the synthetic project.",
                                "baseline": {"percent": 0},
                                "goals": {"2019-20": {"percent": 100}},
                                "quarters": {Q1: {"percent": 40}},
                            },
                        ],
                    }
                ],
            }
        ],
        "metrics": [
            {
                "id": f"metric-{m}",
                "name": f"Synthetic metric {m} of priority {number}",
                "baseline": {"count": 80000 + m, "unit": "/mo", "compact": True},
                "goals": {"2019-20": {"change": 5, "unit": "YoY"}},
                "quarters": {Q1: {"count": 1000 * m + number, "unit": "editors"}},
            }
            for m in range(1, metrics + 1)
        ],
    }


def write_yaml(path: Path, data: Any) -> None:
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")


@dataclass(frozen=True)
class Workspace:
    folder: Path
    config: Path
    metrics_files: tuple[Path, ...]
    titles: tuple[str, ...]


def write_workspace(folder: Path, pages: int, prefix: str) -> Workspace:
    """mtpbot.yaml with `pages` pages, each showing its own small metrics file."""
    (folder / "metrics").mkdir(parents=True)
    settings: dict[str, Any] = yaml.safe_load(REPO_CONFIG.read_text(encoding="utf-8"))
    files: list[Path] = []
    titles: list[str] = []
    page_settings: list[dict[str, Any]] = []
    for number in range(1, pages + 1):
        path = folder / "metrics" / f"bench-{number:04d}.yaml"
        write_yaml(path, metrics_document(number))
        files.append(path)
        title = f"{prefix}{number:04d}"
        titles.append(title)
        page_settings.append(
            {"title": title, "template": "priority-metrics.wiki.j2", "priority": f"bench-{number:04d}", "create": True}
        )
    settings["sources"] = [f"metrics/{p.name}" for p in files]
    settings["templates"] = str(ROOT / "templates")
    settings["status"] = {"template": "MTP status", "style": "inline"}
    settings["pages"] = page_settings
    settings.pop("data_site", None)  # the pages' requests only: the shipped data pages would go to Commons
    config = folder / "mtpbot.yaml"
    write_yaml(config, settings)
    return Workspace(folder, config, tuple(files), tuple(titles))


def change_one_figure(path: Path) -> None:
    """Add 1 to the Q1 count of the file's first metric: one changed row on one page."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["metrics"][0]["quarters"][Q1]["count"] += 1
    write_yaml(path, data)

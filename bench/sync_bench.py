"""Benchmark: mtpbot sync against a naive pywikibot loop on a real local MediaWiki, plus start-up and render.

    python -m bench.sync_bench --pages 200 --changed 5          # a readable table
    python -m bench.sync_bench --pages 200 --changed 5 --json   # one JSON object on stdout

from the repository's root: the benchmark imports devwiki/ (the throwaway wiki), which is not installed.

What it does (progress goes to stderr):

1. Start-up: `python -m bot validate` and `python -m bot render` (with the repository's own config/mtpbot.yaml)
   against a bare `python -c pass`, median of --startup-runs subprocess runs each; and, in this process,
   the time to load+validate and to render one metrics file holding --metrics (10,000) metrics.
2. A fresh local wiki from the project's own tooling (`devwiki.RunningWiki`). A temporary settings folder
   with N pages (`template: priority-metrics.wiki.j2`, each with its own `report:`), one small metrics file
   per page (N files: so that changing a figure in K files changes exactly K pages), `templates:` pointing at
   the repository's templates/ and `status: {style: inline}` (no status template page: P = N pages).
3. Three runs each of the real CLI (`python -m bot --config … sync --site-url … --json`, logged in with the
   bot's BotPassword through MTPBOT_USERNAME / MTPBOT_PASSWORD, pywikibot directory generated per run, as on
   a fresh cron/Toolforge job) and of bench/naive_loop.py (pywikibot: one `page.text` read and one `save()`
   per page, its own persistent PYWIKIBOT_DIR with put_throttle = 0, logged in as the same bot):
   first publish (the pages do not exist: both create them), no change, and K changed pages (one figure
   changed in K metrics files). mtpbot and the naive loop publish to different titles of the same wiki.
   API requests are counted at the server (`DevWiki.count_requests()`, differences around each run);
   revisions created are counted through the API (list=usercontribs of the bot account).
4. Variants of the no-change run: a BotPassword of the same bot without the "highvolume" grant (so without
   apihighlimits nor the bot right: run with --dry-run, which reads exactly as a no-change sync does), and a
   persistent operator PYWIKIBOT_DIR (login cookie and API cache kept from the previous run; then with the
   cookie removed, as after a week).
5. https-like runs (no change, then K changed pages): a fresh operator PYWIKIBOT_DIR whose user-config.py sets
   `enable_GET_without_SSL = True`, which makes pywikibot choose GET or POST (asking for paraminfo to decide)
   as it does on an https wiki such as Meta-Wiki; plain http on 127.0.0.1 always POSTs and hides that.
6. The targets of the "Performance" issue, each met or not.

The naive loop is given the texts mtpbot has just published (read between the measured runs): both publish
the same content, and the naive loop's wall time does not include rendering, which favours it.
`--table FILE` prints the table of a saved --json result. Nothing here changes mtpbot.

The parts, one concept each: this module is the command line; bench/offline.py the start-up and render
timings (1); bench/workspace.py the synthetic settings and metrics (2); bench/wiki_runs.py the measured runs
(3-5) and bench/wiki_setup.py what they need of the wiki besides; bench/targets.py the targets (6);
bench/table.py the printed table; bench/machine.py the machine and checkout; bench/process.py subprocesses.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from bench.machine import checkout_state, machine_info
from bench.offline import big_metrics_timings, feed_timings, import_profile, startup_times
from bench.process import say
from bench.table import print_table
from bench.targets import Target, targets
from bench.wiki_runs import wiki_benchmark


def parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description="Benchmark mtpbot sync against a naive pywikibot loop.")
    parser.add_argument("--pages", type=int, default=200, help="synthetic pages (default 200)")
    parser.add_argument("--changed", type=int, default=5, help="pages changed in the third run (default 5)")
    parser.add_argument("--json", action="store_true", help="print one JSON object on stdout")
    parser.add_argument("--startup-runs", type=int, default=10, help="runs per start-up median (default 10)")
    parser.add_argument("--metrics", type=int, default=10000, help="metrics in the render test (default 10000)")
    parser.add_argument("--no-naive", action="store_true", help="skip the naive pywikibot loop")
    parser.add_argument(
        "--only", choices=("startup", "render", "wiki"), action="append", help="only these parts (repeatable)"
    )
    parser.add_argument("--table", type=Path, metavar="JSON", help="print the table of a saved --json result")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    options = parser()
    args = options.parse_args(argv)
    if args.table is not None:
        saved = json.loads(args.table.read_text(encoding="utf-8"))
        print_table(saved, [Target(**t) for t in saved["targets"]])
        return 0
    if args.pages < 1 or not 0 <= args.changed <= args.pages or args.startup_runs < 1 or args.metrics < 1:
        options.error("need --pages >= 1, 0 <= --changed <= --pages, --startup-runs >= 1, --metrics >= 1")
    results = measure(args)
    found = targets(results, args.pages, args.changed, args.metrics)
    results["targets"] = [t.__dict__ for t in found]
    if args.json:
        print(json.dumps(results, indent=2))
    else:
        print_table(results, found)
    return 0


def measure(args: argparse.Namespace) -> dict[str, Any]:
    """The parts of the benchmark `args` asks for, in order, with the machine, the checkout and the load."""
    parts = set(args.only or ("startup", "render", "wiki"))
    started = time.perf_counter()
    results: dict[str, Any] = {"pages": args.pages, "changed": args.changed, "metrics": args.metrics}
    results["machine"] = machine_info()
    results["checkout"] = checkout_state()
    results["loadavg_start"] = [round(x, 2) for x in os.getloadavg()]
    if "startup" in parts:
        say(f"[offline] start-up: {args.startup_runs} runs each of python -c pass / validate / render …")
        results["startup_runs"] = args.startup_runs
        results.update(startup_times(args.startup_runs))
        results["validate_import_top"] = import_profile()
    if "render" in parts:
        say(f"[offline] load and render {args.metrics:,} metrics …")
        results.update(big_metrics_timings(args.metrics, repeats=3))
        say("[offline] parse the largest shared feed file and compute its quarters …")
        results.update(feed_timings())
    if "wiki" in parts:
        results.update(wiki_benchmark(args.pages, args.changed, naive=not args.no_naive))
    results["loadavg_end"] = [round(x, 2) for x in os.getloadavg()]
    results["benchmark_seconds"] = round(time.perf_counter() - started, 1)
    return results


if __name__ == "__main__":
    sys.exit(main())

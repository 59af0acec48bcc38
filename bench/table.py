"""The printed table of a run's results (or of a saved --json result): the machine, the wiki runs, the
offline timings and the targets."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from bench.targets import Target


def print_table(r: Mapping[str, Any], found: Sequence[Target]) -> None:
    print_machine(r)
    if "requests_sync_nochange" in r:
        print_runs(r)
        print()
    print_offline(r)
    print()
    print("targets:")
    for t in found:
        status = {True: "MET", False: "NOT MET", None: "SKIPPED"}[t.met]
        print(f"  [{status:>7}] {t.name}: {t.measured} ({t.limit})")


def print_machine(r: Mapping[str, Any]) -> None:
    """The heading: the run's size, the machine, the versions and the load."""
    print(f"mtpbot sync benchmark: {r['pages']} pages, {r['changed']} changed")
    m = r["machine"]
    print(f"  machine: {m['cpu_model']}, {m['cpu_cores']} cores, {m['ram_gib']} GiB RAM")
    print(
        f"  Python {m['python_version']}, pywikibot {m['pywikibot_version']}, "
        f"{r.get('mediawiki_version', 'MediaWiki ?')}, PHP {m['php_version']}; "
        f"load average {r['loadavg_start'][0]} at start, {r['loadavg_end'][0]} at end"
    )
    print()


def print_runs(r: Mapping[str, Any]) -> None:
    """The wiki runs: mtpbot next to the naive loop per phase, then mtpbot's variants."""
    _row("run", "mtpbot req", "naive req", "mtpbot s", "naive s", "mtpbot revs", "naive revs")
    for phase in ("first", "nochange", "changed"):
        _row(
            phase,
            *(r.get(f"{what}_{who}_{phase}{unit}", "-") for what, unit in _CELLS for who in ("sync", "naive")),
        )
    for key, label in (
        ("nochange_cold", "nochange, new state directory"),
        ("nochange_warm", "nochange, operator PYWIKIBOT_DIR kept"),
        ("nochange_lowlimits", "nochange, no apihighlimits (dry run)"),
        ("nochange_https_like", "nochange, https-like (GET allowed)"),
        ("changed_https_like", "changed, https-like"),
    ):
        if f"requests_sync_{key}" in r:
            _row(
                label,
                r[f"requests_sync_{key}"],
                "",
                r.get(f"wall_sync_{key}_s", "-"),
                "",
                r.get(f"revisions_sync_{key}", "-"),
            )
    for key, label in (
        ("requests_sync_nochange_operator_dir_first_run", "operator PYWIKIBOT_DIR, first (1 page)"),
        ("requests_sync_nochange_session_expired", "nochange, API cache kept, session expired"),
    ):
        if key in r:
            _row(label, r[key])


def print_offline(r: Mapping[str, Any]) -> None:
    """Start-up times with the slowest imports, and the big render."""
    if "startup_bare_python_s" in r:
        print(
            f"  start-up (median of {r['startup_runs']}): bare python {r['startup_bare_python_s']:.3f} s, "
            f"validate {r['startup_validate_s']:.3f} s (+{r['startup_validate_over_bare_s']:.3f}), "
            f"render {r['startup_render_s']:.3f} s (+{r['startup_render_over_bare_s']:.3f})"
        )
        top = ", ".join(f"{name} {ms:.0f}" for name, ms in r["validate_import_top"][:5])
        print(f"  slowest top-level imports of `validate` (cumulative ms): {top}")
    n = r["metrics"]
    if f"render_{n}_metrics_s" in r:
        print(
            f"  {n:,} metrics in one file: load+validate {r[f'load_{n}_metrics_s']:.3f} s, "
            f"render {r[f'render_{n}_metrics_s']:.3f} s (Jinja2 alone {r[f'render_{n}_metrics_jinja_only_s']:.3f} s)"
        )


def _row(label: str, *cells: object) -> None:
    print(f"  {label:<40}" + "".join(f"{c!s:>14}" for c in cells))


_CELLS = (("requests", ""), ("wall", "_s"), ("revisions", ""))

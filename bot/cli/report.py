"""What a sync run says: one line per page on stderr (what a cron log keeps), the diff of each pending
edit on stdout, a final `done:` line — or, with --json, one JSON document on stdout and nothing else.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from bot.cli.console import Console
from bot.errors import ExitStatus

if TYPE_CHECKING:
    from bot.publish.edits import Edit
    from bot.publish.sync import SyncResult


def print_edit(console: Console, edit: Edit, url: str) -> None:
    """One line per page on stderr, then details for a person at a terminal."""
    console.progress_clear()
    if console.quiet and edit.ok:
        return
    colour = {"unchanged": None, "refused": "red", "failed": "red"}.get(edit.action, "green")
    console.err(_line(edit), fg=colour)
    if edit.pending:
        for diff_line in edit.diff().splitlines():
            console.out(diff_line, fg=_diff_colour(diff_line))
    if edit.action in ("edited", "created"):
        console.debug(f"  {url}")
    for detail in edit.message.splitlines()[1:]:
        console.err(f"  {detail}")


def _line(edit: Edit) -> str:
    line = f"{edit.action}: {edit.title}"
    if edit.revid is not None and edit.action in ("edited", "created"):
        line += f" (revision {edit.revid})"
    if edit.summary and edit.action != "unchanged":
        line += f" — {edit.summary}"
    if edit.reason:
        line += f" [{edit.reason}] {edit.message.splitlines()[0] if edit.message else ''}"
    return line


def _diff_colour(line: str) -> str | None:
    if line.startswith(("+++", "---")):
        return None
    if line.startswith("+"):
        return "green"
    if line.startswith("-"):
        return "red"
    return "cyan" if line.startswith("@@") else None


def print_result(
    console: Console, result: SyncResult, page_url: Callable[[str], str], status: ExitStatus, *, as_json: bool
) -> None:
    console.progress_clear()
    if result.run_page_off:
        console.info(f"note: a real run would publish nothing: {result.run_page_off}")
    if as_json:
        console.out(json.dumps(json_report(result, page_url, status), ensure_ascii=False, indent=2))
        return
    counts: dict[str, int] = {}
    for edit in result.edits:
        counts[edit.action] = counts.get(edit.action, 0) + 1
    console.info("done: " + ", ".join(f"{n} {action}" for action, n in counts.items()) + f" (exit {int(status)})")


def json_report(result: SyncResult, page_url: Callable[[str], str], status: ExitStatus) -> dict[str, Any]:
    return {
        "dry_run": result.dry_run,
        "exit_code": int(status),
        "run_page_off": result.run_page_off,
        "pages": [
            {
                "title": e.title,
                "action": e.action,
                "revid": e.revid if e.revid is not None else e.base_revid,
                "summary": e.summary,
                "reason": e.reason,
                "message": e.message,
                "url": page_url(e.title),
            }
            for e in result.edits
        ],
    }

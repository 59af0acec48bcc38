"""What a sync run says: one line per page on stderr (what a cron log keeps), the diff of each pending
edit on stdout, a final `done:` line — or, with --json, one JSON document on stdout and nothing else.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from bot.cli.console import Console
from bot.errors import ExitStatus, MtpbotError

if TYPE_CHECKING:
    from bot.ops.provenance import DataRevision
    from bot.sync.edits import Edit
    from bot.sync.run import SyncResult


def print_edit(console: Console, edit: Edit, url: str) -> None:
    """One line per page on stderr, then details for a person at a terminal."""
    console.progress_clear()
    if not (console.quiet and edit.ok):  # -q: problems only on stderr; the diff is content, on stdout
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
    console: Console,
    result: SyncResult,
    page_url: Callable[[str], str],
    status: ExitStatus,
    *,
    as_json: bool,
    revision: DataRevision | None = None,
    blocked: str = "",
    data_site: tuple[str, Callable[[str], str]] | None = None,
) -> None:
    """`blocked`: the account's block in words, when a dry run learnt of one (a real run would stop);
    `data_site`: the data wiki (in words) and its page addresses, for the data pages' entries."""
    console.progress_clear()
    blocked = blocked if result.dry_run else ""  # a real run that got here was not stopped by it (partial)
    if result.run_page_off:
        console.info(f"note: a real run would publish nothing: {result.run_page_off}")
    if blocked:
        console.err(f"warning: a real run would publish nothing: {blocked}", fg="yellow")
    if revision is not None and revision.warning:  # the summaries went without the commit: say why (even -q)
        console.err(f"warning: {revision.warning}", fg="yellow")
    if as_json:
        answer = document(
            status,
            dry_run=result.dry_run,
            edits=result.edits,
            page_url=page_url,
            run_page_off=result.run_page_off,
            revision=revision,
            status_page=result.status_page,
        )
        site, data_url = data_site if data_site is not None else ("", page_url)
        answer["data_pages"] = [{**_entry(e, data_url), "site": site} for e in result.data_pages]
        if blocked:
            answer["warnings"].append(f"a real run would publish nothing: {blocked}")
        print_json(console, answer)
        return
    counts: dict[str, int] = {}
    for edit in result.outcomes:  # the status page counts as a page
        counts[edit.action] = counts.get(edit.action, 0) + 1
    console.info("done: " + ", ".join(f"{n} {action}" for action, n in counts.items()) + f" (exit {int(status)})")


def document(
    status: ExitStatus,
    *,
    dry_run: bool | None = None,
    edits: Sequence[Edit] = (),
    page_url: Callable[[str], str] = lambda title: "",
    run_page_off: str = "",
    error: MtpbotError | None = None,
    revision: DataRevision | None = None,
    status_page: Edit | None = None,
) -> dict[str, Any]:
    """The one shape of every `--json` answer of a sync, whether it ran, failed to start or was stopped:
    `error` and `hint` are null when it ran to its end; `status_page` is the status page's outcome, as a
    page's (null when it was not planned: a dry run, a stopped run, `status_page: false`)."""
    return {
        "dry_run": dry_run,
        "exit_code": int(status),
        "error": error.message if error is not None else None,
        "hint": (error.hint or None) if error is not None else None,
        "run_page_off": run_page_off,
        # the commit the summaries name (null when unknown), and why it is unknown
        "data_revision": (revision.label or None) if revision is not None else None,
        "warnings": [revision.warning] if revision is not None and revision.warning else [],
        "pages": [_entry(e, page_url) for e in edits],
        "status_page": _entry(status_page, page_url) if status_page is not None else None,
    }


def _entry(e: Edit, page_url: Callable[[str], str]) -> dict[str, Any]:
    return {
        "title": e.title,
        "action": e.action,
        "revid": e.revid if e.revid is not None else e.base_revid,
        "summary": e.summary,
        "reason": e.reason,
        "message": e.message,
        "url": page_url(e.title),
        # a `manual-edit` refusal: the changed cells, their source file:line, who changed them (else null)
        "drift": e.drift.as_json() if e.drift is not None else None,
    }


class Stopped(MtpbotError):
    """A run stopped by Ctrl-C or SIGTERM, as a `--json` answer and a last line say it."""


def print_stopped(
    console: Console,
    stop: BaseException,
    *,
    edits: Sequence[Edit] = (),
    page_url: Callable[[str], str] = lambda title: "",
    as_json: bool = False,
) -> ExitStatus:
    """One line saying what was saved before the stop; the exit status of the stop (130 or 143)."""
    status, how = (
        (ExitStatus.INTERRUPTED, "Ctrl-C")
        if isinstance(stop, KeyboardInterrupt)
        else (ExitStatus.TERMINATED, "SIGTERM")
    )
    stopped = Stopped(
        f"stopped by {how}: {_what_was_saved(edits)}; no other page was changed",
        "run again to publish the rest: a page is saved whole or not at all",
    )
    console.progress_clear()
    if as_json:
        print_json(console, document(status, edits=edits, page_url=page_url, error=stopped))
    console.err(stopped.message)
    return status


def print_blocked(
    console: Console, blocked: MtpbotError, *, edits: Sequence[Edit] = (), as_json: bool = False
) -> ExitStatus:
    """A run an administrator's block stopped at its first sign: the block (who, why, until when), then
    which pages were saved before it, as the error of the text and of the `--json` answer (exit 3)."""
    stopped = type(blocked)(
        f"{blocked.message}; the run stopped there: {_what_was_saved(edits)}; no other page was changed",
        blocked.hint,
    )
    console.progress_clear()
    if as_json:
        print_json(console, document(stopped.exit_status, edits=edits, error=stopped))
    console.fail(stopped)
    return stopped.exit_status


def _what_was_saved(edits: Sequence[Edit]) -> str:
    saved = [e for e in edits if e.action in ("edited", "created")]
    return f"saved {len(saved)}: {'; '.join(e.title for e in saved)}" if saved else "nothing was saved"


def print_json(console: Console, answer: dict[str, Any]) -> None:
    console.out(json.dumps(answer, ensure_ascii=False, indent=2))

"""Checksums of what the bot wrote, kept in the page itself, so that a human edit inside a managed region is
seen from the text already fetched — no extra request, no state outside the wiki.

Each table row line ends with the checksum of that line (`… || 5.4%/mo* <!-- mtpbot-row 1a2b3c4d -->`),
and the begin marker carries the checksum of every other line of the region (captions, headers, row
keys in their order, notes): `<!-- mtpbot:begin metrics checksum=5e6f7a8b -->`. So one changed figure
still changes exactly one line of the page, and any hand edit — a changed, added, removed or moved row,
an edited caption — no longer matches.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from bot.wikitext.rows import is_cells_line, row_key

_ROW_SEAL = re.compile(r" <!-- mtpbot-row ([0-9a-f]{8}) -->$")
_CHECKSUM = re.compile(r"(?:^|\s)checksum=([0-9a-f]{8})(?:\s|$)")


def digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:8]


def checksum_attribute(checksum: str) -> str:
    """The begin-marker attribute that carries a region's checksum: `checksum=5e6f7a8b`."""
    return f"checksum={checksum}"


def checksum_of(attributes: str) -> str | None:
    """The checksum kept in a begin marker's attributes; None for markers a human has just added."""
    match = _CHECKSUM.search(attributes)
    return match.group(1) if match else None


@dataclass(frozen=True)
class Sealed:
    content: str
    checksum: str

    @property
    def attributes(self) -> str:
        return checksum_attribute(self.checksum)


def seal(content: str) -> Sealed:
    """The region's content with a checksum on each row line, and the checksum of the other lines."""
    lines = content.split("\n")
    sealed, frame = [], []
    for index, line in enumerate(lines):
        if is_cells_line(lines, index):
            sealed.append(f"{line} <!-- mtpbot-row {digest(line)} -->")
        else:
            sealed.append(line)
            frame.append(line)
    return Sealed("\n".join(sealed), digest("\n".join(frame)))


def row_intact(line: str) -> bool:
    """Whether a row line still ends with the checksum of its cells, as the bot wrote it."""
    match = _ROW_SEAL.search(line)
    return match is not None and digest(line[: match.start()]) == match.group(1)


def manual_edits(content: str, checksum: str) -> list[str]:
    """What in a region differs from what the bot last wrote there, in words; empty when untouched."""
    lines = content.split("\n")
    found, frame = [], []
    for index, line in enumerate(lines):
        if not is_cells_line(lines, index):
            frame.append(line)
            continue
        if not row_intact(line):
            found.append(f"row {row_key(lines[index - 1])} (line {index + 1} of the region)")
    if digest("\n".join(frame)) != checksum:
        found.append("the text around the rows (caption, headers, rows added or removed, notes)")
    return found

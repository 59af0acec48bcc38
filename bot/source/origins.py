"""Where a value of the source of truth was written: the file, line and field path of a path in a metrics file.

A maintainer told that a figure on the wiki was corrected by hand needs the line to correct in the YAML. The
model keeps no line numbers (it is built from plain data); `SourceLines` finds a priority's file among the
configured metrics files and walks a field path such as ("kpis", 1, "quarters", "2019-20 Q1", "value") back
to its line with the same node tree that `validate` reports problems with (bot.source.yaml_lines).

Nothing is read until a line is asked for: a normal run, which needs none, pays nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml

from bot.source.yaml_lines import Loc, format_path, line_of, parse_yaml


@dataclass(frozen=True)
class Origin:
    """The YAML value a table cell shows, or (`computed`) the value the bot computes it from."""

    file: str
    line: int
    path: str  # the field path as `validate` writes it: kpis[1].quarters.2019-20 Q1.value
    computed: bool = False

    def __str__(self) -> str:
        return f"{self.file}:{self.line} ({self.path})"


class SourceLines:
    """The lines of the metrics files `paths`, found by priority id; each file is parsed once, when asked."""

    def __init__(self, paths: Sequence[Path]) -> None:
        self.paths = tuple(paths)
        self._roots: dict[Path, tuple[str, yaml.Node | None]] = {}

    def origin(self, priority: str, loc: Loc, *, computed: bool = False) -> Origin | None:
        """The file:line of `loc` in the metrics file of `priority`; None when no file defines it."""
        for path in self.paths:
            found, root = self._root(path)
            if found == priority and root is not None:
                return Origin(str(path), line_of(root, loc), format_path(loc, root), computed)
        return None

    def _root(self, path: Path) -> tuple[str, yaml.Node | None]:
        """The priority id a file defines and its node tree ("" and None for a file that cannot be read)."""
        if path not in self._roots:
            try:
                data, root, _ = parse_yaml(path.read_text(encoding="utf-8"), str(path))
            except (OSError, UnicodeDecodeError):
                data, root = None, None
            info = data.get("priority") if isinstance(data, dict) else None
            found = info.get("id") if isinstance(info, dict) else None
            self._roots[path] = (str(found) if found is not None else "", root)
        return self._roots[path]

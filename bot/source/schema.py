"""JSON Schemas of the YAML files, generated from the model, for editors that check YAML as it is typed.

The metrics files and config/mtpbot.yaml name their schema on their first line
(`# yaml-language-server: $schema=…`), which VS Code's YAML extension and other editors understand.
`mtpbot validate` stays the authority: the schema knows types and keys, not the rules across records.
Regenerate after changing the model with `python -m bot.source.schema` (a test fails while they differ).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from bot.source.model import PriorityFile
from bot.source.settings import Settings

SCHEMAS: dict[str, type[BaseModel]] = {
    "config/metrics.schema.json": PriorityFile,
    "config/mtpbot.schema.json": Settings,
}
_FIGURE = {"$ref": "#/$defs/Figure"}
_CELL = {"anyOf": [_FIGURE, {"type": "array", "items": _FIGURE, "minItems": 1}]}
# The short forms YAML may use for a record, besides the full mapping: a figure as text or a bare number;
# a baseline or a quarter as its cell alone; a status as its name alone.
_SHORT_FORMS: dict[str, list[dict[str, Any]]] = {
    "Figure": [{"type": "string", "minLength": 1}, {"type": "number"}],
    "Baseline": [_CELL],
    "QuarterEntry": [_CELL],
    "StatusMark": [{"$ref": "#/$defs/StatusMark/anyOf/0/properties/status"}],
}


def json_schema(model: type[BaseModel]) -> dict[str, Any]:
    schema = model.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    definitions = schema.get("$defs", {})
    for name, short in _SHORT_FORMS.items():
        if name in definitions:
            full = definitions[name]
            description = {"description": full.pop("description")} if "description" in full else {}
            definitions[name] = {**description, "anyOf": [full, *short]}
    return _loosen_cells(schema)  # type: ignore[no-any-return]


def _loosen_cells(node: Any) -> Any:
    if isinstance(node, dict):
        if node.get("type") == "array" and node.get("items") == _FIGURE:
            return _CELL
        if "patternProperties" in node:  # keyed by quarter: no other key
            node = {**node, "additionalProperties": False}
        return {key: _loosen_cells(value) for key, value in node.items()}
    if isinstance(node, list):
        return [_loosen_cells(item) for item in node]
    return node


def render_schema(model: type[BaseModel]) -> str:
    return json.dumps(json_schema(model), indent=2, ensure_ascii=False) + "\n"


def main(root: Path = Path(".")) -> int:
    for path, model in SCHEMAS.items():
        (root / path).write_text(render_schema(model), encoding="utf-8")
        print(f"wrote {path}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())

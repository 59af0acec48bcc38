"""YAML -> model, offline: the source of truth read, checked and reported with file:line."""

from pathlib import Path

# Here rather than in bot.source.settings, so that the CLI's --help knows it without loading pydantic.
DEFAULT_CONFIG = Path("config/mtpbot.yaml")

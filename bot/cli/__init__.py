"""The `mtpbot` command, click only: thin commands over one library call each, human and JSON output.

Content (wikitext, diffs, JSON) goes to stdout; messages go to stderr, and with --json stdout carries one
JSON document and nothing else.
"""

from bot.cli.app import main

__all__ = ["main"]

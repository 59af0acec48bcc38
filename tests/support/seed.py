"""The seed deck's data, frozen for the tests: tests/seed/ holds the settings and metrics as they were
transcribed from the deck (Q1 FY2019-20), with the shipped templates.

Tests pin these files, never `config/`: the shipped data moves on every quarter (and, with data feeds, every
month), and a metrics editor's pull request must not fail because a figure changed. What must hold of
`config/` whatever its figures is tested in tests/config/.
"""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "tests" / "seed"
SEED_CONFIG = SEED / "mtpbot.yaml"  # the settings (templates: the shipped ones)
SEED_METRICS = SEED / "metrics" / "thriving-movement.yaml"
SEED_SOURCES = (SEED_METRICS,)  # every metrics file of the seed, in the settings' order

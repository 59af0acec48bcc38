"""Running things: the repository's paths, one timed subprocess, the mtpbot command line, a clean
environment, and progress on stderr."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REPO_CONFIG = ROOT / "config" / "mtpbot.yaml"
RUN_TIMEOUT = 900.0  # seconds for one subprocess run (a bound, never reached in a normal run)


def say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


@dataclass(frozen=True)
class Run:
    seconds: float
    returncode: int
    stdout: str
    stderr: str


def run(command: Sequence[str], *, env: Mapping[str, str] | None = None, cwd: Path = ROOT) -> Run:
    started = time.perf_counter()
    done = subprocess.run(
        list(command),
        cwd=cwd,
        env=dict(env) if env is not None else None,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=RUN_TIMEOUT,
        check=False,
    )
    return Run(time.perf_counter() - started, done.returncode, done.stdout, done.stderr)


def mtpbot_command(config: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "bot", "--config", str(config), *args]


def clean_env(**extra: str) -> dict[str, str]:
    """This environment without any pywikibot or mtpbot settings of the caller, plus `extra`."""
    drop = (
        "PYWIKIBOT_DIR",
        "MTPBOT_USERNAME",
        "MTPBOT_PASSWORD",
        "MTPBOT_CONFIG",
        "MTPBOT_STATE_DIR",
        "NAIVE_PASSWORD",
    )
    env = {k: v for k, v in os.environ.items() if k not in drop}
    env.update(extra)
    return env

"""What was measured on: the machine, the versions of the libraries and PHP, and the checkout."""

from __future__ import annotations

import importlib.metadata
import os
import platform
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

from bench.process import run


def machine_info() -> dict[str, Any]:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    ram_gib: float | None = None
    try:
        match = re.search(r"^MemTotal:\s+(\d+) kB", Path("/proc/meminfo").read_text(), re.MULTILINE)
        if match:
            ram_gib = round(int(match.group(1)) / 1024 / 1024, 1)
    except OSError:
        pass
    php = ""
    if shutil.which("php"):
        done = subprocess.run(["php", "-r", "echo PHP_VERSION;"], capture_output=True, text=True, timeout=30)
        php = done.stdout.strip()
    return {
        "cpu_model": cpu,
        "cpu_cores": os.cpu_count(),
        "ram_gib": ram_gib,
        "os": platform.platform(),
        "python_version": platform.python_version(),
        "pywikibot_version": _version("pywikibot"),
        "pydantic_version": _version("pydantic"),
        "php_version": php,
    }


def _version(distribution: str) -> str:
    try:
        return importlib.metadata.version(distribution)
    except importlib.metadata.PackageNotFoundError:
        return ""


def checkout_state() -> dict[str, Any]:
    """Which code was measured: the commit and the files changed since (read-only git commands)."""
    try:
        head = run(["git", "rev-parse", "--short", "HEAD"]).stdout.strip()
        dirty = run(
            ["git", "--no-optional-locks", "status", "--porcelain", "--untracked-files=no", "--", "bot"]
        ).stdout.split("\n")
    except OSError:
        return {}
    return {"commit": head, "modified_bot_files": sorted(line[3:] for line in dirty if line.strip())}

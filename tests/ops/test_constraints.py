"""Reproducible installs: every Python package the setup installs is pinned in constraints.txt."""

from __future__ import annotations

import re
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def pins() -> dict[str, str]:
    found = {}
    for line in (ROOT / "constraints.txt").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            name, _, version = line.partition("==")
            assert version, f"constraints.txt: {line!r} is not pinned to one version"
            found[canonical(name)] = version
    return found


def test_every_installed_package_is_the_pinned_version() -> None:
    """scripts/setup installs with `-c constraints.txt`; this environment is what it installed."""
    installed = {canonical(d.metadata["Name"]): d.version for d in metadata.distributions()}
    installed.pop("mtpbot", None)
    pinned = pins()
    assert {name: v for name, v in installed.items() if pinned.get(name) != v} == {}, (
        "installed but not pinned (or another version): run scripts/refresh-constraints"
    )


def test_every_requirement_of_the_project_is_pinned() -> None:
    requirements = metadata.requires("mtpbot") or []
    names = {canonical(re.split(r"[\s<>=!~;\[]", requirement, maxsplit=1)[0]) for requirement in requirements}
    assert names - set(pins()) == set()

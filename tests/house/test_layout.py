"""The house rules of the code, checked on the source so that they stay true as the code grows.

The "Layout" section of docs/development.md says the same in words: one stage of the data flow per folder of `bot/`,
imports that run one way, each third-party library in one folder, short functions (ruff keeps their
complexity at 10 or less), and a wheel that ships the product only. A module's size is no rule: a module
holds one concept, whatever its length (one past ~500 lines is a sign to look, not a failure).
"""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
FUNCTION_LIMIT = 50  # lines of a function, its docstring included

# What each part of bot/ may import of the project. The data flow runs errors <- source <- wikitext, charts <-
# sync <- check, preview <- cli; mediawiki and ops are handed to sync by cli, never imported by it.
OFFLINE = {"bot.errors", "bot.source", "bot.wikitext", "bot.charts"}
MAY_IMPORT = {
    "bot.errors": set(),
    "bot.wikipages": {"bot.errors"},  # the values the wiki gives back, shared across the boundary
    "bot.source": {"bot.errors"},
    "bot.wikitext": {"bot.errors", "bot.source"},
    "bot.charts": {"bot.errors", "bot.source"},  # model -> data pages (JSON), beside wikitext
    "bot.sync": {*OFFLINE, "bot.wikipages"},  # a run: the pages and data pages planned, published, isolated, reported
    "bot.check": {
        *OFFLINE,
        "bot.wikipages",
        "bot.sync",
    },  # the preflight: what a run would need, checked without saving
    "bot.preview": {*OFFLINE, "bot.wikipages", "bot.sync"},  # the pages as readers will see them, charts drawn
    "bot.mediawiki": {"bot.errors", "bot.wikipages"},
    "bot.ops": {"bot.errors"},
    "bot.feeds": {"bot.errors", "bot.source"},  # the feeds' text: a file, the kept copy, or HTTP (urllib)
    "bot.cli": {
        "bot",
        *OFFLINE,
        "bot.wikipages",
        "bot.sync",
        "bot.check",
        "bot.preview",
        "bot.mediawiki",
        "bot.ops",
        "bot.feeds",
    },
    "bot.__main__": {"bot.cli"},
}
# Each third-party library is imported in one part of bot/ only.
LIBRARY_HOMES = {
    "pydantic": "bot.source",
    "pydantic_core": "bot.source",
    "yaml": "bot.source",
    "jinja2": "bot.wikitext",
    "mwparserfromhell": "bot.wikitext",
    "pywikibot": "bot.mediawiki",
    "click": "bot.cli",
}


def python_files(*folders: str) -> Iterator[Path]:
    for folder in folders:
        yield from sorted((REPO / folder).rglob("*.py"))


def module_name(path: Path) -> str:
    parts = path.relative_to(REPO).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def part_of(module: str) -> str:
    """The part of bot/ a module belongs to: bot.source for bot.source.model, bot.errors for itself."""
    parts = module.split(".")
    return ".".join(parts[:2]) if len(parts) > 1 else module


def imports(tree: ast.Module, module: str, *, top_level_only: bool = False) -> Iterator[str]:
    nodes = tree.body if top_level_only else ast.walk(tree)
    for node in nodes:
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                yield "." * node.level + (node.module or "")  # refused by test_imports_are_absolute
            elif node.module:
                yield node.module
                if node.module == "bot":  # `from bot import source`: a part of bot/, not an attribute of bot
                    yield from (f"bot.{a.name}" for a in node.names if (REPO / "bot" / a.name).exists())


def parsed(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def test_no_function_is_over_50_lines() -> None:
    long = []
    for path in python_files("bot", "devwiki", "bench"):
        for node in ast.walk(parsed(path)):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                length = (node.end_lineno or node.lineno) - node.lineno + 1
                if length > FUNCTION_LIMIT:
                    long.append(f"{path.relative_to(REPO)}:{node.lineno} {node.name} ({length} lines)")
    assert not long, "functions over 50 lines:\n" + "\n".join(long)


def test_imports_run_one_way() -> None:
    wrong = []
    for path in python_files("bot"):
        module = module_name(path)
        if module == "bot":
            continue
        home = part_of(module)
        allowed = MAY_IMPORT[home] | {home}
        for name in imports(parsed(path), module):
            if name.split(".")[0] != "bot" or part_of(name) in allowed or name == "bot":  # bot: __version__
                continue
            wrong.append(f"{module} imports {name}")
    assert not wrong, "imports against the data flow:\n" + "\n".join(wrong)


def test_imports_are_absolute() -> None:
    relative = [
        f"{module_name(path)} imports {name}"
        for path in python_files("bot", "devwiki")
        for name in imports(parsed(path), module_name(path))
        if name.startswith(".")
    ]
    assert not relative, "write imports in full, so that the one-way rule can be read off them"


def test_help_loads_no_library_of_the_core() -> None:
    """`mtpbot --help` and shell completion import the CLI only: no pydantic, YAML, Jinja2, parser or pywikibot."""
    heavy = ("pydantic", "yaml", "jinja2", "mwparserfromhell", "pywikibot", "requests")
    code = f"import sys, bot.cli; print(sorted(m for m in sys.modules if m.split('.')[0] in {heavy!r}))"
    done = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_each_library_is_imported_in_one_folder() -> None:
    wrong = []
    for path in python_files("bot"):
        module = module_name(path)
        for name in imports(parsed(path), module):
            home = LIBRARY_HOMES.get(name.split(".")[0])
            if home is not None and part_of(module) != home:
                wrong.append(f"{module} imports {name}, which belongs in {home}")
    assert not wrong, "\n".join(wrong)


def test_pywikibot_is_imported_lazily() -> None:
    """`validate` and `render` never load pywikibot: no module imports it when it is imported itself."""
    eager = [
        module_name(path)
        for path in python_files("bot")
        if any(name.split(".")[0] == "pywikibot" for name in imports(parsed(path), "", top_level_only=True))
    ]
    assert not eager


def test_the_product_never_imports_the_tools() -> None:
    found = [
        f"{module_name(path)} imports {name}"
        for path in python_files("bot")
        for name in imports(parsed(path), module_name(path))
        if name.split(".")[0] in ("devwiki", "tests", "bench")
    ]
    assert not found


def test_the_wheel_holds_the_product_only(tmp_path: Path) -> None:
    # Built from a copy of the tree (setuptools writes build/ next to the sources), offline (the test
    # tools bring a recent setuptools), as `pip wheel --no-deps .` would build it.
    source = tmp_path / "source"
    shutil.copytree(REPO, source, ignore=shutil.ignore_patterns(".*", "__pycache__", "*.egg-info", "build"))
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(tmp_path), "."],
        cwd=source,
        check=True,
        capture_output=True,
        stdin=subprocess.DEVNULL,
    )
    (wheel,) = tmp_path.glob("mtpbot-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    packages = {name.split("/")[0] for name in names if not name.startswith("mtpbot-")}
    assert packages == {"bot"}
    shipped = {name for name in names if name.startswith("bot/")}
    expected = {str(path.relative_to(REPO)) for path in python_files("bot")}
    assert shipped == expected

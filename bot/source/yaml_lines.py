"""YAML read with its line marks: the data, the node tree that knows where each value was written, and
the way back from a field path to a line.

YAML is parsed once into both a node tree (which knows line numbers) and plain data; a problem found in
the data at a path such as ("outcomes", 0, "status") is reported at the line of the node at that path.

An alias (`*name`) is the node of its anchor once more: nested aliases ("billion laughs") make a few lines
stand for billions of values, which every walk of the data would then visit. Before the data is built, the
node tree is measured with each alias counted as what it repeats, and a document whose aliases repeat more
than ALIAS_LIMIT characters is refused at the line of the value where the limit is passed.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterator
from typing import Any

import yaml

from bot.source.problems import Problem

Loc = tuple[str | int, ...]
KEY = "[key]"  # as pydantic ends the path of a problem with a mapping's key, and so do the checks

# What aliases may repeat, in characters of scalars (and one for each node): the shipped files repeat a few
# hundred, a nine-level alias bomb billions.
ALIAS_LIMIT = 100_000

_BaseLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_BaseLoader):  # type: ignore[misc, valid-type]
    """A safe loader that reports duplicate keys instead of silently keeping the last one."""

    duplicate_keys: list[tuple[yaml.Node, str]]

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[Any] = set()
        for key_node, _ in node.value:
            # Plain scalar keys compare by their text (cheap); others are constructed as PyYAML would.
            key = (
                key_node.value if isinstance(key_node, yaml.ScalarNode) else self.construct_object(key_node, deep=True)
            )
            if not isinstance(key, Hashable):
                continue  # the base class reports it as a ConstructorError ("found unhashable key")
            if key in seen:
                self.duplicate_keys.append((key_node, str(key)))
            seen.add(key)
        return super().construct_mapping(node, deep=deep)  # type: ignore[no-any-return]


def parse_yaml(text: str, filename: str) -> tuple[Any, yaml.Node | None, list[Problem]]:
    """Parse YAML text into (data, node tree, problems). A syntax error is one problem with its line."""
    loader = _Loader(text)
    loader.duplicate_keys = []
    try:
        node = loader.get_single_node()
        bomb = _alias_bomb(node) if node is not None else None
        if bomb is not None:
            return None, None, [_alias_problem(filename, node, *bomb)]
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        # An error at the end of the text is marked on the line after the last one: report the last line.
        line = min(mark.line + 1, len(text.splitlines()) or 1) if mark else 1
        reason = exc.problem or str(exc)
        return (
            None,
            None,
            [Problem(filename, line, "", f"YAML syntax error: {reason}; check indentation and quoting")],
        )
    except yaml.reader.ReaderError as exc:  # a control character: not a MarkedYAMLError, so no mark
        line = text.count("\n", 0, exc.position) + 1
        message = f"character {chr(exc.character)!r} is not allowed in YAML ({exc.reason}); delete it"
        return None, None, [Problem(filename, line, "", message)]
    finally:
        loader.dispose()
    problems = [
        Problem(filename, key_node.start_mark.line + 1, key, "duplicate key; each key may appear once here")
        for key_node, key in loader.duplicate_keys
    ]
    return data, node, problems


def _alias_bomb(root: yaml.Node) -> tuple[yaml.Node, Loc] | None:
    """The innermost node (and its path) under which aliases repeat more than ALIAS_LIMIT characters.

    One pass over the distinct nodes, in document order so that an anchor is met before its aliases: a
    node met again is an alias and adds its whole size. Iterative, so deep nesting costs no recursion."""
    size: dict[int, int] = {}  # finished nodes: their size with every alias expanded
    opened: set[int] = {id(root)}  # nodes being measured: an alias of one is a recursion, left to the loader
    stack: list[tuple[yaml.Node, Loc, Iterator[tuple[yaml.Node, Loc]], list[int]]] = [
        (root, (), iter(_children(root, ())), [_weight(root), 0])
    ]
    while stack:
        node, loc, children, totals = stack[-1]  # totals: [size, what aliases add to it]
        step = next(children, None)
        if step is None:
            stack.pop()
            opened.discard(id(node))
            size[id(node)] = totals[0]
            if totals[1] > ALIAS_LIMIT:
                return node, loc
            if stack:
                stack[-1][3][0] += totals[0]
                stack[-1][3][1] += totals[1]
        elif id(step[0]) in size:  # an alias of a node measured already
            totals[0] += size[id(step[0])]
            totals[1] += size[id(step[0])]
        elif id(step[0]) not in opened:
            opened.add(id(step[0]))
            stack.append((step[0], step[1], iter(_children(*step)), [_weight(step[0]), 0]))
    return None


def _weight(node: yaml.Node) -> int:
    return 1 + len(node.value) if isinstance(node, yaml.ScalarNode) else 1


def _children(node: yaml.Node, loc: Loc) -> list[tuple[yaml.Node, Loc]]:
    if isinstance(node, yaml.MappingNode):
        pairs = [
            (key, value, (*loc, key.value if isinstance(key, yaml.ScalarNode) else KEY)) for key, value in node.value
        ]
        return [item for key, value, at in pairs for item in ((key, (*at, KEY)), (value, at))]
    if isinstance(node, yaml.SequenceNode):
        return [(item, (*loc, index)) for index, item in enumerate(node.value)]
    return []


def _alias_problem(filename: str, root: yaml.Node, node: yaml.Node, loc: Loc) -> Problem:
    message = (
        f"the aliases (*name) in this value repeat more than {ALIAS_LIMIT:,} characters of the file, which "
        "every check and the bot would have to read (a YAML alias bomb); write the values out, or use fewer "
        "aliases"
    )
    return Problem(filename, node.start_mark.line + 1, format_path(loc, root), message)


def node_at(root: yaml.Node | None, loc: Loc) -> tuple[yaml.Node | None, Loc]:
    """The deepest node along `loc`, and the part of `loc` it stands for (for the line number)."""
    node: yaml.Node | None = root
    reached: Loc = ()
    for part in loc:
        child = _child(node, part)
        if child is None:
            # A single figure written without a list is validated as a one-item list, and a record written
            # in its short form has an implied key (`value`, a status's name): skip those parts.
            if (part == 0 and not isinstance(node, yaml.SequenceNode)) or _implied(node, part):
                reached = (*reached, part)
                continue
            break
        node, reached = child, (*reached, part)
    return node, reached


def _implied(node: yaml.Node | None, part: str | int) -> bool:
    """Whether `part` is a key the YAML leaves out: any key of a record written as a scalar or a list, and
    `value` of a quarter or baseline written as its figure."""
    return isinstance(part, str) and node is not None and (not isinstance(node, yaml.MappingNode) or part == "value")


def _child(node: yaml.Node | None, part: str | int) -> yaml.Node | None:
    if isinstance(node, yaml.MappingNode) and isinstance(part, str):
        for key_node, value_node in node.value:
            if key_node.value == part:
                return value_node  # type: ignore[no-any-return]
    if isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
        return node.value[part]  # type: ignore[no-any-return]
    return None


def key_node_at(root: yaml.Node | None, loc: Loc) -> yaml.Node | None:
    """The node of the KEY at `loc` (for unknown keys, whose value node is not what is wrong)."""
    parent, _ = node_at(root, loc[:-1])
    if isinstance(parent, yaml.MappingNode):
        for key_node, _value in parent.value:
            if key_node.value == loc[-1]:
                return key_node  # type: ignore[no-any-return]
    return None


def format_path(loc: Loc, root: yaml.Node | None) -> str:
    """`outcomes[0].deliverables[1].status`, as the YAML is written: without the index pydantic adds to a
    one-figure cell, the key of a record written in its short form (`2019-20 Q1: 5` for `{value: 5}`, a
    status as its name), nor the "[key]" it adds to a mapping's key (the path already ends at the key)."""
    text = ""
    node: yaml.Node | None = root
    for part in loc:
        if part == KEY:
            continue
        child = _child(node, part)
        if isinstance(part, int):
            if child is None and not isinstance(node, yaml.SequenceNode):
                continue
            text += f"[{part}]"
        elif child is None and _implied(node, part):
            continue
        else:
            text += f".{part}" if text else part
        node = child
    return text


def line_of(root: yaml.Node | None, loc: Loc) -> int:
    """The line of the value at `loc`; of the key itself when `loc` ends with "[key]" (a problem of the key)."""
    if loc and loc[-1] == KEY:
        key = key_node_at(root, loc[:-1])
        if key is not None:
            return int(key.start_mark.line) + 1
        loc = loc[:-1]
    node, _ = node_at(root, loc)
    return node.start_mark.line + 1 if node is not None else 1

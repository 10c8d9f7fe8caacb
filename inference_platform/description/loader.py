"""Read ``platform.yaml`` safely: bounded size and alias expansion, no duplicate keys, no YAML 1.1 number traps.

PyYAML reads YAML 1.1, editors and the JSON Schema YAML 1.2: an unquoted ``1:30`` is 90 (base 60)
to the one and a string to the other, ``0600`` is octal 384 to the one and 600 to the other, and
``1_000`` / ``0b10`` are numbers only to PyYAML. Such a number is refused with the value to write.

PyYAML shares one object per anchor, so ten nested aliases ("billion laughs") parse into a
small graph that expands to 10^9 nodes as soon as anything walks it. The composed node
graph is therefore measured (expanded nodes and scalar bytes, memoized per node) before any
Python object is built, and a document over the bounds is rejected at once.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from inference_platform.description.errors import DescriptionError, Loc, path_of
from inference_platform.description.platform import Platform

__all__ = ["load_file", "load_yaml", "parse", "MAX_BYTES", "MAX_NODES", "MAX_EXPANDED_BYTES"]

#: A description is reviewed by people, yet a fleet's may be large: a service of the default shape
#: takes ~1.4 KiB and ~130 nodes (platform.yaml: ~6 KiB for four), so 8 MiB holds ~5 000 services
#: while a runaway generator or a wrong file is still refused before it is parsed.
MAX_BYTES = 8 * 1024 * 1024
#: Nodes after expanding aliases (platform.yaml: ~700; 1 000 services: ~132 000).
MAX_NODES = 1_000_000
#: Scalar bytes after expanding aliases: what the loaded data can occupy.
MAX_EXPANDED_BYTES = 4 * MAX_BYTES
_MERGE = "tag:yaml.org,2002:merge"


def parse(data: Any) -> Platform:
    """Build a Platform from plain data (parsed YAML), reporting every problem at once."""
    return Platform.model_validate({} if data is None else data)


def load_file(path: str | Path) -> Platform:
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as err:
        raise DescriptionError([f"{path}: cannot read the description ({err.strerror})"]) from None
    return parse(load_yaml(raw, str(path)))


def load_yaml(raw: bytes | str, name: str = "<description>") -> Any:
    """One YAML document as plain data, or DescriptionError naming the file, line and bound."""
    if len(raw) > MAX_BYTES:
        raise DescriptionError([f"{name}: {len(raw)} bytes; a description may have at most {MAX_BYTES} "
                                f"({_mib(MAX_BYTES)}); split the fleet into several platforms"])
    try:
        try:
            return _load(_FastLoader, raw, name)
        except yaml.YAMLError:
            if _FastLoader is yaml.SafeLoader:
                raise
        # libyaml refused it: read it again with the pure-Python parser, whose messages (and
        # acceptance) are the ones this loader always gave.
        return _load(yaml.SafeLoader, raw, name)
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        raise DescriptionError([f"{name}: not valid YAML{where}: {getattr(err, 'problem', None) or err}"]) from None
    except RecursionError:
        raise DescriptionError([f"{name}: nested too deeply to read"]) from None


#: libyaml's parser, ~10x faster on a large fleet; the same nodes, marks and data as the pure-Python one.
_FastLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _load(loader_class: type, raw: bytes | str, name: str) -> Any:
    loader = loader_class(raw)
    try:
        node = loader.get_single_node()
        problems = _check_graph(node, loader) if node is not None else []
        if problems:
            raise DescriptionError([f"{name}: {p}" for p in problems])
        return loader.construct_document(node) if node is not None else None
    finally:
        loader.dispose()


def _check_graph(root: yaml.Node, loader: Any = None) -> list[str]:
    """Duplicate keys (with both lines), YAML 1.1 number traps and the expanded size, walking each node once."""
    problems: list[str] = []
    size: dict[int, tuple[int, int]] = {}  # id(node) -> (expanded nodes, expanded scalar bytes)
    visited: set[int] = set()
    # Iterative post-order walk: ("enter", node, loc) pushes children, ("exit", node) sums them.
    stack: list[tuple[str, yaml.Node, Loc]] = [("enter", root, ())]
    while stack:
        step, node, loc = stack.pop()
        if step == "exit":
            children = _children(node)
            nodes = 1 + sum(size[id(c)][0] for c, _ in children)
            data = sum(size[id(c)][1] for c, _ in children)
            size[id(node)] = (min(nodes, MAX_NODES + 1), min(data, MAX_EXPANDED_BYTES + 1))
            continue
        if id(node) in visited:
            continue
        visited.add(id(node))
        if isinstance(node, yaml.ScalarNode):
            size[id(node)] = (1, len(node.value))
            if loader is not None and not node.style and loc[-1:] != ("<key>",):
                trap = _yaml11_trap(node, loader) if node.tag in _NUMBER_TAGS else (
                    _yaml12_number(node.value) if node.tag == _STR else None)
                if trap:
                    problems.append(f"{path_of(loc)}: {trap}")
            continue
        if isinstance(node, yaml.MappingNode):
            problems += _duplicates(node, loc)
        stack.append(("exit", node, loc))
        stack += [("enter", child, loc + (key,)) for child, key in _children(node)]
    nodes, data = size[id(root)]
    if nodes > MAX_NODES:
        problems.append(f"aliases expand the document to more than {MAX_NODES} nodes; at most {MAX_NODES} allowed")
    if data > MAX_EXPANDED_BYTES:
        problems.append(f"aliases expand the document to more than {MAX_EXPANDED_BYTES} bytes of values; "
                        f"at most {MAX_EXPANDED_BYTES} ({_mib(MAX_EXPANDED_BYTES)}) allowed")
    return problems


_INT, _FLOAT, _STR = "tag:yaml.org,2002:int", "tag:yaml.org,2002:float", "tag:yaml.org,2002:str"
_NUMBER_TAGS = (_INT, _FLOAT)
_SEXAGESIMAL = re.compile(r"[-+]?[0-9][0-9_]*(:[0-5]?[0-9])+(\.[0-9_]*)?")
_OCTAL = re.compile(r"[-+]?0[0-7_]+")


def _yaml11_trap(node: yaml.ScalarNode, loader: Any) -> str | None:
    """Why an unquoted number reads differently in YAML 1.1 (PyYAML) and YAML 1.2 (editors, the schema), or None."""
    text = node.value
    construct = yaml.SafeLoader.construct_yaml_int if node.tag == _INT else yaml.SafeLoader.construct_yaml_float
    value = construct(loader, node)
    if _SEXAGESIMAL.fullmatch(text):
        return (f"{text} is read by PyYAML as {value} (YAML 1.1 base 60: {text} becomes {value}) but as the string "
                f"{text!r} by YAML 1.2 and the editor schema; write {value} (or quote it, '{text}', if a text is meant)")
    decimal = int(text.replace("_", ""), 10) if node.tag == _INT and _OCTAL.fullmatch(text) else None
    if decimal is not None and decimal != value:
        return (f"{text} is read by PyYAML as octal {value} but as {decimal} by YAML 1.2 and the editor schema; "
                f"write {decimal} (or {value}, whichever is meant) without the leading zero")
    if "_" in text or text.lstrip("+-").lower().startswith("0b"):
        return (f"{text} is read by PyYAML as {value} but as the string {text!r} by YAML 1.2 and the editor schema; "
                f"write {value}")
    return None


#: Numbers of YAML 1.2's core schema that PyYAML (YAML 1.1) reads as strings: 0o octal, and floats with an exponent
#: but no '.' or an unsigned exponent (1e3, 1.5e3).
_YAML12_OCTAL = re.compile(r"[-+]?0o[0-7]+")
_YAML12_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)")


def _yaml12_number(text: str) -> str | None:
    """Why an unquoted ``text`` PyYAML reads as a string is a number to YAML 1.2 and the editor schema, or None."""
    if _YAML12_OCTAL.fullmatch(text):
        sign = -1 if text.startswith("-") else 1
        value: int | float = sign * int(text.lstrip("+-")[2:], 8)
        how = f"octal {value}"
    elif _YAML12_FLOAT.fullmatch(text):
        value = float(text)
        how = str(value)
        value = int(value) if value.is_integer() else value
    else:
        return None
    return (f"{text} is read by PyYAML as the string {text!r} but as the number {how} by YAML 1.2 and the editor "
            f"schema; write {value} (or quote it, '{text}', if a text is meant)")


def _mib(n: int) -> str:
    return f"{n / 2**20:g} MiB"


def _children(node: yaml.Node) -> list[tuple[yaml.Node, str | int]]:
    if isinstance(node, yaml.SequenceNode):
        return [(child, i) for i, child in enumerate(node.value)]
    if isinstance(node, yaml.MappingNode):
        return [c for k, v in node.value for c in ((k, "<key>"), (v, k.value if isinstance(k, yaml.ScalarNode) else "?"))]
    return []


def _duplicates(node: yaml.MappingNode, loc: Loc) -> list[str]:
    first: dict[tuple[str, str], int] = {}
    out = []
    for key, _ in node.value:
        if not isinstance(key, yaml.ScalarNode) or key.tag == _MERGE:
            continue
        line = key.start_mark.line + 1
        ident = (key.tag, key.value)
        if ident in first:
            out.append(f"{path_of(loc + (key.value,))}: key {key.value!r} is given twice (lines {first[ident]} and "
                       f"{line}); keep one")
        first.setdefault(ident, line)
    return out

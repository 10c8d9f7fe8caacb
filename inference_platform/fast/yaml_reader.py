"""Read block-style YAML as libyaml does, without building libyaml's events and nodes.

The synth writes every manifest in the block style PyYAML's emitter produces: one ``key: value``
or ``- item`` per line, indentation for nesting, scalars plain or quoted on their own line.
For text in that subset, :func:`read` returns exactly what ``yaml.load_all`` with libyaml's
safe loader returns (with ``marks``: every mapping also carrying checkov's
``__startline__``/``__endline__``, as :func:`inference_platform.gate.model.load_marked` adds
them), at a fraction of the cost. Whatever it is not sure to read alike (block scalars,
anchors, tags, flow collections other than ``{}``/``[]``, scalars running over several lines,
tabs, directives, a last line without a line break, a line it cannot place) makes it return
``None``, and the caller parses the text with libyaml. Plain scalars are resolved by PyYAML's own resolver (YAML 1.1: ``yes``,
``0o17``, ``1_000``, dates...), and any non-string one is built by libyaml itself, once per
distinct spelling. ``tests/fast/test_yaml_reader.py`` compares both readers.

Over 300 lines on purpose: one line-by-line reader whose cases (what it takes, what it leaves to
libyaml) are only checkable side by side; :func:`documents` is the entry point for any caller.
"""
from __future__ import annotations

import re
from typing import Any

import yaml

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_RESOLVER = yaml.resolver.Resolver()
_STR = "tag:yaml.org,2002:str"
#: characters a plain scalar may not start with (libyaml's check_plain, block context)
_INDICATORS = frozenset("-?:,[]{}#&*!|>'\"%@`")
#: anything but printable ASCII and line feeds (tabs, CR, Unicode line breaks, BOM...): libyaml's
_OUTSIDE = re.compile(r"[^\n\x20-\x7e]")


class _NotInSubset(Exception):
    """The text uses YAML this reader leaves to libyaml."""


#: values by spelling, of plain and of quoted scalars (each spelling is resolved once)
_PLAIN: dict[str, Any] = {}
_QUOTED: dict[str, str] = {}


def _plain(text: str) -> Any:
    """The value of a plain scalar spelled ``text`` on one line, as libyaml resolves it."""
    try:
        return _PLAIN[text]
    except KeyError:
        pass
    first = text[:1]
    if (not text or text != text.strip(" ") or not text.isprintable() or ": " in text or " #" in text
            or text.endswith(":") or text in ("<<", "=")
            or (first in _INDICATORS and (first not in "-?:" or text[1:2] in ("", " ")))):
        raise _NotInSubset(text)
    if _RESOLVER.resolve(yaml.ScalarNode, text, (True, False)) == _STR:
        value: Any = text
    else:
        try:
            value = yaml.load(text, Loader=_Loader)
        except Exception as err:  # e.g. a timestamp with month 13: libyaml's own error, from libyaml
            raise _NotInSubset(text) from err
        if isinstance(value, (dict, list)):
            raise _NotInSubset(text)
    _PLAIN[text] = value
    return value


def _quoted(text: str) -> str:
    """The value of a quoted scalar spelled ``text`` (quotes included), closed on its line."""
    try:
        return _QUOTED[text]
    except KeyError:
        pass
    inner = text[1:-1]
    if len(text) < 2 or text[-1] != text[0] or not text.isprintable():
        raise _NotInSubset(text)
    if text[0] == "'":
        if "'" in inner.replace("''", ""):
            raise _NotInSubset(text)
        value = inner.replace("''", "'")
    elif "\\" in inner or '"' in inner:
        try:
            value = yaml.load(text, Loader=_Loader)
        except yaml.YAMLError as err:
            raise _NotInSubset(text) from err
        if not isinstance(value, str):
            raise _NotInSubset(text)
    else:
        value = inner
    _QUOTED[text] = value
    return value


def _quote_end(content: str) -> int:
    """Where the quoted scalar that ``content`` starts with closes (index of its last quote)."""
    quote, i, n = content[0], 1, len(content)
    while i < n:
        c = content[i]
        if c == quote:
            if quote == "'" and content[i + 1:i + 2] == "'":
                i += 2
                continue
            return i
        i += 2 if c == "\\" and quote == '"' else 1
    raise _NotInSubset(content)


def _value(text: str) -> Any:
    """The scalar spelled ``text``; ``{}`` and ``[]`` as :data:`_EMPTY_MAP` and :data:`_EMPTY_LIST`."""
    first = text[0]
    if first == "'" or first == '"':
        if _quote_end(text) != len(text) - 1:
            raise _NotInSubset(text)
        return _quoted(text)
    if text == "{}":
        return _EMPTY_MAP
    if text == "[]":
        return _EMPTY_LIST
    return _plain(text)


def _entry(content: str) -> tuple[Any, str | None] | None:
    """``key: value`` → (key, value text), ``key:`` → (key, None), a lone scalar → None."""
    if content[0] == "'" or content[0] == '"':
        end = _quote_end(content)
        if end == len(content) - 1:
            return None
        if content[end + 1] != ":":
            raise _NotInSubset(content)
        key = _quoted(content[:end + 1])
        rest = content[end + 2:]
        if not rest:
            return key, None
        if rest[0] != " ":
            raise _NotInSubset(content)
        rest = rest[1:]
    else:
        cut = content.find(": ")
        if cut == -1:
            if content[-1] != ":":
                return None
            return _plain(content[:-1]), None
        key = _plain(content[:cut])
        rest = content[cut + 2:]
    if rest[:1] == " ":
        raise _NotInSubset(content)
    return key, rest


#: a line's content → what it says: (MAPPING_ENTRY, key, value) / (PENDING, key) / (ITEM, value) /
#: (ITEM_MAPPING, inner) where inner is one of the first two
_LINES: dict[str, tuple[Any, ...]] = {}
_MAX_LINES = 400_000
ENTRY, PENDING, ITEM, ITEM_MAPPING = range(4)
#: ``{}`` and ``[]`` in :data:`_LINES`: every occurrence gets a container of its own (:func:`_container`)
_EMPTY_MAP, _EMPTY_LIST = object(), object()


def _container(empty: object, lineno: int, marks: bool) -> Any:
    """A new ``[]`` or ``{}`` (marked with its line, as libyaml marks a flow mapping) for line ``lineno``."""
    if empty is _EMPTY_LIST:
        return []
    return {"__startline__": lineno, "__endline__": lineno} if marks else {}


def _parsed(content: str) -> tuple[Any, ...]:
    """What one line's content (indentation removed) says; raises for what is not in the subset."""
    if content[:2] == "- " or content == "-":
        rest = content[2:]
        if not rest or rest[0] == " " or rest[0] == "-" and rest[1:2] in ("", " "):
            raise _NotInSubset(content)
        entry = _entry(rest)
        if entry is None:
            return (ITEM, _value(rest))
        return (ITEM_MAPPING, _mapping_entry(*entry))
    entry = _entry(content)
    if entry is None:
        raise _NotInSubset(content)
    return _mapping_entry(*entry)


def _mapping_entry(key: Any, value: str | None) -> tuple[Any, ...]:
    return (PENDING, key) if value is None else (ENTRY, key, _value(value))


def read(text: str, marks: bool = False) -> list[Any] | None:
    """Every document of ``text`` as libyaml's safe loader reads it, or ``None`` when ``text``
    is not in the subset (see the module's docstring). With ``marks``, every mapping ends with
    ``__startline__`` and ``__endline__`` (lines from 1), as checkov's parser adds them."""
    if _OUTSIDE.search(text) or text[-1:] not in ("", "\n"):
        return None
    if len(_LINES) > _MAX_LINES:
        _LINES.clear()
    try:
        return _read(text, marks)
    except _NotInSubset:
        return None


def documents(text: str) -> list[Any]:
    """Every document of ``text`` (``None`` for empty ones) as libyaml's safe loader reads it: by
    :func:`read` when the text is in its subset (the synth's output is), else by libyaml itself."""
    docs = read(text)
    return docs if docs is not None else list(yaml.load_all(text, Loader=_Loader))


def _read(text: str, marks: bool) -> list[Any]:
    docs: list[Any] = []
    # open containers, innermost last: [column, container, is mapping, first line]
    stack: list[list[Any]] = []
    pending: tuple[dict[Any, Any], Any, int] | None = None   # (mapping, key, key column) awaiting a value
    open_doc = False
    root: Any = None
    lineno = 0
    lines = _LINES
    for line in text.split("\n"):
        lineno += 1
        content = line.lstrip(" ")
        if not content or content[0] == "#":
            continue
        col = len(line) - len(content)
        if col == 0 and (content[:3] == "---" or content[:3] == "..." or content[0] == "%"):
            if content != "---":
                raise _NotInSubset(line)
            if pending is not None:
                pending[0][pending[1]] = None
                pending = None
            _close(stack, -1, lineno, marks)
            if open_doc:
                docs.append(root)
            open_doc, root = True, None
            continue
        parsed = lines.get(content)
        if parsed is None:
            if content[-1] == " ":
                raise _NotInSubset(line)
            parsed = lines[content] = _parsed(content)
        kind = parsed[0]
        dash = kind >= ITEM
        open_doc = True
        if pending is not None:
            parent, key, kcol = pending
            pending = None
            if col > kcol or (col == kcol and dash):
                child: Any = [] if dash else {}
                stack.append([col, child, not dash, lineno])
                parent[key] = child
            else:
                parent[key] = None
        elif not stack:
            if root is not None or col != 0:
                raise _NotInSubset(line)
            root = [] if dash else {}
            stack.append([0, root, not dash, lineno])
        top = stack[-1]
        if top[0] > col:
            _close(stack, col + 1, lineno, marks)
            if not stack:
                raise _NotInSubset(line)
            top = stack[-1]
        if top[0] != col:
            raise _NotInSubset(line)
        if top[2]:
            if dash:
                raise _NotInSubset(line)
            mapping = top[1]
            kcol = col
        else:
            if not dash:
                stack.pop()  # an indentless sequence ends at its mapping's next key
                if not stack or stack[-1][0] != col or not stack[-1][2]:
                    raise _NotInSubset(line)
                mapping = stack[-1][1]
                kcol = col
            elif kind == ITEM:
                value = parsed[1]
                if value is _EMPTY_MAP or value is _EMPTY_LIST:
                    value = _container(value, lineno, marks)
                top[1].append(value)
                continue
            else:
                mapping = {}
                top[1].append(mapping)
                kcol = col + 2
                stack.append([kcol, mapping, True, lineno])
                parsed = parsed[1]
                kind = parsed[0]
        if kind == PENDING:
            pending = (mapping, parsed[1], kcol)
        else:
            value = parsed[2]
            if value is _EMPTY_MAP or value is _EMPTY_LIST:
                value = _container(value, lineno, marks)
            mapping[parsed[1]] = value
    if pending is not None:
        pending[0][pending[1]] = None
    # libyaml's stream end: past the last line break (a text without one was declined)
    _close(stack, -1, text.count("\n") + 1, marks)
    if open_doc:
        docs.append(root)
    return docs


def _close(stack: list[list[Any]], col: int, lineno: int, marks: bool) -> None:
    """Close every open container at column ``col`` or deeper; a mapping gets its marks."""
    while stack and stack[-1][0] >= col:
        frame = stack.pop()
        if frame[2] and marks:
            frame[1]["__startline__"] = frame[3]
            frame[1]["__endline__"] = lineno

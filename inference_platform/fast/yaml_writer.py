"""The synth's YAML writer for plain documents: PyYAML's bytes, without PyYAML's per-node machinery.

``synth.render.dump_all`` writes documents the way PyYAML's pure-Python ``SafeDumper`` does with the
project's settings (block style, 2-space indent, sequences in mappings not indented, no
aliases, width 4096, unicode kept, ``---`` before each document). PyYAML builds a node, an event
and an analysis per value and libyaml's binding calls back into Python for each scalar: ~4 ms a
service file, most of a synth. For documents made of dicts, lists, strings, ints, bools and
None, the layout is fixed, and only a scalar's style needs PyYAML's judgement; :func:`emit_all`
asks PyYAML's own emitter and resolver for that once per distinct string (``Emitter.analyze_scalar``
and ``Emitter.choose_scalar_style``'s rules) and writes the rest itself.

It answers None (and ``dump_all`` uses PyYAML) for anything whose bytes depend on more than
that: floats, strings with line breaks or over 1 000 characters (PyYAML folds at the width),
keys PyYAML would not write as simple keys, scalars that need double quotes, documents that are
not a non-empty mapping. A property test compares it with PyYAML on generated documents.
"""
from __future__ import annotations

import io

import yaml
from yaml.emitter import Emitter
from yaml.resolver import Resolver

__all__ = ["emit_all"]

_STR = "tag:yaml.org,2002:str"
_BREAKS = ("\n", "\r", "\x85", "\u2028", "\u2029")
#: longest string written here; PyYAML folds plain and quoted scalars past column 4096
_MAX_STR = 1000
#: longest key written here (PyYAML's simple keys: "!!str" plus the key under 128 characters)
_MAX_KEY = 100

_analyzer = Emitter(io.StringIO(), allow_unicode=True)
_resolver = Resolver()
_VALUES: dict[str, str | None] = {}
_KEYS: dict[str, str | None] = {}


class _Outside(Exception):
    """The documents hold something only PyYAML writes."""


def _style(text: str, *, key: bool) -> str | None:
    """``text`` as PyYAML writes a str scalar in block context (as a simple key with ``key``); None if not here."""
    if len(text) > (_MAX_KEY if key else _MAX_STR) or any(b in text for b in _BREAKS) or (key and not text):
        return None
    analysis = _analyzer.analyze_scalar(text)
    if analysis.multiline:
        return None
    implicit = _resolver.resolve(yaml.ScalarNode, text, (True, False)) == _STR
    if implicit and analysis.allow_block_plain and not (key and analysis.empty):
        return text
    if analysis.allow_single_quoted:
        return "'" + text.replace("'", "''") + "'"
    return None


def _remember(table: dict[str, str | None], text: str, key: bool) -> str:
    try:
        out = table[text]
    except KeyError:
        if len(table) > 200_000:
            table.clear()
        out = table[text] = _style(text, key=key)
    if out is None:
        raise _Outside
    return out


def _scalar(value: object) -> str:
    kind = type(value)
    if kind is str:
        return _remember(_VALUES, value, False)
    if kind is bool:
        return "true" if value else "false"
    if kind is int:
        return str(value)
    if value is None:
        return "null"
    raise _Outside


def _mapping(data: dict, indent: int, out: list[str], lead: str | None = None) -> None:
    pad = " " * indent
    for key, value in data.items():
        if type(key) is not str:
            raise _Outside
        head = f"{pad if lead is None else lead}{_remember(_KEYS, key, True)}:"
        lead = None
        kind = type(value)
        if kind is dict:
            if value:
                out.append(head + "\n")
                _mapping(value, indent + 2, out)
            else:
                out.append(head + " {}\n")
        elif kind is list:
            if value:
                out.append(head + "\n")
                _sequence(value, indent, out)  # a mapping's sequence is not indented
            else:
                out.append(head + " []\n")
        else:
            out.append(f"{head} {_scalar(value)}\n")


def _sequence(items: list, indent: int, out: list[str], lead: str | None = None) -> None:
    pad = " " * indent
    for item in items:
        head = f"{pad if lead is None else lead}- "
        lead = None
        kind = type(item)
        if kind is dict:
            if item:
                _mapping(item, indent + 2, out, head)
            else:
                out.append(head + "{}\n")
        elif kind is list:
            if item:
                _sequence(item, indent + 2, out, head)
            else:
                out.append(head + "[]\n")
        else:
            out.append(head + _scalar(item) + "\n")


def emit_all(docs: list) -> str | None:
    """What ``yaml.dump_all(docs, ...)`` writes with the project's settings, or None when only PyYAML knows."""
    out: list[str] = []
    try:
        for doc in docs:
            if type(doc) is not dict or not doc:
                return None
            out.append("---\n")
            _mapping(doc, 0, out)
    except _Outside:
        return None
    return "".join(out)

"""The synth's YAML writer: PyYAML's pure-Python emitter's bytes, much faster.

:func:`dump_all` writes documents the way PyYAML's pure-Python ``SafeDumper`` (:class:`Dumper`)
does with the project's settings (block style, 2-space indent, sequences in mappings not
indented, no aliases, ``|`` for multi-line strings, width 4096, unicode kept, ``---`` before
each document), trying the fastest writer that gives those bytes:

1. :func:`emit_all`, for the plain documents of the synth. PyYAML builds a node, an event and an
   analysis per value and libyaml's binding calls back into Python for each scalar: ~4 ms a
   service file, most of a synth. For documents made of dicts, lists, strings, ints, bools and
   None, the layout is fixed, and only a scalar's style needs PyYAML's judgement; it asks
   PyYAML's own emitter and resolver for that once per distinct string
   (``Emitter.analyze_scalar`` and ``Emitter.choose_scalar_style``'s rules) and writes the rest
   itself. It answers None for anything whose bytes depend on more than that: floats, strings
   with line breaks or over 1 000 characters (PyYAML folds at the width), keys PyYAML would not
   write as simple keys, scalars that need double quotes, documents that are not a non-empty
   mapping.
2. libyaml's emitter (``CSafeDumper``, ~5x faster than the pure-Python one), where its bytes
   equal the pure-Python emitter's (:func:`same_in_libyaml`: printable-ASCII keys and strings).
3. PyYAML's pure-Python emitter, for everything else.

PyYAML's resolver is YAML 1.1 as PyYAML reads it. The controllers that read dist/ are Go: kubectl and
Argo CD (sigs.k8s.io/yaml, go-yaml v2) also take ``y``/``n`` for booleans, and go-yaml v2 and v3
(Flux's kustomize) also take ``0o17``, ``0X1F``, ``1e3``, ``1.5e3`` for numbers and ``2024-1-5`` for a
timestamp. :func:`read_as_other` names those strings, and every writer here single-quotes them
(:class:`Dumper` does), so a string of the description stays a string wherever dist/ is applied.

Property tests (``tests/fast/test_yaml_writer.py``) compare each with PyYAML's pure-Python
emitter on generated documents.
"""
from __future__ import annotations

import io
import re

import yaml
from yaml.emitter import Emitter
from yaml.resolver import Resolver

__all__ = ["Dumper", "dump_all", "emit_all", "same_in_libyaml", "read_as_other"]

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


#: Plain scalars go-yaml v2 reads as booleans besides PyYAML's (YAML 1.1's single-letter forms).
_GO_BOOLS = frozenset({"y", "Y", "n", "N"})
#: What go-yaml (v2 and v3) reads as a number once '_' are dropped: Go's base-prefixed integers and its float form.
_GO_INT = re.compile(r"[-+]?(?:0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+|[0-9]+)")
_GO_FLOAT = re.compile(r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?")
#: go-yaml's timestamps (month and day may have one digit, which PyYAML's resolver does not take).
_GO_TIME = re.compile(r"[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:[Tt ].*)?")


def read_as_other(text: str) -> bool:
    """Whether a Go YAML reader (go-yaml v2 or v3) takes the plain scalar ``text`` for no string although
    PyYAML's YAML 1.1 resolver does (so PyYAML alone would write it unquoted)."""
    if text in _GO_BOOLS:
        return True
    if not text or text[0] not in "+-.0123456789":
        return False
    plain = text.replace("_", "")
    return bool(_GO_INT.fullmatch(plain) or _GO_FLOAT.fullmatch(plain) or _GO_TIME.fullmatch(text))


def _style(text: str, *, key: bool) -> str | None:
    """``text`` as PyYAML writes a str scalar in block context (as a simple key with ``key``); None if not here."""
    if len(text) > (_MAX_KEY if key else _MAX_STR) or any(b in text for b in _BREAKS) or (key and not text):
        return None
    analysis = _analyzer.analyze_scalar(text)
    if analysis.multiline:
        return None
    implicit = _resolver.resolve(yaml.ScalarNode, text, (True, False)) == _STR and not read_as_other(text)
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


# ------------------------------------------------------------------ the emitters PyYAML has

class Dumper(yaml.SafeDumper):
    """PyYAML's pure-Python SafeDumper, without aliases, ``|`` for multi-line strings: the bytes to write."""

    def ignore_aliases(self, data):  # noqa: D401 - PyYAML hook
        return True


def _str(dumper: yaml.SafeDumper, value: str):
    style = "|" if "\n" in value else ("'" if read_as_other(value) else None)
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


Dumper.add_representer(str, _str)

_STR, _INT, _BOOL, _NULL = (f"tag:yaml.org,2002:{t}" for t in ("str", "int", "bool", "null"))
_MAP, _SEQ = "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"
#: (scalar, implicit) → its resolved tag: the emitter asks twice per scalar, and values repeat
_RESOLVED: dict[tuple[str, tuple[bool, bool]], str] = {}

class _NotSame(Exception):
    """A value libyaml's emitter would write differently (see ``same_in_libyaml``)."""


if hasattr(yaml, "CSafeDumper"):
    class _CDumper(yaml.CSafeDumper):
        """libyaml's emitter, ~5x faster; used only where its bytes equal the pure-Python emitter's.

        Plain dicts, lists, strings, ints, bools and None become nodes directly, the nodes
        ``SafeRepresenter`` would make (block style, no aliases, ``|`` for multi-line strings),
        without its per-value dispatch; resolved tags are remembered. Anything else takes the
        representer's own path. On the way every value is checked as ``same_in_libyaml``
        checks it; one that fails raises ``_NotSame`` and ``dump_all`` uses the pure-Python emitter.
        """

        ignore_aliases = Dumper.ignore_aliases

        def represent_data(self, data):
            kind = type(data)
            if kind is str:
                if not _same_str(data):
                    raise _NotSame
                return yaml.ScalarNode(_STR, data, style="|" if "\n" in data else ("'" if read_as_other(data) else None))
            if kind is dict:
                node = self.represent_data
                if not all(type(k) is str and _PRINTABLE.match(k) for k in data):
                    raise _NotSame
                return yaml.MappingNode(_MAP, [(node(k), node(v)) for k, v in data.items()], flow_style=False)
            if kind is list:
                node = self.represent_data
                return yaml.SequenceNode(_SEQ, [node(v) for v in data], flow_style=False)
            if kind is int:
                return yaml.ScalarNode(_INT, str(data))
            if kind is bool:
                return yaml.ScalarNode(_BOOL, "true" if data else "false")
            if data is None:
                return yaml.ScalarNode(_NULL, "null")
            if not same_in_libyaml(data):
                raise _NotSame
            return super().represent_data(data)

        def resolve(self, kind, value, implicit):
            if kind is not yaml.ScalarNode:
                return super().resolve(kind, value, implicit)
            key = (value, implicit)
            tag = _RESOLVED.get(key)
            if tag is None:
                if len(_RESOLVED) > 500_000:
                    _RESOLVED.clear()
                tag = _RESOLVED[key] = super().resolve(kind, value, implicit)
            return tag

    _CDumper.add_representer(str, _str)
else:  # PyYAML without libyaml: the same bytes, slower
    _CDumper = Dumper

_PRINTABLE = re.compile(r"[\x20-\x7e]+\Z")
_PRINTABLE_LINES = re.compile(r"[\x20-\x7e\n]*\Z")


def _same_str(value: str) -> bool:
    return bool(_PRINTABLE_LINES.match(value)) and not ("\n" in value and (value.endswith("\n\n")
                                                                          or not value.strip("\n")))


def same_in_libyaml(node: object) -> bool:
    """True when both emitters write ``node`` alike: printable-ASCII keys and strings (newlines
    allowed except trailing blank lines). They differ on empty keys, characters outside the
    BMP, control characters and block scalars that keep trailing newlines (a test searches for
    differences)."""
    if isinstance(node, str):
        return _same_str(node)
    if isinstance(node, dict):
        return all(isinstance(k, str) and _PRINTABLE.match(k) and same_in_libyaml(v) for k, v in node.items())
    if isinstance(node, list):
        return all(same_in_libyaml(v) for v in node)
    return node is None or isinstance(node, (bool, int, float))


def dump_all(docs: list[dict]) -> str:
    """``yaml.dump_all`` of ``docs`` with :class:`Dumper` and the project's settings, by the fastest writer that agrees."""
    text = emit_all(docs)  # the plain documents of the synth: PyYAML's bytes, ~10x faster
    if text is not None:
        return text
    if _CDumper is not Dumper:
        try:
            return yaml.dump_all(docs, Dumper=_CDumper, sort_keys=False, default_flow_style=False,
                                 width=4096, allow_unicode=True, explicit_start=True)
        except _NotSame:
            pass
    return yaml.dump_all(docs, Dumper=Dumper, sort_keys=False, default_flow_style=False,
                         width=4096, allow_unicode=True, explicit_start=True)

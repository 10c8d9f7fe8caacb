"""Strict conversion of plain data (parsed YAML) into the description's frozen dataclasses.

One mechanism serves every model type: the dataclass fields and their type hints *are* the
schema. Conversion never stops at the first problem; it collects one message per problem,
each naming the field path, the offending value and what is allowed, e.g.
``services[1].autoscaling.max_replicas: 0 is less than min_replicas (2)``.

Semantic rules live on the model classes as ``_problems(self, path)`` generators; they run
only on objects whose fields all converted cleanly, so a rule never sees a half-typed value.
"""
from __future__ import annotations

import dataclasses
import functools
import types
import typing
from typing import Any, Iterator, Literal, Union

MISSING_VALUE = object()


class DescriptionError(ValueError):
    """The platform description is invalid; ``problems`` lists every problem found."""

    def __init__(self, problems: list[str]):
        self.problems = list(problems)
        count = len(self.problems)
        head = f"the platform description has {count} problem{'s' if count != 1 else ''}:"
        super().__init__("\n".join([head, *(f"  - {p}" for p in self.problems)]))


def join(path: str, key: str | int) -> str:
    if isinstance(key, int):
        return f"{path}[{key}]"
    return f"{path}.{key}" if path else key


def show(value: Any) -> str:
    """Render a bad value for a message: strings quoted, long structures shortened."""
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


@functools.cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def _type_name(tp: Any) -> str:
    origin = typing.get_origin(tp)
    if tp is int:
        return "an integer"
    if tp is float:
        return "a number"
    if tp is str:
        return "a string"
    if tp is bool:
        return "true or false"
    if origin is tuple:
        return "a list"
    if origin is dict or dataclasses.is_dataclass(tp):
        return "a mapping"
    if origin is Literal:
        return "one of " + ", ".join(show(a) for a in typing.get_args(tp))
    return str(tp)


def convert(tp: Any, value: Any, path: str, problems: list[str]) -> Any:
    """Convert ``value`` to ``tp``; on failure append messages and return MISSING_VALUE."""
    origin = typing.get_origin(tp)
    if tp is Any:
        return value
    if origin in (Union, types.UnionType):
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        if value is None:
            return None
        return convert(args[0], value, path, problems)
    if origin is Literal:
        allowed = typing.get_args(tp)
        if value in allowed and type(value) is type(allowed[0]):
            return value
        problems.append(f"{path}: {show(value)} is not allowed; expected {_type_name(tp)}")
        return MISSING_VALUE
    if dataclasses.is_dataclass(tp):
        return _convert_dataclass(tp, value, path, problems)
    if origin is tuple:
        if not isinstance(value, (list, tuple)):
            problems.append(f"{path}: {show(value)} is not a list")
            return MISSING_VALUE
        (item_tp, _) = typing.get_args(tp)
        items = [convert(item_tp, v, join(path, i), problems) for i, v in enumerate(value)]
        return MISSING_VALUE if any(i is MISSING_VALUE for i in items) else tuple(items)
    if origin is dict:
        key_tp, value_tp = typing.get_args(tp)
        if not isinstance(value, dict):
            problems.append(f"{path}: {show(value)} is not a mapping")
            return MISSING_VALUE
        out = {}
        for k, v in value.items():
            if not isinstance(k, str):
                problems.append(f"{path}: key {show(k)} is not a string")
                continue
            out[k] = convert(value_tp, v, join(path, k), problems)
        return MISSING_VALUE if any(v is MISSING_VALUE for v in out.values()) else out
    ok = {
        int: lambda v: isinstance(v, int) and not isinstance(v, bool),
        float: lambda v: isinstance(v, (int, float)) and not isinstance(v, bool),
        str: lambda v: isinstance(v, str),
        bool: lambda v: isinstance(v, bool),
    }[tp](value)
    if not ok:
        problems.append(f"{path}: {show(value)} is not {_type_name(tp)}")
        return MISSING_VALUE
    return float(value) if tp is float else value


def _convert_dataclass(cls: type, value: Any, path: str, problems: list[str]) -> Any:
    if dataclasses.is_dataclass(value) and isinstance(value, cls):
        value = as_plain(value)
    if not isinstance(value, dict):
        problems.append(f"{path or '<top level>'}: {show(value)} is not a mapping")
        return MISSING_VALUE
    fields = {f.name: f for f in dataclasses.fields(cls) if f.init}
    before = len(problems)
    for key in value:
        if key not in fields:
            allowed = ", ".join(fields)
            problems.append(f"{join(path, str(key))}: unknown key; allowed keys here: {allowed}")
    kwargs = {}
    hints = _hints(cls)
    typed = True
    for name, f in fields.items():
        fpath = join(path, name)
        if name not in value:
            if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING:
                problems.append(f"{fpath}: required, expected {_type_name(hints[name])}")
                typed = False
            continue
        converted = convert(hints[name], value[name], fpath, problems)
        if converted is MISSING_VALUE:
            typed = False
        else:
            kwargs[name] = converted
    if not typed:
        return MISSING_VALUE
    # Fields are well-typed (their own rules may have failed): build the object so its rules,
    # and its parents' rules, still run and every problem is reported at once.
    obj = cls(**kwargs)
    check = getattr(obj, "_problems", None)
    if check is not None:
        problems.extend(check(path))
    return obj


def as_plain(obj: Any) -> Any:
    """Dataclasses back to the plain dict/list form the YAML file uses (round-trips)."""
    if dataclasses.is_dataclass(obj):
        return {f.name: as_plain(getattr(obj, f.name)) for f in dataclasses.fields(obj)}
    if isinstance(obj, (list, tuple)):
        return [as_plain(v) for v in obj]
    if isinstance(obj, dict):
        return {k: as_plain(v) for k, v in obj.items()}
    return obj


def reference(cls: type, prefix: str = "") -> Iterator[tuple[str, str, str, str]]:
    """Yield (path, type, default, doc) rows for the README's description reference."""
    hints = _hints(cls)
    for f in dataclasses.fields(cls):
        tp = hints[f.name]
        path = join(prefix, f.name)
        inner = _strip_optional(tp)
        item = typing.get_args(inner)[0] if typing.get_origin(inner) is tuple else None
        if f.default is not dataclasses.MISSING:
            default = "`" + _yaml_scalar(as_plain(f.default)) + "`"
        elif f.default_factory is not dataclasses.MISSING:
            made = f.default_factory()
            default = "see below" if dataclasses.is_dataclass(made) else "`" + _yaml_scalar(as_plain(made)) + "`"
        else:
            default = "required"
        yield path, _short_type(tp), default, f.metadata.get("doc", "")
        if dataclasses.is_dataclass(inner):
            yield from reference(inner, path)
        elif item is not None and dataclasses.is_dataclass(item):
            yield from reference(item, path + "[]")


def _strip_optional(tp: Any) -> Any:
    if typing.get_origin(tp) in (Union, types.UnionType):
        return [a for a in typing.get_args(tp) if a is not type(None)][0]
    return tp


def _short_type(tp: Any) -> str:
    optional = typing.get_origin(tp) in (Union, types.UnionType)
    tp = _strip_optional(tp)
    origin = typing.get_origin(tp)
    if origin is Literal:
        name = " \\| ".join(str(a) for a in typing.get_args(tp))
    elif origin is tuple:
        name = "list of " + _short_type(typing.get_args(tp)[0])
    elif origin is dict:
        name = "map of " + _short_type(typing.get_args(tp)[1])
    elif dataclasses.is_dataclass(tp):
        name = "mapping"
    else:
        name = {int: "integer", float: "number", str: "string", bool: "boolean"}.get(tp, str(tp))
    return name + (" (optional)" if optional else "")


def _yaml_scalar(value: Any) -> str:
    if value == "":
        return '""'
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_yaml_scalar(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {_yaml_scalar(v)}" for k, v in value.items() if v not in (None, {}, [])) + "}"
    return str(value)

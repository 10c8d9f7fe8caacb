"""One sentence per problem: field path as the user wrote it, the bad value, what is allowed.

pydantic reports an error as a location tuple (``('services', 1, 'port')``) and a type
(``less_than_equal``). :func:`field_problems` walks the model along that location to find
the field's type and bounds, and writes ``services[1].port: 70000 is out of range;
allowed: between 1 and 65535``. Rules spanning fields (``rules.py``) produce the same
``(location, sentence)`` pairs, so every message is formatted by :func:`format_problem`.
"""
from __future__ import annotations

import enum
import types
import typing
from dataclasses import dataclass
from typing import Annotated, Any, Literal, Union

import annotated_types
from pydantic import BaseModel
from pydantic.fields import FieldInfo

from inference_platform.credentials import redact
from inference_platform.kube_names import INVALID

__all__ = ["DescriptionError", "Loc", "Problem", "RULES", "field_problems", "format_problem", "path_of", "show"]

Loc = tuple[str | int, ...]
#: (location, the sentence after "path: ")
Problem = tuple[Loc, str]
#: Error type a model raises when its own rules fail below the top level; the top level
#: recomputes those over the raw data (see ``base.py``), so these are never shown as such.
RULES = "description_rules"


class DescriptionError(Exception):
    """The platform description is invalid; ``problems`` lists every problem found.

    Not a ``ValueError``: pydantic would wrap one raised during validation into its own error.
    """

    def __init__(self, problems: list[str], located: list[Problem] | None = None):
        self.problems = list(problems)
        #: the same problems as (location, sentence), for re-rooting environment problems
        self.located = list(located or [])
        count = len(self.problems)
        head = f"the platform description has {count} problem{'s' if count != 1 else ''}:"
        super().__init__("\n".join([head, *(f"  - {p}" for p in self.problems)]))

    @classmethod
    def of(cls, located: list[Problem]) -> "DescriptionError":
        return cls([format_problem(p) for p in located], located)


def path_of(loc: Loc) -> str:
    out = ""
    for seg in loc:
        out += f"[{seg}]" if isinstance(seg, int) else (f".{seg}" if out else str(seg))
    return out or "<top level>"


def format_problem(problem: Problem) -> str:
    return f"{path_of(problem[0])}: {problem[1]}"


def show(value: Any) -> str:
    """A bad value for a message: its repr, long structures shortened, credentials masked (messages reach CI logs)."""
    text = redact(repr(value))
    return text if len(text) <= 80 else text[:77] + "..."


# ------------------------------------------------------------------ types along a location


def unwrap(tp: Any) -> tuple[Any, list[Any], bool]:
    """(bare type, Annotated metadata, optional) of a field annotation."""
    meta: list[Any] = []
    optional = False
    while True:
        if typing.get_origin(tp) is Annotated:
            args = typing.get_args(tp)
            tp = args[0]
            for m in args[1:]:
                meta.extend(m.metadata if isinstance(m, FieldInfo) else [m])
        elif _is_union(tp) and type(None) in typing.get_args(tp):
            rest = [a for a in typing.get_args(tp) if a is not type(None)]
            optional = True
            if len(rest) != 1:
                return Union[tuple(rest)], meta, optional
            tp = rest[0]
        else:
            return tp, meta, optional


def field_type(field: FieldInfo) -> Any:
    return Annotated[(field.annotation, *field.metadata)] if field.metadata else field.annotation


def is_model(tp: Any) -> bool:
    return isinstance(tp, type) and issubclass(tp, BaseModel)


def _is_union(tp: Any) -> bool:
    return typing.get_origin(tp) in (Union, types.UnionType)


@dataclass
class Located:
    loc: Loc  # the location as the user wrote it (no union tags, no '[key]')
    type: Any = None  # the annotation there (None when unknown)
    parent: type[BaseModel] | None = None  # the model holding the last key
    union: Any = None  # the union annotation the error went through, if any
    union_loc: Loc = ()
    key: Any = None  # a mapping key that failed, if any


def locate(root: type[BaseModel], loc: Loc) -> Located:
    out = Located(())
    tp: Any = root
    clean: list[str | int] = []
    i = 0
    while i < len(loc):
        seg = loc[i]
        base = unwrap(tp)[0] if tp is not None else None
        origin = typing.get_origin(base)
        if is_model(base):
            out.parent = base
            field = base.model_fields.get(seg) if isinstance(seg, str) else None
            tp = field_type(field) if field else None
            clean.append(seg)
        elif origin in (tuple, list):
            tp = typing.get_args(base)[0]
            clean.append(seg)
        elif origin is dict:
            if i + 1 < len(loc) and loc[i + 1] == "[key]":
                out.key, tp = seg, typing.get_args(base)[0]
                break
            tp = typing.get_args(base)[1]
            clean.append(seg)
        elif _is_union(base):
            if out.union is None:
                out.union, out.union_loc = tp, tuple(clean)
            members = [a for a in typing.get_args(base) if getattr(unwrap(a)[0], "__name__", None) == seg]
            tp = members[0] if members else None
        else:
            tp = None
            clean.append(seg)
        i += 1
    out.loc, out.type = tuple(clean), tp
    return out


# ------------------------------------------------------------------ sentences


def describe(tp: Any) -> str:
    """What a type accepts, as words: 'an integer', "one of 'a', 'b'", 'a list'."""
    base, _, optional = unwrap(tp)
    origin = typing.get_origin(base)
    if _is_union(base):
        text = " or ".join(describe(a) for a in typing.get_args(base))
    elif origin is Literal:
        text = "one of " + ", ".join(repr(a) for a in typing.get_args(base))
    elif isinstance(base, type) and issubclass(base, enum.Enum):
        text = "one of " + ", ".join(repr(m.value) for m in base)
    elif origin in (tuple, list):
        text = "a list"
    elif origin is dict or is_model(base):
        text = "a mapping"
    else:
        text = {int: "an integer", float: "a number", str: "a string", bool: "true or false"}.get(base, str(base))
    return text + (" or null" if optional else "")


def number(value: Any) -> Any:
    """A bound as written in a message: 1e9 as 1000000000, 0.5 as 0.5."""
    return int(value) if isinstance(value, float) and value.is_integer() else value


def bounds(tp: Any) -> str:
    """The allowed range of a number field: 'between 1 and 65535', 'greater than 0 and at most 1000000000'."""
    base = unwrap(tp)[0]
    low = high = None
    low_text = high_text = ""
    for m in unwrap(tp)[1]:
        if isinstance(m, annotated_types.Ge) or (isinstance(m, annotated_types.Gt) and base is int):
            low = m.ge if isinstance(m, annotated_types.Ge) else m.gt + 1
            low_text = f"at least {number(low)}"
        elif isinstance(m, annotated_types.Gt):
            low = m.gt
            low_text = f"greater than {number(low)}"
        elif isinstance(m, annotated_types.Le) or (isinstance(m, annotated_types.Lt) and base is int):
            high = m.le if isinstance(m, annotated_types.Le) else m.lt - 1
            high_text = f"at most {number(high)}"
        elif isinstance(m, annotated_types.Lt):
            high = m.lt
            high_text = f"less than {number(high)}"
    if low_text.startswith("at least") and high_text.startswith("at most"):
        return f"between {number(low)} and {number(high)}"
    return " and ".join(t for t in (low_text, high_text) if t)


_YAML_HINT = {bool: "YAML reads unquoted yes/no/on/off/true/false as a boolean", int: "YAML read a number",
              float: "YAML read a number (1.30 becomes 1.3)"}


def sentence(err: dict, where: Located) -> str:
    kind, value, ctx = err["type"], err.get("input"), err.get("ctx") or {}
    shown = show(value)
    if kind == "missing":
        return f"required; expected {describe(where.type)}"
    if kind == "extra_forbidden":
        allowed = ", ".join(where.parent.model_fields) if where.parent else "none"
        return f"unknown key; allowed keys here: {allowed}"
    if kind == INVALID:
        return f"{shown} {err['msg']}"
    if kind == "invalid_key":
        return f"key {shown} is not a string; quote it"
    if kind == "string_type" and value is None:
        return "None is not a string; the key has no value (YAML reads an empty value as null)"
    if kind == "string_type":
        hint = _YAML_HINT.get(type(value))
        return f"{shown} is not a string; {hint}: quote it" if hint else f"{shown} is not a string"
    if kind == "int_type":
        if isinstance(value, str) and value.strip().lstrip("-").isdigit():
            if len(value.strip().lstrip("-")) > 1 and value.strip().lstrip("-").startswith("0"):
                return (f"{shown} is not an integer; YAML 1.1 reads a number with a leading zero that is no octal "
                        f"(a digit 8 or 9) as a string: write {int(value)}")
            return f"{shown} is not an integer; write it without quotes"
        return f"{shown} is not an integer"
    simple = {"float_type": "a number", "bool_type": "true or false", "tuple_type": "a list", "list_type": "a list",
              "iterable_type": "a list", "dict_type": "a mapping", "model_type": "a mapping",
              "model_attributes_type": "a mapping"}
    if kind in simple:
        return f"{shown} is not {simple[kind]}"
    if kind in ("literal_error", "enum"):
        return f"{shown} is not allowed; expected {describe(where.type)}"
    if kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        return f"{shown} is out of range; allowed: {bounds(where.type)}"
    if kind == "too_short":
        return f"needs at least {ctx.get('min_length')} item(s)"
    if kind == "too_long":
        return f"has {ctx.get('actual_length')} items; at most {ctx.get('max_length')} allowed"
    if kind in ("string_too_long", "string_too_short"):
        return f"{shown} is not allowed; {err['msg'].replace('String should', 'it must')}"
    return f"{shown} is not valid: {err['msg']}"


def _has_item_errors(loc: Loc, errors: list[dict]) -> bool:
    """pydantic counts only valid items for min_length: a list whose items failed is not too short."""
    return any(len(e["loc"]) > len(loc) and tuple(e["loc"][:len(loc)]) == tuple(loc) for e in errors)


def field_problems(root: type[BaseModel], errors: list[dict]) -> list[Problem]:
    """One problem per pydantic error (one per value for unions), rule errors left out."""
    out: list[Problem] = []
    unions: set[Loc] = set()
    # A value of the right kind for one arm of a union (a string too long, a mapping missing a key)
    # gets that arm's own sentence instead of "is not a string or a mapping".
    specific = set()
    for err in errors:
        where = locate(root, err["loc"])
        if where.union is not None and (err["type"] == INVALID or len(where.loc) > len(where.union_loc)):
            specific.add(where.union_loc)
    for err in errors:
        if err["type"] == RULES or (err["type"] == "too_short" and _has_item_errors(err["loc"], errors)):
            continue
        where = locate(root, err["loc"])
        if where.union is not None and where.union_loc in specific:
            if err["type"] == INVALID or len(where.loc) > len(where.union_loc):
                out.append((where.loc, sentence(err, where)))
            continue
        if where.union is not None:
            if where.union_loc not in unions:
                unions.add(where.union_loc)
                hint = _YAML_HINT.get(type(err.get("input"))) if type(err.get("input")) is bool else None
                out.append((where.union_loc, f"{show(err.get('input'))} is not {describe(where.union)}"
                                             + (f"; {hint}: quote it" if hint and "string" in describe(where.union) else "")))
            continue
        if err["type"] == "invalid_key":
            out.append((where.loc[:-1], sentence({**err, "input": err["loc"][-1]}, where)))
            continue
        if where.key is not None:
            out.append((where.loc, "key " + sentence(err, where)))
            continue
        out.append((where.loc, sentence(err, where)))
    return out

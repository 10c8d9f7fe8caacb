"""The description's base model: strict, frozen, every problem reported at once.

Field checks (types, bounds, names) are pydantic's. Rules that relate fields
(``min_replicas <= max_replicas``, weights sum to 100, namespaces declared, ...) are
methods marked :func:`rule`, yielding ``(location relative to the object, sentence)``.

pydantic skips a model's validators when any of its fields failed, so a wrong port would
hide an undeclared namespace. Therefore, when the top-level validation fails, one explicit
second pass (:func:`partial`) rebuilds the object tree from the raw data with every field
validated on its own; a field that failed is the :data:`POISON` value, and a rule that
touches it is skipped (:class:`Skip`) while every other rule still runs.

The top-level model (the one the caller validates or constructs) raises
:class:`DescriptionError`, not pydantic's ``ValidationError``, for files and Python alike.
"""
from __future__ import annotations

import contextlib
import functools
import typing
from collections.abc import Iterator, Mapping
from contextvars import ContextVar
from typing import Any, Callable

from pydantic import BaseModel, ConfigDict, Strict, TypeAdapter, ValidationError, model_validator
from pydantic_core import PydanticCustomError

from inference_platform.description.errors import (RULES, DescriptionError, Loc, Problem, field_problems, is_model,
                                                   unwrap)

__all__ = ["Model", "rule", "each_valid", "Skip", "POISON", "partial", "Items", "strings"]

#: YAML lists read as tuples: lists are not tuples, so these sequences are lax (items stay strict).
T = typing.TypeVar("T")
Items = typing.Annotated[tuple[T, ...], Strict(False)]

#: How deep the current validation is: only the outermost model turns errors into sentences.
_DEPTH: ContextVar[int] = ContextVar("description_depth", default=0)


class Skip(Exception):
    """A rule touched a value that failed its own field check: skip that rule."""


class _Poison:
    """Stands for a field value that failed validation; any use of it skips the rule."""

    def _skip(self, *args: Any, **kwargs: Any) -> Any:
        raise Skip

    __getattr__ = __getitem__ = __iter__ = __len__ = __bool__ = __hash__ = __eq__ = __ne__ = _skip
    __lt__ = __le__ = __gt__ = __ge__ = __add__ = __radd__ = __sub__ = __rsub__ = __mul__ = __rmul__ = _skip
    __int__ = __index__ = __str__ = __format__ = __contains__ = _skip

    def __repr__(self) -> str:
        return "<invalid>"


POISON = _Poison()


def rule(fn: Callable[[Any], Iterator[tuple[Loc | str, str]]]) -> Callable[[Any], Iterator[tuple[Loc | str, str]]]:
    """Mark a method as a rule: it yields (field name or relative location, sentence) per problem."""
    fn.__description_rule__ = True  # type: ignore[attr-defined]
    return fn


def strings(value: Any, loc: Loc = (), *, skip: frozenset[str] = frozenset()) -> list[tuple[Loc, str]]:
    """Every string below ``value`` (a model, list, mapping or string), keys included, with its location.

    Invalid parts (:data:`POISON`) are left out; ``skip`` names fields of the top model not walked.
    """
    out: list[tuple[Loc, str]] = []

    def walk(value: Any, loc: Loc) -> None:
        if isinstance(value, str):
            out.append((loc, value))
        elif isinstance(value, BaseModel):
            fields = type(value).model_fields
            for name, item in vars(value).items():  # a model's fields, as pydantic stores them
                if item is not None and item is not POISON and not isinstance(item, (bool, int, float)):
                    walk(item, loc + ((fields[name].alias or name) if name in fields else name,))
        elif isinstance(value, (tuple, list)):
            for i, item in enumerate(value):
                walk(item, loc + (i,))
        elif isinstance(value, Mapping):
            for key, item in value.items():
                if isinstance(key, str):
                    out.append((loc + (key,), key))
                walk(item, loc + (key,))

    if isinstance(value, BaseModel):
        for name, item in vars(value).items():
            if name not in skip and item is not POISON:
                walk(item, loc + (name,))
    elif value is not POISON:
        walk(value, loc)
    return out


def each_valid() -> contextlib.suppress:
    """``with each_valid():`` around one item of a loop skips just that item when it is invalid."""
    return contextlib.suppress(Skip)


@functools.cache
def _rules_of(cls: type) -> tuple[Callable, ...]:
    seen: dict[str, Callable] = {}
    for klass in reversed(cls.__mro__):
        for name, value in vars(klass).items():
            if getattr(value, "__description_rule__", False):
                seen[name] = value
    return tuple(seen.values())


def run_rules(obj: BaseModel, loc: Loc = ()) -> list[Problem]:
    out: list[Problem] = []
    for fn in _rules_of(type(obj)):
        try:
            found = list(fn(obj))
        except Skip:
            continue
        out += [(loc + ((rel,) if isinstance(rel, str) else tuple(rel)), text) for rel, text in found]
    return out


class Model(BaseModel):
    """Strict (no '1' -> 1), frozen, unknown keys rejected; see the module docstring."""

    model_config = ConfigDict(extra="forbid", frozen=True, strict=True, hide_input_in_errors=False)

    @model_validator(mode="wrap")
    @classmethod
    def _validate_everything(cls, data: Any, handler: Callable[[Any], Any]) -> Any:
        if isinstance(data, cls):
            return data  # validated when it was made
        depth = _DEPTH.get()
        token = _DEPTH.set(depth + 1)
        try:
            obj = handler(data)
        except ValidationError as err:
            if depth:
                raise
            raise DescriptionError.of(report(cls, data, err)) from None
        finally:
            _DEPTH.reset(token)
        problems = run_rules(obj)
        if not problems and not depth:
            problems = obj._check_whole()
        if problems:
            if depth:
                raise PydanticCustomError(RULES, "{count} rule(s) failed", {"count": len(problems)})
            raise DescriptionError.of(problems)
        return obj

    def _check_whole(self) -> list[Problem]:
        """Checks of the outermost, fully valid object (the Platform resolves its environments)."""
        return []

    def model_copy(self, *, update: Mapping[str, Any] | None = None, deep: bool = False) -> "Model":
        """pydantic's copy, without what its ``functools.cached_property`` attributes computed for the
        original (pydantic copies ``__dict__`` whole: an updated copy would keep stale ones)."""
        copied = super().model_copy(update=update, deep=deep)
        for name in _cached_properties(type(self)):
            copied.__dict__.pop(name, None)
        return copied


@functools.cache
def _cached_properties(cls: type) -> tuple[str, ...]:
    return tuple(name for klass in cls.__mro__ for name, value in vars(klass).items()
                 if isinstance(value, functools.cached_property))


def validate_top(cls: type[Model], data: Any) -> Model:
    """Validate ``data`` as ``cls`` as the outermost object, even inside another validation."""
    token = _DEPTH.set(0)
    try:
        return cls.model_validate(data)
    finally:
        _DEPTH.reset(token)


def report(cls: type[Model], data: Any, err: ValidationError) -> list[Problem]:
    """Field problems, then every rule that can still run (the second pass)."""
    rules: list[Problem] = []
    partial(cls, data, (), rules)
    return field_problems(cls, err.errors()) + rules


# ------------------------------------------------------------------ the second pass


@functools.cache
def field_adapter(cls: type[BaseModel], name: str) -> TypeAdapter:
    """A strict validator of field ``name`` of ``cls`` alone."""
    field = cls.model_fields[name]
    tp = typing.Annotated[(field.annotation, *field.metadata)] if field.metadata else field.annotation
    return TypeAdapter(tp, config=ConfigDict(strict=True))


def partial(cls: type[BaseModel], raw: Any, loc: Loc, problems: list[Problem]) -> Any:
    """``raw`` as a ``cls`` whose invalid fields are POISON; appends the problems of every rule."""
    if isinstance(raw, cls):
        return raw
    if not isinstance(raw, Mapping):
        return POISON
    # A missing required field is reported by the first pass; here it poisons the rules that read it.
    values = {name: POISON for name, field in cls.model_fields.items() if field.is_required()}
    # A field is written under its alias where it has one (``from``, a Python keyword).
    values.update({name: _partial_value(cls, name, raw[key], loc + (key,), problems)
                   for name, field in cls.model_fields.items() if (key := field.alias or name) in raw})
    obj = cls.model_construct(**values)
    problems += run_rules(obj, loc)
    return obj


def _partial_value(cls: type[BaseModel], name: str, value: Any, loc: Loc, problems: list[Problem]) -> Any:
    base, _, optional = unwrap(cls.model_fields[name].annotation)
    if value is None and optional:
        return None
    if is_model(base):
        return partial(base, value, loc, problems)
    args = typing.get_args(base)
    if typing.get_origin(base) is tuple and args and is_model(args[0]):
        if not isinstance(value, (list, tuple)):
            return POISON
        return tuple(partial(args[0], item, loc + (i,), problems) for i, item in enumerate(value))
    try:
        return field_adapter(cls, name).validate_python(value)
    except ValidationError:
        return POISON

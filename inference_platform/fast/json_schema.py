"""jsonschema_rs where its verdict equals python jsonschema's: valid documents pass in microseconds.

Two engines, one verdict. python ``jsonschema`` reports the findings (every error, with the
messages and paths users see) but costs ~0.4 ms a document, ~20 s CPU for a 1000-service tree.
So each schema is also compiled by ``jsonschema_rs`` (same schema, same ``_definitions.json``
registry, formats off like python's), which decides that tree in a fraction of a second. Rust
only ever answers "valid": a document it accepts gets no findings without asking python; any
other (rejected, or not convertible to JSON: dates, bytes, non-string keys) goes to python,
which reports exactly what it always did. That is sound where a Rust "valid" implies a python
"valid", so Rust is left out (python alone, silently) for a schema it cannot compile and for
one the two read differently: a ``pattern`` outside the regex syntax both engines share
(``\\D``, ``\\w``, POSIX and nested classes, inline flags differ) or one Python's ``re`` cannot
compile (its error must surface as before), and any ``multipleOf`` (floats are divided
differently). The differences left make Rust the stricter one (``$`` before a final newline,
``.`` and ``\\r``, NaN), which only sends a document to python. ``tests/fast/test_json_schema.py``
compares the two verdicts on every committed manifest, mutations of them and every keyword of
the pinned CRDs.
"""
from __future__ import annotations

import dataclasses
import re
from typing import Any, Iterator

import jsonschema
import jsonschema_rs

__all__ = ["SchemaValidator", "engines_agree"]

# Regular-expression syntax Python's ``re`` and Rust's regex read alike: literal characters,
# escaped ASCII punctuation, ``\xHH``, bracket classes of those (no nested ``[``, no ``&&``,
# ``--``, ``~~``, which Rust reads as set operations), groups, ``(?:``, ``|``, ``^``, ``$``,
# ``.``, and one greedy or lazy quantifier after an atom. Letter escapes are out: ``\d``,
# ``\w``, ``\s``, ``\b`` are Unicode-aware in Python and ASCII in jsonschema_rs (ECMA 262).
_ESCAPE = r"\\(?:[!-/:-@\[-`{-~]|x[0-9A-Fa-f]{2})"
_ATOM = rf"(?:{_ESCAPE}|\[\^?(?:{_ESCAPE}|(?!&&|--|~~)[^\\\[\]])+\]|\((?:\?:)?(?!\?)|[^\\\[\]{{}}(*+?])"
_PORTABLE_PATTERN = re.compile(rf"(?:{_ATOM}(?:[*+?]|\{{\d+(?:,\d*)?\}})?\??)*")


def _portable(pattern: str) -> bool:
    """Whether ``pattern`` matches the same strings in both engines; one Python's ``re`` cannot
    compile is not: python jsonschema must still raise on it as it did before Rust."""
    if not _PORTABLE_PATTERN.fullmatch(pattern):
        return False
    try:
        re.compile(pattern)
    except re.error:
        return False
    return True


def engines_agree(schema: Any) -> bool:
    """Whether jsonschema_rs accepts only what python jsonschema accepts, keyword by keyword.

    Conservative: a ``pattern`` string or numeric ``multipleOf`` counts wherever it sits, even
    inside an ``enum`` value. ``multipleOf`` is out altogether (no pinned schema has one): the
    engines divide floats differently.
    """
    todo = [schema]
    while todo:
        node = todo.pop()
        if isinstance(node, dict):
            pattern = node.get("pattern")
            if isinstance(pattern, str) and not _portable(pattern):
                return False
            if isinstance(node.get("multipleOf"), (int, float)):
                return False
            keyed = node.get("patternProperties")
            if isinstance(keyed, dict) and not all(map(_portable, keyed)):
                return False
            todo.extend(node.values())
        elif isinstance(node, list):
            todo.extend(node)
    return True


@dataclasses.dataclass(frozen=True, eq=False)
class SchemaValidator:
    """One schema, compiled for both engines: jsonschema_rs passes valid documents, python
    jsonschema reports the errors of the others (see the module docstring).

    ``fast`` is None when jsonschema_rs cannot compile the schema or may read it differently;
    every document then goes to ``python``.
    """

    python: jsonschema.Draft202012Validator
    fast: jsonschema_rs.Draft202012Validator | None

    @classmethod
    def of(cls, python: jsonschema.Draft202012Validator,
           registry: jsonschema_rs.Registry | None) -> "SchemaValidator":
        """``python`` plus jsonschema_rs's validator of the same schema over ``registry`` (the
        same definitions as python's), when it compiles and reads the schema alike."""
        fast = None
        if registry is not None and engines_agree(python.schema):
            try:
                fast = jsonschema_rs.Draft202012Validator(python.schema, registry=registry,
                                                          validate_formats=False, offline=True)
            except Exception:  # e.g. a schema its metaschema rejects: python alone decides, as before
                pass
        return cls(python, fast)

    def passes(self, instance: Any) -> bool:
        """True only when jsonschema_rs accepts ``instance``, so python would report nothing."""
        if self.fast is None:
            return False
        try:
            return self.fast.is_valid(instance)
        except Exception:  # a YAML value JSON lacks (date, bytes, set, int key): python decides
            return False

    def iter_errors(self, instance: Any) -> Iterator[jsonschema.ValidationError]:
        """python jsonschema's errors of ``instance``; none, without asking it, when it passes."""
        if not self.passes(instance):
            yield from self.python.iter_errors(instance)

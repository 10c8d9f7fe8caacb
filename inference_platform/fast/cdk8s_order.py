"""cdk8s's output form for plain documents: key order and sanitising as ``ApiObject.to_json()`` does them.

The one place tied to cdk8s-core's private ``sanitizeValue`` (``src/_util.ts``) and to
``ApiObject.toJson`` (``src/api-object.ts``): mappings sorted by key as JavaScript's
``Array.sort()`` sorts strings (UTF-16 code units), in a new JavaScript object (which lists
integer-like keys first, ascending), ``null``/``undefined`` values dropped; ``apiVersion``,
``kind`` and ``metadata`` first, then the other top-level fields. :func:`api_object` builds a
service's documents in that form, so the synth writes them without a jsii round trip and
:class:`constructs.ai_service.AiService` can hand them to cdk8s unchanged.

``tests/fast/test_cdk8s_order.py`` compares it with cdk8s's own ``to_json()`` of generated
objects (keys that are array indices, non-ASCII, astral, empty; ``None`` values); re-run it
when upgrading cdk8s.
"""
from __future__ import annotations

import re
from typing import Any

__all__ = ["api_object", "sanitize"]

_ARRAY_INDEX = re.compile(r"(0|[1-9][0-9]{0,9})\Z")


def _js_key_order(key: str) -> tuple:
    """Where a key lands in a JavaScript object built in sorted order (what cdk8s renders).

    cdk8s sorts keys with ``Array.sort()`` (UTF-16 code units) and builds a new object; a
    JavaScript object lists integer-like keys (array indices) first, ascending by value.
    """
    if _ARRAY_INDEX.match(key) and int(key) < 2**32 - 1:
        return (0, int(key), b"")
    return (1, 0, key.encode("utf-16-be", "surrogatepass"))


def _ordered(keys) -> list[str]:
    out = sorted(keys)
    # Plain sorting is JavaScript's order unless a key may be an array index (it sorts before
    # ":") or holds a character outside ASCII (UTF-16 code units differ from code points).
    if out and (out[0][:1] <= "9" or not all(map(str.isascii, out))):
        out.sort(key=_js_key_order)
    return out


def sanitize(value: Any) -> Any:
    """cdk8s's ``sanitizeValue``: mappings sorted by key (JavaScript's order), ``None`` values dropped."""
    kind = type(value)
    if kind is dict:
        return {key: sanitize(value[key]) for key in _ordered(value) if value[key] is not None}
    if kind is list or kind is tuple:
        return [sanitize(v) for v in value]
    if isinstance(value, dict):
        return sanitize(dict(value))
    return value


def _metadata(name: str, namespace: str | None, labels: dict[str, str] | None,
              annotations: dict[str, str] | None) -> dict:
    meta: dict[str, Any] = {"name": name}
    if namespace is not None:
        meta["namespace"] = namespace
    if annotations:
        meta["annotations"] = annotations
    if labels:
        meta["labels"] = labels
    return sanitize(meta)


def api_object(api_version: str, kind: str, *, name: str, namespace: str | None = None,
               labels: dict[str, str] | None = None, annotations: dict[str, str] | None = None,
               **fields: Any) -> dict:
    """One object as cdk8s's ``ApiObject.to_json()`` renders it.

    ``apiVersion``, ``kind``, ``metadata`` first, then the other top-level fields by key;
    every mapping below sorted by key and without ``None`` values; empty labels/annotations
    left out of the metadata. ``labels`` are the object's complete labels (the Chart's
    included: cdk8s puts a Chart's labels on every object in it).
    """
    doc: dict[str, Any] = {"apiVersion": api_version, "kind": kind,
                           "metadata": _metadata(name, namespace, labels, annotations)}
    for key in _ordered(fields):
        if fields[key] is not None:
            doc[key] = sanitize(fields[key])
    return doc

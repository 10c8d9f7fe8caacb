"""A service's ``patches`` applied to its generated objects: strategic merge and RFC 6902, and what they may not touch.

:func:`apply_patches` is the one place patches act: :func:`~.ai_service.ai_service` applies them to the
documents it built (so dist/, the render cache and the per-service tests all see the result), and the
synth asks :func:`patch_problems` first, so a patch that matches nothing, cannot be applied or changes
what the platform owns is refused with its path before anything is written.

What the platform owns, on every object: ``apiVersion``, ``kind``, ``metadata.name`` and ``namespace``
(the names it derives), the labels and annotations Istio, the GitOps engines and the platform key on
(``app``, ``version``, ``app.kubernetes.io/*`` it sets, ``*.istio.io/*`` including sidecar injection and
``traffic.sidecar.istio.io/*``, the server annotation the gate reads), in the object's metadata and its
pod template's, and the fields that select or address: ``spec.selector``, ``spec.podSelector``,
``spec.scaleTargetRef``, ``spec.host``, ``spec.hosts`` and ``spec.gateways``.
"""
from __future__ import annotations

import copy
from typing import Any, Iterator

from inference_platform.contract import POD_SERVER_ANNOTATION
from inference_platform.description.errors import Loc, Problem, show
from inference_platform.description.patches import Patch
from inference_platform.fast.cdk8s_order import api_object, sanitize
from inference_platform.kube_names import owned_label

__all__ = ["apply_patches", "patch_problems", "PatchError", "OWNED_FIELDS"]

#: Fields that select or address objects: a patch leaves them as generated.
OWNED_FIELDS = (("apiVersion",), ("kind",), ("metadata", "name"), ("metadata", "namespace"),
                ("spec", "selector"), ("spec", "podSelector"), ("spec", "scaleTargetRef"), ("spec", "host"),
                ("spec", "hosts"), ("spec", "gateways"))
#: Labels and annotations the platform sets and others select on, besides those :func:`owned_label` names.
_PLATFORM_KEYS = {"app": "the platform (Services, policies and autoscalers select on it)",
                  "version": "the platform (the DestinationRule's subsets select on it)",
                  "app.kubernetes.io/name": "the platform (the service's name)",
                  "app.kubernetes.io/version": "the platform (the version's name)",
                  POD_SERVER_ANNOTATION: "the platform (the gate checks the pod against that server's preset)"}
#: Strategic merge keys of the lists Kubernetes merges item by item (its patchMergeKey), by field name.
_MERGE_KEYS = {"containers": ("name",), "initContainers": ("name",), "ephemeralContainers": ("name",),
               "env": ("name",), "volumes": ("name",), "volumeMounts": ("mountPath",),
               "ports": ("containerPort", "port"), "imagePullSecrets": ("name",), "hostAliases": ("ip",)}


class PatchError(ValueError):
    """A patch cannot be applied: its location inside the patch and a sentence."""

    def __init__(self, loc: Loc, text: str) -> None:
        super().__init__(text)
        self.loc, self.text = loc, text


# ------------------------------------------------------------------ applying


def apply_patches(docs: list[dict], patches: tuple[Patch, ...]) -> list[dict]:
    """``docs`` with each patch applied in order; raises :class:`PatchError` (located in ``patches``)."""
    if not patches:
        return docs
    out = list(docs)
    for k, patch in enumerate(patches):
        where = [i for i, d in enumerate(out)
                 if d["kind"] == patch.target.kind and d["metadata"]["name"] == patch.target.name]
        if not where:
            objects = ", ".join(f"{d['kind']} {d['metadata']['name']}" for d in out)
            raise PatchError((k, "target"), f"{patch.target.kind} {show(patch.target.name)} is not an object of this "
                                            f"service; its objects: {objects}")
        before = out[where[0]]
        try:
            if patch.merge is not None:
                after = _merge(copy.deepcopy(before), patch.merge)
            else:
                after = copy.deepcopy(before)
                for j, op in enumerate(patch.json_patch or ()):
                    try:
                        after = _json_op(after, op.op, op.path, op.value, op.from_)
                    except PatchError as err:
                        raise PatchError(("json_patch", j, *err.loc), err.text) from None
        except PatchError as err:
            raise PatchError((k, *err.loc), err.text) from None
        if not isinstance(after, dict):
            raise PatchError((k,), f"leaves {patch.target.kind} {patch.target.name} without an object")
        for path, text in _owned_changes(before, after):
            raise PatchError((k, "merge" if patch.merge is not None else "json_patch"),
                             f"changes {path} of {patch.target.kind} {patch.target.name}, which {text}; a patch "
                             "cannot change it")
        out[where[0]] = _in_cdk8s_form(after)
    return out


def patch_problems(docs: list[dict], patches: tuple[Patch, ...]) -> list[Problem]:
    """The problem :func:`apply_patches` would raise, as ``(location in patches, sentence)``; [] when they apply."""
    try:
        apply_patches(docs, patches)
    except PatchError as err:
        return [(err.loc, err.text)]
    return []


def _in_cdk8s_form(doc: dict) -> dict:
    meta = doc.get("metadata") or {}
    rest = {k: v for k, v in doc.items() if k not in ("apiVersion", "kind", "metadata")}
    extra = {k: v for k, v in meta.items() if k not in ("name", "namespace", "labels", "annotations")}
    out = api_object(doc["apiVersion"], doc["kind"], name=meta["name"], namespace=meta.get("namespace"),
                     labels=meta.get("labels"), annotations=meta.get("annotations"), **rest)
    if extra:  # metadata beyond what the platform writes (finalizers, ...), in the same order rules
        out["metadata"] = sanitize({**out["metadata"], **extra})
    return out


# ------------------------------------------------------------------ what the platform owns


_DERIVED = "names, places or selects objects, and the platform derives it from the description"


def _owned(doc: dict) -> Iterator[tuple[str, Any, str]]:
    """(field path, value, why it is owned) of everything a patch must leave as generated."""
    for path in OWNED_FIELDS:
        value: Any = doc
        for key in path:
            value = value.get(key) if isinstance(value, dict) else None
        yield ".".join(path), value, _DERIVED
    template = ((doc.get("spec") or {}).get("template") or {}) if isinstance(doc.get("spec"), dict) else {}
    for where, meta in (("metadata", doc.get("metadata")), ("spec.template.metadata", template.get("metadata"))):
        for field in ("labels", "annotations"):
            values = (meta or {}).get(field) if isinstance(meta, dict) else None
            for key in sorted(values or {}) if isinstance(values, dict) else ():
                owner = _owner(key)
                if owner:
                    yield f"{where}.{field}.{key}", values[key], f"is set by {owner}"


def _owner(key: str) -> str | None:
    return _PLATFORM_KEYS.get(key) or owned_label(key)


def _owned_changes(before: dict, after: dict) -> Iterator[tuple[str, str]]:
    old = {path: (value, why) for path, value, why in _owned(before)}
    new = {path: (value, why) for path, value, why in _owned(after)}
    for path in sorted(old.keys() | new.keys()):
        if old.get(path, (None,))[0] != new.get(path, (None,))[0]:
            yield path, (old.get(path) or new[path])[1]


# ------------------------------------------------------------------ strategic merge


def _merge(target: Any, patch: Any, loc: Loc = ("merge",)) -> Any:
    """Kubernetes' strategic merge for the lists in :data:`_MERGE_KEYS`, a JSON merge patch elsewhere."""
    if not isinstance(patch, dict):
        return copy.deepcopy(patch)
    if patch.get("$patch") == "replace":
        return {k: copy.deepcopy(v) for k, v in patch.items() if k != "$patch"}
    out = dict(target) if isinstance(target, dict) else {}
    for key, value in patch.items():
        if key == "$patch":
            raise PatchError(loc, f"$patch: {show(value)} is not supported here; use replace on a mapping or "
                                  "delete on an item of a merged list")
        if value is None:
            out.pop(key, None)
        elif isinstance(value, list) and isinstance(out.get(key), list) and key in _MERGE_KEYS:
            out[key] = _merge_list(out[key], value, _MERGE_KEYS[key], (*loc, key))
        elif isinstance(value, dict):
            out[key] = _merge(out.get(key), value, (*loc, key))
        else:
            out[key] = copy.deepcopy(value)
    return out


def _merge_list(items: list, patch: list, keys: tuple[str, ...], loc: Loc) -> list:
    out = list(items)
    for i, item in enumerate(patch):
        key = next((k for k in keys if isinstance(item, dict) and k in item), None)
        if key is None:
            raise PatchError((*loc, i), f"an item of this list needs its merge key ({' or '.join(keys)})")
        match = next((j for j, old in enumerate(out) if isinstance(old, dict) and old.get(key) == item[key]), None)
        if item.get("$patch") == "delete":
            if match is None:
                raise PatchError((*loc, i), f"deletes {key} {show(item[key])}, which the list does not have")
            del out[match]
        elif match is None:
            out.append({k: v for k, v in item.items() if k != "$patch"})
        else:
            out[match] = _merge(out[match], item, (*loc, i))
    return out


# ------------------------------------------------------------------ RFC 6902


def _tokens(pointer: str) -> list[str]:
    return [t.replace("~1", "/").replace("~0", "~") for t in pointer.split("/")[1:]] if pointer else []


def _parent(doc: Any, pointer: str, field: str) -> tuple[Any, str]:
    tokens = _tokens(pointer)
    if not tokens:
        raise PatchError((field,), f"{show(pointer)} is the whole object; name a field inside it")
    node = doc
    for token in tokens[:-1]:
        node = _child(node, token, pointer, field)
    return node, tokens[-1]


def _child(node: Any, token: str, pointer: str, field: str) -> Any:
    if isinstance(node, dict) and token in node:
        return node[token]
    if isinstance(node, list) and token.isdigit() and int(token) < len(node):
        return node[int(token)]
    raise PatchError((field,), f"{show(pointer)} does not exist in the object (no {show(token)} there)")


def _get(doc: Any, pointer: str, field: str) -> Any:
    node = doc
    for token in _tokens(pointer):
        node = _child(node, token, pointer, field)
    return node


def _remove(doc: Any, pointer: str, field: str) -> Any:
    parent, last = _parent(doc, pointer, field)
    value = _child(parent, last, pointer, field)
    if isinstance(parent, list):
        del parent[int(last)]
    else:
        del parent[last]
    return value


def _add(doc: Any, pointer: str, value: Any, field: str) -> None:
    parent, last = _parent(doc, pointer, field)
    if isinstance(parent, dict):
        parent[last] = value
    elif isinstance(parent, list) and (last == "-" or (last.isdigit() and int(last) <= len(parent))):
        parent.insert(len(parent) if last == "-" else int(last), value)
    else:
        raise PatchError((field,), f"{show(pointer)}: cannot add at {show(last)} (not a field of a mapping or an "
                                   "index of a list)")


def _json_op(doc: Any, op: str, path: str, value: Any, source: str | None) -> Any:
    value = copy.deepcopy(value)
    if op == "add":
        _add(doc, path, value, "path")
    elif op == "remove":
        _remove(doc, path, "path")
    elif op == "replace":
        parent, last = _parent(doc, path, "path")
        _child(parent, last, path, "path")
        parent[int(last) if isinstance(parent, list) else last] = value
    elif op == "move":
        _add(doc, path, _remove(doc, source or "", "from"), "path")
    elif op == "copy":
        _add(doc, path, copy.deepcopy(_get(doc, source or "", "from")), "path")
    elif op == "test" and _get(doc, path, "path") != value:
        raise PatchError(("value",), f"the test fails: {path} is {show(_get(doc, path, 'path'))}")
    return doc

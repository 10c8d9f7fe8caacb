"""The prune guard: what a synth would remove from the cluster, and whether to let it.

Flux and Argo CD prune: an object that leaves dist/ is deleted from the cluster. So before dist/
is replaced, :func:`compare` reads the inventory (kind, namespace, name) of each sync unit (a
layer or an entry folder, :func:`inference_platform.layout.sync_unit`) in the current dist/ and
in the new files, lists what is added and removed, and refuses a unit that would become empty
or lose more than :data:`PRUNE_LIMIT` of its objects, unless the description's ``allow_prune``
names it (:func:`inference_platform.layout.prune_key`) or the run allows every removal.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable

from inference_platform.fast import yaml_reader
from inference_platform.layout import prune_key, sync_unit

__all__ = ["Inventory", "FileInventory", "PRUNE_LIMIT", "inventory_of_docs", "inventory_of_texts", "Comparison",
           "compare"]

#: A layer may lose at most this share of its objects without an explicit allow.
PRUNE_LIMIT = 0.5

#: sync unit (``<env>/layers/<folder>`` or ``<env>/<entry>``) → its objects' (kind, namespace, name)
Inventory = dict[str, set[tuple[str, str, str]]]
#: file path below dist/ → its objects' (kind, namespace, name)
FileInventory = dict[str, frozenset[tuple[str, str, str]]]


def inventory_of_docs(docs: Iterable[object]) -> Iterable[tuple[str, str, str]]:
    for doc in docs:
        if isinstance(doc, dict) and "kind" in doc:
            meta = doc.get("metadata") or {}
            yield doc["kind"], meta.get("namespace", ""), meta.get("name", "")


def inventory_of_texts(files: dict[str, str], known: FileInventory | None = None,
                       known_texts: dict[str, str] | None = None) -> Inventory:
    """Inventory per sync unit; a file whose text equals ``known_texts[path]`` takes ``known[path]``
    instead of being parsed (the same bytes hold the same objects)."""
    inv: Inventory = {}
    for path, text in files.items():
        if path.endswith("kustomization.yaml"):
            continue
        bucket = inv.setdefault(sync_unit(path), set())
        if known is not None and known_texts is not None and path in known and known_texts.get(path) == text:
            bucket.update(known[path])
        else:
            bucket.update(inventory_of_docs(yaml_reader.documents(text)))
    return inv


@dataclass
class Comparison:
    added: dict[str, list[tuple[str, str, str]]] = field(default_factory=dict)
    removed: dict[str, list[tuple[str, str, str]]] = field(default_factory=dict)
    refused: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        out = []
        for group in sorted(set(self.added) | set(self.removed)):
            add, rem = self.added.get(group, []), self.removed.get(group, [])
            out.append(f"{group}: +{len(add)} -{len(rem)}")
            out += [f"  + {k} {ns + '/' if ns else ''}{n}" for k, ns, n in add]
            out += [f"  - {k} {ns + '/' if ns else ''}{n}" for k, ns, n in rem]
        return out


def compare(old: dict[str, str], new: dict[str, str], allowed: set[str] = frozenset(), allow_all: bool = False,
            *, new_inventory: FileInventory | None = None) -> Comparison:
    """Inventory difference per layer, and the layers the prune guard refuses.

    ``new_inventory`` (from ``render_with_inventory``) spares parsing ``new``, and every old
    file that is byte-identical to its new version: usually all but the few that changed.
    """
    before = inventory_of_texts(old, new_inventory, new)
    after = inventory_of_texts(new, new_inventory, new)
    result = Comparison()
    for group in sorted(set(before) | set(after)):
        old_objs, new_objs = before.get(group, set()), after.get(group, set())
        if new_objs - old_objs:
            result.added[group] = sorted(new_objs - old_objs)
        gone = old_objs - new_objs
        if gone:
            result.removed[group] = sorted(gone)
        layer = prune_key(group)
        if allow_all or layer in allowed or group in allowed:
            continue
        if old_objs and (not new_objs or len(gone) > PRUNE_LIMIT * len(old_objs)):
            result.refused.append(
                f"{group}: would remove {len(gone)} of {len(old_objs)} objects "
                f"({'the layer would be empty' if not new_objs else 'more than half'}); "
                f"Flux/Argo CD would prune them from the cluster. If intended, add '{layer}' to "
                f"allow_prune in the description or run `make synth ALLOW_PRUNE=1`.")
    return result

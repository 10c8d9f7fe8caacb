"""Identity and namespaces: each object once, and in a namespace created before it is applied."""
from __future__ import annotations

from collections import Counter
from typing import Iterator

from inference_platform.contract import SYNC_WAVE_ANNOTATION
from inference_platform.gate.model import Document, Finding
from inference_platform.gate.rules.base import Index, rule, unit_of
from inference_platform.layout import engine_of, unit_order


@rule("duplicate-object", "Each apiVersion group/kind/namespace/name appears once per environment.")
def duplicate_object(index: Index) -> Iterator[Finding]:
    for doc, key in zip(index.docs, index.keys):
        other = index.by_key[key]
        if other is not doc:
            yield doc.finding("metadata.name",
                              f"also defined in {other.file} (document {other.index + 1}); an object may "
                              "appear once per environment")


def _sync_wave(doc: Document) -> int:
    annotations = doc.metadata.get("annotations")
    wave = (annotations or {}).get(SYNC_WAVE_ANNOTATION, "0") if isinstance(annotations, dict) else "0"
    try:
        return int(str(wave))
    except ValueError:
        return 0


#: The kinds :func:`_targets` reads.
_DEPLOYERS = ("Application", "HelmRelease", "Kustomization")


def _targets(doc: Document) -> Iterator[tuple[str, str, int | None]]:
    """(field path, namespace, apply order) an entry or release object deploys other objects into."""
    spec = doc.spec
    if doc.kind == "Application" and doc.group == "argoproj.io":
        options = (spec.get("syncPolicy") or {}).get("syncOptions") or []
        namespace = (spec.get("destination") or {}).get("namespace")
        if namespace and "CreateNamespace=true" not in options:
            yield "spec.destination.namespace", str(namespace), _sync_wave(doc)
    elif doc.kind == "HelmRelease" and doc.group == "helm.toolkit.fluxcd.io":
        if spec.get("targetNamespace") and not (spec.get("install") or {}).get("createNamespace"):
            yield "spec.targetNamespace", str(spec["targetNamespace"]), unit_order(unit_of(doc))
    elif doc.kind == "Kustomization" and doc.group == "kustomize.toolkit.fluxcd.io" and spec.get("targetNamespace"):
        yield "spec.targetNamespace", str(spec["targetNamespace"]), None


#: Namespaces every cluster has from the start (charts such as KEDA's bind Roles in kube-system).
BUILT_IN_NAMESPACES = ("default", "kube-system", "kube-public", "kube-node-lease")


@rule("namespace-created",
      "Objects and deploy targets live in a namespace a Namespace of an earlier or the same layer creates.")
def namespace_created(index: Index) -> Iterator[Finding]:
    created: dict[str, tuple[int, str]] = {}
    for ns in index.kind("Namespace", ""):
        order = unit_order(unit_of(ns))
        if ns.name and order is not None and (ns.name not in created or order < created[ns.name][0]):
            created[ns.name] = (order, unit_of(ns))
    # Entry points are applied by hand or by a controller's bootstrap into the namespace its own install
    # created (flux-system, argocd): the namespace most of an engine's entry objects use.
    units = index.units()
    engines = {unit: engine_of(unit) for unit in set(units)}
    homes: dict[str, Counter] = {}
    for (_, _, namespace, _), unit in zip(index.keys, units):
        engine = engines[unit]
        if engine and namespace:
            homes.setdefault(engine, Counter())[namespace] += 1
    home = {engine: counts.most_common(1)[0][0] for engine, counts in homes.items()}

    def problem(namespace: str, order: int | None, what: str) -> str | None:
        if namespace in home.values() or namespace in BUILT_IN_NAMESPACES:
            return None
        if namespace not in created:
            return (f"{what} namespace {namespace!r}, which no Namespace object in this environment creates; "
                    f"applying it fails with 'namespaces \"{namespace}\" not found'")
        first, where = created[namespace]
        if order is not None and first > order:
            return (f"{what} namespace {namespace!r}, which only {where} creates, applied after this (order "
                    f"{first} > {order}); the first sync fails with 'namespaces \"{namespace}\" not found'")
        return None

    orders: dict[str, int | None] = {}
    for doc, (group, kind, namespace, _), unit in zip(index.docs, index.keys, units):
        engine = engines[unit]
        if engine and namespace and namespace != home[engine]:
            yield doc.finding("metadata.namespace",
                              f"entry-point object in namespace {namespace!r} while the rest of {engine}'s "
                              f"entry points live in {home[engine]!r} (the namespace its install creates); "
                              f"nothing creates {namespace!r} before the entry point is applied")
        elif not engine and namespace and index.namespaced(group, kind):
            if unit not in orders:
                orders[unit] = unit_order(unit)
            message = problem(namespace, orders[unit], "lives in")
            if message:
                yield doc.finding("metadata.namespace", message)
        if kind not in _DEPLOYERS:
            continue
        for path, target, order in _targets(doc):
            message = problem(target, order, "deploys into")
            if message:
                yield doc.finding(path, message)

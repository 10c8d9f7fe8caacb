"""Identity and namespaces: each object once, in a namespace created before it is applied, and the
model servers' namespaces injected with Istio's sidecar the way the platform configures Istio."""
from __future__ import annotations

from collections import Counter
from typing import Iterator

from inference_platform.contract import SYNC_WAVE_ANNOTATION
from inference_platform.gate.model import Document, Finding
from inference_platform.contract import POD_SERVER_ANNOTATION
from inference_platform.gate.rules.base import Index, rule, template_labels, unit_of
from inference_platform.kube_names import INJECTION_LABEL, REVISION_LABEL
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


def _istiod_revisions(index: Index) -> set[str] | None:
    """The control-plane revisions the tree installs ('' = the default revision); None: no istiod in the tree.

    From the istiod chart's values in Flux HelmReleases and Argo CD Applications, or the rendered
    istiod Deployments' ``istio.io/rev`` label.
    """
    found: set[str] = set()
    for doc in index.kind("HelmRelease", "helm.toolkit.fluxcd.io"):
        if ((doc.spec.get("chart") or {}).get("spec") or {}).get("chart") == "istiod":
            found.add(str((doc.spec.get("values") or {}).get("revision") or ""))
    for doc in index.kind("Application", "argoproj.io"):
        for source in [doc.spec.get("source")] + list(doc.spec.get("sources") or []):
            if isinstance(source, dict) and source.get("chart") == "istiod":
                found.add(str(((source.get("helm") or {}).get("valuesObject") or {}).get("revision") or ""))
    for doc in index.kind("Deployment", "apps"):
        labels = doc.metadata.get("labels") or {}
        if isinstance(labels, dict) and labels.get("app") == "istiod":
            rev = str(labels.get(REVISION_LABEL) or "")
            found.add("" if rev == "default" else rev)
    return found or None


def _injection_problem(labels: dict, revisions: set[str] | None) -> str | None:
    """Why a namespace with these labels does not get the configured sidecar, or None."""
    injection, revision = labels.get(INJECTION_LABEL), labels.get(REVISION_LABEL)
    if injection is not None and injection != "enabled":
        return f"{INJECTION_LABEL}={injection} turns injection off (it wins over {REVISION_LABEL})"
    if injection is not None and revision is not None:
        return (f"both {INJECTION_LABEL} and {REVISION_LABEL}={revision} are set; {INJECTION_LABEL} wins and "
                "selects the default revision")
    if revisions is not None:
        if "" in revisions and injection == "enabled":
            return None
        wanted = sorted(r for r in revisions if r)
        if revision in wanted:
            return None
        expected = ", ".join([f"{INJECTION_LABEL}=enabled"] * ("" in revisions) + [f"{REVISION_LABEL}={r}" for r in wanted])
        return f"it is labelled for no revision this tree installs (expected {expected})"
    if injection is None and revision is None:
        return f"it has neither {INJECTION_LABEL}=enabled nor {REVISION_LABEL}"
    return None


def _sidecar_bypass(labels: dict, annotations: dict, revisions: set[str] | None) -> Iterator[tuple[str, str, str]]:
    """(labels|annotations, key, why) for each pod label or annotation that keeps the sidecar out or lets traffic
    pass it: an injection opt-out (label or the older annotation), a pod revision no istiod of this tree serves,
    capture limited to some ports, or no capture at all. Inbound ports excluded from capture are the
    description's sidecar-bypass ports (``ports[].mesh: bypass``), which ``bypass-port-fenced`` checks."""
    for field, values in (("labels", labels), ("annotations", annotations)):
        value = values.get("sidecar.istio.io/inject")
        if value is not None and str(value) != "true":
            yield field, "sidecar.istio.io/inject", f"sidecar.istio.io/inject={value} keeps the sidecar out of"
    rev = labels.get(REVISION_LABEL)
    served = (revisions or set()) | ({"default"} if "" in (revisions or ()) else set())  # the default revision's tag
    if rev is not None and revisions is not None and str(rev) not in served:
        yield "labels", REVISION_LABEL, (f"{REVISION_LABEL}={rev} asks for a revision no istiod of this tree serves "
                                         f"({', '.join(sorted(revisions)) or 'default'}), which keeps the sidecar out of")
    include = annotations.get("traffic.sidecar.istio.io/includeInboundPorts")
    if include is not None and str(include).strip() != "*":
        yield "annotations", "traffic.sidecar.istio.io/includeInboundPorts", (
            f"capturing only inbound ports {include!r} lets callers of every other port past the sidecar to")
    if str(annotations.get("sidecar.istio.io/interceptionMode") or "").upper() == "NONE":
        yield "annotations", "sidecar.istio.io/interceptionMode", "interceptionMode NONE lets callers past the sidecar to"


@rule("namespace-injection",
      "Every namespace running model servers is labelled for the sidecar of the installed revision; no pod opts out "
      "or lets callers past the sidecar.")
def namespace_injection(index: Index) -> Iterator[Finding]:
    # Without the sidecar a pod has no mTLS and no AuthorizationPolicy is enforced for it: the one
    # label that turns injection off opens every model server of the namespace.
    revisions = _istiod_revisions(index)
    servers: dict[str, list] = {}
    for doc, template, base in index.pod_templates():
        annotations = (template.get("metadata") or {}).get("annotations") or {}
        if isinstance(annotations, dict) and POD_SERVER_ANNOTATION in annotations:
            servers.setdefault(doc.namespace, []).append((doc, template, base))
            for field, key, why in _sidecar_bypass(template_labels(template), annotations, revisions):
                yield doc.finding(f"{base}.metadata.{field}.{key}",
                                  f"{why} this model server's pods: no mTLS, no AuthorizationPolicy")
    for namespace, found in servers.items():
        ns = index.by_key.get(("", "Namespace", "", namespace))
        if ns is None:
            continue  # namespace-created reports it
        labels = ns.metadata.get("labels") or {}
        problem = _injection_problem(labels if isinstance(labels, dict) else {}, revisions)
        if problem is not None:
            yield ns.finding("metadata.labels",
                             f"namespace {namespace!r} runs model servers ({found[0][0].name}"
                             f"{f' and {len(found) - 1} more' if len(found) > 1 else ''}) but is not injected as "
                             f"the platform configures Istio: {problem}; without a sidecar its pods get no mTLS and "
                             "no AuthorizationPolicy")

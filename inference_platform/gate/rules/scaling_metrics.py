"""KEDA and scraping rules: ScaledObjects, the HPAs beside them, and the PodMonitors their metrics need.

What a real cluster would reject or silently never scale: a ScaledObject whose target does
not exist; an HPA and a ScaledObject fighting over one Deployment (KEDA's webhook refuses the
second); a Prometheus trigger reading a metric the target's server does not export, or that no
PodMonitor scrapes; a PodMonitor that selects no pods or names a port they do not declare.
"""
from __future__ import annotations

import re
from typing import Iterator

from inference_platform.gate.model import Document, Finding
from inference_platform.gate.rules.base import Index, pod_template, rule, template_labels
from inference_platform.servers import PRESETS
from inference_platform.signals import ENVOY_STATS_PORT_NAME, MERGED_STATS_PORT, SOURCES

KEDA_GROUP = "keda.sh"
MONITORING_GROUP = "monitoring.coreos.com"
#: The ScaledObject annotation naming the model server (constructs.model_autoscaler.SERVER_ANNOTATION).
SERVER_ANNOTATION = "ai-platform/server"
#: Ports the Istio injector adds to every pod of an injected namespace.
INJECTED_PORTS = (ENVOY_STATS_PORT_NAME,)
_METRIC = re.compile(r"[a-zA-Z_:][a-zA-Z0-9_:]*(?=\s*\{)")


def _targets(index: Index) -> Iterator[tuple[Document, Document | None]]:
    for so in index.kind("ScaledObject", KEDA_GROUP):
        ref = so.spec.get("scaleTargetRef") or {}
        group = str(ref.get("apiVersion") or "apps/v1").rpartition("/")[0]
        yield so, index.by_key.get((group, str(ref.get("kind") or "Deployment"), so.namespace, str(ref.get("name"))))


@rule("scaledobject-target-missing", "A ScaledObject's scaleTargetRef exists in its namespace.")
def scaledobject_target_missing(index: Index) -> Iterator[Finding]:
    for so, target in _targets(index):
        if target is None:
            ref = so.spec.get("scaleTargetRef") or {}
            yield so.finding("spec.scaleTargetRef", "scaledobject-target-missing",
                             f"scale target {ref.get('kind') or 'Deployment'} {ref.get('name')!r} does not exist in "
                             f"namespace {so.namespace!r}; KEDA would report the ScaledObject not ready and scale nothing")


@rule("autoscaler-conflict", "At most one autoscaler (HPA or ScaledObject) per scale target.")
def autoscaler_conflict(index: Index) -> Iterator[Finding]:
    owners: dict[tuple[str, str, str], list[Document]] = {}
    for doc in [*index.kind("HorizontalPodAutoscaler", "autoscaling"), *index.kind("ScaledObject", KEDA_GROUP)]:
        ref = doc.spec.get("scaleTargetRef") or {}
        owners.setdefault((doc.namespace, str(ref.get("kind") or "Deployment"), str(ref.get("name"))), []).append(doc)
    for (namespace, kind, name), docs in owners.items():
        for doc in docs[1:]:
            yield doc.finding("spec.scaleTargetRef", "autoscaler-conflict",
                              f"{kind} {namespace}/{name} is already scaled by {docs[0].ref}; two autoscalers fight "
                              "over its replicas (KEDA's webhook refuses a ScaledObject whose target an HPA scales)")


@rule("scaledobject-target-replicas", "The target of a ScaledObject leaves spec.replicas to it.")
def scaledobject_target_replicas(index: Index) -> Iterator[Finding]:
    for so, target in _targets(index):
        if target is not None and "replicas" in target.spec:
            yield target.finding("spec.replicas", "scaledobject-target-replicas",
                                 f"sets replicas ({target.spec['replicas']}) although ScaledObject {so.namespace}/"
                                 f"{so.name} scales it; omit spec.replicas so a re-apply does not fight KEDA")


def _scrapes_server(endpoint: dict) -> bool:
    """An endpoint on the server's own port, or on Istio's merged endpoint (:15020, server + Envoy metrics)."""
    merged = any(str(r.get("replacement") or "").endswith(f":{MERGED_STATS_PORT}") and r.get("targetLabel") == "__address__"
                 for r in endpoint.get("relabelings") or [] if isinstance(r, dict))
    return merged or str(endpoint.get("port")) not in INJECTED_PORTS


def _monitors_of(index: Index, namespace: str, labels: dict[str, str]) -> list[tuple[Document, set[str], bool]]:
    """PodMonitors in ``namespace`` selecting pods with ``labels``: the port names they scrape, and
    whether one of their endpoints reaches the server's metrics."""
    out = []
    for pm in index.selecting("PodMonitor", MONITORING_GROUP, namespace, labels):
        endpoints = [e for e in pm.spec.get("podMetricsEndpoints") or [] if isinstance(e, dict)]
        out.append((pm, {str(e.get("port")) for e in endpoints}, any(_scrapes_server(e) for e in endpoints)))
    return out


@rule("scaledobject-metric-served",
      "Each Prometheus trigger reads a metric the target's server exports, and a PodMonitor scrapes it.")
def scaledobject_metric_served(index: Index) -> Iterator[Finding]:
    for so, target in _targets(index):
        found = pod_template(target) if target is not None else None
        if found is None:
            continue
        labels = template_labels(found[0])
        server = str((so.metadata.get("annotations") or {}).get(SERVER_ANNOTATION) or "")
        monitors = _monitors_of(index, so.namespace, labels)
        for i, trigger in enumerate(so.spec.get("triggers") or []):
            if not isinstance(trigger, dict) or trigger.get("type") != "prometheus":
                continue
            signal, query = str(trigger.get("name") or ""), str((trigger.get("metadata") or {}).get("query") or "")
            source = SOURCES.get(signal)
            path = f"spec.triggers[{i}]"
            if source is None or source.source == "query":
                continue  # an explicit raw query: the description's author answers for it
            if source.source == "istio":
                if "istio_requests_total" not in query:
                    yield so.finding(f"{path}.metadata.query", "scaledobject-metric-served",
                                     f"request_rate trigger does not read istio_requests_total: {query!r}")
                if not any(ENVOY_STATS_PORT_NAME in ports for _, ports, _ in monitors):
                    yield so.finding(path, "scaledobject-metric-served",
                                     f"request_rate needs the Envoy sidecars' stats scraped, but no PodMonitor in "
                                     f"{so.namespace!r} selects the target's pods on port {ENVOY_STATS_PORT_NAME!r}")
                continue
            exported = PRESETS[server].metrics if server in PRESETS else {}
            wanted = exported.get(signal)
            if wanted is None:
                yield so.finding(path, "scaledobject-metric-served",
                                 f"signal {signal!r} is not exported by server {server or '(unnamed)'!r} "
                                 f"(its signals: {', '.join(sorted(exported)) or 'none'})")
                continue
            if wanted not in _METRIC.findall(query):
                yield so.finding(f"{path}.metadata.query", "scaledobject-metric-served",
                                 f"query {query!r} does not read {wanted!r}, the metric {server} exports for {signal}")
            if not any(server_scraped for _, _, server_scraped in monitors):
                yield so.finding(path, "scaledobject-metric-served",
                                 f"no PodMonitor in {so.namespace!r} scrapes the target's server metrics, so "
                                 f"{wanted!r} never reaches Prometheus and KEDA falls back")


@rule("podmonitor-selects-pods", "A PodMonitor selects pods in its namespace and names a port they declare.")
def podmonitor_selects_pods(index: Index) -> Iterator[Finding]:
    for pm in index.kind("PodMonitor", MONITORING_GROUP):
        selected = [template for _, template, _ in index.selected(pm.namespace, pm.spec.get("selector"))]
        if not selected:
            yield pm.finding("spec.selector", "podmonitor-selects-pods",
                             f"selects no pods: no workload in namespace {pm.namespace!r} has matching pod labels")
            continue
        declared = {str(p.get("name")) for t in selected for c in (t.get("spec") or {}).get("containers") or []
                    for p in c.get("ports") or [] if isinstance(p, dict) and p.get("name")}
        for i, endpoint in enumerate(pm.spec.get("podMetricsEndpoints") or []):
            port = (endpoint or {}).get("port")
            if port is not None and port not in declared and port not in INJECTED_PORTS:
                yield pm.finding(f"spec.podMetricsEndpoints[{i}].port", "podmonitor-selects-pods",
                                 f"port {port!r} is not declared by the selected pods (their ports: "
                                 f"{', '.join(sorted(declared)) or 'none'}); Prometheus would discover no target")

"""KEDA and scraping rules: ScaledObjects, the HPAs beside them, and the PodMonitors their metrics need.

What a real cluster would reject or silently never scale: a ScaledObject whose target does
not exist; an HPA and a ScaledObject fighting over one Deployment (KEDA's webhook refuses the
second); a Prometheus trigger reading a metric the target's server does not export, or that no
PodMonitor scrapes; a PodMonitor that selects no pods or names a port they do not declare.

Istio's ingress gateway is installed by its chart: in controller-managed mode its pods are not
in the tree, only the Flux HelmRelease or Argo CD Application (chart ``gateway``) that installs
them. A PodMonitor selecting no workload of the tree may select those pods instead: the labels
and ports the chart gives them are derived from the release (:func:`chart_gateways`).
"""
from __future__ import annotations

import re
from typing import Iterator

from inference_platform.contract import (GATEWAY_API_GROUP, GATEWAY_CLASS, GATEWAY_NAME_LABEL, INFERENCE_GROUP,
                                         KEDA_GROUP, MONITORING_GROUP, SCALER_SERVER_ANNOTATION)
from inference_platform.gate.model import Document, Finding
from inference_platform.gate.rules.base import (Index, pod_template, rule, scale_target, selector_matches,
                                               template_labels)
from inference_platform.catalog.servers import PRESETS
from inference_platform.catalog.signals import ENVOY_STATS_PORT_NAME, MERGED_STATS_PORT, SOURCES
from inference_platform.promql import query_problem

#: Ports the Istio injector adds to every pod of an injected namespace.
INJECTED_PORTS = (ENVOY_STATS_PORT_NAME,)
_METRIC = re.compile(r"[a-zA-Z_:][a-zA-Z0-9_:]*(?=\s*\{)")
#: Ports Istio's gateway chart declares on its Deployment (templates/deployment.yaml).
GATEWAY_CHART_PORTS = (ENVOY_STATS_PORT_NAME,)


def _label(query: str, name: str) -> str | None:
    found = re.search(rf'\b{name}\s*=\s*"([^"]*)"', query)
    return found.group(1) if found else None


def chart_gateways(index: Index) -> Iterator[tuple[Document, str, str, dict[str, str]]]:
    """Ingress gateways Istio's ``gateway`` chart installs: (release object, namespace, name, pod labels).

    From Flux HelmReleases and Argo CD Applications of chart ``gateway`` in the tree; the pod
    labels are the chart's (``app: <name>``, ``istio: <name without istio->``, overridable by
    ``values.labels``), the name ``values.name`` or the release name.
    """
    for doc in index.kind("HelmRelease", "helm.toolkit.fluxcd.io"):
        chart = ((doc.spec.get("chart") or {}).get("spec") or {}).get("chart")
        if chart == "gateway":
            yield (doc, str(doc.spec.get("targetNamespace") or doc.namespace),
                   *_gateway_pods(doc.spec.get("values"), doc.spec.get("releaseName") or doc.name))
    for doc in index.kind("Application", "argoproj.io"):
        sources = [doc.spec.get("source")] + list(doc.spec.get("sources") or [])
        for source in sources:
            if isinstance(source, dict) and source.get("chart") == "gateway":
                helm = source.get("helm") or {}
                yield (doc, str((doc.spec.get("destination") or {}).get("namespace") or ""),
                       *_gateway_pods(helm.get("valuesObject"), helm.get("releaseName") or doc.name))


def _gateway_pods(values: object, release: str) -> tuple[str, dict[str, str]]:
    values = values if isinstance(values, dict) else {}
    name = str(values.get("name") or release)
    extra = values.get("labels") if isinstance(values.get("labels"), dict) else {}
    labels = {"app": name, "istio": name.removeprefix("istio-"), "app.kubernetes.io/name": name,
              "sidecar.istio.io/inject": "true"}
    return name, {**labels, **{str(k): str(v) for k, v in extra.items()}}


def _targets(index: Index) -> Iterator[tuple[Document, Document | None]]:
    for so in index.kind("ScaledObject", KEDA_GROUP):
        # KEDA's defaults: a scaleTargetRef without apiVersion/kind names an apps/v1 Deployment.
        yield so, scale_target(index, so, default_api_version="apps/v1", default_kind="Deployment")


@rule("scaledobject-target-missing", "A ScaledObject's scaleTargetRef exists in its namespace.")
def scaledobject_target_missing(index: Index) -> Iterator[Finding]:
    for so, target in _targets(index):
        if target is None:
            ref = so.spec.get("scaleTargetRef") or {}
            yield so.finding("spec.scaleTargetRef",
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
            yield doc.finding("spec.scaleTargetRef",
                              f"{kind} {namespace}/{name} is already scaled by {docs[0].ref}; two autoscalers fight "
                              "over its replicas (KEDA's webhook refuses a ScaledObject whose target an HPA scales)")


@rule("scaledobject-target-replicas", "The target of a ScaledObject leaves spec.replicas to it.")
def scaledobject_target_replicas(index: Index) -> Iterator[Finding]:
    for so, target in _targets(index):
        if target is not None and "replicas" in target.spec:
            yield target.finding("spec.replicas",
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
        server = str((so.metadata.get("annotations") or {}).get(SCALER_SERVER_ANNOTATION) or "")
        monitors = _monitors_of(index, so.namespace, labels)
        for i, trigger in enumerate(so.spec.get("triggers") or []):
            if not isinstance(trigger, dict) or trigger.get("type") != "prometheus":
                continue
            signal, query = str(trigger.get("name") or ""), str((trigger.get("metadata") or {}).get("query") or "")
            source = SOURCES.get(signal)
            path = f"spec.triggers[{i}]"
            if source is None or source.source == "query":
                continue  # an explicit raw query: the description's author answers for it
            if source.source == "gateway":
                yield from _gateway_trigger(index, so, path, query)
                continue
            if source.source == "picker":
                yield from _picker_trigger(index, so, path, query, labels)
                continue
            if source.source == "istio":
                if "istio_requests_total" not in query:
                    yield so.finding(f"{path}.metadata.query",
                                     f"request_rate trigger does not read istio_requests_total: {query!r}")
                if not any(ENVOY_STATS_PORT_NAME in ports for _, ports, _ in monitors):
                    yield so.finding(path,
                                     f"request_rate needs the Envoy sidecars' stats scraped, but no PodMonitor in "
                                     f"{so.namespace!r} selects the target's pods on port {ENVOY_STATS_PORT_NAME!r}")
                continue
            exported = PRESETS[server].metrics if server in PRESETS else {}
            wanted = exported.get(signal)
            if wanted is None:
                yield so.finding(path,
                                 f"signal {signal!r} is not exported by server {server or '(unnamed)'!r} "
                                 f"(its signals: {', '.join(sorted(exported)) or 'none'})")
                continue
            if wanted not in _METRIC.findall(query):
                yield so.finding(f"{path}.metadata.query",
                                 f"query {query!r} does not read {wanted!r}, the metric {server} exports for {signal}")
            if not any(server_scraped for _, _, server_scraped in monitors):
                yield so.finding(path,
                                 f"no PodMonitor in {so.namespace!r} scrapes the target's server metrics, so "
                                 f"{wanted!r} never reaches Prometheus and KEDA falls back")


def _picker_trigger(index: Index, so: Document, path: str, query: str, labels: dict) -> Iterator[Finding]:
    """A picker trigger reads its pool's gauges; the pool exists and selects the target's pods."""
    pool_name = _label(query, "name")
    pool = index.by_key.get((INFERENCE_GROUP, "InferencePool", so.namespace, pool_name or ""))
    if pool is None:
        yield so.finding(f"{path}.metadata.query", f"reads the picker gauges of InferencePool {pool_name!r}, which "
                                                   f"does not exist in {so.namespace!r}: {query!r}")
    elif not selector_matches(pool.spec.get("selector"), labels):
        yield so.finding(f"{path}.metadata.query", f"InferencePool {so.namespace}/{pool_name} does not select the "
                                                   "target's pods: the trigger reads another version's queue")


def _gateway_trigger(index: Index, so: Document, path: str, query: str) -> Iterator[Finding]:
    """A gateway_request_rate trigger reads the gateway's istio_requests_total, which a PodMonitor scrapes."""
    workload, namespace = _label(query, "source_workload"), _label(query, "source_workload_namespace")
    if "istio_requests_total" not in query or _label(query, "reporter") != "source" or not workload or not namespace:
        yield so.finding(f"{path}.metadata.query",
                         "gateway_request_rate trigger does not read istio_requests_total as the ingress gateway "
                         f'reports it (reporter="source", source_workload, source_workload_namespace): {query!r}')
        return
    pods = [template_labels(t) for d, t, _ in index.workloads(namespace) if d.name == workload]
    pods += [labels for _, ns, name, labels in chart_gateways(index) if ns == namespace and name == workload]
    # a Gateway API Gateway of class istio: istiod runs it as Deployment <name>-istio, pods labelled with its name
    pods += [{GATEWAY_NAME_LABEL: gw.name} for gw in index.in_namespace("Gateway", GATEWAY_API_GROUP, namespace)
             if gw.spec.get("gatewayClassName") == GATEWAY_CLASS and f"{gw.name}-{GATEWAY_CLASS}" == workload]
    if not pods:
        yield so.finding(f"{path}.metadata.query",
                         f"reads the requests of gateway {namespace}/{workload}, but no Deployment, no Istio "
                         "gateway chart release and no Gateway API Gateway of that name and namespace is in this "
                         "environment")
        return
    scraped = any(ENVOY_STATS_PORT_NAME in ports for labels in pods for _, ports, _ in _monitors_of(index, namespace, labels))
    if not scraped:
        yield so.finding(path,
                         f"gateway_request_rate needs the ingress gateway's Envoy stats scraped, but no PodMonitor in "
                         f"{namespace!r} selects the pods of gateway {workload!r} on port {ENVOY_STATS_PORT_NAME!r}")


@rule("scaledobject-query-valid",
      "Every Prometheus trigger's query parses as PromQL and yields one series (KEDA refuses more; AverageValue "
      "divides that one total by the replicas).")
def scaledobject_query_valid(index: Index) -> Iterator[Finding]:
    # KEDA fails every poll of a query Prometheus cannot parse (the target sits at its fallback) and refuses a
    # result of several series; AverageValue divides one total by the replicas (inference_platform.promql).
    for so in index.kind("ScaledObject", KEDA_GROUP):
        for i, trigger in enumerate(so.spec.get("triggers") or []):
            if not isinstance(trigger, dict) or trigger.get("type") != "prometheus":
                continue
            query = (trigger.get("metadata") or {}).get("query")
            if not isinstance(query, str) or not query.strip():
                yield so.finding(f"spec.triggers[{i}].metadata.query",
                                 "a prometheus trigger needs a query")
                continue
            problem = query_problem(query)  # KEDA refuses several series whatever the metricType
            if problem is not None:
                yield so.finding(f"spec.triggers[{i}].metadata.query",
                                 f"{query!r} {problem}")


@rule("podmonitor-selects-pods", "A PodMonitor selects pods in its namespace and names a port they declare.")
def podmonitor_selects_pods(index: Index) -> Iterator[Finding]:
    gateways: list[tuple[str, dict[str, str]]] | None = None
    for pm in index.kind("PodMonitor", MONITORING_GROUP):
        selected = [template for _, template, _ in index.selected(pm.namespace, pm.spec.get("selector"))]
        declared: set[str] = set()
        if not selected:  # perhaps the pods of an Istio gateway its chart installs (not in the tree)
            if gateways is None:
                gateways = [(ns, labels) for _, ns, _, labels in chart_gateways(index)]
            if any(ns == pm.namespace and selector_matches(pm.spec.get("selector"), labels) for ns, labels in gateways):
                declared = set(GATEWAY_CHART_PORTS)
            else:
                yield pm.finding("spec.selector",
                                 f"selects no pods: no workload in namespace {pm.namespace!r} has matching pod labels")
                continue
        declared |= {str(p.get("name")) for t in selected for group in ("containers", "initContainers")
                     for c in (t.get("spec") or {}).get(group) or [] if isinstance(c, dict)
                     for p in c.get("ports") or [] if isinstance(p, dict) and p.get("name")}
        for i, endpoint in enumerate(pm.spec.get("podMetricsEndpoints") or []):
            port = (endpoint or {}).get("port")
            if port is not None and port not in declared and port not in INJECTED_PORTS:
                yield pm.finding(f"spec.podMetricsEndpoints[{i}].port",
                                 f"port {port!r} is not declared by the selected pods (their ports: "
                                 f"{', '.join(sorted(declared)) or 'none'}); Prometheus would discover no target")

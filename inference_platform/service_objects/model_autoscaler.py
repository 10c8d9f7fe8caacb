"""What sets a model version's replica count, and the scraping its signals need.

- cpu/memory only: an autoscaling/v2 HorizontalPodAutoscaler (metrics-server serves it).
- any metric signal (or ``min_replicas: 0``): a KEDA ``keda.sh/v1alpha1`` ScaledObject and no
  HPA of ours (KEDA creates and owns ``keda-hpa-<name>``). Each signal is a Prometheus trigger
  with the generated query (:mod:`inference_platform.catalog.signals`), ``metricType: AverageValue``;
  ``fallback`` replicas hold when Prometheus cannot answer; the description's behavior goes to
  ``advanced.horizontalPodAutoscalerConfig.behavior``; ``activationThreshold`` and
  ``cooldownPeriod`` only when scaling to zero.
- PodMonitors (prometheus-operator): the model server's metrics endpoint (``<name>``, by port
  name) when the server exports metrics, and the Envoy sidecar's stats (``<name>-envoy``,
  port ``http-envoy-prom``) when the version scales on ``request_rate``.

The target Deployment leaves ``spec.replicas`` unset, so the autoscaler alone owns the count.
See https://keda.sh/docs/2.20/reference/scaledobject-spec/ and
https://keda.sh/docs/2.20/scalers/prometheus/.
"""
from __future__ import annotations

from inference_platform.description import Autoscaling, IngressGateway, Prometheus, ScalingRules
from inference_platform.fast.cdk8s_order import api_object
from inference_platform.catalog.servers import preset
from inference_platform.contract import KEDA_API, MONITORING_API, SCALER_SERVER_ANNOTATION, envoy_monitor_name
from inference_platform.catalog.signals import (ENVOY_STATS_PATH, ENVOY_STATS_PORT_NAME, MERGED_STATS_PORT, SCRAPE_INTERVAL,
                                        query)

__all__ = ["model_autoscaler", "FALLBACK_FAILURES", "quantity_text"]

#: Failed Prometheus queries in a row before KEDA applies the fallback replicas.
FALLBACK_FAILURES = 3


def quantity_text(value: float) -> str:
    """A target as KEDA parses it (a Kubernetes quantity): 5 → '5', 0.8 → '0.8', never '1e+06'."""
    return str(int(value)) if float(value).is_integer() else f"{value:.6f}".rstrip("0")


def model_autoscaler(*, name: str, namespace: str, labels: dict[str, str], autoscaling: Autoscaling,
                     target: dict, server: str = "generic", prometheus: Prometheus = Prometheus(),
                     chart_labels: dict[str, str] | None = None, weight: int = 100,
                     gateway_workload: str = IngressGateway().name,
                     gateway_namespace: str = IngressGateway().namespace, pool: str | None = None) -> list[dict]:
    """The HPA or ScaledObject ``name`` scaling the Deployment document ``target``, then its PodMonitors.

    ``labels`` are the version's own labels (``app``, ``version``, ...); ``chart_labels`` are
    added to every object's metadata, as cdk8s does for the objects of a Chart. ``weight`` is
    the version's route weight in percent and ``gateway_workload`` / ``gateway_namespace`` the
    ingress gateway Deployment (default: the description's defaults): a ``gateway_request_rate``
    trigger reads the service's rate at that gateway times ``weight`` / 100. The gateway's own
    PodMonitor belongs to the mesh layer (:class:`constructs.mesh_policy.MeshPolicy`), not here. ``pool``
    is the version's InferencePool, whose picker's signals a trigger may read (its ServiceMonitor is the pool's).
    """
    all_labels = {**(chart_labels or {}), **labels}
    gateway = {"weight": weight, "gateway_workload": gateway_workload, "gateway_namespace": gateway_namespace,
               "pool": pool}
    scaler = (_scaled_object(name, namespace, labels, all_labels, autoscaling, target, server, prometheus, gateway)
              if autoscaling.uses_keda else _hpa(name, namespace, all_labels, autoscaling, target))
    monitors = [m for m in (_server_monitor(name, namespace, labels, chart_labels, target, server, prometheus),
                            _envoy_monitor(name, namespace, labels, chart_labels, autoscaling, target, prometheus))
                if m is not None]
    return [scaler, *monitors]


def _resource_metrics(scaling: Autoscaling) -> list[tuple[str, int]]:
    return [(r, u) for r, u in (("cpu", scaling.cpu_utilization), ("memory", scaling.memory_utilization))
            if u is not None]


def _target_ref(target: dict) -> dict:
    return {"apiVersion": "apps/v1", "kind": "Deployment", "name": target["metadata"]["name"]}


def _hpa(name: str, namespace: str, labels: dict, scaling: Autoscaling, target: dict) -> dict:
    metrics = [{"type": "Resource", "resource": {"name": resource, "target": {
        "type": "Utilization", "averageUtilization": utilization}}}
        for resource, utilization in _resource_metrics(scaling)]
    behavior = None
    if scaling.behavior is not None:
        behavior = {"scaleUp": _rules(scaling.behavior.scale_up), "scaleDown": _rules(scaling.behavior.scale_down)}
    return api_object("autoscaling/v2", "HorizontalPodAutoscaler", name=name, namespace=namespace, labels=labels,
                      spec={"scaleTargetRef": _target_ref(target), "minReplicas": scaling.min_replicas,
                            "maxReplicas": scaling.max_replicas, "metrics": metrics, "behavior": behavior})


def _scaled_object(name: str, namespace: str, own_labels: dict, labels: dict, scaling: Autoscaling, target: dict,
                   server: str, prometheus: Prometheus, gateway: dict) -> dict:
    to_zero = scaling.min_replicas == 0
    triggers = []
    for signal in scaling.signals:
        metadata = {
            "serverAddress": prometheus.url,
            "query": query(signal.signal, server=server, namespace=namespace, service=own_labels["app"],
                           version=own_labels["version"], raw=signal.query,
                           **({k: v for k, v in gateway.items() if k != "pool"}
                              if signal.signal == "gateway_request_rate" else {}),
                           pool=gateway["pool"]),
            "threshold": quantity_text(signal.target),
            # No answer is an error (fallback), not 0: a lost scrape must not scale a model down.
            "ignoreNullValues": "false",
        }
        if to_zero:
            metadata["activationThreshold"] = quantity_text(signal.activation_threshold)
        # The trigger is named for its signal (the gate and readers know what the query means).
        triggers.append({"type": "prometheus", "name": signal.signal, "metricType": "AverageValue",
                         "metadata": metadata})
    for resource, utilization in _resource_metrics(scaling):
        triggers.append({"type": resource, "metricType": "Utilization", "metadata": {"value": str(utilization)}})
    fallback = None
    if scaling.signals and not scaling.has_resource_signal:  # KEDA refuses fallback beside cpu/memory
        fallback = {"failureThreshold": FALLBACK_FAILURES,
                    "replicas": scaling.fallback_replicas or max(scaling.min_replicas, 1),
                    # Never scale a serving model down because Prometheus is unreachable.
                    "behavior": "currentReplicasIfHigher"}
    advanced = None
    if scaling.behavior is not None:
        advanced = {"horizontalPodAutoscalerConfig": {"behavior": {
            "scaleUp": _rules(scaling.behavior.scale_up), "scaleDown": _rules(scaling.behavior.scale_down)}}}
    return api_object(KEDA_API, "ScaledObject", name=name, namespace=namespace, labels=labels,
                      annotations={SCALER_SERVER_ANNOTATION: server},
                      spec={"scaleTargetRef": _target_ref(target), "minReplicaCount": scaling.min_replicas,
                            "maxReplicaCount": scaling.max_replicas,
                            "cooldownPeriod": scaling.cooldown_seconds if to_zero else None,
                            "pollingInterval": scaling.polling_interval_seconds,
                            "fallback": fallback, "advanced": advanced, "triggers": triggers})


def _monitor(name: str, namespace: str, labels: dict, chart_labels: dict | None, prometheus: Prometheus,
             endpoint: dict, target_labels: list[str] | None) -> dict:
    return api_object(MONITORING_API, "PodMonitor", name=name, namespace=namespace,
                      labels={**(chart_labels or {}), **labels, **prometheus.monitor_labels},
                      spec={"selector": {"matchLabels": {k: labels[k] for k in ("app", "version")}},
                            "podMetricsEndpoints": [endpoint], "podTargetLabels": target_labels})


def _server_monitor(name: str, namespace: str, labels: dict, chart_labels: dict | None, target: dict, server: str,
                    prometheus: Prometheus) -> dict | None:
    """The server's metrics endpoint; the series get the pods' app/version labels the queries select on.

    Pods that ask Istio to merge their metrics (``prometheus.io/*`` annotations) are scraped on
    the sidecar's merged plain-text endpoint (:15020) instead of the server's port, which the
    mesh's STRICT mTLS would close to a Prometheus outside the mesh.
    """
    if _merges_metrics(target):
        return _monitor(name, namespace, labels, chart_labels, prometheus, {
            "port": ENVOY_STATS_PORT_NAME, "path": ENVOY_STATS_PATH, "interval": SCRAPE_INTERVAL,
            # 15020 is not a declared container port: discover the pod by the injected 15090, scrape 15020.
            "relabelings": [{"sourceLabels": ["__meta_kubernetes_pod_ip"], "regex": "(.+)",
                             "replacement": f"$1:{MERGED_STATS_PORT}", "targetLabel": "__address__"}]},
            ["app", "version"])
    preset_ = preset(server)
    port = _metrics_port_name(target, preset_.metrics_port, preset_.ports[0].name if preset_.ports else None)
    if port is None:
        return None
    return _monitor(name, namespace, labels, chart_labels, prometheus,
                    {"port": port, "path": preset_.metrics_path, "interval": SCRAPE_INTERVAL}, ["app", "version"])


def _envoy_monitor(name: str, namespace: str, labels: dict, chart_labels: dict | None, scaling: Autoscaling,
                   target: dict, prometheus: Prometheus) -> dict | None:
    if not any(s.signal == "request_rate" for s in scaling.signals) or _merges_metrics(target):
        return None  # the merged endpoint carries Envoy's istio_requests_total too
    # 15090 is served by Envoy itself in plain text, outside the mTLS the mesh enforces on app ports.
    return _monitor(envoy_monitor_name(name), namespace, labels, chart_labels, prometheus,
                    {"port": ENVOY_STATS_PORT_NAME, "path": ENVOY_STATS_PATH, "interval": SCRAPE_INTERVAL}, None)


def _merges_metrics(target: dict) -> bool:
    """Whether the target's pods ask Istio's sidecar to merge their metrics (``prometheus.io/scrape``)."""
    template = target.get("spec", {}).get("template", {})
    return (template.get("metadata", {}).get("annotations") or {}).get("prometheus.io/scrape") == "true"


def _metrics_port_name(target: dict, wanted: str | None, api_port: str | None) -> str | None:
    """The container port to scrape: the preset's metrics port by name, if the pod declares it.

    A server whose metrics share the API port (vLLM, TGI) is scraped on the container's first
    port whatever it is named; a separate metrics port the pod does not declare is not scraped.
    """
    if wanted is None:
        return None
    containers = target.get("spec", {}).get("template", {}).get("spec", {}).get("containers", [])
    names = [p.get("name") for c in containers[:1] for p in c.get("ports") or [] if p.get("name")]
    if wanted in names:
        return wanted
    if wanted == api_port and names:
        return names[0]
    return None


def _rules(rules: ScalingRules | None) -> dict | None:
    if rules is None:
        return None
    return {"stabilizationWindowSeconds": rules.stabilization_window_seconds, "selectPolicy": rules.select_policy,
            "policies": [{"type": p.type, "value": p.value, "periodSeconds": p.period_seconds}
                         for p in rules.policies] or None}

"""ModelAutoscaler: what sets a model version's replica count, and the scraping its signals need.

- cpu/memory only: an autoscaling/v2 HorizontalPodAutoscaler (metrics-server serves it).
- any metric signal (or ``min_replicas: 0``): a KEDA ``keda.sh/v1alpha1`` ScaledObject and no
  HPA of ours (KEDA creates and owns ``keda-hpa-<name>``). Each signal is a Prometheus trigger
  with the generated query (:mod:`inference_platform.signals`), ``metricType: AverageValue``;
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

from cdk8s import ApiObject, ApiObjectMetadata
from cdk8s_plus_27 import k8s
from constructs import Construct

import imports.keda.sh.keda as keda
import imports.monitoring.com.coreos.monitoring as monitoring
from inference_platform.description import Autoscaling, Prometheus, ScalingRules
from inference_platform.servers import preset
from inference_platform.signals import ENVOY_STATS_PATH, ENVOY_STATS_PORT_NAME, MERGED_STATS_PORT, query

__all__ = ["ModelAutoscaler", "FALLBACK_FAILURES", "SCRAPE_INTERVAL", "SERVER_ANNOTATION", "quantity_text"]

#: Failed Prometheus queries in a row before KEDA applies the fallback replicas.
FALLBACK_FAILURES = 3
#: Scrape interval of the generated PodMonitors (the HPA syncs every 15 s).
SCRAPE_INTERVAL = "15s"
#: Names the model server on a ScaledObject, so the gate can check each trigger reads a metric it exports.
SERVER_ANNOTATION = "ai-platform/server"


def quantity_text(value: float) -> str:
    """A target as KEDA parses it (a Kubernetes quantity): 5 → '5', 0.8 → '0.8', never '1e+06'."""
    return str(int(value)) if float(value).is_integer() else f"{value:.6f}".rstrip("0")


class ModelAutoscaler(Construct):
    """HPA or ScaledObject ``name`` in ``namespace`` scaling the Deployment ``target``, plus its PodMonitors.

    ``labels`` are the version's labels (``app`` is the service, ``version`` the version);
    ``server`` names the model-server preset whose metrics the signals read (default:
    generic, which exports none); ``prometheus`` is where KEDA queries and which labels the
    PodMonitors carry. ``horizontal_pod_autoscaler`` / ``scaled_object`` is whichever was made
    (the other is None); ``pod_monitors`` lists the PodMonitors.
    """

    def __init__(self, scope: Construct, id: str, *, name: str, namespace: str, labels: dict[str, str],
                 autoscaling: Autoscaling, target: ApiObject, server: str = "generic",
                 prometheus: Prometheus = Prometheus()) -> None:
        super().__init__(scope, id)
        self._name, self._namespace, self._labels = name, namespace, labels
        self._scaling, self._target, self._server, self._prometheus = autoscaling, target, server, prometheus
        self.horizontal_pod_autoscaler: k8s.KubeHorizontalPodAutoscalerV2 | None = None
        self.scaled_object: keda.ScaledObject | None = None
        if autoscaling.uses_keda:
            self.scaled_object = self._scaled_object()
        else:
            self.horizontal_pod_autoscaler = self._hpa()
        self.pod_monitors = [m for m in (self._server_monitor(), self._envoy_monitor()) if m is not None]

    # ------------------------------------------------------------------ plain HPA (cpu/memory)

    def _resource_metrics(self) -> list[tuple[str, int]]:
        scaling = self._scaling
        return [(r, u) for r, u in (("cpu", scaling.cpu_utilization), ("memory", scaling.memory_utilization))
                if u is not None]

    def _hpa(self) -> k8s.KubeHorizontalPodAutoscalerV2:
        scaling = self._scaling
        metrics = [k8s.MetricSpecV2(type="Resource", resource=k8s.ResourceMetricSourceV2(
            name=resource, target=k8s.MetricTargetV2(type="Utilization", average_utilization=utilization)))
            for resource, utilization in self._resource_metrics()]
        behavior = None
        if scaling.behavior is not None:
            behavior = k8s.HorizontalPodAutoscalerBehaviorV2(
                scale_up=_rules(scaling.behavior.scale_up), scale_down=_rules(scaling.behavior.scale_down))
        return k8s.KubeHorizontalPodAutoscalerV2(
            self, "HorizontalPodAutoscaler",
            metadata=k8s.ObjectMeta(name=self._name, namespace=self._namespace, labels=self._labels),
            spec=k8s.HorizontalPodAutoscalerSpecV2(
                scale_target_ref=k8s.CrossVersionObjectReferenceV2(
                    api_version="apps/v1", kind="Deployment", name=self._target.name),
                min_replicas=scaling.min_replicas, max_replicas=scaling.max_replicas,
                metrics=metrics, behavior=behavior),
        )

    # ------------------------------------------------------------------ KEDA ScaledObject

    def _scaled_object(self) -> keda.ScaledObject:
        scaling = self._scaling
        to_zero = scaling.min_replicas == 0
        triggers = []
        for signal in scaling.signals:
            metadata = {
                "serverAddress": self._prometheus.url,
                "query": query(signal.signal, server=self._server, namespace=self._namespace,
                               service=self._labels["app"], version=self._labels["version"], raw=signal.query),
                "threshold": quantity_text(signal.target),
                # No answer is an error (fallback), not 0: a lost scrape must not scale a model down.
                "ignoreNullValues": "false",
            }
            if to_zero:
                metadata["activationThreshold"] = quantity_text(signal.activation_threshold)
            # The trigger is named for its signal (the gate and readers know what the query means).
            triggers.append(keda.ScaledObjectSpecTriggers(type="prometheus", name=signal.signal,
                                                          metric_type="AverageValue", metadata=metadata))
        for resource, utilization in self._resource_metrics():
            triggers.append(keda.ScaledObjectSpecTriggers(type=resource, metric_type="Utilization",
                                                          metadata={"value": str(utilization)}))
        fallback = None
        if scaling.signals and not scaling.has_resource_signal:  # KEDA refuses fallback beside cpu/memory
            fallback = keda.ScaledObjectSpecFallback(
                failure_threshold=FALLBACK_FAILURES,
                replicas=scaling.fallback_replicas or max(scaling.min_replicas, 1),
                # Never scale a serving model down because Prometheus is unreachable.
                behavior=keda.ScaledObjectSpecFallbackBehavior.CURRENT_REPLICAS_IF_HIGHER)
        advanced = None
        if scaling.behavior is not None:
            advanced = keda.ScaledObjectSpecAdvanced(
                horizontal_pod_autoscaler_config=keda.ScaledObjectSpecAdvancedHorizontalPodAutoscalerConfig(
                    behavior=keda.ScaledObjectSpecAdvancedHorizontalPodAutoscalerConfigBehavior(
                        scale_up=_keda_rules(scaling.behavior.scale_up, up=True),
                        scale_down=_keda_rules(scaling.behavior.scale_down, up=False))))
        return keda.ScaledObject(
            self, "ScaledObject",
            metadata=ApiObjectMetadata(name=self._name, namespace=self._namespace, labels=self._labels,
                                       annotations={SERVER_ANNOTATION: self._server}),
            spec=keda.ScaledObjectSpec(
                scale_target_ref=keda.ScaledObjectSpecScaleTargetRef(
                    api_version="apps/v1", kind="Deployment", name=self._target.name),
                min_replica_count=scaling.min_replicas, max_replica_count=scaling.max_replicas,
                cooldown_period=scaling.cooldown_seconds if to_zero else None,
                fallback=fallback, advanced=advanced, triggers=triggers),
        )

    # ------------------------------------------------------------------ PodMonitors

    def _monitor(self, id: str, name: str, endpoint: monitoring.PodMonitorSpecPodMetricsEndpoints,
                 target_labels: list[str] | None) -> monitoring.PodMonitor:
        selector = {k: self._labels[k] for k in ("app", "version")}
        return monitoring.PodMonitor(
            self, id,
            metadata=ApiObjectMetadata(name=name, namespace=self._namespace,
                                       labels={**self._labels, **self._prometheus.monitor_labels}),
            spec=monitoring.PodMonitorSpec(
                selector=monitoring.PodMonitorSpecSelector(match_labels=selector),
                pod_metrics_endpoints=[endpoint], pod_target_labels=target_labels))

    def _server_monitor(self) -> monitoring.PodMonitor | None:
        """The server's metrics endpoint; the series get the pods' app/version labels the queries select on.

        When the pods ask Istio to merge their metrics (``prometheus.io/*`` annotations), the sidecar
        scrapes the server inside the pod and serves server and Envoy metrics together on
        :15020, in plain text: the PodMonitor scrapes that instead of the server's port, which the
        mesh's STRICT mTLS would close to a Prometheus outside the mesh.
        """
        if _merges_metrics(self._target):
            return self._monitor("ServerPodMonitor", self._name, monitoring.PodMonitorSpecPodMetricsEndpoints(
                port=ENVOY_STATS_PORT_NAME, path=ENVOY_STATS_PATH, interval=SCRAPE_INTERVAL,
                # 15020 is not a declared container port: discover the pod by the injected 15090, scrape 15020.
                relabelings=[monitoring.PodMonitorSpecPodMetricsEndpointsRelabelings(
                    source_labels=["__meta_kubernetes_pod_ip"], regex="(.+)", replacement=f"$1:{MERGED_STATS_PORT}",
                    target_label="__address__")]), ["app", "version"])
        server = preset(self._server)
        port = _metrics_port_name(self._target, server.metrics_port, server.ports[0].name if server.ports else None)
        if port is None:
            return None
        return self._monitor("ServerPodMonitor", self._name, monitoring.PodMonitorSpecPodMetricsEndpoints(
            port=port, path=server.metrics_path, interval=SCRAPE_INTERVAL), ["app", "version"])

    def _envoy_monitor(self) -> monitoring.PodMonitor | None:
        if not any(s.signal == "request_rate" for s in self._scaling.signals) or _merges_metrics(self._target):
            return None  # the merged endpoint carries Envoy's istio_requests_total too
        # 15090 is served by Envoy itself in plain text, outside the mTLS the mesh enforces on app ports.
        return self._monitor("EnvoyPodMonitor", f"{self._name}-envoy", monitoring.PodMonitorSpecPodMetricsEndpoints(
            port=ENVOY_STATS_PORT_NAME, path=ENVOY_STATS_PATH, interval=SCRAPE_INTERVAL), None)


def _merges_metrics(target: ApiObject) -> bool:
    """Whether the target's pods ask Istio's sidecar to merge their metrics (``prometheus.io/scrape``)."""
    template = target.to_json().get("spec", {}).get("template", {})
    return (template.get("metadata", {}).get("annotations") or {}).get("prometheus.io/scrape") == "true"


def _metrics_port_name(target: ApiObject, wanted: str | None, api_port: str | None) -> str | None:
    """The container port to scrape: the preset's metrics port by name, if the pod declares it.

    A server whose metrics share the API port (vLLM, TGI) is scraped on the container's first
    port whatever it is named; a separate metrics port the pod does not declare is not scraped.
    """
    if wanted is None:
        return None
    containers = target.to_json().get("spec", {}).get("template", {}).get("spec", {}).get("containers", [])
    names = [p.get("name") for c in containers[:1] for p in c.get("ports") or [] if p.get("name")]
    if wanted in names:
        return wanted
    if wanted == api_port and names:
        return names[0]
    return None


def _rules(rules: ScalingRules | None) -> k8s.HpaScalingRulesV2 | None:
    if rules is None:
        return None
    return k8s.HpaScalingRulesV2(
        stabilization_window_seconds=rules.stabilization_window_seconds,
        select_policy=rules.select_policy,
        policies=[k8s.HpaScalingPolicyV2(type=p.type, value=p.value, period_seconds=p.period_seconds)
                  for p in rules.policies] or None,
    )


def _keda_rules(rules: ScalingRules | None, *, up: bool) -> object | None:
    if rules is None:
        return None
    rules_cls = (keda.ScaledObjectSpecAdvancedHorizontalPodAutoscalerConfigBehaviorScaleUp if up
                 else keda.ScaledObjectSpecAdvancedHorizontalPodAutoscalerConfigBehaviorScaleDown)
    policy_cls = (keda.ScaledObjectSpecAdvancedHorizontalPodAutoscalerConfigBehaviorScaleUpPolicies if up
                  else keda.ScaledObjectSpecAdvancedHorizontalPodAutoscalerConfigBehaviorScaleDownPolicies)
    return rules_cls(
        stabilization_window_seconds=rules.stabilization_window_seconds,
        select_policy=rules.select_policy,
        policies=[policy_cls(type=p.type, value=p.value, period_seconds=p.period_seconds)
                  for p in rules.policies] or None)

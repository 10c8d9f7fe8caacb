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

from cdk8s import ApiObject, Chart
from constructs import Construct

from constructs.manifest_chart import add_api_object
from inference_platform.description import Autoscaling, IngressGateway, Prometheus
from inference_platform.service_objects.model_autoscaler import model_autoscaler

__all__ = ["ModelAutoscaler"]


class ModelAutoscaler(Construct):
    """HPA or ScaledObject ``name`` in ``namespace`` scaling the Deployment ``target``, plus its PodMonitors.

    ``labels`` are the version's labels (``app`` is the service, ``version`` the version);
    ``server`` names the model-server preset whose metrics the signals read (default:
    generic, which exports none); ``prometheus`` is where KEDA queries and which labels the
    PodMonitors carry. ``horizontal_pod_autoscaler`` / ``scaled_object`` is whichever was made
    (the other is None); ``pod_monitors`` lists the PodMonitors. The objects are
    :func:`inference_platform.service_objects.model_autoscaler.model_autoscaler`'s, reading ``target``'s
    rendered pod template (its ports and ``prometheus.io/*`` annotations). ``weight`` (the
    version's route weight, percent; default 100) and ``gateway_workload`` / ``gateway_namespace``
    (the ingress gateway Deployment; default: the description's defaults) shape a
    ``gateway_request_rate`` trigger: the service's rate at the gateway times ``weight`` / 100.
    """

    def __init__(self, scope: Construct, id: str, *, name: str, namespace: str, labels: dict[str, str],
                 autoscaling: Autoscaling, target: ApiObject, server: str = "generic",
                 prometheus: Prometheus = Prometheus(), weight: int = 100,
                 gateway_workload: str = IngressGateway().name,
                 gateway_namespace: str = IngressGateway().namespace) -> None:
        super().__init__(scope, id)
        if not 0 <= weight <= 100:
            raise ValueError(f"ModelAutoscaler {name!r}: 'weight' ({weight}) must be between 0 and 100 "
                             "(percent of the service's routed traffic).")
        scaler, *monitors = model_autoscaler(
            name=name, namespace=namespace, labels=labels, autoscaling=autoscaling, target=target.to_json(),
            server=server, prometheus=prometheus, chart_labels=Chart.of(self).labels, weight=weight,
            gateway_workload=gateway_workload, gateway_namespace=gateway_namespace)
        self.horizontal_pod_autoscaler: ApiObject | None = None
        self.scaled_object: ApiObject | None = None
        if scaler["kind"] == "ScaledObject":
            self.scaled_object = add_api_object(self, "ScaledObject", scaler)
        else:
            self.horizontal_pod_autoscaler = add_api_object(self, "HorizontalPodAutoscaler", scaler)
        self.pod_monitors: list[ApiObject] = [
            add_api_object(self, "EnvoyPodMonitor" if m["metadata"]["name"] == f"{name}-envoy" else "ServerPodMonitor", m)
            for m in monitors]

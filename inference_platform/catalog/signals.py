"""The PromQL behind each scaling signal: one table, read by the autoscaler, the gate and docs/autoscaling.md.

Every query returns the TOTAL over the model version's pods (a single sample): KEDA's
Prometheus triggers use ``metricType: AverageValue``, so the HPA divides the query's value by
the current replica count and compares that per-pod average with the signal's ``target``.

- server signals (``queue_depth``, ``running_requests``, ``kv_cache_utilization``): the model
  server's own gauge (name from :mod:`inference_platform.catalog.servers`), scraped by the version's
  PodMonitor, which copies the pods' ``app`` and ``version`` labels onto every series
  (``podTargetLabels``). No series means no scrape (pods not Ready, PodMonitor not picked up):
  KEDA reports an error rather than 0 (``ignoreNullValues: false``) and its fallback holds.
- ``request_rate``: Istio's ``istio_requests_total`` as the destination sidecars report it
  (the Envoy stats PodMonitor scrapes port 15090), per second over 1 minute. No series means no
  request has reached the version yet, which is truly 0 (``or vector(0)``). Measured by the
  pods themselves: 0 while none runs, so it cannot scale from zero.
- ``gateway_request_rate``: the same ``istio_requests_total`` as the ingress gateway's Envoy
  reports it (``reporter="source"``, ``source_workload`` the gateway Deployment), per service,
  per second over 1 minute. Requests the gateway answers itself while the service has no
  endpoints (503, response flag ``UH``) are counted too, but only some labels are known then:
  Istio's stats filter (istio/proxy ``istio_stats.cc``, client side) takes
  ``destination_service`` (the host, ``<svc>.<ns>.svc.cluster.local``) and
  ``destination_service_name`` from the Envoy cluster's Istio metadata, while
  ``destination_service_namespace``, ``destination_workload`` and ``destination_version`` come
  from the upstream peer and read ``unknown`` while no pod runs. So the query selects on
  ``destination_service``, which is the same with and without pods, and KEDA can start the
  first pod. The series is per service, not per version: a version's ScaledObject scales on its
  share, the total times its route ``weight`` / 100. Scraped by the gateway's PodMonitor (port
  15090) in the mesh layer. See https://istio.io/latest/docs/reference/config/metrics/.
- picker signals (``picker_queue_depth``, ``picker_running_requests``, services with ``inference``):
  the queue and running requests as the endpoint picker of the version's InferencePool reads them
  from the model servers, exported per pool (label ``name``) as averages over the pool's ready
  pods (``inference_pool_average_queue_size`` / ``_running_requests``, with
  ``inference_pool_ready_pods``; names from :mod:`inference_platform.catalog.picker`), scraped
  by the picker's ServiceMonitor. The query is the average times the ready pods: the total, as
  for every other signal; ``max`` keeps one series when several picker replicas export the same
  gauges. Measured on the pods (0 while none is Ready), so it cannot scale from zero.
- ``prometheus``: the description's own query, as written.
"""
from __future__ import annotations

from dataclasses import dataclass

from inference_platform.contract import service_host
from inference_platform.catalog.picker import POOL_METRICS
from inference_platform.catalog.servers import ServerPreset, preset

__all__ = ["SignalSource", "SOURCES", "server_metric", "query", "RATE_WINDOW", "ENVOY_STATS_PORT",
           "ENVOY_STATS_PORT_NAME", "ENVOY_STATS_PATH", "MERGED_STATS_PORT", "SCRAPE_INTERVAL"]

#: Scrape interval of the generated PodMonitors (the HPA syncs every 15 s).
SCRAPE_INTERVAL = "15s"
#: Window of the request-rate ``rate()``: four Envoy scrapes at the 15 s default interval.
RATE_WINDOW = "1m"
#: Where the injected istio-proxy container serves its merged Prometheus stats.
ENVOY_STATS_PORT, ENVOY_STATS_PORT_NAME, ENVOY_STATS_PATH = 15090, "http-envoy-prom", "/stats/prometheus"
#: Where pilot-agent serves the pod's merged metrics (server + Envoy + agent) when metrics merging is on.
MERGED_STATS_PORT = 15020


@dataclass(frozen=True)
class SignalSource:
    """Where a signal's numbers come from, for the docs and the gate."""

    signal: str
    #: "server" (the model server's metrics endpoint), "istio" (Envoy sidecar stats), "gateway" (the
    #: ingress gateway's Envoy stats, non-zero while no pod runs), "picker" (the endpoint picker's
    #: per-pool gauges, read from the model servers) or "query"
    source: str
    unit: str


SOURCES = {s.signal: s for s in (
    SignalSource("queue_depth", "server", "requests waiting in the server's queue"),
    SignalSource("running_requests", "server", "requests being processed"),
    SignalSource("kv_cache_utilization", "server", "fraction of the KV cache in use (0-1)"),
    SignalSource("request_rate", "istio", "requests per second"),
    SignalSource("gateway_request_rate", "gateway", "requests per second at the ingress gateway (the version's share)"),
    SignalSource("picker_queue_depth", "picker", "requests waiting, as the version pool's endpoint picker reads them"),
    SignalSource("picker_running_requests", "picker", "requests running, as the version pool's endpoint picker reads them"),
    SignalSource("prometheus", "query", "the query's own unit"),
)}


def server_metric(server: str, signal: str) -> str | None:
    """The metric ``server`` exports for ``signal`` (None: it exports none)."""
    return preset(server).metrics.get(signal)


def _labels(**labels: str) -> str:
    return "{" + ", ".join(f'{k}="{v}"' for k, v in labels.items()) + "}"


def query(signal: str, *, server: ServerPreset | str, namespace: str, service: str, version: str,
          raw: str | None = None, gateway_workload: str | None = None, gateway_namespace: str | None = None,
          weight: int = 100, pool: str | None = None) -> str:
    """The PromQL for ``signal`` of ``<service>-<version>`` in ``namespace`` (total over its pods).

    ``gateway_workload`` / ``gateway_namespace`` name the ingress gateway Deployment
    (``gateway_request_rate`` only); ``weight`` is the version's route weight in percent
    (default 100: the version takes the service's whole rate); ``pool`` the InferencePool of the version
    (picker signals only).

    Raises ``ValueError`` (a full sentence) when the server exports no metric for the signal;
    the description's rules keep that from reaching a synth.
    """
    if signal == "prometheus":
        if not raw:
            raise ValueError("signal 'prometheus' needs its query.")
        return raw
    if signal == "gateway_request_rate":
        if not gateway_workload or not gateway_namespace:
            raise ValueError("signal 'gateway_request_rate' needs the ingress gateway's workload and namespace.")
        if not 0 <= weight <= 100:
            raise ValueError(f"'weight' ({weight}) must be between 0 and 100 (percent of the service's traffic).")
        # destination_service_namespace comes from the peer and reads "unknown" while no pod runs;
        # the host comes from the cluster metadata and names service and namespace either way.
        selector = _labels(reporter="source", source_workload=gateway_workload,
                           source_workload_namespace=gateway_namespace,
                           destination_service=service_host(service, namespace))
        total = f"sum(rate(istio_requests_total{selector}[{RATE_WINDOW}]))"
        if weight != 100:
            total = f"{total} * {weight / 100:g}"
        return f"({total}) or vector(0)" if weight != 100 else f"{total} or vector(0)"
    if signal in SOURCES and SOURCES[signal].source == "picker":
        if not pool:
            raise ValueError(f"signal {signal!r} needs the version's InferencePool (the service's inference).")
        selector = _labels(namespace=namespace, name=pool)
        return f"max({POOL_METRICS[signal]}{selector}) * max({POOL_METRICS['ready_pods']}{selector})"
    if signal == "request_rate":
        selector = _labels(reporter="destination", destination_workload=f"{service}-{version}",
                           destination_workload_namespace=namespace)
        return f"sum(rate(istio_requests_total{selector}[{RATE_WINDOW}])) or vector(0)"
    name = server if isinstance(server, str) else server.name
    metric = server_metric(name, signal)
    if metric is None:
        exported = ", ".join(sorted(preset(name).metrics)) or "none"
        raise ValueError(f"Server {name!r} exports no metric for signal {signal!r}; its signals: {exported}.")
    return f"sum({metric}{_labels(namespace=namespace, app=service, version=version)})"

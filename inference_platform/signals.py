"""The PromQL behind each scaling signal: one table, read by the autoscaler, the gate and the README.

Every query returns the TOTAL over the model version's pods (a single sample): KEDA's
Prometheus triggers use ``metricType: AverageValue``, so the HPA divides the query's value by
the current replica count and compares that per-pod average with the signal's ``target``.

- server signals (``queue_depth``, ``running_requests``, ``kv_cache_utilization``): the model
  server's own gauge (name from :mod:`inference_platform.servers`), scraped by the version's
  PodMonitor, which copies the pods' ``app`` and ``version`` labels onto every series
  (``podTargetLabels``). No series means no scrape (pods not Ready, PodMonitor not picked up):
  KEDA reports an error rather than 0 (``ignoreNullValues: false``) and its fallback holds.
- ``request_rate``: Istio's ``istio_requests_total`` as the destination sidecars report it
  (the Envoy stats PodMonitor scrapes port 15090), per second over 1 minute. No series means no
  request has reached the version yet, which is truly 0 (``or vector(0)``).
- ``prometheus``: the description's own query, as written.
"""
from __future__ import annotations

from dataclasses import dataclass

from inference_platform.servers import ServerPreset, preset

__all__ = ["SignalSource", "SOURCES", "server_metric", "query", "RATE_WINDOW", "ENVOY_STATS_PORT",
           "ENVOY_STATS_PORT_NAME", "ENVOY_STATS_PATH", "MERGED_STATS_PORT"]

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
    #: "server" (the model server's metrics endpoint), "istio" (Envoy sidecar stats) or "query"
    source: str
    unit: str


SOURCES = {s.signal: s for s in (
    SignalSource("queue_depth", "server", "requests waiting in the server's queue"),
    SignalSource("running_requests", "server", "requests being processed"),
    SignalSource("kv_cache_utilization", "server", "fraction of the KV cache in use (0-1)"),
    SignalSource("request_rate", "istio", "requests per second"),
    SignalSource("prometheus", "query", "the query's own unit"),
)}


def server_metric(server: str, signal: str) -> str | None:
    """The metric ``server`` exports for ``signal`` (None: it exports none)."""
    return preset(server).metrics.get(signal)


def _labels(**labels: str) -> str:
    return "{" + ", ".join(f'{k}="{v}"' for k, v in labels.items()) + "}"


def query(signal: str, *, server: ServerPreset | str, namespace: str, service: str, version: str,
          raw: str | None = None) -> str:
    """The PromQL for ``signal`` of ``<service>-<version>`` in ``namespace`` (total over its pods).

    Raises ``ValueError`` (a full sentence) when the server exports no metric for the signal;
    the description's rules keep that from reaching a synth.
    """
    if signal == "prometheus":
        if not raw:
            raise ValueError("signal 'prometheus' needs its query.")
        return raw
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

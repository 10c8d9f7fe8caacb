"""Autoscaling: replica bounds, the signals a model version scales on, behavior, KEDA and Prometheus.

A service names intent, not PromQL: ``signals`` lists what to scale on (``queue_depth``,
``running_requests``, ``kv_cache_utilization`` from the model server's own metrics,
``request_rate`` from Istio's sidecars, ``gateway_request_rate`` from the ingress gateway, or a
raw ``prometheus`` query), each with a per-pod
target; ``cpu_utilization`` and ``memory_utilization`` are the cpu and memory signals. Only
cpu/memory: a plain autoscaling/v2 HorizontalPodAutoscaler (metrics-server serves it).
Anything else: a KEDA ScaledObject whose Prometheus triggers carry the generated queries
(:mod:`inference_platform.catalog.signals`). ``min_replicas: 0`` (scale to zero) is KEDA-only and
needs a signal that is non-zero while no pod runs; :func:`scale_to_zero_problems` says why
and what to change.
"""
from __future__ import annotations

from typing import Annotated, Iterator, Literal, Protocol

from pydantic import Field, Strict

from inference_platform.description.base import Model, each_valid, rule
from inference_platform.description.errors import show
from inference_platform.description.traffic import Traffic
from inference_platform.kube_names import INT32_MAX, LabelKey, LabelValue, Checked, owned_label
from inference_platform.catalog.pinned import DEFAULT_KEDA, KEDA_RELEASES
from inference_platform.catalog.servers import preset
from inference_platform.promql import query_problem

__all__ = ["METRIC_SIGNALS", "PICKER_SIGNALS", "Signal", "ScalingPolicy", "ScalingRules", "Behavior", "Autoscaling", "Prometheus",
           "Observability", "Keda", "autoscaling_problems", "FROM_ZERO_SIGNALS", "scale_to_zero_problems",
           "Scaled"]

#: Signals served through Prometheus (KEDA triggers); cpu and memory are the two utilization fields.
METRIC_SIGNALS = ("queue_depth", "running_requests", "kv_cache_utilization", "request_rate", "gateway_request_rate",
                  "picker_queue_depth", "picker_running_requests", "prometheus")
#: Signals the endpoint picker of the version's InferencePool exports (services with ``inference``).
PICKER_SIGNALS = ("picker_queue_depth", "picker_running_requests")
#: Signals non-zero while no pod of the version runs (measured outside its pods): scale from zero works.
FROM_ZERO_SIGNALS = ("gateway_request_rate", "prometheus")
#: Largest number a target may be (a Kubernetes quantity far beyond any queue or rate).
TARGET_MAX = 1e9

#: Labels the platform puts on every PodMonitor (besides the owned ones of ``kube_names.owned_label``).
MONITOR_OWNED = {key: "the platform (the service's identity)" for key in (
    "app", "version", "app.kubernetes.io/name", "app.kubernetes.io/version")}

PromQL = Annotated[str, Checked("is empty or longer than 4096 characters", r"[\s\S]*\S[\s\S]*", 4096)]
Url = Annotated[str, Checked("is not an http(s) URL (http://host[:port][/path])", r"https?://[^\s/]+(/\S*)?", 2048)]
Target = Annotated[float, Strict(False), Field(gt=0, le=TARGET_MAX)]


class Signal(Model):
    """One metric to scale on, with the value each pod should carry."""

    signal: Literal[METRIC_SIGNALS] = Field(description=(
        "queue_depth / running_requests / kv_cache_utilization: the model server's own metric (see inference_platform/catalog/servers.py); "
        "request_rate: requests per second from Istio's `istio_requests_total` (reporter=destination); "
        "gateway_request_rate: the same counted by the ingress gateway (reporter=source), the version's share by "
        "route weight, non-zero while no pod runs (needs traffic.hosts); "
        "picker_queue_depth / picker_running_requests: the queue and running requests as the endpoint picker of the "
        "version's InferencePool reads them (needs inference); "
        "prometheus: the raw `query` below."))
    target: Target = Field(description=(
        "Per-pod target: queued or running requests, KV-cache fraction (0-1), requests per second, or the "
        "query's unit; KEDA divides the query's total by the replicas (AverageValue)."))
    query: PromQL | None = Field(None, description=(
        "PromQL returning the TOTAL over all pods of the version as ONE series (signal: prometheus only): parsed, "
        "and refused when it may yield several series (sum(...) without by, or ... or vector(0))."))
    activation_threshold: Annotated[float, Strict(False), Field(ge=0, le=TARGET_MAX)] = Field(0, description=(
        "With min_replicas 0: KEDA starts the first pod when the total exceeds this (KEDA activationThreshold)."))

    @rule
    def _query_only_for_prometheus(self) -> Iterator[tuple[str, str]]:
        if self.signal == "prometheus" and self.query is None:
            yield "query", "required for signal: prometheus (a PromQL query returning the total over the version's pods)"
        if self.signal != "prometheus" and self.query is not None:
            yield "query", f"only used by signal: prometheus; {show(self.signal)} generates its own query"

    @rule
    def _query_is_promql(self) -> Iterator[tuple[str, str]]:
        # Parsed, not trusted: KEDA fails every poll of a broken query and refuses several series.
        problem = query_problem(self.query) if self.signal == "prometheus" and self.query is not None else None
        if problem is not None:
            yield "query", f"{show(self.query)} {problem}"

    @rule
    def _fraction(self) -> Iterator[tuple[str, str]]:
        if self.signal == "kv_cache_utilization" and self.target > 1:
            yield "target", f"{show(self.target)} is above 1; kv_cache_utilization is a fraction (0.8 = 80 % of the KV cache)"


class ScalingPolicy(Model):
    type: Literal["Pods", "Percent"] = Field(description="Pods or Percent.")
    value: int = Field(ge=1, le=INT32_MAX, description="How many pods (or percent) may change per period.")
    period_seconds: int = Field(60, ge=1, le=1800, description="Window the policy applies to.")


class ScalingRules(Model):
    stabilization_window_seconds: int | None = Field(None, ge=0, le=3600, description="Look-back window before acting.")
    select_policy: Literal["Max", "Min", "Disabled"] | None = Field(None, description="How policies combine.")
    policies: Annotated[tuple[ScalingPolicy, ...], Strict(False)] = Field((), description="Rate limits.")


class Behavior(Model):
    scale_up: ScalingRules | None = Field(None, description="Scale-up rules (Kubernetes default if omitted).")
    scale_down: ScalingRules | None = Field(None, description="Scale-down rules (Kubernetes default if omitted).")


class Autoscaling(Model):
    """Replica bounds and targets per model version: an HPA for cpu/memory only, else a KEDA ScaledObject."""

    min_replicas: int = Field(1, ge=0, le=INT32_MAX, description=(
        "Lower bound; 0 scales to zero when idle (KEDA signals only, see docs/autoscaling.md); "
        "the PodDisruptionBudget keeps min_replicas - 1 available."))
    max_replicas: int = Field(3, ge=1, le=INT32_MAX, description="Upper bound.")
    cpu_utilization: int | None = Field(50, ge=1, le=100, description=(
        "The cpu signal: target average CPU utilization in percent of requests (null: none)."))
    memory_utilization: int | None = Field(None, ge=1, le=100, description=(
        "The memory signal: target average memory utilization in percent of requests (null: none)."))
    signals: Annotated[tuple[Signal, ...], Strict(False)] = Field((), description=(
        "Metric signals (KEDA ScaledObject with Prometheus triggers); the largest proposal wins."))
    fallback_replicas: int | None = Field(None, ge=1, le=INT32_MAX, description=(
        "Replicas KEDA holds (at least; more if already running) after 3 failed Prometheus queries; "
        "default: min_replicas (at least 1). Not available beside cpu/memory signals (KEDA refuses it)."))
    cooldown_seconds: int = Field(300, ge=0, le=INT32_MAX, description=(
        "With min_replicas 0: seconds every signal must stay at or below its activation threshold before "
        "KEDA scales to zero (KEDA cooldownPeriod)."))
    polling_interval_seconds: int | None = Field(None, ge=1, le=INT32_MAX, description=(
        "Seconds between KEDA's queries of the signals (KEDA pollingInterval; null: KEDA's default, 30). KEDA "
        "signals only; while replicas run the HPA KEDA creates reads the metric on its own sync period."))
    behavior: Behavior | None = Field(None, description="Scaling behavior (stabilization windows and rate policies).")

    @property
    def uses_keda(self) -> bool:
        """True when a ScaledObject (not a plain HPA) scales the version."""
        return bool(self.signals) or self.min_replicas == 0

    @property
    def has_resource_signal(self) -> bool:
        return self.cpu_utilization is not None or self.memory_utilization is not None

    @rule
    def _bounds(self) -> Iterator[tuple[str, str]]:
        if self.max_replicas < self.min_replicas:
            yield "max_replicas", f"{self.max_replicas} is less than min_replicas ({self.min_replicas})"

    @rule
    def _target(self) -> Iterator[tuple[tuple, str]]:
        if self.cpu_utilization is None and self.memory_utilization is None and not self.signals:
            yield (), "needs at least one target (cpu_utilization, memory_utilization or signals)"

    @rule
    def _signals_once(self) -> Iterator[tuple[tuple, str]]:
        seen: set[tuple[str, str | None]] = set()
        for i, sig in enumerate(self.signals):
            with each_valid():
                if (sig.signal, sig.query) in seen:
                    yield ("signals", i), f"{show(sig.signal)} is listed twice; keep one target per signal"
                seen.add((sig.signal, sig.query))

    @rule
    def _polling_with_keda(self) -> Iterator[tuple[str, str]]:
        if self.polling_interval_seconds is not None and not self.uses_keda:
            yield "polling_interval_seconds", ("is only used by KEDA (metric signals or min_replicas 0); this version "
                                               "scales with a plain HPA on cpu/memory: remove it")

    @rule
    def _fallback(self) -> Iterator[tuple[str, str]]:
        if self.fallback_replicas is not None and (not self.signals or self.has_resource_signal):
            yield "fallback_replicas", ("KEDA's fallback only works when every trigger is a Prometheus signal; "
                                        "set cpu_utilization and memory_utilization to null, or drop fallback_replicas")
        elif self.fallback_replicas is not None and self.fallback_replicas > self.max_replicas:
            yield "fallback_replicas", f"{self.fallback_replicas} is more than max_replicas ({self.max_replicas})"


class Prometheus(Model):
    """The Prometheus that scrapes the PodMonitors and that KEDA queries."""

    url: Url = Field("http://prometheus-operated.monitoring.svc:9090", description=(
        "Query address KEDA's Prometheus triggers use (serverAddress)."))
    monitor_labels: dict[LabelKey, LabelValue] = Field({}, description=(
        "Labels on every PodMonitor so the Prometheus' podMonitorSelector picks them up "
        "(e.g. release: kube-prometheus-stack); not the labels the platform sets (app, version, app.kubernetes.io/*)."))

    @rule
    def _labels_not_owned(self) -> Iterator[tuple[tuple, str]]:
        for key in self.monitor_labels:
            owner = owned_label(key, also=MONITOR_OWNED)
            if owner is not None:
                yield ("monitor_labels", key), f"is set by {owner}; a monitor label cannot override it: remove it"


    @property
    def namespace(self) -> str | None:
        """The namespace of an in-cluster ``url`` (``http://<service>.<namespace>.svc[...]``); None for any other."""
        host = self.url.split("://", 1)[-1].split("/", 1)[0].split(":", 1)[0].split(".")
        if len(host) == 2 or (len(host) >= 3 and host[2] == "svc"):
            return host[1]
        return None


class Observability(Model):
    prometheus: Prometheus = Field(Prometheus(), description="The platform team's Prometheus (prometheus-operator).")


class Keda(Model):
    """KEDA, installed in a layer before the apps the way ``istio.mode`` installs Istio."""

    version: Annotated[str, Checked(f"is not a KEDA release this project supports; allowed: {', '.join(KEDA_RELEASES)}",
                                    choices=KEDA_RELEASES)] = Field(DEFAULT_KEDA, description="KEDA chart and app version.")
    namespace: Annotated[str, Checked("is not a DNS-1123 label", r"[a-z0-9]([-a-z0-9]*[a-z0-9])?", 63)] = Field(
        "keda", description="Namespace of the operator and its metrics API server (not injected).")
    chart_repository: Url = Field("https://kedacore.github.io/charts", description="KEDA's Helm repository.")
    chart_source: Annotated[str, Checked("is longer than 4096 characters", None, 4096)] | None = Field(None, description=(
        "Local folder with keda-<version>.tgz for rendered mode (env KEDA_CHART_SOURCE overrides)."))


class Scaled(Protocol):
    """What the rules below read of a service (a :class:`~inference_platform.description.service.Service`
    passes itself): its autoscaling, server, traffic and cold-start estimate."""

    autoscaling: Autoscaling
    server: str
    traffic: Traffic | None
    inference: object | None

    @property
    def cold_start_estimate_seconds(self) -> int: ...


def autoscaling_problems(svc: Scaled) -> Iterator[tuple[tuple, str]]:
    """Rules of a service's autoscaling that need the rest of the service (its server, traffic, probes)."""
    exported = preset(svc.server).metrics
    for i, sig in enumerate(svc.autoscaling.signals):
        with each_valid():
            if sig.signal == "gateway_request_rate" and (svc.traffic is None or not svc.traffic.hosts):
                yield ("autoscaling", "signals", i, "signal"), (
                    "'gateway_request_rate' counts requests at the ingress gateway, but this service has no ingress "
                    "route (traffic is null or has no hosts); add traffic.hosts, or use request_rate")
                continue
            if sig.signal in PICKER_SIGNALS:
                if svc.inference is None:
                    yield ("autoscaling", "signals", i, "signal"), (
                        f"{show(sig.signal)} is what the endpoint picker of the version's InferencePool exports, and "
                        "this service has no inference; add inference, or use queue_depth / running_requests "
                        "(the server's own metrics)")
                continue
            if sig.signal in ("request_rate", "gateway_request_rate", "prometheus") or sig.signal in exported:
                continue
            offer = ", ".join(sorted(exported)) or "none"
            yield ("autoscaling", "signals", i, "signal"), (
                f"{show(sig.signal)} is not a metric server {show(svc.server)} exports (its signals: {offer}); "
                "use one of those, request_rate, gateway_request_rate, or signal: prometheus with your own query")
    yield from scale_to_zero_problems(svc)


def scale_to_zero_problems(svc: Scaled) -> Iterator[tuple[tuple, str]]:
    """Why ``min_replicas: 0`` would drop requests silently for ``svc`` (nothing when it is safe)."""
    scaling = svc.autoscaling
    if scaling.min_replicas != 0:
        return
    where = ("autoscaling", "min_replicas")
    if scaling.has_resource_signal:
        yield where, ("0 needs KEDA metric signals only: cpu/memory utilization is measured on running pods, so "
                      "the HPA never scales from zero; set cpu_utilization and memory_utilization to null")
    if not any(s.signal in FROM_ZERO_SIGNALS for s in scaling.signals):
        yield where, ("0 needs a signal that is non-zero while no pod runs: request rate at the ingress gateway "
                      "(signal: gateway_request_rate) or an external queue (signal: prometheus); the server signals "
                      "and request_rate are measured by the pods themselves and read 0 when none runs, so KEDA "
                      "would never start the first pod")
    if svc.traffic is None:
        yield where, ("0 needs traffic: requests arriving while no pod runs get 503 from Istio; without a route "
                      "there are no retries and no timeout that could wait for the cold start")
        return
    cold = svc.cold_start_estimate_seconds
    if svc.traffic.timeout_seconds < cold:
        yield ("traffic", "timeout_seconds"), (
            f"{svc.traffic.timeout_seconds} is shorter than the cold start ({cold} s) with min_replicas 0: the first "
            f"request after an idle period would time out before its pod is Ready; raise it to at least {cold}")
    if svc.traffic.retries.attempts == 0:
        yield ("traffic", "retries", "attempts"), (
            "0 with min_replicas 0: while no pod runs Istio answers 503 (no healthy upstream); retry on the route "
            "(attempts >= 1) and have clients retry 503 until the first pod is Ready")

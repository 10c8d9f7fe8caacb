"""One AI inference service: container, probes, autoscaling, model versions, traffic, callers."""
from __future__ import annotations

from typing import Annotated, Iterator, Literal, TypeVar

from pydantic import Field, Strict

from inference_platform.description.autoscaling import Autoscaling, autoscaling_problems
from inference_platform.description.base import Model, each_valid, rule
from inference_platform.description.errors import show
from inference_platform.servers import SERVER_NAMES
from inference_platform.kube_names import (INT32_MAX, ISTIO_PROXY_PORTS, KIB, Arg, Checked, DnsLabel, DnsSubdomain,
                                           EnvName, EnvValue, HostName, Image, LabelKey, LabelValue, Quantity, Text,
                                           UrlPath, dns_label)

__all__ = ["Resources", "Probe", "Probes", "Version", "Match", "Retries", "ConnectionPool", "OutlierDetection", "Traffic", "Caller",
           "Service", "SAFE_RETRY_ON", "Items"]

#: Envoy retry conditions that fire only when the request never reached the model server,
#: so a retry cannot run a non-idempotent inference call (and bill its GPU time) twice.
SAFE_RETRY_ON = ("connect-failure", "refused-stream", "reset-before-request", "unavailable", "cancelled")
#: Bytes of arguments and environment per container: keeps a Deployment (which carries them
#: once per version) far below the API server's 1.5 MiB object limit.
CONTAINER_CONFIG_LIMIT = 256 * KIB

#: YAML lists read as tuples: lists are not tuples, so these sequences are lax (items stay strict).
T = TypeVar("T")
Items = Annotated[tuple[T, ...], Strict(False)]
Env = dict[EnvName, EnvValue]
RetryOn = Annotated[str, Checked("can re-run a non-idempotent inference call; allowed: " + ", ".join(SAFE_RETRY_ON),
                                 choices=SAFE_RETRY_ON)]
HeaderName = Annotated[str, Checked("is not an HTTP header name (lower-case token characters, at most 256)",
                                    r"[a-z0-9!#$%&'*+.^_`|~-]+", 256)]
Count = Annotated[int, Field(ge=0, le=INT32_MAX)]


class Resources(Model):
    """Requests for one model-server container; limits equal requests (Guaranteed QoS)."""

    cpu: Quantity = Field("1", description="CPU request and limit (Kubernetes quantity).")
    memory: Quantity = Field("2Gi", description="Memory request and limit.")
    gpu: int = Field(0, ge=0, le=16, description="NVIDIA GPUs (`nvidia.com/gpu`); > 0 also tolerates the GPU node taint.")
    ephemeral_storage: Quantity = Field("1Gi", description=(
        "Ephemeral storage for the container's own writes and logs; the request and limit also count the "
        "cache and /tmp volumes at their size limits, since the kubelet evicts a pod whose disk volumes outgrow it."))


class Probe(Model):
    """A probe against the service port: HTTP GET on ``path``, gRPC health check or TCP connect."""

    type: Literal["http", "grpc", "tcp"] = Field(
        "http", description="http: GET `path`; grpc: the gRPC health-checking protocol; tcp: a TCP connect.")
    path: UrlPath = Field("/health", description="HTTP path (type http only).")
    initial_delay_seconds: int = Field(0, ge=0, le=INT32_MAX, description="Delay before the first probe.")
    period_seconds: int = Field(10, ge=1, le=INT32_MAX, description="Seconds between probes.")
    timeout_seconds: int = Field(2, ge=1, le=INT32_MAX, description="Seconds before a probe times out.")
    failure_threshold: int = Field(3, ge=1, le=INT32_MAX, description=(
        "Failures before the probe fails; for startup probes period_seconds x failure_threshold is the "
        "model-loading budget."))

    @rule
    def _path_only_for_http(self) -> Iterator[tuple[str, str]]:
        if self.type != "http" and "path" in self.model_fields_set:
            yield "path", f"{show(self.path)} is only used by type: http; remove it for type: {self.type}"

    @property
    def budget_seconds(self) -> int:
        """Seconds this probe allows before it fails: initial delay + period x failure threshold."""
        return self.initial_delay_seconds + self.period_seconds * self.failure_threshold


class Probes(Model):
    """Startup, readiness and liveness probes; startup holds the others back while a model loads."""

    startup: Probe | None = Field(None, description="Startup probe (omit for none).")
    readiness: Probe = Field(Probe(), description="Readiness probe.")
    liveness: Probe = Field(Probe(type="tcp", period_seconds=20, timeout_seconds=5, failure_threshold=6), description=(
        "Liveness probe: is the process alive? A failure restarts the container, which reloads the model "
        "for minutes, so the default asks the cheapest question (a TCP connect) with a generous budget "
        "(2 minutes); readiness decides whether the pod takes traffic."))


class Version(Model):
    """One model version behind the service: its own Deployment, HPA and DestinationRule subset."""

    name: dns_label(20) = Field(description="Version label (`version: <name>`) and subset name.")
    weight: int = Field(100, ge=0, le=100, description="Percent of routed traffic; the versions' weights sum to 100.")
    image: Image | None = Field(None, description="Image override for this version (default: the service image).")
    env: Env = Field({}, description="Extra environment for this version (e.g. the model id).")


class Match(Model):
    """One HTTP match; all given conditions must hold."""

    uri_prefix: UrlPath | None = Field(None, description="Path prefix.")
    uri_exact: UrlPath | None = Field(None, description="Exact path.")
    headers: dict[HeaderName, Text] = Field({}, description="Exact header values.")

    @rule
    def _one_uri(self) -> Iterator[tuple[tuple, str]]:
        if self.uri_prefix is not None and self.uri_exact is not None:
            yield (), "give uri_prefix or uri_exact, not both"


class Retries(Model):
    """Route retries. Only conditions where the request never reached the server are allowed."""

    attempts: int = Field(2, ge=0, le=10, description="Retry attempts (0 disables retries).")
    per_try_timeout_seconds: int = Field(10, ge=1, le=INT32_MAX, description="Timeout of each attempt.")
    retry_on: Items[RetryOn] = Field(("connect-failure", "refused-stream", "reset-before-request"),
                                          description="Envoy retry conditions; allowed: " + ", ".join(SAFE_RETRY_ON) + ".")


class ConnectionPool(Model):
    max_connections: int = Field(1024, ge=1, le=INT32_MAX, description="TCP connections per Envoy to the service.")
    http1_max_pending_requests: int = Field(256, ge=1, le=INT32_MAX, description="Queued requests before Envoy sheds load.")
    http2_max_requests: int = Field(1024, ge=1, le=INT32_MAX, description="Concurrent requests.")
    max_requests_per_connection: int = Field(0, ge=0, le=INT32_MAX, description="Requests per connection (0: unlimited).")
    idle_timeout_seconds: int = Field(300, ge=1, le=INT32_MAX, description="Idle connection timeout.")


class OutlierDetection(Model):
    consecutive_5xx_errors: int = Field(5, ge=0, le=INT32_MAX, description="5xx responses before a pod is ejected.")
    interval_seconds: int = Field(30, ge=1, le=INT32_MAX, description="Analysis interval.")
    base_ejection_time_seconds: int = Field(60, ge=1, le=INT32_MAX, description="Minimum ejection time.")
    max_ejection_percent: int = Field(50, ge=0, le=100, description="Most of the pool that may be ejected.")


class Traffic(Model):
    """Istio routing: VirtualService on the ingress Gateway plus the DestinationRule."""

    hosts: Items[HostName] = Field(min_length=1, description="External host names served through the ingress Gateway.")
    matches: Items[Match] = Field((Match(uri_prefix="/"),), min_length=1, description="HTTP matches (any may match).")
    timeout_seconds: int = Field(60, ge=1, le=INT32_MAX, description="Route timeout; long for generation.")
    retries: Retries = Field(Retries(), description="Retry policy.")
    load_balancer: Literal["LEAST_REQUEST", "ROUND_ROBIN", "RANDOM", "PASSTHROUGH"] = Field(
        "LEAST_REQUEST", description="Envoy load-balancing algorithm.")
    connection_pool: ConnectionPool = Field(ConnectionPool(), description="Connection pool limits.")
    outlier_detection: OutlierDetection = Field(OutlierDetection(), description="Ejection of failing pods.")

    @rule
    def _retries_within_timeout(self) -> Iterator[tuple[str, str]]:
        budget = self.retries.attempts * self.retries.per_try_timeout_seconds
        if self.retries.attempts and budget > self.timeout_seconds:
            yield "retries", (f"attempts x per_try_timeout_seconds ({budget}s) exceeds "
                              f"timeout_seconds ({self.timeout_seconds}s)")


class Caller(Model):
    """A workload allowed to call the service (besides the ingress gateway)."""

    namespace: DnsLabel = Field(description="Caller namespace.")
    service_account: DnsSubdomain = Field(description="Caller service account.")


class Service(Model):
    """One AI inference service: workloads, autoscaling and Istio traffic policy."""

    name: dns_label(40, rfc=1035) = Field(description="Service name (DNS-1035 label); names every object of the service.")
    namespace: DnsLabel = Field(description="Namespace; must be listed under namespaces.")
    image: Image = Field(description="Container image, pinned by tag or @sha256 digest.")
    server: Literal[SERVER_NAMES] = Field("generic", description=(
        "The model server the image runs (vllm, tgi, tei, triton or generic): fixes the defaults of its ports, "
        "health paths, metrics and cache environment (see inference_platform/servers.py)."))
    port: int = Field(8000, ge=1, le=65535, description="Container and Service port (not one of Istio's proxy ports).")
    protocol: Literal["http", "grpc"] = Field("http", description=(
        "Application protocol (Istio port-name prefix and appProtocol)."))
    args: Items[Arg] = Field((), description="Container arguments.")
    env: Env = Field({}, description="Environment variables.")
    resources: Resources = Field(Resources(), description="Requests and limits.")
    probes: Probes = Field(Probes(), description="Probes.")
    cache_size_limit: Quantity = Field("20Gi", description="Size of the writable cache volume (model weights, HF_HOME).")
    cold_start_seconds: int | None = Field(None, ge=0, le=INT32_MAX, description=(
        "Estimated seconds from pod start until it serves (image pull + weight loading); default: what the "
        "startup probe allows (initial_delay + period x failure_threshold)."))
    autoscaling: Autoscaling = Field(Autoscaling(), description="Autoscaling per version.")
    versions: Items[Version] = Field((Version(name="v1"),), min_length=1,
                                          description="Model versions and their traffic weights.")
    traffic: Traffic | None = Field(None, description="Ingress routing; omit for a mesh-internal service.")
    callers: Items[Caller] = Field((), description="In-mesh callers admitted by the AuthorizationPolicy.")

    @property
    def cold_start_estimate_seconds(self) -> int:
        """``cold_start_seconds``, else the startup probe's budget, else the readiness probe's."""
        if self.cold_start_seconds is not None:
            return self.cold_start_seconds
        return (self.probes.startup or self.probes.readiness).budget_seconds

    @rule
    def _versions(self) -> Iterator[tuple[tuple, str]]:
        seen: set[str] = set()
        for i, version in enumerate(self.versions):
            with each_valid():
                if version.name in seen:
                    yield ("versions", i, "name"), f"duplicate version {show(version.name)}"
                seen.add(version.name)

    @rule
    def _weights(self) -> Iterator[tuple[str, str]]:
        total = sum(v.weight for v in self.versions)
        if self.versions and total != 100:
            yield "versions", f"weights {' + '.join(str(v.weight) for v in self.versions)} = {total}; they must sum to 100"

    @rule
    def _port_free_of_istio(self) -> Iterator[tuple[str, str]]:
        if self.port in ISTIO_PROXY_PORTS:
            yield "port", (f"{self.port} is the Istio sidecar's {ISTIO_PROXY_PORTS[self.port]} port; allowed: "
                           f"1-65535 except {', '.join(map(str, ISTIO_PROXY_PORTS))}")

    @rule
    def _probes_speak_the_protocol(self) -> Iterator[tuple[tuple, str]]:
        if self.protocol != "grpc":
            return
        for kind in ("startup", "readiness", "liveness"):
            probe = getattr(self.probes, kind)
            if probe is not None and probe.type == "http":
                how = "" if "type" in probe.model_fields_set else " (the default)"
                yield ("probes", kind, "type"), (f"'http'{how} cannot probe the gRPC port {self.port}; "
                                                 "set type: grpc (or tcp)")

    @rule
    def _autoscaling_fits_the_service(self) -> Iterator[tuple[tuple, str]]:
        yield from autoscaling_problems(self)

    @rule
    def _container_config_size(self) -> Iterator[tuple[tuple, str]]:
        base = sum(len(a) + 1 for a in self.args) + sum(len(k) + len(v) + 2 for k, v in self.env.items())
        for i, version in enumerate(self.versions):
            with each_valid():
                size = base + sum(len(k) + len(v) + 2 for k, v in version.env.items())
                if size > CONTAINER_CONFIG_LIMIT:
                    yield ("versions", i), (f"args and env take {size} bytes in this version's container; at most "
                                            f"{CONTAINER_CONFIG_LIMIT} (256 KiB) fit comfortably in one Deployment")

"""The platform description: one typed model of the Istio mesh and its AI inference services.

The YAML file (``platform.yaml``) and Python code build the same frozen dataclasses; keys in
the file are the field names here. ``load_file`` / ``parse`` are strict: unknown keys, wrong
types and broken rules are all reported together, each with its field path (see
``schema.DescriptionError``). ``Platform.environment(name)`` applies an environment's
overrides and re-checks the result.
"""
from __future__ import annotations

import copy
import dataclasses
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator, Literal

import yaml

from inference_platform.schema import DescriptionError, as_plain, convert, join, show, MISSING_VALUE

DNS1123_LABEL = re.compile(r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
DNS1035_LABEL = re.compile(r"^[a-z]([-a-z0-9]*[a-z0-9])?$")
HOSTNAME = re.compile(r"^(\*\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)+$")
QUANTITY = re.compile(r"^(\d+(\.\d+)?|\.\d+)(m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?$")
IMAGE_DIGEST = re.compile(r"@sha256:[0-9a-f]{64}$")
ENV_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
VERSION = re.compile(r"^\d+\.\d+\.\d+$")

#: Envoy retry conditions that fire only when the request never reached the model server,
#: so a retry cannot run a non-idempotent inference call (and bill its GPU time) twice.
SAFE_RETRY_ON = ("connect-failure", "refused-stream", "reset-before-request", "unavailable", "cancelled")


def doc(text: str, **kw: Any) -> Any:
    return field(metadata={"doc": text}, **kw)


def _name_problems(path: str, value: str, *, limit: int = 63, pattern=DNS1123_LABEL, what="a DNS-1123 label") -> Iterator[str]:
    if not pattern.match(value) or len(value) > limit:
        yield (f"{path}: {show(value)} is not {what} (lower-case letters, digits and '-', "
               f"starting and ending with an alphanumeric character, at most {limit} characters)")


def _quantity_problems(path: str, value: str | None) -> Iterator[str]:
    if value is not None and not QUANTITY.match(value):
        yield f"{path}: {show(value)} is not a Kubernetes quantity (e.g. '500m', '2', '16Gi')"


def image_pinning(image: str) -> Literal["pinned", "untagged", "moving"]:
    """How an image reference is pinned: a digest or a non-latest tag pins it.

    Shared by the description loader and the validation gate's ``image-unpinned`` rule.
    """
    if IMAGE_DIGEST.search(image):
        return "pinned"
    last = image.rsplit("/", 1)[-1]
    if ":" not in last:
        return "untagged"
    return "moving" if last.rsplit(":", 1)[1] in ("latest", "") else "pinned"


def _image_problems(path: str, image: str) -> Iterator[str]:
    pinning = image_pinning(image)
    if pinning == "untagged":
        yield f"{path}: {show(image)} is not pinned; add a tag or an @sha256: digest"
    elif pinning == "moving":
        yield f"{path}: {show(image)} uses a moving tag; pin a version tag or an @sha256: digest"


def _range(path: str, value: int | float | None, low: float, high: float | None = None) -> Iterator[str]:
    if value is None:
        return
    if value < low or (high is not None and value > high):
        allowed = f"between {low} and {high}" if high is not None else f"at least {low}"
        yield f"{path}: {show(value)} is out of range; allowed: {allowed}"


# --------------------------------------------------------------------------- services


@dataclass(frozen=True)
class Resources:
    """Requests for one model-server container; limits equal requests (Guaranteed QoS)."""

    cpu: str = doc("CPU request and limit (Kubernetes quantity).", default="1")
    memory: str = doc("Memory request and limit.", default="2Gi")
    gpu: int = doc("NVIDIA GPUs (`nvidia.com/gpu`); > 0 also tolerates the GPU node taint.", default=0)
    ephemeral_storage: str = doc("Ephemeral storage request and limit.", default="1Gi")

    def _problems(self, path: str) -> Iterator[str]:
        yield from _quantity_problems(join(path, "cpu"), self.cpu)
        yield from _quantity_problems(join(path, "memory"), self.memory)
        yield from _quantity_problems(join(path, "ephemeral_storage"), self.ephemeral_storage)
        yield from _range(join(path, "gpu"), self.gpu, 0, 16)


@dataclass(frozen=True)
class Probe:
    """An HTTP GET probe against the service port."""

    path: str = doc("HTTP path.", default="/health")
    initial_delay_seconds: int = doc("Delay before the first probe.", default=0)
    period_seconds: int = doc("Seconds between probes.", default=10)
    timeout_seconds: int = doc("Seconds before a probe times out.", default=2)
    failure_threshold: int = doc("Failures before the probe fails; for startup probes "
                                 "period_seconds x failure_threshold is the model-loading budget.",
                                 default=3)

    def _problems(self, path: str) -> Iterator[str]:
        if not self.path.startswith("/"):
            yield f"{join(path, 'path')}: {show(self.path)} must start with '/'"
        for name in ("initial_delay_seconds",):
            yield from _range(join(path, name), getattr(self, name), 0)
        for name in ("period_seconds", "timeout_seconds", "failure_threshold"):
            yield from _range(join(path, name), getattr(self, name), 1)


@dataclass(frozen=True)
class Probes:
    """Startup, readiness and liveness probes; startup holds the others back while a model loads."""

    startup: Probe | None = doc("Startup probe (omit for none).", default=None)
    readiness: Probe = doc("Readiness probe.", default_factory=Probe)
    liveness: Probe = doc("Liveness probe.", default_factory=Probe)


@dataclass(frozen=True)
class ObjectReference:
    api_version: str = doc("apiVersion of the described object.", default="v1")
    kind: str = doc("Kind of the described object.", default="Service")
    name: str = doc("Name of the described object (same namespace).", default="")

    def _problems(self, path: str) -> Iterator[str]:
        if not self.name:
            yield f"{join(path, 'name')}: required for an Object metric"


@dataclass(frozen=True)
class Metric:
    """An autoscaling/v2 metric beyond CPU/memory (needs a metrics adapter in the cluster)."""

    type: Literal["Pods", "Object", "External"] = doc("Metric source type.")
    name: str = doc("Metric name as the metrics API serves it.")
    target_average_value: str | None = doc("Target per-pod average (Pods, Object or External).", default=None)
    target_value: str | None = doc("Target total value (Object or External).", default=None)
    selector: dict[str, str] = doc("Metric label selector (matchLabels).", default_factory=dict)
    described_object: ObjectReference | None = doc("The object the metric describes (Object only).", default=None)

    def _problems(self, path: str) -> Iterator[str]:
        yield from _quantity_problems(join(path, "target_average_value"), self.target_average_value)
        yield from _quantity_problems(join(path, "target_value"), self.target_value)
        if self.type == "Pods":
            if self.target_average_value is None or self.target_value is not None:
                yield f"{path}: a Pods metric takes target_average_value only"
        elif (self.target_value is None) == (self.target_average_value is None):
            yield f"{path}: an {self.type} metric takes exactly one of target_value and target_average_value"
        if self.type == "Object" and self.described_object is None:
            yield f"{join(path, 'described_object')}: required for an Object metric"
        if self.type != "Object" and self.described_object is not None:
            yield f"{join(path, 'described_object')}: only allowed for an Object metric"


@dataclass(frozen=True)
class ScalingPolicy:
    type: Literal["Pods", "Percent"] = doc("Pods or Percent.")
    value: int = doc("How many pods (or percent) may change per period.")
    period_seconds: int = doc("Window the policy applies to.", default=60)

    def _problems(self, path: str) -> Iterator[str]:
        yield from _range(join(path, "value"), self.value, 1)
        yield from _range(join(path, "period_seconds"), self.period_seconds, 1, 1800)


@dataclass(frozen=True)
class ScalingRules:
    stabilization_window_seconds: int | None = doc("Look-back window before acting.", default=None)
    select_policy: Literal["Max", "Min", "Disabled"] | None = doc("How policies combine.", default=None)
    policies: tuple[ScalingPolicy, ...] = doc("Rate limits.", default=())

    def _problems(self, path: str) -> Iterator[str]:
        yield from _range(join(path, "stabilization_window_seconds"), self.stabilization_window_seconds, 0, 3600)


@dataclass(frozen=True)
class Behavior:
    scale_up: ScalingRules | None = doc("Scale-up rules (Kubernetes default if omitted).", default=None)
    scale_down: ScalingRules | None = doc("Scale-down rules (Kubernetes default if omitted).", default=None)


@dataclass(frozen=True)
class Autoscaling:
    """HorizontalPodAutoscaler (autoscaling/v2) bounds and targets, applied per model version."""

    min_replicas: int = doc("Lower bound; the PodDisruptionBudget keeps min_replicas - 1 available.", default=1)
    max_replicas: int = doc("Upper bound.", default=3)
    cpu_utilization: int | None = doc("Target average CPU utilization in percent of requests (null: none).", default=50)
    memory_utilization: int | None = doc("Target average memory utilization in percent (null: none).", default=None)
    metrics: tuple[Metric, ...] = doc("Pods/Object/External metrics.", default=())
    behavior: Behavior | None = doc("Scaling behavior (stabilization windows and rate policies).", default=None)

    def _problems(self, path: str) -> Iterator[str]:
        yield from _range(join(path, "min_replicas"), self.min_replicas, 1)
        if self.max_replicas < self.min_replicas:
            yield (f"{join(path, 'max_replicas')}: {self.max_replicas} is less than "
                   f"min_replicas ({self.min_replicas})")
        yield from _range(join(path, "cpu_utilization"), self.cpu_utilization, 1, 100)
        yield from _range(join(path, "memory_utilization"), self.memory_utilization, 1, 100)
        if self.cpu_utilization is None and self.memory_utilization is None and not self.metrics:
            yield f"{path}: needs at least one target (cpu_utilization, memory_utilization or metrics)"


@dataclass(frozen=True)
class Version:
    """One model version behind the service: its own Deployment, HPA and DestinationRule subset."""

    name: str = doc("Version label (`version: <name>`) and subset name.")
    weight: int = doc("Percent of routed traffic; the versions' weights sum to 100.", default=100)
    image: str | None = doc("Image override for this version (default: the service image).", default=None)
    env: dict[str, str] = doc("Extra environment for this version (e.g. the model id).", default_factory=dict)

    def _problems(self, path: str) -> Iterator[str]:
        yield from _name_problems(join(path, "name"), self.name, limit=20)
        yield from _range(join(path, "weight"), self.weight, 0, 100)
        if self.image is not None:
            yield from _image_problems(join(path, "image"), self.image)
        for key in self.env:
            if not ENV_NAME.match(key):
                yield f"{join(join(path, 'env'), key)}: not a valid environment variable name"


@dataclass(frozen=True)
class Match:
    """One HTTP match; all given conditions must hold."""

    uri_prefix: str | None = doc("Path prefix.", default=None)
    uri_exact: str | None = doc("Exact path.", default=None)
    headers: dict[str, str] = doc("Exact header values.", default_factory=dict)

    def _problems(self, path: str) -> Iterator[str]:
        if self.uri_prefix is not None and self.uri_exact is not None:
            yield f"{path}: give uri_prefix or uri_exact, not both"
        for key in ("uri_prefix", "uri_exact"):
            value = getattr(self, key)
            if value is not None and not value.startswith("/"):
                yield f"{join(path, key)}: {show(value)} must start with '/'"


@dataclass(frozen=True)
class Retries:
    """Route retries. Only conditions where the request never reached the server are allowed."""

    attempts: int = doc("Retry attempts (0 disables retries).", default=2)
    per_try_timeout_seconds: int = doc("Timeout of each attempt.", default=10)
    retry_on: tuple[str, ...] = doc("Envoy retry conditions; allowed: " + ", ".join(SAFE_RETRY_ON) + ".",
                                    default=("connect-failure", "refused-stream", "reset-before-request"))

    def _problems(self, path: str) -> Iterator[str]:
        yield from _range(join(path, "attempts"), self.attempts, 0, 10)
        yield from _range(join(path, "per_try_timeout_seconds"), self.per_try_timeout_seconds, 1)
        for i, cond in enumerate(self.retry_on):
            if cond not in SAFE_RETRY_ON:
                yield (f"{join(join(path, 'retry_on'), i)}: {show(cond)} can re-run a non-idempotent "
                       f"inference call; allowed: {', '.join(SAFE_RETRY_ON)}")


@dataclass(frozen=True)
class ConnectionPool:
    max_connections: int = doc("TCP connections per Envoy to the service.", default=1024)
    http1_max_pending_requests: int = doc("Queued requests before Envoy sheds load.", default=256)
    http2_max_requests: int = doc("Concurrent requests.", default=1024)
    max_requests_per_connection: int = doc("Requests per connection (0: unlimited).", default=0)
    idle_timeout_seconds: int = doc("Idle connection timeout.", default=300)


@dataclass(frozen=True)
class OutlierDetection:
    consecutive_5xx_errors: int = doc("5xx responses before a pod is ejected.", default=5)
    interval_seconds: int = doc("Analysis interval.", default=30)
    base_ejection_time_seconds: int = doc("Minimum ejection time.", default=60)
    max_ejection_percent: int = doc("Most of the pool that may be ejected.", default=50)

    def _problems(self, path: str) -> Iterator[str]:
        yield from _range(join(path, "max_ejection_percent"), self.max_ejection_percent, 0, 100)


@dataclass(frozen=True)
class Traffic:
    """Istio routing: VirtualService on the ingress Gateway plus the DestinationRule."""

    hosts: tuple[str, ...] = doc("External host names served through the ingress Gateway.")
    matches: tuple[Match, ...] = doc("HTTP matches (any may match).", default=(Match(uri_prefix="/"),))
    timeout_seconds: int = doc("Route timeout; long for generation.", default=60)
    retries: Retries = doc("Retry policy.", default_factory=Retries)
    load_balancer: Literal["LEAST_REQUEST", "ROUND_ROBIN", "RANDOM", "PASSTHROUGH"] = doc(
        "Envoy load-balancing algorithm.", default="LEAST_REQUEST")
    connection_pool: ConnectionPool = doc("Connection pool limits.", default_factory=ConnectionPool)
    outlier_detection: OutlierDetection = doc("Ejection of failing pods.", default_factory=OutlierDetection)

    def _problems(self, path: str) -> Iterator[str]:
        if not self.hosts:
            yield f"{join(path, 'hosts')}: needs at least one host"
        for i, host in enumerate(self.hosts):
            if not HOSTNAME.match(host):
                yield f"{join(join(path, 'hosts'), i)}: {show(host)} is not a DNS host name"
        if not self.matches:
            yield f"{join(path, 'matches')}: needs at least one match"
        yield from _range(join(path, "timeout_seconds"), self.timeout_seconds, 1)
        budget = self.retries.attempts * self.retries.per_try_timeout_seconds
        if self.retries.attempts and budget > self.timeout_seconds:
            yield (f"{join(path, 'retries')}: attempts x per_try_timeout_seconds ({budget}s) exceeds "
                   f"timeout_seconds ({self.timeout_seconds}s)")


@dataclass(frozen=True)
class Caller:
    """A workload allowed to call the service (besides the ingress gateway)."""

    namespace: str = doc("Caller namespace.")
    service_account: str = doc("Caller service account.")

    def _problems(self, path: str) -> Iterator[str]:
        yield from _name_problems(join(path, "namespace"), self.namespace)
        yield from _name_problems(join(path, "service_account"), self.service_account, limit=253)


@dataclass(frozen=True)
class Service:
    """One AI inference service: workloads, autoscaling and Istio traffic policy."""

    name: str = doc("Service name (DNS-1035 label); names every object of the service.")
    namespace: str = doc("Namespace; must be listed under namespaces.")
    image: str = doc("Container image, pinned by tag or @sha256 digest.")
    port: int = doc("Container and Service port.", default=8000)
    protocol: Literal["http", "grpc"] = doc("Application protocol (Istio port-name prefix and appProtocol).", default="http")
    args: tuple[str, ...] = doc("Container arguments.", default=())
    env: dict[str, str] = doc("Environment variables.", default_factory=dict)
    resources: Resources = doc("Requests and limits.", default_factory=Resources)
    probes: Probes = doc("Probes.", default_factory=Probes)
    cache_size_limit: str = doc("Size of the writable cache volume (model weights, HF_HOME).", default="20Gi")
    autoscaling: Autoscaling = doc("Autoscaling per version.", default_factory=Autoscaling)
    versions: tuple[Version, ...] = doc("Model versions and their traffic weights.", default=(Version(name="v1"),))
    traffic: Traffic | None = doc("Ingress routing; omit for a mesh-internal service.", default=None)
    callers: tuple[Caller, ...] = doc("In-mesh callers admitted by the AuthorizationPolicy.", default=())

    def _problems(self, path: str) -> Iterator[str]:
        yield from _name_problems(join(path, "name"), self.name, limit=40, pattern=DNS1035_LABEL,
                                  what="a DNS-1035 label")
        yield from _name_problems(join(path, "namespace"), self.namespace)
        yield from _image_problems(join(path, "image"), self.image)
        yield from _range(join(path, "port"), self.port, 1, 65535)
        yield from _quantity_problems(join(path, "cache_size_limit"), self.cache_size_limit)
        for key in self.env:
            if not ENV_NAME.match(key):
                yield f"{join(join(path, 'env'), key)}: not a valid environment variable name"
        if not self.versions:
            yield f"{join(path, 'versions')}: needs at least one version"
        seen: set[str] = set()
        for i, version in enumerate(self.versions):
            if version.name in seen:
                yield f"{join(join(path, 'versions'), i)}.name: duplicate version {show(version.name)}"
            seen.add(version.name)
        total = sum(v.weight for v in self.versions)
        if self.versions and total != 100:
            weights = " + ".join(str(v.weight) for v in self.versions)
            yield f"{join(path, 'versions')}: weights {weights} = {total}; they must sum to 100"


# --------------------------------------------------------------------------- mesh


@dataclass(frozen=True)
class Namespace:
    name: str = doc("Namespace name; labelled for sidecar injection.")
    labels: dict[str, str] = doc("Extra labels.", default_factory=dict)

    def _problems(self, path: str) -> Iterator[str]:
        yield from _name_problems(join(path, "name"), self.name)


@dataclass(frozen=True)
class ComponentScaling:
    min_replicas: int = doc("Lower bound.", default=1)
    max_replicas: int = doc("Upper bound.", default=5)
    cpu_utilization: int = doc("Target CPU utilization percent.", default=80)

    def _problems(self, path: str) -> Iterator[str]:
        yield from _range(join(path, "min_replicas"), self.min_replicas, 1)
        if self.max_replicas < self.min_replicas:
            yield (f"{join(path, 'max_replicas')}: {self.max_replicas} is less than "
                   f"min_replicas ({self.min_replicas})")
        yield from _range(join(path, "cpu_utilization"), self.cpu_utilization, 1, 100)


@dataclass(frozen=True)
class ComponentResources:
    cpu: str = doc("CPU request.", default="500m")
    memory: str = doc("Memory request and limit.", default="2Gi")
    cpu_limit: str = doc("CPU limit.", default="2")

    def _problems(self, path: str) -> Iterator[str]:
        for key in ("cpu", "memory", "cpu_limit"):
            yield from _quantity_problems(join(path, key), getattr(self, key))


@dataclass(frozen=True)
class Istiod:
    resources: ComponentResources = doc("istiod (pilot) resources.", default_factory=ComponentResources)
    autoscaling: ComponentScaling = doc("istiod HPA.", default_factory=ComponentScaling)


@dataclass(frozen=True)
class MeshConfig:
    access_logs: bool = doc("Envoy access logs to stdout.", default=True)
    outbound_traffic_policy: Literal["ALLOW_ANY", "REGISTRY_ONLY"] = doc(
        "REGISTRY_ONLY blocks egress to hosts without a ServiceEntry.", default="ALLOW_ANY")
    hold_application_until_proxy_starts: bool = doc(
        "Start the model server only once its sidecar is ready.", default=True)


@dataclass(frozen=True)
class GatewayPort:
    name: str = doc("Port name (Istio protocol prefix).")
    port: int = doc("Service port.")
    target_port: int = doc("Container port.")
    protocol: Literal["TCP"] = doc("L4 protocol.", default="TCP")

    def _problems(self, path: str) -> Iterator[str]:
        yield from _name_problems(join(path, "name"), self.name, limit=15)


@dataclass(frozen=True)
class IngressGateway:
    """The Istio ingress gateway deployment (gateway chart) and its Istio Gateway resource."""

    name: str = doc("Release/Deployment name; pods get `istio: <name without istio->`.", default="istio-ingressgateway")
    namespace: str = doc("Its own namespace.", default="istio-ingress")
    service_type: Literal["LoadBalancer", "NodePort", "ClusterIP"] = doc("Service type.", default="LoadBalancer")
    ports: tuple[GatewayPort, ...] = doc("Service ports.", default=(
        GatewayPort(name="status-port", port=15021, target_port=15021),
        GatewayPort(name="http2", port=80, target_port=80),
        GatewayPort(name="https", port=443, target_port=443)))
    autoscaling: ComponentScaling = doc("Gateway HPA.", default_factory=lambda: ComponentScaling(min_replicas=2))
    tls_credential_name: str | None = doc("Secret (in the gateway namespace) with the TLS certificate; "
                                          "null serves plain HTTP only.", default=None)

    def _problems(self, path: str) -> Iterator[str]:
        yield from _name_problems(join(path, "name"), self.name)
        yield from _name_problems(join(path, "namespace"), self.namespace)

    @property
    def selector_label(self) -> str:
        return self.name.removeprefix("istio-")


@dataclass(frozen=True)
class Istio:
    """The Istio install: pinned version, control plane, mesh config and ingress gateway."""

    version: str = doc("Istio release (charts and images).", default="1.30.3")
    mode: Literal["controller-managed", "rendered"] = doc(
        "controller-managed: Flux HelmReleases / Argo CD Applications install the charts; "
        "rendered: `helm template` output is written into dist/.", default="controller-managed")
    chart_repository: str = doc("Helm repository of the official charts.",
                                default="https://istio-release.storage.googleapis.com/charts")
    chart_source: str | None = doc("Local folder or .tgz directory with base/istiod/gateway charts for "
                                   "rendered mode (env ISTIO_CHART_SOURCE overrides).", default=None)
    revision: str = doc("Control-plane revision ('' = default revision).", default="")
    root_namespace: str = doc("Istio root namespace (istiod, mesh-wide policy).", default="istio-system")
    istiod: Istiod = doc("Control plane.", default_factory=Istiod)
    mesh: MeshConfig = doc("Mesh config.", default_factory=MeshConfig)
    gateway: IngressGateway = doc("Ingress gateway.", default_factory=IngressGateway)

    def _problems(self, path: str) -> Iterator[str]:
        if not VERSION.match(self.version):
            yield f"{join(path, 'version')}: {show(self.version)} is not a release version like '1.30.3'"
        if self.revision:
            yield from _name_problems(join(path, "revision"), self.revision)
        yield from _name_problems(join(path, "root_namespace"), self.root_namespace)


@dataclass(frozen=True)
class GitOps:
    """Where the controllers find dist/ and which entry points to write."""

    engines: tuple[Literal["flux", "argocd"], ...] = doc("Entry points to emit.", default=("flux", "argocd"))
    repository_url: str = doc("Git URL of this repository.", default="https://github.com/example/ai-platform.git")
    branch: str = doc("Branch the controllers follow.", default="main")
    dist_path: str = doc("Path of dist/ inside the repository.", default="dist")
    flux_namespace: str = doc("Flux namespace.", default="flux-system")
    argocd_namespace: str = doc("Argo CD namespace.", default="argocd")
    interval_minutes: int = doc("Reconcile interval.", default=10)

    def _problems(self, path: str) -> Iterator[str]:
        if not self.engines:
            yield f"{join(path, 'engines')}: needs at least one of flux, argocd"
        if len(set(self.engines)) != len(self.engines):
            yield f"{join(path, 'engines')}: {show(list(self.engines))} lists an engine twice"
        yield from _range(join(path, "interval_minutes"), self.interval_minutes, 1)


@dataclass(frozen=True)
class Platform:
    """The whole description. ``environments`` maps a name to overrides of the keys above."""

    name: str = doc("Platform name (GitOps object names).", default="ai-platform")
    kubernetes_version: str = doc("Target Kubernetes minor version (validation schemas).", default="1.34")
    istio: Istio = doc("Istio install.", default_factory=Istio)
    gitops: GitOps = doc("GitOps wiring.", default_factory=GitOps)
    namespaces: tuple[Namespace, ...] = doc("Application namespaces.", default=())
    services: tuple[Service, ...] = doc("AI services.", default=())
    environments: dict[str, dict[str, Any]] = doc(
        "Per-environment overrides: any key above; `services` is a map from service name to "
        "overrides. Each environment is written to dist/<env>/.", default_factory=dict)
    allow_prune: tuple[str, ...] = doc("Layers (`<env>/<layer>`) allowed to lose most of their objects "
                                       "in this synth (prune guard).", default=())

    def _problems(self, path: str) -> Iterator[str]:
        yield from _name_problems(join(path, "name"), self.name)
        if not re.match(r"^1\.(3[2-6])$", self.kubernetes_version):
            yield (f"{join(path, 'kubernetes_version')}: {show(self.kubernetes_version)} is outside "
                   "Istio 1.30's supported range; allowed: 1.32 to 1.36")
        declared = [n.name for n in self.namespaces]
        reserved = {self.istio.root_namespace, self.istio.gateway.namespace}
        for i, ns in enumerate(self.namespaces):
            if declared.index(ns.name) != i:
                yield f"namespaces[{i}].name: duplicate namespace {show(ns.name)}"
            if ns.name in reserved:
                yield f"namespaces[{i}].name: {show(ns.name)} is reserved for Istio"
        seen: dict[str, int] = {}
        hosts: dict[str, str] = {}
        for i, svc in enumerate(self.services):
            if svc.name in seen:
                yield f"services[{i}].name: duplicate service {show(svc.name)} (also services[{seen[svc.name]}])"
            seen.setdefault(svc.name, i)
            if svc.namespace not in declared:
                yield (f"services[{i}].namespace: {show(svc.namespace)} is not declared; "
                       f"declared: {', '.join(declared) or 'none'}")
            for j, host in enumerate(svc.traffic.hosts if svc.traffic else ()):
                if host in hosts and hosts[host] != svc.name:
                    yield f"services[{i}].traffic.hosts[{j}]: {show(host)} is already served by {hosts[host]}"
                hosts.setdefault(host, svc.name)
        for env in self.environments:
            yield from _name_problems(f"environments.{env}", env, limit=30)

    # ----------------------------------------------------------------- environments

    def environment(self, name: str) -> "Platform":
        """This platform with environment ``name``'s overrides applied and re-checked."""
        overrides = self.environments[name]
        problems: list[str] = []
        merged = merge_overrides(as_plain(self), overrides, f"environments.{name}", problems)
        merged["environments"] = {}
        merged_problems: list[str] = []
        resolved = convert(Platform, merged, "", merged_problems)
        problems += [f"environments.{name}: {p}" for p in merged_problems]
        if problems:
            raise DescriptionError(problems)
        return resolved

    def environment_names(self) -> list[str]:
        return list(self.environments) or ["default"]

    def resolved_environments(self) -> dict[str, "Platform"]:
        if not self.environments:
            return {"default": self}
        return {name: self.environment(name) for name in self.environments}


def merge_overrides(base: dict, overrides: Any, path: str, problems: list[str]) -> dict:
    """Deep-merge overrides; ``services`` overrides are keyed by service name."""
    if not isinstance(overrides, dict):
        problems.append(f"{path}: {show(overrides)} is not a mapping")
        return base
    merged = copy.deepcopy(base)
    for key, value in overrides.items():
        if key == "services":
            if not isinstance(value, dict):
                problems.append(f"{path}.services: {show(value)} is not a mapping from service name to overrides")
                continue
            by_name = {s["name"]: s for s in merged["services"]}
            for svc_name, svc_over in value.items():
                if svc_name not in by_name:
                    problems.append(f"{path}.services.{svc_name}: no such service; known: {', '.join(by_name) or 'none'}")
                    continue
                new = _deep_merge(by_name[svc_name], svc_over, f"{path}.services.{svc_name}", problems)
                merged["services"] = [new if s["name"] == svc_name else s for s in merged["services"]]
        elif key == "environments":
            problems.append(f"{path}.environments: environments cannot be nested")
        else:
            merged[key] = _deep_merge(merged.get(key), value, f"{path}.{key}", problems) if key in merged else value
    return merged


def _deep_merge(base: Any, over: Any, path: str, problems: list[str]) -> Any:
    if isinstance(base, dict) and isinstance(over, dict):
        out = dict(base)
        for k, v in over.items():
            out[k] = _deep_merge(base[k], v, f"{path}.{k}", problems) if k in base else v
        return out
    return over


# --------------------------------------------------------------------------- loading


def parse(data: Any) -> Platform:
    """Build a Platform from plain data, reporting every problem (base and environments)."""
    problems: list[str] = []
    platform = convert(Platform, data, "", problems)
    if problems:
        raise DescriptionError(problems)
    for env in platform.environments:
        try:
            platform.environment(env)
        except DescriptionError as err:
            problems.extend(err.problems)
    if problems:
        raise DescriptionError(problems)
    return platform


def check(platform: Platform) -> Platform:
    """Re-check a Platform built in Python (types and rules) exactly like the file loader."""
    return parse(as_plain(platform))


def load_file(path: str | Path) -> Platform:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as err:
        raise DescriptionError([f"{path}: cannot read the description ({err.strerror})"]) from None
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        raise DescriptionError([f"{path}: not valid YAML{where}: {getattr(err, 'problem', err)}"]) from None
    return parse(data if data is not None else {})

"""One AI inference service: container, probes, autoscaling, model versions, traffic, callers.

The pod's parts beyond the container (ports, env sources, placement, cache) are in ``pod``, the
traffic policy in ``traffic``, autoscaling in ``autoscaling``; the defaults a server preset
fills in are the ``Service`` properties below (``port_list``, ``metrics_port``, ``cache_env``, ...):
computed once per (frozen) Service, since the synth reads them dozens of times per service.

Over 300 lines on purpose: ``Service`` is one pydantic model, and the rules that cross its fields
(ports across the server and its sidecars, probes against ports, credentials in every string, the
rollout against its GPUs, the pool against its ports) run on the class they are declared on; what
stands alone is in ``pod``, ``containers``, ``env``, ``resources``, ``rollout``, ``traffic``,
``autoscaling``, ``inference`` and ``patches``.
"""
from __future__ import annotations

import functools
from functools import cached_property
from typing import Annotated, Iterator, Literal

from pydantic import Field

from inference_platform.contract import RUN_AS
from inference_platform.description.autoscaling import Autoscaling, autoscaling_problems
from inference_platform.description.base import Items, Model, each_valid, rule
from inference_platform.description.inference import Inference
from inference_platform.description.errors import show
from inference_platform.description.traffic import (SAFE_RETRY_ON, ConnectionPool, Match, OutlierDetection,
                                                    Retries, Traffic)
from inference_platform.description.containers import SERVER_CONTAINER, InitContainer
from inference_platform.description.env import Env, ResourceField
from inference_platform.description.patches import Patch
from inference_platform.description.pod import (AnnotationValue, Cache, EnvFrom, NodeRequirement, PortName, Scrape,
                                                ServicePort, Toleration, TopologySpread, pod_metadata_problems)
from inference_platform.description.resources import Resources
from inference_platform.description.rollout import Rollout, rollout_problems
from inference_platform.credentials import credential_arguments, credential_in, looks_like_credential
from inference_platform.catalog.servers import SERVER_NAMES, ServerPreset, preset
from inference_platform.kube_names import (INT32_MAX, KIB, Arg, DnsLabel, DnsSubdomain, HostName,
                                           Image, LabelKey, LabelValue, UrlPath, dns_label)

__all__ = ["Resources", "Rollout", "Probe", "LivenessProbe", "Probes", "Version", "Match", "Retries", "ConnectionPool", "OutlierDetection",
           "Traffic", "Caller", "Service", "SAFE_RETRY_ON", "Items", "CACHE_PATH", "PROBE_KINDS"]

#: Bytes of arguments and environment per container: keeps a Deployment (which carries them
#: once per version) far below the API server's 1.5 MiB object limit.
CONTAINER_CONFIG_LIMIT = 256 * KIB
#: The writable volume every cache and $HOME of the server points at.
CACHE_PATH = "/cache"
#: The lowest UID outside the host users' range (checkov CKV_K8S_40, which the gate runs, asks for it).
MIN_UID = 10000
PROBE_KINDS = ("startup", "readiness", "liveness")


@functools.cache
def _preset_ports(server: str) -> tuple[ServicePort, ...]:
    """A server preset's ports as the description's (frozen) port models, made once per server."""
    return tuple(ServicePort(name=p.name, port=p.port, protocol=p.protocol) for p in preset(server).ports)


Count = Annotated[int, Field(ge=0, le=INT32_MAX)]


class Probe(Model):
    """A probe against a named port: HTTP GET on ``path``, gRPC health check or TCP connect."""

    type: Literal["http", "grpc", "tcp"] = Field(
        "http", description="http: GET `path`; grpc: the gRPC health-checking protocol; tcp: a TCP connect.")
    path: UrlPath | None = Field(None, description=(
        "HTTP path (type http only); null: the server preset's readiness path (liveness: its liveness path "
        "when it has one), else /health."))
    port: PortName | None = Field(None, description=(
        "Name of the port probed; null: the first port of the probe's protocol (http: the first http port, "
        "grpc: the first grpc port, tcp: the first port) that is not the metrics port."))
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


class LivenessProbe(Probe):
    """The liveness probe: a partial mapping merges with these defaults (a TCP connect, 20 s x 6)."""

    type: Literal["http", "grpc", "tcp"] = Field(
        "tcp", description="tcp (default): a TCP connect; http: GET `path`; grpc: the gRPC health-checking protocol.")
    period_seconds: int = Field(20, ge=1, le=INT32_MAX, description="Seconds between probes.")
    timeout_seconds: int = Field(5, ge=1, le=INT32_MAX, description="Seconds before a probe times out.")
    failure_threshold: int = Field(6, ge=1, le=INT32_MAX, description="Failures before the container is restarted.")


class Probes(Model):
    """Startup, readiness and liveness probes; startup holds the others back while a model loads."""

    startup: Probe | None = Field(None, description="Startup probe (omit for none).")
    readiness: Probe = Field(Probe(), description="Readiness probe.")
    liveness: LivenessProbe = Field(LivenessProbe(), description=(
        "Liveness probe: is the process alive? A failure restarts the container, which reloads the model "
        "for minutes, so the default asks the cheapest question (a TCP connect) with a generous budget "
        "(2 minutes); readiness decides whether the pod takes traffic. A partial mapping keeps these defaults "
        "for the keys it leaves out."))


class Version(Model):
    """One model version behind the service: its own Deployment, HPA and DestinationRule subset."""

    name: dns_label(20) = Field(description="Version label (`version: <name>`) and subset name.")
    weight: int = Field(100, ge=0, le=100, description="Percent of routed traffic; the versions' weights sum to 100.")
    image: Image | None = Field(None, description="Image override for this version (default: the service image).")
    env: Env = Field({}, description="Extra environment for this version (e.g. the model id).")


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
        "health paths, metrics and cache environment (see inference_platform/catalog/servers.py)."))
    ports: Items[ServicePort] | None = Field(None, min_length=1, description=(
        "Named ports of the container and the Service; null: the server preset's (e.g. triton: http-api 8000, "
        "grpc-api 8001, http-metrics 8002). Callers reach every port but a dedicated metrics port."))
    scrape: Scrape | None = Field(None, description=(
        "Where Prometheus scrapes metrics; null: the server preset's metrics port and path (none for generic)."))
    args: Items[Arg] = Field((), description="Container arguments.")
    env: Env = Field({}, description=(
        "Environment variables: a string, or `{secret: <name>, key: <key>}` / `{config_map: <name>, key: <key>}` "
        "read from an existing object, or from the pod itself (the Downward API): `{field: status.podIP}` "
        "(also status.hostIP, spec.nodeName, metadata.name, metadata.namespace, spec.serviceAccountName, ...) or "
        "`{resource: limits.memory, divisor: 1Mi}` (a container's request or limit); credential-looking names (*_TOKEN, *_KEY, *_SECRET, *_CREDENTIALS, *PASSWORD*) "
        "must not be literals. "
        "Overrides the server preset's cache environment."))
    image_pull_secrets: Items[DnsSubdomain] = Field((), description="Secrets (same namespace) to pull the image with.")
    resources: Resources = Field(Resources(), description="Requests and limits.")
    rollout: Rollout = Field(Rollout(), description=(
        "How each version's Deployment replaces its pods (default for GPU and accelerator services: one pod down "
        "at a time, no surge pod, so it completes on a full GPU pool; see docs/model-servers.md)."))
    probes: Probes = Field(Probes(), description="Probes.")
    cache: Cache = Field(Cache(), description="Model cache and the writable volume at /cache.")
    node_selector: dict[LabelKey, LabelValue] = Field({}, description="Node labels the pods require (e.g. a GPU pool).")
    node_affinity: Items[NodeRequirement] = Field((), description=(
        "Node label requirements, all of which must hold (required node affinity)."))
    tolerations: Items[Toleration] = Field((), description=(
        "Node taints tolerated besides `nvidia.com/gpu` (which GPU services always tolerate)."))
    pod_labels: dict[LabelKey, LabelValue] = Field({}, description=(
        "Extra labels on the pods (not the platform's own: app, version, app.kubernetes.io/*, nor Istio's or the "
        "GitOps engines')."))
    pod_annotations: dict[LabelKey, AnnotationValue] = Field({}, description=(
        "Extra annotations on the pods (not the platform's own, inference-platform.io/* and prometheus.io/*, nor "
        "Istio's *.istio.io, which would change the sidecar the mesh's security relies on)."))
    runtime_class_name: DnsSubdomain | None = Field(None, description="RuntimeClass (e.g. `nvidia`); null: the node default.")
    priority_class_name: DnsSubdomain | None = Field(None, description="PriorityClass of the pods.")
    topology_spread: Items[TopologySpread] = Field((), description="Spread of each version's pods over zones or hosts.")
    pod_anti_affinity: Literal["none", "preferred", "required"] | None = Field(None, description=(
        "Keep the service's pods on different nodes; null: preferred for GPU services (a node failure takes one "
        "replica), none otherwise."))
    run_as_user: int = Field(RUN_AS, ge=1, le=INT32_MAX, description=(
        f"UID and GID of the container (non-root, at least {MIN_UID}: outside the host users' range)."))
    fs_group: int = Field(RUN_AS, ge=0, le=INT32_MAX, description="Group owning the mounted volumes.")
    read_only_root_filesystem: bool = Field(True, description=(
        "Read-only root filesystem (required: the gate's policy refuses false); the server writes only to /cache "
        "(its cache environment) and /tmp."))
    egress: Items[HostName] = Field((), description=(
        "Hosts outside the mesh this service reaches over TLS (port 443), e.g. a model registry: a ServiceEntry "
        "in the mesh layer visible to this namespace."))
    cold_start_seconds: int | None = Field(None, ge=0, le=INT32_MAX, description=(
        "Estimated seconds from pod start until it serves (image pull + weight loading); default: what the "
        "startup probe allows (initial_delay + period x failure_threshold)."))
    autoscaling: Autoscaling = Field(Autoscaling(), description="Autoscaling per version.")
    versions: Items[Version] = Field((Version(name="v1"),), min_length=1,
                                          description="Model versions and their traffic weights.")
    traffic: Traffic | None = Field(None, description="Ingress routing; omit for a mesh-internal service.")
    callers: Items[Caller] = Field((), description="In-mesh callers admitted by the AuthorizationPolicy.")
    init_containers: Items[InitContainer] = Field((), description=(
        "Containers run before the server (a model or adapter download) or beside it (`sidecar: true`: a routing or "
        "KV-transfer sidecar), in this order, with the server's hardening; see docs/model-servers.md."))
    patches: Items[Patch] = Field((), description=(
        "Changes to the generated objects the description cannot express (strategic merge or RFC 6902), applied "
        "in order by the synth and checked by the gate; not the names, namespaces, selectors or the labels and "
        "annotations the platform and Istio own. An environment's `patches` replace the service's. See "
        "docs/reference.md, \"Patches\"."))
    inference: Inference | None = Field(None, description=(
        "Inference-aware routing: InferencePools and an endpoint picker on a Gateway API Gateway (public hosts "
        "only; docs/inference-routing.md); null: the gateway's load balancer."))

    # ----------------------------------------------------------------- what the preset fills in

    @cached_property
    def server_preset(self) -> ServerPreset:
        return preset(self.server)

    @cached_property
    def port_list(self) -> tuple[ServicePort, ...]:
        """The declared ports, else the server preset's."""
        if self.ports is not None:
            return self.ports
        return _preset_ports(self.server)

    @cached_property
    def metrics_port(self) -> ServicePort | None:
        """The port Prometheus scrapes (``scrape.port``, else the preset's metrics port if the service has it)."""
        name = self.scrape.port if self.scrape else self.server_preset.metrics_port
        return next((p for p in self.port_list if p.name == name), None)

    @cached_property
    def metrics_path(self) -> str:
        return self.scrape.path if self.scrape else self.server_preset.metrics_path

    @cached_property
    def metrics_share_the_api_port(self) -> bool:
        """Whether metrics are served on the API port (vLLM, TGI) rather than on a port of their own.

        Decided by the ports' roles, never their order: the API port is the one named like the server
        preset's (``http-api``), else, when no port has that name, the only port there is.
        """
        metrics = self.metrics_port
        if metrics is None:
            return False
        names = [p.name for p in self.port_list]
        api = self.server_preset.ports[0].name
        return metrics.name == api if api in names else len(names) == 1

    @cached_property
    def pod_ports(self) -> tuple[ServicePort, ...]:
        """Every port of the pod: the server's (:attr:`port_list`), then its sidecars'."""
        return self.port_list + tuple(p for c in self.init_containers if c.sidecar for p in c.ports)

    @cached_property
    def bypass_ports(self) -> tuple[ServicePort, ...]:
        """The pod's ports past the Istio sidecar (``mesh: bypass``): reached by pod IP, guarded by the
        NetworkPolicy alone."""
        return tuple(p for p in self.pod_ports if p.mesh == "bypass")

    @cached_property
    def service_ports(self) -> tuple[ServicePort, ...]:
        """The Kubernetes Service's ports: every port of the pod through the sidecar."""
        return tuple(p for p in self.pod_ports if p.mesh != "bypass")

    @cached_property
    def api_ports(self) -> tuple[ServicePort, ...]:
        """Ports callers use through the sidecar: every port of the pod (sidecars' included) but a dedicated
        metrics port (vLLM and TGI serve metrics on the API port), wherever the metrics port is listed, and
        the ports that bypass the sidecar."""
        metrics, ports = self.metrics_port, self.service_ports
        if metrics is None or self.metrics_share_the_api_port:
            return ports
        return tuple(p for p in ports if p.name != metrics.name)

    def probe_port(self, probe: Probe) -> ServicePort | None:
        """The port ``probe`` asks: its ``port``, else the first of the server's API ports speaking its protocol."""
        if probe.port is not None:
            return next((p for p in self.port_list if p.name == probe.port), None)
        wanted = {"http": ("http",), "grpc": ("grpc",), "tcp": ("http", "grpc", "tcp")}[probe.type]
        own = {p.name for p in self.port_list}
        return next((p for p in self.api_ports if p.protocol in wanted and p.name in own), None)

    def probe_path(self, kind: str) -> str:
        probe = getattr(self.probes, kind)
        if probe.path is not None:
            return probe.path
        server = self.server_preset
        return (server.liveness_path if kind == "liveness" else None) or server.readiness_path or "/health"

    @cached_property
    def cache_env(self) -> dict[str, str]:
        """The preset's cache environment at :data:`CACHE_PATH` (the service's env overrides it)."""
        return self.server_preset.cache_environment(CACHE_PATH)

    @property
    def download_hosts(self) -> tuple[str, ...]:
        """Hosts the server fetches weights from at start: none when the weights are on a claim or the hub is offline."""
        offline = self.env.get("HF_HUB_OFFLINE")
        if self.cache.type == "pvc" or (isinstance(offline, str) and offline.lower() in ("1", "true", "yes", "on")):
            return ()
        endpoint = self.env.get("HF_ENDPOINT")
        if isinstance(endpoint, str) and self.server_preset.download_hosts:
            return (endpoint.split("://", 1)[-1].split("/", 1)[0].split(":", 1)[0],)
        return self.server_preset.download_hosts

    @cached_property
    def spread_pods(self) -> str:
        """The effective pod anti-affinity (``pod_anti_affinity``, default preferred for GPU services)."""
        if self.pod_anti_affinity is not None:
            return self.pod_anti_affinity
        return "preferred" if self.resources.accelerators else "none"

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
    def _spreads_once(self) -> Iterator[tuple[tuple, str]]:
        # The API server refuses two constraints with the same topologyKey and whenUnsatisfiable (Duplicate value).
        first: dict[tuple[str, str], int] = {}
        for i, spread in enumerate(self.topology_spread):
            with each_valid():
                key = (spread.over, spread.when_unsatisfiable)
                if key in first:
                    yield ("topology_spread", i), (
                        f"spreads over {spread.over} with {spread.when_unsatisfiable} again (as topology_spread"
                        f"[{first[key]}]); the API server refuses two constraints with the same topology key and "
                        "whenUnsatisfiable: keep one")
                first.setdefault(key, i)

    def _declared_ports(self) -> Iterator[tuple[tuple, ServicePort]]:
        """(location as written, port) of every port the description declares: the server's, then sidecars'."""
        for i, port in enumerate(self.ports or ()):
            yield ("ports", i), port
        for j, container in enumerate(self.init_containers):
            with each_valid():
                for i, port in enumerate(container.ports):
                    yield ("init_containers", j, "ports", i), port

    @rule
    def _distinct_ports(self) -> Iterator[tuple[tuple, str]]:
        # One pod, one Service: names and numbers are unique across the server and its sidecars.
        declared = list(self._declared_ports())
        if self.ports is None and any(where[0] == "init_containers" for where, _ in declared):
            declared = [(("the server preset's ports",), p) for p in self.port_list] + declared
        for key in ("name", "port"):
            first: dict = {}
            for where, port in declared:
                with each_valid():
                    value = getattr(port, key)
                    if value in first:
                        yield (*where, key), f"{show(value)} is already used by {_written(first[value])}"
                    first.setdefault(value, where)

        # The Service's ports (published numbers) are distinct too; a clash of container ports is reported above.
        published: dict[int, tuple] = {}
        containers: set[int] = set()
        for where, port in declared:
            with each_valid():
                if port.mesh != "bypass":
                    if port.published in published:
                        key = "port" if port.service_port is None else "service_port"
                        if key == "service_port" or port.port not in containers:
                            yield (*where, key), (f"{port.published} is already the Service port of "
                                                  f"{_written(published[port.published])}")
                    published.setdefault(port.published, where)
                containers.add(port.port)

    @rule
    def _bypass_ports_fit(self) -> Iterator[tuple[tuple, str]]:
        metrics = self.metrics_port
        for where, port in self._declared_ports():
            with each_valid():
                if port.mesh != "bypass":
                    continue
                if metrics is not None and port.name == metrics.name:
                    yield (*where, "mesh"), ("the metrics port is scraped through the sidecar (Istio's metrics "
                                             "merging); it cannot bypass it")
                for kind in PROBE_KINDS:
                    probe = getattr(self.probes, kind)
                    if probe is not None and probe.port == port.name and probe.type != "tcp":
                        yield ("probes", kind, "port"), (f"{show(port.name)} bypasses the sidecar, which rewrites "
                                                         "HTTP and gRPC probes; probe it with type: tcp")

    @rule
    def _init_containers(self) -> Iterator[tuple[tuple, str]]:
        names = {SERVER_CONTAINER: ("the model server",)}
        for j, container in enumerate(self.init_containers):
            with each_valid():
                if container.name in names and container.name != SERVER_CONTAINER:
                    yield ("init_containers", j, "name"), (f"{show(container.name)} is already the name of "
                                                           f"{_written(names[container.name])}")
                names.setdefault(container.name, ("init_containers", j))
            with each_valid():
                uid = container.run_as_user
                if uid is not None and uid < MIN_UID:
                    yield ("init_containers", j, "run_as_user"), (
                        f"{uid} is in the range of host users (below {MIN_UID}): a container escape would act as that "
                        f"user on the node, and `make validate` refuses it (checkov CKV_K8S_40); use {RUN_AS} or "
                        f"another UID of at least {MIN_UID}")
        known = list(names)
        for where, env in self._env_places():
            with each_valid():
                for name, value in env.items():
                    if isinstance(value, ResourceField) and value.container is not None \
                            and value.container not in known:
                        yield (*where, name, "container"), (f"{show(value.container)} names no container of the pod; "
                                                            f"containers: {', '.join(known)}")

    def _env_places(self) -> list[tuple[tuple, Env]]:
        """(location as written, environment) of every environment the description sets."""
        return ([(("env",), self.env)] + [(("versions", i, "env"), v.env) for i, v in enumerate(self.versions)]
                + [(("init_containers", j, "env"), c.env) for j, c in enumerate(self.init_containers)])

    @rule
    def _scrape_names_a_port(self) -> Iterator[tuple[tuple, str]]:
        names = [p.name for p in self.port_list]
        if self.scrape is not None and self.scrape.port not in names:
            yield ("scrape", "port"), f"{show(self.scrape.port)} names no port; ports: {', '.join(names)}"

    @rule
    def _metrics_path_opens_nothing_else(self) -> Iterator[tuple[tuple, str]]:
        # The metrics path reaches the AuthorizationPolicy as a rule admitting it from any source without
        # mTLS (Prometheus scrapes outside the mesh). On a port it shares with the API, any other path is
        # an API endpoint: only the server's own metrics path is opened there.
        # A server that serves metrics on its API port (vLLM, TGI) does so whatever the ports are named: a port
        # scraped there is an API port too.
        preset = self.server_preset
        serves_on_the_api = preset.metrics_port is not None and preset.metrics_port == preset.ports[0].name
        if self.scrape is None or not (self.metrics_share_the_api_port or serves_on_the_api):
            return
        own = self.server_preset.metrics_path
        if self.scrape.path != own:
            yield ("scrape", "path"), (
                f"{show(self.scrape.path)} would be admitted from every workload without mTLS on port "
                f"{show(self.scrape.port)}, which the API shares, opening that API path to the whole cluster; "
                f"on a shared API port only the server's metrics path {show(own)} is allowed: serve metrics "
                "on a port of their own to scrape another path")

    @rule
    def _traffic_has_a_routed_port(self) -> Iterator[tuple[str, str]]:
        if self.traffic is not None and not any(p.protocol in ("http", "grpc") for p in self.api_ports):
            yield "traffic", "the ingress routes HTTP and gRPC only, and this service has no http or grpc port"

    @rule
    def _probes_speak_the_protocol(self) -> Iterator[tuple[tuple, str]]:
        names = [p.name for p in self.port_list]
        for kind in PROBE_KINDS:
            probe = getattr(self.probes, kind)
            if probe is None:
                continue
            with each_valid():
                port = self.probe_port(probe)
                if probe.port is not None and port is None:
                    yield ("probes", kind, "port"), f"{show(probe.port)} names no port; ports: {', '.join(names)}"
                elif port is None:
                    how = "" if "type" in probe.model_fields_set else " (the default)"
                    yield ("probes", kind, "type"), (f"{show(probe.type)}{how} finds no {probe.type} port to probe "
                                                     f"(ports: {', '.join(names)}); set type or port")
                elif probe.type != "tcp" and port.protocol != probe.type:
                    how = "" if "type" in probe.model_fields_set else " (the default)"
                    yield ("probes", kind, "type"), (f"{show(probe.type)}{how} cannot probe the {port.protocol} port "
                                                     f"{show(port.name)} ({port.port}); set type: {port.protocol} "
                                                     "(or tcp) or name another port")

    @rule
    def _no_literal_credentials(self) -> Iterator[tuple[tuple, str]]:
        for where, env in self._env_places():
            with each_valid():
                for name, value in env.items():
                    if isinstance(value, EnvFrom) and (value.secret is None) == (value.config_map is None):
                        yield (*where, name), "give exactly one of secret and config_map"
                    # a value of a known token shape is reported by the platform's credential rule
                    if isinstance(value, str) and looks_like_credential(name) and credential_in(value) is None:
                        yield (*where, name), ("looks like a credential and is written in plain text; read it from "
                                               "a Secret: {secret: <name>, key: <key>}")

    @rule
    def _no_credential_arguments(self) -> Iterator[tuple[tuple, str]]:
        for i, flag in credential_arguments(self.args):
            yield ("args", i), (f"{flag} passes a credential in plain text (a value of a known token shape or not); "
                                "read it from a Secret into the environment, env: {NAME: {secret: <name>, key: <key>}}, "
                                f"and pass {flag} $(NAME)")

    @rule
    def _hardened(self) -> Iterator[tuple[str, str]]:
        # What the gate's policy scan (checkov) refuses for every model server, said where it is caused.
        if self.run_as_user < MIN_UID:
            yield "run_as_user", (f"{self.run_as_user} is in the range of host users (below {MIN_UID}): a container "
                                  f"escape would act as that user on the node, and `make validate` refuses it "
                                  f"(checkov CKV_K8S_40); use {RUN_AS} or another UID of at least {MIN_UID}")
        if not self.read_only_root_filesystem:
            yield "read_only_root_filesystem", (
                "false lets the server rewrite its own image; `make validate` refuses it (checkov CKV_K8S_22): keep "
                "true, the server writes to /cache (its cache environment) and /tmp")

    @rule
    def _pod_metadata_not_owned(self) -> Iterator[tuple[tuple, str]]:
        yield from pod_metadata_problems(self.pod_labels, self.pod_annotations)

    @rule
    def _rollout_fits_the_gpus(self) -> Iterator[tuple[tuple, str]]:
        yield from rollout_problems(self)

    @rule
    def _autoscaling_fits_the_service(self) -> Iterator[tuple[tuple, str]]:
        yield from autoscaling_problems(self)

    @cached_property
    def pool_port(self) -> ServicePort | None:
        """The port an InferencePool targets: the first HTTP API port."""
        return next((p for p in self.api_ports if p.protocol == "http"), None)

    @rule
    def _inference_fits(self) -> Iterator[tuple[tuple, str]]:
        if self.inference is None:
            return
        if self.server_preset.picker_engine is None:
            with_engine = ", ".join(name for name in SERVER_NAMES if preset(name).picker_engine)
            yield ("inference",), (f"server {show(self.server)} has no endpoint-picker engine profile and no engine "
                                   f"entry in this platform (catalog/picker.py), so the picker could not read its "
                                   f"queue; allowed servers: {with_engine}; remove inference")
        if self.traffic is None:
            yield ("inference",), ("an InferencePool is reached through the ingress Gateway's route; add "
                                   "traffic.hosts, or remove inference")
        if self.pool_port is None:
            yield ("inference",), "an InferencePool targets an HTTP API port, and this service has none"
        if self.inference.pool == "service" and len(self.versions) > 1:
            yield ("inference", "pool"), (
                f"'service' puts the pods of every version ({', '.join(v.name for v in self.versions)}) in one pool, "
                "where the picker ignores their weights; use pool: version for a canary across pools")

    @rule
    def _container_config_size(self) -> Iterator[tuple[tuple, str]]:
        def env_size(env: dict) -> int:
            return sum(len(k) + 2 + (len(v) if isinstance(v, str) else 64) for k, v in env.items())
        base = sum(len(a) + 1 for a in self.args) + env_size(self.env)
        for i, version in enumerate(self.versions):
            with each_valid():
                size = base + env_size(version.env)
                if size > CONTAINER_CONFIG_LIMIT:
                    yield ("versions", i), (f"args and env take {size} bytes in this version's container; at most "
                                            f"{CONTAINER_CONFIG_LIMIT} (256 KiB) fit comfortably in one Deployment")
        for j, container in enumerate(self.init_containers):
            with each_valid():
                size = sum(len(a) + 1 for a in (*container.command, *container.args)) + env_size(container.env)
                if size > CONTAINER_CONFIG_LIMIT:
                    yield ("init_containers", j), (f"command, args and env take {size} bytes; at most "
                                                   f"{CONTAINER_CONFIG_LIMIT} (256 KiB) fit comfortably in one "
                                                   "Deployment")


def _written(where: tuple) -> str:
    """A location inside a service as the user reads it (``init_containers[0].ports[1]``)."""
    out = ""
    for part in where:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out

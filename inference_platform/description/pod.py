"""A service's pod beyond its container: named ports, env from Secrets, placement, the model cache.

Each type here is a small part of :class:`~inference_platform.description.service.Service`;
their defaults come from the service's server preset (``inference_platform/catalog/servers.py``) where
one applies, so a description names only what differs from the server's documentation.
"""
from __future__ import annotations

from typing import Annotated, Iterator, Literal

from pydantic import Field, Strict

from inference_platform.description.base import Items, Model, rule
from inference_platform.description.errors import show
from inference_platform.contract import POD_SERVER_ANNOTATION
from inference_platform.kube_names import (INT32_MAX, ISTIO_PROXY_PORTS, KIB, Bytes, Checked, DnsLabel, DnsSubdomain,
                                           LabelKey, LabelValue, dns_label, owned_label)

__all__ = ["PortName", "Peer", "ServicePort", "EnvFrom", "Toleration", "NodeRequirement", "TopologySpread", "Cache",
           "Scrape", "MODELS_PATH", "TOPOLOGY_KEYS", "AnnotationValue", "POD_OWNED_LABELS", "pod_metadata_problems"]

#: Where ``cache: pvc`` mounts the claim (read-only).
MODELS_PATH = "/models"
TOPOLOGY_KEYS = {"zone": "topology.kubernetes.io/zone", "host": "kubernetes.io/hostname"}

#: A container port name (IANA_SVC_NAME, what the API server accepts) that Istio reads the protocol from.
PortName = Annotated[str, Checked(
    "is not a port name (at most 15 lower-case letters, digits and '-', with at least one letter, "
    "no '--', not starting or ending with '-')", r"(?!.*--)(?=.*[a-z])[a-z0-9]([-a-z0-9]*[a-z0-9])?", 15)]
#: A path admitted by an AuthorizationPolicy: exact, so none of Istio's wildcard forms (a leading or trailing
#: '*', '{*}', '{**}'), no query, fragment or percent-encoding, and no '.', '..' or empty segment that path
#: normalization would turn into another path.
ExactPath = Annotated[str, Checked(
    "is not an exact path: '/' or '/'-separated segments of letters, digits and -._~!$&'()+,;=:@ (no '*', '{', '}', "
    "'?', '#', '%', empty, '.' or '..' segments, which would make the AuthorizationPolicy admit more than one path; "
    "at most 1024 characters)", r"/|(/(?!\.\.?(/|$))[A-Za-z0-9._~!$&'()+,;=:@-]+)+", 1024)]
#: An annotation value: any text, bounded (the API server allows 256 KiB for all of an object's annotations).
AnnotationValue = Annotated[str, Checked("is longer than 32 KiB (32768 characters)", None, 32 * KIB)]
#: Pod labels the platform sets itself (besides :func:`~inference_platform.kube_names.owned_label`'s): the
#: selectors, subsets and the PodMonitors' target labels read them.
POD_OWNED_LABELS = {key: "the platform (the service's identity: selectors, subsets and metrics read it)" for key in (
    "app", "version", "app.kubernetes.io/name", "app.kubernetes.io/version")}
#: Pod annotation key prefixes the platform or Istio decide (``<prefix>/<name>``, any subdomain of the prefix).
_OWNED_ANNOTATIONS = {POD_SERVER_ANNOTATION.split("/")[0]: "the platform (the gate reads it)",
                      "prometheus.io": "the platform (Istio's metrics merging of the server's metrics port)",
                      "istio.io": "Istio (sidecar injection, traffic capture and proxy config the mesh's mTLS and "
                                  "policies rely on)"}
ConfigKey = Annotated[str, Checked(
    "is not a Secret or ConfigMap key (letters, digits, '-', '_' or '.', at most 253 characters)",
    r"[-._a-zA-Z0-9]+", 253)]


class Peer(Model):
    """A service whose pods may connect to a port that bypasses the sidecar (``mesh: bypass``)."""

    service: dns_label(40, rfc=1035) = Field(description="Name of a service of this platform.")
    namespace: DnsLabel | None = Field(None, description="Its namespace; null: the namespace of the port's service.")


class ServicePort(Model):
    """A named port of the container and the Service; Istio reads the protocol from the name's prefix."""

    name: PortName = Field(description=(
        "Port name, starting with the protocol (`http-api`, `grpc-api`, `http-metrics`, `tcp-...`); probes "
        "and `scrape` refer to it."))
    port: int = Field(ge=1, le=65535, description=(
        "Container port, and the Service port unless service_port is set (not one of Istio's proxy ports)."))
    service_port: int | None = Field(None, ge=1, le=65535, description=(
        "Port of the Service (what callers and routes use) when it differs from the container port; null: `port`."))
    protocol: Literal["http", "grpc", "tcp"] = Field("http", description=(
        "Application protocol: Istio port-name prefix and appProtocol; http and grpc ports are routed, tcp ports "
        "are reachable in the mesh only."))
    mesh: Literal["sidecar", "bypass"] = Field("sidecar", description=(
        "sidecar: through the Istio sidecar (mTLS, the AuthorizationPolicy, routing); bypass: past it, for a "
        "non-HTTP data path (NIXL/UCX KV transfer, NCCL) that mTLS would break: no mTLS and no AuthorizationPolicy on "
        "this port, which only the NetworkPolicy guards (from `peers`), reached by pod IP (not in the Kubernetes "
        "Service, not routed); protocol tcp only. See docs/model-servers.md, \"Ports that bypass the sidecar\"."))
    peers: Items[Peer] | None = Field(None, description=(
        "mesh: bypass only: the services whose pods may connect (the NetworkPolicy admits their pods only; each "
        "also sends to this port past its own sidecar); null: this service's own pods."))

    @rule
    def _bypass_is_tcp(self) -> Iterator[tuple[str, str]]:
        if self.mesh == "bypass" and self.protocol != "tcp":
            yield "mesh", (f"bypass takes a {self.protocol} port out of the mesh: no mTLS, no AuthorizationPolicy, no "
                           "routing; it is for non-HTTP data paths (KV transfer, NCCL): use protocol: tcp (and a "
                           "tcp- name), or keep mesh: sidecar")
        if self.mesh == "bypass" and self.service_port is not None:
            yield "service_port", "a bypass port is reached by pod IP and is not in the Service: remove service_port"
        if self.mesh != "bypass" and self.peers is not None:
            yield "peers", "only used with mesh: bypass (a port through the sidecar admits the service's callers)"

    @rule
    def _name_says_protocol(self) -> Iterator[tuple[str, str]]:
        if self.name != self.protocol and not self.name.startswith(f"{self.protocol}-"):
            yield "name", (f"{show(self.name)} does not start with its protocol; Istio picks the protocol from the "
                           f"name: write '{self.protocol}-{self.name}' (or set protocol)")

    @property
    def published(self) -> int:
        """The Service's port (``service_port``, else ``port``)."""
        return self.port if self.service_port is None else self.service_port

    @rule
    def _free_of_istio(self) -> Iterator[tuple[str, str]]:
        for key in ("port", "service_port"):
            value = getattr(self, key)
            if value in ISTIO_PROXY_PORTS:
                yield key, (f"{value} is the Istio sidecar's {ISTIO_PROXY_PORTS[value]} port; allowed: "
                            f"1-65535 except {', '.join(map(str, ISTIO_PROXY_PORTS))}")


def pod_metadata_problems(labels: dict[str, str], annotations: dict[str, str]) -> Iterator[tuple[tuple, str]]:
    """Extra pod labels and annotations that someone else owns: the platform, Istio, the GitOps engines."""
    for key in labels:
        owner = owned_label(key, also=POD_OWNED_LABELS)
        if owner is not None:
            yield ("pod_labels", key), f"is set by {owner}; a pod label cannot override it: remove it"
    for key in annotations:
        prefix = key.lower().rpartition("/")[0]  # without case, like owned_label
        owner = next((who for domain, who in _OWNED_ANNOTATIONS.items()
                      if prefix == domain or prefix.endswith("." + domain)), None)
        if owner is not None:
            yield ("pod_annotations", key), f"is set by {owner}; a pod annotation cannot set it: remove it"


class EnvFrom(Model):
    """An environment value read from a key of an existing Secret or ConfigMap (never written here)."""

    secret: DnsSubdomain | None = Field(None, description="Secret name (same namespace).")
    config_map: DnsSubdomain | None = Field(None, description="ConfigMap name (same namespace).")
    key: ConfigKey = Field(description="Key in the Secret or ConfigMap.")
    optional: bool = Field(False, description="Start the pod even when the Secret/ConfigMap or key is missing.")
    # "exactly one of secret and config_map" is the Service's rule: a failing rule here would be
    # reported as "not a string or a mapping" by the env value's union (description.env).


class Toleration(Model):
    """A node taint the pods tolerate, besides the GPU taint every GPU service tolerates."""

    key: LabelKey = Field(description="Taint key.")
    operator: Literal["Exists", "Equal"] = Field("Exists", description="Exists: any value; Equal: `value`.")
    value: LabelValue | None = Field(None, description="Taint value (operator Equal only).")
    effect: Literal["NoSchedule", "PreferNoSchedule", "NoExecute"] | None = Field(
        None, description="Taint effect (null: every effect).")

    @rule
    def _value_with_equal(self) -> Iterator[tuple[str, str]]:
        if self.operator == "Equal" and self.value is None:
            yield "value", "required for operator Equal"
        if self.operator == "Exists" and self.value is not None:
            yield "value", f"{show(self.value)} is ignored by operator Exists; remove it or use operator Equal"


class NodeRequirement(Model):
    """A node label requirement (required node affinity), e.g. a GPU product label."""

    key: LabelKey = Field(description="Node label key (e.g. `nvidia.com/gpu.product`).")
    operator: Literal["In", "NotIn", "Exists", "DoesNotExist", "Gt", "Lt"] = Field("In", description="Operator.")
    values: Annotated[tuple[LabelValue, ...], Strict(False)] = Field((), description="Values (In/NotIn: at least one; Gt/Lt: one integer).")

    @rule
    def _values(self) -> Iterator[tuple[str, str]]:
        if self.operator in ("In", "NotIn") and not self.values:
            yield "values", f"operator {self.operator} needs at least one value"
        elif self.operator in ("Exists", "DoesNotExist") and self.values:
            yield "values", f"operator {self.operator} takes no values"
        elif self.operator in ("Gt", "Lt") and (len(self.values) != 1 or not self.values[0].isdigit()):
            yield "values", f"operator {self.operator} takes exactly one integer value; got {show(list(self.values))}"


class TopologySpread(Model):
    """Spread one version's pods over zones or hosts (a topologySpreadConstraint)."""

    over: Literal["zone", "host"] = Field(description=(
        "zone: `topology.kubernetes.io/zone`; host: `kubernetes.io/hostname`."))
    max_skew: int = Field(1, ge=1, le=INT32_MAX, description="Largest allowed difference in pods between domains.")
    when_unsatisfiable: Literal["ScheduleAnyway", "DoNotSchedule"] = Field(
        "ScheduleAnyway", description="ScheduleAnyway prefers the spread; DoNotSchedule requires it.")


class Cache(Model):
    """The model cache and the writable volume the server's caches and $HOME point at (mounted at /cache)."""

    type: Literal["emptyDir", "pvc", "ephemeral", "shared"] = Field("emptyDir", description=(
        "emptyDir: a node-local volume per pod, counted in ephemeral-storage (refilled by every new pod); "
        "pvc: an existing ReadOnlyMany claim with pre-downloaded weights, mounted read-only at /models, "
        "while /cache stays a writable emptyDir of `size`; ephemeral: a generic ephemeral volume per pod "
        "from `storage_class`; shared: an existing ReadWriteMany claim mounted writable at /cache, which the "
        "first pod downloads the weights into and every later pod (and version) reads them from."))
    size: Bytes = Field("20Gi", description=(
        "Size of the writable /cache volume (emptyDir sizeLimit, or the ephemeral claim's request); "
        "shared: the claim's own size applies."))
    claim_name: DnsSubdomain | None = Field(None, description=(
        "PersistentVolumeClaim (same namespace, created by the platform team): the weights (pvc), or the "
        "ReadWriteMany cache (shared)."))
    storage_class: DnsSubdomain | None = Field(None, description=(
        "StorageClass of the ephemeral volume (ephemeral only; null: the cluster default)."))

    @rule
    def _fields_of_type(self) -> Iterator[tuple[str, str]]:
        if self.type in ("pvc", "shared") and self.claim_name is None:
            what = "the claim holding the weights" if self.type == "pvc" else "the ReadWriteMany claim"
            yield "claim_name", f"required for type: {self.type} ({what})"
        if self.type not in ("pvc", "shared") and self.claim_name is not None:
            yield "claim_name", f"{show(self.claim_name)} is only used by type: pvc or shared"
        if self.type != "ephemeral" and self.storage_class is not None:
            yield "storage_class", f"{show(self.storage_class)} is only used by type: ephemeral"
        if self.type == "shared" and "size" in self.model_fields_set:
            yield "size", f"{show(self.size)} is not used by type: shared (the claim's own size applies); remove it"


class Scrape(Model):
    """Where Prometheus scrapes the server (default: the server preset's metrics port and path)."""

    port: PortName = Field(description="Name of the metrics port (one of the service's ports).")
    path: ExactPath = Field("/metrics", description=(
        "HTTP path of the metrics: one exact path, admitted without mTLS from any source (on a port the API shares, "
        "only the server's own metrics path)."))

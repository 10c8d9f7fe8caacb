"""Names the synth writes and other code reads back: one definition each.

A leaf module (standard library only). What the generated objects carry that someone else
keys on (the validation gate, the scaling simulator, the e2e harness, the bench) is defined
here once: annotation and label keys, API groups and versions, resource names, ids, and how
in-cluster names are spelled. A producer and its consumer import the same constant, so a
rename cannot reach only one of them.

Two annotations name a service's model server, with different prefixes; both are written into
dist/ and kept as they are (renaming one changes every service's output):

* :data:`POD_SERVER_ANNOTATION` on the pod template, read by the gate's cache rules;
* :data:`SCALER_SERVER_ANNOTATION` on the KEDA ScaledObject, read by the gate's trigger rules.
"""
from __future__ import annotations

__all__ = ["POD_SERVER_ANNOTATION", "SCALER_SERVER_ANNOTATION", "EXTERNAL_CREDENTIALS", "SYNC_WAVE_ANNOTATION",
           "PART_OF_LABEL", "MANAGED_BY_LABEL", "NAMESPACE_NAME_LABEL", "KEDA_GROUP", "KEDA_VERSION", "KEDA_API", "MONITORING_GROUP",
           "MONITORING_API", "ISTIO_NETWORKING_GROUP", "ISTIO_NETWORKING_API", "ISTIO_SECURITY_API",
           "CERT_MANAGER_GROUP", "EXCLUDE_INBOUND_PORTS", "EXCLUDE_OUTBOUND_PORTS", "excluded_ports", "ISTIO_MESH_GATEWAY",
           "GPU_RESOURCE", "ACCELERATORS", "SPARE_GPUS_ANNOTATION", "RUN_AS", "CLUSTER_DOMAIN", "TRUST_DOMAIN",
           "GATEWAY_API_GROUP", "GATEWAY_API", "GATEWAY_CLASS", "GATEWAY_NAME_LABEL", "INFERENCE_GROUP", "INFERENCE_API",
           "service_host", "principal", "principal_namespace", "listener_name", "workload_name", "envoy_monitor_name",
           "picker_name", "version_object_names"]

# ---------------------------------------------------------------- annotation and label keys

#: Pod annotation naming the model server (its preset); the gate checks the pod's cache environment against it.
POD_SERVER_ANNOTATION = "inference-platform.io/server"
#: ScaledObject annotation naming the model server; the gate checks each trigger reads a metric it exports.
SCALER_SERVER_ANNOTATION = "ai-platform/server"
#: Gateway annotation naming TLS credentials created outside this tree (comma-separated Secret names).
EXTERNAL_CREDENTIALS = "inference-platform.io/external-credentials"
#: Istio's pod annotations listing the ports its sidecar leaves alone (comma-separated numbers): a port a service
#: declares with ``mesh: bypass``; only the NetworkPolicy guards it.
EXCLUDE_INBOUND_PORTS = "traffic.sidecar.istio.io/excludeInboundPorts"
EXCLUDE_OUTBOUND_PORTS = "traffic.sidecar.istio.io/excludeOutboundPorts"
#: Argo CD's ordering annotation (a number as a string; lower waves sync first).
SYNC_WAVE_ANNOTATION = "argocd.argoproj.io/sync-wave"
#: Labels every object of the platform carries (set once on each cdk8s Chart).
PART_OF_LABEL = "app.kubernetes.io/part-of"
MANAGED_BY_LABEL = "app.kubernetes.io/managed-by"
#: The label the API server puts on every Namespace: its name (what NetworkPolicies and Gateway listeners select by).
NAMESPACE_NAME_LABEL = "kubernetes.io/metadata.name"

# ---------------------------------------------------------------- API groups and versions

KEDA_GROUP = "keda.sh"
KEDA_VERSION = "v1alpha1"
KEDA_API = f"{KEDA_GROUP}/{KEDA_VERSION}"
MONITORING_GROUP = "monitoring.coreos.com"
MONITORING_API = f"{MONITORING_GROUP}/v1"
ISTIO_NETWORKING_GROUP = "networking.istio.io"
ISTIO_NETWORKING_API = f"{ISTIO_NETWORKING_GROUP}/v1"
ISTIO_SECURITY_API = "security.istio.io/v1"
CERT_MANAGER_GROUP = "cert-manager.io"
GATEWAY_API_GROUP = "gateway.networking.k8s.io"
GATEWAY_API = f"{GATEWAY_API_GROUP}/v1"
#: The GatewayClass istiod implements, and the label it puts on the pods of the Deployment it runs for a Gateway
#: API Gateway of that class (named ``<gateway>-<class>``).
GATEWAY_CLASS = "istio"
GATEWAY_NAME_LABEL = "gateway.networking.k8s.io/gateway-name"
INFERENCE_GROUP = "inference.networking.k8s.io"
INFERENCE_API = f"{INFERENCE_GROUP}/v1"
#: Istio's reserved gateway name for the sidecars of every workload in the mesh.
ISTIO_MESH_GATEWAY = "mesh"

# ---------------------------------------------------------------- resources and identities

#: The extended resource NVIDIA's device plugin advertises, and the taint key of GPU nodes.
GPU_RESOURCE = "nvidia.com/gpu"
#: Extended resources that are accelerators (GPUs, TPUs, Gaudis): each taints its nodes with its own
#: name, so a pod requesting one tolerates that taint, spreads over nodes, gets /dev/shm and rolls out
#: without surge pods by default; the gate counts them in a rollout's surge.
ACCELERATORS = (GPU_RESOURCE, "amd.com/gpu", "habana.ai/gaudi", "google.com/tpu")
#: Deployment annotation: accelerators the node pool keeps free for this Deployment's surge pods (the
#: description's ``rollout.spare_gpus``); the gate's rollout rule reads it, absent means 0.
SPARE_GPUS_ANNOTATION = "inference-platform.io/rollout-spare-gpus"
#: Non-root UID/GID above the host range (10000+), so a container escape maps to no host user:
#: the model servers' default and KEDA's pods.
RUN_AS = 10001
#: Suffix of a Service's in-cluster host name.
CLUSTER_DOMAIN = "svc.cluster.local"
#: The mesh's SPIFFE trust domain.
TRUST_DOMAIN = "cluster.local"


def workload_name(service: str, version: str) -> str:
    """A model version's Deployment, PodDisruptionBudget, autoscaler and server PodMonitor, and with Gateway API
    routing or InferencePools its Service, DestinationRule and InferencePool: ``<service>-<version>``."""
    return f"{service}-{version}"


def envoy_monitor_name(workload: str) -> str:
    """The PodMonitor of a version's sidecar metrics: ``<workload>-envoy``."""
    return f"{workload}-envoy"


def picker_name(pool: str) -> str:
    """The endpoint picker of InferencePool ``pool`` (Deployment, Service, RBAC, ...): ``<pool>-epp``."""
    return f"{pool}-epp"


def version_object_names(service: str, version: str) -> dict[str, str]:
    """The object names a model version derives (name -> the objects carrying it). Two versions of services in
    one namespace deriving the same name would write one object twice."""
    workload = workload_name(service, version)
    return {workload: "Deployment, PodDisruptionBudget, autoscaler and PodMonitor",
            envoy_monitor_name(workload): "sidecar PodMonitor",
            picker_name(workload): "endpoint picker"}


def excluded_ports(annotations: object, key: str = EXCLUDE_INBOUND_PORTS) -> set[int]:
    """The port numbers a pod's ``annotations`` exclude from its sidecar under ``key`` (malformed entries ignored)."""
    value = annotations.get(key) if isinstance(annotations, dict) else None
    if not isinstance(value, str):
        return set()
    return {int(p) for p in (part.strip() for part in value.split(",")) if p.isdigit()}


def service_host(name: str, namespace: str) -> str:
    """The in-cluster host of Service ``name`` in ``namespace`` (``<name>.<namespace>.svc.cluster.local``)."""
    return f"{name}.{namespace}.{CLUSTER_DOMAIN}"


def principal(namespace: str, service_account: str, trust_domain: str = TRUST_DOMAIN) -> str:
    """The SPIFFE identity Istio gives pods running as ``service_account`` in ``namespace``."""
    return f"{trust_domain}/ns/{namespace}/sa/{service_account}"


def principal_namespace(identity: str) -> str | None:
    """The namespace of a SPIFFE principal ``<trust domain>/ns/<namespace>/sa/<account>`` (None: another form)."""
    parts = identity.split("/")
    return parts[2] if len(parts) == 5 and parts[1] == "ns" and parts[3] == "sa" else None


def listener_name(protocol: str, host: str) -> str:
    """The Gateway API listener serving ``host`` over ``protocol`` (``http``/``https``), which routes name as their
    ``sectionName``: ``<protocol>-<host>``, a wildcard spelled ``wildcard`` (a listener name is a DNS subdomain)."""
    return f"{protocol}-{host.replace('*', 'wildcard')}"


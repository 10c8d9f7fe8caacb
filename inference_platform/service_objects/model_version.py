"""One model version's workload: Deployment, its autoscaler, PodDisruptionBudget.

Each version of a service scales and drains on its own, so a canary never borrows the stable
version's capacity. Names are ``<service>-<version>``, from the description. The Deployment has
no ``replicas``: the autoscaler owns the count. The reasoning for disk accounting, probes and
placement is in the comments below.

Why plain data and not cdk8s-plus L2 constructs: cdk8s-plus-27's Deployment selects its pods by
a label derived from the construct path unless told otherwise, and a Deployment's selector is
immutable, so moving code would force a delete-and-recreate of a serving model; and it has no
GPU resources (``nvidia.com/gpu``), no seccomp profile and no PodDisruptionBudget.
"""
from __future__ import annotations

from inference_platform.description import IngressGateway, Prometheus, Service, Version
from inference_platform.description.pod import MODELS_PATH, TOPOLOGY_KEYS
from inference_platform.catalog.picker import ENGINE_LABEL
from inference_platform.contract import POD_SERVER_ANNOTATION, SPARE_GPUS_ANNOTATION, workload_name
from inference_platform.description.rollout import strategy
from inference_platform.description.service import CACHE_PATH
from inference_platform.kube_names import binary_quantity, quantity_value
from inference_platform.fast.cdk8s_order import api_object
from inference_platform.service_objects.containers import (bypass_annotations, container_ports, env_entries,
                                                          init_containers, security_context)
from inference_platform.service_objects.inference_pool import version_pool
from inference_platform.service_objects.model_autoscaler import model_autoscaler

__all__ = ["model_version", "deployment", "pod_template", "disruption_budget", "version_labels", "TMP_SIZE"]

#: Size of the writable /tmp volume.
TMP_SIZE = "1Gi"


def version_labels(service: Service, version: Version, labels: dict[str, str]) -> dict[str, str]:
    """The version's own labels: the service's ``labels`` plus ``version`` and ``app.kubernetes.io/version``."""
    return {**labels, "version": version.name, "app.kubernetes.io/version": version.name}


def model_version(*, service: Service, version: Version, namespace: str, labels: dict[str, str],
                  prometheus: Prometheus = Prometheus(), chart_labels: dict[str, str] | None = None,
                  gateway_workload: str = IngressGateway().name,
                  gateway_namespace: str = IngressGateway().namespace) -> list[dict]:
    """Deployment, autoscaler objects and PDB ``<service>-<version>``, in that order.

    ``gateway_workload`` / ``gateway_namespace``: the ingress gateway Deployment a
    ``gateway_request_rate`` signal is counted at (default: the description's defaults).
    """
    own = version_labels(service, version, labels)
    workload = deployment(service=service, version=version, namespace=namespace, labels=own,
                          chart_labels=chart_labels)
    name = workload["metadata"]["name"]
    return [workload,
            *model_autoscaler(name=name, namespace=namespace, labels=own, autoscaling=service.autoscaling,
                              target=workload, server=service.server, prometheus=prometheus,
                              chart_labels=chart_labels, weight=version.weight, gateway_workload=gateway_workload,
                              gateway_namespace=gateway_namespace, pool=version_pool(service, version)),
            disruption_budget(service=service, version=version, namespace=namespace, labels=own,
                              chart_labels=chart_labels)]


def _selector(service: Service, version: Version) -> dict[str, str]:
    return {"app": service.name, "version": version.name}


def deployment(*, service: Service, version: Version, namespace: str, labels: dict[str, str],
               chart_labels: dict[str, str] | None = None) -> dict:
    """The Deployment; ``labels`` are the version's own (:func:`version_labels`)."""
    all_labels = {**(chart_labels or {}), **labels}
    spare = service.rollout.spare_gpus
    return api_object("apps/v1", "Deployment", name=workload_name(service.name, version.name), namespace=namespace,
                      labels=all_labels, annotations={SPARE_GPUS_ANNOTATION: str(spare)} if spare else None,
                      spec=_deployment_spec(service, version, all_labels))


def pod_template(*, service: Service, version: Version, labels: dict[str, str]) -> dict:
    """The Deployment's pod template as plain data (not in cdk8s's key order; empty fields as None), for checks
    of what the pods would be (the description loader applies the gate's pod rules to it)."""
    return _deployment_spec(service, version, labels)["template"]


def _deployment_spec(service: Service, version: Version, all_labels: dict[str, str]) -> dict:
    svc, res, cache = service, service.resources, service.cache
    # The kubelet counts disk-backed emptyDirs against the pod's ephemeral-storage limit and
    # evicts the pod when the sum exceeds it, so the request and limit cover the container's
    # own writes plus every disk emptyDir at its size limit: the cache can fill up to its size
    # while weights download without the pod evicting itself. A generic ephemeral volume is a
    # claim of its own and does not count.
    disk = [res.ephemeral_storage, TMP_SIZE] + ([cache.size] if cache.type in ("emptyDir", "pvc") else [])
    ephemeral = {"ephemeral-storage": binary_quantity(sum(quantity_value(q) for q in disk))}
    requests_limits = res.container()
    mounts, volumes = _volumes(svc)
    selector = _selector(svc, version)
    container = {
        "name": "server",
        "image": version.image or svc.image,
        "imagePullPolicy": "IfNotPresent",
        "args": list(svc.args) or None,
        "env": _env(svc, version) or None,
        "ports": container_ports(svc.port_list),
        "resources": {"requests": {**requests_limits["requests"], **ephemeral},
                      "limits": {**requests_limits["limits"], **ephemeral}},
        "startupProbe": _probe(svc, "startup"),
        "readinessProbe": _probe(svc, "readiness"),
        "livenessProbe": _probe(svc, "liveness"),
        "securityContext": security_context(svc.run_as_user, svc.read_only_root_filesystem),
        "volumeMounts": mounts,
    }
    startup = svc.probes.startup
    loading_budget = startup.period_seconds * startup.failure_threshold if startup else 0
    return {
        # No replicas: the autoscaler owns the count, and a GitOps controller re-applying a
        # fixed number would fight it.
        "selector": {"matchLabels": selector},
        "revisionHistoryLimit": 5,
        "progressDeadlineSeconds": 600 + loading_budget,
        # GPU services: no surge pod by default, which a full GPU pool could not schedule (description.rollout).
        "strategy": strategy(svc.rollout, bool(res.accelerators)),
        "template": {
            # Chart labels reach only top-level metadata; the pods carry them too.
            "metadata": {"labels": _pod_labels(svc, {**svc.pod_labels, **all_labels}),
                         "annotations": {**svc.pod_annotations, **_annotations(svc)}},
            "spec": {
                "serviceAccountName": svc.name,
                "automountServiceAccountToken": False,
                "enableServiceLinks": False,
                "terminationGracePeriodSeconds": 60,
                "securityContext": {
                    "runAsNonRoot": True, "runAsUser": svc.run_as_user, "runAsGroup": svc.run_as_user,
                    "fsGroup": svc.fs_group,
                    # A shared claim may hold many GB of weights: change its group once, not on every pod start.
                    "fsGroupChangePolicy": "OnRootMismatch" if cache.type == "shared" else None,
                    "seccompProfile": {"type": "RuntimeDefault"}},
                "imagePullSecrets": [{"name": s} for s in svc.image_pull_secrets] or None,
                "initContainers": init_containers(svc, mounts),
                "containers": [container],
                "volumes": volumes,
                "nodeSelector": dict(svc.node_selector) or None,
                "affinity": _affinity(svc),
                "tolerations": _tolerations(svc),
                "topologySpreadConstraints": [{
                    "topologyKey": TOPOLOGY_KEYS[t.over], "maxSkew": t.max_skew,
                    "whenUnsatisfiable": t.when_unsatisfiable, "labelSelector": {"matchLabels": selector}}
                    for t in svc.topology_spread] or None,
                "runtimeClassName": svc.runtime_class_name,
                "priorityClassName": svc.priority_class_name,
            },
        },
    }


def _pod_labels(svc: Service, labels: dict[str, str]) -> dict[str, str]:
    # The endpoint picker reads each pod's metrics with the names of its engine (catalog/picker.py).
    if svc.inference is not None and svc.server_preset.picker_engine is not None:
        return {**labels, ENGINE_LABEL: svc.server_preset.picker_engine}
    return labels


def _annotations(svc: Service) -> dict[str, str]:
    # The server names the preset the validation gate checks the cache environment against.
    out = {POD_SERVER_ANNOTATION: svc.server}
    metrics = svc.metrics_port
    if metrics is not None:
        # Istio's metrics merging: the sidecar scrapes this port and path inside the pod and
        # serves them with its own on :15020, so Prometheus needs no mTLS to the server.
        out.update({"prometheus.io/scrape": "true", "prometheus.io/port": str(metrics.port),
                    "prometheus.io/path": svc.metrics_path})
    out.update(bypass_annotations(svc))
    return out


def _env(svc: Service, version: Version) -> list[dict]:
    ports = {p.name: p.port for p in svc.port_list}
    # Lowest precedence first: the server's port variables, its cache environment, then the description.
    env: dict = {var: str(ports[name]) for name, var in svc.server_preset.port_env.items() if name in ports}
    env.update(svc.cache_env)
    env.update(svc.env)
    env.update(version.env)
    return env_entries(env)


def _volumes(svc: Service) -> tuple[list[dict], list[dict]]:
    cache = svc.cache
    mounts = [{"name": "cache", "mountPath": CACHE_PATH}, {"name": "tmp", "mountPath": "/tmp"}]
    if cache.type == "shared":
        # Written by every pod: the first downloads the weights, the others find them (the hub's file locks
        # keep two pods from writing the same file).
        cache_volume = {"name": "cache", "persistentVolumeClaim": {"claimName": cache.claim_name}}
    elif cache.type == "ephemeral":
        cache_volume = {"name": "cache", "ephemeral": {"volumeClaimTemplate": {"spec": {
            "accessModes": ["ReadWriteOnce"], "storageClassName": cache.storage_class,
            "resources": {"requests": {"storage": cache.size}}}}}}
    else:
        cache_volume = {"name": "cache", "emptyDir": {"sizeLimit": cache.size}}
    volumes = [cache_volume, {"name": "tmp", "emptyDir": {"sizeLimit": TMP_SIZE}}]
    if cache.type == "pvc":
        # Pre-downloaded weights, shared by every pod: read-only in the volume and the mount.
        mounts.append({"name": "models", "mountPath": MODELS_PATH, "readOnly": True})
        volumes.append({"name": "models", "persistentVolumeClaim": {"claimName": cache.claim_name, "readOnly": True}})
    shm = svc.resources.shm(svc.server_preset.needs_shm or svc.server == "generic")
    if shm is not None:
        # Tensor-parallel workers share memory through /dev/shm; the default 64Mi is too small. The
        # tmpfs is charged to the memory limit (the loader and the gate check it fits).
        mounts.append({"name": "dshm", "mountPath": "/dev/shm"})
        volumes.append({"name": "dshm", "emptyDir": {"medium": "Memory", "sizeLimit": shm}})
    for size in sorted(svc.resources.hugepages):
        name = f"hugepages-{size.lower()}"
        mounts.append({"name": name, "mountPath": f"/dev/hugepages-{size}"})
        volumes.append({"name": name, "emptyDir": {"medium": f"HugePages-{size}"}})
    return mounts, volumes


def _affinity(svc: Service) -> dict | None:
    node = None
    if svc.node_affinity:
        node = {"requiredDuringSchedulingIgnoredDuringExecution": {"nodeSelectorTerms": [{"matchExpressions": [
            {"key": r.key, "operator": r.operator, "values": list(r.values) or None} for r in svc.node_affinity]}]}}
    pods = None
    # The service's pods (every version) on different nodes: a node failure takes one replica.
    term = {"topologyKey": TOPOLOGY_KEYS["host"], "labelSelector": {"matchLabels": {"app": svc.name}}}
    if svc.spread_pods == "required":
        pods = {"requiredDuringSchedulingIgnoredDuringExecution": [term]}
    elif svc.spread_pods == "preferred":
        pods = {"preferredDuringSchedulingIgnoredDuringExecution": [{"weight": 100, "podAffinityTerm": term}]}
    return {"nodeAffinity": node, "podAntiAffinity": pods} if node or pods else None


def _tolerations(svc: Service) -> list[dict] | None:
    # Each accelerator's nodes are tainted with its resource name (nvidia.com/gpu, amd.com/gpu, google.com/tpu, ...).
    out = [{"key": name, "operator": "Exists", "effect": "NoSchedule"} for name in svc.resources.accelerators]
    out += [{"key": t.key, "operator": t.operator, "value": t.value, "effect": t.effect} for t in svc.tolerations]
    return out or None


def _probe(svc: Service, kind: str) -> dict | None:
    probe = getattr(svc.probes, kind)
    if probe is None:
        return None
    port = svc.probe_port(probe)
    action = {"http": {"httpGet": {"path": svc.probe_path(kind), "port": port.name}},
              # gRPC probes take a port number only (no names in GRPCAction).
              "grpc": {"grpc": {"port": port.port}},
              "tcp": {"tcpSocket": {"port": port.name}}}[probe.type]
    return {**action,
            "initialDelaySeconds": probe.initial_delay_seconds or None,
            "periodSeconds": probe.period_seconds,
            "timeoutSeconds": probe.timeout_seconds,
            "failureThreshold": probe.failure_threshold}


def disruption_budget(*, service: Service, version: Version, namespace: str, labels: dict[str, str],
                      chart_labels: dict[str, str] | None = None) -> dict:
    """The PodDisruptionBudget; ``labels`` are the version's own (:func:`version_labels`)."""
    minimum = service.autoscaling.min_replicas
    # Keep one pod fewer than the autoscaler's minimum available, so a drain never blocks on a
    # service sitting at its minimum; a single replica may always be evicted.
    budget = {"minAvailable": minimum - 1} if minimum > 1 else {"maxUnavailable": 1}
    return api_object("policy/v1", "PodDisruptionBudget", name=workload_name(service.name, version.name), namespace=namespace,
                      labels={**(chart_labels or {}), **labels},
                      spec={"selector": {"matchLabels": _selector(service, version)}, **budget})

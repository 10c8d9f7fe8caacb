"""A service's InferencePools and their endpoint pickers (``inference`` in the description), as plain data.

Per pool (one per version, or one for the service):

* InferencePool ``<pool>`` (``inference.networking.k8s.io/v1``): selects exactly the version's pods
  (``app``, ``version``) on the HTTP API port, ``endpointPickerRef`` the picker's Service with its
  port (Istio needs the port even where the API would default it) and the description's failure mode;
* the picker ``<pool>-epp``: ServiceAccount (it reads the API: its token is mounted), a Role and
  RoleBinding that grant what it reads and nothing else (pods and inferencepools: get, list,
  watch; leases for leader election when it runs several replicas), the ConfigMap with its
  EndpointPickerConfig (:func:`inference_platform.catalog.picker.picker_config`), the Deployment
  (pinned image, probes on its gRPC health service), the Service (ext-proc with ``appProtocol:
  http2``, gRPC health, metrics), the DestinationRule Istio requires for the picker's TLS (the
  picker serves ext-proc over its own self-signed TLS: ``SIMPLE`` with ``insecureSkipVerify``, as
  the upstream chart's Istio provider writes it), a NetworkPolicy admitting ext-proc from the
  gateway's pods and metrics from Prometheus' namespace, and a ServiceMonitor for its metrics.

The picker runs without a sidecar (``sidecar.istio.io/inject: "false"``): the gateway speaks TLS
to it directly, which a STRICT mTLS sidecar would refuse; its NetworkPolicy takes the place of an
AuthorizationPolicy, and its metrics are served without its own authentication
(``--metrics-endpoint-auth=false``, which would need cluster-wide TokenReview and
SubjectAccessReview rights) to Prometheus' namespace only. It scrapes the model servers' metrics
path, which their AuthorizationPolicy admits from any source (see
:mod:`.service_authorization`); their NetworkPolicy admits the picker's pods on that port.
"""
from __future__ import annotations

from dataclasses import dataclass

from inference_platform.catalog import picker
from inference_platform.catalog.signals import SCRAPE_INTERVAL
from inference_platform.contract import (INFERENCE_API, INFERENCE_GROUP, ISTIO_NETWORKING_API, MONITORING_API,
                                         NAMESPACE_NAME_LABEL, picker_name, service_host, workload_name)
from inference_platform.description import Prometheus, Service, Version
from inference_platform.fast.cdk8s_order import api_object

__all__ = ["Pool", "pools", "version_pool", "inference_pools", "picker_name", "INJECT_ANNOTATION"]

#: Istio's per-pod injection switch.
INJECT_ANNOTATION = "sidecar.istio.io/inject"
#: Where client-go reads the in-cluster token, CA and namespace.
SERVICE_ACCOUNT_PATH = "/var/run/secrets/kubernetes.io/serviceaccount"


@dataclass(frozen=True)
class Pool:
    """One InferencePool of a service: its name, the pod labels it selects, its route weight."""

    name: str
    selector: dict[str, str]
    weight: int


def pools(service: Service) -> list[Pool]:
    """The service's pools (none without ``inference``): one per version, or one for the service."""
    if service.inference is None:
        return []
    if service.inference.pool == "service":
        return [Pool(service.name, {"app": service.name}, 100)]
    return [Pool(workload_name(service.name, v.name), {"app": service.name, "version": v.name}, v.weight)
            for v in service.versions]


def version_pool(service: Service, version: Version) -> str | None:
    """The name of the pool holding ``version``'s pods (None: the service has no inference)."""
    return next((p.name for p in pools(service) if p.selector.get("version", version.name) == version.name), None)


def inference_pools(*, service: Service, namespace: str, labels: dict[str, str], gateway_namespace: str,
                    gateway_pods: dict[str, str], prometheus: Prometheus) -> list[dict]:
    """Every pool of the service with its picker's objects, pool by pool."""
    docs: list[dict] = []
    for pool in pools(service):
        docs += _pool(service, pool, namespace, labels, gateway_namespace, gateway_pods, prometheus)
    return docs


def _pool(service: Service, pool: Pool, namespace: str, labels: dict[str, str], gateway_namespace: str,
          gateway_pods: dict[str, str], prometheus: Prometheus) -> list[dict]:
    assert service.inference is not None and service.pool_port is not None
    spec, server = service.inference.picker, service.server_preset
    epp = picker_name(pool.name)
    own = {**labels, "app": epp, "app.kubernetes.io/name": epp, "app.kubernetes.io/component": "endpoint-picker"}
    meta = dict(name=epp, namespace=namespace, labels=own)
    selector = {"app": epp}
    docs = [api_object(INFERENCE_API, "InferencePool", name=pool.name, namespace=namespace, labels=labels, spec={
        "selector": {"matchLabels": dict(pool.selector)},
        "targetPorts": [{"number": service.pool_port.port}],
        "endpointPickerRef": {"group": "", "kind": "Service", "name": epp, "port": {"number": spec.ext_proc_port},
                              "failureMode": service.inference.failure_mode}})]
    docs.append(api_object("v1", "ServiceAccount", **meta))
    rules = [{"apiGroups": [""], "resources": ["pods"], "verbs": ["get", "list", "watch"]},
             {"apiGroups": [INFERENCE_GROUP], "resources": ["inferencepools"], "verbs": ["get", "list", "watch"]}]
    if spec.replicas > 1:
        rules.append({"apiGroups": ["coordination.k8s.io"], "resources": ["leases"],
                      "verbs": ["get", "list", "watch", "create", "update", "patch", "delete"]})
    docs.append(api_object("rbac.authorization.k8s.io/v1", "Role", **meta, rules=rules))
    docs.append(api_object("rbac.authorization.k8s.io/v1", "RoleBinding", **meta,
                           subjects=[{"kind": "ServiceAccount", "name": epp, "namespace": namespace}],
                           roleRef={"apiGroup": "rbac.authorization.k8s.io", "kind": "Role", "name": epp}))
    docs.append(api_object("v1", "ConfigMap", **meta, data={
        picker.CONFIG_FILE: picker.picker_config(server, service.metrics_path)}))
    docs.append(_deployment(service, pool, epp, namespace, own, selector))
    docs.append(api_object("v1", "Service", **meta, spec={"type": "ClusterIP", "selector": selector, "ports": [
        {"name": "grpc-ext-proc", "port": spec.ext_proc_port, "protocol": "TCP", "appProtocol": "http2",
         "targetPort": spec.ext_proc_port},
        {"name": "grpc-health", "port": spec.health_port, "protocol": "TCP", "appProtocol": "grpc",
         "targetPort": spec.health_port},
        {"name": "http-metrics", "port": spec.metrics_port, "protocol": "TCP", "appProtocol": "http",
         "targetPort": spec.metrics_port}]}))
    docs.append(api_object(ISTIO_NETWORKING_API, "DestinationRule", **meta, spec={
        "host": service_host(epp, namespace),
        "trafficPolicy": {"tls": {"mode": "SIMPLE", "insecureSkipVerify": True}}}))

    def peer(ns: str | None, pods: dict[str, str] | None = None) -> dict:
        return {"namespaceSelector": {"matchLabels": {NAMESPACE_NAME_LABEL: ns}} if ns else {},
                "podSelector": {"matchLabels": dict(pods)} if pods else None}
    docs.append(api_object("networking.k8s.io/v1", "NetworkPolicy", **meta, spec={
        "podSelector": {"matchLabels": selector}, "policyTypes": ["Ingress"], "ingress": [
            {"from": [peer(gateway_namespace, gateway_pods)],
             "ports": [{"port": spec.ext_proc_port, "protocol": "TCP"}]},
            {"from": [peer(prometheus.namespace)], "ports": [{"port": spec.metrics_port, "protocol": "TCP"}]}]}))
    docs.append(api_object(MONITORING_API, "ServiceMonitor", name=epp, namespace=namespace,
                           labels={**own, **prometheus.monitor_labels}, spec={
        "selector": {"matchLabels": selector},
        "endpoints": [{"port": "http-metrics", "path": "/metrics", "interval": SCRAPE_INTERVAL}]}))
    return docs


def _deployment(service: Service, pool: Pool, epp: str, namespace: str, labels: dict[str, str],
                selector: dict[str, str]) -> dict:
    spec = service.inference.picker
    args = ["--pool-name", pool.name, "--pool-namespace", namespace, "--pool-group", INFERENCE_GROUP,
            "--grpc-port", str(spec.ext_proc_port), "--grpc-health-port", str(spec.health_port),
            "--metrics-port", str(spec.metrics_port), "--metrics-endpoint-auth=false",
            "--config-file", f"{picker.CONFIG_PATH}/{picker.CONFIG_FILE}", "--zap-encoder", "json",
            "--tracing=false"]
    metrics = service.metrics_port
    if metrics is not None and metrics.port != service.pool_port.port:
        # The picker scrapes the pool's target port unless told otherwise (TEI serves metrics on a port of its own).
        args += ["--model-server-metrics-port", str(metrics.port)]
    if spec.replicas > 1:
        args.append("--ha-enable-leader-election")
    health = picker.HEALTH_SERVICE if spec.replicas == 1 else None
    resources = {"cpu": spec.cpu, "memory": spec.memory}
    ids = {"runAsNonRoot": True, "runAsUser": 65532, "runAsGroup": 65532}
    container = {
        "name": "epp", "image": picker.IMAGE, "imagePullPolicy": "IfNotPresent", "args": args,
        "ports": [{"name": "grpc", "containerPort": spec.ext_proc_port, "protocol": "TCP"},
                  {"name": "grpc-health", "containerPort": spec.health_port, "protocol": "TCP"},
                  {"name": "metrics", "containerPort": spec.metrics_port, "protocol": "TCP"}],
        "env": [{"name": "NAMESPACE", "valueFrom": {"fieldRef": {"fieldPath": "metadata.namespace"}}},
                {"name": "POD_NAME", "valueFrom": {"fieldRef": {"fieldPath": "metadata.name"}}}],
        "resources": {"requests": resources, "limits": dict(resources)},
        "readinessProbe": {"grpc": {"port": spec.health_port, "service": health or "readiness"}, "periodSeconds": 2},
        "livenessProbe": {"grpc": {"port": spec.health_port, "service": health or "liveness"},
                          "initialDelaySeconds": 5, "periodSeconds": 10},
        "securityContext": {**ids, "allowPrivilegeEscalation": False, "privileged": False,
                            "readOnlyRootFilesystem": True, "capabilities": {"drop": ["ALL"]},
                            "seccompProfile": {"type": "RuntimeDefault"}},
        "volumeMounts": [{"name": "config", "mountPath": picker.CONFIG_PATH, "readOnly": True},
                         {"name": "kube-api-access", "mountPath": SERVICE_ACCOUNT_PATH, "readOnly": True}],
    }
    return api_object("apps/v1", "Deployment", name=epp, namespace=namespace, labels=labels, spec={
        "replicas": spec.replicas,
        "selector": {"matchLabels": selector},
        # One active picker (its prefix-cache state is in memory): the old one goes before the new one starts.
        "strategy": {"type": "Recreate"},
        "template": {
            "metadata": {"labels": labels, "annotations": {INJECT_ANNOTATION: "false"}},
            "spec": {
                "serviceAccountName": epp,
                # The picker reads pods and its pool from the API: its token is mounted explicitly, as the
                # kubelet would (a bound, expiring token), and nowhere else.
                "automountServiceAccountToken": False,
                "terminationGracePeriodSeconds": 130,
                "securityContext": {**ids, "fsGroup": 65532, "seccompProfile": {"type": "RuntimeDefault"}},
                "containers": [container],
                "volumes": [{"name": "config", "configMap": {"name": epp}}, {"name": "kube-api-access", "projected": {
                    "sources": [
                        {"serviceAccountToken": {"path": "token", "expirationSeconds": 3607}},
                        {"configMap": {"name": "kube-root-ca.crt", "items": [{"key": "ca.crt", "path": "ca.crt"}]}},
                        {"downwardAPI": {"items": [{"path": "namespace", "fieldRef": {
                            "apiVersion": "v1", "fieldPath": "metadata.namespace"}}]}}]}}],
            }}})

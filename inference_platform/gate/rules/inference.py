"""InferencePool rules: what a pool selects and targets, its endpoint picker, and the istiod switch it needs.

* a pool selects the pods of exactly one model version (workloads with one ``version`` label) and
  every target port is a container port of those pods;
* its ``endpointPickerRef`` names a Service in its namespace with that port, speaking HTTP/2
  (``appProtocol: http2``: ext-proc is gRPC), a port always given (Istio needs it);
* the picker's pods run as a ServiceAccount whose Role grants get, list and watch on pods and
  inferencepools (what it reads), and a DestinationRule for the picker's host sets the TLS
  (``SIMPLE``) its ext-proc server speaks;
* istiod runs with ``ENABLE_GATEWAY_API_INFERENCE_EXTENSION=true`` wherever a pool exists (Flux
  HelmRelease, Argo CD Application or the rendered Deployment), or the gateway ignores the pool.
"""
from __future__ import annotations

from typing import Iterator

from inference_platform.contract import INFERENCE_GROUP, service_host
from inference_platform.gate.model import Document, Finding
from inference_platform.gate.rules.base import Index, rule, template_labels

#: istiod's switch (the value the catalog writes; read here from what istiod is configured with).
FLAG = "ENABLE_GATEWAY_API_INFERENCE_EXTENSION"
READS = {("", "pods"), (INFERENCE_GROUP, "inferencepools")}
VERBS = {"get", "list", "watch"}


def _pools(index: Index) -> list[Document]:
    return index.kind("InferencePool", INFERENCE_GROUP)


@rule("inferencepool-selects-version", "An InferencePool selects the pods of one model version, on their container ports.")
def selects_version(index: Index) -> Iterator[Finding]:
    for pool in _pools(index):
        selector = pool.spec.get("selector")
        selected = index.selected(pool.namespace, selector)
        if not selected:
            yield pool.finding("spec.selector", f"selects no pods in namespace {pool.namespace!r}; the picker has no "
                                                "endpoint to choose")
            continue
        versions = sorted({template_labels(t).get("version", "") for _, t, _ in selected})
        if len(versions) > 1:
            names = ", ".join(f"{w.kind} {w.name}" for w, _, _ in selected)
            yield pool.finding("spec.selector", f"selects the pods of several versions ({', '.join(versions)}: "
                                                f"{names}); a pool is one version's pods, a canary is a route across pools")
        for i, port in enumerate(pool.spec.get("targetPorts") or []):
            number = (port or {}).get("number")
            for workload, template, _ in selected:
                ports = [p.get("containerPort") for c in (template.get("spec") or {}).get("containers") or []
                         for p in c.get("ports") or []]
                if number not in ports:
                    yield pool.finding(f"spec.targetPorts[{i}].number",
                                       f"{number} is not a container port of {workload.kind} {workload.namespace}/"
                                       f"{workload.name} ({', '.join(map(str, ports)) or 'none'})")


@rule("inferencepool-picker", "An InferencePool's picker Service, port, protocol, RBAC and TLS DestinationRule exist.")
def picker(index: Index) -> Iterator[Finding]:
    tls_hosts = {str(dr.spec.get("host")): dr for dr in index.istio("DestinationRule")
                 if ((dr.spec.get("trafficPolicy") or {}).get("tls") or {}).get("mode") == "SIMPLE"}
    for pool in _pools(index):
        ref = pool.spec.get("endpointPickerRef") or {}
        where = "spec.endpointPickerRef"
        if ref.get("kind", "Service") != "Service" or ref.get("group", "") not in ("", "core"):
            continue
        number = (ref.get("port") or {}).get("number")
        if number is None:
            yield pool.finding(f"{where}.port", "no port: Istio needs the picker Service's port to reach it")
        svc = index.services.get(service_host(str(ref.get("name")), pool.namespace))
        if svc is None:
            yield pool.finding(f"{where}.name", f"Service {pool.namespace}/{ref.get('name')} does not exist")
            continue
        ports = [p for p in svc.spec.get("ports") or [] if isinstance(p, dict)]
        port = next((p for p in ports if p.get("port") == number), None)
        if number is not None and port is None:
            yield pool.finding(f"{where}.port.number", f"{number} is not a port of Service {svc.namespace}/{svc.name} "
                               f"({', '.join(str(p.get('port')) for p in ports) or 'none'})")
        elif port is not None and port.get("appProtocol") != "http2":
            yield pool.finding(f"{where}.port.number", f"port {number} of Service {svc.namespace}/{svc.name} has "
                               f"appProtocol {port.get('appProtocol')!r}; ext-proc is gRPC: set http2")
        host = service_host(svc.name, svc.namespace)
        if host not in tls_hosts:
            yield pool.finding(f"{where}.name", f"no DestinationRule for {host} sets tls.mode SIMPLE; Istio speaks "
                                                "plain text to the picker, whose ext-proc server only speaks TLS")
        selected = index.selected(svc.namespace, {"matchLabels": svc.spec.get("selector") or {}})
        if not selected:
            yield pool.finding(f"{where}.name", f"Service {svc.namespace}/{svc.name} selects no picker pods")
        for workload, template, path in selected:
            account = (template.get("spec") or {}).get("serviceAccountName") or "default"
            missing = READS - _granted(index, svc.namespace, account)
            if missing:
                shown = ", ".join(f"{g or 'core'}/{r}" for g, r in sorted(missing))
                yield pool.finding(f"{where}.name", f"the picker {workload.kind} {workload.namespace}/{workload.name} "
                                   f"runs as ServiceAccount {account!r}, which no Role grants get, list and watch on "
                                   f"{shown}: it could not see its endpoints")


def _granted(index: Index, namespace: str, account: str) -> set[tuple[str, str]]:
    """(group, resource) the account may get, list and watch in ``namespace`` through Roles bound there."""
    granted: set[tuple[str, str]] = set()
    for binding in index.in_namespace("RoleBinding", "rbac.authorization.k8s.io", namespace):
        subjects = binding.obj.get("subjects") or []
        if not any(s.get("kind") == "ServiceAccount" and s.get("name") == account
                   and (s.get("namespace") or namespace) == namespace for s in subjects if isinstance(s, dict)):
            continue
        role_ref = binding.obj.get("roleRef") or {}
        if role_ref.get("kind") != "Role":
            continue
        role = index.by_key.get(("rbac.authorization.k8s.io", "Role", namespace, role_ref.get("name")))
        for r in (role.obj.get("rules") or []) if role else []:
            if VERBS <= set(r.get("verbs") or []) or "*" in (r.get("verbs") or []):
                granted |= {(g, res) for g in r.get("apiGroups") or [] for res in r.get("resources") or []}
    return granted


@rule("inferencepool-istiod-flag", f"istiod runs with {FLAG}=true wherever an InferencePool exists.")
def istiod_flag(index: Index) -> Iterator[Finding]:
    pools = _pools(index)
    if not pools:
        return
    configured = list(_istiod_env(index))
    if configured and all(str(env.get(FLAG, "")).lower() == "true" for _, env in configured):
        return
    where = ", ".join(f"{doc.kind} {doc.namespace}/{doc.name}" for doc, _ in configured) or "no istiod in this tree"
    yield pools[0].finding("spec", f"istiod is not configured with {FLAG}=true ({where}); the gateway ignores "
                                   "every InferencePool and routes none of its requests")


def _istiod_env(index: Index) -> Iterator[tuple[Document, dict]]:
    for release in index.kind("HelmRelease", "helm.toolkit.fluxcd.io"):
        if ((release.spec.get("chart") or {}).get("spec") or {}).get("chart") == "istiod":
            yield release, dict(((release.spec.get("values") or {}).get("env")) or {})
    for app in index.kind("Application", "argoproj.io"):
        source = app.spec.get("source") or {}
        if source.get("chart") == "istiod":
            yield app, dict((((source.get("helm") or {}).get("valuesObject") or {}).get("env")) or {})
    for workload, template, _ in index.pod_templates():
        if workload.kind == "Deployment" and template_labels(template).get("app") == "istiod":
            for c in (template.get("spec") or {}).get("containers") or []:
                if c.get("name") == "discovery":
                    yield workload, {e.get("name"): e.get("value") for e in c.get("env") or [] if isinstance(e, dict)}

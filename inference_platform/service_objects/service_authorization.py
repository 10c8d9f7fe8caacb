"""Who a service is and who may call it: ServiceAccount, PeerAuthentication, AuthorizationPolicy, and the
NetworkPolicy that admits the same callers at L3/L4.

The ServiceAccount gives the pods their mesh identity (and no API token). The ALLOW
AuthorizationPolicy admits the ingress gateway and the service's named in-mesh callers, by
their SPIFFE principals, on the API ports only; with mesh-wide STRICT mTLS every other
caller is refused. See https://istio.io/latest/docs/reference/config/security/authorization-policy/.

Prometheus scrapes the pods from outside the mesh, in plain text: a PeerAuthentication makes
only the metrics port PERMISSIVE, and a second rule admits ``GET <metrics path>`` on that port
from anyone. A plain-text request carries no principal, so it matches nothing else: the API
stays mTLS-only even where the server serves metrics on its API port (vLLM, TGI).

The AuthorizationPolicy is enforced by the sidecar, so only where one sits. Under it, the
NetworkPolicy (enforced by the CNI) admits the same namespaces on the same ports.
"""
from __future__ import annotations

from typing import Sequence

from inference_platform.contract import ISTIO_SECURITY_API, NAMESPACE_NAME_LABEL, TRUST_DOMAIN, principal, principal_namespace
from inference_platform.description import Caller
from inference_platform.fast.cdk8s_order import api_object

__all__ = ["service_authorization", "network_policy", "NAMESPACE_NAME_LABEL"]



def network_policy(*, name: str, namespace: str, labels: dict[str, str], ports: Sequence[int],
                   principals: Sequence[str], callers: Sequence[Caller], gateway_pods: dict[str, str] | None = None,
                   scrape_ports: Sequence[int] = (), scraper_namespace: str | None = None,
                   bypass: Sequence[tuple[int, Sequence[tuple[str, str]]]] = (),
                   pickers: Sequence[dict[str, str]] = (), picker_port: int | None = None) -> dict:
    """The ingress NetworkPolicy ``name`` admitting what the AuthorizationPolicy admits, at L3/L4.

    The API ``ports`` from the namespaces of ``principals`` (the ingress gateway: only its pods,
    ``gateway_pods``) and of the ``callers``; the ``scrape_ports`` (the metrics port and the mesh's
    telemetry ports Prometheus scrapes) from ``scraper_namespace`` (None: any namespace, as the
    AuthorizationPolicy's metrics rule admits any source); each ``bypass`` port (one the sidecar leaves alone, so
    no AuthorizationPolicy guards it) from the pods (``app`` label) of its peers, ``(namespace, app)`` each.
    ``picker_port`` (the metrics port) from the endpoint pickers' pods in the same namespace (``pickers``: their
    labels), which read the servers' queues there.
    """
    def peer(ns: str, pods: dict[str, str] | None = None) -> dict:
        return {"namespaceSelector": {"matchLabels": {NAMESPACE_NAME_LABEL: ns}},
                "podSelector": {"matchLabels": dict(pods)} if pods else None}

    sources: list[dict] = []
    for allowed in principals:
        ns = principal_namespace(allowed)
        if ns is not None:
            sources.append(peer(ns, gateway_pods))
    for ns in dict.fromkeys(c.namespace for c in callers):
        sources.append(peer(ns))
    rules = [{"from": sources, "ports": [{"port": p, "protocol": "TCP"} for p in ports]}] if sources and ports else []
    if scrape_ports:
        rules.append({"from": [peer(scraper_namespace) if scraper_namespace else {"namespaceSelector": {}}],
                      "ports": [{"port": p, "protocol": "TCP"} for p in sorted(set(scrape_ports))]})
    for port, peers in bypass:
        rules.append({"from": [peer(ns, {"app": app}) for ns, app in peers],
                      "ports": [{"port": port, "protocol": "TCP"}]})
    if pickers and picker_port is not None:
        rules.append({"from": [{"podSelector": {"matchLabels": dict(p)}} for p in pickers],
                      "ports": [{"port": picker_port, "protocol": "TCP"}]})
    return api_object("networking.k8s.io/v1", "NetworkPolicy", name=name, namespace=namespace, labels=labels, spec={
        "podSelector": {"matchLabels": {"app": name}}, "policyTypes": ["Ingress"], "ingress": rules})


def service_authorization(*, name: str, namespace: str, labels: dict[str, str], ports: Sequence[int],
                          principals: Sequence[str], callers: Sequence[Caller], metrics_port: int | None = None,
                          metrics_path: str = "/metrics", trust_domain: str = TRUST_DOMAIN) -> list[dict]:
    """ServiceAccount ``name``, the PeerAuthentication when there is a metrics port, the ALLOW AuthorizationPolicy.

    ``labels`` are the objects' complete labels (the Chart's included).
    """
    meta = dict(name=name, namespace=namespace, labels=labels)
    docs = [api_object("v1", "ServiceAccount", **meta, automountServiceAccountToken=False)]
    admitted = [*principals, *(principal(c.namespace, c.service_account, trust_domain) for c in callers)]
    selector = {"app": name}
    rules = [{"from": [{"source": {"principals": admitted}}],
              "to": [{"operation": {"ports": [str(p) for p in ports]}}]}]
    if metrics_port is not None:
        rules.append({"to": [{"operation": {"ports": [str(metrics_port)], "methods": ["GET"],
                                            "paths": [metrics_path]}}]})
        docs.append(api_object(ISTIO_SECURITY_API, "PeerAuthentication", **meta, spec={
            "selector": {"matchLabels": selector},
            "mtls": {"mode": "STRICT"},
            "portLevelMtls": {str(metrics_port): {"mode": "PERMISSIVE"}}}))
    docs.append(api_object(ISTIO_SECURITY_API, "AuthorizationPolicy", **meta, spec={
        "selector": {"matchLabels": selector}, "action": "ALLOW", "rules": rules}))
    return docs

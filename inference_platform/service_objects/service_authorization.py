"""Who a service is and who may call it: ServiceAccount, PeerAuthentication, AuthorizationPolicy.

The ServiceAccount gives the pods their mesh identity (and no API token). The ALLOW
AuthorizationPolicy admits the ingress gateway and the service's named in-mesh callers, by
their SPIFFE principals, on the API ports only; with mesh-wide STRICT mTLS every other
caller is refused. See https://istio.io/latest/docs/reference/config/security/authorization-policy/.

Prometheus scrapes the pods from outside the mesh, in plain text: a PeerAuthentication makes
only the metrics port PERMISSIVE, and a second rule admits ``GET <metrics path>`` on that port
from anyone. A plain-text request carries no principal, so it matches nothing else: the API
stays mTLS-only even where the server serves metrics on its API port (vLLM, TGI).
"""
from __future__ import annotations

from typing import Sequence

from inference_platform.contract import ISTIO_SECURITY_API, TRUST_DOMAIN, principal
from inference_platform.description import Caller
from inference_platform.fast.cdk8s_order import api_object

__all__ = ["service_authorization"]


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

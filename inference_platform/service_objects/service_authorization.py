"""A service's identity and who may call it, as plain data: ServiceAccount, PeerAuthentication, AuthorizationPolicy.

The documents :class:`constructs.service_authorization.ServiceAuthorization` renders; the
reasoning (mTLS-only API, plain-text metrics port for a Prometheus outside the mesh) is there.
"""
from __future__ import annotations

from typing import Sequence

from inference_platform.contract import ISTIO_SECURITY_API, TRUST_DOMAIN, principal
from inference_platform.description import Caller
from inference_platform.service_objects import api_object

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

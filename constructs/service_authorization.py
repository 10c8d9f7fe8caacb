"""ServiceAuthorization: who a service is and who may call it: ServiceAccount and AuthorizationPolicy.

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

from cdk8s import ApiObject, Chart
from constructs import Construct

from constructs.manifest_chart import add_api_object
from inference_platform.description import Caller
from inference_platform.service_objects.service_authorization import service_authorization

__all__ = ["ServiceAuthorization"]

#: construct id of each object, by kind (construct ids are a public contract)
_IDS = {"ServiceAccount": "ServiceAccount", "PeerAuthentication": "PeerAuthentication",
        "AuthorizationPolicy": "AuthorizationPolicy"}


class ServiceAuthorization(Construct):
    """ServiceAccount and AuthorizationPolicy ``name`` in ``namespace`` for pods labelled ``app: <name>``.

    ``principals`` are always admitted (the ingress gateway); ``callers`` are admitted by their
    namespace and service account in ``trust_domain`` (default ``cluster.local``). With a
    ``metrics_port`` (default: none), also the PeerAuthentication that opens it to plain text.
    The objects are :func:`inference_platform.service_objects.service_authorization.service_authorization`'s.
    """

    def __init__(self, scope: Construct, id: str, *, name: str, namespace: str, labels: dict[str, str],
                 ports: Sequence[int], principals: Sequence[str], callers: Sequence[Caller],
                 metrics_port: int | None = None, metrics_path: str = "/metrics",
                 trust_domain: str = "cluster.local") -> None:
        super().__init__(scope, id)
        docs = service_authorization(
            name=name, namespace=namespace, labels={**Chart.of(self).labels, **labels}, ports=ports,
            principals=principals, callers=callers, metrics_port=metrics_port, metrics_path=metrics_path,
            trust_domain=trust_domain)
        objects = {doc["kind"]: add_api_object(self, _IDS[doc["kind"]], doc) for doc in docs}
        self.service_account: ApiObject = objects["ServiceAccount"]
        self.peer_authentication: ApiObject | None = objects.get("PeerAuthentication")
        self.policy: ApiObject = objects["AuthorizationPolicy"]
